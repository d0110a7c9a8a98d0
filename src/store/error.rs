//! What can go wrong with the logbook file, said without any front end's advice: the service
//! and the front ends add what to do.

use std::path::PathBuf;

use rusqlite::ErrorCode;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path} is not a CE Logbook database: {reason}. Nothing was changed.")]
    NotALogbook { path: PathBuf, reason: String },
    #[error(
        "{path} is a damaged logbook (truncated, or its pages do not add up). Nothing was \
         changed. Restore the newest backup from {backups}"
    )]
    Damaged { path: PathBuf, backups: PathBuf },
    #[error(
        "{path} was written by a newer version of CE Logbook (schema {found}; this version \
         knows up to {known}). Nothing was changed. Install the newer version to open it."
    )]
    TooNew {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error("cannot open the logbook {path}: {reason}")]
    Open { path: PathBuf, reason: String },
    /// Asked to stop (by the caller's progress callback) before the file was put in place.
    #[error("stopped before it was done; nothing was written")]
    Stopped,
    #[error("{0} exists already; a backup never overwrites a file, so choose another name")]
    Exists(PathBuf),
    #[error("{path} cannot be restored: {reason}. Nothing was changed.")]
    NotRestorable { path: PathBuf, reason: String },
    #[error("no activity has the id {0}")]
    NoActivity(i64),
    #[error("activity {activity} has no certificate {hash}")]
    NoAttachment { activity: i64, hash: String },
    #[error("the certificate {path} cannot be used: {reason}. Attach the original file again.")]
    AttachmentUnusable { path: PathBuf, reason: String },
    #[error("no credential has the id {0}")]
    NoCredential(i64),
    #[error("the logbook holds a value this version cannot read ({0}); it may be damaged")]
    Unreadable(String),
    #[error("nothing was saved to {path}: {reason}")]
    Write { path: PathBuf, reason: String },
    #[error("the logbook could not be read or updated: {}", sqlite_reason(.0))]
    Sqlite(#[from] rusqlite::Error),
}

impl StoreError {
    /// True when the error is about what the user asked for (an unknown id), not the file.
    pub fn is_input(&self) -> bool {
        matches!(
            self,
            StoreError::NoActivity(_)
                | StoreError::NoAttachment { .. }
                | StoreError::NoCredential(_)
                | StoreError::Exists(_)
                | StoreError::NotRestorable { .. }
        )
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

pub(super) fn sqlite_reason(e: &rusqlite::Error) -> String {
    match e.sqlite_error_code() {
        Some(ErrorCode::CannotOpen) => "the file or its folder cannot be opened (check that it exists and that you may write there)".into(),
        Some(ErrorCode::ReadOnly) => "the file is read-only; make it writable or open a copy".into(),
        Some(ErrorCode::PermissionDenied) => "permission denied".into(),
        Some(ErrorCode::DiskFull) => "the disk is full; free some space and try again".into(),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => {
            "another program holds the logbook locked; try again in a moment".into()
        }
        _ => e.to_string(),
    }
}

/// What a failed file write means for the user: a full disk and a read-only folder said in
/// words, anything else as the system says it.
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match e.kind() {
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => {
            "the disk is full; free some space and try again".into()
        }
        ErrorKind::ReadOnlyFilesystem => {
            "the folder is on a read-only disk; make it writable and try again".into()
        }
        ErrorKind::PermissionDenied => {
            "the folder may not be written to (permission denied); make it writable and try again"
                .into()
        }
        // A file where a folder should be (or the other way round).
        ErrorKind::AlreadyExists | ErrorKind::NotADirectory => {
            "a file of that name is in the way; move or rename it and try again".into()
        }
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_where_a_folder_should_be_is_said_in_words() {
        let dir = tempfile::tempdir().unwrap();
        let in_the_way = dir.path().join("backups");
        std::fs::write(&in_the_way, "a file").unwrap();
        let e = std::fs::create_dir_all(&in_the_way).unwrap_err();
        assert_eq!(
            io_reason(&e),
            "a file of that name is in the way; move or rename it and try again"
        );
        let e = std::fs::create_dir_all(in_the_way.join("inside")).unwrap_err();
        assert!(io_reason(&e).contains("in the way"), "{e}");
    }
}
