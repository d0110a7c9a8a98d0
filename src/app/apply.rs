//! Applying an [`Action`]: the one place the window writes. Each action goes through the store
//! first; only when that worked does the in-memory [`Data`](super::data::Data) change, and
//! then what [`Action::rederive`] names is derived again.

use std::path::{Path, PathBuf};

use super::actions::{Action, Rederive};
use super::data::read_credentials;
use super::session::{Notice, Session};
use crate::domain::proof::{FileState, check_person_name};
use crate::domain::transfer::write_csv;
use crate::domain::{Activity, ActivityData};
use crate::output;

/// How long the "Deleted … Undo" notice stays.
const UNDO_SECONDS: f64 = 12.0;

impl Session {
    /// Writes through the store, then brings the in-memory data in step. A failure is shown
    /// where the user looks, and nothing in memory changes. Returns whether it worked.
    pub fn apply(&mut self, action: Action, now: f64) -> bool {
        let rederive = action.rederive();
        let result = self
            .try_apply(action, now)
            .and_then(|()| self.rederive(rederive));
        if let Err(e) = &result {
            self.notify(now, format!("Not saved: {e:#}"), true);
        }
        result.is_ok()
    }

    fn rederive(&mut self, what: Rederive) -> anyhow::Result<()> {
        match what {
            Rederive::Nothing => {}
            Rederive::Progress => self.data.derive(&self.rules, self.today),
            Rederive::Credentials => {
                let credentials = read_credentials(&self.store, &self.rules)?;
                self.data
                    .set_credentials(credentials, &self.rules, self.today);
            }
        }
        Ok(())
    }

    fn try_apply(&mut self, action: Action, now: f64) -> anyhow::Result<()> {
        match action {
            Action::SaveActivity {
                id: None,
                data,
                certificates,
            } => self.add_activity(data, &certificates, now)?,
            Action::SaveActivity {
                id: Some(id), data, ..
            } => {
                self.store.update_activity(id, &data)?;
                if let Some(a) = self.data.activities.iter_mut().find(|a| a.id == id) {
                    a.data = data;
                }
                self.form = None;
                self.notify(now, "Saved.", false);
            }
            Action::DeleteActivity(id) => self.delete_activity(id, now)?,
            Action::Undo => self.undo(now)?,
            Action::AddCredential { spec, certified } => {
                let id = self.store.add_credential(&spec, certified)?;
                self.credential = Some(id);
            }
            Action::Renew { credential, on } => {
                self.store.renew_credential(credential, on)?;
                self.notify(now, format!("New cycle from {on}."), false);
            }
            Action::Attach { activity, paths } => self.attach(activity, &paths, now)?,
            Action::Detach { activity, hash } => {
                let gone = self.store.detach(activity, &hash)?;
                if let Some(list) = self.data.certificates.get_mut(&activity) {
                    list.retain(|(a, _)| a.hash != hash);
                }
                // The file goes if nothing else refers to it; failing leaves it for later.
                let _ = self.store.sweep_attachments();
                let text = format!("Removed the certificate {}.", gone.name);
                self.notify(now, text, false);
            }
            Action::Import(rows) => {
                let ids = self.store.add_activities(&rows)?;
                let count = output::count(ids.len(), "activity", "activities");
                self.data.activities.extend(
                    ids.into_iter()
                        .zip(rows)
                        .map(|(id, data)| Activity { id, data }),
                );
                self.notify(now, format!("Imported {count}."), false);
            }
            Action::Export(path) => self.export(&path, now)?,
            Action::Packet { credential, path } => self.save_packet(credential, path, now)?,
            Action::Report { credential, path } => {
                output::write_report(&self.store, &self.rules, credential, self.today, &path)?;
                let text = format!("Saved the transcript to {}.", path.display());
                self.notify(now, text, false);
            }
            Action::Calendar(path) => {
                let n = output::write_calendar(&self.store, &self.rules, self.today, &path)?;
                let text = format!(
                    "Saved the deadlines of {n} credential(s) to {}.",
                    path.display()
                );
                self.notify(now, text, false);
            }
            Action::SetName(name) => {
                let name = check_person_name(&name)?;
                self.store.set_person_name(&name)?;
            }
        }
        Ok(())
    }

    /// A new activity. A bad certificate file saves nothing: it is named, and the form stays.
    /// A certificate that fails to attach after the save is said, and the activity stays.
    fn add_activity(
        &mut self,
        data: ActivityData,
        certificates: &[PathBuf],
        now: f64,
    ) -> anyhow::Result<()> {
        let checked = output::read_certificates(certificates)?;
        let id = self.store.add_activity(&data)?;
        self.data.activities.push(Activity { id, data });
        self.table.selected = Some(id);
        self.form = None;
        let mut failed = None;
        for c in checked {
            match self.store.attach(id, &c.name, &c.bytes, c.file_type) {
                Ok(a) => self
                    .data
                    .certificates
                    .entry(id)
                    .or_default()
                    .push((a, FileState::Ok)),
                Err(e) => failed = Some(format!("Saved, but {} was not attached: {e}", c.name)),
            }
        }
        match failed {
            Some(message) => self.notify(now, message, true),
            None => self.notify(now, "Saved.", false),
        }
        Ok(())
    }

    fn delete_activity(&mut self, id: i64, now: f64) -> anyhow::Result<()> {
        // A second delete ends the first one's undo: its certificates can go (before
        // this removal, whose own certificates must stay while it can be undone).
        self.forget_undo();
        let removed = self.store.remove_activity(id)?;
        self.data.activities.retain(|a| a.id != id);
        self.data.certificates.remove(&id);
        if self.form.as_ref().is_some_and(|f| f.editing == Some(id)) {
            self.form = None;
        }
        self.table.selected = None;
        self.notice = Some(Notice {
            text: format!("Deleted “{}”.", removed.activity.data.title),
            error: false,
            until: now + UNDO_SECONDS,
            folder: None,
        });
        self.undo = Some((removed, now + UNDO_SECONDS));
        Ok(())
    }

    fn undo(&mut self, now: f64) -> anyhow::Result<()> {
        let Some((removed, _)) = self.undo.take() else {
            return Ok(());
        };
        if let Err(e) = self.store.restore_activity(&removed) {
            self.undo = Some((removed, now + UNDO_SECONDS));
            return Err(e.into());
        }
        self.table.selected = Some(removed.activity.id);
        let title = removed.activity.data.title.clone();
        self.data.restore(removed, &self.store);
        self.notify(now, format!("Restored “{title}”."), false);
        Ok(())
    }

    fn attach(&mut self, activity: i64, paths: &[PathBuf], now: f64) -> anyhow::Result<()> {
        let mut names = Vec::new();
        for c in output::read_certificates(paths)? {
            let a = self
                .store
                .attach(activity, &c.name, &c.bytes, c.file_type)?;
            let list = self.data.certificates.entry(activity).or_default();
            if !list.iter().any(|(x, _)| x.hash == a.hash) {
                list.push((a, FileState::Ok));
            }
            names.push(c.name);
        }
        let title = self
            .data
            .activity(activity)
            .map(|a| a.data.title.clone())
            .unwrap_or_default();
        let text = format!("Attached {} to “{title}”.", names.join(", "));
        self.notify(now, text, false);
        Ok(())
    }

    fn export(&mut self, path: &Path, now: f64) -> anyhow::Result<()> {
        let bytes = write_csv(self.data.activities.iter().map(|a| &a.data))?;
        output::write_atomically(path, &bytes)?;
        let n = self.data.activities.len();
        let text = format!(
            "Exported {} to {}.",
            output::count(n, "activity", "activities"),
            path.display()
        );
        self.notify(now, text, false);
        Ok(())
    }

    fn save_packet(&mut self, credential: i64, path: PathBuf, now: f64) -> anyhow::Result<()> {
        let w = output::write_packet(&self.store, &self.rules, credential, self.today, &path)?;
        let mut text = format!(
            "Saved the packet ({}, {}) to {}.",
            output::count(w.activities, "activity", "activities"),
            output::count(w.certificates, "certificate", "certificates"),
            path.display()
        );
        if !w.unusable.is_empty() {
            text.push_str(&format!(
                " Left out, missing or changed: {}. Attach the originals again.",
                w.unusable.join(", ")
            ));
        }
        self.notify_saved(now, text, &path, !w.unusable.is_empty());
        Ok(())
    }
}
