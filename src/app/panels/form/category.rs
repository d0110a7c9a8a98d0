//! The form's category: the list (with "(no category)" as a choice of its own, and "other…"),
//! and the window's one rule beyond the command line's: a credential that counts points by
//! category asks for one.

use super::{EMPTY_CATEGORY, FIELD_HEIGHT, Form, WIDE};
use crate::domain::{ActivityData, Credential, FieldError, InvalidInput, Kind};

impl Form {
    pub(super) fn category_ui(&mut self, ui: &mut egui::Ui, label: egui::Id) {
        let shown = if self.other_category {
            "other…".to_owned()
        } else if self.draft.category.is_empty() && self.no_category {
            "(no category)".to_owned()
        } else if self.draft.category.is_empty() {
            "choose…".to_owned()
        } else {
            self.draft.category.clone()
        };
        egui::ComboBox::from_id_salt("form-category")
            .selected_text(shown)
            .width(WIDE / 2.0)
            .show_ui(ui, |ui| {
                let none = self.draft.category.is_empty() && self.no_category;
                if ui
                    .selectable_label(none && !self.other_category, "(no category)")
                    .on_hover_text("Counts toward the total only, toward no category minimum")
                    .clicked()
                {
                    self.draft.category.clear();
                    self.other_category = false;
                    self.no_category = true;
                }
                for c in &self.categories {
                    if ui
                        .selectable_label(!self.other_category && self.draft.category == *c, c)
                        .clicked()
                    {
                        self.draft.category = c.clone();
                        self.other_category = false;
                        self.no_category = false;
                    }
                }
                if ui.selectable_label(self.other_category, "other…").clicked() {
                    self.other_category = true;
                    self.no_category = false;
                    self.draft.category.clear();
                }
            })
            .response
            .labelled_by(label);
        if self.other_category {
            let edit =
                egui::TextEdit::singleline(&mut self.draft.category).hint_text("category name");
            ui.add_sized([140.0, FIELD_HEIGHT], edit).labelled_by(label);
        }
    }

    /// The draft checked as the command line checks it, and one more thing the window asks:
    /// a category, when a credential counts points by category (or "(no category)" chosen).
    pub(super) fn ask_category(
        &self,
        checked: Result<ActivityData, InvalidInput>,
        credentials: &[&Credential],
    ) -> Result<ActivityData, InvalidInput> {
        let by_category: Vec<&str> = credentials
            .iter()
            .filter(|c| !c.requirement.categories.is_empty())
            .map(|c| c.name())
            .collect();
        let unasked = self.kind() != Kind::Cpr
            && self.draft.category.trim().is_empty()
            && !self.no_category
            && !by_category.is_empty();
        if !unasked {
            return checked;
        }
        let message = format!(
            "{EMPTY_CATEGORY}, and {} counts points by category: choose one, or “(no category)”",
            by_category.join(" and ")
        );
        let mut errors = checked.err().map(|e| e.0).unwrap_or_default();
        errors.push(FieldError::new("category", message));
        Err(InvalidInput(errors))
    }
}
