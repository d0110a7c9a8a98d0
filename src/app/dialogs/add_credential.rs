//! "+ Credential": the welcome view's credential form, as a dialog for a second credential.

use super::{Dialog, DialogContext, Outcome};
use crate::app::actions::Action;
use crate::app::panels::welcome::CredentialForm;

#[derive(Default)]
pub struct AddCredentialDialog {
    form: CredentialForm,
}

impl AddCredentialDialog {
    pub fn new() -> Self {
        AddCredentialDialog {
            form: CredentialForm::default(),
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
