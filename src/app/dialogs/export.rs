//! Export: where to write every activity as CSV (what Import reads back).

use std::path::PathBuf;

use chrono::NaiveDate;
use egui::RichText;

use super::{Dialog, DialogContext, Outcome};
use crate::app::actions::Action;
use crate::app::browse::{
    Browse, Browser, browse_button_ui, browser_ui, default_folder, path_field,
};

pub struct ExportDialog {
    path: String,
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
}

impl Dialog for ExportDialog {
    fn title(&self) -> &'static str {
        "Export activities"
    }

    fn owns_escape(&self) -> bool {
        self.browser.is_some()
    }

    fn ui(&mut self, ui: &mut egui::Ui, cx: &DialogContext<'_>) -> Outcome {
        let count = cx.data.activities.len();
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
        if ui
            .add_enabled(valid, egui::Button::new(RichText::new(label).strong()))
            .clicked()
        {
            Outcome::Submit(Action::Export(path))
        } else {
            Outcome::Keep
        }
    }
}
