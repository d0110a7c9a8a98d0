//! The actions that may take long, each started as a [`Job`](super::jobs::Job) on its own
//! thread: import, export, transcript, packet, calendar, backup and restore. Each says what it
//! is doing for the progress bar, and finishes on the window's thread with the same notice the
//! work always gave. Those that write a file write it whole at the end, so they can be
//! stopped; a restore and the saving of an import cannot be stopped halfway.

use std::path::{Path, PathBuf};

use super::actions::Long;
use super::data::Data;
use super::jobs::Finish;
use super::session::Session;
use crate::domain::ActivityData;
use crate::domain::proof::FileState;
use crate::logbook::backups::Restored;
use crate::logbook::files::{CheckedFile, read_certificates};
use crate::logbook::text::count;
use crate::logbook::tracker::Tracker;
use crate::logbook::{Logbook, Result};

/// A finish: what the job hands back, on the window's thread.
fn finish(f: impl FnOnce(&mut Session, f64) -> Result<()> + Send + 'static) -> Result<Finish> {
    Ok(Box::new(f))
}

impl Session {
    /// Starts work that may take long as a job.
    pub fn start_long(&mut self, long: Long) -> Result<()> {
        match long {
            Long::Add { data, certificates } => self.start_add(data, certificates),
            Long::Attach { activity, paths } => self.start_attach(activity, paths),
            Long::Import { rows, from } => self.start_import(rows, from),
            Long::Export(path) => self.start_export(path),
            Long::BackUp(path) => self.start_backup(path),
            Long::Restore(path) => self.start_restore(path),
            Long::Packet { credential, path } => self.start_packet(credential, path),
            Long::Report { credential, path } => self.start_report(credential, path),
            Long::Calendar(path) => self.start_calendar(path),
        }
    }

    /// A new activity with certificates: each file read and checked (a step, and a point to
    /// stop; a bad one saves nothing and the form stays), then the activity saved and the
    /// files copied in.
    fn start_add(&mut self, data: ActivityData, paths: Vec<PathBuf>) -> Result<()> {
        self.start_job("Saving the activity", true, true, move |tracker, open| {
            let checked = check_each(tracker, &paths)?;
            let added = open.open()?.add_with_certificates(&data, checked)?;
            finish(move |s, now| {
                s.added(added, data, now);
                s.data.derive(s.logbook.rules(), s.logbook.today());
                s.caught_up()
            })
        })
    }

    /// Certificates read and checked (each a step, and a point to stop), then copied in.
    fn start_attach(&mut self, activity: i64, paths: Vec<PathBuf>) -> Result<()> {
        self.start_job("Attaching", true, true, move |tracker, open| {
            let checked = check_each(tracker, &paths)?;
            let attached = open.open()?.attach(activity, checked)?;
            finish(move |s, now| {
                let mut names = Vec::new();
                for (name, a) in attached {
                    let list = s.data.certificates.entry(activity).or_default();
                    if !list.iter().any(|(x, _)| x.hash == a.hash) {
                        list.push((a, FileState::Ok));
                    }
                    names.push(name);
                }
                s.data.derive(s.logbook.rules(), s.logbook.today());
                s.caught_up()?;
                let title = s.data.activity(activity).map(|a| a.data.title.clone());
                let text = format!(
                    "Attached {} to “{}”.",
                    names.join(", "),
                    title.unwrap_or_default()
                );
                s.notify(now, text, false);
                Ok(())
            })
        })
    }

    fn start_import(&mut self, rows: Vec<ActivityData>, from: PathBuf) -> Result<()> {
        let saving = format!("Saving {}", count(rows.len(), "activity", "activities"));
        self.start_job("Importing", false, true, move |tracker, open| {
            let mut logbook = open.open()?;
            tracker.step(saving, 0, 2)?;
            let ids = logbook.add_activities(&rows)?;
            tracker.step("Reading the logbook again", 1, 2)?;
            let data = Data::load(&logbook)?;
            finish(move |s, now| {
                s.take_data(data)?;
                s.places.imported(&from);
                let text = format!("Imported {}.", count(ids.len(), "activity", "activities"));
                s.notify(now, text, false);
                Ok(())
            })
        })
    }

    fn start_export(&mut self, path: PathBuf) -> Result<()> {
        self.start_job("Exporting", true, false, move |tracker, open| {
            let n = open.open()?.export(&path, tracker)?;
            finish(move |s, now| {
                let n = count(n, "activity", "activities");
                let text = format!("Exported {n} to {}.", path.display());
                s.saved_file(now, text, &path, false);
                Ok(())
            })
        })
    }

    fn start_backup(&mut self, path: PathBuf) -> Result<()> {
        // Written whole at the end, as the packet is: it can be stopped.
        self.start_job("Backing up", true, false, move |tracker, open| {
            let done = open.open()?.backup(Some(&path), tracker)?;
            finish(move |s, now| {
                let mut text = format!(
                    "Backed up the logbook and {} to {}.",
                    count(done.certificates, "certificate", "certificates"),
                    path.display()
                );
                text.push_str(&unusable_note("Not in it", &done.missing));
                s.saved_file(now, text, &path, !done.missing.is_empty());
                Ok(())
            })
        })
    }

    /// The logbook replaced by a backup (checked whole first) and read again, all on the
    /// job's thread; the window then takes the new logbook as it is.
    fn start_restore(&mut self, source: PathBuf) -> Result<()> {
        let db = self.logbook.path().to_owned();
        self.start_job("Restoring", false, true, move |tracker, open| {
            tracker.step("Checking the backup and putting it in place", 0, 2)?;
            let (logbook, restored) =
                Logbook::restore(&db, &source, open.rules.clone(), open.today)?;
            tracker.step("Reading the logbook", 1, 2)?;
            let data = Data::load(&logbook)?;
            finish(move |s, now| {
                s.replace_logbook(logbook, data)?;
                let text = restored_text(&source, &restored);
                s.notify_saved(now, text, &db, restored.missing_certificates > 0);
                Ok(())
            })
        })
    }

    fn start_packet(&mut self, credential: i64, path: PathBuf) -> Result<()> {
        self.start_job("Saving the packet", true, false, move |tracker, open| {
            let w = open.open()?.write_packet(credential, &path, tracker)?;
            finish(move |s, now| {
                let mut text = format!(
                    "Saved the packet ({}, {}) to {}.",
                    count(w.activities, "activity", "activities"),
                    count(w.certificates, "certificate", "certificates"),
                    path.display()
                );
                text.push_str(&unusable_note("Left out", &w.unusable));
                text.push_str(&unprintable_note(&w.unprintable));
                let warn = !w.unusable.is_empty() || !w.unprintable.is_empty();
                s.saved_file(now, text, &path, warn);
                Ok(())
            })
        })
    }

    fn start_report(&mut self, credential: i64, path: PathBuf) -> Result<()> {
        self.start_job(
            "Saving the transcript",
            true,
            false,
            move |tracker, open| {
                let w = open.open()?.write_report(credential, &path, tracker)?;
                finish(move |s, now| {
                    let mut text = format!("Saved the transcript to {}.", path.display());
                    text.push_str(&unprintable_note(&w.unprintable));
                    s.saved_file(now, text, &path, !w.unprintable.is_empty());
                    Ok(())
                })
            },
        )
    }

    fn start_calendar(&mut self, path: PathBuf) -> Result<()> {
        self.start_job("Saving the calendar", true, false, move |tracker, open| {
            tracker.step("Writing the deadlines", 0, 0)?;
            let n = open.open()?.write_calendar(&path)?;
            finish(move |s, now| {
                let text = format!(
                    "Saved the deadlines of {} to {}.",
                    count(n, "credential", "credentials"),
                    path.display()
                );
                s.saved_file(now, text, &path, false);
                Ok(())
            })
        })
    }

    /// A file saved: the next dialog starts in its folder, and the notice offers it.
    fn saved_file(&mut self, now: f64, text: String, path: &Path, warn: bool) {
        self.places.saved(path);
        self.notify_saved(now, text, path, warn);
    }
}

/// Reads and checks each certificate file, a step each (and a point to stop), then says the
/// copying has begun: past that step the job no longer stops.
fn check_each(tracker: &Tracker, paths: &[PathBuf]) -> Result<Vec<CheckedFile>> {
    let mut checked = Vec::with_capacity(paths.len());
    for (i, path) in paths.iter().enumerate() {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        let doing = format!("Checking {}", name.unwrap_or_default());
        tracker.step(doing, i, paths.len())?;
        checked.extend(read_certificates(std::slice::from_ref(path))?);
    }
    tracker.step("Copying into the logbook", paths.len(), paths.len())?;
    Ok(checked)
}

fn restored_text(source: &Path, restored: &Restored) -> String {
    let mut text = format!("Restored the logbook from {}", source.display());
    if restored.certificates_restored > 0 {
        let n = count(
            restored.certificates_restored,
            "certificate",
            "certificates",
        );
        text.push_str(&format!(", with {n}"));
    }
    text.push('.');
    if let Some(kept) = &restored.kept {
        text.push_str(&format!(
            " The one it replaced is kept as {}.",
            kept.display()
        ));
    }
    if restored.missing_certificates > 0 {
        text.push_str(&format!(
            " {} it names are not in {}; the Proof column shows which.",
            count(restored.missing_certificates, "certificate", "certificates"),
            restored.attachments_dir.display()
        ));
    }
    text
}

/// Certificates a saved file could not hold (their stored copies missing or changed), said
/// after "Saved …" with what to do; nothing when there were none.
fn unusable_note(lead: &str, names: &[String]) -> String {
    if names.is_empty() {
        return String::new();
    }
    format!(
        " {lead}, missing or changed: {}. Attach the originals again.",
        names.join(", ")
    )
}

/// What the transcript could not print, said after "Saved …"; nothing when it printed all.
fn unprintable_note(chars: &[char]) -> String {
    if chars.is_empty() {
        return String::new();
    }
    format!(
        " The transcript could not print {} (no installed font has them); install a font that \
         does (e.g. Noto) and save it again.",
        crate::logbook::text::characters(chars)
    )
}
