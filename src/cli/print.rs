//! How the command line prints: the text tables and lines people read, and the JSON shapes
//! scripts read. Pure formatting: data in, text out.

use std::fmt::Write as _;
use std::path::PathBuf;

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::proof::{FileState, FileType};
use crate::domain::{Activity, Credential, Progress};
use crate::logbook::proof::ProofCheck;
use crate::logbook::text::human_size;
use crate::logbook::{Error, Result};

/// Pretty JSON and a newline, as every `--json` prints.
pub fn json<T: Serialize + ?Sized>(value: &T) -> Result<String> {
    serde_json::to_string_pretty(value)
        .map(|s| s + "\n")
        .map_err(|e| Error::write("cannot print JSON", e))
}

pub const NO_CREDENTIALS: &str = "No credentials yet. Add the one you hold, e.g.:\n  \
                              ce-logbook credential add cma-aama --certified YYYY-MM-DD\n";

pub fn grace_note(expires: NaiveDate, deadline: NaiveDate) -> String {
    if deadline == expires {
        String::new()
    } else {
        format!(", CE route open until {deadline}")
    }
}

/// `credential list --json`: the credential, its rules and its cycles.
#[derive(Serialize)]
pub struct CredentialJson<'a> {
    id: i64,
    preset: &'a str,
    name: &'a str,
    certified: NaiveDate,
    cycle_start: NaiveDate,
    expires: NaiveDate,
    ce_deadline: NaiveDate,
    cycle_months: u32,
    points_required: crate::domain::Points,
    approved: Option<&'a crate::domain::rules::Approval>,
    categories: &'a std::collections::BTreeMap<String, crate::domain::Points>,
    cycles: Vec<CycleJson>,
    /// What college credit and CPR cards are worth here (null: not counted).
    conversions: crate::domain::rules::Conversions,
    expiry: crate::domain::rules::ExpiryRule,
    renewal: crate::domain::rules::RenewalRule,
    /// False where only secondary sources give the rule.
    verified: bool,
}

#[derive(Serialize)]
pub struct CycleJson {
    start: NaiveDate,
    expires: NaiveDate,
}

impl<'a> From<&'a Credential> for CredentialJson<'a> {
    fn from(c: &'a Credential) -> Self {
        CredentialJson {
            id: c.id,
            preset: c.spec.preset_id(),
            name: c.name(),
            certified: c.certified,
            cycle_start: c.cycle_start(),
            expires: c.expires(),
            ce_deadline: c.ce_deadline(),
            cycle_months: c.requirement.cycle_months,
            points_required: c.requirement.points_required,
            approved: c.requirement.approved.as_ref(),
            categories: &c.requirement.categories,
            cycles: c
                .cycles()
                .into_iter()
                .map(|(start, expires)| CycleJson { start, expires })
                .collect(),
            conversions: c.requirement.conversions,
            expiry: c.requirement.expiry,
            renewal: c.requirement.renewal,
            verified: c.requirement.verified,
        }
    }
}

pub fn activity_table(activities: &[Activity], today: NaiveDate) -> String {
    if activities.is_empty() {
        return "No activities yet. Log the first one, e.g.:\n  \
                ce-logbook add --title \"Phlebotomy update\" --date YYYY-MM-DD --points 2 \
                --category clinical --approved-by AAMA\n"
            .to_owned();
    }
    let mut out = format!(
        "{:>5}  {:<10}  {:>6}  {:<7}  {:<14}  {:<10}  {}\n",
        "id", "date", "points", "kind", "category", "approved", "title"
    );
    for a in activities {
        let d = &a.data;
        let mark = match (d.planned, d.overdue(today)) {
            (true, true) => "  [planned, overdue]",
            (true, false) => "  [planned]",
            _ => "",
        };
        let _ = writeln!(
            out,
            "{:>5}  {:<10}  {:>6}  {:<7}  {:<14}  {:<10}  {}{mark}",
            a.id,
            d.date,
            d.points,
            d.kind,
            d.category.as_deref().unwrap_or("-"),
            if d.approved_by.is_empty() {
                "-".to_owned()
            } else {
                d.approved_by.join(",")
            },
            d.title,
        );
    }
    out
}

/// One line per credential: points, approved share, missing categories, days left, state.
pub fn status_text(all: &[Progress]) -> String {
    if all.is_empty() {
        return NO_CREDENTIALS.to_owned();
    }
    let mut out = String::new();
    for p in all {
        let mut parts = vec![format!(
            "{} / {} points",
            p.points_counted, p.points_required
        )];
        if let Some(body) = &p.approved_by {
            parts.push(format!(
                "{} / {} {body}-approved",
                p.approved_points, p.approved_required
            ));
        }
        let missing: Vec<String> = p
            .missing_categories()
            .map(|(c, short)| format!("{short} {c}"))
            .collect();
        if !missing.is_empty() {
            parts.push(format!("missing {}", missing.join(", ")));
        }
        if p.points_still_needed.is_positive() {
            parts.push(format!("{} still needed", p.points_still_needed));
        }
        let days = match p.days_left {
            d if d >= 0 => format!("{d} days left (expires {})", p.expires),
            d => format!(
                "expired {} days ago ({}{})",
                -d,
                p.expires,
                grace_note(p.expires, p.ce_deadline)
            ),
        };
        parts.push(days);
        let _ = writeln!(
            out,
            "{} [{}]: {} — {}",
            p.name,
            p.id,
            p.state.label(),
            parts.join("; ")
        );
        if !p.complete && p.points_planned.is_positive() {
            let _ = match p.projected_complete {
                Some(date) => writeln!(out, "  with your plan: complete on {date}"),
                None => writeln!(out, "  your plan leaves {}", p.plan_short_text()),
            };
        }
        for n in &p.not_counted {
            let what = match n.activities {
                1 => format!("1 {} activity", n.kind),
                many => format!("{many} {} activities", n.kind),
            };
            let _ = writeln!(out, "  not counted: {what}; {}", n.reason);
        }
    }
    out
}

#[derive(Serialize)]
pub struct AttachmentRow {
    pub activity: i64,
    pub name: String,
    pub hash: String,
    pub size: u64,
    #[serde(rename = "type")]
    pub file_type: FileType,
    pub state: FileState,
    pub path: PathBuf,
}

/// `attachments`: one line per certificate, with the state of its stored copy.
pub fn attachments_text(rows: &[AttachmentRow]) -> String {
    let mut out = String::new();
    for r in rows {
        let _ = writeln!(
            out,
            "{:>5}  {:<8} {:<4}  {:>8}  {}  {}",
            r.activity,
            &r.hash[..8.min(r.hash.len())],
            r.file_type,
            human_size(r.size),
            match r.state {
                FileState::Ok => "ok     ",
                FileState::Missing => "MISSING",
                FileState::Altered => "CHANGED",
            },
            r.name
        );
    }
    if rows.is_empty() {
        out.push_str("no certificates attached yet: ce-logbook attach ID FILE\n");
    }
    out
}

/// `check`: one line per activity, then how many lack proof.
pub fn check_text(checks: &[ProofCheck]) -> String {
    let mut out = String::new();
    for c in checks {
        let verdict = if c.documented {
            "documented".to_owned()
        } else {
            format!("missing: {}", c.missing.join("; "))
        };
        let _ = writeln!(out, "{:>5}  {}  {}: {verdict}", c.id, c.date, c.title);
    }
    let lacking = checks.iter().filter(|c| !c.documented).count();
    let _ = writeln!(out, "{lacking} of {} activities lack proof", checks.len());
    out
}

/// `credential list`: one line per credential and its cycle.
pub fn credentials_text(credentials: &[Credential]) -> String {
    if credentials.is_empty() {
        return NO_CREDENTIALS.to_owned();
    }
    let mut out = String::new();
    for c in credentials {
        let _ = writeln!(
            out,
            "{:>3}  {:<14} cycle {} to {}{}  ({})",
            c.id,
            c.name(),
            c.cycle_start(),
            c.expires(),
            grace_note(c.expires(), c.ce_deadline()),
            c.spec.preset_id()
        );
    }
    out
}

/// `status --json`: today and every credential's progress.
#[derive(Serialize)]
pub struct Status<'a> {
    pub today: NaiveDate,
    pub credentials: &'a [Progress],
}
