//! What every command starts from ([`Context`]: today, the rules, where the logbook is) and
//! what it hands back ([`Output`]); the error's message with the command line's own hint.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::domain::RuleBook;
use crate::logbook::{self, Error, ErrorKind, Logbook};
use crate::store::StoreError;

/// What a command hands back: the text for stdout.
pub type Output = logbook::Result<String>;

/// What every command starts from: today and where the logbook is. The logbook is opened
/// only once the command's own input has been checked, so bad input creates nothing.
pub struct Context {
    pub today: NaiveDate,
    pub path: PathBuf,
    pub rules: RuleBook,
}

impl Context {
    /// Opens (or creates) the logbook and makes today's automatic copy. If the copy cannot be
    /// made the work goes on; the user is told, since their safety net is missing.
    pub fn open(&self) -> logbook::Result<Logbook> {
        let logbook = Logbook::open_with(&self.path, self.rules.clone(), self.today)?;
        if let Err(e) = logbook.daily_backup() {
            eprintln!("warning: today's automatic backup failed: {}", message(&e));
        }
        Ok(logbook)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// 2 for anything the user typed or handed in wrongly, 1 for everything else (an unusable
/// logbook, a full disk): read from the error's kind.
pub fn exit_code(e: &Error) -> u8 {
    match e.kind() {
        ErrorKind::Input => 2,
        ErrorKind::Unusable | ErrorKind::Write => 1,
    }
}

/// The error with every cause, then what to type about it.
pub fn message(e: &Error) -> String {
    e.with_causes() + &hint(e)
}

/// The command line's advice for an error: the command that shows or mends what went wrong.
fn hint(e: &Error) -> String {
    match e {
        Error::Store(StoreError::NoActivity(_)) => "; `ce-logbook list` shows the ids".into(),
        Error::Store(StoreError::NoCredential(_)) | Error::NoCredentialNamed { .. } => {
            "; `ce-logbook credential list` shows each one's id and key".into()
        }
        Error::Store(StoreError::NoAttachment { activity, .. })
        | Error::NoCertificate { activity, .. } => {
            format!("; `ce-logbook attachments {activity}` lists them")
        }
        Error::Store(StoreError::Damaged { .. }) => ": ce-logbook restore FILE".into(),
        Error::Store(StoreError::NotALogbook { .. }) => {
            " Check the path (--db or CE_LOGBOOK_DB), or restore the logbook from a backup.".into()
        }
        Error::NoDataFolder => "; name the logbook with --db PATH or CE_LOGBOOK_DB".into(),
        Error::Certificate { .. } if e.is_no_text() => {
            " (with `ce-logbook add --title … --date … --points …`, then `ce-logbook attach ID \
             FILE`)"
                .into()
        }
        _ => String::new(),
    }
}
