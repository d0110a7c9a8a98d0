//! The files CE Logbook hands out (packet, transcript, calendar), made the same way for the
//! command line and the window: read through the store, computed by the domain and
//! `report`, written whole or not at all.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use chrono::NaiveDate;

use crate::domain::FieldError;
use crate::domain::proof::{FileState, FileType, MAX_ATTACHMENT_BYTES, check_certificate};
use crate::domain::{Activity, Credential, RuleBook, progress};
use crate::report::{self, Certificates, Transcript, calendar, packet, pdf};
use crate::store::Store;

/// A file the user named cannot be read.
#[derive(Debug, thiserror::Error)]
#[error("cannot read {path}: {source}")]
pub struct UnreadableInput {
    pub path: PathBuf,
    pub source: std::io::Error,
}

/// A certificate file read and checked, ready to attach.
pub struct CheckedFile {
    pub name: String,
    pub bytes: Vec<u8>,
    pub file_type: FileType,
}

/// Reads and checks every file before any is attached: one bad file attaches none.
pub fn read_certificates(paths: &[PathBuf]) -> anyhow::Result<Vec<CheckedFile>> {
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

/// What was written, for the user.
pub struct Written {
    pub path: PathBuf,
    pub activities: usize,
    pub certificates: usize,
    /// Counted activities that lack some proof.
    pub lacking_proof: usize,
    /// Certificates that could not be enclosed (missing or changed files), by name.
    pub unusable: Vec<String>,
}

/// Every activity's certificates with the state of their stored copies. `verify` hashes each
/// file; without it, presence and size are checked.
pub fn certificates(store: &Store, verify: bool) -> anyhow::Result<Certificates> {
    Ok(store
        .attachments()?
        .into_iter()
        .map(|(id, list)| {
            let with_state = list
                .into_iter()
                .map(|a| {
                    let state = store.file_state(&a, verify);
                    (a, state)
                })
                .collect();
            (id, with_state)
        })
        .collect())
}

fn credential(store: &Store, rules: &RuleBook, id: i64) -> anyhow::Result<Credential> {
    Ok(Credential::resolve(store.credential(id)?, rules)?)
}

/// The transcript of a credential's current cycle, with every certificate verified.
pub fn transcript(
    store: &Store,
    rules: &RuleBook,
    credential_id: i64,
    today: NaiveDate,
) -> anyhow::Result<(Transcript, Vec<Activity>, Certificates)> {
    let credential = credential(store, rules, credential_id)?;
    let activities = store.activities()?;
    let certificates = certificates(store, true)?;
    let p = progress(&credential, &activities, &rules.kinds, today);
    let person = store.person_name()?;
    let t = report::transcript(
        &credential,
        &p,
        &activities,
        &certificates,
        &rules.kinds,
        today,
        person.as_deref(),
    );
    Ok((t, activities, certificates))
}

/// Writes the transcript PDF of a credential to `out`.
pub fn write_report(
    store: &Store,
    rules: &RuleBook,
    credential_id: i64,
    today: NaiveDate,
    out: &Path,
) -> anyhow::Result<Written> {
    let (t, _, _) = transcript(store, rules, credential_id, today)?;
    let bytes = pdf::render(&t)?;
    write_atomically(out, &bytes)?;
    Ok(Written {
        path: out.to_owned(),
        activities: t.rows.len(),
        certificates: 0,
        lacking_proof: t.lacking_proof(),
        unusable: Vec::new(),
    })
}

/// Writes the recertification packet (transcript and certificates, one ZIP) to `out`. A
/// certificate whose file is missing or changed is left out, marked in the transcript, and
/// named in what is returned.
pub fn write_packet(
    store: &Store,
    rules: &RuleBook,
    credential_id: i64,
    today: NaiveDate,
    out: &Path,
) -> anyhow::Result<Written> {
    let (t, activities, certs) = transcript(store, rules, credential_id, today)?;
    let pdf_bytes = pdf::render(&t)?;
    let mut enclosures = Vec::new();
    let mut unusable = Vec::new();
    for row in &t.rows {
        let Some(activity) = activities.iter().find(|a| a.id == row.id) else {
            continue;
        };
        for (a, state) in certs.get(&row.id).into_iter().flatten() {
            let bytes = match state {
                FileState::Ok => store.read_attachment(a).ok(),
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
    let (dir, mut file) = temp_beside(out)?;
    packet::write(file.as_file_mut(), &t, &pdf_bytes, &enclosures)
        .with_context(|| format!("cannot write the packet {}", out.display()))?;
    file.as_file().sync_all()?;
    file.persist(out)
        .with_context(|| format!("cannot write the packet {}", out.display()))?;
    sync_dir(&dir);
    Ok(Written {
        path: out.to_owned(),
        activities: t.rows.len(),
        certificates: enclosures.len(),
        lacking_proof: t.lacking_proof(),
        unusable,
    })
}

/// Writes the calendar of every credential's deadlines to `out`.
pub fn write_calendar(
    store: &Store,
    rules: &RuleBook,
    today: NaiveDate,
    out: &Path,
) -> anyhow::Result<usize> {
    let activities = store.activities()?;
    let all: Vec<_> = store
        .credentials()?
        .into_iter()
        .map(|r| Credential::resolve(r, rules))
        .collect::<Result<_, _>>()?;
    let progress: Vec<_> = all
        .iter()
        .map(|c| progress(c, &activities, &rules.kinds, today))
        .collect();
    write_atomically(out, calendar::ics(&progress, today).as_bytes())?;
    Ok(progress.len())
}

/// Writes `bytes` to `path` whole or not at all (a synced temporary file renamed into place).
pub fn write_atomically(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let (dir, mut file) = temp_beside(path)?;
    file.write_all(bytes)
        .and_then(|()| file.as_file().sync_all())
        .with_context(|| format!("cannot write {}", path.display()))?;
    file.persist(path)
        .with_context(|| format!("cannot write {}", path.display()))?;
    sync_dir(&dir);
    Ok(())
}

fn temp_beside(path: &Path) -> anyhow::Result<(PathBuf, tempfile::NamedTempFile)> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    };
    let file = tempfile::NamedTempFile::new_in(&dir)
        .with_context(|| format!("cannot write in the folder {}", dir.display()))?;
    Ok((dir, file))
}

/// Makes a rename durable; where a folder cannot be synced the file is still whole.
fn sync_dir(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// The biggest CSV file an import reads: the row limit at a generous row size.
pub const MAX_CSV_BYTES: u64 = 256 * 1024 * 1024;

/// What a file the user names is for: its size limit and what to do about a bigger one.
#[derive(Clone, Copy)]
pub enum Input {
    Certificate,
    Csv,
}

impl Input {
    fn limit(self) -> u64 {
        match self {
            Input::Certificate => MAX_ATTACHMENT_BYTES,
            Input::Csv => MAX_CSV_BYTES,
        }
    }

    fn too_big(self) -> String {
        let limit = human_size(self.limit());
        match self {
            Input::Certificate => format!(
                "a certificate may be at most {limit} (scan it at a lower resolution or save it \
                 as PDF)"
            ),
            Input::Csv => format!("a CSV file to import may be at most {limit} (split it)"),
        }
    }
}

/// Reads a file the user named, refusing one larger than its limit before reading it whole.
pub fn read_input(path: &Path, what: Input) -> anyhow::Result<Vec<u8>> {
    let limit = what.limit();
    let unreadable = |source| UnreadableInput {
        path: path.to_owned(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(unreadable)?;
    if meta.is_dir() {
        return Err(FieldError::new(
            "file",
            format!("{} is a folder, not a file", path.display()),
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
    Ok(std::fs::read(path).map_err(unreadable)?)
}

/// `1 activity`, `3 activities`: counts in messages read as English.
pub fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// `830 bytes`, `12.4 KB`, `3.1 MB`.
pub fn human_size(bytes: u64) -> String {
    match bytes {
        b if b < 1024 => format!("{b} bytes"),
        b if b < 1024 * 1024 => format!("{:.1} KB", b as f64 / 1024.0),
        b => format!("{:.1} MB", b as f64 / 1_048_576.0),
    }
}
