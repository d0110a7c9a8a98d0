//! The window: the eframe [`LogbookApp`] and its screens (starting, opening, failed, open),
//! the frame loop, and [`run`].
//!
//! Data flows one way: a panel or dialog returns what the user asked for (an `Action`);
//! `Session::apply` writes it through the [`Logbook`] service, updates the in-memory `Data` and re-derives
//! what `Action::rederive` names; the panels then draw from `Data`. Where each part lives:
//! `session` (the open logbook in memory), `actions` and `apply` (changes), `layout` (drawing
//! the open logbook), `top_bar`, `data` (per-credential views), `panels/`, `dialogs/`, `widgets`, `date_field`, `browse`.

mod actions;
mod apply;
mod browse;
mod daily;
mod data;
mod date_field;
mod dialogs;
mod jobs;
mod layout;
mod long_actions;
mod messages;
mod panels;
mod session;
mod top_bar;
mod widgets;

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use chrono::NaiveDate;
use egui::RichText;

use crate::domain::RuleBook;
use crate::logbook::backups::newest_backup;
use crate::logbook::tracker::Gate;
use crate::logbook::{self, Error, Logbook};
use crate::store::StoreError;
use jobs::{Background, Polled};
use messages::error_text;
use session::{POLL_SECONDS, Session, ViewSettings};

/// What "today" is: the local date in the real window, a fixed one in tests and with --today.
pub type Clock = Box<dyn Fn() -> NaiveDate>;

/// Opens the window on the logbook at `db`.
pub fn run(db: PathBuf, clock: Clock) -> anyhow::Result<()> {
    let settings_file = window_settings(&db);
    // The logbook is read while the window and its GL context are made, so a large logbook
    // is often on screen in the first frame; the spinner shows only while it is not.
    let context = Arc::new(OnceLock::<egui::Context>::new());
    let opening = {
        let context = context.clone();
        open_in_background(&db, clock(), saved_view(&settings_file), move || {
            if let Some(ctx) = context.get() {
                ctx.request_repaint();
            }
        })
    };
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("CE Logbook")
            // The desktop entry's name and StartupWMClass: the menu finds the window by it.
            .with_app_id(APP_ID)
            .with_icon(icon())
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([760.0, 480.0]),
        // Beside the logbook, so copying its folder moves everything the program keeps.
        persistence_path: Some(settings_file),
        ..Default::default()
    };
    eframe::run_native(
        "CE Logbook",
        options,
        Box::new(move |cc| {
            // Set before the first frame: an answer sent earlier is found by that frame.
            let _ = context.set(cc.egui_ctx.clone());
            Ok(Box::new(LogbookApp {
                screen: opening,
                clock,
                path: db,
                hold: None,
                timing: Timing::wanted(),
            }))
        }),
    )
    .map_err(|e| {
        anyhow::anyhow!(
            "cannot open the window ({e}); the command line works without one: ce-logbook --help"
        )
    })
}

const SETTINGS_KEY: &str = "ce-logbook-view";

/// The view saved in the window's settings file, read as eframe reads it (a RON map of RON
/// strings); the defaults when there is none or it cannot be read.
fn saved_view(file: &Path) -> ViewSettings {
    let saved = std::fs::read_to_string(file).ok().and_then(|text| {
        let map: std::collections::HashMap<String, String> = ron::from_str(&text).ok()?;
        ron::from_str(map.get(SETTINGS_KEY)?).ok()
    });
    saved.unwrap_or_default()
}

/// The window's settings file (size, place, the credential shown, the table's columns), in
/// the logbook's folder. Settings an older version kept in a folder of their own are moved
/// here once, and that folder goes if nothing else is in it. Settings are not precious: if
/// the move fails, the window starts with its defaults and says nothing.
fn window_settings(db: &Path) -> PathBuf {
    let file = db.parent().unwrap_or(Path::new(".")).join("window.ron");
    if let Some(old_folder) = eframe::storage_dir(APP_ID) {
        move_old_settings(&old_folder, &file);
    }
    file
}

/// Moves `old_folder/app.ron` to `file` unless `file` is there already; removes the old
/// folder when that leaves it empty.
fn move_old_settings(old_folder: &Path, file: &Path) {
    let old = old_folder.join("app.ron");
    if file.exists() || !old.exists() || Some(old_folder) == file.parent() {
        return;
    }
    if let Some(folder) = file.parent()
        && std::fs::create_dir_all(folder).is_err()
    {
        return;
    }
    let moved = std::fs::rename(&old, file)
        .or_else(|_| std::fs::copy(&old, file).and_then(|_| std::fs::remove_file(&old)));
    if moved.is_ok() {
        // Only an empty folder is removed.
        let _ = std::fs::remove_dir(old_folder);
    }
}

/// The desktop entry and AppStream id (assets/desktop/), also the window's class.
pub const APP_ID: &str = "org.celogbook.CELogbook";

/// The window's icon, drawn for CE Logbook (assets/icons/). It is built in, so it cannot be
/// missing; were it unreadable the window would simply show the system's default.
fn icon() -> egui::IconData {
    eframe::icon_data::from_png_bytes(include_bytes!("../../assets/icons/ce-logbook-256.png"))
        .unwrap_or_default()
}

pub struct LogbookApp {
    screen: Screen,
    clock: Clock,
    path: PathBuf,
    /// Given to the session: holds its jobs in flight (tests of long work).
    hold: Option<Gate>,
    timing: Option<Timing>,
}

/// With `CE_LOGBOOK_TIMING` set, the window says on stderr when its first frame and its first
/// frame with the logbook's data were on screen: `CE_LOGBOOK_TIMING first_frame|data_on_screen
/// <ns since the epoch>`, said as the next frame starts (the one in question is painted then).
/// For scripts/startup.sh, which times examples/bare_window.rs the same way.
#[derive(Default)]
struct Timing {
    /// What a frame drew first, with that frame's number, until it is said.
    drawn: Vec<(&'static str, u64)>,
    first_said: bool,
    data_said: bool,
}

impl Timing {
    fn wanted() -> Option<Timing> {
        std::env::var_os("CE_LOGBOOK_TIMING").map(|_| Timing::default())
    }

    fn frame_starts(&mut self, ctx: &egui::Context) {
        let frame = ctx.cumulative_frame_nr();
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
        let now = now.unwrap_or_default().as_nanos();
        for (what, _) in self.drawn.extract_if(.., |(_, drawn)| frame > *drawn) {
            eprintln!("CE_LOGBOOK_TIMING {what} {now}");
        }
    }

    /// Notes what this frame drew first (the logbook's data may be in the first frame).
    fn frame_ends(&mut self, ctx: &egui::Context, data: bool) {
        let frame = ctx.cumulative_frame_nr();
        if !self.first_said {
            self.first_said = true;
            self.drawn.push(("first_frame", frame));
        }
        if data && !self.data_said {
            self.data_said = true;
            self.drawn.push(("data_on_screen", frame));
        }
        if !self.drawn.is_empty() {
            ctx.request_repaint();
        }
    }
}

enum Screen {
    /// Paint first, read next (a window made by [`LogbookApp::new`], and after a restore):
    /// the first frame neither waits for the read nor shares the machine with it. [`run`]
    /// starts in `Opening` instead, the read begun before the window is made.
    Starting {
        settings: ViewSettings,
        painted: bool,
    },
    /// Checking and reading the logbook in the background.
    Opening {
        receiver: std::sync::mpsc::Receiver<logbook::Result<Session>>,
    },
    /// Putting the newest backup in place of a damaged logbook.
    Restoring(Background<logbook::Result<()>>),
    /// The logbook cannot be used; nothing was changed.
    Failed {
        message: String,
        /// For a damaged logbook: the newest backup, offered for restoring.
        backup: Option<PathBuf>,
    },
    Open(Box<Session>),
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
            hold: None,
            timing: Timing::wanted(),
        }
    }

    /// Whether work runs on another thread: opening or restoring the logbook, a job, reading
    /// another process's changes, or a dialog's reading. Tests wait (or run frames) until it
    /// is done; a frame or two more then takes in its answer.
    #[doc(hidden)]
    pub fn working(&self) -> bool {
        match &self.screen {
            Screen::Starting { .. } | Screen::Opening { .. } => true,
            Screen::Restoring(work) => work.running(),
            Screen::Failed { .. } => false,
            Screen::Open(session) => {
                session.job.as_ref().is_some_and(|j| j.work.running())
                    || session.reload.as_ref().is_some_and(|(_, r)| r.running())
                    || session.daily.running()
                    || session.dialogs.working()
            }
        }
    }

    /// Makes every long job wait at its first step until the gate returned is opened: how a
    /// test sees the window while a job is in flight, and cancels it.
    #[doc(hidden)]
    pub fn hold_jobs(&mut self) -> Gate {
        let gate = Gate::closed();
        self.hold = Some(gate.clone());
        if let Screen::Open(session) = &mut self.screen {
            session.hold = Some(gate.clone());
        }
        gate
    }

    /// The logbook the window has open (read by the background thread), once it is open.
    pub fn logbook(&self) -> Option<&Logbook> {
        match &self.screen {
            Screen::Open(session) => Some(&session.logbook),
            _ => None,
        }
    }

    /// Puts `source` in place of the damaged logbook on a background thread (it checks every
    /// certificate first). The damaged file is moved into the backups folder, never deleted.
    fn start_restoring(&self, source: PathBuf) -> Screen {
        let (path, today) = (self.path.clone(), (self.clock)());
        let work = Background::start("Restoring the newest backup", false, None, move |_| {
            let rules = RuleBook::builtin()?;
            Logbook::restore(&path, &source, rules, today).map(drop)
        });
        match work {
            Ok(work) => Screen::Restoring(work),
            Err(e) => Screen::Failed {
                message: format!("cannot start the restore: {e}"),
                backup: None,
            },
        }
    }

    /// Starts reading the logbook on a background thread; the window keeps painting.
    fn start_opening(&self, ctx: &egui::Context, settings: ViewSettings) -> Screen {
        let ctx = ctx.clone();
        open_in_background(&self.path, (self.clock)(), settings, move || {
            ctx.request_repaint()
        })
    }
}

/// Reads the logbook at `path` on a background thread; `done` is called once the answer is
/// sent (to wake the window).
fn open_in_background(
    path: &Path,
    today: NaiveDate,
    settings: ViewSettings,
    done: impl FnOnce() + Send + 'static,
) -> Screen {
    let (sender, receiver) = std::sync::mpsc::channel();
    let path = path.to_owned();
    let spawned = std::thread::Builder::new()
        .name("open-logbook".to_owned())
        .spawn(move || {
            // The window may be gone already; then nobody needs the answer.
            let _ = sender.send(Session::open(&path, today, settings));
            done();
        });
    match spawned {
        Ok(_) => Screen::Opening { receiver },
        Err(e) => Screen::Failed {
            message: format!("cannot start reading the logbook: {e}"),
            backup: None,
        },
    }
}

/// How long the window's first frame waits for a logbook still being read. The window is
/// hidden until that frame is painted, so nobody sees the wait; a spinner painted instead
/// would be replaced moments later, and a first paint costs tens of milliseconds without a
/// GPU (scripts/startup.sh: the spinner first put 100,000 activities on screen about 40 ms
/// later than this wait did). A logbook that takes longer shows the spinner.
const FIRST_PAINT_WAIT: std::time::Duration = std::time::Duration::from_millis(80);

/// The logbook read by `open_in_background`, waiting up to `wait` for it.
fn opened<T>(
    receiver: &std::sync::mpsc::Receiver<T>,
    wait: Option<std::time::Duration>,
) -> Polled<T> {
    use std::sync::mpsc::{RecvTimeoutError, TryRecvError};
    let answer = match wait {
        Some(wait) => receiver
            .recv_timeout(wait)
            .map_err(|e| e == RecvTimeoutError::Disconnected),
        None => receiver
            .try_recv()
            .map_err(|e| e == TryRecvError::Disconnected),
    };
    match answer {
        Ok(answer) => Polled::Done(answer),
        Err(false) => Polled::Running,
        Err(true) => Polled::Lost,
    }
}

impl eframe::App for LogbookApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        if let Some(timing) = &mut self.timing {
            timing.frame_starts(ui.ctx());
        }
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
            // Only the very first pass waits: the window has never been painted, so it is not
            // shown yet (a window made by `new`, or one after a restore, has been).
            let wait = (ui.ctx().cumulative_pass_nr() == 0).then_some(FIRST_PAINT_WAIT);
            match opened(receiver, wait) {
                Polled::Done(Ok(mut session)) => {
                    session.hold = self.hold.clone();
                    self.screen = Screen::Open(Box::new(session));
                }
                Polled::Done(Err(e)) => {
                    let damaged = matches!(e, Error::Store(StoreError::Damaged { .. }));
                    self.screen = Screen::Failed {
                        message: error_text(&e),
                        backup: damaged.then(|| newest_backup(&self.path)).flatten(),
                    }
                }
                Polled::Running => {}
                Polled::Lost => {
                    self.screen = Screen::Failed {
                        message: "reading the logbook stopped unexpectedly; nothing was changed"
                            .to_owned(),
                        backup: None,
                    }
                }
            }
        }
        if let Screen::Restoring(work) = &self.screen {
            // The restored logbook is read again in the background, as at start.
            let failed = |e: &Error| Screen::Failed {
                message: format!("The restore did not work: {}", error_text(e)),
                backup: None,
            };
            match work.poll() {
                Polled::Running => {}
                Polled::Done(Ok(())) => {
                    self.screen = Screen::Starting {
                        settings: ViewSettings::default(),
                        painted: false,
                    }
                }
                Polled::Done(Err(e)) => self.screen = failed(&e),
                Polled::Lost => self.screen = failed(&Error::write("restoring", "it stopped")),
            }
        }
        match &mut self.screen {
            Screen::Starting { .. } | Screen::Opening { .. } => opening_ui(ui, &self.path),
            Screen::Restoring(work) => {
                egui::CentralPanel::default().show(ui, |ui| {
                    ui.add_space(60.0);
                    work.progress_ui(ui);
                });
            }
            Screen::Failed { message, backup } => {
                if let Some(source) = error_screen_ui(ui, &self.path, message, backup.as_deref()) {
                    self.screen = self.start_restoring(source);
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
        if let Some(timing) = &mut self.timing {
            let data = matches!(self.screen, Screen::Open(_));
            timing.frame_ends(ui.ctx(), data);
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        if let Screen::Open(session) = &self.screen {
            eframe::set_value(storage, SETTINGS_KEY, &session.settings());
        }
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        if let Screen::Open(session) = &mut self.screen {
            session.finish_before_exit();
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

#[cfg(test)]
mod tests {
    use super::*;

    /// eframe's settings as it keeps them in memory, written as its file storage writes them.
    #[derive(Default)]
    struct Kv(std::collections::HashMap<String, String>);

    impl eframe::Storage for Kv {
        fn get_string(&self, key: &str) -> Option<String> {
            self.0.get(key).cloned()
        }
        fn set_string(&mut self, key: &str, value: String) {
            self.0.insert(key.to_owned(), value);
        }
        fn remove_string(&mut self, key: &str) {
            self.0.remove(key);
        }
        fn flush(&mut self) {}
    }

    #[test]
    fn the_saved_view_is_read_before_the_window_is_made() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("window.ron");
        let view: ViewSettings =
            ron::from_str("(credential: Some(7), query: (search: \"cpr\"))").unwrap();
        let mut kv = Kv::default();
        eframe::set_value(&mut kv, SETTINGS_KEY, &view);
        kv.0.insert("egui".to_owned(), "(zoom: 1.0)".to_owned());
        let text = ron::Options::default()
            .to_string_pretty(&kv.0, Default::default())
            .unwrap();
        std::fs::write(&file, text).unwrap();
        let read = ron::to_string(&saved_view(&file)).unwrap();
        assert_eq!(read, ron::to_string(&view).unwrap());
        assert!(read.contains("credential:Some(7)"), "{read}");

        // No file, or one that cannot be read: the window starts with its defaults.
        let defaults = ron::to_string(&ViewSettings::default()).unwrap();
        let missing = ron::to_string(&saved_view(&dir.path().join("none.ron"))).unwrap();
        assert_eq!(missing, defaults);
        std::fs::write(&file, "{\"ce-logbook-view\": \"(credential: [\"}").unwrap();
        assert_eq!(ron::to_string(&saved_view(&file)).unwrap(), defaults);
    }

    #[test]
    fn the_first_frame_waits_a_moment_for_the_logbook_and_no_longer() {
        let (sender, receiver) = std::sync::mpsc::channel();
        // A frame that may not wait (the window was painted) only looks.
        assert!(matches!(opened(&receiver, None), Polled::Running));
        let read = std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(20));
            sender.send(7).unwrap();
            sender
        });
        let wait = Some(std::time::Duration::from_secs(30));
        assert!(matches!(opened(&receiver, wait), Polled::Done(7)));
        // The read goes on past the wait: the frame is painted, with the spinner.
        let sender = read.join().unwrap();
        let short = Some(std::time::Duration::from_millis(1));
        assert!(matches!(opened(&receiver, short), Polled::Running));
        drop(sender);
        assert!(matches!(opened(&receiver, short), Polled::Lost));
        assert!(matches!(opened(&receiver, None), Polled::Lost));
    }

    #[test]
    fn old_window_settings_move_beside_the_logbook_once() {
        let dir = tempfile::tempdir().unwrap();
        let old_folder = dir.path().join("org.celogbook.celogbook");
        std::fs::create_dir_all(&old_folder).unwrap();
        std::fs::write(old_folder.join("app.ron"), "(old)").unwrap();
        let file = dir.path().join("celogbook").join("window.ron");
        move_old_settings(&old_folder, &file);
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "(old)");
        assert!(!old_folder.exists(), "the emptied old folder goes");

        // Settings already in place are never overwritten.
        std::fs::create_dir_all(&old_folder).unwrap();
        std::fs::write(old_folder.join("app.ron"), "(older)").unwrap();
        std::fs::write(old_folder.join("other"), "kept").unwrap();
        move_old_settings(&old_folder, &file);
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "(old)");
        assert!(old_folder.join("other").exists());
    }
}
