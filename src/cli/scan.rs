//! Certificates read for what they say: `scan` proposes an activity per file, and
//! `add --from-certificate` adds it with the certificate attached.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::args::ActivityArgs;
use super::bar::Bar;
use super::context::{Context, Output};
use super::print;
use crate::domain::certificate::Proposal;
use crate::domain::{ActivityDraft, FieldError, Kind};
use crate::logbook::scan::{self, ScanRow};

/// `scan`: every file is read (a file that cannot be is the command's error, named), then
/// each proposal is printed; nothing is written.
pub fn scan(files: &[PathBuf], json: bool) -> Output {
    let bar = Bar::new("Reading the certificates");
    let tracker = bar.tracker();
    let rows = files
        .iter()
        .enumerate()
        .map(|(i, f)| {
            tracker.step(format!("Reading {}", f.display()), i, files.len())?;
            Ok(ScanRow::new(f, scan::scan(f)?.proposal))
        })
        .collect::<crate::logbook::Result<Vec<_>>>()?;
    drop(bar);
    if json {
        return print::json(&rows);
    }
    Ok(rows.iter().map(scan_text).collect())
}

fn scan_text(row: &ScanRow) -> String {
    let p = &row.proposal;
    let or_none = |v: Option<String>| v.unwrap_or_else(|| "(not found)".into());
    let mut out = format!("{}\n", row.file.display());
    let mut line = |name: &str, value: String| {
        let _ = writeln!(out, "  {name:<12} {value}");
    };
    line("title:", or_none(p.title.clone()));
    line("date:", or_none(p.date.map(|d| d.to_string())));
    line(
        "points:",
        if p.kind == Kind::Cpr {
            "(one CPR card)".into()
        } else {
            or_none(p.points.map(|x| x.to_string()))
        },
    );
    line("kind:", p.kind.to_string());
    line("category:", or_none(p.category.clone()));
    line(
        "approved by:",
        or_none((!p.approved_by.is_empty()).then(|| p.approved_by.join(", "))),
    );
    line("provider:", or_none(p.provider.clone()));
    let required = p.missing_required();
    let give: String = required.iter().map(|f| format!(" --{f} …")).collect();
    let _ = writeln!(
        out,
        "  add it: ce-logbook add --from-certificate {}{give}\n",
        shell_word(&row.file)
    );
    out
}

/// A path as one word for a shell: quoted when it holds anything but plain characters.
fn shell_word(path: &Path) -> String {
    let text = path.display().to_string();
    if text
        .chars()
        .all(|c| c.is_alphanumeric() || "/._-+,".contains(c))
    {
        text
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

/// `add --from-certificate`: what the certificate says, with the options given laid over it;
/// a required field neither read nor given is named. Checked before the logbook is opened.
pub fn add(ctx: &Context, file: &Path, fields: ActivityArgs) -> Output {
    let scanned = scan::scan(file)?;
    let draft = draft_of(file, &scanned.proposal, |d| fields.apply(d))?;
    let data = draft.validate(&ctx.rules.kinds, ctx.today)?;
    let mut logbook = ctx.open()?;
    let added = logbook.add_scanned(&data, scanned)?;
    if let Some((name, e)) = added.failed {
        eprintln!(
            "warning: activity {} was saved, but {name} could not be attached: {}; attach it \
             again with `ce-logbook attach {} FILE`",
            added.id,
            super::message(&e),
            added.id
        );
    }
    Ok(format!("{}\n", added.id))
}

/// The proposal's draft with `change` applied; the first required field still empty is an
/// error naming it and the option that gives it.
fn draft_of(
    file: &Path,
    proposal: &Proposal,
    change: impl FnOnce(ActivityDraft) -> ActivityDraft,
) -> Result<ActivityDraft, FieldError> {
    let draft = change(proposal.to_draft());
    let cpr = draft.kind.trim().eq_ignore_ascii_case(Kind::Cpr.as_str());
    let empty = [
        ("title", draft.title.trim().is_empty()),
        ("date", draft.date.trim().is_empty()),
        // A CPR card's worth is the rules'.
        ("points", draft.points.trim().is_empty() && !cpr),
    ];
    match empty.iter().find(|(_, empty)| *empty) {
        Some((field, _)) => Err(FieldError::new(
            field,
            format!("not found in {}; give it with --{field}", file.display()),
        )),
        None => Ok(draft),
    }
}
