//! Today's automatic backup, made by the window on a thread of its own a moment after the
//! logbook is on screen, and again when the day changes while the window is open. Made while
//! the logbook was read, it held the data back (70 to 115 ms at 100,000 activities, more with
//! new certificates to copy) on the first start of every day, which is most starts.

use std::path::PathBuf;

use chrono::NaiveDate;

use super::jobs::{Background, Polled};
use super::messages::error_text;
use super::session::{Notice, Session};
use crate::logbook;

/// How long after the logbook is on screen its backup starts (seconds): not in the frames
/// that first draw it, which software rendering spreads over both cores of a small machine.
const DAILY_BACKUP_AFTER: f64 = 1.0;

/// How long a failed backup's notice stays (seconds).
const FAILED_NOTICE_SECONDS: f64 = 30.0;

/// Where today's automatic backup is.
#[derive(Default)]
pub struct DailyBackup {
    /// The day the last one was made (or tried) for.
    day: Option<NaiveDate>,
    /// When the next may start, by the window's clock, once the logbook is on screen.
    after: Option<f64>,
    making: Option<Background<logbook::Result<Option<PathBuf>>>>,
}

impl DailyBackup {
    /// Whether it is being made.
    pub fn running(&self) -> bool {
        self.making.as_ref().is_some_and(Background::running)
    }
}

impl Session {
    /// Starts today's backup when it is due, and takes in one that is done: a failure is
    /// said (the work goes on); a backup made, or one made already today, is not.
    pub fn poll_daily_backup(&mut self, now: f64) {
        let today = self.logbook.today();
        let daily = &mut self.daily;
        if let Some(making) = &daily.making {
            let result = match making.poll() {
                Polled::Running => return,
                Polled::Done(result) => result,
                Polled::Lost => Err(logbook::Error::write("today's backup", "it stopped")),
            };
            daily.making = None;
            if let Err(e) = result {
                self.notice = Some(Notice {
                    text: format!("Today's automatic backup failed: {}", error_text(&e)),
                    error: true,
                    until: now + FAILED_NOTICE_SECONDS,
                    folder: None,
                });
            }
            return;
        }
        if daily.day == Some(today) {
            return;
        }
        let after = *daily.after.get_or_insert(now + DAILY_BACKUP_AFTER);
        if now < after {
            return;
        }
        let opener = self.opener();
        // It only reads the logbook: a job writing it meanwhile is not held up, nor it by one.
        match Background::start("Making today's backup", false, None, move |_| {
            opener.open()?.daily_backup()
        }) {
            Ok(making) => self.daily.making = Some(making),
            Err(e) => self.notify(now, format!("Cannot make today's backup: {e}"), true),
        }
        self.daily.day = Some(today);
        self.daily.after = None;
    }

    /// The window is closing: a backup being made is finished (at most a minute), so no
    /// half-made copy is left in the backups folder; one not yet due is made now, so a day
    /// the window was open has its backup however soon it was closed.
    pub fn finish_daily_backup(&mut self) {
        if let Some(making) = self.daily.making.take() {
            making.wait(std::time::Duration::from_secs(60));
        } else if self.daily.day != Some(self.logbook.today())
            && let Err(e) = self.logbook.daily_backup()
        {
            // The window is gone: the terminal, if any, is the one place left to say it.
            eprintln!("Today's automatic backup failed: {}", error_text(&e));
        }
    }
}
