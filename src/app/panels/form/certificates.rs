//! The form's certificates: those attached (open or remove each), those waiting for a new
//! activity's save, and attaching another by its path, by Browse… or by dropping it.

use std::path::PathBuf;

use egui::{Key, RichText};

use super::{Form, FormOutcome, attach_field_id};
use crate::app::browse::{Browse, browse_button_ui, browser_ui};
use crate::domain::proof::{Attachment, FileState};
use crate::logbook::text::human_size;

impl Form {
    /// The activity's certificates: open or remove each, attach another by its path or by
    /// dropping it onto the window. A new activity gets them when it is saved.
    pub(super) fn certificates_ui(
        &mut self,
        ui: &mut egui::Ui,
        certificates: &[(Attachment, FileState)],
    ) -> Option<FormOutcome> {
        ui.add_space(6.0);
        let mut outcome = self.attached_ui(ui, certificates);
        let mut chosen = None;
        ui.horizontal_wrapped(|ui| {
            let label = ui.label("Attach a file");
            let field = ui
                .add(
                    egui::TextEdit::singleline(&mut self.attach_path)
                        .id(attach_field_id())
                        .desired_width(self.wide)
                        .hint_text("path of a PDF, PNG or JPEG, or drop it onto the window"),
                )
                .labelled_by(label.id);
            let enter = field.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
            let path = self.attach_path.trim();
            if (ui
                .add_enabled(!path.is_empty(), egui::Button::new("Attach"))
                .clicked()
                || (enter && !path.is_empty()))
                && outcome.is_none()
            {
                chosen = Some(PathBuf::from(path));
                self.attach_path.clear();
            }
            browse_button_ui(
                ui,
                &mut self.browser,
                Browse::Certificate,
                &self.attach_path,
            );
        });
        chosen = chosen.or_else(|| browser_ui(ui.ctx(), &mut self.browser));
        if let Some(path) = chosen
            && outcome.is_none()
        {
            if self.editing.is_some() {
                outcome = Some(FormOutcome::Attach(path));
            } else {
                self.add_pending(vec![path]);
            }
        }
        outcome
    }

    /// The certificates attached, each to open or remove, and those waiting for the save.
    fn attached_ui(
        &mut self,
        ui: &mut egui::Ui,
        certificates: &[(Attachment, FileState)],
    ) -> Option<FormOutcome> {
        let mut outcome = None;
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new("Certificates").strong());
            if certificates.is_empty() && self.pending.is_empty() {
                ui.weak("none yet");
            }
            for (a, state) in certificates {
                let text = match state {
                    FileState::Ok => RichText::new(&a.name),
                    FileState::Missing => RichText::new(format!("{} (file missing)", a.name))
                        .color(ui.visuals().error_fg_color),
                    FileState::Altered => RichText::new(format!("{} (file changed)", a.name))
                        .color(ui.visuals().error_fg_color),
                };
                let open = ui
                    .add_enabled(*state == FileState::Ok, egui::Link::new(text))
                    .on_hover_text(format!("{}, {}: open it", a.file_type, human_size(a.size)))
                    .on_disabled_hover_text(
                        "The stored copy is missing or changed: attach the original again.",
                    );
                if open.clicked() {
                    outcome = Some(FormOutcome::Open(a.clone()));
                }
                let remove = ui
                    .small_button("Remove")
                    .on_hover_text(format!("Take {} off this activity", a.name));
                // Screen readers say which certificate, not only "Remove".
                let spoken = format!("Remove {}", a.name);
                remove.widget_info(|| {
                    egui::WidgetInfo::labeled(egui::Role::Button, true, spoken.clone())
                });
                if remove.clicked() {
                    outcome = Some(FormOutcome::Detach(a.hash.clone()));
                }
            }
            let mut dropped = None;
            for (i, path) in self.pending.iter().enumerate() {
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| path.display().to_string());
                ui.label(name.clone())
                    .on_hover_text(format!("{}: attached when you save", path.display()));
                let remove = ui.small_button("Remove");
                let spoken = format!("Do not attach {name}");
                remove.widget_info(|| {
                    egui::WidgetInfo::labeled(egui::Role::Button, true, spoken.clone())
                });
                if remove
                    .on_hover_text(format!("Do not attach {name}"))
                    .clicked()
                {
                    dropped = Some(i);
                }
            }
            if let Some(i) = dropped {
                self.pending.remove(i);
            }
        });
        outcome
    }
}
