//! Files the user names: read with a size limit before a byte is taken in, and files handed
//! out (exports, transcripts, packets, calendars) written whole or not at all.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::error::{Error, Result};
use super::text::human_size;
use crate::domain::FieldError;
use crate::domain::proof::{FileType, MAX_ATTACHMENT_BYTES, check_certificate};

/// The biggest file an import reads: the row limit at a generous row size.
pub const MAX_CSV_BYTES: u64 = 256 * 1024 * 1024;

/// What a file the user names is for: its size limit and what to do about a bigger one.
#[derive(Clone, Copy)]
pub enum Input {
    Certificate,
    /// A CSV or spreadsheet file to import.
    Import,
}

impl Input {
    fn limit(self) -> u64 {
        match self {
            Input::Certificate => MAX_ATTACHMENT_BYTES,
            Input::Import => MAX_CSV_BYTES,
        }
    }

    fn too_big(self) -> String {
        let limit = human_size(self.limit());
        match self {
            Input::Certificate => format!(
                "a certificate may be at most {limit} (scan it at a lower resolution or save it \
                 as PDF)"
            ),
            Input::Import => format!("a file to import may be at most {limit} (split it)"),
        }
    }
}

/// Reads a file the user named, refusing one larger than its limit before reading it whole.
pub fn read_input(path: &Path, what: Input) -> Result<Vec<u8>> {
    let limit = what.limit();
    let unreadable = |error| Error::Unreadable {
        path: path.to_owned(),
        error,
    };
    let meta = std::fs::metadata(path).map_err(unreadable)?;
    if meta.is_dir() {
        return Err(FieldError::new(
            "file",
            format!("{} is a folder, not a file", path.display()),
        )
        .into());
    }
    if !meta.is_file() {
        return Err(FieldError::new(
            "file",
            format!(
                "{} is not a regular file (a pipe or a device); save it as a file first",
                path.display()
            ),
        )
        .into());
    }
    if meta.len() > limit {
        return Err(FieldError::new(
            "file",
            format!(
                "{} is {}; {}",
                path.display(),
                human_size(meta.len()),
                what.too_big()
            ),
        )
        .into());
    }
    let bytes = std::fs::read(path).map_err(unreadable)?;
    // A file still being written (a download, a scan) or cut short while it was read is not
    // taken half.
    if bytes.len() as u64 != meta.len() {
        return Err(FieldError::new(
            "file",
            format!(
                "{} changed while it was read ({} bytes, then {}); wait until it is complete",
                path.display(),
                meta.len(),
                bytes.len()
            ),
        )
        .into());
    }
    Ok(bytes)
}

/// A certificate file read and checked, ready to attach.
pub struct CheckedFile {
    pub name: String,
    pub bytes: Vec<u8>,
    pub file_type: FileType,
}

/// Reads and checks every file before any is attached: one bad file attaches none.
pub fn read_certificates(paths: &[PathBuf]) -> Result<Vec<CheckedFile>> {
    paths
        .iter()
        .map(|path| {
            let bytes = read_input(path, Input::Certificate)?;
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| "certificate".into());
            let file_type = check_certificate(&name, &bytes)?;
            Ok(CheckedFile {
                name,
                bytes,
                file_type,
            })
        })
        .collect()
}

/// Writes `bytes` to `path` whole or not at all (a synced temporary file renamed into place).
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    write_with(path, &format!("cannot write {}", path.display()), |file| {
        file.write_all(bytes)
    })
}

/// Writes `path` whole or not at all with `fill`, which writes into a temporary file beside
/// it; the file is synced and renamed into place only when `fill` succeeded. A failure names
/// `context` and leaves no partial file.
pub fn write_with<E: std::fmt::Display>(
    path: &Path,
    context: &str,
    fill: impl FnOnce(&mut std::fs::File) -> std::result::Result<(), E>,
) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    };
    let mut file = tempfile::NamedTempFile::new_in(&dir)
        .map_err(|e| Error::write(format!("cannot write in the folder {}", dir.display()), e))?;
    fill(file.as_file_mut()).map_err(|e| Error::write(context, e))?;
    file.as_file()
        .sync_all()
        .map_err(|e| Error::write(context, e))?;
    file.persist(path).map_err(|e| Error::write(context, e))?;
    // Makes the rename durable; where a folder cannot be synced the file is still whole.
    if let Ok(d) = std::fs::File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}
