//! Back up to…: the logbook and its certificates in one file, to keep or to move to another
//! computer (where Restore from… takes it back). Never over an existing file.

use std::path::Path;

use chrono::NaiveDate;
use egui::RichText;

use super::{Dialog, DialogContext, Outcome};
use crate::app::actions::{Action, Long};
use crate::app::browse::{Browse, PathField};
use crate::logbook::text::count;

pub struct BackupDialog {
    path: PathField,
}

impl BackupDialog {
    /// Offers a file named for `today` in `folder`.
    pub fn new(today: NaiveDate, folder: &Path) -> Self {
        let name = format!("ce-logbook backup {today}.celogbook");
        BackupDialog {
            path: PathField::new(Browse::SaveAs, folder.join(name).display().to_string()),
        }
    }
}

impl Dialog for BackupDialog {
    fn title(&self) -> &'static str {
        "Back up the logbook"
    }

    fn owns_escape(&self) -> bool {
        self.path.browsing()
    }

    fn ui(&mut self, ui: &mut egui::Ui, cx: &DialogContext<'_>) -> Outcome {
        let certificates = distinct_certificates(cx);
        ui.label(format!(
            "Writes one file holding your logbook ({}, {}) and its {}, each with its hash: \
             keep it, or take it to another computer and use Restore from… there.",
            count(cx.data.activities.len(), "activity", "activities"),
            count(cx.data.credentials().count(), "credential", "credentials"),
            count(certificates, "certificate", "certificates"),
        ));
        ui.add_space(6.0);
        self.path.ui(ui, "File");
        let path = self.path.path();
        let exists = path.exists();
        if exists {
            ui.label(
                RichText::new(
                    "This file exists; a backup never replaces a file. Choose another name.",
                )
                .color(ui.visuals().warn_fg_color),
            );
        }
        ui.add_space(6.0);
        let valid = !self.path.text.trim().is_empty() && !exists;
        if ui
            .add_enabled(valid, egui::Button::new(RichText::new("Back up").strong()))
            .clicked()
        {
            Outcome::Submit(Action::Long(Long::BackUp(path)))
        } else {
            Outcome::Keep
        }
    }
}

/// How many certificate files the logbook holds (one per content, as they are stored).
pub fn distinct_certificates(cx: &DialogContext<'_>) -> usize {
    let hashes: std::collections::HashSet<&str> = cx
        .data
        .certificates
        .values()
        .flatten()
        .map(|(a, _)| a.hash.as_str())
        .collect();
    hashes.len()
}
