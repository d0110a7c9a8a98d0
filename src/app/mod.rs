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
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("CE Logbook")
            // The desktop entry's name and StartupWMClass: the menu finds the window by it.
            .with_app_id(APP_ID)
            .with_icon(icon())
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([760.0, 480.0]),
        // Beside the logbook, so copying its folder moves everything the program keeps.
        persistence_path: Some(window_settings(&db)),
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

const SETTINGS_KEY: &str = "ce-logbook-view";

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
        }
    }

    /// Whether work runs on another thread: opening or restoring the logbook, a job, or a
    /// dialog's reading. Tests run frames until it is done.
    #[doc(hidden)]
    pub fn working(&self) -> bool {
        match &self.screen {
            Screen::Starting { .. } | Screen::Opening { .. } | Screen::Restoring(_) => true,
            Screen::Failed { .. } => false,
            Screen::Open(session) => session.job.is_some() || session.dialogs.working(),
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
                Ok(Ok(mut session)) => {
                    session.hold = self.hold.clone();
                    self.screen = Screen::Open(Box::new(session));
                }
                Ok(Err(e)) => {
                    let damaged = matches!(e, Error::Store(StoreError::Damaged { .. }));
                    self.screen = Screen::Failed {
                        message: error_text(&e),
                        backup: damaged.then(|| newest_backup(&self.path)).flatten(),
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

#[cfg(test)]
mod tests {
    use super::*;

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
