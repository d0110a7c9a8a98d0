//! Adding a credential: the first-run welcome view, and the credential form it shares with
//! the "+ Credential" dialog (`dialogs/add_credential.rs`).

use chrono::{Datelike, NaiveDate};
use egui::RichText;

use crate::app::date_field::DateField;
use crate::app::widgets::{error_ui, unverified_note};
use crate::domain::dates::check_past;
use crate::domain::rules::CUSTOM;
use crate::domain::{CredentialSpec, CustomDraft, RuleBook};

pub struct CredentialForm {
    preset: String,
    /// Empty at first: a credential dated today by mistake would expire years late.
    certified: DateField,
    custom: CustomDraft,
    /// `name=min, name=min`.
    categories: String,
}

impl Default for CredentialForm {
    fn default() -> Self {
        CredentialForm {
            preset: "cma-aama".to_owned(),
            certified: DateField::new(None),
            custom: CustomDraft::default(),
            categories: String::new(),
        }
    }
}

impl CredentialForm {
    fn checked(
        &self,
        today: NaiveDate,
    ) -> Result<(CredentialSpec, NaiveDate), Vec<(&'static str, String)>> {
        let mut errors = Vec::new();
        let certified = match self
            .certified
            .value()
            .ok_or_else(|| "Give the date you were certified or last recertified.".to_owned())
            .and_then(|d| check_past(d, today).map_err(|m| format!("The certification date: {m}.")))
        {
            Ok(d) => Some(d),
            Err(m) => {
                errors.push(("certified", m));
                None
            }
        };
        let spec = if self.preset == CUSTOM {
            let mut draft = self.custom.clone();
            draft.categories = self
                .categories
                .split([',', ';', '\n'])
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_owned)
                .collect();
            match draft.validate() {
                Ok(spec) => Some(CredentialSpec::Custom(spec)),
                Err(e) => {
                    errors.extend(e.0.into_iter().map(|f| (f.field, f.message)));
                    None
                }
            }
        } else {
            Some(CredentialSpec::Preset(self.preset.clone()))
        };
        match (spec, certified) {
            (Some(spec), Some(date)) if errors.is_empty() => Ok((spec, date)),
            _ => Err(errors),
        }
    }

    /// The form; returns the credential to add when the user confirms.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        rules: &RuleBook,
        today: NaiveDate,
    ) -> Option<(CredentialSpec, NaiveDate)> {
        self.preset_ui(ui, rules);
        let checked = self.checked(today);
        let error = |field: &str| {
            checked
                .as_ref()
                .err()
                .and_then(|e| e.iter().find(|(f, _)| *f == field))
                .map(|(_, m)| m.clone())
        };
        egui::Grid::new("credential-form")
            .num_columns(3)
            .spacing([10.0, 6.0])
            .show(ui, |ui| {
                let label = ui.label("Certified (or last recertified) on");
                ui.vertical(|ui| {
                    self.certified
                        .ui(ui, "certified-date", label.id, 150.0, today, today.year());
                });
                // Nothing typed yet, or no date: the field itself says what to type.
                if self.certified.value().is_some() {
                    show_error(ui, error("certified"));
                }
                ui.end_row();
                if self.preset == CUSTOM {
                    self.custom_fields_ui(ui, &error);
                }
            });
        ui.add_space(6.0);
        let add = ui.add_enabled(
            checked.is_ok(),
            egui::Button::new(RichText::new("Add credential").strong()),
        );
        if add.clicked() { checked.ok() } else { None }
    }

    /// The presets, three to a row so all of them and the form below fit a small window; the
    /// chosen one's rule is spelled out underneath.
    fn preset_ui(&mut self, ui: &mut egui::Ui, rules: &RuleBook) {
        ui.label(RichText::new("Which credential do you hold?").strong());
        egui::Grid::new("presets")
            .num_columns(3)
            .spacing([16.0, 4.0])
            .show(ui, |ui| {
                for (i, p) in rules.presets.iter().enumerate() {
                    ui.radio_value(
                        &mut self.preset,
                        p.id.clone(),
                        RichText::new(&p.name).strong(),
                    )
                    .on_hover_text(&p.summary);
                    if i % 3 == 2 {
                        ui.end_row();
                    }
                }
                ui.radio_value(
                    &mut self.preset,
                    CUSTOM.to_owned(),
                    RichText::new("Another credential").strong(),
                );
            });
        ui.add_space(4.0);
        match rules.preset(&self.preset) {
            Some(p) => {
                ui.weak(&p.summary);
                if !p.verified {
                    ui.weak(unverified_note(&p.body));
                }
            }
            None => {
                ui.weak("Define its cycle, points and minimums yourself.");
            }
        }
        ui.add_space(8.0);
    }

    /// A custom credential's own rules, each field with its error.
    fn custom_fields_ui(&mut self, ui: &mut egui::Ui, error: &dyn Fn(&str) -> Option<String>) {
        let fields: [(&str, &'static str, &mut String, &str); 8] = [
            ("Name", "name", &mut self.custom.name, "e.g. CPC (AAPC)"),
            ("Cycle (months)", "months", &mut self.custom.months, "24"),
            ("Points required", "points", &mut self.custom.points, "36"),
            (
                "Approved by (optional)",
                "approved-by",
                &mut self.custom.approved_by,
                "body name",
            ),
            (
                "Approved minimum",
                "approved-min",
                &mut self.custom.approved_min,
                "points",
            ),
            // Left empty, college credit and CPR cards do not count.
            (
                "Points per college credit (optional)",
                "college-points",
                &mut self.custom.college_points,
                "e.g. 15",
            ),
            (
                "Points per CPR card (optional)",
                "cpr-points",
                &mut self.custom.cpr_points,
                "e.g. 4",
            ),
            (
                "Most CPR cards per cycle (optional)",
                "cpr-max",
                &mut self.custom.cpr_max,
                "no limit",
            ),
        ];
        for (name, field, value, hint) in fields {
            let label = ui.label(name);
            ui.add(
                egui::TextEdit::singleline(value)
                    .hint_text(hint)
                    .desired_width(180.0),
            )
            .labelled_by(label.id);
            show_error(
                ui,
                error(field).filter(|m| !m.starts_with("is empty") || !value.is_empty()),
            );
            ui.end_row();
        }
        let label = ui.label("Category minimums (optional)");
        ui.add(
            egui::TextEdit::singleline(&mut self.categories)
                .hint_text("clinical=10, general=5")
                .desired_width(180.0),
        )
        .labelled_by(label.id);
        show_error(ui, error("category"));
        ui.end_row();
    }
}

fn show_error(ui: &mut egui::Ui, message: Option<String>) {
    match message {
        Some(m) => error_ui(ui, &m),
        None => {
            ui.label("");
        }
    }
}

/// The first-run view: what this is, and the one thing to do first.
pub fn welcome_ui(
    ui: &mut egui::Ui,
    form: &mut CredentialForm,
    rules: &RuleBook,
    today: NaiveDate,
) -> Option<(CredentialSpec, NaiveDate)> {
    let mut added = None;
    egui::ScrollArea::vertical().show(ui, |ui| {
        ui.vertical_centered(|ui| {
            ui.add_space(16.0);
            ui.label(RichText::new("Welcome to CE Logbook").size(26.0).strong());
            ui.label(
                "Log your continuing education and always know how far you are from recertifying.",
            );
            ui.weak("Everything stays on this computer.");
            ui.add_space(16.0);
        });
        ui.vertical_centered(|ui| {
            ui.set_max_width(620.0);
            egui::Frame::group(ui.style())
                .inner_margin(16.0)
                .show(ui, |ui| {
                    ui.with_layout(egui::Layout::top_down(egui::Align::Min), |ui| {
                        added = form.ui(ui, rules, today);
                    });
                });
        });
    });
    added
}
