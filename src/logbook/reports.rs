//! What the logbook hands out and takes in as files: the transcript PDF, the packet ZIP, the
//! calendar, the CSV export, and the rows of a file to import (CSV or spreadsheet). Made the same way for both front ends:
//! read through the store, computed by the domain and `report`, written whole or not at all.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::Logbook;
use super::error::{Error, Result};
use super::files::{Input, read_input, write_atomically, write_with};
use super::text::count;
use super::tracker::Tracker;
use crate::domain::FieldError;
use crate::domain::csv::{Seen, rows_to_add, seen_before, write_csv};
use crate::domain::import::{ImportOptions, ImportRead, approving_bodies, read_activities};
use crate::domain::proof::FileState;
use crate::domain::rules::KindRules;
use crate::domain::table::Place;
use crate::domain::{Activity, ActivityData, progress};
use crate::report::{self, Certificates, Transcript, calendar, packet, pdf};

/// What was written, for the user.
pub struct Written {
    pub path: PathBuf,
    pub activities: usize,
    pub certificates: usize,
    /// Counted activities that lack some proof.
    pub lacking_proof: usize,
    /// Certificates that could not be enclosed (missing or changed files), by name.
    pub unusable: Vec<String>,
    /// Characters of the transcript no font (embedded or installed) could print.
    pub unprintable: Vec<char>,
}

/// The transcript as PDF: with the embedded font, and where that lacks characters, with the
/// installed fonts that have them. What none has is named in `unprintable`.
fn render(t: &Transcript) -> Result<pdf::Rendered> {
    let plain = pdf::render(t)?;
    if plain.unprintable.is_empty() {
        return Ok(plain);
    }
    let fonts = super::fonts::covering(&plain.unprintable);
    if fonts.is_empty() {
        return Ok(plain);
    }
    Ok(pdf::render_with(t, &fonts)?)
}

/// Reads a file to import (CSV, TSV, XLSX or ODS) and checks every row as the form would.
/// A file that cannot be read at all is an input error; otherwise what was read (the columns
/// found, and the rows or every bad row) is returned. Needs no logbook, so a dry run creates
/// none.
pub fn read_import(
    path: &Path,
    options: &ImportOptions,
    kinds: &KindRules,
    today: NaiveDate,
) -> Result<ImportRead> {
    let bytes = read_input(path, Input::Import)?;
    read_activities(&bytes, options, kinds, today).map_err(|e| match e.place {
        Place::File => FieldError::new("file", format!("{}: {}", path.display(), e.reason)).into(),
        _ => Error::ImportRejected(vec![e]),
    })
}

/// The activities of a file read whole: all or nothing, so any bad row is
/// [`Error::ImportRejected`] with every bad row.
pub fn accepted(read: ImportRead) -> Result<Vec<ActivityData>> {
    match read.outcome {
        Ok(rows) => Ok(rows.into_iter().map(|r| r.data).collect()),
        Err(errors) => Err(Error::ImportRejected(errors)),
    }
}

/// Rows of an import set against the logbook and against each other.
pub struct ImportPlan {
    pub rows: Vec<ActivityData>,
    /// Per row: new, in the logbook already, or the same as an earlier row of the file (same
    /// date, title, points and kind).
    pub seen: Vec<Seen>,
}

impl ImportPlan {
    pub fn new(rows: Vec<ActivityData>, logbook: &[Activity]) -> Self {
        let seen = seen_before(&rows, logbook.iter().map(|a| &a.data));
        ImportPlan { rows, seen }
    }

    /// Rows the logbook has already.
    pub fn in_logbook(&self) -> usize {
        self.seen.iter().filter(|s| **s == Seen::InLogbook).count()
    }

    /// Rows that repeat an earlier row of the file.
    pub fn repeated(&self) -> usize {
        self.seen
            .iter()
            .filter(|s| matches!(s, Seen::EarlierRow(_)))
            .count()
    }

    /// Every row that is not new.
    pub fn duplicates(&self) -> usize {
        self.in_logbook() + self.repeated()
    }

    /// The rows to add: all of them with `keep_duplicates`, else the new ones.
    pub fn to_add(&self, keep_duplicates: bool) -> Vec<ActivityData> {
        rows_to_add(&self.rows, &self.seen, keep_duplicates)
    }
}

impl Logbook {
    /// The bodies the logbook's credentials name as approving, each once: a plain "Approved"
    /// column of an import means the one body, if there is one.
    pub fn approving_bodies(&self) -> Vec<String> {
        approving_bodies(self.credentials())
    }

    /// The import's rows set against what the logbook holds.
    pub fn plan_import(&self, rows: Vec<ActivityData>) -> Result<ImportPlan> {
        Ok(ImportPlan::new(rows, &self.activities()?))
    }

    /// Writes every activity to a CSV file that the import reads back; returns how many.
    pub fn export(&self, path: &Path, tracker: &Tracker) -> Result<usize> {
        tracker.step("Reading the activities", 0, 2)?;
        let activities = self.activities()?;
        let n = activities.len();
        tracker.step(
            format!("Writing {}", count(n, "activity", "activities")),
            1,
            2,
        )?;
        let bytes = write_csv(activities.iter().map(|a| &a.data))
            .map_err(|e| Error::write(format!("cannot write {}", path.display()), e))?;
        tracker.check()?;
        write_atomically(path, &bytes)?;
        Ok(n)
    }

    /// The transcript of a credential's current cycle, with every certificate verified.
    pub fn transcript(
        &self,
        credential_id: i64,
        tracker: &Tracker,
    ) -> Result<(Transcript, Vec<Activity>, Certificates)> {
        let credential = self.credential(credential_id)?;
        let activities = self.activities()?;
        let certificates = self.certificates_verified(tracker)?;
        let kinds = &self.rules.kinds;
        let p = progress(credential, &activities, kinds, self.today);
        let person = self.person_name()?;
        let t = report::transcript(
            credential,
            &p,
            &activities,
            &certificates,
            kinds,
            self.today,
            person.as_deref(),
        );
        Ok((t, activities, certificates))
    }

    /// Writes the transcript PDF of a credential to `out`.
    pub fn write_report(
        &self,
        credential_id: i64,
        out: &Path,
        tracker: &Tracker,
    ) -> Result<Written> {
        let (t, _, _) = self.transcript(credential_id, tracker)?;
        tracker.step("Laying out the transcript", 0, 0)?;
        let rendered = render(&t)?;
        tracker.check()?;
        write_atomically(out, &rendered.bytes)?;
        Ok(Written {
            path: out.to_owned(),
            activities: t.rows.len(),
            certificates: 0,
            lacking_proof: t.lacking_proof(),
            unusable: Vec::new(),
            unprintable: rendered.unprintable,
        })
    }

    /// Writes the recertification packet (transcript and certificates, one ZIP) to `out`. A
    /// certificate whose file is missing or changed is left out, marked in the transcript, and
    /// named in what is returned.
    pub fn write_packet(
        &self,
        credential_id: i64,
        out: &Path,
        tracker: &Tracker,
    ) -> Result<Written> {
        let (t, activities, certs) = self.transcript(credential_id, tracker)?;
        tracker.step("Laying out the transcript", 0, 0)?;
        let rendered = render(&t)?;
        let mut enclosures = Vec::new();
        let mut unusable = Vec::new();
        let total: usize = t
            .rows
            .iter()
            .filter_map(|r| certs.get(&r.id))
            .map(Vec::len)
            .sum();
        for row in &t.rows {
            let Some(activity) = activities.iter().find(|a| a.id == row.id) else {
                continue;
            };
            for (a, state) in certs.get(&row.id).into_iter().flatten() {
                let done = enclosures.len() + unusable.len();
                tracker.step(
                    format!("Copying certificate {} of {total}", done + 1),
                    done,
                    total,
                )?;
                let bytes = match state {
                    FileState::Ok => self.store.read_attachment(a).ok(),
                    _ => None,
                };
                match bytes {
                    Some(bytes) => enclosures.push(packet::Enclosure {
                        date: activity.data.date,
                        title: &activity.data.title,
                        attachment: a,
                        bytes,
                    }),
                    None => unusable.push(format!("{} ({})", a.name, activity.data.title)),
                }
            }
        }
        tracker.step("Writing the packet", total, total)?;
        let context = format!("cannot write the packet {}", out.display());
        write_with(out, &context, |file| {
            packet::write(file, &t, &rendered.bytes, &enclosures).map_err(|e| e.to_string())?;
            // The last chance to stop: the finished file is not put in place.
            match tracker.is_cancelled() {
                true => Err(Error::Cancelled.to_string()),
                false => Ok(()),
            }
        })
        .map_err(|e| {
            if tracker.is_cancelled() {
                Error::Cancelled
            } else {
                e
            }
        })?;
        Ok(Written {
            path: out.to_owned(),
            activities: t.rows.len(),
            certificates: enclosures.len(),
            lacking_proof: t.lacking_proof(),
            unusable,
            unprintable: rendered.unprintable,
        })
    }

    /// Writes the calendar of every credential's deadlines to `out`; returns how many
    /// credentials it holds.
    pub fn write_calendar(&self, out: &Path) -> Result<usize> {
        let progress = self.progress()?;
        let entries: Vec<calendar::Entry<'_>> = progress
            .iter()
            .zip(self.credentials())
            .map(|(progress, c)| calendar::Entry {
                progress,
                deadlines: &c.requirement.deadlines,
            })
            .collect();
        write_atomically(out, calendar::ics(&entries, self.today).as_bytes())?;
        Ok(progress.len())
    }
}
