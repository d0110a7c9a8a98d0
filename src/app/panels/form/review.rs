//! A new activity filled in from a certificate: the form takes what the certificate says,
//! holds the certificate to attach on Save, and marks each field it guessed for review
//! until the person changes it.

use std::path::PathBuf;

use egui::RichText;

use super::Form;
use crate::app::date_field::DateField;
use crate::domain::certificate::Proposal;

/// What the form shows about where its values came from.
pub(super) struct Review {
    /// The certificate's file name.
    file: String,
    /// Each field read from it, with the value as read.
    guessed: Vec<(&'static str, String)>,
}

impl Form {
    /// This new-activity form filled in from `proposal`, read from the certificate at
    /// `path`, which is attached when the activity is saved.
    pub fn filled_from(mut self, proposal: &Proposal, path: PathBuf) -> Self {
        let draft = proposal.to_draft();
        if let Some(date) = proposal.date {
            self.date = DateField::new(Some(date));
        }
        for body in &draft.approved_by {
            match self
                .bodies
                .iter_mut()
                .find(|(b, _)| b.eq_ignore_ascii_case(body))
            {
                Some(slot) => slot.1 = true,
                None if self.other_bodies.is_empty() => self.other_bodies = body.clone(),
                None => self.other_bodies = format!("{}, {body}", self.other_bodies),
            }
        }
        self.other_category =
            !draft.category.is_empty() && !self.categories.contains(&draft.category);
        self.draft = crate::domain::ActivityDraft {
            date: if draft.date.is_empty() {
                self.draft.date.clone()
            } else {
                draft.date.clone()
            },
            ..draft
        };
        let file = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string());
        self.add_pending(vec![path]);
        let guessed = proposal
            .found()
            .into_iter()
            .map(|field| (field, self.value_of(field)))
            .collect();
        self.review = Some(Review { file, guessed });
        self
    }

    /// The field's value as the form holds it now, in the words the review compares.
    fn value_of(&self, field: &str) -> String {
        match field {
            "title" => self.draft.title.clone(),
            "date" => self.draft.date.clone(),
            "points" => self.draft.points.clone(),
            "kind" => self.draft.kind.clone(),
            "category" => self.draft.category.clone(),
            "approved-by" => self.current_draft().approved_by.join(", "),
            "provider" => self.draft.provider.clone(),
            _ => String::new(),
        }
    }

    /// Under the heading: which certificate the values came from.
    pub(super) fn review_heading_ui(&self, ui: &mut egui::Ui) {
        if let Some(review) = &self.review {
            ui.label(
                RichText::new(format!(
                    "Filled in from {}: check each field marked \"read from the certificate\" \
                     before saving.",
                    review.file
                ))
                .strong(),
            );
        }
    }

    /// For a field read from the certificate and not changed since: the mark to check it,
    /// shown in the field's message line.
    pub(super) fn review_note(&self, field: &str) -> Option<&'static str> {
        let review = self.review.as_ref()?;
        let unchanged = review
            .guessed
            .iter()
            .any(|(f, value)| *f == field && *value == self.value_of(field));
        unchanged.then_some("⚠ read from the certificate: check it")
    }
}
