//! Backups: online copies with SQLite's backup API, kept in `backups/` beside the logbook
//! (the last 10 daily copies and one a month for a year) with their certificates (see
//! `pool.rs`), or written as one file (`archive.rs`); and restoring from any of them, checked
//! whole before anything is replaced.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chrono::{Datelike, Months, NaiveDate};
use rusqlite::{Connection, OpenFlags};

use super::Store;
use super::archive;
use super::error::{Result, StoreError, io_reason};
use super::files::{
    attachments_dir_for, backup_dir_for, create_private_dir, hash_file, write_file,
};
use super::pool::{self, Copying, Manifest, backup_with_certificates};

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

    /// A backup with its certificates: a new file in the backups folder (certificates in
    /// its pool, a manifest beside it). Returns where it went.
    pub fn backup(
        &self,
        today: NaiveDate,
        copying: &mut Copying<'_>,
    ) -> Result<(PathBuf, Manifest)> {
        let dest = free_name(&self.backup_dir(), &format!("logbook-{today}-manual"));
        let manifest =
            backup_with_certificates(&self.conn, &attachments_dir_for(&self.path), &dest, copying)?;
        Ok((dest, manifest))
    }

    /// The logbook and its certificates in one new file `dest` (never over an existing one),
    /// to move or keep. Returns its manifest.
    pub fn backup_to_file(&self, dest: &Path, copying: &mut Copying<'_>) -> Result<Manifest> {
        archive::write(&self.conn, &attachments_dir_for(&self.path), dest, copying)
    }

    /// Today's automatic copy, at most one a day, then the thinning of old ones and of the
    /// certificates only they held. Returns the new copy's path, or `None` if today's exists
    /// already.
    pub fn daily_backup(&self, today: NaiveDate) -> Result<Option<PathBuf>> {
        let dir = self.backup_dir();
        let dest = dir.join(daily_name(today));
        if dest.exists() {
            return Ok(None);
        }
        let attachments = attachments_dir_for(&self.path);
        backup_with_certificates(&self.conn, &attachments, &dest, &mut |_, _| true)?;
        let _lock = pool::lock(&dir)?;
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
                let _ = pool::remove_backup(&path);
            }
        }
        pool::prune(&dir);
        Ok(Some(dest))
    }

    /// Replaces this logbook's contents with the checked logbook `source`. With `keep`, the
    /// current contents are backed up first (with their certificates); returns where.
    fn replace_with(
        &mut self,
        source: &Connection,
        today: NaiveDate,
        keep: bool,
    ) -> Result<Option<PathBuf>> {
        let saved = if keep {
            let saved = free_name(
                &self.backup_dir(),
                &format!("logbook-{today}-before-restore"),
            );
            let attachments = attachments_dir_for(&self.path);
            backup_with_certificates(&self.conn, &attachments, &saved, &mut |_, _| true)?;
            Some(saved)
        } else {
            None
        };
        rusqlite::backup::Backup::new(source, &mut self.conn)?.run_to_completion(
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

/// What a restore did.
#[derive(Debug)]
pub struct Restore {
    /// Where the logbook it replaced was kept (with its certificates); `None` where there was
    /// none (a new computer).
    pub kept: Option<PathBuf>,
    /// Certificates put back into `attachments/` from the backup.
    pub certificates_restored: usize,
}

/// Restores the logbook at `db` (which need not exist yet) from `source`: a one-file backup,
/// a backup in a backups folder (its certificates in the pool beside it), or a plain logbook
/// file. Everything in `source` is checked first, every certificate against its hash; a
/// refusal changes nothing. A damaged logbook at `db` is moved (with its -wal and -shm) into
/// the backups folder, never deleted; a file that is not a logbook at all, or a newer one, is
/// refused: it may belong to another program.
pub fn restore_logbook(db: &Path, source: &Path, today: NaiveDate) -> Result<Restore> {
    let mut checked = check_source(source)?;
    if same_file(source, db) {
        return Err(StoreError::NotRestorable {
            path: source.to_owned(),
            reason: "it is the logbook itself".into(),
        });
    }
    let existed = std::fs::metadata(db).is_ok_and(|m| m.len() > 0);
    let (mut store, damaged) = match Store::open(db) {
        Ok(store) => (store, None),
        Err(StoreError::Damaged { .. }) => {
            let kept = move_damaged_aside(db, today)?;
            (Store::open(db)?, Some(kept))
        }
        Err(e) => return Err(e),
    };
    let attachments = attachments_dir_for(db);
    let written = checked.install(&attachments)?;
    let conn = Connection::open_with_flags(checked.logbook(), OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let keep = existed && damaged.is_none();
    match store.replace_with(&conn, today, keep) {
        Ok(saved) => Ok(Restore {
            kept: damaged.or(saved),
            certificates_restored: written.len(),
        }),
        Err(e) => {
            // The logbook was not replaced: the certificates put in for it go again.
            for path in written {
                let _ = std::fs::remove_file(path);
            }
            Err(e)
        }
    }
}

/// What a backup holds, checked whole as a restore would check it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    pub activities: usize,
    pub credentials: usize,
    /// Certificates the backup holds (each checked against its hash).
    pub certificates: usize,
    /// Certificates its logbook names that it does not hold.
    pub without_file: usize,
}

/// Checks the backup at `source` as [`restore_logbook`] would, and counts what it holds;
/// nothing is written.
pub fn summarize(source: &Path) -> Result<Summary> {
    let checked = check_source(source)?;
    let conn = Connection::open_with_flags(checked.logbook(), OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let count = |sql: &str| -> Result<usize> {
        Ok(conn.query_row(sql, [], |r| r.get::<_, i64>(0))?.max(0) as usize)
    };
    let named = pool::named_in(checked.logbook())?.len();
    let certificates = checked.manifest().map_or(0, |m| m.certificates.len());
    Ok(Summary {
        activities: count("SELECT count(*) FROM activity")?,
        credentials: count("SELECT count(*) FROM credential")?,
        certificates,
        without_file: named.saturating_sub(certificates),
    })
}

/// Moves a damaged logbook (with its -wal and -shm) into its backups folder; returns where.
fn move_damaged_aside(db: &Path, today: NaiveDate) -> Result<PathBuf> {
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
    Ok(kept)
}

/// A restore's source, checked whole.
enum Checked {
    /// A plain logbook file, with the manifest beside it if it is a backup made with its
    /// certificates (they are in the pool of its folder).
    Plain {
        path: PathBuf,
        pooled: Option<(Manifest, PathBuf)>,
    },
    /// A one-file backup.
    File(Box<archive::Unpacked>),
}

/// Checks everything in `source` before anything is touched: the logbook (ours, not damaged,
/// not newer), and for a backup with a manifest the logbook's hash and every certificate's.
fn check_source(source: &Path) -> Result<Checked> {
    let refuse = |reason: String| StoreError::NotRestorable {
        path: source.to_owned(),
        reason,
    };
    if archive::is_archive(source) {
        let unpacked = archive::open(source).map_err(refuse)?;
        drop(check_restorable(&unpacked.logbook).map_err(|e| match e {
            StoreError::NotRestorable { reason, .. } => refuse(reason),
            other => other,
        })?);
        return Ok(Checked::File(Box::new(unpacked)));
    }
    drop(check_restorable(source)?);
    let manifest_path = pool::manifest_path(source);
    let pooled = match std::fs::read(&manifest_path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(refuse(format!("its manifest cannot be read ({e})"))),
        Ok(bytes) => {
            let manifest = Manifest::from_json(&bytes).map_err(refuse)?;
            let hash = hash_file(source).map_err(|e| refuse(e.to_string()))?;
            if hash != manifest.logbook.sha256 {
                return Err(refuse(
                    "it was changed since the backup was made (its hash does not match its                      manifest)"
                        .into(),
                ));
            }
            let dir = source.parent().unwrap_or(Path::new("."));
            let pool = pool::pool_dir(dir);
            pool::verify_pool(&manifest, &pool).map_err(refuse)?;
            Some((manifest, pool))
        }
    };
    Ok(Checked::Plain {
        path: source.to_owned(),
        pooled,
    })
}

impl Checked {
    /// The checked logbook file to restore from.
    fn logbook(&self) -> &Path {
        match self {
            Checked::Plain { path, .. } => path,
            Checked::File(unpacked) => &unpacked.logbook,
        }
    }

    fn manifest(&self) -> Option<&Manifest> {
        match self {
            Checked::Plain { pooled, .. } => pooled.as_ref().map(|(m, _)| m),
            Checked::File(unpacked) => Some(&unpacked.manifest),
        }
    }

    /// Puts every certificate the backup holds into `attachments` where it is not there
    /// whole already, each checked against its hash again; returns the files written.
    fn install(&mut self, attachments: &Path) -> Result<Vec<PathBuf>> {
        let Some(list) = self.manifest().map(|m| m.certificates.clone()) else {
            return Ok(Vec::new());
        };
        let mut written = Vec::new();
        let result = list.iter().try_for_each(|c| {
            let dest = attachments.join(c.file_name());
            if pool::read_verified(&dest, c).is_some() {
                return Ok(());
            }
            let bytes = self.certificate(c)?;
            write_file(attachments, &dest, &bytes).map_err(|e| StoreError::Write {
                path: dest.clone(),
                reason: io_reason(&e),
            })?;
            written.push(dest);
            Ok(())
        });
        if let Err(e) = result {
            for path in written {
                let _ = std::fs::remove_file(path);
            }
            return Err(e);
        }
        Ok(written)
    }

    fn certificate(&mut self, c: &pool::Certificate) -> Result<Vec<u8>> {
        let bytes = match self {
            Checked::Plain {
                pooled: Some((_, pool)),
                path,
            } => pool::read_verified(&pool.join(c.file_name()), c)
                .ok_or_else(|| {
                    format!(
                        "the certificate {} changed while it was restored",
                        c.label()
                    )
                })
                .map_err(|reason| StoreError::NotRestorable {
                    path: path.clone(),
                    reason,
                }),
            Checked::File(unpacked) => {
                let path = unpacked.source.clone();
                unpacked
                    .certificate(c)
                    .map_err(|reason| StoreError::NotRestorable { path, reason })
            }
            Checked::Plain { path, .. } => Err(StoreError::NotRestorable {
                path: path.clone(),
                reason: "it holds no certificates".into(),
            }),
        }?;
        Ok(bytes)
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
