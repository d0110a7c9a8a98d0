//! What the user can ask of the window, as data: a panel or dialog returns an [`Action`], and
//! the session applies it in one place (`apply.rs`). Which actions re-derive progress is
//! said here, once, by [`Action::rederive`].

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::domain::{ActivityData, CredentialSpec};

/// What the user asked for, applied in one place.
pub enum Action {
    SaveActivity {
        id: Option<i64>,
        data: ActivityData,
        /// Certificate files for a new activity, checked before anything is saved.
        certificates: Vec<PathBuf>,
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
    /// Certificates for an activity: every file is checked before any is copied.
    Attach {
        activity: i64,
        paths: Vec<PathBuf>,
    },
    Detach {
        activity: i64,
        hash: String,
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
    SetName(String),
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
            | Action::Attach { .. }
            | Action::Detach { .. }
            | Action::Import { .. } => Rederive::Progress,
            Action::AddCredential { .. } | Action::Renew { .. } => Rederive::Credentials,
            Action::Export(_)
            | Action::Packet { .. }
            | Action::Report { .. }
            | Action::Calendar(_)
            | Action::SetName(_)
            | Action::BackUp(_) => Rederive::Nothing,
            // The session reads the restored logbook again whole.
            Action::Restore(_) => Rederive::Nothing,
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
            Action::Export(path.clone()),
            Action::Calendar(path.clone()),
            Action::Packet {
                credential: 1,
                path: path.clone(),
            },
            Action::Report {
                credential: 1,
                path,
            },
            Action::SetName("A".into()),
        ] {
            assert_eq!(action.rederive(), Rederive::Nothing);
        }
    }

    #[test]
    fn changed_activities_and_proof_derive_progress_again() {
        assert_eq!(Action::Undo.rederive(), Rederive::Progress);
        assert_eq!(
            Action::Import {
                rows: Vec::new(),
                from: PathBuf::new()
            }
            .rederive(),
            Rederive::Progress
        );
        let detach = Action::Detach {
            activity: 1,
            hash: String::new(),
        };
        assert_eq!(detach.rederive(), Rederive::Progress);
    }
}
