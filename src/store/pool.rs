//! Certificates in backups. Every backup in `backups/` has a manifest beside it
//! (`<backup>.manifest.json`) naming the logbook copy's SHA-256 and every certificate it holds;
//! the certificates themselves live once in a pool, `backups/certificates/<hash>.<type>`, shared
//! by all the backups that name them (content addresses: a file unchanged between backups is
//! stored once). The pool is pruned when backups are thinned out. The same manifest travels
//! inside the one-file backup (`archive.rs`).
//!
//! The pool holds copies, not hard links to `attachments/`: a changed file there must not
//! change the backup that is meant to bring it back.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};
use serde::{Deserialize, Serialize};

use super::error::{Result, StoreError, io_reason};
use super::files::{content_hash, copy_to, create_private_dir, hash_file, is_hash, write_file};
use crate::domain::proof::{FileType, MAX_ATTACHMENT_BYTES};

/// The pool's folder inside `backups/`.
pub const POOL: &str = "certificates";
const FORMAT: &str = "ce-logbook backup";
/// The manifest's version; a newer one is refused rather than half understood.
pub const MANIFEST_VERSION: u32 = 1;

/// What a backup holds, with the hashes a restore checks before it replaces anything.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub version: u32,
    pub logbook: Held,
    /// The certificates the backup holds.
    pub certificates: Vec<Certificate>,
    /// Certificates the logbook named whose files were already gone or changed when the
    /// backup was made: a restore reports them, it cannot bring them back.
    #[serde(default)]
    pub missing: Vec<Certificate>,
}

/// The logbook copy: its SHA-256 and size.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Held {
    pub sha256: String,
    pub size: u64,
}

/// One certificate: its content's SHA-256, its type, its size and the name it was attached
/// under (for messages).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Certificate {
    pub hash: String,
    #[serde(rename = "type")]
    pub file_type: String,
    pub size: u64,
    pub name: String,
}

impl Certificate {
    /// `<hash>.<type>`: its name in the pool, in `attachments/` and in a one-file backup.
    pub fn file_name(&self) -> String {
        format!("{}.{}", self.hash, self.file_type)
    }

    /// `scan.pdf (1a2b3c4d…)`, as messages name it.
    pub fn label(&self) -> String {
        format!(
            "'{}' ({}…)",
            self.name,
            &self.hash[..self.hash.len().min(12)]
        )
    }
}

impl Manifest {
    /// Whether this program can use the manifest: its format and version, and names that
    /// are plain hashes and types (never a path).
    pub fn check(&self) -> std::result::Result<(), String> {
        if self.format != FORMAT {
            return Err("its manifest is not a CE Logbook backup's".into());
        }
        if self.version > MANIFEST_VERSION {
            return Err(format!(
                "it was written by a newer version (backup format {}; this one knows up to {MANIFEST_VERSION})",
                self.version
            ));
        }
        if !is_hash(&self.logbook.sha256) {
            return Err("its manifest has no valid hash of the logbook".into());
        }
        for c in self.certificates.iter().chain(&self.missing) {
            if !is_hash(&c.hash) || FileType::parse(&c.file_type).is_none() {
                return Err(format!(
                    "its manifest names a certificate file that is not a hash and a type: {}",
                    c.file_name()
                ));
            }
            if c.size > MAX_ATTACHMENT_BYTES {
                return Err(format!("its certificate {} is too big", c.label()));
            }
        }
        Ok(())
    }

    pub fn to_json(&self) -> Vec<u8> {
        // A struct of strings and numbers always serializes.
        serde_json::to_vec_pretty(self).unwrap_or_default()
    }

    pub fn from_json(bytes: &[u8]) -> std::result::Result<Manifest, String> {
        let m: Manifest = serde_json::from_slice(bytes)
            .map_err(|e| format!("its manifest is unreadable: {e}"))?;
        m.check()?;
        Ok(m)
    }
}

/// The manifest beside the backup at `backup`.
pub fn manifest_path(backup: &Path) -> PathBuf {
    let mut name = backup.as_os_str().to_owned();
    name.push(".manifest.json");
    PathBuf::from(name)
}

/// The pool of the backups folder `dir`.
pub fn pool_dir(dir: &Path) -> PathBuf {
    dir.join(POOL)
}

/// Holds the backups folder for one process at a time (a backup, a thinning, a prune), so a
/// prune never removes a file another process has just put in the pool for its new backup.
pub fn lock(dir: &Path) -> Result<std::fs::File> {
    let fail = |e: std::io::Error| StoreError::Write {
        path: dir.to_owned(),
        reason: io_reason(&e),
    };
    create_private_dir(dir).map_err(fail)?;
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(dir.join(".lock"))
        .map_err(fail)?;
    file.lock().map_err(fail)?;
    Ok(file)
}

/// The certificates a logbook file names, one per content.
pub fn named_in(db: &Path) -> Result<Vec<Certificate>> {
    let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let has_table: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE name = 'attachment')",
        [],
        |r| r.get(0),
    )?;
    if !has_table {
        return Ok(Vec::new()); // a logbook of the first schema: no certificates yet
    }
    let mut stmt = conn.prepare(
        "SELECT hash, type, size, min(name) FROM attachment GROUP BY hash ORDER BY hash",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Certificate {
            hash: r.get(0)?,
            file_type: r.get(1)?,
            size: r.get::<_, i64>(2)?.max(0) as u64,
            name: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The stored certificate's bytes, if the file is there and is what its name says.
pub fn read_verified(path: &Path, c: &Certificate) -> Option<Vec<u8>> {
    let meta = std::fs::metadata(path).ok()?;
    if meta.len() != c.size || meta.len() > MAX_ATTACHMENT_BYTES {
        return None;
    }
    let bytes = std::fs::read(path).ok()?;
    (content_hash(&bytes) == c.hash).then_some(bytes)
}

/// How a backup says where it is and learns whether to go on: `copying(done, total)` before
/// each certificate it copies, and once more when all are in (`done == total`). `false` stops
/// it, and a stopped backup leaves nothing behind ([`StoreError::Stopped`]).
pub type Copying<'a> = dyn FnMut(usize, usize) -> bool + 'a;

/// Tells `copying` where a backup is: `Err` when it is to stop.
pub(super) fn go_on(copying: &mut Copying<'_>, done: usize, total: usize) -> Result<()> {
    match copying(done, total) {
        true => Ok(()),
        false => Err(StoreError::Stopped),
    }
}

/// A backup of the logbook `conn` (at `db`, with its certificates in `attachments`) into
/// `dest` in a backups folder: the copy, every certificate it names put in that folder's
/// pool, and the manifest beside it. The whole of it or none: a failure, or a stop, removes
/// the copy and the pool files no manifest names.
pub fn backup_with_certificates(
    conn: &Connection,
    attachments: &Path,
    dest: &Path,
    copying: &mut Copying<'_>,
) -> Result<Manifest> {
    let dir = match dest.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    };
    let _lock = lock(&dir)?;
    copy_to(conn, dest)?;
    let made =
        pool_certificates(dest, attachments, &pool_dir(&dir), copying).and_then(|manifest| {
            write_file(&dir, &manifest_path(dest), &manifest.to_json())
                .map(|()| manifest)
                .map_err(|e| StoreError::Write {
                    path: manifest_path(dest),
                    reason: io_reason(&e),
                })
        });
    if made.is_err() {
        let _ = std::fs::remove_file(dest);
        // The certificates pooled for this copy alone (the folder's lock is held).
        prune(&dir);
    }
    made
}

/// Puts every certificate the logbook copy at `copy` names into `pool` (those not there
/// already), and returns the copy's manifest.
fn pool_certificates(
    copy: &Path,
    attachments: &Path,
    pool: &Path,
    copying: &mut Copying<'_>,
) -> Result<Manifest> {
    let mut manifest = describe(copy)?;
    let named = named_in(copy)?;
    let total = named.len();
    for (done, c) in named.into_iter().enumerate() {
        go_on(copying, done, total)?;
        let dest = pool.join(c.file_name());
        // Content addresses: a pool file of the right size is that content (a restore checks
        // its hash before it uses it).
        if std::fs::metadata(&dest).is_ok_and(|m| m.len() == c.size) {
            manifest.certificates.push(c);
            continue;
        }
        match read_verified(&attachments.join(c.file_name()), &c) {
            Some(bytes) => {
                write_file(pool, &dest, &bytes).map_err(|e| StoreError::Write {
                    path: dest.clone(),
                    reason: io_reason(&e),
                })?;
                manifest.certificates.push(c);
            }
            None => manifest.missing.push(c),
        }
    }
    go_on(copying, total, total)?;
    Ok(manifest)
}

/// A manifest of the logbook copy at `copy` with no certificates yet.
pub fn describe(copy: &Path) -> Result<Manifest> {
    let unreadable = |e: std::io::Error| StoreError::Open {
        path: copy.to_owned(),
        reason: e.to_string(),
    };
    Ok(Manifest {
        format: FORMAT.into(),
        version: MANIFEST_VERSION,
        logbook: Held {
            sha256: hash_file(copy).map_err(unreadable)?,
            size: std::fs::metadata(copy).map_err(unreadable)?.len(),
        },
        certificates: Vec::new(),
        missing: Vec::new(),
    })
}

/// Removes the backup at `path` with its manifest.
pub fn remove_backup(path: &Path) -> std::io::Result<()> {
    std::fs::remove_file(path)?;
    match std::fs::remove_file(manifest_path(path)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Deletes pool files no manifest in `dir` names any more; returns how many went. If one
/// manifest cannot be read, nothing goes: better a file kept too long than a backup without
/// its proof. Call with the folder's [`lock`] held.
pub fn prune(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut used = HashSet::new();
    for entry in entries.flatten() {
        let name = entry.file_name();
        if !name.to_string_lossy().ends_with(".manifest.json") {
            continue;
        }
        let Some(manifest) = std::fs::read(entry.path())
            .ok()
            .and_then(|b| Manifest::from_json(&b).ok())
        else {
            return 0;
        };
        used.extend(manifest.certificates.into_iter().map(|c| c.file_name()));
    }
    let Ok(pool) = std::fs::read_dir(pool_dir(dir)) else {
        return 0;
    };
    let mut removed = 0;
    for entry in pool.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let ours = name
            .split_once('.')
            .is_some_and(|(hash, ext)| is_hash(hash) && FileType::parse(ext).is_some());
        let stale = (ours && !used.contains(&name)) || name.starts_with(".tmp");
        if stale && std::fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// What a restore found wrong with a backup's certificates, by name: nothing is replaced.
pub fn verify_pool(manifest: &Manifest, pool: &Path) -> std::result::Result<(), String> {
    for c in &manifest.certificates {
        let path = pool.join(c.file_name());
        if !path.exists() {
            return Err(format!(
                "the certificate {} it holds is missing from {}",
                c.label(),
                pool.display()
            ));
        }
        if read_verified(&path, c).is_none() {
            return Err(format!(
                "the certificate {} it holds was changed since the backup was made ({})",
                c.label(),
                path.display()
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest() -> Manifest {
        Manifest {
            format: FORMAT.into(),
            version: 1,
            logbook: Held {
                sha256: "a".repeat(64),
                size: 10,
            },
            certificates: vec![Certificate {
                hash: "b".repeat(64),
                file_type: "pdf".into(),
                size: 3,
                name: "scan.pdf".into(),
            }],
            missing: Vec::new(),
        }
    }

    #[test]
    fn a_manifest_reads_back_and_names_only_hashes() {
        let m = manifest();
        assert_eq!(Manifest::from_json(&m.to_json()).unwrap(), m);
        let mut escaping = manifest();
        escaping.certificates[0].hash = "../../etc/passwd".into();
        assert!(
            Manifest::from_json(&escaping.to_json())
                .unwrap_err()
                .contains("not a hash")
        );
        let mut newer = manifest();
        newer.version = MANIFEST_VERSION + 1;
        assert!(newer.check().unwrap_err().contains("newer version"));
        assert!(Manifest::from_json(b"{").is_err());
    }
}
