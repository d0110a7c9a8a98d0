//! Applying an [`Action`]: the one place the window writes. Each action goes through the store
//! first; only when that worked does the in-memory [`Data`](super::data::Data) change, and
//! then what [`Action::rederive`] names is derived again.

use super::actions::{Action, Rederive};
use super::messages::error_text;
use super::session::{Notice, Session, Undoable};
use crate::domain::proof::FileState;
use crate::domain::{Activity, ActivityData};
use crate::logbook::Result;
use crate::logbook::proof::Added;

/// How long the "Deleted … Undo" notice stays.
const UNDO_SECONDS: f64 = 12.0;

impl Session {
    /// Writes through the store, then brings the in-memory data in step. A failure is shown
    /// where the user looks, and nothing in memory changes. Returns whether it worked.
    pub fn apply(&mut self, action: Action, now: f64) -> bool {
        // One long job at a time; while one changes the logbook, nothing else does.
        if let Some(what) = self.busy()
            && (matches!(action, Action::Long(_)) || self.job.as_ref().is_some_and(|j| j.writes))
        {
            let text = format!("Wait until {} is done.", what.to_lowercase());
            self.notify(now, text, true);
            return false;
        }
        self.changed_here();
        let rederive = action.rederive();
        let result = self
            .try_apply(action, now)
            .and_then(|()| self.rederive(rederive));
        if let Err(e) = &result {
            self.notify(now, format!("Not saved: {}", error_text(e)), true);
        }
        result.is_ok()
    }

    fn rederive(&mut self, what: Rederive) -> Result<()> {
        let (rules, today) = (self.logbook.rules(), self.logbook.today());
        match what {
            Rederive::Nothing => {}
            Rederive::Progress => self.data.derive(rules, today),
            Rederive::Credentials => {
                // The service read them back after its own change.
                let credentials = self.logbook.credentials().to_vec();
                self.data.set_credentials(credentials, rules, today);
            }
        }
        Ok(())
    }

    fn try_apply(&mut self, action: Action, now: f64) -> Result<()> {
        match action {
            Action::SaveActivity { id: None, data } => self.add_activity(data, now)?,
            Action::SaveActivity { id: Some(id), data } => self.save_edit(id, data, now)?,
            Action::DeleteActivity(id) => self.delete_activity(id, now)?,
            Action::Undo => self.undo(now)?,
            Action::AddCredential { spec, certified } => {
                let id = self.logbook.add_credential(&spec, certified)?;
                self.credential = Some(id);
            }
            Action::Renew { credential, on } => {
                // The rules say where the new cycle starts (AMT: the day after the old expiry).
                let (_, start, expires) = self.logbook.renew_credential(credential, on)?;
                self.notify(
                    now,
                    format!("New cycle from {start}, expires {expires}."),
                    false,
                );
            }
            Action::Detach { activity, hash } => {
                let gone = self.logbook.detach(activity, &hash)?;
                if let Some(list) = self.data.certificates.get_mut(&activity) {
                    list.retain(|(a, _)| a.hash != hash);
                }
                // The file goes if nothing else refers to it; failing leaves it for later.
                let _ = self.logbook.sweep_certificates();
                let text = format!("Removed the certificate {}.", gone.name);
                self.notify(now, text, false);
            }
            Action::Long(long) => self.start_long(long)?,
            Action::SetName(name) => self.logbook.set_person_name(&name)?,
        }
        Ok(())
    }

    /// A new activity without certificates (with them, it is a job: `Long::Add`).
    fn add_activity(&mut self, data: ActivityData, now: f64) -> Result<()> {
        let added = self.logbook.add_with_certificates(&data, Vec::new())?;
        self.added(added, data, now);
        Ok(())
    }

    /// A new activity saved, with the certificates attached to it: in memory, selected, the
    /// form closed, and said. A certificate that failed to attach is named; the activity stays.
    pub(super) fn added(&mut self, added: Added, data: ActivityData, now: f64) {
        let id = added.id;
        self.data.activities.push(Activity { id, data });
        self.table.selected = Some(id);
        // Closes the new activity's form, not one opened since to edit another.
        if self.form.as_ref().is_some_and(|f| f.editing.is_none()) {
            self.form = None;
        }
        if !added.attached.is_empty() {
            let list = self.data.certificates.entry(id).or_default();
            list.extend(added.attached.into_iter().map(|a| (a, FileState::Ok)));
        }
        match added.failed {
            Some((name, e)) => {
                let text = format!("Saved, but {name} was not attached: {}", error_text(&e));
                self.notify(now, text, true);
            }
            None => self.notify(now, "Saved.", false),
        }
    }

    /// Saves an edit, and offers Undo (Ctrl+Z) to put back what it was.
    fn save_edit(&mut self, id: i64, data: ActivityData, now: f64) -> Result<()> {
        let before = self.data.activity(id).map(|a| a.data.clone());
        self.logbook.update_activity(id, &data)?;
        let title = data.title.clone();
        if let Some(a) = self.data.activities.iter_mut().find(|a| a.id == id) {
            a.data = data;
        }
        self.form = None;
        let Some(before) = before else {
            self.notify(now, "Saved.", false);
            return Ok(());
        };
        self.forget_undo();
        self.notice = Some(Notice {
            text: format!("Saved your changes to “{title}”."),
            error: false,
            until: now + UNDO_SECONDS,
            folder: None,
        });
        self.undo = Some((Undoable::Edit { id, before }, now + UNDO_SECONDS));
        Ok(())
    }

    fn delete_activity(&mut self, id: i64, now: f64) -> Result<()> {
        // A second delete ends the first one's undo: its certificates can go (before
        // this removal, whose own certificates must stay while it can be undone).
        self.forget_undo();
        let removed = self.logbook.remove_activity(id)?;
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
        self.undo = Some((Undoable::Delete(removed), now + UNDO_SECONDS));
        Ok(())
    }

    /// Takes back the last delete or edit; the notice says which.
    fn undo(&mut self, now: f64) -> Result<()> {
        match self.undo.take() {
            None => Ok(()),
            Some((Undoable::Delete(removed), until)) => {
                if let Err(e) = self.logbook.restore_activity(&removed) {
                    self.undo = Some((Undoable::Delete(removed), until));
                    return Err(e);
                }
                self.table.selected = Some(removed.activity.id);
                let title = removed.activity.data.title.clone();
                self.data.restore(removed, &self.logbook);
                let text = format!("Undone: deleting “{title}”. It is back.");
                self.notify(now, text, false);
                Ok(())
            }
            Some((Undoable::Edit { id, before }, until)) => {
                if let Err(e) = self.logbook.update_activity(id, &before) {
                    self.undo = Some((Undoable::Edit { id, before }, until));
                    return Err(e);
                }
                let title = before.title.clone();
                if let Some(a) = self.data.activities.iter_mut().find(|a| a.id == id) {
                    a.data = before;
                }
                self.table.selected = Some(id);
                let text = format!("Undone: your changes to “{title}”. It is as it was.");
                self.notify(now, text, false);
                Ok(())
            }
        }
    }
}
