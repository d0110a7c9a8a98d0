//! About: the version, where the logbook and everything with it is kept (with a way to open
//! that folder), the license, and where each credential's rules come from.

use std::path::PathBuf;

use egui::RichText;

use super::{Dialog, DialogContext, Outcome};

pub struct AboutDialog {
    /// The folder that holds the logbook, its backups and certificates.
    folder: PathBuf,
    /// Why the folder could not be opened, if it could not.
    open_failed: Option<String>,
}

impl AboutDialog {
    pub fn new(logbook: &std::path::Path) -> Self {
        let folder = match logbook.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir.to_owned(),
            _ => PathBuf::from("."),
        };
        AboutDialog {
            folder,
            open_failed: None,
        }
    }

    fn data_ui(&mut self, ui: &mut egui::Ui) {
        ui.label(RichText::new("Your data").strong());
        ui.label(
            "Your logbook, its backups and your certificates are kept in this folder, on this \
             computer only:",
        );
        ui.horizontal(|ui| {
            ui.label(RichText::new(self.folder.display().to_string()).monospace());
            if ui.button("Open folder").clicked() {
                self.open_failed = opener::open(&self.folder)
                    .err()
                    .map(|e| format!("Cannot open {}: {e}", self.folder.display()));
            }
        });
        if let Some(message) = &self.open_failed {
            ui.colored_label(ui.visuals().error_fg_color, message);
        }
    }
}

impl Dialog for AboutDialog {
    fn title(&self) -> &'static str {
        "About CE Logbook"
    }

    fn ui(&mut self, ui: &mut egui::Ui, cx: &DialogContext<'_>) -> Outcome {
        ui.set_max_width(560.0);
        ui.label(
            RichText::new(format!("CE Logbook {}", env!("CARGO_PKG_VERSION")))
                .size(18.0)
                .strong(),
        );
        ui.label(
            "A private, offline logbook of continuing education for medical assistants. Free \
             software under the MIT or Apache 2.0 license, at your choice; the transcript's font \
             is DejaVu Sans (its own free license).",
        );
        ui.add_space(8.0);
        self.data_ui(ui);
        ui.add_space(8.0);
        ui.label(RichText::new("Where the rules come from").strong());
        ui.label("Each credential's rules are taken from its certifying body's own pages:");
        egui::ScrollArea::vertical()
            .max_height(200.0)
            .show(ui, |ui| {
                for preset in &cx.rules.presets {
                    ui.label(RichText::new(&preset.name).strong());
                    for source in &preset.sources {
                        ui.weak(source);
                    }
                }
            });
        ui.add_space(8.0);
        if ui.button("Close").clicked() {
            Outcome::Close
        } else {
            Outcome::Keep
        }
    }
}
