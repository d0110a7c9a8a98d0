//! Backups and restoring: a copy made safely while the logbook is in use, and a logbook put
//! back from a copy, with the certificates it names that are gone counted.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::Logbook;
use super::error::Result;
use crate::domain::RuleBook;

pub use crate::store::backup::newest_backup;

/// A logbook restored from a backup.
pub struct Restored {
    /// Where the logbook it replaced was kept.
    pub kept: PathBuf,
    /// Certificates the restored logbook names whose files are gone (swept since its
    /// activities were removed), and the folder they should be in.
    pub missing_certificates: usize,
    pub attachments_dir: PathBuf,
}

impl Logbook {
    /// Copies the logbook to `out`, or to a new file in the backups folder; never over an
    /// existing file. Returns where the copy is.
    pub fn backup(&self, out: Option<&Path>) -> Result<PathBuf> {
        Ok(self.store.backup(out, self.today)?)
    }

    /// Replaces the logbook at `db` with the backup at `source`, after checking it (the
    /// logbook it replaces is kept), and opens it. Works on a damaged logbook too, which is
    /// why it takes a path rather than an open logbook.
    pub fn restore(
        db: &Path,
        source: &Path,
        rules: RuleBook,
        today: NaiveDate,
    ) -> Result<(Logbook, Restored)> {
        let kept = crate::store::backup::restore_logbook(db, source, today)?;
        let logbook = Logbook::open_with(db, rules, today)?;
        // An older backup can name certificates swept since: say so now rather than at the
        // next audit.
        let restored = Restored {
            kept,
            missing_certificates: logbook.missing_certificates()?,
            attachments_dir: logbook.store.attachments_dir(),
        };
        Ok((logbook, restored))
    }
}
