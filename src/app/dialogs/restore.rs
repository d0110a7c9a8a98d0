//! Restore from…: a backup (one file from Back up to…, or a logbook file from the backups
//! folder) checked whole first, and a summary of what it holds beside what it replaces,
//! before anything is replaced. The logbook it replaces is kept in the backups folder.

use std::path::PathBuf;

use egui::RichText;

use super::backup::distinct_certificates;
use super::{Dialog, DialogContext, Outcome};
use crate::app::actions::Action;
use crate::app::browse::{Browse, PathField};
use crate::app::messages::error_text;
use crate::logbook::Logbook;
use crate::logbook::backups::Summary;
use crate::logbook::text::count;

pub struct RestoreDialog {
    path: PathField,
    /// The last path checked and what the check found: checked once per path, since it
    /// hashes every certificate.
    checked: Option<(String, Result<Summary, String>)>,
}

impl RestoreDialog {
    pub fn new(backups: PathBuf) -> Self {
        RestoreDialog {
            path: PathField::new(
                Browse::Backup,
                format!("{}{}", backups.display(), std::path::MAIN_SEPARATOR),
            ),
            checked: None,
        }
    }

    /// The check of the path in the field, made when the path names a file not checked yet.
    fn check(&mut self) -> Option<&Result<Summary, String>> {
        let path = self.path.path();
        if !path.is_file() {
            return None;
        }
        if self
            .checked
            .as_ref()
            .is_none_or(|(p, _)| *p != self.path.text)
        {
            let result = Logbook::check_backup(&path).map_err(|e| error_text(&e));
            self.checked = Some((self.path.text.clone(), result));
        }
        self.checked.as_ref().map(|(_, r)| r)
    }
}

fn holds(activities: usize, credentials: usize, certificates: usize) -> String {
    format!(
        "{}, {}, {}",
        count(activities, "activity", "activities"),
        count(credentials, "credential", "credentials"),
        count(certificates, "certificate", "certificates")
    )
}

impl Dialog for RestoreDialog {
    fn title(&self) -> &'static str {
        "Restore a backup"
    }

    fn owns_escape(&self) -> bool {
        self.path.browsing()
    }

    fn ui(&mut self, ui: &mut egui::Ui, cx: &DialogContext<'_>) -> Outcome {
        ui.label(
            "Puts back a backup: one file from Back up to…, or a logbook file from the \
             backups folder. It is checked first, every certificate against its hash.",
        );
        ui.add_space(6.0);
        self.path.ui(ui, "Backup");
        let now = holds(
            cx.data.activities.len(),
            cx.data.credentials().count(),
            distinct_certificates(cx),
        );
        ui.add_space(6.0);
        let ready = match self.check() {
            None => {
                ui.weak("Name a backup file to see what it holds.");
                false
            }
            Some(Err(reason)) => {
                ui.label(RichText::new(reason.as_str()).color(ui.visuals().error_fg_color));
                false
            }
            Some(Ok(s)) => {
                ui.label(format!(
                    "The backup holds {}.",
                    holds(s.activities, s.credentials, s.certificates)
                ));
                if s.without_file > 0 {
                    ui.label(
                        RichText::new(format!(
                            "{} it names are not in it (gone before it was made).",
                            count(s.without_file, "certificate", "certificates")
                        ))
                        .color(ui.visuals().warn_fg_color),
                    );
                }
                ui.label(
                    RichText::new(format!(
                        "It replaces your logbook as it is now: {now}. That one is kept in \
                         the backups folder."
                    ))
                    .strong(),
                );
                true
            }
        };
        ui.add_space(6.0);
        if ui
            .add_enabled(ready, egui::Button::new(RichText::new("Restore").strong()))
            .clicked()
        {
            Outcome::Submit(Action::Restore(self.path.path()))
        } else {
            Outcome::Keep
        }
    }
}
