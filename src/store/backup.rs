//! Backups: online copies with SQLite's backup API, kept in `backups/` beside the logbook
//! (the last 10 daily copies and one a month for a year), and restoring from one.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chrono::{Datelike, Months, NaiveDate};
use rusqlite::{Connection, OpenFlags};

use super::Store;
use super::error::{Result, StoreError};
use super::files::{backup_dir_for, copy_to, create_private_dir};

/// How many daily copies are kept, newest first.
const DAILY_KEPT: usize = 10;
/// For how many months one copy a month is kept.
const MONTHS_KEPT: u32 = 12;

fn daily_name(date: NaiveDate) -> String {
    format!("logbook-{date}.sqlite3")
}

/// The date of a daily backup's file name, if it is one.
fn daily_date(name: &str) -> Option<NaiveDate> {
    let date = name.strip_prefix("logbook-")?.strip_suffix(".sqlite3")?;
    NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()
}

/// Which daily backups to keep: the newest ten, and the newest of each of the last twelve
/// months (counting the current one).
pub fn daily_backups_to_keep(dates: &[NaiveDate], today: NaiveDate) -> BTreeSet<NaiveDate> {
    let mut sorted: Vec<NaiveDate> = dates.to_vec();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    sorted.dedup();
    let mut keep: BTreeSet<NaiveDate> = sorted.iter().take(DAILY_KEPT).copied().collect();
    let first_month = today
        .with_day(1)
        .and_then(|d| d.checked_sub_months(Months::new(MONTHS_KEPT - 1)))
        .unwrap_or(NaiveDate::MIN);
    let mut months_seen = BTreeSet::new();
    for date in sorted.iter().filter(|d| **d >= first_month && **d <= today) {
        if months_seen.insert((date.year(), date.month())) {
            keep.insert(*date);
        }
    }
    keep
}

/// `dir/stem.sqlite3`, or `dir/stem-2.sqlite3`, … whichever does not exist yet.
fn free_name(dir: &Path, stem: &str) -> PathBuf {
    let first = dir.join(format!("{stem}.sqlite3"));
    if !first.exists() {
        return first;
    }
    (2..)
        .map(|n| dir.join(format!("{stem}-{n}.sqlite3")))
        .find(|p| !p.exists())
        .unwrap_or(first)
}

impl Store {
    /// Where this logbook's backups go.
    pub fn backup_dir(&self) -> PathBuf {
        backup_dir_for(&self.path)
    }

    /// An online copy into `dest` (never over an existing file); with no `dest`, a new file in
    /// the backups folder. Returns where it went.
    pub fn backup(&self, dest: Option<&Path>, today: NaiveDate) -> Result<PathBuf> {
        let dest = match dest {
            Some(d) => d.to_owned(),
            None => free_name(&self.backup_dir(), &format!("logbook-{today}-manual")),
        };
        copy_to(&self.conn, &dest)?;
        Ok(dest)
    }

    /// Today's automatic copy, at most one a day, then the thinning of old ones. Returns the
    /// new copy's path, or `None` if today's exists already.
    pub fn daily_backup(&self, today: NaiveDate) -> Result<Option<PathBuf>> {
        let dir = self.backup_dir();
        let dest = dir.join(daily_name(today));
        if dest.exists() {
            return Ok(None);
        }
        copy_to(&self.conn, &dest)?;
        let dated: Vec<(NaiveDate, PathBuf)> = std::fs::read_dir(&dir)
            .map(|entries| {
                entries
                    .filter_map(|e| e.ok())
                    .filter_map(|e| {
                        let name = e.file_name();
                        daily_date(name.to_str()?).map(|d| (d, e.path()))
                    })
                    .collect()
            })
            .unwrap_or_default();
        let dates: Vec<NaiveDate> = dated.iter().map(|(d, _)| *d).collect();
        let keep = daily_backups_to_keep(&dates, today);
        for (date, path) in dated {
            if !keep.contains(&date) {
                // A copy that cannot be removed now is removed another day.
                let _ = std::fs::remove_file(path);
            }
        }
        Ok(Some(dest))
    }

    /// Replaces this logbook's contents with those of the logbook at `source`, after checking
    /// that it is a logbook this version can use and is not damaged. The current contents are
    /// backed up first; returns where.
    pub fn restore(&mut self, source: &Path, today: NaiveDate) -> Result<PathBuf> {
        let source_conn = check_restorable(source)?;
        if same_file(source, &self.path) {
            return Err(StoreError::NotRestorable {
                path: source.to_owned(),
                reason: "it is the logbook itself".into(),
            });
        }
        let saved = free_name(
            &self.backup_dir(),
            &format!("logbook-{today}-before-restore"),
        );
        copy_to(&self.conn, &saved)?;
        rusqlite::backup::Backup::new(&source_conn, &mut self.conn)?.run_to_completion(
            256,
            std::time::Duration::ZERO,
            None,
        )?;
        // The copy may be of an older schema: bring it up to date like any logbook.
        super::schema::migrations()
            .to_latest(&mut self.conn)
            .map_err(|e| StoreError::Open {
                path: self.path.clone(),
                reason: format!("cannot bring the restored logbook up to date: {e}"),
            })?;
        Ok(saved)
    }
}

/// Restores the logbook at `db` from the backup at `source`, and returns where the logbook it
/// replaces was kept. `source` is checked before anything is touched. A damaged logbook at
/// `db` is moved (with its -wal and -shm) into the backups folder, never deleted; a file that
/// is not a logbook at all, or a newer one, is refused: it may belong to another program.
pub fn restore_logbook(db: &Path, source: &Path, today: NaiveDate) -> Result<PathBuf> {
    drop(check_restorable(source)?);
    match Store::open(db) {
        Ok(mut store) => store.restore(source, today),
        Err(StoreError::Damaged { .. }) => {
            let dir = backup_dir_for(db);
            create_private_dir(&dir).map_err(|e| StoreError::Open {
                path: dir.clone(),
                reason: e.to_string(),
            })?;
            let kept = free_name(&dir, &format!("logbook-{today}-damaged"));
            for suffix in ["", "-wal", "-shm"] {
                let from = PathBuf::from(format!("{}{suffix}", db.display()));
                if from.exists() {
                    let to = PathBuf::from(format!("{}{suffix}", kept.display()));
                    std::fs::rename(&from, &to).map_err(|e| StoreError::Open {
                        path: from.clone(),
                        reason: format!("cannot move it to {}: {e}", to.display()),
                    })?;
                }
            }
            Store::open(db)?.restore(source, today)?;
            Ok(kept)
        }
        Err(e) => Err(e),
    }
}

/// The newest file in the backups folder of the logbook at `db`, if any.
pub fn newest_backup(db: &Path) -> Option<PathBuf> {
    std::fs::read_dir(backup_dir_for(db))
        .ok()?
        .filter_map(|e| e.ok())
        .filter(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            name.starts_with("logbook-") && name.ends_with(".sqlite3") && !name.contains("-damaged")
        })
        .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
        .max()
        .map(|(_, path)| path)
}

/// Opens `source` read-only if it is a logbook of a version this program knows and passes
/// SQLite's own check; anything else is refused with the reason.
fn check_restorable(source: &Path) -> Result<Connection> {
    let refuse = |reason: String| StoreError::NotRestorable {
        path: source.to_owned(),
        reason,
    };
    match std::fs::metadata(source) {
        Ok(m) if m.is_file() && m.len() > 0 => {}
        Ok(_) => return Err(refuse("it is empty or not a file".into())),
        Err(e) => return Err(refuse(e.to_string())),
    }
    match super::inspect(source) {
        Ok(Some(_)) => {}
        Ok(None) => return Err(refuse("it is an empty database, not a logbook".into())),
        Err(StoreError::NotALogbook { reason, .. }) => return Err(refuse(reason)),
        Err(StoreError::Damaged { .. }) => return Err(refuse("it is damaged or truncated".into())),
        Err(StoreError::TooNew { found, known, .. }) => {
            return Err(refuse(format!(
                "it was written by a newer version (schema {found}; this one knows up to {known})"
            )));
        }
        Err(e) => return Err(refuse(e.to_string())),
    }
    let conn = Connection::open_with_flags(source, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| refuse(e.to_string()))?;
    let check: String = conn
        .query_row("PRAGMA quick_check", [], |r| r.get(0))
        .map_err(|e| refuse(format!("it is damaged ({e})")))?;
    if check != "ok" {
        return Err(refuse(format!("it is damaged ({check})")));
    }
    Ok(conn)
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn keeps_ten_days_and_a_month_each_for_a_year() {
        let today = d("2026-11-26");
        // Every day for two years.
        let dates: Vec<NaiveDate> = (0..730)
            .map(|i| today - chrono::Duration::days(i))
            .collect();
        let keep = daily_backups_to_keep(&dates, today);
        for i in 0..10 {
            assert!(keep.contains(&(today - chrono::Duration::days(i))));
        }
        assert!(!keep.contains(&d("2026-11-16")), "the 11th newest day goes");
        // The newest of each of the last twelve months (the current month's is today).
        for month_end in ["2026-10-31", "2026-09-30", "2026-02-28", "2025-12-31"] {
            assert!(keep.contains(&d(month_end)), "{month_end}");
        }
        assert!(!keep.contains(&d("2025-11-30")), "older than a year goes");
        assert_eq!(keep.len(), 10 + 11);
    }

    #[test]
    fn few_backups_are_all_kept() {
        let dates = [d("2026-01-05"), d("2026-03-01")];
        assert_eq!(daily_backups_to_keep(&dates, d("2026-11-26")).len(), 2);
    }

    #[test]
    fn only_daily_names_are_dated() {
        assert_eq!(
            daily_date("logbook-2026-11-26.sqlite3"),
            Some(d("2026-11-26"))
        );
        assert_eq!(daily_date("logbook-2026-11-26-manual.sqlite3"), None);
        assert_eq!(daily_date("notes.txt"), None);
    }
}
