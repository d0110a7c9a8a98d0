//! The one error type of the service, classified by what can be done about it: the user (or a
//! file they named) gave something wrong, the logbook cannot be used, or a file could not be
//! written. Messages are neutral; each front end adds its own hint (a command, a button).

use std::path::PathBuf;

use crate::domain::csv::RowError;
use crate::domain::rules::RulesError;
use crate::domain::{FieldError, InvalidInput};
use crate::report::pdf::PdfError;
use crate::store::StoreError;

/// What kind of failure it is: the command line's exit code and the window's wording follow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// Something the user typed or handed in is wrong: fix it and try again. Nothing changed.
    Input,
    /// The logbook (or the program's own data) cannot be used as it is.
    Unusable,
    /// A file could not be written (a full disk, a read-only folder).
    Write,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Invalid(#[from] InvalidInput),
    #[error(transparent)]
    Field(#[from] FieldError),
    /// An import's bad rows, every one of them; nothing was imported.
    #[error(
        "{}; nothing was imported. Fix the file and import again.",
        super::text::count(.0.len(), "bad row", "bad rows")
    )]
    ImportRejected(Vec<RowError>),
    /// A file the user named cannot be read. (`error`, not `source`: the reason is said once.)
    #[error("cannot read {path}: {error}")]
    Unreadable {
        path: PathBuf,
        error: std::io::Error,
    },
    /// No certificate of the activity matches what the user named.
    #[error("certificate: activity {activity} has no certificate '{wanted}'")]
    NoCertificate { activity: i64, wanted: String },
    #[error(
        "certificate: '{wanted}' names several certificates; give the start of the hash instead"
    )]
    AmbiguousCertificate { wanted: String },
    /// No credential answers to the key the user gave (`cma-aama`).
    #[error("no credential in this logbook has the key '{named}'")]
    NoCredentialNamed { named: String },
    #[error("'{named}' names several credentials; give the id instead")]
    AmbiguousCredential { named: String },
    /// A certificate whose text cannot be read (a scan, a locked or damaged PDF).
    #[error("{path}: {reason}")]
    Certificate {
        path: PathBuf,
        reason: crate::extract::pdf::TextError,
    },
    /// Long work stopped when asked to; nothing was written.
    #[error("stopped; nothing was written")]
    Cancelled,
    #[error("cannot find your data folder")]
    NoDataFolder,
    /// From the store (a stop it was asked for is [`Error::Cancelled`] instead).
    #[error(transparent)]
    Store(StoreError),
    #[error(transparent)]
    Rules(#[from] RulesError),
    #[error(transparent)]
    Pdf(#[from] PdfError),
    /// `reason` rather than `source`: the reason is part of the message, never a second line.
    #[error("{context}: {reason}")]
    Write { context: String, reason: String },
}

impl From<StoreError> for Error {
    /// A store stopped by its caller's progress callback is long work cancelled, whichever
    /// work it was.
    fn from(e: StoreError) -> Error {
        match e {
            StoreError::Stopped => Error::Cancelled,
            e => Error::Store(e),
        }
    }
}

impl Error {
    pub fn kind(&self) -> ErrorKind {
        use crate::extract::pdf::TextError;
        match self {
            // The program could not start its own PDF reader: nothing wrong with the file.
            Error::Certificate {
                reason: TextError::NoReader(_),
                ..
            } => ErrorKind::Unusable,
            Error::Invalid(_)
            | Error::Field(_)
            | Error::ImportRejected(_)
            | Error::Unreadable { .. }
            | Error::Certificate { .. }
            | Error::NoCertificate { .. }
            | Error::AmbiguousCertificate { .. }
            | Error::NoCredentialNamed { .. }
            | Error::AmbiguousCredential { .. }
            | Error::Cancelled => ErrorKind::Input,
            Error::Store(e) if e.is_input() => ErrorKind::Input,
            Error::Store(StoreError::Write { .. }) | Error::Write { .. } => ErrorKind::Write,
            Error::Pdf(PdfError::Write(_)) => ErrorKind::Write,
            Error::NoDataFolder | Error::Store(_) | Error::Rules(_) | Error::Pdf(_) => {
                ErrorKind::Unusable
            }
        }
    }

    /// The message and every cause below it, `outer: cause: cause`, without any front end's
    /// hint.
    pub fn with_causes(&self) -> String {
        let mut text = self.to_string();
        let mut cause = std::error::Error::source(self);
        while let Some(c) = cause {
            text.push_str(": ");
            text.push_str(&c.to_string());
            cause = c.source();
        }
        text
    }

    /// A certificate that is fine to keep but has no text to read (a scan, a picture, a
    /// locked PDF): the person fills in the form themselves.
    pub fn is_no_text(&self) -> bool {
        use crate::extract::pdf::TextError;
        matches!(
            self,
            Error::Certificate {
                reason: TextError::NoText | TextError::Picture | TextError::Locked,
                ..
            }
        )
    }

    /// A failed write of `what`, e.g. `cannot write /tmp/x.csv`.
    pub fn write(context: impl Into<String>, reason: impl std::fmt::Display) -> Self {
        Error::Write {
            context: context.into(),
            reason: reason.to_string(),
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_the_user_handed_in_is_input_and_a_full_disk_is_not() {
        assert_eq!(
            Error::from(FieldError::new("date", "bad")).kind(),
            ErrorKind::Input
        );
        assert_eq!(Error::ImportRejected(Vec::new()).kind(), ErrorKind::Input);
        assert_eq!(
            Error::from(StoreError::NoActivity(3)).kind(),
            ErrorKind::Input
        );
        assert_eq!(
            Error::from(StoreError::Write {
                path: "x".into(),
                reason: "the disk is full".into()
            })
            .kind(),
            ErrorKind::Write
        );
        assert_eq!(
            Error::write("cannot write x", "no space").kind(),
            ErrorKind::Write
        );
        assert_eq!(
            Error::from(StoreError::Unreadable("x".into())).kind(),
            ErrorKind::Unusable
        );
        // A store stopped when asked to is the work cancelled, said as such.
        assert!(matches!(Error::from(StoreError::Stopped), Error::Cancelled));
        let certificate = |reason| Error::Certificate {
            path: "card.pdf".into(),
            reason,
        };
        use crate::extract::pdf::TextError;
        assert_eq!(certificate(TextError::Locked).kind(), ErrorKind::Input);
        assert_eq!(
            certificate(TextError::NoReader("no such file".into())).kind(),
            ErrorKind::Unusable,
            "a reader that did not start is the program's, not the PDF's"
        );
    }
}
