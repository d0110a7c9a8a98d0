//! The entry form: new activity or edit. The same validation as the command line
//! (`ActivityDraft::validate`); errors next to their field; Save enabled only when valid.

use chrono::NaiveDate;
use egui::{Key, RichText};

use super::widgets::{error_ui, from_jiff, to_jiff};
use crate::domain::rules::KindRules;
use crate::domain::{Activity, ActivityData, ActivityDraft, InvalidInput, Kind};

pub enum FormOutcome {
    Save { id: Option<i64>, data: ActivityData },
    Cancel,
}

pub struct Form {
    /// The activity being edited; `None` for a new one.
    pub editing: Option<i64>,
    draft: ActivityDraft,
    date: jiff::civil::Date,
    /// Bodies offered as checkboxes (those of the user's credentials), and which are ticked.
    bodies: Vec<(String, bool)>,
    /// Other approving bodies, typed, separated by commas.
    other_bodies: String,
    categories: Vec<String>,
    other_category: bool,
    /// Once the user tried to save, empty required fields are flagged too.
    tried: bool,
    focus_title: bool,
}

impl Form {
    pub fn new(today: NaiveDate, bodies: Vec<String>, categories: Vec<String>) -> Self {
        Form {
            editing: None,
            draft: ActivityDraft {
                date: today.to_string(),
                ..Default::default()
            },
            date: to_jiff(today),
            bodies: bodies.into_iter().map(|b| (b, false)).collect(),
            other_bodies: String::new(),
            categories,
            other_category: false,
            tried: false,
            focus_title: true,
        }
    }

    pub fn edit(activity: &Activity, bodies: Vec<String>, categories: Vec<String>) -> Self {
        let mut form = Form::new(activity.data.date, bodies, categories);
        form.editing = Some(activity.id);
        form.draft = ActivityDraft::from(&activity.data);
        let mut others = Vec::new();
        for body in &activity.data.approved_by {
            match form
                .bodies
                .iter_mut()
                .find(|(b, _)| b.eq_ignore_ascii_case(body))
            {
                Some(slot) => slot.1 = true,
                None => others.push(body.clone()),
            }
        }
        form.other_bodies = others.join(", ");
        form.other_category =
            !form.draft.category.is_empty() && !form.categories.contains(&form.draft.category);
        form
    }

    fn current_draft(&self) -> ActivityDraft {
        let mut draft = self.draft.clone();
        draft.approved_by = self
            .bodies
            .iter()
            .filter(|(_, ticked)| *ticked)
            .map(|(b, _)| b.clone())
            .chain(
                self.other_bodies
                    .split([',', ';'])
                    .map(|b| b.trim().to_owned()),
            )
            .filter(|b| !b.is_empty())
            .collect();
        draft
    }

    /// The form's panel. Enter or Ctrl+S saves (when valid), Esc cancels.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        kinds: &KindRules,
        today: NaiveDate,
    ) -> Option<FormOutcome> {
        let heading = if self.editing.is_some() {
            "Edit activity"
        } else {
            "New activity"
        };
        ui.heading(heading);
        let checked = self.current_draft().validate(kinds, today);
        let errors = checked.as_ref().err();
        let mut note_focused = false;

        egui::Grid::new("activity-form").num_columns(3).spacing([12.0, 6.0]).show(ui, |ui| {
            let title = self.text_row(ui, "Title", "title", errors, 360.0);
            if std::mem::take(&mut self.focus_title) {
                title.request_focus();
            }
            ui.end_row();

            let label = ui.label("Date");
            let picked = ui.add(egui_extras::DatePickerButton::new(&mut self.date).id_salt("form-date"));
            let picked = picked.labelled_by(label.id);
            if picked.changed() || self.draft.date.is_empty() {
                self.draft.date = from_jiff(self.date).map(|d| d.to_string()).unwrap_or_default();
            }
            self.field_error(ui, "date", errors);
            ui.end_row();

            let label = ui.label("Kind");
            let before = self.kind();
            egui::ComboBox::from_id_salt("form-kind")
                .selected_text(kind_label(before))
                .show_ui(ui, |ui| {
                    for kind in Kind::ALL {
                        if ui.selectable_label(before == kind, kind_label(kind)).clicked() {
                            self.draft.kind = kind.as_str().to_owned();
                        }
                    }
                })
                .response
                .labelled_by(label.id);
            if self.kind() != before && self.kind() == Kind::Cpr {
                self.draft.points.clear();
                self.draft.category = kinds.cpr.category.clone();
                self.other_category = false;
            }
            self.field_error(ui, "kind", errors);
            ui.end_row();

            match self.kind() {
                Kind::Cpr => {
                    ui.label("Points");
                    ui.label(format!("{} {} points (one CPR card)", kinds.cpr.points_per_card, kinds.cpr.category));
                    ui.label("");
                }
                kind => {
                    let name = if kind == Kind::College { "College credits" } else { "Points" };
                    let label = ui.label(name);
                    let edit = egui::TextEdit::singleline(&mut self.draft.points).desired_width(80.0);
                    let response = ui.add(edit).labelled_by(label.id);
                    if kind == Kind::College {
                        response.on_hover_text(format!(
                            "Semester or quarter credits: each is worth {} points, never approved by a certifying body.",
                            kinds.college.points_per_credit
                        ));
                    }
                    self.field_error(ui, "points", errors);
                }
            }
            ui.end_row();

            if self.kind() != Kind::Cpr {
                let label = ui.label("Category");
                ui.horizontal(|ui| {
                    let shown = if self.other_category {
                        "other…".to_owned()
                    } else if self.draft.category.is_empty() {
                        "(none)".to_owned()
                    } else {
                        self.draft.category.clone()
                    };
                    egui::ComboBox::from_id_salt("form-category")
                        .selected_text(shown)
                        .show_ui(ui, |ui| {
                            if ui.selectable_label(self.draft.category.is_empty() && !self.other_category, "(none)").clicked() {
                                self.draft.category.clear();
                                self.other_category = false;
                            }
                            for c in &self.categories {
                                if ui.selectable_label(!self.other_category && self.draft.category == *c, c).clicked() {
                                    self.draft.category = c.clone();
                                    self.other_category = false;
                                }
                            }
                            if ui.selectable_label(self.other_category, "other…").clicked() {
                                self.other_category = true;
                                self.draft.category.clear();
                            }
                        })
                        .response
                        .labelled_by(label.id);
                    if self.other_category {
                        let edit = egui::TextEdit::singleline(&mut self.draft.category)
                            .hint_text("category name")
                            .desired_width(140.0);
                        ui.add(edit).labelled_by(label.id);
                    }
                });
                self.field_error(ui, "category", errors);
                ui.end_row();
            }

            let label = ui.label("Approved by");
            ui.horizontal(|ui| {
                if self.kind() == Kind::College {
                    ui.weak("college credit is never approved");
                    return;
                }
                for (body, ticked) in &mut self.bodies {
                    ui.checkbox(ticked, body.as_str()).on_hover_text(format!("{body} approved this activity's credit"));
                }
                let edit = egui::TextEdit::singleline(&mut self.other_bodies)
                    .hint_text(if self.bodies.is_empty() { "e.g. AAMA" } else { "other bodies" })
                    .desired_width(140.0);
                ui.add(edit).labelled_by(label.id);
            });
            self.field_error(ui, "approved-by", errors);
            ui.end_row();

            self.text_row(ui, "Provider", "provider", errors, 360.0);
            ui.end_row();

            let label = ui.label("Note");
            let note = egui::TextEdit::multiline(&mut self.draft.note)
                .hint_text("course description, certificate number…")
                .desired_rows(2)
                .desired_width(360.0);
            let note = ui.add(note).labelled_by(label.id);
            note_focused = note.has_focus();
            self.field_error(ui, "note", errors);
            ui.end_row();
        });

        let mut outcome = None;
        ui.horizontal(|ui| {
            let save = ui.add_enabled(
                checked.is_ok(),
                egui::Button::new(RichText::new("Save").strong()),
            );
            let save = save
                .on_hover_text("Enter or Ctrl+S")
                .on_disabled_hover_text("Fix the fields marked in red first");
            if ui.button("Cancel").on_hover_text("Esc").clicked() {
                outcome = Some(FormOutcome::Cancel);
            }
            let keys = ui.input_mut(|i| {
                let ctrl_s = i.consume_shortcut(&egui::KeyboardShortcut::new(
                    egui::Modifiers::COMMAND,
                    Key::S,
                ));
                let enter = !note_focused && i.key_pressed(Key::Enter);
                let escape = i.consume_key(egui::Modifiers::NONE, Key::Escape);
                (ctrl_s || enter, escape)
            });
            if keys.1 {
                outcome = Some(FormOutcome::Cancel);
            } else if save.clicked() || keys.0 {
                match &checked {
                    Ok(data) => {
                        outcome = Some(FormOutcome::Save {
                            id: self.editing,
                            data: data.clone(),
                        })
                    }
                    Err(_) => self.tried = true,
                }
            }
        });
        outcome
    }

    fn kind(&self) -> Kind {
        self.draft.kind.parse().unwrap_or_default()
    }

    fn text_row(
        &mut self,
        ui: &mut egui::Ui,
        name: &str,
        field: &'static str,
        errors: Option<&InvalidInput>,
        width: f32,
    ) -> egui::Response {
        let label = ui.label(name);
        let text = match field {
            "title" => &mut self.draft.title,
            _ => &mut self.draft.provider,
        };
        let response = ui
            .add(egui::TextEdit::singleline(text).desired_width(width))
            .labelled_by(label.id);
        self.field_error(ui, field, errors);
        response
    }

    /// Shows the field's error, unless it only says "empty" on a form not yet submitted.
    fn field_error(&self, ui: &mut egui::Ui, field: &str, errors: Option<&InvalidInput>) {
        match errors.and_then(|e| e.for_field(field)) {
            Some(message) if self.tried || !message.starts_with("is empty") => {
                error_ui(ui, message)
            }
            _ => {
                ui.label("");
            }
        }
    }
}

fn kind_label(kind: Kind) -> &'static str {
    match kind {
        Kind::Course => "Course or webinar",
        Kind::College => "College course (credits)",
        Kind::Cpr => "CPR card",
    }
}
