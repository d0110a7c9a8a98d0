//! The top bar: the credentials' tabs at the left, the file dialogs, the theme, About and the
//! logbook's path at the right. When the window is too narrow for all of it, the right-hand
//! part folds into one "Menu" button, and the tabs scroll sideways, so nothing overlaps.

use egui::RichText;

use super::dialogs::about::AboutDialog;
use super::dialogs::add_credential::AddCredentialDialog;
use super::dialogs::backup::BackupDialog;
use super::dialogs::export::ExportDialog;
use super::dialogs::import::ImportDialog;
use super::dialogs::packet::PacketDialog;
use super::dialogs::restore::RestoreDialog;
use super::session::Session;
use super::widgets::{self, short_path};

/// The buttons at the right, in reading order.
#[derive(Clone, Copy)]
enum Item {
    BackUp,
    Restore,
    Import,
    Export,
    Packet,
    About,
}

impl Item {
    const ALL: [Item; 6] = [
        Item::BackUp,
        Item::Restore,
        Item::Import,
        Item::Export,
        Item::Packet,
        Item::About,
    ];

    fn label(self) -> &'static str {
        match self {
            Item::BackUp => "Back up to…",
            Item::Restore => "Restore from…",
            Item::Import => "Import…",
            Item::Export => "Export…",
            Item::Packet => "Packet…",
            Item::About => "About",
        }
    }

    fn hint(self) -> &'static str {
        match self {
            Item::BackUp => "The logbook and its certificates in one file, to keep or to move",
            Item::Restore => "Put back a backup, after checking it and showing what it replaces",
            Item::Import => "Add the activities of a CSV file",
            Item::Export => "Write every activity to a CSV file",
            Item::Packet => {
                "The transcript and certificates to send or keep for an audit; the calendar of deadlines"
            }
            Item::About => "Version, where your data is kept, the license and the rules' sources",
        }
    }
}

/// The width `text` takes as a button, with the space after it.
fn button_width(ui: &egui::Ui, text: impl Into<egui::WidgetText>) -> f32 {
    let galley = text.into().into_galley(
        ui,
        Some(egui::TextWrapMode::Extend),
        f32::INFINITY,
        egui::TextStyle::Button,
    );
    galley.size().x + 2.0 * ui.spacing().button_padding.x + ui.spacing().item_spacing.x
}

impl Session {
    pub(super) fn top_bar_ui(&mut self, ui: &mut egui::Ui) {
        let path = short_path(self.logbook.path());
        let tabs: f32 = self
            .data
            .views
            .iter()
            .map(|v| button_width(ui, v.credential.name()) + 14.0)
            .sum();
        let left = button_width(ui, RichText::new("CE Logbook").size(18.0).strong())
            + tabs
            + button_width(ui, "+ Credential")
            + 16.0;
        // The theme's three buttons, a separator and the path beside the items.
        let right: f32 = Item::ALL
            .iter()
            .map(|i| button_width(ui, i.label()))
            .sum::<f32>()
            + 3.0 * button_width(ui, "☀")
            + 16.0
            + button_width(ui, path.as_str());
        let wide = left + right <= ui.available_width();
        ui.horizontal(|ui| {
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if wide {
                    self.items_ui(ui, &path, true);
                } else {
                    ui.menu_button("Menu", |ui| self.items_ui(ui, &path, false))
                        .response
                        .on_hover_text("Back up, restore, import, export, packet, theme, About");
                }
                ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                    egui::ScrollArea::horizontal()
                        .id_salt("credential-tabs")
                        .show(ui, |ui| ui.horizontal(|ui| self.tabs_ui(ui)));
                });
            });
        });
    }

    /// The program's name, one tab per credential, and "+ Credential".
    fn tabs_ui(&mut self, ui: &mut egui::Ui) {
        ui.label(RichText::new("CE Logbook").size(18.0).strong());
        ui.separator();
        for v in &self.data.views {
            let (c, state) = (&v.credential, v.progress.state);
            widgets::dot_ui(ui, widgets::state_color(state, ui.visuals().dark_mode));
            let selected = self.credential == Some(c.id);
            let tab = ui.selectable_label(selected, c.name());
            if tab
                .on_hover_text(format!("{}: {}", c.name(), state.label()))
                .clicked()
            {
                self.credential = Some(c.id);
            }
        }
        if !self.data.views.is_empty()
            && ui
                .button("+ Credential")
                .on_hover_text("Add another credential you hold")
                .clicked()
        {
            self.dialogs.open(Box::new(AddCredentialDialog::new()));
        }
    }

    /// The file dialogs, the theme, About and the logbook's path: in a row from the right
    /// (`in_row`), or down the folded menu.
    fn items_ui(&mut self, ui: &mut egui::Ui, path: &str, in_row: bool) {
        let mut items = Item::ALL.to_vec();
        if in_row {
            // Right to left: About at the far right, the path at the left of the buttons.
            items.reverse();
        }
        let has_credential = self.credential.is_some() && !self.data.views.is_empty();
        let item_ui = |this: &mut Session, ui: &mut egui::Ui, item: Item| {
            if matches!(item, Item::Packet) && !has_credential {
                return;
            }
            if ui.button(item.label()).on_hover_text(item.hint()).clicked() {
                this.open_item(item);
            }
        };
        if in_row {
            for item in items {
                if matches!(item, Item::About) {
                    item_ui(self, ui, item);
                    egui::global_theme_preference_buttons(ui);
                    ui.separator();
                } else {
                    item_ui(self, ui, item);
                }
            }
        } else {
            for item in items {
                item_ui(self, ui, item);
            }
            ui.separator();
            egui::global_theme_preference_buttons(ui);
        }
        ui.weak(path).on_hover_text(format!(
            "The logbook file: everything you log is kept here.\n{}",
            self.logbook.path().display()
        ));
    }

    fn open_item(&mut self, item: Item) {
        let today = self.logbook.today();
        match item {
            Item::BackUp => {
                let dialog = BackupDialog::new(today, &self.places.folder());
                self.dialogs.open(Box::new(dialog));
            }
            Item::Restore => {
                let backups = self.logbook.store().backup_dir();
                self.dialogs.open(Box::new(RestoreDialog::new(backups)));
            }
            Item::Import => {
                let dialog = ImportDialog::new(None, self.places.import());
                self.dialogs.open(Box::new(dialog));
            }
            Item::Export => {
                let dialog = ExportDialog::new(today, &self.places.folder());
                self.dialogs.open(Box::new(dialog));
            }
            Item::Packet => {
                if let Some(id) = self.credential {
                    let person = self.logbook.person_name().ok().flatten();
                    let dialog = PacketDialog::new(id, person, &self.places.folder());
                    self.dialogs.open(Box::new(dialog));
                }
            }
            Item::About => {
                let about = AboutDialog::new(self.logbook.path());
                self.dialogs.open(Box::new(about));
            }
        }
    }
}
