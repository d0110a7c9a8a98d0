//! Export: where to write every activity as CSV (what Import reads back).

use std::path::Path;

use chrono::NaiveDate;
use egui::RichText;

use super::{Dialog, DialogContext, Outcome};
use crate::app::actions::{Action, Long};
use crate::app::browse::{Browse, PathField};

pub struct ExportDialog {
    path: PathField,
}

impl ExportDialog {
    /// Offers a file named for `today` in `folder`.
    pub fn new(today: NaiveDate, folder: &Path) -> Self {
        let name = format!("ce-logbook {today}.csv");
        ExportDialog {
            path: PathField::new(Browse::SaveAs, folder.join(name).display().to_string()),
        }
    }
}

impl Dialog for ExportDialog {
    fn title(&self) -> &'static str {
        "Export activities"
    }

    fn owns_escape(&self) -> bool {
        self.path.browsing()
    }

    fn ui(&mut self, ui: &mut egui::Ui, cx: &DialogContext<'_>) -> Outcome {
        let count = cx.data.activities.len();
        ui.label(format!(
            "Writes all {count} activities as CSV, which Import (here or on another computer) \
             reads back."
        ));
        ui.add_space(6.0);
        self.path.ui(ui, "File");
        let path = self.path.path();
        let exists = path.is_file();
        if exists {
            ui.label(
                RichText::new("This file exists; exporting replaces it.")
                    .color(ui.visuals().warn_fg_color),
            );
        }
        ui.add_space(6.0);
        let label = if exists { "Replace" } else { "Export" };
        let valid = !self.path.text.trim().is_empty() && !path.is_dir();
        if ui
            .add_enabled(valid, egui::Button::new(RichText::new(label).strong()))
            .clicked()
        {
            Outcome::Submit(Action::Long(Long::Export(path)))
        } else {
            Outcome::Keep
        }
    }
}
