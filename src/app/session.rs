//! The open logbook in memory: the store, what was read from it ([`Data`]), and the window's
//! state around it (the credential shown, the table, the form, the open dialogs, the notice
//! and Undo). Keeping in step with other processes (`poll`) lives here; applying actions is in
//! `apply.rs` and drawing in `layout.rs`.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::browse::default_folder;
use super::daily::DailyBackup;
use super::data::Data;
use super::dialogs::Dialogs;
use super::jobs::{Background, Finish, Job, Polled};
use super::messages::error_text;
use super::panels::form::Form;
use super::panels::table::{Col, Query, TableState};
use super::panels::welcome::CredentialForm;
use crate::domain::{ActivityData, deadlines};
use crate::logbook::scan::Scanned;
use crate::logbook::tracker::Gate;
use crate::logbook::{self, Logbook};
use crate::store::attachments::Removed;

/// How often the window looks for changes made by another process (the command line).
pub const POLL_SECONDS: f64 = 1.0;

/// What is remembered between runs (besides the window's size and place, which eframe keeps).
/// The logbook's data lives only in SQLite.
#[derive(Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ViewSettings {
    credential: Option<i64>,
    query: Query,
    hidden_columns: Vec<Col>,
    places: Places,
}

/// Where the user last saved a file and which file they last imported: the next dialog starts
/// there (also after a restart).
#[derive(Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Places {
    folder: Option<PathBuf>,
    import: Option<PathBuf>,
}

impl Places {
    /// The folder to offer for a file to save: the last one used while it exists, else
    /// Documents.
    pub fn folder(&self) -> PathBuf {
        self.folder
            .clone()
            .filter(|f| f.is_dir())
            .unwrap_or_else(default_folder)
    }

    /// The file last imported, to offer again.
    pub fn import(&self) -> Option<&Path> {
        self.import.as_deref()
    }

    pub fn saved(&mut self, file: &Path) {
        if let Some(folder) = file.parent().filter(|f| !f.as_os_str().is_empty()) {
            self.folder = Some(folder.to_owned());
        }
    }

    pub fn imported(&mut self, file: &Path) {
        self.import = Some(file.to_owned());
    }
}

/// What Undo (Ctrl+Z) takes back: the last delete, or the last edit of an activity.
pub enum Undoable {
    Delete(Removed),
    Edit { id: i64, before: ActivityData },
}

/// The message at the bottom of the window.
pub struct Notice {
    pub text: String,
    pub error: bool,
    pub until: f64,
    /// A folder the notice offers to open (where a file was just saved).
    pub folder: Option<PathBuf>,
}

pub struct Session {
    /// The logbook and its rules; every change goes through it. Today is its today.
    pub logbook: Logbook,
    pub data: Data,
    data_version: i64,
    next_poll: f64,
    /// The credential shown in the progress panel.
    pub credential: Option<i64>,
    pub table: TableState,
    /// The activity form, while one is being written or edited.
    pub form: Option<Form>,
    /// The first-run view's form, kept while the user fills it in.
    pub welcome: CredentialForm,
    pub dialogs: Dialogs,
    /// The last delete or edit, while Undo is offered (until the time given).
    pub undo: Option<(Undoable, f64)>,
    pub notice: Option<Notice>,
    pub places: Places,
    /// Long work in flight (a packet, a restore…), one at a time.
    pub job: Option<Job>,
    /// Holds every job's steps while closed: how a test keeps a job in flight.
    pub hold: Option<Gate>,
    /// What another process wrote, being read on a thread of its own, and the logbook's
    /// version when it started.
    pub reload: Option<(i64, Background<logbook::Result<Data>>)>,
    pub daily: DailyBackup,
}

impl Session {
    pub fn open(path: &Path, today: NaiveDate, settings: ViewSettings) -> logbook::Result<Session> {
        let logbook = Logbook::open(path, today)?;
        // Today's automatic backup is made once the logbook is on screen (`daily.rs`).
        let data = Data::load(&logbook)?;
        let data_version = logbook.data_version()?;
        // A deadline within 90 days is said on start (a failed backup, said later, replaces it).
        let progress = data.views.iter().map(|v| &v.progress);
        let soon = deadlines::soon(progress, today, deadlines::NOTICE_DAYS);
        let deadline = (!soon.is_empty()).then(|| Notice {
            text: format!("Coming up: {}.", soon.join("; ")),
            error: false,
            until: 60.0,
            folder: None,
        });
        let credential = settings
            .credential
            .filter(|id| data.view(*id).is_some())
            .or_else(|| data.credentials().next().map(|c| c.id));
        // The table's order is worked out here, on the reading thread, not in the first frame
        // (1–5 ms at 100,000 activities, while that frame's glyphs are being drawn).
        let mut table = TableState::new(settings.query, settings.hidden_columns);
        table.rows(&data);
        Ok(Session {
            logbook,
            data,
            data_version,
            next_poll: 0.0,
            credential,
            table,
            form: None,
            welcome: CredentialForm::default(),
            dialogs: Dialogs::default(),
            undo: None,
            notice: deadline,
            places: settings.places,
            job: None,
            hold: None,
            reload: None,
            daily: DailyBackup::default(),
        })
    }

    /// Takes a logbook put back from a backup: everything is read again, and what belonged
    /// to the one it replaced (the form, Undo) goes.
    pub fn replace_logbook(&mut self, logbook: Logbook, data: Data) -> logbook::Result<()> {
        self.data_version = logbook.data_version()?;
        self.logbook = logbook;
        self.set_data(data);
        self.form = None;
        self.undo = None;
        Ok(())
    }

    /// What the window holds is in step with the logbook as it is now (a job's write was
    /// taken in): the next poll reads nothing again.
    pub fn caught_up(&mut self) -> logbook::Result<()> {
        self.data_version = self.logbook.data_version()?;
        Ok(())
    }

    /// Takes the data a job read after it changed the logbook, as [`poll`](Self::poll) takes
    /// what another process wrote.
    pub fn take_data(&mut self, data: Data) -> logbook::Result<()> {
        self.caught_up()?;
        self.set_data(data);
        Ok(())
    }

    /// Shows `data` read anew: what is cached from the old data is made again, and a
    /// credential gone since is replaced by the first.
    fn set_data(&mut self, mut data: Data) {
        data.generation = self.data.generation + 1;
        self.data = data;
        if self.credential.and_then(|id| self.data.view(id)).is_none() {
            self.credential = self.data.credentials().next().map(|c| c.id);
        }
    }

    pub fn settings(&self) -> ViewSettings {
        ViewSettings {
            credential: self.credential,
            query: self.table.query.clone(),
            hidden_columns: self.table.hidden.clone(),
            places: self.places.clone(),
        }
    }

    pub fn notify(&mut self, now: f64, text: impl Into<String>, error: bool) {
        self.notice = Some(Notice {
            text: text.into(),
            error,
            until: now + if error { 20.0 } else { 5.0 },
            folder: None,
        });
    }

    /// Says a file was saved, and offers to open its folder (for a while longer).
    pub fn notify_saved(&mut self, now: f64, text: String, path: &Path, error: bool) {
        self.notice = Some(Notice {
            text,
            error,
            until: now + 15.0,
            folder: path.parent().map(Path::to_owned),
        });
    }

    /// Undo is no longer offered: certificate files nothing refers to now go. A failure
    /// only leaves a file behind for the next sweep.
    pub fn forget_undo(&mut self) {
        if self
            .undo
            .take()
            .is_some_and(|(u, _)| matches!(u, Undoable::Delete(r) if !r.attachments.is_empty()))
        {
            let _ = self.logbook.sweep_certificates();
        }
    }

    /// Picks up what another process (the command line, a second window) wrote, and a new day.
    pub fn poll(&mut self, now: f64, today: NaiveDate) {
        self.poll_job(now);
        self.take_reload(now);
        self.poll_daily_backup(now);
        // What a job writing the logbook does is read when it is done, not halfway.
        if now < self.next_poll || self.job.as_ref().is_some_and(|j| j.writes) {
            return;
        }
        self.next_poll = now + POLL_SECONDS;
        let version = match self.logbook.data_version() {
            Ok(v) => v,
            Err(e) => {
                let text = format!("Cannot read the logbook: {}", error_text(&e));
                return self.notify(now, text, true);
            }
        };
        if version != self.data_version {
            // Read on a thread of its own (a large logbook takes a good part of a second);
            // what it read is taken when done, if nothing changed here meanwhile.
            self.logbook.set_today(today);
            if self.reload.is_none() {
                self.start_reload(now, version);
            }
        } else if today != self.logbook.today() {
            self.logbook.set_today(today);
            self.data.derive(self.logbook.rules(), today);
        }
    }

    /// Starts reading what another process wrote (the logbook at `version`).
    fn start_reload(&mut self, now: f64, version: i64) {
        let opener = self.opener();
        let hold = self.hold.as_ref();
        let work = Background::start("Reading the changes", false, hold, move |tracker| {
            let data = Data::load(&opener.open()?)?;
            // A test's gate holds the answer here, read but not yet taken, as a slow read
            // would arrive after a change made in the window meanwhile.
            tracker.step("", 1, 1)?;
            Ok(data)
        });
        match work {
            Ok(work) => self.reload = Some((version, work)),
            Err(e) => self.notify(now, format!("Cannot read the logbook: {e}"), true),
        }
    }

    /// Takes a finished reload: the credentials are read again here too, then its data.
    fn take_reload(&mut self, now: f64) {
        let Some((version, work)) = &self.reload else {
            return;
        };
        let loaded = match work.poll() {
            Polled::Running => return,
            Polled::Done(loaded) => loaded,
            Polled::Lost => Err(logbook::Error::write("reading the changes", "it stopped")),
        };
        let version = *version;
        self.reload = None;
        let taken = loaded.and_then(|data| {
            self.logbook.reload_credentials()?;
            self.set_data(data);
            self.data_version = version;
            Ok(())
        });
        if let Err(e) = taken {
            let text = format!("Cannot read the logbook: {}", error_text(&e));
            self.notify(now, text, true);
        }
    }

    /// Something changed here: a reload in flight may have read the logbook before it, so it
    /// is dropped, and the next poll reads again.
    pub fn changed_here(&mut self) {
        if self.reload.take().is_some() {
            self.data_version = i64::MIN;
        }
    }

    /// Opens the form on a new activity, or on the one with this id.
    pub fn open_form(&mut self, editing: Option<i64>) {
        let bodies = self.data.approving_bodies(self.logbook.rules());
        let categories = self.data.categories();
        self.form = match editing.and_then(|id| self.data.activity(id)) {
            Some(activity) => Some(Form::edit(activity, bodies, categories)),
            None => Some(Form::new(self.logbook.today(), bodies, categories)),
        };
    }

    /// A certificate dropped with no activity chosen: the new-activity form, filled in from
    /// what the certificate says, with the certificate to attach. A certificate without text
    /// (a scan, a picture, a locked PDF) opens the form empty with it attached, and says so;
    /// one that cannot be read at all attaches nothing.
    pub fn open_form_from_certificate(&mut self, now: f64, path: &Path) {
        if let Some(what) = self.busy() {
            let text = format!(
                "Wait until {} is done, then drop it again.",
                what.to_lowercase()
            );
            return self.notify(now, text, true);
        }
        let path = path.to_owned();
        // Reading a PDF may take seconds (a big one, a slow disk): on the job's thread.
        let started = self.start_job("Reading the certificate", true, false, move |tracker, _| {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
            tracker.step(name.unwrap_or_default(), 0, 0)?;
            let scanned = logbook::scan::scan(&path);
            tracker.check()?;
            let finish: Finish = Box::new(move |s: &mut Session, now| {
                s.show_scanned(now, &path, scanned);
                Ok(())
            });
            Ok(finish)
        });
        if let Err(e) = started {
            self.notify(now, error_text(&e), true);
        }
    }

    /// The form filled in from a scanned certificate, or why it could not be.
    fn show_scanned(&mut self, now: f64, path: &Path, scanned: logbook::Result<Scanned>) {
        match scanned {
            Ok(scanned) => {
                self.open_form(None);
                self.form = self
                    .form
                    .take()
                    .map(|f| f.filled_from(&scanned.proposal, path.to_owned()));
            }
            Err(e) if e.is_no_text() => {
                self.open_form(None);
                if let Some(form) = self.form.as_mut() {
                    form.add_pending(vec![path.to_owned()]);
                }
                self.notify(now, error_text(&e), false);
            }
            Err(e) => self.notify(
                now,
                format!(
                    "{}. To attach it to an activity, select the activity first, then drop it.",
                    error_text(&e)
                ),
                true,
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opening_reads_and_orders_and_leaves_the_backup_for_later() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("logbook.sqlite3");
        let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        let session = Session::open(&db, today, ViewSettings::default()).unwrap();
        // Not left to the first frame, on the window's thread.
        assert!(session.table.ordered_for(&session.data));
        // Nor does the data wait for today's backup (`daily.rs` makes it once on screen).
        assert!(!dir.path().join("backups").exists());
    }
}
