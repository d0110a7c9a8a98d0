//! Long work off the window's thread. [`Background`] runs one piece of work on its own thread
//! and keeps what it says as it goes, for a progress bar; the window polls it each frame, so a
//! packet of sixty certificates or a restore never freezes a frame. [`Job`] is such work on
//! the logbook (a packet, a transcript, an export, a backup, a restore, an import): one at a
//! time, on a connection of its own, finished on the window's thread by a closure that brings
//! what the window holds in step and says what was done.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::sync::{Arc, Mutex, PoisonError};

use super::session::Session;
use crate::domain::RuleBook;
use crate::logbook::tracker::{Gate, Step, Tracker};
use crate::logbook::{self, Logbook};

/// How often the window looks at running work (and redraws its progress bar).
pub const POLL_MILLIS: u64 = 100;

/// What running work has come to.
pub enum Polled<T> {
    Running,
    Done(T),
    /// The thread ended without an answer (it panicked): nothing it did is known.
    Lost,
}

/// One piece of work on its own thread, with its latest step.
pub struct Background<T> {
    /// What it is, for the progress bar: "Saving the packet".
    pub what: String,
    step: Arc<Mutex<Step>>,
    tracker: Tracker,
    /// Whether stopping it halfway is safe (it only reads, or writes a file whole at the
    /// end); a restore is not.
    pub cancellable: bool,
    answer: Receiver<T>,
    /// Set by the thread once its answer is sent.
    finished: Arc<AtomicBool>,
}

impl<T: Send + 'static> Background<T> {
    /// Starts `work` on a new thread. `hold` makes its steps wait (a test's slow job).
    pub fn start(
        what: impl Into<String>,
        cancellable: bool,
        hold: Option<&Gate>,
        work: impl FnOnce(&Tracker) -> T + Send + 'static,
    ) -> std::io::Result<Self> {
        let step = Arc::new(Mutex::new(Step::default()));
        let latest = step.clone();
        let mut tracker = Tracker::new(move |s| {
            *latest.lock().unwrap_or_else(PoisonError::into_inner) = s.clone();
        });
        if let Some(gate) = hold {
            tracker = tracker.held_by(gate.clone());
        }
        let (send, answer) = mpsc::channel();
        let on_thread = tracker.clone();
        let finished = Arc::new(AtomicBool::new(false));
        let done = finished.clone();
        std::thread::Builder::new()
            .name("ce-logbook-work".into())
            .spawn(move || {
                // The window may have stopped waiting for it; then there is no one to tell.
                let _ = send.send(work(&on_thread));
                done.store(true, Ordering::SeqCst);
            })?;
        Ok(Background {
            what: what.into(),
            step,
            tracker,
            cancellable,
            answer,
            finished,
        })
    }

    pub fn poll(&self) -> Polled<T> {
        match self.answer.try_recv() {
            Ok(answer) => Polled::Done(answer),
            Err(TryRecvError::Empty) => Polled::Running,
            Err(TryRecvError::Disconnected) => Polled::Lost,
        }
    }

    /// Asks it to stop at its next step; its answer then is [`logbook::Error::Cancelled`].
    pub fn cancel(&self) {
        self.tracker.cancel();
    }

    pub fn is_cancelled(&self) -> bool {
        self.tracker.is_cancelled()
    }

    /// Whether its thread is still at work (its answer, once sent, waits for a poll).
    pub fn running(&self) -> bool {
        !self.finished.load(Ordering::SeqCst)
    }

    /// Waits for its answer (and drops it), at most `limit`.
    pub fn wait(&self, limit: std::time::Duration) {
        let _ = self.answer.recv_timeout(limit);
    }

    /// The progress bar, what is being done and a Cancel where that is safe; returns whether
    /// Cancel was clicked.
    pub fn progress_ui(&self, ui: &mut egui::Ui) -> bool {
        let step = self
            .step
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        let doing = match (self.is_cancelled(), step.doing.is_empty()) {
            (true, _) => "Stopping…".to_owned(),
            (false, true) => format!("{}…", self.what),
            (false, false) => format!("{}: {}…", self.what, step.doing),
        };
        let mut cancel = false;
        ui.horizontal(|ui| {
            let bar = match step.total {
                0 => egui::ProgressBar::new(0.0).animate(true),
                total => egui::ProgressBar::new(step.done as f32 / total as f32),
            };
            ui.add(bar.desired_width(160.0));
            ui.label(doing);
            if self.cancellable && !self.is_cancelled() {
                let button = ui.button("Cancel");
                // Named for what it stops: a form beside it may have a Cancel of its own.
                let name = format!("Cancel {}", self.what.to_lowercase());
                let enabled = ui.is_enabled();
                button
                    .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, enabled, &name));
                cancel = button.clicked();
            }
        });
        // Progress moves on without input: look again soon.
        ui.ctx()
            .request_repaint_after(std::time::Duration::from_millis(POLL_MILLIS));
        cancel
    }
}

/// What finishes a job on the window's thread: brings the window's data in step with what
/// the job did, and says so.
pub type Finish = Box<dyn FnOnce(&mut Session, f64) -> logbook::Result<()> + Send>;

/// Long work on the logbook.
pub struct Job {
    pub work: Background<logbook::Result<Finish>>,
    /// It changes the logbook (an import, a restore): nothing else may write until it is done.
    pub writes: bool,
}

/// How a job opens the logbook on its own thread (a connection of its own: SQLite keeps the
/// window's reads and the job's writes apart).
#[derive(Clone)]
pub struct Opener {
    pub path: PathBuf,
    pub rules: RuleBook,
    pub today: chrono::NaiveDate,
}

impl Opener {
    pub fn open(&self) -> logbook::Result<Logbook> {
        Logbook::open_with(&self.path, self.rules.clone(), self.today)
    }
}

impl Session {
    /// How a job opens this logbook on its own thread.
    pub fn opener(&self) -> Opener {
        Opener {
            path: self.logbook.path().to_owned(),
            rules: self.logbook.rules().clone(),
            today: self.logbook.today(),
        }
    }

    /// What is running, while something is.
    pub fn busy(&self) -> Option<&str> {
        self.job.as_ref().map(|j| j.work.what.as_str())
    }

    /// Starts long work on the logbook on its own thread. One job at a time: the caller
    /// has checked that none is running.
    pub fn start_job(
        &mut self,
        what: &str,
        cancellable: bool,
        writes: bool,
        work: impl FnOnce(&Tracker, &Opener) -> logbook::Result<Finish> + Send + 'static,
    ) -> logbook::Result<()> {
        let opener = self.opener();
        let work = Background::start(what, cancellable, self.hold.as_ref(), move |tracker| {
            work(tracker, &opener)
        })
        .map_err(|e| logbook::Error::write(format!("cannot start {}", what.to_lowercase()), e))?;
        self.job = Some(Job { work, writes });
        Ok(())
    }

    /// Takes in a finished job: its result is said as the same notice the work always gave.
    pub fn poll_job(&mut self, now: f64) {
        let Some(job) = &self.job else { return };
        let what = job.work.what.clone();
        let answer = match job.work.poll() {
            Polled::Running => return,
            Polled::Done(answer) => answer,
            Polled::Lost => {
                self.job = None;
                let text =
                    format!("{what} stopped unexpectedly; check the result before relying on it.");
                return self.notify(now, text, true);
            }
        };
        self.job = None;
        self.changed_here();
        let result = answer.and_then(|finish| finish(self, now));
        match result {
            Ok(()) => {}
            Err(logbook::Error::Cancelled) => self.notify(
                now,
                format!("Stopped {}; nothing was written.", what.to_lowercase()),
                false,
            ),
            Err(e) => self.notify(
                now,
                format!("{what} failed: {}", super::messages::error_text(&e)),
                true,
            ),
        }
    }

    /// The window is closing: a job that may stop is stopped, and every job, and today's
    /// backup, is waited for (at most a minute each), so the process does not end halfway
    /// through a file, whose temporary copy would be left beside where it was going.
    pub fn finish_before_exit(&mut self) {
        if let Some(job) = self.job.take() {
            if job.work.cancellable {
                job.work.cancel();
            }
            job.work.wait(std::time::Duration::from_secs(60));
        }
        self.finish_daily_backup();
    }

    /// The running job's progress bar, where the notice goes; returns its height.
    pub fn job_ui(&mut self, ui: &mut egui::Ui, bottom_inset: f32) -> f32 {
        let Some(job) = &self.job else { return 0.0 };
        let ctx = ui.ctx().clone();
        let shown = egui::Area::new(egui::Id::unique("job"))
            .anchor(egui::Align2::CENTER_BOTTOM, [0.0, -16.0 - bottom_inset])
            .order(egui::Order::Foreground)
            .show(&ctx, |ui| {
                egui::Frame::popup(ui.style())
                    .inner_margin(10.0)
                    .show(ui, |ui| job.work.progress_ui(ui))
                    .inner
            });
        if shown.inner {
            job.work.cancel();
        }
        shown.response.rect.height() + 8.0
    }
}
