//! "I recertified": the day a new cycle starts, checked by the same rule as the command line.

use chrono::{Datelike, NaiveDate};

use super::{Dialog, DialogContext, Outcome};
use crate::app::actions::Action;
use crate::app::date_field::DateField;
use crate::app::widgets::error_ui;

pub struct RenewDialog {
    credential: i64,
    date: DateField,
}

impl RenewDialog {
    pub fn new(credential: i64, today: NaiveDate) -> Self {
        RenewDialog {
            credential,
            date: DateField::new(Some(today)),
        }
    }
}

impl Dialog for RenewDialog {
    fn title(&self) -> &'static str {
        "I recertified"
    }

    /// Cancel or Esc closes it; it has no close button.
    fn closable(&self) -> bool {
        false
    }

    fn stale(&self, cx: &DialogContext<'_>) -> bool {
        cx.data.view(self.credential).is_none()
    }

    fn ui(&mut self, ui: &mut egui::Ui, cx: &DialogContext<'_>) -> Outcome {
        let Some(view) = cx.data.view(self.credential) else {
            return Outcome::Close;
        };
        let credential = &view.credential;
        ui.label(format!(
            "When did you recertify your {}? The current cycle is kept as history.",
            credential.name()
        ));
        let mut outcome = Outcome::Keep;
        ui.horizontal(|ui| {
            let label = ui.label("Recertified on");
            ui.vertical(|ui| {
                self.date
                    .ui(ui, "renew-date", label.id, 150.0, cx.today, cx.today.year());
            });
        });
        let checked = self
            .date
            .value()
            .ok_or_else(|| "Give the day you recertified.".to_owned())
            .and_then(|d| credential.check_renewal(d, cx.today).map_err(|e| e.message));
        match &checked {
            Ok(on) => {
                // Where it starts is the rule's: AMT rolls an on-time renewal over.
                let start = credential.next_start(*on);
                ui.label(format!(
                    "The new cycle runs from {start} until {}.",
                    credential.requirement.expires(start)
                ));
            }
            Err(message) => error_ui(ui, message),
        }
        ui.horizontal(|ui| {
            if ui
                .add_enabled(checked.is_ok(), egui::Button::new("Start the new cycle"))
                .clicked()
                && let Ok(on) = checked
            {
                outcome = Outcome::Submit(Action::Renew {
                    credential: credential.id,
                    on,
                });
            }
            if ui.button("Cancel").clicked() {
                outcome = Outcome::Close;
            }
        });
        outcome
    }
}
