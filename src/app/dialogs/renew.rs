//! "I recertified": the day a new cycle starts, checked by the same rule as the command line.

use chrono::NaiveDate;

use super::{Dialog, DialogContext, Outcome};
use crate::app::actions::Action;
use crate::app::widgets::{error_ui, from_jiff, to_jiff};

pub struct RenewDialog {
    credential: i64,
    date: jiff::civil::Date,
}

impl RenewDialog {
    pub fn new(credential: i64, today: NaiveDate) -> Self {
        RenewDialog {
            credential,
            date: to_jiff(today),
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
            ui.add(egui_extras::DatePickerButton::new(&mut self.date).id_salt("renew-date"))
                .labelled_by(label.id);
        });
        let checked = from_jiff(self.date)
            .ok_or_else(|| "not a date".to_owned())
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
