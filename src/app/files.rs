//! The file dialogs of the top bar: import (with a preview of every row, and every bad row,
//! before anything is written), export, and the packet, transcript and calendar.
//!
//! Files are named by a path field that starts in the Documents folder, by browsing for one
//! (see [`super::browse`]), or by dropping a file onto the window.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use egui::RichText;

use super::browse::{Browse, Browser, browse_button_ui, browser_ui};
use crate::domain::rules::KindRules;
use crate::domain::transfer::{already_logged, parse_csv, rows_to_add};
use crate::domain::{Activity, ActivityData};
use crate::output::{Input, count as count_of, read_input};

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

fn path_field(ui: &mut egui::Ui, label: &str, path: &mut String) -> egui::Response {
    let label = ui.label(label);
    ui.add(
        egui::TextEdit::singleline(path)
            .desired_width(460.0)
            .hint_text("/path/to/file"),
    )
    .labelled_by(label.id)
}

/// What reading the chosen CSV file gave.
enum Preview {
    /// Every row valid; `logged` marks those the logbook has already.
    Rows {
        rows: Vec<ActivityData>,
        logged: Vec<bool>,
    },
    Bad(Vec<String>),
}

pub struct ImportDialog {
    pub path: String,
    preview: Option<(String, Preview)>,
    browser: Option<Browser>,
    /// Import rows the logbook has already too.
    keep_duplicates: bool,
}

impl ImportDialog {
    pub fn new(path: Option<&Path>) -> Self {
        ImportDialog {
            path: path.map(|p| p.display().to_string()).unwrap_or_else(|| {
                default_folder()
                    .join("activities.csv")
                    .display()
                    .to_string()
            }),
            preview: None,
            browser: None,
            keep_duplicates: false,
        }
    }

    /// True while the file browser is open over this dialog (Esc is then the browser's).
    pub fn browsing(&self) -> bool {
        self.browser.is_some()
    }

    /// Reads and checks the file now (a dropped file is previewed at once).
    pub fn preview(&mut self, kinds: &KindRules, today: NaiveDate, logbook: &[Activity]) {
        let path = PathBuf::from(self.path.trim());
        let preview = match read_input(&path, Input::Csv) {
            Err(e) => Preview::Bad(vec![format!("{e:#}")]),
            Ok(bytes) => match parse_csv(&bytes, kinds, today) {
                Ok(rows) => Preview::Rows {
                    logged: already_logged(&rows, logbook.iter().map(|a| &a.data)),
                    rows,
                },
                Err(errors) => Preview::Bad(errors.iter().map(ToString::to_string).collect()),
            },
        };
        self.preview = Some((self.path.clone(), preview));
    }

    /// Returns the rows to import once the user confirms them.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        kinds: &KindRules,
        today: NaiveDate,
        logbook: &[Activity],
    ) -> Option<Vec<ActivityData>> {
        ui.label(
            "A CSV file with the columns title,date,points,kind,category,approved_by,provider,note \
             (what Export writes). Nothing is written until you confirm; a file with any bad row \
             is not imported at all.",
        );
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            let field = path_field(ui, "File", &mut self.path);
            let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if ui.button("Preview").clicked() || enter {
                self.preview(kinds, today, logbook);
            }
            browse_button_ui(ui, &mut self.browser, Browse::Csv, &self.path);
        });
        if let Some(chosen) = browser_ui(ui.ctx(), &mut self.browser) {
            self.path = chosen.display().to_string();
            self.preview(kinds, today, logbook);
        }
        ui.weak("Or drop a .csv file onto the window.");
        ui.add_space(6.0);
        let mut import = None;
        // A preview is for the file it was made from; editing the path asks for a new one.
        let current = self
            .preview
            .as_ref()
            .filter(|(p, _)| *p == self.path)
            .map(|(_, preview)| preview);
        match current {
            None => {}
            Some(Preview::Bad(errors)) => {
                ui.label(
                    RichText::new(format!(
                        "{} problem(s); nothing will be imported. Fix the file and preview again:",
                        errors.len()
                    ))
                    .color(ui.visuals().error_fg_color)
                    .strong(),
                );
                egui::ScrollArea::vertical()
                    .max_height(220.0)
                    .id_salt("import-errors")
                    .show(ui, |ui| {
                        for e in errors {
                            ui.label(RichText::new(e).color(ui.visuals().error_fg_color));
                        }
                    });
            }
            Some(Preview::Rows { rows, logged }) => {
                let known = logged.iter().filter(|k| **k).count();
                let keep = self.keep_duplicates;
                let take = |i: usize| keep || !logged[i];
                let count = (0..rows.len()).filter(|i| take(*i)).count();
                ui.label(RichText::new(format!("{} row(s), all valid:", rows.len())).strong());
                egui::ScrollArea::vertical()
                    .max_height(220.0)
                    .id_salt("import-rows")
                    .show(ui, |ui| {
                        egui::Grid::new("import-preview")
                            .striped(true)
                            .show(ui, |ui| {
                                for h in ["Date", "Title", "Points", "Kind", "Category", "Approved"]
                                {
                                    ui.label(RichText::new(h).strong());
                                }
                                ui.end_row();
                                for (i, r) in rows.iter().enumerate().take(200) {
                                    // A row that will be skipped is shown dimmed and says why.
                                    let cell = |ui: &mut egui::Ui, text: &str| {
                                        if take(i) {
                                            ui.label(text);
                                        } else {
                                            ui.weak(text);
                                        }
                                    };
                                    cell(ui, &r.date.to_string());
                                    cell(ui, &r.title);
                                    cell(ui, &r.points.to_string());
                                    cell(ui, r.kind.as_str());
                                    cell(ui, r.category.as_deref().unwrap_or(""));
                                    cell(ui, &r.approved_by.join(", "));
                                    if logged[i] {
                                        ui.weak("already in your logbook");
                                    }
                                    ui.end_row();
                                }
                            });
                        if rows.len() > 200 {
                            ui.weak(format!("… and {} more", rows.len() - 200));
                        }
                    });
                ui.add_space(6.0);
                if known > 0 {
                    ui.label(
                        RichText::new(format!(
                            "{known} row(s) are in your logbook already (same date, title, \
                             points and kind) and are skipped."
                        ))
                        .color(ui.visuals().warn_fg_color),
                    );
                    ui.checkbox(&mut self.keep_duplicates, "Import them anyway");
                }
                let label = match count {
                    0 => "Nothing new to import".to_owned(),
                    n => format!("Import {}", count_of(n, "activity", "activities")),
                };
                if ui
                    .add_enabled(count > 0, egui::Button::new(RichText::new(label).strong()))
                    .clicked()
                {
                    import = Some(rows_to_add(rows, logged, keep));
                }
            }
        }
        import
    }
}

/// Export: where to write the CSV.
pub struct ExportDialog {
    pub path: String,
    browser: Option<Browser>,
}

impl ExportDialog {
    pub fn new(today: NaiveDate) -> Self {
        let name = format!("ce-logbook {today}.csv");
        ExportDialog {
            path: default_folder().join(name).display().to_string(),
            browser: None,
        }
    }

    pub fn browsing(&self) -> bool {
        self.browser.is_some()
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, count: usize) -> Option<PathBuf> {
        ui.label(format!(
            "Writes all {count} activities as CSV, which Import (here or on another computer) \
             reads back."
        ));
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            path_field(ui, "File", &mut self.path);
            browse_button_ui(ui, &mut self.browser, Browse::SaveAs, &self.path);
        });
        if let Some(chosen) = browser_ui(ui.ctx(), &mut self.browser) {
            self.path = chosen.display().to_string();
        }
        let path = PathBuf::from(self.path.trim());
        let exists = path.is_file();
        if exists {
            ui.label(
                RichText::new("This file exists; exporting replaces it.")
                    .color(ui.visuals().warn_fg_color),
            );
        }
        ui.add_space(6.0);
        let label = if exists { "Replace" } else { "Export" };
        let valid = !self.path.trim().is_empty() && !path.is_dir();
        ui.add_enabled(valid, egui::Button::new(RichText::new(label).strong()))
            .clicked()
            .then_some(path)
    }
}

/// What the packet dialog asks for.
pub enum PacketRequest {
    Packet(PathBuf),
    Report(PathBuf),
    Calendar(PathBuf),
    Name(String),
}

/// The packet, transcript and calendar of the credential shown.
pub struct PacketDialog {
    pub credential: i64,
    folder: String,
    name: String,
    saved_name: String,
    browser: Option<Browser>,
}

impl PacketDialog {
    pub fn new(credential: i64, person: Option<String>) -> Self {
        let name = person.unwrap_or_default();
        PacketDialog {
            credential,
            folder: default_folder().display().to_string(),
            saved_name: name.clone(),
            name,
            browser: None,
        }
    }

    pub fn browsing(&self) -> bool {
        self.browser.is_some()
    }

    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        credential_name: &str,
        lacking_proof: usize,
        certificates: usize,
        today: NaiveDate,
    ) -> Vec<PacketRequest> {
        let mut requests = Vec::new();
        ui.label(format!(
            "For {credential_name}: a transcript of every counted activity with the totals against \
             each requirement, and their certificates ({certificates} attached), ready to send or \
             to keep for an audit."
        ));
        if lacking_proof > 0 {
            ui.label(
                RichText::new(match lacking_proof {
                    1 => "1 counted activity lacks proof; the transcript marks what is missing."
                        .to_owned(),
                    n => format!(
                        "{n} counted activities lack proof; the transcript marks what is missing."
                    ),
                })
                .color(ui.visuals().warn_fg_color),
            );
        }
        ui.add_space(6.0);
        egui::Grid::new("packet-fields")
            .num_columns(2)
            .show(ui, |ui| {
                let label = ui.label("Your name");
                let field = ui
                    .add(
                        egui::TextEdit::singleline(&mut self.name)
                            .desired_width(300.0)
                            .hint_text("printed on the transcript"),
                    )
                    .labelled_by(label.id);
                if field.lost_focus() && self.name != self.saved_name {
                    self.saved_name = self.name.clone();
                    requests.push(PacketRequest::Name(self.name.clone()));
                }
                ui.end_row();
                let label = ui.label("Folder");
                ui.horizontal(|ui| {
                    ui.add(egui::TextEdit::singleline(&mut self.folder).desired_width(400.0))
                        .labelled_by(label.id);
                    browse_button_ui(ui, &mut self.browser, Browse::Folder, &self.folder);
                });
                ui.end_row();
            });
        if let Some(chosen) = browser_ui(ui.ctx(), &mut self.browser) {
            self.folder = chosen.display().to_string();
        }
        ui.add_space(8.0);
        let stem = crate::report::file_stem(credential_name, 60);
        let folder = PathBuf::from(self.folder.trim());
        let valid = folder.is_dir();
        if !valid {
            ui.label(
                RichText::new("This folder does not exist; name one that does.")
                    .color(ui.visuals().error_fg_color),
            );
        }
        ui.horizontal(|ui| {
            let file = |ext: &str, what: &str| folder.join(format!("{what} {stem} {today}.{ext}"));
            let packet = egui::Button::new(RichText::new("Save packet (.zip)").strong());
            if ui.add_enabled(valid, packet).clicked() {
                requests.push(PacketRequest::Packet(file("zip", "CE packet")));
            }
            if ui
                .add_enabled(valid, egui::Button::new("Save transcript (.pdf)"))
                .clicked()
            {
                requests.push(PacketRequest::Report(file("pdf", "CE transcript")));
            }
            let calendar = ui
                .add_enabled(valid, egui::Button::new("Save calendar (.ics)"))
                .on_hover_text(
                    "Every credential's expiry, CE-route deadline and reminders 6, 3 and 1 months \
                     before, for your calendar program",
                );
            if calendar.clicked() {
                requests.push(PacketRequest::Calendar(
                    folder.join(format!("CE deadlines {today}.ics")),
                ));
            }
        });
        // A name typed but not yet saved is saved before the file it is printed on is made.
        let writes_file = requests
            .iter()
            .any(|r| !matches!(r, PacketRequest::Name(_)));
        if writes_file && self.name != self.saved_name {
            self.saved_name = self.name.clone();
            requests.insert(0, PacketRequest::Name(self.name.clone()));
        }
        ui.weak(format!(
            "Files are named like “CE packet {stem} {today}.zip”; one of that name is replaced."
        ));
        requests
    }
}
