//! Certificates: files copied into `attachments/` beside the logbook, named by the SHA-256 of
//! their content (one copy however many activities share it), recorded per activity with the
//! name they had and their size.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use rusqlite::Transaction;

use super::Store;
use super::error::{Result, StoreError, io_reason};
use super::files::{hash_file, is_hash, write_file};
use crate::domain::Activity;
use crate::domain::proof::{Attachment, FileState, FileType};

pub use super::files::attachments_dir_for;

pub use super::files::content_hash;

/// An activity taken out of the logbook, with its certificates, so an undo can put back both.
#[derive(Clone, Debug)]
pub struct Removed {
    pub activity: Activity,
    pub attachments: Vec<Attachment>,
}

const COLUMNS: &str = "activity_id, hash, name, size, type";

impl Store {
    pub fn attachments_dir(&self) -> PathBuf {
        attachments_dir_for(&self.path)
    }

    /// Where the stored copy of `a` is.
    pub fn attachment_path(&self, a: &Attachment) -> PathBuf {
        self.attachments_dir()
            .join(format!("{}.{}", a.hash, a.file_type.extension()))
    }

    /// Copies a checked certificate (see [`crate::domain::proof::check_certificate`]) into the
    /// data folder and records it for the activity. Attaching the same content again changes
    /// nothing. The copy is written inside the write transaction, so a sweep by another
    /// process never sees it unreferenced.
    pub fn attach(
        &mut self,
        activity_id: i64,
        name: &str,
        bytes: &[u8],
        file_type: FileType,
    ) -> Result<Attachment> {
        let attachment = Attachment {
            hash: content_hash(bytes),
            name: name.to_owned(),
            size: bytes.len() as u64,
            file_type,
        };
        let dest = self.attachment_path(&attachment);
        let dir = self.attachments_dir();
        self.write(|tx| {
            let exists: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM activity WHERE id = ?1)",
                [activity_id],
                |r| r.get(0),
            )?;
            if !exists {
                return Err(StoreError::NoActivity(activity_id));
            }
            if file_state_of(&dest, &attachment, true) != FileState::Ok {
                // Written whole or not at all: a failure leaves no part of it behind, and the
                // transaction (the activity as it was) rolls back.
                write_file(&dir, &dest, bytes).map_err(|e| StoreError::Write {
                    path: dest.clone(),
                    reason: io_reason(&e),
                })?;
            }
            tx.prepare_cached(
                "INSERT INTO attachment (activity_id, hash, name, size, type)
                 VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING",
            )?
            .execute(params(activity_id, &attachment))?;
            Ok(())
        })?;
        Ok(attachment)
    }

    /// Takes a certificate off an activity; the file goes at the next sweep if nothing else
    /// refers to it.
    pub fn detach(&mut self, activity_id: i64, hash: &str) -> Result<Attachment> {
        self.write(|tx| {
            let mut stmt = tx.prepare_cached(&format!(
                "DELETE FROM attachment WHERE activity_id = ?1 AND hash = ?2 RETURNING {COLUMNS}"
            ))?;
            let mut rows = stmt.query_map(rusqlite::params![activity_id, hash], read_row)?;
            match rows.next() {
                Some(row) => Ok(row??.1),
                None => Err(StoreError::NoAttachment {
                    activity: activity_id,
                    hash: hash.to_owned(),
                }),
            }
        })
    }

    /// Every activity's certificates, by activity id, in the order they were attached.
    pub fn attachments(&self) -> Result<HashMap<i64, Vec<Attachment>>> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("SELECT {COLUMNS} FROM attachment ORDER BY rowid"))?;
        let mut all: HashMap<i64, Vec<Attachment>> = HashMap::new();
        for row in stmt.query_map([], read_row)? {
            let (id, a) = row??;
            all.entry(id).or_default().push(a);
        }
        Ok(all)
    }

    pub fn attachments_of(&self, activity_id: i64) -> Result<Vec<Attachment>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM attachment WHERE activity_id = ?1 ORDER BY rowid"
        ))?;
        stmt.query_map([activity_id], read_row)?
            .map(|r| Ok(r??.1))
            .collect()
    }

    /// Whether the stored copy of `a` is there and unchanged. `verify` reads and hashes the
    /// whole file; without it only its presence and size are checked (cheap enough for every
    /// frame's worth of activities).
    pub fn file_state(&self, a: &Attachment, verify: bool) -> FileState {
        file_state_of(&self.attachment_path(a), a, verify)
    }

    /// The stored copy's content, checked against its hash.
    pub fn read_attachment(&self, a: &Attachment) -> Result<Vec<u8>> {
        let path = self.attachment_path(a);
        let bytes = std::fs::read(&path).map_err(|e| StoreError::AttachmentUnusable {
            path: path.clone(),
            reason: e.to_string(),
        })?;
        if content_hash(&bytes) != a.hash {
            return Err(StoreError::AttachmentUnusable {
                path,
                reason: "its content changed since it was attached".into(),
            });
        }
        Ok(bytes)
    }

    /// Deletes stored files no activity refers to any more (after a removal, once its undo is
    /// no longer offered), and leftovers of interrupted copies. Returns how many went.
    /// Runs under the write lock, so it never races an `attach` of another process.
    pub fn sweep_attachments(&mut self) -> Result<usize> {
        let dir = self.attachments_dir();
        self.write(|tx| {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                return Ok(0); // no folder: nothing was ever attached
            };
            let used = referenced(tx)?;
            let mut removed = 0;
            for entry in entries.flatten() {
                let name = entry.file_name();
                let Some(name) = name.to_str() else { continue };
                let stale = match name.split_once('.') {
                    _ if name.starts_with(".tmp") => true,
                    Some((hash, ext)) => {
                        is_hash(hash) && FileType::parse(ext).is_some() && !used.contains(hash)
                    }
                    None => false,
                };
                // Only files this program wrote are ever deleted.
                if stale && std::fs::remove_file(entry.path()).is_ok() {
                    removed += 1;
                }
            }
            Ok(removed)
        })
    }
}

/// Inserts the certificates of an activity being put back (an undo).
pub(super) fn reinsert(tx: &Transaction, activity_id: i64, list: &[Attachment]) -> Result<()> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO attachment (activity_id, hash, name, size, type)
         VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING",
    )?;
    for a in list {
        stmt.execute(params(activity_id, a))?;
    }
    Ok(())
}

/// Reads the certificates of an activity inside a transaction (before it is removed).
pub(super) fn of_activity(tx: &Transaction, activity_id: i64) -> Result<Vec<Attachment>> {
    let mut stmt = tx.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM attachment WHERE activity_id = ?1 ORDER BY rowid"
    ))?;
    stmt.query_map([activity_id], read_row)?
        .map(|r| Ok(r??.1))
        .collect()
}

fn referenced(tx: &Transaction) -> Result<HashSet<String>> {
    let mut stmt = tx.prepare_cached("SELECT DISTINCT hash FROM attachment")?;
    let hashes = stmt.query_map([], |r| r.get::<_, String>(0))?;
    Ok(hashes.collect::<rusqlite::Result<_>>()?)
}

fn params(activity_id: i64, a: &Attachment) -> impl rusqlite::Params + '_ {
    (
        activity_id,
        a.hash.as_str(),
        a.name.as_str(),
        a.size as i64,
        a.file_type.extension(),
    )
}

fn read_row(row: &rusqlite::Row) -> rusqlite::Result<Result<(i64, Attachment)>> {
    let kind: String = row.get(4)?;
    let Some(file_type) = FileType::parse(&kind) else {
        return Ok(Err(StoreError::Unreadable(format!(
            "attachment type '{kind}'"
        ))));
    };
    let size: i64 = row.get(3)?;
    Ok(Ok((
        row.get(0)?,
        Attachment {
            hash: row.get(1)?,
            name: row.get(2)?,
            size: size.max(0) as u64,
            file_type,
        },
    )))
}

fn file_state_of(path: &Path, a: &Attachment, verify: bool) -> FileState {
    let Ok(meta) = std::fs::metadata(path) else {
        return FileState::Missing;
    };
    if meta.len() != a.size {
        return FileState::Altered;
    }
    if !verify {
        return FileState::Ok;
    }
    match hash_file(path) {
        Ok(h) if h == a.hash => FileState::Ok,
        Ok(_) => FileState::Altered,
        Err(_) => FileState::Missing,
    }
}
