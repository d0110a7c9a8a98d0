//! The window: state, the one place changes are applied, and the layout of the panels.
//!
//! Data flows one way: a panel returns what the user asked for (an [`Action`]); [`Session::apply`]
//! writes it through the store, updates the in-memory [`Data`] and re-derives progress; the
//! panels then draw from `Data`.

mod browse;
mod chart;
mod data;
mod files;
mod form;
mod progress;
mod table;
mod welcome;
mod widgets;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use egui::{Key, KeyboardShortcut, Modifiers, RichText};
use serde::{Deserialize, Serialize};

use crate::domain::proof::{FileState, check_person_name};
use crate::domain::transfer::write_csv;
use crate::domain::{Activity, ActivityData, Credential, CredentialSpec, RuleBook};
use crate::output;
use crate::store::{Removed, Store};
use data::Data;
use form::{Form, FormOutcome};
use progress::{ProgressEvent, RenewForm, RenewOutcome};
use table::{TableEvent, TableState};
use welcome::CredentialForm;

/// How often the window looks for changes made by another process (the command line).
const POLL_SECONDS: f64 = 1.0;
/// How long the "Deleted … Undo" notice stays.
const UNDO_SECONDS: f64 = 12.0;

/// What "today" is: the local date in the real window, a fixed one in tests and with --today.
pub type Clock = Box<dyn Fn() -> NaiveDate>;

/// Opens the window on the logbook at `db`.
pub fn run(db: PathBuf, clock: Clock) -> anyhow::Result<()> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("CE Logbook")
            .with_app_id("ce-logbook")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([760.0, 480.0]),
        ..Default::default()
    };
    eframe::run_native(
        "CE Logbook",
        options,
        Box::new(move |cc| Ok(Box::new(LogbookApp::new(cc, db, clock)))),
    )
    .map_err(|e| {
        anyhow::anyhow!(
            "cannot open the window ({e}); the command line works without one: ce-logbook --help"
        )
    })
}

/// What is remembered between runs (besides the window's size and place, which eframe keeps).
/// The logbook's data lives only in SQLite.
#[derive(Default, Serialize, Deserialize)]
#[serde(default)]
struct ViewSettings {
    credential: Option<i64>,
    query: table::Query,
}

const SETTINGS_KEY: &str = "ce-logbook-view";

pub struct LogbookApp {
    screen: Screen,
    clock: Clock,
    path: PathBuf,
}

enum Screen {
    /// Paint first, read next: the first frame neither waits for the read nor shares the
    /// machine with it.
    Starting {
        settings: ViewSettings,
        painted: bool,
    },
    /// Checking and reading the logbook in the background.
    Opening {
        receiver: std::sync::mpsc::Receiver<anyhow::Result<Session>>,
    },
    /// The logbook cannot be used; nothing was changed.
    Failed {
        message: String,
        /// For a damaged logbook: the newest backup, offered for restoring.
        backup: Option<PathBuf>,
    },
    Open(Box<Session>),
}

/// What the user asked for, applied in one place.
enum Action {
    SaveActivity {
        id: Option<i64>,
        data: ActivityData,
        /// Certificate files for a new activity, checked before anything is saved.
        certificates: Vec<PathBuf>,
    },
    DeleteActivity(i64),
    Undo,
    AddCredential {
        spec: CredentialSpec,
        certified: NaiveDate,
    },
    Renew {
        credential: i64,
        on: NaiveDate,
    },
    /// Certificates for an activity: every file is checked before any is copied.
    Attach {
        activity: i64,
        paths: Vec<PathBuf>,
    },
    Detach {
        activity: i64,
        hash: String,
    },
    Import(Vec<ActivityData>),
    Export(PathBuf),
    Packet {
        credential: i64,
        path: PathBuf,
    },
    Report {
        credential: i64,
        path: PathBuf,
    },
    Calendar(PathBuf),
    SetName(String),
}

struct Notice {
    text: String,
    error: bool,
    until: f64,
    /// A folder the notice offers to open (where a file was just saved).
    folder: Option<PathBuf>,
}

struct Session {
    rules: RuleBook,
    store: Store,
    data: Data,
    today: NaiveDate,
    data_version: i64,
    next_poll: f64,
    /// The credential shown in the progress panel.
    credential: Option<i64>,
    table: TableState,
    form: Option<Form>,
    add_credential: Option<CredentialForm>,
    welcome: CredentialForm,
    renew: Option<RenewForm>,
    import: Option<files::ImportDialog>,
    export: Option<files::ExportDialog>,
    packet: Option<files::PacketDialog>,
    /// The last deleted activity, while Undo is offered.
    undo: Option<(Removed, f64)>,
    notice: Option<Notice>,
}

impl LogbookApp {
    /// The window on the logbook at `db`. It paints at once however large the logbook is:
    /// the logbook is read on a background thread after the first frame.
    pub fn new(cc: &eframe::CreationContext<'_>, db: PathBuf, clock: Clock) -> Self {
        let settings: ViewSettings = cc
            .storage
            .and_then(|s| eframe::get_value(s, SETTINGS_KEY))
            .unwrap_or_default();
        LogbookApp {
            screen: Screen::Starting {
                settings,
                painted: false,
            },
            clock,
            path: db,
        }
    }

    /// Starts reading the logbook on a background thread; the window keeps painting.
    fn start_opening(&self, ctx: &egui::Context, settings: ViewSettings) -> Screen {
        let today = (self.clock)();
        let (sender, receiver) = std::sync::mpsc::channel();
        let ctx = ctx.clone();
        let path = self.path.clone();
        let spawned = std::thread::Builder::new()
            .name("open-logbook".to_owned())
            .spawn(move || {
                // The window may be gone already; then nobody needs the answer.
                let _ = sender.send(Session::open(&path, today, settings));
                ctx.request_repaint();
            });
        match spawned {
            Ok(_) => Screen::Opening { receiver },
            Err(e) => Screen::Failed {
                message: format!("cannot start reading the logbook: {e}"),
                backup: None,
            },
        }
    }
}

impl Session {
    fn open(path: &Path, today: NaiveDate, settings: ViewSettings) -> anyhow::Result<Session> {
        let rules = RuleBook::builtin()?;
        let store = Store::open(path)?;
        // At most one automatic copy a day; if it fails the work goes on, and the user is told.
        let backup_failed = store.daily_backup(today).err().map(|e| Notice {
            text: format!("Today's automatic backup failed: {e}"),
            error: true,
            until: 30.0,
            folder: None,
        });
        let data = Data::load(&store, &rules, today)?;
        let data_version = store.data_version()?;
        let credential = settings
            .credential
            .filter(|id| data.credential_index(*id).is_some())
            .or_else(|| data.credentials.first().map(|c| c.id));
        Ok(Session {
            rules,
            store,
            data,
            today,
            data_version,
            next_poll: 0.0,
            credential,
            table: TableState::new(settings.query),
            form: None,
            add_credential: None,
            welcome: CredentialForm::new(today),
            renew: None,
            import: None,
            export: None,
            packet: None,
            undo: None,
            notice: backup_failed,
        })
    }

    fn settings(&self) -> ViewSettings {
        ViewSettings {
            credential: self.credential,
            query: self.table.query.clone(),
        }
    }

    fn notify(&mut self, now: f64, text: impl Into<String>, error: bool) {
        self.notice = Some(Notice {
            text: text.into(),
            error,
            until: now + if error { 20.0 } else { 5.0 },
            folder: None,
        });
    }

    /// Says a file was saved, and offers to open its folder (for a while longer).
    fn notify_saved(&mut self, now: f64, text: String, path: &Path, error: bool) {
        self.notice = Some(Notice {
            text,
            error,
            until: now + 15.0,
            folder: path.parent().map(Path::to_owned),
        });
    }

    /// Writes through the store, then brings the in-memory data in step. A failure is shown
    /// where the user looks, and nothing in memory changes.
    fn apply(&mut self, action: Action, now: f64) {
        let result = self.try_apply(action, now);
        if let Err(e) = result {
            self.notify(now, format!("Not saved: {e:#}"), true);
        }
    }

    fn try_apply(&mut self, action: Action, now: f64) -> anyhow::Result<()> {
        match action {
            Action::SaveActivity {
                id: None,
                data,
                certificates,
            } => {
                // A bad certificate file saves nothing: it is named, and the form stays.
                let checked = output::read_certificates(&certificates)?;
                let id = self.store.add_activity(&data)?;
                self.data.activities.push(Activity { id, data });
                self.table.selected = Some(id);
                self.form = None;
                let mut failed = None;
                for c in checked {
                    match self.store.attach(id, &c.name, &c.bytes, c.file_type) {
                        Ok(a) => self
                            .data
                            .certificates
                            .entry(id)
                            .or_default()
                            .push((a, FileState::Ok)),
                        Err(e) => {
                            failed = Some(format!("Saved, but {} was not attached: {e}", c.name))
                        }
                    }
                }
                match failed {
                    Some(message) => self.notify(now, message, true),
                    None => self.notify(now, "Saved.", false),
                }
            }
            Action::SaveActivity {
                id: Some(id), data, ..
            } => {
                self.store.update_activity(id, &data)?;
                if let Some(a) = self.data.activities.iter_mut().find(|a| a.id == id) {
                    a.data = data;
                }
                self.form = None;
                self.notify(now, "Saved.", false);
            }
            Action::DeleteActivity(id) => {
                // A second delete ends the first one's undo: its certificates can go (before
                // this removal, whose own certificates must stay while it can be undone).
                self.forget_undo();
                let removed = self.store.remove_activity(id)?;
                self.data.activities.retain(|a| a.id != id);
                self.data.certificates.remove(&id);
                if self.form.as_ref().is_some_and(|f| f.editing == Some(id)) {
                    self.form = None;
                }
                self.table.selected = None;
                self.notice = Some(Notice {
                    text: format!("Deleted “{}”.", removed.activity.data.title),
                    error: false,
                    until: now + UNDO_SECONDS,
                    folder: None,
                });
                self.undo = Some((removed, now + UNDO_SECONDS));
            }
            Action::Undo => {
                let Some((removed, _)) = self.undo.take() else {
                    return Ok(());
                };
                if let Err(e) = self.store.restore_activity(&removed) {
                    self.undo = Some((removed, now + UNDO_SECONDS));
                    return Err(e.into());
                }
                self.table.selected = Some(removed.activity.id);
                let title = removed.activity.data.title.clone();
                self.data.restore(removed, &self.store);
                self.notify(now, format!("Restored “{title}”."), false);
            }
            Action::AddCredential { spec, certified } => {
                let id = self.store.add_credential(&spec, certified)?;
                self.reload_credentials()?;
                self.credential = Some(id);
                self.add_credential = None;
            }
            Action::Renew { credential, on } => {
                self.store.renew_credential(credential, on)?;
                self.reload_credentials()?;
                self.renew = None;
                self.notify(now, format!("New cycle from {on}."), false);
            }
            Action::Attach { activity, paths } => {
                let mut names = Vec::new();
                for c in output::read_certificates(&paths)? {
                    let a = self
                        .store
                        .attach(activity, &c.name, &c.bytes, c.file_type)?;
                    let name = c.name;
                    let list = self.data.certificates.entry(activity).or_default();
                    if !list.iter().any(|(x, _)| x.hash == a.hash) {
                        list.push((a, FileState::Ok));
                    }
                    names.push(name);
                }
                let title = self
                    .data
                    .activity(activity)
                    .map(|a| a.data.title.clone())
                    .unwrap_or_default();
                self.notify(
                    now,
                    format!("Attached {} to “{title}”.", names.join(", ")),
                    false,
                );
            }
            Action::Detach { activity, hash } => {
                let gone = self.store.detach(activity, &hash)?;
                if let Some(list) = self.data.certificates.get_mut(&activity) {
                    list.retain(|(a, _)| a.hash != hash);
                }
                // The file goes if nothing else refers to it; failing leaves it for later.
                let _ = self.store.sweep_attachments();
                self.notify(
                    now,
                    format!("Removed the certificate {}.", gone.name),
                    false,
                );
            }
            Action::Import(rows) => {
                let ids = self.store.add_activities(&rows)?;
                let count = ids.len();
                self.data.activities.extend(
                    ids.into_iter()
                        .zip(rows)
                        .map(|(id, data)| Activity { id, data }),
                );
                self.import = None;
                let count = output::count(count, "activity", "activities");
                self.notify(now, format!("Imported {count}."), false);
            }
            Action::Export(path) => {
                let bytes = write_csv(self.data.activities.iter().map(|a| &a.data))?;
                output::write_atomically(&path, &bytes)?;
                self.export = None;
                let n = self.data.activities.len();
                self.notify(
                    now,
                    format!(
                        "Exported {} to {}.",
                        output::count(n, "activity", "activities"),
                        path.display()
                    ),
                    false,
                );
                return Ok(());
            }
            Action::Packet { credential, path } => {
                let w =
                    output::write_packet(&self.store, &self.rules, credential, self.today, &path)?;
                let mut text = format!(
                    "Saved the packet ({}, {}) to {}.",
                    output::count(w.activities, "activity", "activities"),
                    output::count(w.certificates, "certificate", "certificates"),
                    path.display()
                );
                if !w.unusable.is_empty() {
                    text.push_str(&format!(
                        " Left out, missing or changed: {}. Attach the originals again.",
                        w.unusable.join(", ")
                    ));
                }
                self.notify_saved(now, text, &path, !w.unusable.is_empty());
                return Ok(());
            }
            Action::Report { credential, path } => {
                output::write_report(&self.store, &self.rules, credential, self.today, &path)?;
                self.notify(
                    now,
                    format!("Saved the transcript to {}.", path.display()),
                    false,
                );
                return Ok(());
            }
            Action::Calendar(path) => {
                let n = output::write_calendar(&self.store, &self.rules, self.today, &path)?;
                self.notify(
                    now,
                    format!(
                        "Saved the deadlines of {n} credential(s) to {}.",
                        path.display()
                    ),
                    false,
                );
                return Ok(());
            }
            Action::SetName(name) => {
                let name = check_person_name(&name)?;
                self.store.set_person_name(&name)?;
                return Ok(());
            }
        }
        self.data.derive(&self.rules, self.today);
        Ok(())
    }

    fn reload_credentials(&mut self) -> anyhow::Result<()> {
        self.data.credentials = self
            .store
            .credentials()?
            .into_iter()
            .map(|r| Credential::resolve(r, &self.rules))
            .collect::<Result<_, _>>()?;
        Ok(())
    }

    /// Picks up what another process (the command line, a second window) wrote, and a new day.
    fn poll(&mut self, now: f64, today: NaiveDate) {
        if now < self.next_poll {
            return;
        }
        self.next_poll = now + POLL_SECONDS;
        let version = match self.store.data_version() {
            Ok(v) => v,
            Err(e) => return self.notify(now, format!("Cannot read the logbook: {e}"), true),
        };
        if version != self.data_version {
            match Data::load(&self.store, &self.rules, today) {
                Ok(mut data) => {
                    data.generation = self.data.generation + 1;
                    self.data = data;
                    self.data_version = version;
                    self.today = today;
                    if self
                        .credential
                        .and_then(|id| self.data.credential_index(id))
                        .is_none()
                    {
                        self.credential = self.data.credentials.first().map(|c| c.id);
                    }
                }
                Err(e) => self.notify(now, format!("Cannot read the logbook: {e:#}"), true),
            }
        } else if today != self.today {
            self.today = today;
            self.data.derive(&self.rules, today);
        }
    }

    fn open_form(&mut self, editing: Option<i64>) {
        let bodies = self.data.approving_bodies(&self.rules);
        let categories = self.data.categories();
        self.form = match editing.and_then(|id| self.data.activity(id)) {
            Some(activity) => Some(Form::edit(activity, bodies, categories)),
            None => Some(Form::new(self.today, bodies, categories)),
        };
    }

    fn ui(&mut self, ui: &mut egui::Ui) {
        let now = ui.input(|i| i.time);
        let mut actions = Vec::new();
        let mut bottom_inset = 0.0;
        self.shortcuts(ui, now, &mut actions);
        self.dropped_files(ui, now, &mut actions);

        egui::Panel::top("top-bar").show(ui, |ui| self.top_bar_ui(ui));

        if self.data.credentials.is_empty() {
            egui::CentralPanel::default().show(ui, |ui| {
                if let Some((spec, certified)) =
                    welcome::welcome_ui(ui, &mut self.welcome, &self.rules, self.today)
                {
                    actions.push(Action::AddCredential { spec, certified });
                }
            });
        } else {
            egui::Panel::left("progress")
                .resizable(true)
                .default_size(380.0)
                .size_range(300.0..=560.0)
                .show(ui, |ui| {
                    egui::ScrollArea::vertical().show(ui, |ui| {
                        ui.add_space(8.0);
                        let index = self
                            .credential
                            .and_then(|id| self.data.credential_index(id))
                            .unwrap_or(0);
                        if let (Some(p), Some(c)) = (
                            self.data.progress.get(index),
                            self.data.credentials.get(index),
                        ) {
                            let lacking = self.data.lacking_proof.get(index).copied().unwrap_or(0);
                            if let Some(ProgressEvent::Renew) =
                                progress::progress_ui(ui, p, c, lacking)
                            {
                                self.renew = Some(RenewForm::new(c.id, self.today));
                            }
                            ui.add_space(10.0);
                            ui.label(RichText::new("Progress over the cycle").strong());
                            chart::chart_ui(ui, p, &self.data.timelines[index], self.today);
                        }
                    });
                });
            if let Some(form) = &mut self.form {
                let mut outcome = None;
                let panel = egui::Panel::bottom("form").resizable(false).show(ui, |ui| {
                    ui.add_space(8.0);
                    let certificates = form
                        .editing
                        .and_then(|id| self.data.certificates.get(&id))
                        .map(Vec::as_slice)
                        .unwrap_or_default();
                    outcome = form.ui(ui, &self.rules.kinds, self.today, certificates);
                    ui.add_space(8.0);
                });
                // Notices sit above the form, never over its buttons.
                bottom_inset = panel.response.rect.height();
                match outcome {
                    Some(FormOutcome::Save {
                        id,
                        data,
                        certificates,
                    }) => actions.push(Action::SaveActivity {
                        id,
                        data,
                        certificates,
                    }),
                    Some(FormOutcome::Cancel) => self.form = None,
                    Some(FormOutcome::Attach(path)) => {
                        if let Some(activity) = self.form.as_ref().and_then(|f| f.editing) {
                            actions.push(Action::Attach {
                                activity,
                                paths: vec![path],
                            });
                        }
                    }
                    Some(FormOutcome::Detach(hash)) => {
                        if let Some(activity) = self.form.as_ref().and_then(|f| f.editing) {
                            actions.push(Action::Detach { activity, hash });
                        }
                    }
                    Some(FormOutcome::Open(a)) => {
                        let path = self.store.attachment_path(&a);
                        if let Err(e) = opener::open(&path) {
                            self.notify(
                                ui.input(|i| i.time),
                                format!(
                                    "Cannot open {}: {e}. The file is {}",
                                    a.name,
                                    path.display()
                                ),
                                true,
                            );
                        }
                    }
                    None => {}
                }
            }
            egui::CentralPanel::default().show(ui, |ui| {
                if table::toolbar_ui(ui, &mut self.table, &self.data) {
                    self.open_form(None);
                }
                ui.separator();
                if let Some(TableEvent::Edit(id)) =
                    table::table_ui(ui, &mut self.table, &self.data, &self.rules)
                {
                    self.open_form(Some(id));
                }
            });
        }

        self.dialogs_ui(ui, &mut actions);
        self.notice_ui(ui, now, bottom_inset, &mut actions);
        for action in actions {
            self.apply(action, now);
        }
    }

    fn shortcuts(&mut self, ui: &mut egui::Ui, now: f64, actions: &mut Vec<Action>) {
        // The logbook's keys only when they belong to nobody else: not in a dialog or the
        // welcome view, not while typing, and Enter and the arrows not while a button or other
        // widget has the keyboard focus (Enter presses it).
        if self.add_credential.is_some()
            || self.renew.is_some()
            || self.import.is_some()
            || self.export.is_some()
            || self.packet.is_some()
            || self.data.credentials.is_empty()
        {
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

    /// Files dropped onto the window: a CSV opens the import preview; anything else is a
    /// certificate for the activity being edited or selected.
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
        let (csv, certificates): (Vec<PathBuf>, Vec<PathBuf>) = dropped
            .into_iter()
            .partition(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv")));
        if let Some(path) = csv.first() {
            let mut dialog = files::ImportDialog::new(Some(path));
            dialog.preview(&self.rules.kinds, self.today, &self.data.activities);
            self.import = Some(dialog);
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
            Some(activity) => actions.push(Action::Attach {
                activity,
                paths: certificates,
            }),
            None => self.notify(
                now,
                "Select the activity first (or open it to edit), then drop its certificate.",
                true,
            ),
        }
    }

    fn top_bar_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            ui.label(RichText::new("CE Logbook").size(18.0).strong());
            ui.separator();
            for (c, p) in self.data.credentials.iter().zip(&self.data.progress) {
                widgets::dot_ui(ui, widgets::state_color(p.state, ui.visuals().dark_mode));
                let selected = self.credential == Some(c.id);
                let tab = ui.selectable_label(selected, c.name());
                if tab
                    .on_hover_text(format!("{}: {}", c.name(), p.state.label()))
                    .clicked()
                {
                    self.credential = Some(c.id);
                }
            }
            if !self.data.credentials.is_empty()
                && ui
                    .button("+ Credential")
                    .on_hover_text("Add another credential you hold")
                    .clicked()
            {
                self.add_credential = Some(CredentialForm::new(self.today));
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                egui::global_theme_preference_buttons(ui);
                ui.separator();
                if let Some(id) = self.credential.filter(|_| !self.data.credentials.is_empty()) {
                    let packet = ui.button("Packet…").on_hover_text(
                        "The transcript and certificates to send or keep for an audit; the calendar of deadlines",
                    );
                    if packet.clicked() {
                        let person = self.store.person_name().ok().flatten();
                        self.packet = Some(files::PacketDialog::new(id, person));
                    }
                }
                if ui.button("Export…").on_hover_text("Write every activity to a CSV file").clicked() {
                    self.export = Some(files::ExportDialog::new(self.today));
                }
                if ui.button("Import…").on_hover_text("Add the activities of a CSV file").clicked() {
                    self.import = Some(files::ImportDialog::new(None));
                }
                ui.weak(self.store.path().display().to_string())
                    .on_hover_text("The logbook file: everything you log is kept here.");
            });
        });
    }

    fn dialogs_ui(&mut self, ui: &mut egui::Ui, actions: &mut Vec<Action>) {
        let ctx = ui.ctx().clone();
        let escape = ctx.input(|i| i.key_pressed(Key::Escape));
        if let Some(dialog) = &mut self.import {
            // Esc while browsing closes only the browser.
            let escape = escape && !dialog.browsing();
            let mut open = true;
            let mut rows = None;
            egui::Window::new("Import activities")
                .open(&mut open)
                .collapsible(false)
                .default_width(640.0)
                .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
                .show(&ctx, |ui| {
                    rows = dialog.ui(ui, &self.rules.kinds, self.today, &self.data.activities)
                });
            if let Some(rows) = rows {
                actions.push(Action::Import(rows));
            } else if !open || escape {
                self.import = None;
            }
        }
        if let Some(dialog) = &mut self.export {
            let escape = escape && !dialog.browsing();
            let mut open = true;
            let mut path = None;
            egui::Window::new("Export activities")
                .open(&mut open)
                .collapsible(false)
                .resizable(false)
                .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
                .show(&ctx, |ui| path = dialog.ui(ui, self.data.activities.len()));
            if let Some(path) = path {
                actions.push(Action::Export(path));
            } else if !open || escape {
                self.export = None;
            }
        }
        if let Some(dialog) = &mut self.packet {
            let index = self.data.credential_index(dialog.credential);
            let (Some(p), Some(lacking)) = (
                index.and_then(|i| self.data.progress.get(i)),
                index.and_then(|i| self.data.lacking_proof.get(i)),
            ) else {
                self.packet = None;
                return;
            };
            let certificates = index
                .and_then(|i| self.data.counted_certificates.get(i))
                .copied()
                .unwrap_or(0);
            let escape = escape && !dialog.browsing();
            let mut open = true;
            let mut requests = Vec::new();
            egui::Window::new("Recertification packet")
                .open(&mut open)
                .collapsible(false)
                .resizable(false)
                .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
                .show(&ctx, |ui| {
                    requests = dialog.ui(ui, &p.name, *lacking, certificates, self.today)
                });
            let credential = dialog.credential;
            for request in requests {
                actions.push(match request {
                    files::PacketRequest::Name(name) => Action::SetName(name),
                    files::PacketRequest::Packet(path) => Action::Packet { credential, path },
                    files::PacketRequest::Report(path) => Action::Report { credential, path },
                    files::PacketRequest::Calendar(path) => Action::Calendar(path),
                });
            }
            if !open || escape {
                self.packet = None;
            }
        }
        if let Some(form) = &mut self.add_credential {
            let mut open = true;
            let mut added = None;
            egui::Window::new("Add a credential")
                .open(&mut open)
                .collapsible(false)
                .resizable(false)
                .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
                .show(&ctx, |ui| added = form.ui(ui, &self.rules, self.today));
            if let Some((spec, certified)) = added {
                actions.push(Action::AddCredential { spec, certified });
            } else if !open || ctx.input(|i| i.key_pressed(Key::Escape)) {
                self.add_credential = None;
            }
        }
        if let Some(form) = &mut self.renew {
            let Some(index) = self.data.credential_index(form.credential) else {
                self.renew = None;
                return;
            };
            let credential = &self.data.credentials[index];
            let mut outcome = None;
            egui::Window::new("I recertified")
                .collapsible(false)
                .resizable(false)
                .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
                .show(&ctx, |ui| outcome = form.ui(ui, credential, self.today));
            match outcome {
                Some(RenewOutcome::Renew(on)) => actions.push(Action::Renew {
                    credential: credential.id,
                    on,
                }),
                Some(RenewOutcome::Cancel) => self.renew = None,
                None => {}
            }
        }
    }

    /// Undo is no longer offered: certificate files nothing refers to now go. A failure
    /// only leaves a file behind for the next sweep.
    fn forget_undo(&mut self) {
        if self
            .undo
            .take()
            .is_some_and(|(r, _)| !r.attachments.is_empty())
        {
            let _ = self.store.sweep_attachments();
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
        egui::Area::new(egui::Id::unique("notice"))
            .anchor(egui::Align2::CENTER_BOTTOM, [0.0, -16.0 - bottom_inset])
            .order(egui::Order::Foreground)
            .show(&ctx, |ui| {
                egui::Frame::popup(ui.style())
                    .inner_margin(10.0)
                    .show(ui, |ui| {
                        ui.horizontal(|ui| {
                            let text = RichText::new(&text);
                            if error {
                                ui.label(text.color(ui.visuals().error_fg_color));
                            } else {
                                ui.label(text);
                            }
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

impl eframe::App for LogbookApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        if let Screen::Starting { settings, painted } = &mut self.screen {
            if *painted {
                let settings = std::mem::take(settings);
                self.screen = self.start_opening(ui.ctx(), settings);
            } else {
                *painted = true;
                ui.ctx().request_repaint();
            }
        }
        if let Screen::Opening { receiver } = &self.screen {
            use std::sync::mpsc::TryRecvError;
            match receiver.try_recv() {
                Ok(Ok(session)) => self.screen = Screen::Open(Box::new(session)),
                Ok(Err(e)) => {
                    let damaged = matches!(
                        e.downcast_ref::<crate::store::StoreError>(),
                        Some(crate::store::StoreError::Damaged { .. })
                    );
                    self.screen = Screen::Failed {
                        message: format!("{e:#}"),
                        backup: damaged
                            .then(|| crate::store::newest_backup(&self.path))
                            .flatten(),
                    }
                }
                Err(TryRecvError::Empty) => {}
                Err(TryRecvError::Disconnected) => {
                    self.screen = Screen::Failed {
                        message: "reading the logbook stopped unexpectedly; nothing was changed"
                            .to_owned(),
                        backup: None,
                    }
                }
            }
        }
        match &mut self.screen {
            Screen::Starting { .. } | Screen::Opening { .. } => opening_ui(ui, &self.path),
            Screen::Failed { message, backup } => {
                if let Some(source) = error_screen_ui(ui, &self.path, message, backup.as_deref()) {
                    // The damaged file is moved into the backups folder, never deleted.
                    self.screen =
                        match crate::store::restore_logbook(&self.path, &source, (self.clock)()) {
                            Ok(_) => Screen::Starting {
                                settings: ViewSettings::default(),
                                painted: false,
                            },
                            Err(e) => Screen::Failed {
                                message: format!("The restore did not work: {e}"),
                                backup: None,
                            },
                        };
                }
            }
            Screen::Open(session) => {
                let now = ui.input(|i| i.time);
                session.poll(now, (self.clock)());
                session.ui(ui);
                ui.ctx()
                    .request_repaint_after(std::time::Duration::from_secs_f64(POLL_SECONDS));
            }
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        if let Screen::Open(session) = &self.screen {
            eframe::set_value(storage, SETTINGS_KEY, &session.settings());
        }
    }
}

fn opening_ui(ui: &mut egui::Ui, path: &Path) {
    egui::CentralPanel::default().show(ui, |ui| {
        ui.vertical_centered(|ui| {
            ui.add_space(120.0);
            ui.spinner();
            ui.label(RichText::new("Opening your logbook…").size(18.0));
            ui.weak(path.display().to_string());
        });
    });
}

/// The logbook cannot be used: say which file, why, and what to do. Nothing was changed.
/// Returns the backup to restore when the user asks for it.
fn error_screen_ui(
    ui: &mut egui::Ui,
    path: &Path,
    message: &str,
    backup: Option<&Path>,
) -> Option<PathBuf> {
    let mut restore = None;
    egui::CentralPanel::default().show(ui, |ui| {
        ui.vertical_centered(|ui| {
            ui.add_space(60.0);
            ui.label(
                RichText::new("This logbook cannot be opened")
                    .size(24.0)
                    .strong(),
            );
            ui.add_space(12.0);
            ui.label(RichText::new(path.display().to_string()).monospace());
            ui.add_space(12.0);
            ui.set_max_width(640.0);
            ui.label(message);
            ui.add_space(12.0);
            ui.label("The file was not changed.");
            if let Some(backup) = backup {
                ui.add_space(12.0);
                let name = backup
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let button = ui
                    .button(RichText::new(format!("Restore the newest backup ({name})")).strong());
                let button = button.on_hover_text(
                    "The damaged file is kept in the backups folder; the backup takes its place.",
                );
                if button.clicked() {
                    restore = Some(backup.to_owned());
                }
                ui.add_space(12.0);
            }
            ui.weak(
                "To use another logbook, start CE Logbook with --db PATH or set CE_LOGBOOK_DB. \
                 `ce-logbook --help` lists the commands.",
            );
        });
    });
    restore
}
