//! The recertification packet: one ZIP with the transcript PDF and every certificate of the
//! counted activities, each named by its activity's date and title.

use std::collections::HashSet;

use chrono::Datelike;
use std::io::{Seek, Write};

use zip::CompressionMethod;
use zip::write::{SimpleFileOptions, ZipWriter};

use super::{Transcript, file_stem};
use crate::domain::proof::Attachment;

/// A certificate going into the packet, with the activity it proves.
pub struct Enclosure<'a> {
    pub date: chrono::NaiveDate,
    pub title: &'a str,
    pub attachment: &'a Attachment,
    pub bytes: Vec<u8>,
}

/// The name the transcript has inside the packet.
pub fn transcript_name(t: &Transcript) -> String {
    format!(
        "transcript {} {}.pdf",
        file_stem(&t.credential, 60),
        t.today
    )
}

/// `certificates/2026-03-01 Infection control.pdf`, with ` (2)`... where a name repeats.
pub fn certificate_names(enclosures: &[Enclosure]) -> Vec<String> {
    let mut used = HashSet::new();
    enclosures
        .iter()
        .map(|e| {
            let stem = format!("{} {}", e.date, file_stem(e.title, 80));
            let ext = e.attachment.file_type.extension();
            let mut name = format!("certificates/{stem}.{ext}");
            let mut n = 2;
            while !used.insert(name.clone()) {
                name = format!("certificates/{stem} ({n}).{ext}");
                n += 1;
            }
            name
        })
        .collect()
}

/// Writes the packet to `out`. PDFs and images are compressed already, so files are stored.
pub fn write<W: Write + Seek>(
    out: W,
    transcript: &Transcript,
    transcript_pdf: &[u8],
    enclosures: &[Enclosure],
) -> zip::result::ZipResult<W> {
    let mut zip = ZipWriter::new(out);
    let day = transcript.today;
    let stamp = zip::DateTime::from_date_and_time(
        u16::try_from(day.year()).unwrap_or(1980),
        day.month() as u8,
        day.day() as u8,
        12,
        0,
        0,
    )
    .unwrap_or_default();
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .last_modified_time(stamp)
        .unix_permissions(0o600);
    zip.start_file(transcript_name(transcript), options)?;
    zip.write_all(transcript_pdf)?;
    for (e, name) in enclosures.iter().zip(certificate_names(enclosures)) {
        zip.start_file(name, options)?;
        zip.write_all(&e.bytes)?;
    }
    zip.finish()
}
