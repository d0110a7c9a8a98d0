//! What the user can ask of the window, as data: a panel or dialog returns an [`Action`], and
//! the session applies it in one place (`apply.rs`). Which actions re-derive progress is
//! said here, once, by [`Action::rederive`].

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::domain::{ActivityData, CredentialSpec};

/// What the user asked for, applied in one place.
pub enum Action {
    /// A new activity (no id) or an edit, without certificate files (those make it
    /// [`Long::Add`]).
    SaveActivity {
        id: Option<i64>,
        data: ActivityData,
    },
    DeleteActivity(i64),
    Undo,
    AddCredential {
        spec: CredentialSpec,
        certified: NaiveDate,
    },
    Renew {
        credential: i64,
        on: NaiveDate,
    },
    Detach {
        activity: i64,
        hash: String,
    },
    SetName(String),
    /// Work that may take long: run as a job on its own thread (see long_actions.rs).
    Long(Long),
}

/// What may take long, with a progress bar: one at a time.
pub enum Long {
    /// A new activity with certificate files: every file is checked before anything is saved.
    Add {
        data: ActivityData,
        certificates: Vec<PathBuf>,
    },
    /// Certificates for an activity: every file is checked before any is copied.
    Attach {
        activity: i64,
        paths: Vec<PathBuf>,
    },
    /// The rows of the file `from`, all checked.
    Import {
        rows: Vec<ActivityData>,
        from: PathBuf,
    },
    Export(PathBuf),
    Packet {
        credential: i64,
        path: PathBuf,
    },
    Report {
        credential: i64,
        path: PathBuf,
    },
    Calendar(PathBuf),
    /// The logbook and its certificates into one new file.
    BackUp(PathBuf),
    /// The logbook replaced by a checked backup, then read again whole.
    Restore(PathBuf),
}

/// What has to be derived again once an action has been applied.
#[derive(Debug, PartialEq, Eq)]
pub enum Rederive {
    /// Nothing the panels show changed (a file was written, the name saved).
    Nothing,
    /// The activities or their certificates changed: progress, charts and proof counts follow.
    Progress,
    /// A credential changed: read the credentials back, then derive everything from them.
    Credentials,
}

impl Action {
    /// The one rule for what an action changes that progress is derived from.
    pub fn rederive(&self) -> Rederive {
        match self {
            Action::SaveActivity { .. }
            | Action::DeleteActivity(_)
            | Action::Undo
            | Action::Detach { .. } => Rederive::Progress,
            Action::AddCredential { .. } | Action::Renew { .. } => Rederive::Credentials,
            Action::SetName(_) => Rederive::Nothing,
            // A job that changes the logbook (an import, a restore) reads it again whole when
            // it is done; the others write files.
            Action::Long(_) => Rederive::Nothing,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writing_files_derives_nothing_again() {
        let path = PathBuf::from("x");
        for action in [
            Action::Long(Long::Export(path.clone())),
            Action::Long(Long::Calendar(path.clone())),
            Action::Long(Long::Packet {
                credential: 1,
                path: path.clone(),
            }),
            Action::Long(Long::Report {
                credential: 1,
                path,
            }),
            Action::SetName("A".into()),
        ] {
            assert_eq!(action.rederive(), Rederive::Nothing);
        }
    }

    #[test]
    fn changed_activities_and_proof_derive_progress_again() {
        assert_eq!(Action::Undo.rederive(), Rederive::Progress);
        // An import's job reads the logbook again whole when it is done.
        let import = Action::Long(Long::Import {
            rows: Vec::new(),
            from: PathBuf::new(),
        });
        assert_eq!(import.rederive(), Rederive::Nothing);
        let detach = Action::Detach {
            activity: 1,
            hash: String::new(),
        };
        assert_eq!(detach.rederive(), Rederive::Progress);
    }
}
