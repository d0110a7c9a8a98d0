//! Restore from…: a backup (one file from Back up to…, or a logbook file from the backups
//! folder) checked whole first, and a summary of what it holds beside what it replaces,
//! before anything is replaced. The logbook it replaces is kept in the backups folder.

use std::path::PathBuf;

use egui::RichText;

use super::backup::distinct_certificates;
use super::{Dialog, DialogContext, Outcome};
use crate::app::actions::{Action, Long};
use crate::app::browse::{Browse, PathField};
use crate::app::jobs::{Background, Polled};
use crate::app::messages::error_text;
use crate::logbook::Logbook;
use crate::logbook::backups::Summary;
use crate::logbook::text::count;

pub struct RestoreDialog {
    path: PathField,
    /// The last path checked and what the check found: checked once per path, on its own
    /// thread, since it hashes every certificate.
    checked: Option<(String, Check)>,
}

enum Check {
    Running(Background<Result<Summary, String>>),
    Done(Result<Summary, String>),
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

    /// The check of the path in the field, started when the path names a file not checked
    /// yet; `None` while there is none, or while it runs (its progress is shown).
    fn check(&mut self, ui: &mut egui::Ui) -> Option<&Result<Summary, String>> {
        let path = self.path.path();
        if !path.is_file() {
            return None;
        }
        if self
            .checked
            .as_ref()
            .is_none_or(|(p, _)| *p != self.path.text)
        {
            let work = Background::start("Checking the backup", true, None, move |tracker| {
                tracker
                    .step("every certificate against its hash", 0, 0)
                    .map_err(|e| error_text(&e))?;
                Logbook::check_backup(&path).map_err(|e| error_text(&e))
            });
            let check = match work {
                Ok(work) => Check::Running(work),
                Err(e) => Check::Done(Err(format!("cannot check it: {e}"))),
            };
            self.checked = Some((self.path.text.clone(), check));
        }
        let (_, check) = self.checked.as_mut()?;
        if let Check::Running(work) = check {
            match work.poll() {
                Polled::Running => {
                    if work.progress_ui(ui) {
                        // Stopped: the path is checked again when it changes.
                        work.cancel();
                    }
                    return None;
                }
                Polled::Done(result) => *check = Check::Done(result),
                Polled::Lost => *check = Check::Done(Err("the check stopped unexpectedly".into())),
            }
        }
        match check {
            Check::Done(result) => Some(result),
            Check::Running(_) => None,
        }
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

    fn working(&self) -> bool {
        matches!(&self.checked, Some((_, Check::Running(work))) if work.running())
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
        let named = self.path.path().is_file();
        let ready = match self.check(ui) {
            None => {
                if !named {
                    ui.weak("Name a backup file to see what it holds.");
                }
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
            Outcome::Submit(Action::Long(Long::Restore(self.path.path())))
        } else {
            Outcome::Keep
        }
    }
}
