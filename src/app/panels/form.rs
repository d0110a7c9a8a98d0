//! The entry form: new activity or edit. The same validation as the command line
//! (`ActivityDraft::validate`); errors next to their field; Save enabled only when valid.

use std::path::PathBuf;

use chrono::{Datelike, NaiveDate};
use egui::{Key, RichText};

use crate::app::browse::Browser;
use crate::app::date_field::DateField;
use crate::domain::proof::{Attachment, FileState};
use crate::domain::rules::KindRules;
use crate::domain::{Activity, ActivityData, ActivityDraft, Credential, InvalidInput, Kind};

use super::form_text::{field_name, sentence, worth};

mod category;
mod certificates;
mod review;

/// Width of the long text fields, when there is room for it.
const WIDE: f32 = 320.0;
/// The narrowest the long text fields get (a narrow window, a large zoom).
const NARROW: f32 = 160.0;
/// The room the field names take beside the fields.
const LABELS: f32 = 110.0;
const FIELD_HEIGHT: f32 = 22.0;

pub enum FormOutcome {
    /// Save the activity; a new one then gets the certificates chosen before it was saved.
    Save {
        id: Option<i64>,
        data: ActivityData,
        certificates: Vec<PathBuf>,
    },
    Cancel,
    /// Attach the file at this path to the activity being edited.
    Attach(PathBuf),
    /// Take the certificate with this hash off the activity being edited.
    Detach(String),
    /// Show the stored copy in the system's viewer.
    Open(Attachment),
}

pub struct Form {
    /// The activity being edited; `None` for a new one.
    pub editing: Option<i64>,
    draft: ActivityDraft,
    /// The date, typed or picked; `draft.date` follows it.
    date: DateField,
    /// Bodies offered as checkboxes (those of the user's credentials), and which are ticked.
    bodies: Vec<(String, bool)>,
    /// Other approving bodies, typed, separated by commas.
    other_bodies: String,
    categories: Vec<String>,
    other_category: bool,
    /// Once the user tried to save, empty required fields are flagged too.
    tried: bool,
    focus_title: bool,
    /// A certificate's path, typed or pasted.
    attach_path: String,
    /// Certificates for a new activity, attached when it is saved.
    pending: Vec<PathBuf>,
    /// Browsing for a certificate; its keys (Enter, Esc) are then its own.
    browser: Option<Browser>,
    /// A planned activity being marked done: the form asks for the real date and offers to
    /// attach the certificate.
    marking_done: bool,
    /// Filled in from a certificate: the fields read from it, marked until changed.
    review: Option<review::Review>,
    /// This frame's width of the long text fields: narrower in a narrow window.
    wide: f32,
    /// "(no category)" was chosen on purpose: with a credential that counts points by
    /// category, an empty category is asked about until then.
    no_category: bool,
    /// What the form held when it opened: Esc on a changed form asks first.
    original: ActivityDraft,
    /// Esc was pressed on a changed form: the form asks whether to discard.
    confirm_discard: bool,
}

impl Form {
    pub fn new(today: NaiveDate, bodies: Vec<String>, categories: Vec<String>) -> Self {
        Form {
            editing: None,
            draft: ActivityDraft {
                date: today.to_string(),
                ..Default::default()
            },
            date: DateField::new(Some(today)),
            bodies: bodies.into_iter().map(|b| (b, false)).collect(),
            other_bodies: String::new(),
            categories,
            other_category: false,
            tried: false,
            focus_title: true,
            attach_path: String::new(),
            pending: Vec::new(),
            browser: None,
            marking_done: false,
            review: None,
            wide: WIDE,
            no_category: false,
            original: ActivityDraft::default(),
            confirm_discard: false,
        }
        .with_original()
    }

    /// Remembers what the form holds now as what it opened with.
    fn with_original(mut self) -> Self {
        self.original = self.current_draft();
        self
    }

    pub fn edit(activity: &Activity, bodies: Vec<String>, categories: Vec<String>) -> Self {
        let mut form = Form::new(activity.data.date, bodies, categories);
        form.editing = Some(activity.id);
        form.draft = ActivityDraft::from(&activity.data);
        let mut others = Vec::new();
        for body in activity.data.approved_by.iter() {
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
        // Saved without a category before: that was the choice.
        form.no_category = form.draft.category.is_empty();
        form.with_original()
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
        certificates: &[(Attachment, FileState)],
        credentials: &[&Credential],
    ) -> Option<FormOutcome> {
        let heading = if self.editing.is_some() {
            "Edit activity"
        } else {
            "New activity"
        };
        ui.label(RichText::new(heading).heading().strong());
        self.review_heading_ui(ui);
        ui.add_space(4.0);
        let plain = self.current_draft().validate(kinds, today);
        // What it is worth shows as soon as the kind and amount are right.
        let worth = plain
            .as_ref()
            .ok()
            .and_then(|data| worth(data, credentials, kinds));
        let checked = self.ask_category(plain, credentials);
        let errors = checked.as_ref().err();
        let mut note_focused = false;
        // Esc and Enter belong to the certificate browser while it is open (it closes on Esc
        // this frame, before the buttons read the keys).
        let browsing = self.browser.is_some();
        // Two columns side by side when they fit, else one under the other.
        let room = ui.available_width();
        let two_columns = room >= 2.0 * (WIDE + LABELS) + 24.0;
        self.wide = if two_columns {
            WIDE
        } else {
            (room - LABELS - 16.0).clamp(NARROW, WIDE)
        };
        // The fields scroll inside the form; Save and Cancel always stay in sight below them.
        let max_height = (ui.ctx().content_rect().height() * 0.5 - 40.0).max(140.0);
        let mut outcome = None;
        egui::ScrollArea::vertical()
            .id_salt("form-fields")
            .max_height(max_height)
            .auto_shrink([false, true])
            // The panel gives the room of its last frame: ask for the whole height at once.
            .min_scrolled_height(max_height)
            .show(ui, |ui| {
                if two_columns {
                    ui.horizontal_top(|ui| {
                        self.left_fields_ui(ui, kinds, errors, today, worth.as_deref());
                        ui.add_space(24.0);
                        self.right_fields_ui(ui, errors, &mut note_focused);
                    });
                } else {
                    self.left_fields_ui(ui, kinds, errors, today, worth.as_deref());
                    ui.add_space(8.0);
                    self.right_fields_ui(ui, errors, &mut note_focused);
                }
                outcome = self.certificates_ui(ui, certificates);
            });
        ui.add_space(6.0);
        if let Some(clicked) =
            self.buttons_ui(ui, &checked, note_focused || browsing, browsing, today)
        {
            outcome = Some(clicked);
        }
        outcome
    }

    /// Title, date, kind, points and category.
    fn left_fields_ui(
        &mut self,
        ui: &mut egui::Ui,
        kinds: &KindRules,
        errors: Option<&InvalidInput>,
        today: NaiveDate,
        worth: Option<&str>,
    ) {
        egui::Grid::new("activity-form-left").num_columns(2).min_col_width(90.0).spacing([10.0, 8.0]).show(ui, |ui| {
            let label = field_label(ui, "Title");
            ui.vertical(|ui| {
                let edit = egui::TextEdit::singleline(&mut self.draft.title).hint_text("what you completed");
                let title = ui.add_sized([self.wide, FIELD_HEIGHT], edit).labelled_by(label.id);
                if std::mem::take(&mut self.focus_title) {
                    title.request_focus();
                }
                self.field_error(ui, "title", errors);
            });
            ui.end_row();

            let label = field_label(ui, "Date");
            ui.vertical(|ui| {
                // Planned activities may be dated up to five years ahead.
                self.date.ui(ui, "form-date", label.id, self.wide, today, today.year() + 5);
                self.draft.date = match self.date.value() {
                    Some(date) => date.to_string(),
                    None => self.date.text.trim().to_owned(),
                };
                ui.checkbox(&mut self.draft.planned, "Planned (not done yet)").on_hover_text(
                    "A planned activity counts only in your plan, never toward a credential, and may \
                     be dated up to five years ahead. Mark it done when you have taken it.",
                );
                // A text that is no date is said by the field itself, once.
                if self.date.value().is_some() || self.date.text.trim().is_empty() {
                    self.field_error(ui, "date", errors);
                }
            });
            ui.end_row();

            let label = field_label(ui, "Kind");
            let before = self.kind();
            egui::ComboBox::from_id_salt("form-kind")
                .selected_text(kind_label(before))
                .width(WIDE / 2.0)
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
            ui.end_row();

            match self.kind() {
                Kind::Cpr => {
                    field_label(ui, "Points");
                    ui.vertical(|ui| {
                        ui.label(format!("one CPR card ({})", kinds.cpr.category)).on_hover_text(&kinds.cpr.summary);
                        self.message_line_ui(ui, "points", errors, worth);
                    });
                }
                kind => {
                    let name = if kind == Kind::College { "College credits" } else { "Points" };
                    let label = field_label(ui, name);
                    ui.vertical(|ui| {
                        let edit = egui::TextEdit::singleline(&mut self.draft.points).hint_text("e.g. 1.5");
                        let response = ui.add_sized([90.0, FIELD_HEIGHT], edit).labelled_by(label.id);
                        if kind == Kind::College {
                            response.on_hover_text(&kinds.college.summary);
                        }
                        self.message_line_ui(ui, "points", errors, worth);
                    });
                }
            }
            ui.end_row();

            // Always there, so nothing below moves when the kind changes.
            let label = field_label(ui, "Category");
            ui.vertical(|ui| {
                if self.kind() == Kind::Cpr {
                    ui.label(format!("{} (every CPR card)", kinds.cpr.category));
                } else {
                    ui.horizontal(|ui| self.category_ui(ui, label.id));
                }
                self.field_error(ui, "category", errors);
            });
            ui.end_row();
        });
    }

    /// Approving bodies, provider and note; tells whether the note has the focus (Enter is
    /// then a new line, not Save).
    fn right_fields_ui(
        &mut self,
        ui: &mut egui::Ui,
        errors: Option<&InvalidInput>,
        note_focused: &mut bool,
    ) {
        egui::Grid::new("activity-form-right")
            .num_columns(2)
            .min_col_width(90.0)
            .spacing([10.0, 8.0])
            .show(ui, |ui| {
                let label = field_label(ui, "Approved by");
                ui.vertical(|ui| {
                    ui.set_max_width(self.wide);
                    ui.horizontal_wrapped(|ui| {
                        if self.kind() == Kind::College {
                            ui.weak("college credit is never approved");
                            return;
                        }
                        for (body, ticked) in &mut self.bodies {
                            ui.checkbox(ticked, body.as_str())
                                .on_hover_text(format!("{body} approved this activity's credit"));
                        }
                        let hint = if self.bodies.is_empty() {
                            "e.g. AAMA"
                        } else {
                            "other bodies"
                        };
                        let edit =
                            egui::TextEdit::singleline(&mut self.other_bodies).hint_text(hint);
                        ui.add_sized([140.0, FIELD_HEIGHT], edit)
                            .labelled_by(label.id);
                    });
                    self.field_error(ui, "approved-by", errors);
                });
                ui.end_row();

                let label = field_label(ui, "Provider");
                ui.vertical(|ui| {
                    let edit = egui::TextEdit::singleline(&mut self.draft.provider)
                        .hint_text("who gave the credit");
                    ui.add_sized([self.wide, FIELD_HEIGHT], edit)
                        .labelled_by(label.id);
                    self.field_error(ui, "provider", errors);
                });
                ui.end_row();

                let label = field_label(ui, "Note");
                ui.vertical(|ui| {
                    let edit = egui::TextEdit::multiline(&mut self.draft.note)
                        .hint_text("course description, certificate number…")
                        .desired_rows(3)
                        .desired_width(self.wide);
                    let note = ui.add(edit).labelled_by(label.id);
                    *note_focused = note.has_focus();
                    self.field_error(ui, "note", errors);
                });
                ui.end_row();
            });
    }

    /// Save and Cancel, and their keys: Enter or Ctrl+S saves when valid, Esc cancels.
    fn buttons_ui(
        &mut self,
        ui: &mut egui::Ui,
        checked: &Result<ActivityData, InvalidInput>,
        note_focused: bool,
        browsing: bool,
        today: NaiveDate,
    ) -> Option<FormOutcome> {
        let mut outcome = None;
        // Enter in the certificate's path field attaches it; it does not save the form.
        let attach_focused = ui.memory(|m| m.has_focus(attach_field_id()));
        ui.horizontal_wrapped(|ui| {
            let save = ui.add_enabled(
                checked.is_ok(),
                egui::Button::new(RichText::new("Save").strong()),
            );
            let save = save
                .on_hover_text("Enter or Ctrl+S")
                .on_disabled_hover_text("Fix the fields named beside Save first");
            if self.confirm_discard {
                ui.label(RichText::new("Discard your changes?").strong());
                if ui.button("Discard").on_hover_text("Esc").clicked() {
                    outcome = Some(FormOutcome::Cancel);
                }
                if ui.button("Keep editing").clicked() {
                    self.confirm_discard = false;
                }
            } else if ui.button("Cancel").on_hover_text("Esc").clicked() {
                outcome = Some(FormOutcome::Cancel);
            }
            if self.editing.is_some() && self.draft.planned {
                let done = ui.button("Mark done").on_hover_text(
                    "You took it: give the day you did, attach its certificate, then Save.",
                );
                if done.clicked() {
                    self.mark_done(today);
                }
            }
            // In the buttons' row: a line more would push them out of the form's panel.
            if self.marking_done {
                ui.label(
                    RichText::new(
                        "Marking it done: set the day you took it, attach its certificate \
                         below, then Save.",
                    )
                    .strong(),
                );
            } else if let Err(e) = checked {
                let fields: Vec<&str> = e.0.iter().map(|f| field_name(f.field)).collect();
                let text = format!("Save waits for: {}", fields.join(", "));
                ui.label(RichText::new(text).color(ui.visuals().warn_fg_color));
            } else {
                ui.weak("Enter or Ctrl+S saves · Esc cancels");
            }
            let keys = ui.input_mut(|i| {
                if browsing {
                    return (false, false);
                }
                let ctrl_s = i.consume_shortcut(&egui::KeyboardShortcut::new(
                    egui::Modifiers::COMMAND,
                    Key::S,
                ));
                let enter = !note_focused && !attach_focused && i.key_pressed(Key::Enter);
                let escape = i.consume_key(egui::Modifiers::NONE, Key::Escape);
                (ctrl_s || enter, escape)
            });
            if keys.1 {
                // A changed form asks first; Esc again discards.
                if self.confirm_discard || self.current_draft() == self.original {
                    outcome = Some(FormOutcome::Cancel);
                } else {
                    self.confirm_discard = true;
                }
            } else if save.clicked() || keys.0 {
                match &checked {
                    Ok(data) => {
                        outcome = Some(FormOutcome::Save {
                            id: self.editing,
                            data: data.clone(),
                            certificates: self.pending.clone(),
                        })
                    }
                    Err(_) => self.tried = true,
                }
            }
        });
        outcome
    }

    /// Turns the planned activity into a done one, dated today until the person says when.
    pub fn mark_done(&mut self, today: NaiveDate) {
        self.draft.planned = false;
        self.marking_done = true;
        let when = self.date_value().filter(|d| *d <= today).unwrap_or(today);
        self.draft.date = when.to_string();
        self.date.set(when);
    }

    fn date_value(&self) -> Option<NaiveDate> {
        self.date.value()
    }

    /// Certificates dropped or named before a new activity is saved.
    pub fn add_pending(&mut self, paths: Vec<PathBuf>) {
        for path in paths {
            if !self.pending.contains(&path) {
                self.pending.push(path);
            }
        }
    }

    fn kind(&self) -> Kind {
        self.draft.kind.parse().unwrap_or_default()
    }

    /// The field's message line, always one line tall so nothing moves when it appears: its
    /// error as a sentence (unless it only says "empty" on a form not yet submitted).
    fn field_error(&self, ui: &mut egui::Ui, field: &str, errors: Option<&InvalidInput>) {
        self.message_line_ui(ui, field, errors, None);
    }

    /// The message line, with a quiet `note` when there is no error.
    fn message_line_ui(
        &self,
        ui: &mut egui::Ui,
        field: &str,
        errors: Option<&InvalidInput>,
        note: Option<&str>,
    ) {
        let height = ui.text_style_height(&egui::TextStyle::Body);
        let error = errors
            .and_then(|e| e.for_field(field))
            .filter(|m| self.tried || !asks_only(m));
        let (text, color) = match (error, self.review_note(field), note) {
            (Some(m), _, _) => (sentence(field, m), ui.visuals().error_fg_color),
            // Read from a certificate and not yet changed: that comes before any other note.
            (None, Some(review), _) => (review.to_owned(), ui.visuals().warn_fg_color),
            (None, None, Some(note)) => (note.to_owned(), ui.visuals().weak_text_color()),
            (None, None, None) => {
                ui.allocate_space(egui::vec2(0.0, height));
                return;
            }
        };
        ui.scope(|ui| {
            ui.set_max_width(self.wide);
            // One line; the whole message on hover.
            ui.add(egui::Label::new(RichText::new(&text).color(color)).truncate())
                .on_hover_text(&text);
        });
    }
}

/// A field's name, aligned with the top line of its field (which may have an error below).
fn field_label(ui: &mut egui::Ui, text: &str) -> egui::Response {
    ui.with_layout(egui::Layout::top_down(egui::Align::Min), |ui| {
        ui.add_space(3.0);
        ui.add(egui::Label::new(text).extend())
    })
    .inner
}

/// The start of the window's own "choose a category" message.
const EMPTY_CATEGORY: &str = "is empty";

/// A message that only says a field is still empty: not shown until Save is tried.
fn asks_only(message: &str) -> bool {
    message.starts_with("is empty")
}

fn kind_label(kind: Kind) -> &'static str {
    match kind {
        Kind::Course => "Course or webinar",
        Kind::College => "College course (credits)",
        Kind::Cpr => "CPR card",
    }
}

fn attach_field_id() -> egui::Id {
    egui::Id::unique("form-attach-path")
}
