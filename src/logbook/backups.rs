//! Backups and restoring: a copy made safely while the logbook is in use, with its
//! certificates (in the backups folder, or as one file to move or keep), and a logbook put
//! back from one, with its certificates checked and put back too.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::Logbook;
use super::error::Result;
use super::tracker::Tracker;
use crate::domain::RuleBook;

pub use crate::store::backup::{Summary, newest_backup};

/// A logbook restored from a backup.
pub struct Restored {
    /// Where the logbook it replaced was kept; `None` where there was none yet.
    pub kept: Option<PathBuf>,
    /// Certificates put back from the backup.
    pub certificates_restored: usize,
    /// Certificates the restored logbook names whose files are gone (a plain copy without
    /// its certificates, or files already gone when the backup was made), and the folder
    /// they should be in.
    pub missing_certificates: usize,
    pub attachments_dir: PathBuf,
}

/// A backup written.
pub struct BackedUp {
    pub path: PathBuf,
    pub certificates: usize,
    /// Certificates the logbook names whose files were already gone or changed, by name.
    pub missing: Vec<String>,
}

impl Logbook {
    /// A backup with its certificates: in the backups folder, or with `out` one new file
    /// holding both (never over an existing file).
    pub fn backup(&self, out: Option<&Path>, tracker: &Tracker) -> Result<BackedUp> {
        tracker.step("Copying the logbook", 0, 0)?;
        let mut copying = |done: usize, total: usize| {
            let doing = match done < total {
                true => format!("Copying certificate {} of {total}", done + 1),
                false => "Saving the backup".to_owned(),
            };
            tracker.step(doing, done, total).is_ok()
        };
        let (path, manifest) = match out {
            Some(out) => (
                out.to_owned(),
                self.store.backup_to_file(out, &mut copying)?,
            ),
            None => self.store.backup(self.today, &mut copying)?,
        };
        Ok(BackedUp {
            path,
            certificates: manifest.certificates.len(),
            missing: manifest.missing.into_iter().map(|c| c.name).collect(),
        })
    }

    /// What the backup at `source` holds, checked whole as a restore checks it (every
    /// certificate against its hash); nothing is written. `Err` is why a restore would refuse it.
    pub fn check_backup(source: &Path) -> Result<Summary> {
        Ok(crate::store::backup::summarize(source)?)
    }

    /// Replaces the logbook at `db` (which need not exist yet) with the backup at `source`,
    /// after checking it whole (the logbook it replaces is kept), and opens it. Works on a
    /// damaged logbook too, which is why it takes a path rather than an open logbook.
    pub fn restore(
        db: &Path,
        source: &Path,
        rules: RuleBook,
        today: NaiveDate,
    ) -> Result<(Logbook, Restored)> {
        let restore = crate::store::backup::restore_logbook(db, source, today)?;
        let logbook = Logbook::open_with(db, rules, today)?;
        // A plain or older backup can name certificates swept since: say so now rather than
        // at the next audit.
        let restored = Restored {
            kept: restore.kept,
            certificates_restored: restore.certificates_restored,
            missing_certificates: logbook.missing_certificates()?,
            attachments_dir: logbook.store.attachments_dir(),
        };
        Ok((logbook, restored))
    }
}
