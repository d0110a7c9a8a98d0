//! "+ Credential": the welcome view's credential form, as a dialog for a second credential.

use chrono::NaiveDate;

use super::{Dialog, DialogContext, Outcome};
use crate::app::actions::Action;
use crate::app::panels::welcome::CredentialForm;

pub struct AddCredentialDialog {
    form: CredentialForm,
}

impl AddCredentialDialog {
    pub fn new(today: NaiveDate) -> Self {
        AddCredentialDialog {
            form: CredentialForm::new(today),
        }
    }
}

impl Dialog for AddCredentialDialog {
    fn title(&self) -> &'static str {
        "Add a credential"
    }

    fn ui(&mut self, ui: &mut egui::Ui, cx: &DialogContext<'_>) -> Outcome {
        match self.form.ui(ui, cx.rules, cx.today) {
            Some((spec, certified)) => Outcome::Submit(Action::AddCredential { spec, certified }),
            None => Outcome::Keep,
        }
    }
}
