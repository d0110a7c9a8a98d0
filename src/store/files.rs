//! Files beside the logbook, made private to their owner: the logbook's own folder and file,
//! the backups folder, and online copies of the database written whole or not at all.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use rusqlite::Connection;
use sha2::{Digest, Sha256};

use super::error::{Result, StoreError};

/// The folder backups of the logbook at `db` go to: `backups/` beside it (in the data folder
/// for the default logbook).
pub fn backup_dir_for(db: &Path) -> PathBuf {
    match db.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.join("backups"),
        _ => PathBuf::from("backups"),
    }
}

/// The folder certificates of the logbook at `db` are kept in: `attachments/` beside it.
pub fn attachments_dir_for(db: &Path) -> PathBuf {
    match db.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.join("attachments"),
        _ => PathBuf::from("attachments"),
    }
}

/// An online copy of `from` into `dest`, which must not exist: written to a private temporary
/// file beside it and moved into place only when complete, never over an existing file.
pub(super) fn copy_to(from: &Connection, dest: &Path) -> Result<()> {
    let fail = |reason: String| StoreError::Open {
        path: dest.to_owned(),
        reason,
    };
    if dest.exists() {
        return Err(StoreError::Exists(dest.to_owned()));
    }
    let dir = match dest.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    };
    create_private_dir(&dir).map_err(|e| fail(format!("cannot create the folder: {e}")))?;
    // tempfile creates files readable by their owner only.
    let temp = tempfile::Builder::new()
        .prefix(".logbook-backup-")
        .tempfile_in(&dir)
        .map_err(|e| fail(e.to_string()))?;
    {
        let mut to = Connection::open(temp.path())?;
        rusqlite::backup::Backup::new(from, &mut to)?.run_to_completion(
            256,
            std::time::Duration::ZERO,
            None,
        )?;
        // A self-contained copy: one file, no -wal beside it.
        to.pragma_update(None, "journal_mode", "DELETE")?;
    }
    temp.persist_noclobber(dest)
        .map_err(|e| match e.error.kind() {
            std::io::ErrorKind::AlreadyExists => StoreError::Exists(dest.to_owned()),
            _ => fail(format!("cannot move the copy into place: {}", e.error)),
        })?;
    Ok(())
}

/// The logbook's folder is private to its owner.
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// The logbook holds personal records: a new file is readable by its owner only (SQLite gives
/// its -wal and -shm files the same permissions).
pub(super) fn create_private_file(path: &Path) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path).map(drop)
}

/// The SHA-256 of `bytes`, lowercase hex.
pub fn content_hash(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Whether `text` is a SHA-256 as [`content_hash`] writes it: what names every stored file.
pub fn is_hash(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The SHA-256 of the file at `path`, read in pieces.
pub(super) fn hash_file(path: &Path) -> std::io::Result<String> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hex(&hasher.finalize()))
}

/// Writes `bytes` to `dest` whole or not at all: a private temporary file, synced, then renamed.
pub(super) fn write_file(dir: &Path, dest: &Path, bytes: &[u8]) -> std::io::Result<()> {
    create_private_dir(dir)?;
    let mut tmp = tempfile::Builder::new().prefix(".tmp").tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(dest).map_err(|e| e.error)?;
    // The rename itself is durable only once the folder is synced.
    std::fs::File::open(dir)?.sync_all()
}
