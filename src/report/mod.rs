//! What an audit or a recertification asks for, made from the logbook: the transcript (as a
//! PDF), the packet (transcript and certificates in one ZIP) and the calendar of deadlines.
//! Pure: everything is handed in (including "today") and bytes come out; callers write files.

pub mod calendar;
mod face;
pub mod packet;
pub mod pdf;

use chrono::NaiveDate;

use crate::domain::progress::for_each_counted;
use crate::domain::proof::{Lack, lacks_in};
use crate::domain::rules::KindRules;
use crate::domain::{Activity, Credential, Points, Progress, State};

pub use crate::domain::proof::Certificates;

/// One counted activity, as the transcript prints it.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub id: i64,
    pub date: NaiveDate,
    pub title: String,
    pub provider: String,
    pub kind: String,
    pub category: String,
    pub approved: bool,
    /// The points this activity counts for, after its kind's conversion and caps.
    pub points: Points,
    pub lacks: Vec<Lack>,
}

/// One requirement and how far it is met.
#[derive(Clone, Debug, PartialEq)]
pub struct Total {
    pub label: String,
    pub earned: Points,
    pub required: Points,
}

impl Total {
    pub fn met(&self) -> bool {
        self.earned >= self.required
    }
}

/// Everything the transcript shows, decided here so the PDF only lays it out.
#[derive(Clone, Debug)]
pub struct Transcript {
    pub person: Option<String>,
    pub credential: String,
    pub cycle_start: NaiveDate,
    pub expires: NaiveDate,
    pub ce_deadline: NaiveDate,
    pub today: NaiveDate,
    pub state: State,
    pub rows: Vec<Row>,
    pub totals: Vec<Total>,
    pub still_needed: Points,
    /// Activities of the cycle the credential's caps left out (e.g. a fourth CPR card).
    pub not_counted: usize,
}

impl Transcript {
    pub fn lacking_proof(&self) -> usize {
        self.rows.iter().filter(|r| !r.lacks.is_empty()).count()
    }
}

/// Builds the transcript of `credential`'s current cycle: one row per counted activity.
pub fn transcript(
    credential: &Credential,
    progress: &Progress,
    activities: &[Activity],
    certificates: &Certificates,
    kinds: &KindRules,
    today: NaiveDate,
    person: Option<&str>,
) -> Transcript {
    let mut rows = Vec::new();
    for_each_counted(credential, activities, kinds, today, |c| {
        let a = c.activity;
        rows.push(Row {
            id: a.id,
            date: c.date,
            title: a.data.title.to_string(),
            provider: a.data.provider.as_deref().unwrap_or_default().to_owned(),
            kind: a.data.kind.to_string(),
            category: c.category.unwrap_or("").to_owned(),
            approved: c.approved,
            points: c.points,
            lacks: lacks_in(certificates, a, true),
        });
    });
    rows.sort_by(|x, y| x.date.cmp(&y.date).then(x.id.cmp(&y.id)));
    let in_window = activities
        .iter()
        .filter(|a| a.data.date >= progress.cycle_start && a.data.date <= progress.ce_deadline)
        .filter(|a| a.data.date <= today)
        .count();

    let mut totals = vec![Total {
        label: "Points counted".into(),
        earned: progress.points_counted,
        required: progress.points_required,
    }];
    if let Some(body) = &progress.approved_by {
        totals.push(Total {
            label: format!("Approved by {body}"),
            earned: progress.approved_points,
            required: progress.approved_required,
        });
    }
    for (name, c) in &progress.categories {
        totals.push(Total {
            label: capitalise(name),
            earned: c.earned,
            required: c.required,
        });
    }
    Transcript {
        person: person
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_owned),
        credential: progress.name.clone(),
        cycle_start: progress.cycle_start,
        expires: progress.expires,
        ce_deadline: progress.ce_deadline,
        today,
        state: progress.state,
        not_counted: in_window.saturating_sub(rows.len()),
        rows,
        totals,
        still_needed: progress.points_still_needed,
    }
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A file name safe on every system, from a title: letters, digits, spaces and `-_.(),`.
pub fn file_stem(text: &str, max_chars: usize) -> String {
    let cleaned: String = text
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.' | '(' | ')' | ',') {
                c
            } else {
                '_'
            }
        })
        .take(max_chars)
        .collect();
    let trimmed = cleaned.trim_matches(|c: char| c == '.' || c.is_whitespace());
    if trimmed.is_empty() {
        "activity".into()
    } else {
        trimmed.to_owned()
    }
}
