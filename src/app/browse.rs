//! Browsing for a file or folder inside the window (egui_file): it needs no desktop portal
//! and no GTK, so it works on every desktop the program runs on. It only fills in a path;
//! the dialog that asked still shows what will happen and does it on its own button.
//! Also where paths start: the Documents folder, and the path field the dialogs share.

use std::path::{Path, PathBuf};

use egui_file::FileDialog;

/// Where files are offered to go: the Documents folder, else home, else the current folder.
pub fn default_folder() -> PathBuf {
    directories::UserDirs::new()
        .map(|d| {
            // Without an XDG user-dirs setup Linux names no Documents folder; one may exist.
            let home = d.home_dir();
            d.document_dir()
                .map(Path::to_owned)
                .or_else(|| Some(home.join("Documents")).filter(|p| p.is_dir()))
                .unwrap_or_else(|| home.to_owned())
        })
        .unwrap_or_else(|| PathBuf::from("."))
}

/// A labelled path field, wide enough for a real path.
pub fn path_field(ui: &mut egui::Ui, label: &str, path: &mut String) -> egui::Response {
    let label = ui.label(label);
    ui.add(
        egui::TextEdit::singleline(path)
            .desired_width(460.0)
            .hint_text("/path/to/file"),
    )
    .labelled_by(label.id)
}

/// What is being chosen.
#[derive(Clone, Copy)]
pub enum Browse {
    /// A CSV file or spreadsheet to import.
    Csv,
    /// A certificate to attach.
    Certificate,
    /// A backup to restore: one file, or a logbook file.
    Backup,
    /// Where to write a file; the field's file name is offered.
    SaveAs,
    /// A folder to save into.
    Folder,
}

pub struct Browser(FileDialog);

fn has_extension(path: &Path, wanted: &[&str]) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| wanted.iter().any(|w| e.eq_ignore_ascii_case(w)))
}

impl Browser {
    /// Opens at the folder of `current` (the path in the field), or in Documents when that
    /// folder does not exist.
    pub fn open(what: Browse, current: &str) -> Self {
        let current = PathBuf::from(current.trim());
        let folder = if current.is_dir() {
            current.clone()
        } else {
            current
                .parent()
                .filter(|p| p.is_dir())
                .map_or_else(default_folder, Path::to_owned)
        };
        let dialog = match what {
            Browse::Csv => FileDialog::open_file()
                .title("Choose a CSV file to import (or an XLSX or ODS spreadsheet)")
                .show_files_filter(Box::new(|p: &Path| {
                    has_extension(p, &["csv", "tsv", "xlsx", "ods"])
                })),
            Browse::Certificate => FileDialog::open_file()
                .title("Choose a certificate (PDF, PNG or JPEG)")
                .show_files_filter(Box::new(|p: &Path| {
                    has_extension(p, &["pdf", "png", "jpg", "jpeg"])
                })),
            Browse::Backup => FileDialog::open_file()
                .title("Choose a backup to restore")
                .show_files_filter(Box::new(|p: &Path| {
                    has_extension(p, &["celogbook", "sqlite3", "zip"])
                })),
            Browse::SaveAs => {
                let name = current
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                FileDialog::save_file()
                    .title("Save as")
                    .default_filename(name)
                    .save_button_text("Choose".into())
            }
            Browse::Folder => FileDialog::select_folder()
                .title("Choose a folder")
                .open_button_text("Choose".into()),
        };
        // Renaming files is not this program's business; a new folder to save into is.
        let can_make_folders = matches!(what, Browse::SaveAs | Browse::Folder);
        let mut dialog = dialog
            .initial_path(folder)
            .show_rename(false)
            .show_new_folder(can_make_folders)
            .default_size([560.0, 420.0])
            .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
            .keep_on_top(true);
        dialog.open();
        Browser(dialog)
    }

    /// Shows the browser; returns the path once it is chosen.
    pub fn show(&mut self, ctx: &egui::Context) -> Option<PathBuf> {
        let dialog = self.0.show(ctx);
        if dialog.selected() {
            dialog.path().map(Path::to_owned)
        } else {
            None
        }
    }

    /// False once a path is chosen or the browser is cancelled.
    pub fn is_open(&self) -> bool {
        self.0.visible()
    }
}

/// The "Browse…" button beside a path field: opens the browser where `current` points.
pub fn browse_button_ui(
    ui: &mut egui::Ui,
    browser: &mut Option<Browser>,
    what: Browse,
    current: &str,
) {
    if ui.button("Browse…").clicked() {
        *browser = Some(Browser::open(what, current));
    }
}

/// Shows `browser` if there is one, drops it once it is closed, and returns a chosen path.
pub fn browser_ui(ctx: &egui::Context, browser: &mut Option<Browser>) -> Option<PathBuf> {
    let b = browser.as_mut()?;
    let chosen = b.show(ctx);
    if chosen.is_some() || !b.is_open() {
        *browser = None;
    }
    chosen
}

/// A path the user types or browses for: a labelled field, its Browse… button, and the
/// browser while it is open.
pub struct PathField {
    pub text: String,
    what: Browse,
    browser: Option<Browser>,
}

impl PathField {
    pub fn new(what: Browse, text: String) -> Self {
        PathField {
            text,
            what,
            browser: None,
        }
    }

    /// True while the browser is open over the dialog (Esc is then the browser's).
    pub fn browsing(&self) -> bool {
        self.browser.is_some()
    }

    pub fn path(&self) -> PathBuf {
        PathBuf::from(self.text.trim())
    }

    /// The field and Browse… in a row; returns the field's response and whether a path was
    /// chosen in the browser this frame.
    pub fn ui(&mut self, ui: &mut egui::Ui, label: &str) -> (egui::Response, bool) {
        let field = ui
            .horizontal(|ui| {
                let field = path_field(ui, label, &mut self.text);
                browse_button_ui(ui, &mut self.browser, self.what, &self.text);
                field
            })
            .inner;
        let chosen = browser_ui(ui.ctx(), &mut self.browser);
        if let Some(path) = &chosen {
            self.text = path.display().to_string();
        }
        (field, chosen.is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_offered_by_their_extension_in_any_case() {
        assert!(has_extension(Path::new("/a/Scan.JPG"), &["jpg"]));
        assert!(has_extension(Path::new("list.csv"), &["csv"]));
        assert!(!has_extension(Path::new("list.csv.txt"), &["csv"]));
        assert!(!has_extension(Path::new("README"), &["csv"]));
    }
}
