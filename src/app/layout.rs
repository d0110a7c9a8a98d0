//! The open logbook's window, frame by frame: the top bar, the progress panel, the form, the
//! table, the dialogs and the notice; the logbook's keys and dropped files. Everything the user
//! asks for is collected as [`Action`]s and applied after drawing.

use std::path::PathBuf;

use egui::{Key, KeyboardShortcut, Modifiers, RichText};

use super::actions::{Action, Long};
use super::dialogs::import::ImportDialog;
use super::dialogs::renew::RenewDialog;
use super::dialogs::{DialogContext, Request};
use super::panels::form::FormOutcome;
use super::panels::progress::ProgressEvent;
use super::panels::table::TableEvent;
use super::panels::{chart, progress, table, welcome};
use super::session::Session;

impl Session {
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        let now = ui.input(|i| i.time);
        let mut actions = Vec::new();
        let mut bottom_inset = 0.0;
        self.shortcuts(ui, now, &mut actions);
        self.dropped_files(ui, now, &mut actions);

        egui::Panel::top("top-bar").show(ui, |ui| self.top_bar_ui(ui));

        if self.data.views.is_empty() {
            egui::CentralPanel::default().show(ui, |ui| {
                if let Some((spec, certified)) = welcome::welcome_ui(
                    ui,
                    &mut self.welcome,
                    self.logbook.rules(),
                    self.logbook.today(),
                ) {
                    actions.push(Action::AddCredential { spec, certified });
                }
            });
        } else {
            self.progress_panel_ui(ui);
            if self.form.is_some() {
                // Notices sit above the form, never over its buttons.
                bottom_inset = self.form_panel_ui(ui, now, &mut actions);
            }
            egui::CentralPanel::default().show(ui, |ui| {
                if table::toolbar_ui(ui, &mut self.table, &self.data) {
                    self.open_form(None);
                }
                ui.separator();
                if let Some(TableEvent::Edit(id)) =
                    table::table_ui(ui, &mut self.table, &self.data, self.logbook.today())
                {
                    self.open_form(Some(id));
                }
            });
        }

        let requests = self.dialogs_ui(ui);
        let mut undo = Vec::new();
        // A job's progress where the notice goes; a notice then sits above it.
        let job_height = self.job_ui(ui, bottom_inset);
        self.notice_ui(ui, now, bottom_inset + job_height, &mut undo);
        for action in actions {
            self.apply(action, now);
        }
        for Request { action, closes } in requests {
            if self.apply(action, now)
                && let Some(title) = closes
            {
                self.dialogs.close(title);
            }
        }
        for action in undo {
            self.apply(action, now);
        }
    }

    fn dialogs_ui(&mut self, ui: &mut egui::Ui) -> Vec<Request> {
        let cx = DialogContext {
            data: &self.data,
            db: self.logbook.path(),
            rules: self.logbook.rules(),
            today: self.logbook.today(),
        };
        self.dialogs.ui(ui.ctx(), &cx)
    }

    /// The credential shown: its progress, and the chart of the cycle.
    fn progress_panel_ui(&mut self, ui: &mut egui::Ui) {
        egui::Panel::left("progress")
            .resizable(true)
            // Its width is the user's (egui keeps it between runs); at most half the window,
            // so the table keeps room on a small screen.
            .default_size(340.0)
            .size_range(240.0..=(ui.available_width() * 0.5).clamp(260.0, 560.0))
            .show(ui, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| {
                    ui.add_space(8.0);
                    // A credential gone since (another process removed it) shows the first.
                    let view = self
                        .credential
                        .and_then(|id| self.data.view(id))
                        .or(self.data.views.first());
                    if let Some(v) = view {
                        let event =
                            progress::progress_ui(ui, &v.progress, &v.credential, v.lacking_proof);
                        if let Some(ProgressEvent::Renew) = event {
                            let dialog = RenewDialog::new(v.credential.id, self.logbook.today());
                            self.dialogs.open(Box::new(dialog));
                        }
                        ui.add_space(10.0);
                        ui.label(RichText::new("Progress over the cycle").strong());
                        chart::chart_ui(
                            ui,
                            &v.progress,
                            &v.timeline,
                            &v.plan_timeline,
                            self.logbook.today(),
                        );
                    }
                });
            });
    }

    /// The activity form at the bottom; returns its height.
    fn form_panel_ui(&mut self, ui: &mut egui::Ui, now: f64, actions: &mut Vec<Action>) -> f32 {
        let Some(form) = &mut self.form else {
            return 0.0;
        };
        let mut outcome = None;
        let panel = egui::Panel::bottom("form").resizable(false).show(ui, |ui| {
            ui.add_space(8.0);
            let certificates = form
                .editing
                .and_then(|id| self.data.certificates.get(&id))
                .map(Vec::as_slice)
                .unwrap_or_default();
            let credentials: Vec<_> = self.data.credentials().collect();
            outcome = form.ui(
                ui,
                &self.logbook.rules().kinds,
                self.logbook.today(),
                certificates,
                &credentials,
            );
            ui.add_space(8.0);
        });
        // A panel is placed by its height of the frame before: when the form grows (an error,
        // another kind, a scroll area sizing itself), the frame is laid out again at once
        // rather than showing the buttons below the window for a frame.
        let height = panel.response.rect.height();
        let id = egui::Id::unique("form-panel-height");
        let before: Option<f32> = ui.ctx().data_mut(|d| {
            let before = d.get_temp(id);
            d.insert_temp(id, height);
            before
        });
        if before.is_some_and(|b| (b - height).abs() > 0.5) {
            ui.ctx().request_discard("the form's height changed");
        }
        let editing = form.editing;
        match outcome {
            Some(FormOutcome::Save {
                id,
                data,
                certificates,
            }) => actions.push(if certificates.is_empty() {
                Action::SaveActivity { id, data }
            } else {
                // Only a new activity's form holds files to attach on saving.
                Action::Long(Long::Add { data, certificates })
            }),
            Some(FormOutcome::Cancel) => self.form = None,
            Some(FormOutcome::Attach(path)) => {
                if let Some(activity) = editing {
                    actions.push(Action::Long(Long::Attach {
                        activity,
                        paths: vec![path],
                    }));
                }
            }
            Some(FormOutcome::Detach(hash)) => {
                if let Some(activity) = editing {
                    actions.push(Action::Detach { activity, hash });
                }
            }
            Some(FormOutcome::Open(a)) => {
                let path = self.logbook.store().attachment_path(&a);
                if let Err(e) = opener::open(&path) {
                    let text = format!(
                        "Cannot open {}: {e}. The file is {}",
                        a.name,
                        path.display()
                    );
                    self.notify(now, text, true);
                }
            }
            None => {}
        }
        panel.response.rect.height()
    }

    fn shortcuts(&mut self, ui: &mut egui::Ui, now: f64, actions: &mut Vec<Action>) {
        // The logbook's keys only when they belong to nobody else: not in a dialog or the
        // welcome view, not while typing, and Enter and the arrows not while a button or other
        // widget has the keyboard focus (Enter presses it).
        if !self.dialogs.is_empty() || self.data.views.is_empty() {
            return;
        }
        let typing = ui.ctx().egui_wants_keyboard_input();
        let focused = typing || ui.ctx().memory(|m| m.focused().is_some());
        let (new, undo, delete, enter, up, down) = ui.input_mut(|i| {
            let new = i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::N));
            let undo =
                !typing && i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::Z));
            let delete = !typing && i.consume_key(Modifiers::NONE, Key::Delete);
            let enter =
                !focused && self.form.is_none() && i.consume_key(Modifiers::NONE, Key::Enter);
            let up = !focused && i.consume_key(Modifiers::NONE, Key::ArrowUp);
            let down = !focused && i.consume_key(Modifiers::NONE, Key::ArrowDown);
            (new, undo, delete, enter, up, down)
        });
        if new {
            self.open_form(None);
        }
        if undo && self.undo.as_ref().is_some_and(|(_, until)| now < *until) {
            actions.push(Action::Undo);
        }
        if let Some(id) = self.table.selected {
            if delete {
                actions.push(Action::DeleteActivity(id));
            }
            if enter {
                self.open_form(Some(id));
            }
        }
        if up || down {
            self.table
                .step_selection(&self.data, if up { -1 } else { 1 });
        }
    }

    /// Files dropped onto the window: a spreadsheet (CSV, TSV, XLSX, ODS) opens the import
    /// preview; anything else is a certificate for the activity being edited or selected, or,
    /// with none, the start of a new activity filled in from it.
    fn dropped_files(&mut self, ui: &mut egui::Ui, now: f64, actions: &mut Vec<Action>) {
        let dropped: Vec<PathBuf> = ui.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_owned())
                .collect()
        });
        if dropped.is_empty() {
            return;
        }
        let (sheets, certificates): (Vec<PathBuf>, Vec<PathBuf>) =
            dropped.into_iter().partition(|p| is_spreadsheet(p));
        if let Some(path) = sheets.first() {
            self.dialogs
                .open(Box::new(ImportDialog::new(Some(path), None)));
        }
        if certificates.is_empty() {
            return;
        }
        // A new activity being written takes them when it is saved.
        if let Some(form) = self.form.as_mut().filter(|f| f.editing.is_none()) {
            form.add_pending(certificates);
            return;
        }
        let target = self
            .form
            .as_ref()
            .and_then(|f| f.editing)
            .or(self.table.selected);
        match target {
            Some(activity) => actions.push(Action::Long(Long::Attach {
                activity,
                paths: certificates,
            })),
            // A certificate on its own is a new activity, filled in from what it says.
            None => {
                self.open_form_from_certificate(now, &certificates[0]);
                // The others dropped with it go with it.
                if let Some(form) = self.form.as_mut() {
                    form.add_pending(certificates[1..].to_vec());
                }
            }
        }
    }

    fn notice_ui(
        &mut self,
        ui: &mut egui::Ui,
        now: f64,
        bottom_inset: f32,
        actions: &mut Vec<Action>,
    ) {
        if self.undo.as_ref().is_some_and(|(_, until)| now >= *until) {
            self.forget_undo();
        }
        let Some(notice) = &self.notice else { return };
        let (text, error, until) = (notice.text.clone(), notice.error, notice.until);
        let folder = notice.folder.clone();
        if now >= until {
            self.notice = None;
            return;
        }
        let ctx = ui.ctx().clone();
        let mut open_failed = None;
        ctx.request_repaint_after(std::time::Duration::from_secs_f64((until - now).max(0.05)));
        // A long notice (an error naming a file's path) wraps within the window, its buttons
        // beside it, rather than running off both sides of a small window.
        let text_width = (ctx.content_rect().width() - NOTICE_MARGINS).max(160.0);
        egui::Area::new(egui::Id::unique("notice"))
            .anchor(egui::Align2::CENTER_BOTTOM, [0.0, -16.0 - bottom_inset])
            .order(egui::Order::Foreground)
            .show(&ctx, |ui| {
                egui::Frame::popup(ui.style())
                    .inner_margin(10.0)
                    .show(ui, |ui| {
                        ui.horizontal(|ui| {
                            let mut text = RichText::new(&text);
                            if error {
                                text = text.color(ui.visuals().error_fg_color);
                            }
                            ui.scope(|ui| {
                                ui.set_max_width(text_width);
                                ui.add(egui::Label::new(text).wrap());
                            });
                            if self.undo.is_some()
                                && ui.button("Undo").on_hover_text("Ctrl+Z").clicked()
                            {
                                actions.push(Action::Undo);
                            }
                            if let Some(folder) = &folder
                                && ui.button("Open folder").clicked()
                                && let Err(e) = opener::open(folder)
                            {
                                open_failed = Some(format!(
                                    "Cannot open the folder {}: {e}",
                                    folder.display()
                                ));
                            }
                            if ui.small_button("×").on_hover_text("Dismiss").clicked() {
                                self.notice = None;
                            }
                        });
                    });
            });
        if let Some(message) = open_failed {
            self.notify(now, message, true);
        }
    }
}

/// What a notice's text leaves of the window's width: the notice's frame and the room for
/// its buttons (Undo, Open folder, ×).
const NOTICE_MARGINS: f32 = 260.0;

/// Whether a dropped file is one to import: a workbook by its content (a ZIP, as XLSX and
/// ODS are; certificates never are), or CSV and TSV by their name, since text has no magic.
fn is_spreadsheet(path: &std::path::Path) -> bool {
    let mut magic = [0u8; 4];
    let zipped = std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut magic))
        .is_ok_and(|()| magic == *b"PK\x03\x04");
    zipped
        || path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| ["csv", "tsv"].iter().any(|x| e.eq_ignore_ascii_case(x)))
}
