//! Proof for an audit: which certificate files are accepted, and what each activity still lacks
//! (rules.md: proof of completion, a course description, who issued the credit, the amount and
//! type of credit, the dates, at least one contact hour).

use std::collections::HashMap;
use std::fmt;

use serde::Serialize;

use super::activity::{Activity, ActivityData, Kind};
use super::error::InvalidInput;
use super::points::Points;

/// The largest certificate accepted: a scanned page is well under this; a video is not proof.
pub const MAX_ATTACHMENT_BYTES: u64 = 20 * 1024 * 1024;

/// The file types a certificate may be, recognised by their content.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FileType {
    Pdf,
    Png,
    Jpeg,
}

impl FileType {
    /// The type the first bytes announce, whatever the file's name says.
    pub fn sniff(bytes: &[u8]) -> Option<FileType> {
        if bytes.starts_with(b"%PDF-") {
            Some(FileType::Pdf)
        } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(FileType::Png)
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(FileType::Jpeg)
        } else {
            None
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            FileType::Pdf => "pdf",
            FileType::Png => "png",
            FileType::Jpeg => "jpg",
        }
    }

    pub fn parse(text: &str) -> Option<FileType> {
        [FileType::Pdf, FileType::Png, FileType::Jpeg]
            .into_iter()
            .find(|t| t.extension() == text)
    }
}

impl fmt::Display for FileType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(match self {
            FileType::Pdf => "PDF",
            FileType::Png => "PNG",
            FileType::Jpeg => "JPEG",
        })
    }
}

/// Checks a certificate before anything is copied: its size and, by content, its type.
pub fn check_certificate(name: &str, bytes: &[u8]) -> Result<FileType, InvalidInput> {
    let refuse = |m: String| Err(InvalidInput::one("file", m));
    if bytes.is_empty() {
        return refuse(format!("{name} is empty; attach the certificate itself"));
    }
    if bytes.len() as u64 > MAX_ATTACHMENT_BYTES {
        return refuse(format!(
            "{name} is {:.1} MB; a certificate may be at most {} MB (scan it at a lower resolution or save it as PDF)",
            bytes.len() as f64 / 1_048_576.0,
            MAX_ATTACHMENT_BYTES / 1_048_576
        ));
    }
    FileType::sniff(bytes).map_or_else(
        || {
            refuse(format!(
                "{name} is not a PDF, PNG or JPEG file (judged by its content, not its name); \
                 save or scan the certificate as one of those"
            ))
        },
        Ok,
    )
}

/// Longest name printed on a transcript, in characters.
pub const MAX_PERSON_NAME: usize = 120;

/// Checks the name to print on transcripts; an empty one means "none".
pub fn check_person_name(text: &str) -> Result<String, InvalidInput> {
    let name = text.trim();
    if name.chars().count() > MAX_PERSON_NAME {
        return Err(InvalidInput::one(
            "name",
            format!("is longer than {MAX_PERSON_NAME} characters"),
        ));
    }
    if name.chars().any(char::is_control) {
        return Err(InvalidInput::one("name", "must be a single line of text"));
    }
    Ok(name.to_owned())
}

/// A certificate attached to an activity, as recorded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Attachment {
    /// SHA-256 of the content, lowercase hex: the stored file's name and its check.
    pub hash: String,
    /// The file's name when it was attached.
    pub name: String,
    pub size: u64,
    pub file_type: FileType,
}

/// Whether an attachment's stored copy is still what was attached.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FileState {
    Ok,
    Missing,
    Altered,
}

/// Something an auditor would ask for that an activity does not show.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Lack {
    Certificate,
    /// A certificate is recorded but its file is gone from the data folder.
    CertificateMissing(String),
    /// A certificate's file no longer has the content that was attached.
    CertificateAltered(String),
    Provider,
    Description,
    /// The activity gives less than one point (one contact hour).
    ContactHour,
    OutsideCycle,
}

impl fmt::Display for Lack {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Lack::Certificate => f.write_str("no certificate attached"),
            Lack::CertificateMissing(name) => write!(f, "certificate file {name} is missing"),
            Lack::CertificateAltered(name) => {
                write!(
                    f,
                    "certificate file {name} was changed since it was attached"
                )
            }
            Lack::Provider => f.write_str("no provider (who issued the credit)"),
            Lack::Description => f.write_str("no course description or note"),
            Lack::ContactHour => f.write_str("less than one contact hour"),
            Lack::OutsideCycle => f.write_str("dated outside the cycle"),
        }
    }
}

/// What an activity lacks as proof, given its certificates' states and whether it falls inside
/// the cycle in question. Empty means it is documented. The kind and amount of credit are
/// always recorded (validation requires them), so they are never lacking.
pub fn lacks(
    activity: &ActivityData,
    certificates: &[(&Attachment, FileState)],
    in_cycle: bool,
) -> Vec<Lack> {
    let mut lacks = Vec::new();
    if certificates.is_empty() {
        lacks.push(Lack::Certificate);
    }
    for (a, state) in certificates {
        match state {
            FileState::Ok => {}
            FileState::Missing => lacks.push(Lack::CertificateMissing(a.name.clone())),
            FileState::Altered => lacks.push(Lack::CertificateAltered(a.name.clone())),
        }
    }
    lacks.extend(field_lacks(activity));
    if !in_cycle {
        lacks.push(Lack::OutsideCycle);
    }
    lacks
}

/// What the activity's own fields lack. None of these names a file, so finding them
/// allocates nothing.
fn field_lacks(activity: &ActivityData) -> impl Iterator<Item = Lack> {
    // A college credit or a CPR course is hours of instruction; a course is worth its points.
    let short = activity.kind == Kind::Course && activity.points < Points::whole(1);
    [
        activity.provider.is_none().then_some(Lack::Provider),
        activity.note.is_none().then_some(Lack::Description),
        short.then_some(Lack::ContactHour),
    ]
    .into_iter()
    .flatten()
}

/// Whether `activity`, dated inside its cycle, lacks no proof: [`lacks_in`] empty, without
/// building the list. The window asks it of every activity on every change.
pub fn documented(certificates: &Certificates, activity: &Activity) -> bool {
    let certified = certificates.get(&activity.id).is_some_and(|list| {
        !list.is_empty() && list.iter().all(|(_, state)| *state == FileState::Ok)
    });
    certified && field_lacks(&activity.data).next().is_none()
}

/// Every activity's certificates with the state of their stored copies, by activity id.
pub type Certificates = HashMap<i64, Vec<(Attachment, FileState)>>;

/// What `activity` lacks as proof, its certificates looked up in `certificates`.
pub fn lacks_in(certificates: &Certificates, activity: &Activity, in_cycle: bool) -> Vec<Lack> {
    let certs: Vec<(&Attachment, FileState)> = certificates
        .get(&activity.id)
        .map(|list| list.iter().map(|(a, s)| (a, *s)).collect())
        .unwrap_or_default();
    lacks(&activity.data, &certs, in_cycle)
}

/// "no certificate attached; no provider": the lacks as one line for a badge's tooltip.
pub fn describe(lacks: &[Lack]) -> String {
    lacks
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{ActivityDraft, RuleBook};
    use chrono::NaiveDate;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
    }

    fn activity(points: &str, provider: &str, note: &str) -> ActivityData {
        ActivityDraft {
            title: "Infection control".into(),
            date: "2026-03-01".into(),
            points: points.into(),
            provider: provider.into(),
            note: note.into(),
            ..Default::default()
        }
        .validate(&RuleBook::builtin().unwrap().kinds, today())
        .unwrap()
    }

    fn certificate(name: &str) -> Attachment {
        Attachment {
            hash: "ab".repeat(32),
            name: name.into(),
            size: 10,
            file_type: FileType::Pdf,
        }
    }

    #[test]
    fn file_types_are_told_by_content_not_name() {
        assert_eq!(FileType::sniff(b"%PDF-1.7\n..."), Some(FileType::Pdf));
        assert_eq!(
            FileType::sniff(b"\x89PNG\r\n\x1a\n\0\0"),
            Some(FileType::Png)
        );
        assert_eq!(
            FileType::sniff(&[0xFF, 0xD8, 0xFF, 0xE0]),
            Some(FileType::Jpeg)
        );
        assert_eq!(FileType::sniff(b"PK\x03\x04 a zip named cert.pdf"), None);
        assert_eq!(FileType::sniff(b"%PD"), None);
    }

    #[test]
    fn a_certificate_is_refused_when_empty_too_large_or_of_another_type() {
        assert_eq!(
            check_certificate("cert.pdf", b"%PDF-1.4 x"),
            Ok(FileType::Pdf)
        );
        let empty = check_certificate("cert.pdf", b"").unwrap_err();
        assert!(empty.to_string().contains("cert.pdf is empty"), "{empty}");
        let text = check_certificate("cert.pdf", b"hello").unwrap_err();
        assert!(
            text.to_string().contains("not a PDF, PNG or JPEG"),
            "{text}"
        );
        let mut big = b"%PDF-".to_vec();
        big.resize(MAX_ATTACHMENT_BYTES as usize + 1, b' ');
        let big = check_certificate("scan.pdf", &big).unwrap_err();
        assert!(big.to_string().contains("at most 20 MB"), "{big}");
        let mut limit = b"%PDF-".to_vec();
        limit.resize(MAX_ATTACHMENT_BYTES as usize, b' ');
        assert!(check_certificate("scan.pdf", &limit).is_ok());
    }

    #[test]
    fn a_documented_activity_lacks_nothing() {
        let cert = certificate("c.pdf");
        let a = activity("2", "AAMA", "Hand hygiene, PPE");
        assert_eq!(lacks(&a, &[(&cert, FileState::Ok)], true), vec![]);
    }

    #[test]
    fn documented_agrees_with_an_empty_list_of_lacks() {
        let states = [None, Some(vec![]), Some(vec![FileState::Ok])];
        let more = [FileState::Ok, FileState::Missing, FileState::Altered];
        let mut lists: Vec<Option<Vec<FileState>>> = states.to_vec();
        lists.extend(more.iter().map(|s| Some(vec![FileState::Ok, *s])));
        let mut seen = [0, 0];
        for (points, provider, note) in [
            ("2", "AAMA", "PPE"),
            ("0.5", "AAMA", "PPE"),
            ("2", "", "PPE"),
            ("2", "AAMA", ""),
        ] {
            let data = activity(points, provider, note);
            for list in &lists {
                let a = Activity {
                    id: 7,
                    data: data.clone(),
                };
                let mut certificates = Certificates::new();
                if let Some(list) = list {
                    let files = list.iter().map(|s| (certificate("c.pdf"), *s)).collect();
                    certificates.insert(7, files);
                }
                let empty = lacks_in(&certificates, &a, true).is_empty();
                assert_eq!(
                    documented(&certificates, &a),
                    empty,
                    "{points} {provider} {note} {list:?}"
                );
                seen[usize::from(empty)] += 1;
            }
        }
        // Both answers occur, so the comparison says something.
        assert!(seen[0] > 0 && seen[1] > 0, "{seen:?}");
    }

    #[test]
    fn each_missing_piece_of_proof_is_named() {
        let a = activity("0.5", "", "");
        assert_eq!(
            lacks(&a, &[], false),
            vec![
                Lack::Certificate,
                Lack::Provider,
                Lack::Description,
                Lack::ContactHour,
                Lack::OutsideCycle
            ]
        );
        let (gone, changed) = (certificate("gone.pdf"), certificate("changed.png"));
        let b = activity("1", "AAMA", "note");
        let found = lacks(
            &b,
            &[(&gone, FileState::Missing), (&changed, FileState::Altered)],
            true,
        );
        assert_eq!(
            describe(&found),
            "certificate file gone.pdf is missing; certificate file changed.png was changed since it was attached"
        );
    }

    #[test]
    fn a_college_credit_is_many_contact_hours() {
        let mut a = activity("0.5", "College", "Anatomy");
        a.kind = crate::domain::Kind::College;
        assert!(!lacks(&a, &[], true).contains(&Lack::ContactHour));
    }
}
