//! The one-file backup, to move or keep: a ZIP holding `manifest.json` (see [`Manifest`]),
//! `logbook.sqlite3` and `certificates/<hash>.<type>`, stored uncompressed (PDFs and images
//! are compressed already). Reading one checks every entry's name and every hash before a
//! byte of it is used; an entry that is not one of those three shapes is refused, so no name
//! inside the file can lead a write out of its folder.

use std::io::{Read, Write};
use std::path::Path;

use rusqlite::Connection;
use zip::write::{SimpleFileOptions, ZipWriter};
use zip::{CompressionMethod, ZipArchive};

use super::error::{Result, StoreError, io_reason};
use super::files::{content_hash, copy_to, hash_file, is_hash};
use super::pool::{Certificate, Copying, Manifest, describe, go_on, named_in, read_verified};
use crate::domain::proof::{FileType, MAX_ATTACHMENT_BYTES};

const MANIFEST: &str = "manifest.json";
const LOGBOOK: &str = "logbook.sqlite3";
const CERTIFICATES: &str = "certificates/";
/// A manifest is a few hundred bytes a certificate; more is not a manifest.
const MAX_MANIFEST_BYTES: u64 = 16 * 1024 * 1024;

/// Whether the file at `path` starts as a ZIP does (a one-file backup, not a plain logbook).
pub fn is_archive(path: &Path) -> bool {
    let mut magic = [0u8; 4];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut magic))
        .is_ok_and(|()| &magic == b"PK\x03\x04")
}

/// Writes the logbook `conn` and every certificate it names (from `attachments`) into one new
/// file `dest`, never over an existing one, whole or not at all. Returns its manifest:
/// `missing` lists certificates whose files were already gone or changed.
pub fn write(
    conn: &Connection,
    attachments: &Path,
    dest: &Path,
    copying: &mut Copying<'_>,
) -> Result<Manifest> {
    let fail = |reason: String| StoreError::Write {
        path: dest.to_owned(),
        reason,
    };
    if dest.exists() {
        return Err(StoreError::Exists(dest.to_owned()));
    }
    // The copy is staged in the system's temporary folder: it is read once, into the ZIP.
    let staging = tempfile::tempdir().map_err(|e| fail(e.to_string()))?;
    let copy = staging.path().join(LOGBOOK);
    copy_to(conn, &copy)?;
    let mut manifest = describe(&copy)?;
    let dir = match dest.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => std::path::PathBuf::from("."),
    };
    let mut temp = tempfile::Builder::new()
        .prefix(".logbook-backup-")
        .tempfile_in(&dir)
        .map_err(|e| fail(format!("cannot write in the folder: {e}")))?;
    let mut zip = ZipWriter::new(temp.as_file_mut());
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .large_file(true)
        .unix_permissions(0o600);
    let zip_err = |e: zip::result::ZipError| fail(e.to_string());
    let io_err = |e: std::io::Error| fail(io_reason(&e));
    zip.start_file(LOGBOOK, options).map_err(zip_err)?;
    let mut db = std::fs::File::open(&copy).map_err(io_err)?;
    std::io::copy(&mut db, &mut zip).map_err(io_err)?;
    let named = named_in(&copy)?;
    let total = named.len();
    for (done, c) in named.into_iter().enumerate() {
        go_on(copying, done, total)?;
        match read_verified(&attachments.join(c.file_name()), &c) {
            Some(bytes) => {
                zip.start_file(format!("{CERTIFICATES}{}", c.file_name()), options)
                    .map_err(zip_err)?;
                zip.write_all(&bytes).map_err(io_err)?;
                manifest.certificates.push(c);
            }
            None => manifest.missing.push(c),
        }
    }
    go_on(copying, total, total)?;
    zip.start_file(MANIFEST, options).map_err(zip_err)?;
    zip.write_all(&manifest.to_json()).map_err(io_err)?;
    zip.finish().map_err(zip_err)?;
    temp.as_file().sync_all().map_err(io_err)?;
    temp.persist_noclobber(dest)
        .map_err(|e| match e.error.kind() {
            std::io::ErrorKind::AlreadyExists => StoreError::Exists(dest.to_owned()),
            _ => fail(e.error.to_string()),
        })?;
    Ok(manifest)
}

/// What an entry of a one-file backup is, by its name.
#[derive(Debug, PartialEq, Eq)]
enum Entry {
    Manifest,
    Logbook,
    Certificate(String),
}

/// The entry named `name`, or why the file is refused for holding it.
fn entry_of(name: &str) -> std::result::Result<Entry, String> {
    match name {
        MANIFEST => return Ok(Entry::Manifest),
        LOGBOOK => return Ok(Entry::Logbook),
        _ => {}
    }
    if let Some(file) = name.strip_prefix(CERTIFICATES) {
        let ours = file
            .split_once('.')
            .is_some_and(|(hash, ext)| is_hash(hash) && FileType::parse(ext).is_some());
        if ours {
            return Ok(Entry::Certificate(file.to_owned()));
        }
    }
    let leaves = name.starts_with(['/', '\\'])
        || name.contains([':', '\0'])
        || name.split(['/', '\\']).any(|part| part == "..");
    Err(if leaves {
        format!("it holds a path that tries to leave its folder ({name:?})")
    } else {
        format!("it holds a file a CE Logbook backup never has ({name:?})")
    })
}

/// A one-file backup with every name and hash checked: the logbook extracted to a temporary
/// file, the certificates still in the ZIP until they are installed.
pub struct Unpacked {
    /// The one-file backup itself.
    pub source: std::path::PathBuf,
    pub manifest: Manifest,
    pub logbook: tempfile::TempPath,
    zip: ZipArchive<std::fs::File>,
}

impl Unpacked {
    /// The bytes of a certificate the manifest lists, checked against its hash again.
    pub fn certificate(&mut self, c: &Certificate) -> std::result::Result<Vec<u8>, String> {
        let bytes = read_entry(
            &mut self.zip,
            &format!("{CERTIFICATES}{}", c.file_name()),
            MAX_ATTACHMENT_BYTES,
        )?;
        if content_hash(&bytes) != c.hash {
            return Err(format!(
                "the certificate {} does not match its hash",
                c.label()
            ));
        }
        Ok(bytes)
    }
}

/// Opens the one-file backup at `path` and checks it whole: every entry's name, the manifest,
/// the logbook's hash and every certificate's. `Err` is the reason it is refused.
pub fn open(path: &Path) -> std::result::Result<Unpacked, String> {
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let mut zip =
        ZipArchive::new(file).map_err(|e| format!("it is not a readable backup file ({e})"))?;
    let mut listed = Vec::new();
    for i in 0..zip.len() {
        let entry = zip
            .by_index_raw(i)
            .map_err(|e| format!("it is damaged ({e})"))?;
        let name = entry.name().map_err(|e| format!("it is damaged ({e})"))?;
        listed.push(entry_of(&name)?);
    }
    if !listed.contains(&Entry::Manifest) || !listed.contains(&Entry::Logbook) {
        return Err("it is not a CE Logbook backup (no manifest or no logbook inside)".into());
    }
    let manifest = Manifest::from_json(&read_entry(&mut zip, MANIFEST, MAX_MANIFEST_BYTES)?)?;
    for entry in &listed {
        if let Entry::Certificate(name) = entry
            && !manifest.certificates.iter().any(|c| c.file_name() == *name)
        {
            return Err(format!(
                "it holds a certificate its manifest does not list ({name})"
            ));
        }
    }
    let logbook = extract_logbook(&mut zip, &manifest)?;
    let mut unpacked = Unpacked {
        source: path.to_owned(),
        manifest,
        logbook,
        zip,
    };
    for c in unpacked.manifest.certificates.clone() {
        if !listed.contains(&Entry::Certificate(c.file_name())) {
            return Err(format!("the certificate {} it lists is missing", c.label()));
        }
        unpacked.certificate(&c)?;
    }
    Ok(unpacked)
}

/// The logbook inside, in a private temporary file, checked against the manifest's hash.
fn extract_logbook(
    zip: &mut ZipArchive<std::fs::File>,
    manifest: &Manifest,
) -> std::result::Result<tempfile::TempPath, String> {
    let mut temp = tempfile::NamedTempFile::new().map_err(|e| e.to_string())?;
    {
        let mut entry = zip
            .by_name(LOGBOOK)
            .map_err(|e| format!("it is damaged ({e})"))?;
        std::io::copy(
            &mut (&mut entry).take(manifest.logbook.size + 1),
            temp.as_file_mut(),
        )
        .map_err(|e| format!("it is damaged ({e})"))?;
    }
    temp.as_file_mut().flush().map_err(|e| e.to_string())?;
    let path = temp.into_temp_path();
    let hash = hash_file(&path).map_err(|e| e.to_string())?;
    if hash != manifest.logbook.sha256 {
        return Err(
            "the logbook inside was changed since the backup was made (its hash does not match)"
                .into(),
        );
    }
    Ok(path)
}

/// An entry's bytes, at most `limit` of them.
fn read_entry(
    zip: &mut ZipArchive<std::fs::File>,
    name: &str,
    limit: u64,
) -> std::result::Result<Vec<u8>, String> {
    let entry = zip
        .by_name(name)
        .map_err(|e| format!("it is damaged ({name}: {e})"))?;
    if entry.size() > limit {
        return Err(format!("{name} inside it is too big"));
    }
    let mut bytes = Vec::new();
    entry
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("it is damaged ({name}: {e})"))?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_three_shapes_of_entry_are_taken() {
        let hash = "c".repeat(64);
        assert_eq!(entry_of("manifest.json"), Ok(Entry::Manifest));
        assert_eq!(entry_of("logbook.sqlite3"), Ok(Entry::Logbook));
        assert_eq!(
            entry_of(&format!("certificates/{hash}.pdf")),
            Ok(Entry::Certificate(format!("{hash}.pdf")))
        );
        for escaping in [
            "../logbook.sqlite3",
            "certificates/../../x.pdf",
            "/etc/passwd",
            "C:\\Windows\\x",
            "certificates\\..\\x",
        ] {
            assert!(
                entry_of(escaping).unwrap_err().contains("leave its folder"),
                "{escaping}"
            );
        }
        assert!(
            entry_of("certificates/scan.pdf")
                .unwrap_err()
                .contains("never has")
        );
        assert!(entry_of(&format!("certificates/{hash}.exe")).is_err());
    }
}
