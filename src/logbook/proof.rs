//! Certificates and proof: attaching and detaching files, the state of every stored copy, and
//! what each activity lacks for an audit.

use chrono::NaiveDate;
use serde::Serialize;

use super::Logbook;
use super::error::{Error, Result};
use super::files::CheckedFile;
use super::tracker::Tracker;
use crate::domain::proof::{Attachment, Certificates, FileState, lacks_in};

/// Each certificate with its state, as `state_of` finds it.
fn with_states<L: IntoIterator<Item = (i64, Vec<Attachment>)>>(
    attachments: L,
    mut state_of: impl FnMut(&Attachment) -> Result<FileState>,
) -> Result<Certificates> {
    let mut all = Certificates::new();
    for (id, list) in attachments {
        let mut with_state = Vec::with_capacity(list.len());
        for a in list {
            let state = state_of(&a)?;
            with_state.push((a, state));
        }
        all.insert(id, with_state);
    }
    Ok(all)
}

/// What an activity lacks as proof, as `check` reports it.
#[derive(Clone, Debug, Serialize)]
pub struct ProofCheck {
    pub id: i64,
    pub date: NaiveDate,
    pub title: String,
    pub documented: bool,
    pub missing: Vec<String>,
}

/// A new activity saved, and what became of each certificate handed in with it.
pub struct Added {
    pub id: i64,
    pub attached: Vec<Attachment>,
    /// A certificate that could not be attached after the activity was saved, and why.
    pub failed: Option<(String, Error)>,
}

impl Logbook {
    /// Every activity's certificates with the state of their stored copies. `verify` hashes
    /// each file; without it, presence and size are checked.
    pub fn certificates(&self, verify: bool) -> Result<Certificates> {
        match verify {
            true => self.certificates_verified(&Tracker::none()),
            false => with_states(self.store.attachments()?, |a| {
                Ok(self.store.file_state(a, false))
            }),
        }
    }

    /// Every certificate hashed, each a step ("Checking certificate 3 of 60"): the long part
    /// of a packet, a transcript and the proof check.
    pub fn certificates_verified(&self, tracker: &Tracker) -> Result<Certificates> {
        let attachments = self.store.attachments()?;
        let total = attachments.values().map(Vec::len).sum();
        let mut done = 0;
        with_states(attachments, |a| {
            done += 1;
            tracker.step(
                format!("Checking certificate {done} of {total}"),
                done - 1,
                total,
            )?;
            Ok(self.store.file_state(a, true))
        })
    }

    /// Attaches certificate files to activity `id`, read and checked beforehand with
    /// [`read_certificates`](super::files::read_certificates) so that one bad file attaches
    /// none. Returns each file's name and its record.
    pub fn attach(
        &mut self,
        id: i64,
        checked: Vec<CheckedFile>,
    ) -> Result<Vec<(String, Attachment)>> {
        self.store.activity(id)?;
        checked
            .into_iter()
            .map(|c| {
                let a = self.store.attach(id, &c.name, &c.bytes, c.file_type)?;
                Ok((c.name, a))
            })
            .collect()
    }

    /// Saves a new activity with certificate files, read and checked beforehand so that a bad
    /// one saves nothing. A file that then fails to be copied leaves the activity saved and
    /// is reported in [`Added::failed`].
    pub fn add_with_certificates(
        &mut self,
        data: &crate::domain::ActivityData,
        checked: Vec<CheckedFile>,
    ) -> Result<Added> {
        let id = self.store.add_activity(data)?;
        let mut added = Added {
            id,
            attached: Vec::new(),
            failed: None,
        };
        for c in checked {
            match self.store.attach(id, &c.name, &c.bytes, c.file_type) {
                Ok(a) => added.attached.push(a),
                Err(e) => added.failed = Some((c.name, e.into())),
            }
        }
        Ok(added)
    }

    /// Takes a certificate off activity `id`, named by its file name or (at least six
    /// characters of) the start of its hash; the file goes if nothing else refers to it.
    pub fn detach(&mut self, id: i64, wanted: &str) -> Result<Attachment> {
        self.store.activity(id)?;
        let wanted = wanted.trim();
        let list = self.store.attachments_of(id)?;
        let matches: Vec<_> = list
            .iter()
            .filter(|a| a.name == wanted || (wanted.len() >= 6 && a.hash.starts_with(wanted)))
            .collect();
        let hash = match matches.as_slice() {
            [one] => one.hash.clone(),
            [] => {
                return Err(Error::NoCertificate {
                    activity: id,
                    wanted: wanted.to_owned(),
                });
            }
            _ => {
                return Err(Error::AmbiguousCertificate {
                    wanted: wanted.to_owned(),
                });
            }
        };
        let gone = self.store.detach(id, &hash)?;
        self.sweep_certificates()?;
        Ok(gone)
    }

    /// Deletes the certificate files nothing refers to any more; returns how many went. A
    /// failure only leaves files for the next sweep.
    pub fn sweep_certificates(&mut self) -> Result<usize> {
        Ok(self.store.sweep_attachments()?)
    }

    /// What each done activity lacks as proof, every certificate hashed (a planned one has
    /// nothing to prove yet). An activity is judged inside a cycle if some credential's
    /// current cycle holds its date.
    pub fn check(&self, tracker: &Tracker) -> Result<Vec<ProofCheck>> {
        let activities = self.activities()?;
        let certificates = self.certificates_verified(tracker)?;
        let windows: Vec<_> = self.credentials.iter().map(|c| c.cycle_window()).collect();
        Ok(activities
            .iter()
            .filter(|a| !a.data.planned)
            .map(|a| {
                let in_cycle = windows.iter().any(|w| w.contains(&a.data.date));
                let lacks = lacks_in(&certificates, a, in_cycle);
                ProofCheck {
                    id: a.id,
                    date: a.data.date,
                    title: a.data.title.to_string(),
                    documented: lacks.is_empty(),
                    missing: lacks.iter().map(ToString::to_string).collect(),
                }
            })
            .collect())
    }

    /// How many certificates the logbook names whose files are gone.
    pub fn missing_certificates(&self) -> Result<usize> {
        Ok(self
            .certificates(false)?
            .values()
            .flatten()
            .filter(|(_, state)| *state == FileState::Missing)
            .count())
    }
}
