//! The one service both front ends use: it opens the store, loads the rules and resolves the
//! credentials against them once, and offers every operation on the logbook with typed results
//! and one error type ([`Error`], classified by [`ErrorKind`]). Neither front end talks to the
//! store for a change; both call this.
//!
//! Split by what the operations are about: activities and credentials here, certificates and
//! proof in [`proof`], certificates read to fill in an activity in [`scan`], the files it reads and hands out in [`files`] and [`reports`], backups in
//! [`backups`].

pub mod backups;
pub mod error;
pub mod files;
mod fonts;
pub mod proof;
pub mod reports;
pub mod scan;
pub mod text;
pub mod tracker;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::domain::dates::check_past;
use crate::domain::{
    Activity, ActivityData, ActivityDraft, Credential, CredentialSpec, FieldError, Progress,
    RuleBook, progress,
};
use crate::store::Store;
use crate::store::attachments::Removed;

pub use error::{Error, ErrorKind, Result};

/// An open logbook with its rules: what every operation goes through.
pub struct Logbook {
    store: Store,
    rules: RuleBook,
    credentials: Vec<Credential>,
    today: NaiveDate,
}

/// Where the logbook is when the user names none: the system's per-user data folder.
pub fn default_path() -> Result<PathBuf> {
    crate::store::default_path().ok_or(Error::NoDataFolder)
}

impl Logbook {
    /// Opens (or creates) the logbook at `path` with the built-in rules. A file that is not a
    /// logbook, is damaged or is newer is refused before anything is written.
    pub fn open(path: &Path, today: NaiveDate) -> Result<Logbook> {
        Self::open_with(path, RuleBook::builtin()?, today)
    }

    pub fn open_with(path: &Path, rules: RuleBook, today: NaiveDate) -> Result<Logbook> {
        let store = Store::open(path)?;
        let mut logbook = Logbook {
            store,
            rules,
            credentials: Vec::new(),
            today,
        };
        logbook.reload_credentials()?;
        Ok(logbook)
    }

    /// At most one automatic copy a day. A failure is the caller's to report: the work can go
    /// on, but the user's safety net is missing.
    pub fn daily_backup(&self) -> Result<Option<PathBuf>> {
        Ok(self.store.daily_backup(self.today)?)
    }

    pub fn rules(&self) -> &RuleBook {
        &self.rules
    }

    pub fn today(&self) -> NaiveDate {
        self.today
    }

    /// A new day (the window stays open past midnight).
    pub fn set_today(&mut self, today: NaiveDate) {
        self.today = today;
    }

    /// Read-only access for what the front ends look up (paths, the data version).
    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn path(&self) -> &Path {
        self.store.path()
    }

    /// The credentials, resolved against the rules.
    pub fn credentials(&self) -> &[Credential] {
        &self.credentials
    }

    /// The id of the credential named by its id (`1`) or its key (`cma-aama`, in any case), as
    /// `credential list` shows both.
    pub fn credential_id(&self, named: &str) -> Result<i64> {
        let named = named.trim();
        if let Ok(id) = named.parse() {
            return Ok(id);
        }
        let mut matching = self
            .credentials
            .iter()
            .filter(|c| c.spec.preset_id().eq_ignore_ascii_case(named));
        match (matching.next(), matching.next()) {
            (Some(c), None) => Ok(c.id),
            (Some(_), Some(_)) => Err(Error::AmbiguousCredential {
                named: named.to_owned(),
            }),
            (None, _) => Err(Error::NoCredentialNamed {
                named: named.to_owned(),
            }),
        }
    }

    pub fn credential(&self, id: i64) -> Result<&Credential> {
        self.credentials
            .iter()
            .find(|c| c.id == id)
            .ok_or(Error::Store(crate::store::StoreError::NoCredential(id)))
    }

    /// Reads the credentials again (another process may have changed them).
    pub fn reload_credentials(&mut self) -> Result<()> {
        self.credentials = self
            .store
            .credentials()?
            .into_iter()
            .map(|r| Credential::resolve(r, &self.rules))
            .collect::<Result<_, _>>()?;
        Ok(())
    }

    /// Every credential's progress on `activities`, in the credentials' order.
    pub fn progress_of(&self, activities: &[Activity]) -> Vec<Progress> {
        self.credentials
            .iter()
            .map(|c| progress(c, activities, &self.rules.kinds, self.today))
            .collect()
    }

    /// Every credential's progress, read from the logbook.
    pub fn progress(&self) -> Result<Vec<Progress>> {
        Ok(self.progress_of(&self.activities()?))
    }

    pub fn activities(&self) -> Result<Vec<Activity>> {
        Ok(self.store.activities()?)
    }

    pub fn activity(&self, id: i64) -> Result<Activity> {
        Ok(self.store.activity(id)?)
    }

    /// Checks what the user filled in against the rules, as of today.
    pub fn validate(&self, draft: ActivityDraft) -> Result<ActivityData> {
        Ok(draft.validate(&self.rules.kinds, self.today)?)
    }

    pub fn add_activity(&mut self, data: &ActivityData) -> Result<i64> {
        Ok(self.store.add_activity(data)?)
    }

    pub fn add_activities(&mut self, rows: &[ActivityData]) -> Result<Vec<i64>> {
        Ok(self.store.add_activities(rows)?)
    }

    pub fn update_activity(&mut self, id: i64, data: &ActivityData) -> Result<()> {
        Ok(self.store.update_activity(id, data)?)
    }

    /// Takes an activity out with its certificates' records; the files stay until
    /// [`Logbook::sweep_certificates`], so an undo can put everything back.
    pub fn remove_activity(&mut self, id: i64) -> Result<Removed> {
        Ok(self.store.remove_activity(id)?)
    }

    /// Puts back a removed activity with its certificates (an undo).
    pub fn restore_activity(&mut self, removed: &Removed) -> Result<()> {
        Ok(self.store.restore_activity(removed)?)
    }

    /// Adds a credential the user holds; returns its id.
    pub fn add_credential(&mut self, spec: &CredentialSpec, certified: NaiveDate) -> Result<i64> {
        let id = self.store.add_credential(spec, certified)?;
        self.reload_credentials()?;
        Ok(id)
    }

    /// Records that credential `id` was renewed on `on` (checked against its rules and today).
    /// Returns the credential as it was, where the new cycle starts (the renewal rule decides:
    /// on `on`, or the day after the old expiry) and the new expiry.
    pub fn renew_credential(
        &mut self,
        id: i64,
        on: NaiveDate,
    ) -> Result<(Credential, NaiveDate, NaiveDate)> {
        let credential = Credential::resolve(self.store.credential(id)?, &self.rules)?;
        let on = credential.check_renewal(on, self.today)?;
        self.store.renew_credential(id, on)?;
        self.reload_credentials()?;
        let start = credential.next_start(on);
        let expires = credential.requirement.expires(start);
        Ok((credential, start, expires))
    }

    /// A planned activity was done on `date` (not in the future): it counts from now on.
    /// Returns it as it is now.
    pub fn mark_done(&mut self, id: i64, date: NaiveDate) -> Result<Activity> {
        check_past(date, self.today).map_err(|m| FieldError::new("date", m))?;
        let activity = self.store.activity(id)?;
        if !activity.data.planned {
            return Err(FieldError::new(
                "id",
                format!(
                    "activity {id} ({}) is done already, not planned",
                    activity.data.title
                ),
            )
            .into());
        }
        let mut draft = ActivityDraft::from(&activity.data);
        draft.planned = false;
        draft.date = date.to_string();
        let data = self.validate(draft)?;
        self.store.update_activity(id, &data)?;
        Ok(Activity { id, data })
    }

    /// Removes a credential (its activities stay); returns it as it was.
    pub fn remove_credential(&mut self, id: i64) -> Result<Credential> {
        let credential = Credential::resolve(self.store.credential(id)?, &self.rules)?;
        self.store.remove_credential(id)?;
        self.reload_credentials()?;
        Ok(credential)
    }

    /// The name printed on transcripts, if the person gave one.
    pub fn person_name(&self) -> Result<Option<String>> {
        Ok(self.store.person_name()?)
    }

    /// Sets (or, with an empty name, forgets) the name printed on transcripts.
    pub fn set_person_name(&mut self, name: &str) -> Result<()> {
        let name = crate::domain::proof::check_person_name(name)?;
        Ok(self.store.set_person_name(&name)?)
    }

    /// Changes whenever another connection commits to the file: cheap to poll.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self.store.data_version()?)
    }
}
