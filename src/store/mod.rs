//! The logbook file: one SQLite database. Schema, queries and the checks that keep a file
//! that is not ours (or is newer than us) untouched.

mod activities;
pub mod archive;
pub mod attachments;
pub mod backup;
mod credentials;
mod error;
mod files;
pub mod pool;
mod profile;
mod schema;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags, TransactionBehavior};

use error::sqlite_reason;

pub use error::{Result, StoreError, io_reason};
pub use files::{attachments_dir_for, backup_dir_for};
pub use schema::{APPLICATION_ID, latest_version};

/// The logbook's file name inside the data directory.
pub const FILE_NAME: &str = "logbook.sqlite3";

/// Where the logbook lives when neither `--db` nor `CE_LOGBOOK_DB` says otherwise: the
/// system's per-user data folder (e.g. `~/.local/share/celogbook/` on Linux).
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("org", "CE Logbook", "CE Logbook")
        .map(|d| d.data_dir().join(FILE_NAME))
}

/// How long a write waits for another writer (a second window, the command line).
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// An open logbook.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens the logbook at `path`, creating it (and its folder) if there is none. A file
    /// that is not a logbook, or is a newer one, is refused before anything is written.
    pub fn open(path: &Path) -> Result<Store> {
        let open_err = |reason: String| StoreError::Open {
            path: path.to_owned(),
            reason,
        };
        let mut version = None;
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => {
                return Err(StoreError::NotALogbook {
                    path: path.to_owned(),
                    reason: "it is a folder".into(),
                });
            }
            Ok(meta) if meta.len() > 0 => version = inspect(path)?,
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    files::create_private_dir(dir).map_err(|e| {
                        open_err(format!("cannot create the folder {}: {e}", dir.display()))
                    })?;
                }
                files::create_private_file(path).map_err(|e| open_err(e.to_string()))?;
            }
            Err(e) => return Err(open_err(e.to_string())),
        }

        let mut conn = Connection::open(path).map_err(|e| open_err(sqlite_reason(&e)))?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // IMMEDIATE: a write takes the lock at BEGIN, so two writers queue on the busy
        // timeout instead of failing when a read lock cannot be upgraded.
        conn.set_transaction_behavior(TransactionBehavior::Immediate);
        let mode: String = conn
            .pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))
            .map_err(|e| open_err(sqlite_reason(&e)))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(open_err(format!(
                "the journal cannot be switched to WAL (got {mode})"
            )));
        }
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", true)?;
        // A logbook of an older schema is copied aside (with its certificates) before it is
        // changed.
        if let Some(v) = version.filter(|v| *v > 0 && *v < latest_version()) {
            let dest = backup_dir_for(path).join(format!("logbook-schema-v{v}.sqlite3"));
            if !dest.exists() {
                pool::backup_with_certificates(
                    &conn,
                    &attachments_dir_for(path),
                    &dest,
                    &mut |_, _| true,
                )?;
            }
        }
        schema::migrations()
            .to_latest(&mut conn)
            .map_err(|e| open_err(format!("cannot prepare the logbook: {e}")))?;
        Ok(Store {
            conn,
            path: path.to_owned(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// How this connection writes, as SQLite reports it: the journal mode (`"wal"`) and the
    /// `synchronous` level (2 = FULL: every commit is synced to disk before it returns).
    /// For the tests that hold the store to its promise of surviving a power cut.
    pub fn durability(&self) -> Result<(String, i64)> {
        let mode: String = self
            .conn
            .pragma_query_value(None, "journal_mode", |r| r.get(0))?;
        let sync: i64 = self
            .conn
            .pragma_query_value(None, "synchronous", |r| r.get(0))?;
        Ok((mode, sync))
    }

    /// Changes whenever another connection commits to the file: cheap to poll.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .pragma_query_value(None, "data_version", |r| r.get(0))?)
    }

    /// Runs `f` in one IMMEDIATE transaction: all of it is written, or none.
    fn write<T>(&mut self, f: impl FnOnce(&rusqlite::Transaction) -> Result<T>) -> Result<T> {
        let attempt = || -> Result<T> {
            let tx = self.conn.transaction()?;
            let value = f(&tx)?;
            tx.commit()?;
            Ok(value)
        };
        // A failed write names the file and what to do (a full disk, a lock); nothing of it
        // was written, since the transaction rolled back.
        attempt().map_err(|e| match e {
            StoreError::Sqlite(e) => StoreError::Write {
                path: self.path.clone(),
                reason: sqlite_reason(&e),
            },
            other => other,
        })
    }
}

/// Checks, without writing a byte, that the file at `path` is a logbook this version can use.
/// Returns its schema version, or `None` for an empty database that is ours to set up.
fn inspect(path: &Path) -> Result<Option<i64>> {
    let not_ours = |reason: &str| StoreError::NotALogbook {
        path: path.to_owned(),
        reason: reason.to_owned(),
    };
    let mut magic = [0u8; 16];
    let header_ok = std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut magic))
        .is_ok();
    if !header_ok || &magic != b"SQLite format 3\0" {
        return Err(not_ours("it is not an SQLite database at all"));
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| StoreError::Open {
        path: path.to_owned(),
        reason: sqlite_reason(&e),
    })?;
    let read = || -> rusqlite::Result<(i32, i64, i64)> {
        let app: i32 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        let objects: i64 =
            conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
        Ok((app, version, objects))
    };
    let (app, version, objects) = read().map_err(|e| match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => StoreError::Damaged {
            path: path.to_owned(),
            backups: backup_dir_for(path),
        },
        _ => StoreError::Open {
            path: path.to_owned(),
            reason: sqlite_reason(&e),
        },
    })?;
    match (app, version, objects) {
        // An empty SQLite file, e.g. one made by `sqlite3 file ''`: ours to set up.
        (0, 0, 0) => Ok(None),
        (APPLICATION_ID, v, _) if v > latest_version() => Err(StoreError::TooNew {
            path: path.to_owned(),
            found: v,
            known: latest_version(),
        }),
        (APPLICATION_ID, v, _) => Ok(Some(v)),
        _ => Err(not_ours("it is an SQLite database of another program")),
    }
}
