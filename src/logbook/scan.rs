//! Certificates read for what they say: a certificate file's text layer (through
//! [`extract::pdf`](crate::extract::pdf)) turned into a proposed activity (by
//! [`domain::certificate`](crate::domain::certificate)), and added with the file attached.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::Logbook;
use super::error::{Error, Result};
use super::files::{CheckedFile, read_certificates};
use super::proof::Added;
use crate::domain::certificate::{Proposal, propose};
use crate::domain::proof::FileType;
use crate::domain::{ActivityData, FieldError};
use crate::extract::pdf::{self, TextError};

/// A certificate read: the file, checked and ready to attach, and what it proposes.
pub struct Scanned {
    pub file: CheckedFile,
    pub proposal: Proposal,
}

/// One scanned file as `scan --json` prints it: the file, the proposal's fields, and the
/// names of those it could not find.
#[derive(Debug, Serialize)]
pub struct ScanRow {
    pub file: PathBuf,
    #[serde(flatten)]
    pub proposal: Proposal,
    pub missing: Vec<&'static str>,
}

impl ScanRow {
    pub fn new(path: &Path, proposal: Proposal) -> Self {
        ScanRow {
            file: path.to_owned(),
            missing: proposal.missing(),
            proposal,
        }
    }
}

/// Reads the certificate at `path` (at most the attachment size limit, a PDF, PNG or JPEG)
/// and proposes the activity its text describes. An image or a PDF without a text layer is an
/// error that says to fill in the form.
pub fn scan(path: &Path) -> Result<Scanned> {
    let file = read_certificates(&[path.to_owned()])?
        .pop()
        .ok_or_else(|| FieldError::new("file", "no file was given"))?;
    let unreadable = |reason| Error::Certificate {
        path: path.to_owned(),
        reason,
    };
    if file.file_type != FileType::Pdf {
        return Err(unreadable(TextError::Picture));
    }
    let text = pdf::text(&file.bytes).map_err(unreadable)?;
    Ok(Scanned {
        proposal: propose(&text),
        file,
    })
}

impl Logbook {
    /// Saves the activity read from a certificate (as checked by the person) with the
    /// certificate attached.
    pub fn add_scanned(&mut self, data: &ActivityData, scanned: Scanned) -> Result<Added> {
        self.add_with_certificates(data, vec![scanned.file])
    }
}
