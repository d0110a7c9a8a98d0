//! The packet, transcript and calendar of the credential shown: the person's name printed on
//! them, the folder they go to, and one button per file.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use egui::RichText;

use super::{Dialog, DialogContext, Outcome};
use crate::app::actions::{Action, Long};
use crate::app::browse::{Browse, Browser, browse_button_ui, browser_ui};

pub struct PacketDialog {
    credential: i64,
    folder: String,
    name: String,
    /// The name as the logbook has it; a different one typed is saved.
    saved_name: String,
    browser: Option<Browser>,
}

impl PacketDialog {
    /// `person` is the name the logbook has, if any.
    pub fn new(credential: i64, person: Option<String>, folder: &Path) -> Self {
        let name = person.unwrap_or_default();
        PacketDialog {
            credential,
            folder: folder.display().to_string(),
            saved_name: name.clone(),
            name,
            browser: None,
        }
    }

    /// The name and folder fields; a name is saved when its field is left.
    fn fields_ui(&mut self, ui: &mut egui::Ui, actions: &mut Vec<Action>) {
        egui::Grid::new("packet-fields")
            .num_columns(2)
            .show(ui, |ui| {
                let label = ui.label("Your name");
                let field = ui
                    .add(
                        egui::TextEdit::singleline(&mut self.name)
                            .desired_width(300.0)
                            .hint_text("printed on the transcript"),
                    )
                    .labelled_by(label.id);
                if field.lost_focus() && self.name != self.saved_name {
                    self.saved_name = self.name.clone();
                    actions.push(Action::SetName(self.name.clone()));
                }
                ui.end_row();
                let label = ui.label("Folder");
                ui.horizontal(|ui| {
                    ui.add(egui::TextEdit::singleline(&mut self.folder).desired_width(400.0))
                        .labelled_by(label.id);
                    browse_button_ui(ui, &mut self.browser, Browse::Folder, &self.folder);
                });
                ui.end_row();
            });
        if let Some(chosen) = browser_ui(ui.ctx(), &mut self.browser) {
            self.folder = chosen.display().to_string();
        }
    }

    /// One button per file, each named for the credential and the day.
    fn buttons_ui(&self, ui: &mut egui::Ui, stem: &str, today: NaiveDate) -> Vec<Action> {
        let mut actions = Vec::new();
        let credential = self.credential;
        let folder = PathBuf::from(self.folder.trim());
        let valid = folder.is_dir();
        if !valid {
            ui.label(
                RichText::new("This folder does not exist; name one that does.")
                    .color(ui.visuals().error_fg_color),
            );
        }
        ui.horizontal(|ui| {
            let file = |ext: &str, what: &str| folder.join(format!("{what} {stem} {today}.{ext}"));
            let packet = egui::Button::new(RichText::new("Save packet (.zip)").strong());
            if ui.add_enabled(valid, packet).clicked() {
                let path = file("zip", "CE packet");
                actions.push(Action::Long(Long::Packet { credential, path }));
            }
            if ui
                .add_enabled(valid, egui::Button::new("Save transcript (.pdf)"))
                .clicked()
            {
                let path = file("pdf", "CE transcript");
                actions.push(Action::Long(Long::Report { credential, path }));
            }
            let calendar = ui
                .add_enabled(valid, egui::Button::new("Save calendar (.ics)"))
                .on_hover_text(
                    "Every credential's expiry, CE-route deadline and reminders 6, 3 and 1 months \
                     before, for your calendar program",
                );
            if calendar.clicked() {
                let path = folder.join(format!("CE deadlines {today}.ics"));
                actions.push(Action::Long(Long::Calendar(path)));
            }
        });
        actions
    }
}

impl Dialog for PacketDialog {
    fn title(&self) -> &'static str {
        "Recertification packet"
    }

    fn owns_escape(&self) -> bool {
        self.browser.is_some()
    }

    fn stale(&self, cx: &DialogContext<'_>) -> bool {
        cx.data.view(self.credential).is_none()
    }

    fn ui(&mut self, ui: &mut egui::Ui, cx: &DialogContext<'_>) -> Outcome {
        let Some(view) = cx.data.view(self.credential) else {
            return Outcome::Close;
        };
        let (credential_name, lacking_proof) = (&view.progress.name, view.lacking_proof);
        let today = cx.today;
        ui.label(format!(
            "For {credential_name}: a transcript of every counted activity with the totals against \
             each requirement, and their certificates ({} attached), ready to send or \
             to keep for an audit.",
            view.counted_certificates
        ));
        if lacking_proof > 0 {
            ui.label(
                RichText::new(match lacking_proof {
                    1 => "1 counted activity lacks proof; the transcript marks what is missing."
                        .to_owned(),
                    n => format!(
                        "{n} counted activities lack proof; the transcript marks what is missing."
                    ),
                })
                .color(ui.visuals().warn_fg_color),
            );
        }
        ui.add_space(6.0);
        let mut actions = Vec::new();
        self.fields_ui(ui, &mut actions);
        ui.add_space(8.0);
        let stem = crate::report::file_stem(credential_name, 60);
        let files = self.buttons_ui(ui, &stem, today);
        // A name typed but not yet saved is saved before the file it is printed on is made.
        if !files.is_empty() && self.name != self.saved_name {
            self.saved_name = self.name.clone();
            actions.insert(0, Action::SetName(self.name.clone()));
        }
        actions.extend(files);
        ui.weak(format!(
            "Files are named like “CE packet {stem} {today}.zip”; one of that name is replaced."
        ));
        if actions.is_empty() {
            Outcome::Keep
        } else {
            Outcome::Act(actions)
        }
    }
}
