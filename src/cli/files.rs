//! Commands that read or write files: import of CSV and spreadsheets, export of CSV, backup and restore, and the
//! transcript, packet and calendar handed to the certifying body or a calendar program.

use std::fmt::Write as _;
use std::path::Path;

use super::args::ImportHow;
use super::bar::Bar;
use super::context::{Context, Output, message};
use crate::domain::columns::{Field, parse_map};
use crate::domain::csv::Seen;
use crate::domain::import::{ImportOptions, ImportRead};
use crate::domain::{ActivityData, FieldError};
use crate::logbook::reports::{ImportPlan, accepted, read_import};
use crate::logbook::text::{characters, count};
use crate::logbook::{self, Error, Logbook};

/// `import`: all or nothing; rows the logbook has already are skipped unless
/// `keep_duplicates`.
pub fn import(
    ctx: &Context,
    file: &Path,
    how: ImportHow,
    dry_run: bool,
    keep_duplicates: bool,
) -> Output {
    // The logbook's credentials say what a plain "Approved" column means; a file with a bad
    // row creates no logbook, and a dry run never does.
    let existing = match ctx.path().exists() {
        true => Some(ctx.open()?),
        false => None,
    };
    let options = import_options(how, existing.as_ref())?;
    let (rows, reading) = read_rows(ctx, file, &options)?;
    let logbook = match existing {
        Some(logbook) => Some(logbook),
        None if dry_run => None,
        None => Some(ctx.open()?),
    };
    let plan = match &logbook {
        Some(logbook) => logbook.plan_import(rows)?,
        None => ImportPlan::new(rows, &[]),
    };
    // What was done first (scripts read the first line), then how the file was read.
    let mut out = match logbook.filter(|_| !dry_run) {
        Some(mut logbook) => save_rows(&mut logbook, &plan.to_add(keep_duplicates))?,
        None => format!(
            "{} valid, {} of them already in the logbook and {} repeating an earlier \
             row; nothing was written (dry run)\n",
            count(plan.rows.len(), "row is", "rows are"),
            plan.in_logbook(),
            plan.repeated()
        ),
    };
    if !keep_duplicates && plan.duplicates() > 0 {
        out += &skipped_text(&plan, dry_run);
    }
    out += &reading;
    Ok(out)
}

/// What the user said about the file (`--sheet`, `--map`, `--date-order`,
/// `--approved-means`), with the bodies the logbook's credentials name.
fn import_options(how: ImportHow, existing: Option<&Logbook>) -> logbook::Result<ImportOptions> {
    let map = match how.map.as_deref() {
        Some(spec) => parse_map(spec).map_err(|e| FieldError::new("map", e))?,
        None => Vec::new(),
    };
    Ok(ImportOptions {
        sheet: how.sheet,
        map,
        date_order: how.date_order,
        approved_means: how.approved_means,
        approving_bodies: existing.map(Logbook::approving_bodies).unwrap_or_default(),
    })
}

/// The file's rows, every one checked, and how the file was read (for the output). A file
/// with bad rows is every bad row on stderr, with how it was read and hints.
fn read_rows(
    ctx: &Context,
    file: &Path,
    options: &ImportOptions,
) -> logbook::Result<(Vec<ActivityData>, String)> {
    let bar = Bar::new(&format!("Reading {}", file.display()));
    let read = read_import(file, options, &ctx.rules.kinds, ctx.today);
    drop(bar);
    let read = match read {
        Err(Error::ImportRejected(errors)) => return Err(rejected(errors)),
        other => other?,
    };
    let reading = reading(&read);
    let hints = hints(&read);
    match accepted(read) {
        Err(Error::ImportRejected(errors)) => {
            eprint!("{reading}");
            let error = rejected(errors);
            for hint in hints {
                eprintln!("hint: {hint}");
            }
            Err(error)
        }
        other => Ok((other?, reading)),
    }
}

/// Writes the rows in one transaction; the first line of the output.
fn save_rows(logbook: &mut Logbook, rows: &[ActivityData]) -> logbook::Result<String> {
    let bar = Bar::new(&format!(
        "Saving {}",
        count(rows.len(), "activity", "activities")
    ));
    let ids = logbook.add_activities(rows)?;
    drop(bar);
    Ok(format!(
        "imported {}\n",
        count(ids.len(), "activity", "activities")
    ))
}

/// Which rows were (or, in a dry run, would be) skipped as duplicates, and why.
fn skipped_text(plan: &ImportPlan, dry_run: bool) -> String {
    let verb = if dry_run { "would skip" } else { "skipped" };
    let mut why = Vec::new();
    if plan.in_logbook() > 0 {
        why.push(format!(
            "{} the logbook has already",
            count(plan.in_logbook(), "row", "rows")
        ));
    }
    if plan.repeated() > 0 {
        why.push(format!(
            "{} an earlier row of the file",
            count(plan.repeated(), "row that repeats", "rows that repeat")
        ));
    }
    let mut out = format!(
        "{verb} {} (same date, title, points and kind); --keep-duplicates adds them anyway\n",
        why.join(" and ")
    );
    // Which rows, by their place in the file (counted after the header), to check them.
    for (i, seen) in plan.seen.iter().enumerate() {
        if let Seen::EarlierRow(first) = seen {
            let _ = writeln!(out, "  row {} repeats row {}", i + 1, first + 1);
        }
    }
    out
}

/// Every bad row on its own line, then the error that says nothing was imported.
fn rejected(errors: Vec<crate::domain::csv::RowError>) -> Error {
    for e in &errors {
        eprintln!("{e}");
    }
    Error::ImportRejected(errors)
}

/// What the command line offers for a file whose headers do not say enough.
fn hints(read: &ImportRead) -> Vec<&'static str> {
    let has = |f: &Field| read.columns.iter().any(|c| c.field.as_ref() == Some(f));
    let mut hints = Vec::new();
    if !has(&Field::Title) || !has(&Field::Date) || !has(&Field::Points) {
        hints.push(
            "say which column holds what with --map \"HEADER=title,HEADER=date,HEADER=points\"",
        );
    }
    if has(&Field::Approved(None)) && read.approved_means.is_none() {
        hints.push("say which body a plain \"Approved\" column means with --approved-means BODY");
    }
    hints
}

/// How the file was read, in the words `--map`, `--sheet` and `--date-order` take.
fn reading(read: &ImportRead) -> String {
    let mut out = String::new();
    if let Some(sheet) = &read.sheet {
        let _ = writeln!(out, "read the sheet '{sheet}'");
    }
    let (used, ignored): (Vec<_>, Vec<_>) = read.columns.iter().partition(|c| c.field.is_some());
    let used: Vec<String> = used
        .iter()
        .filter_map(|c| Some(format!("{}={}", c.header, c.field.as_ref()?.label())))
        .collect();
    let _ = writeln!(out, "columns: {}", used.join(", "));
    if !ignored.is_empty() {
        let names: Vec<&str> = ignored.iter().map(|c| c.header.as_str()).collect();
        let _ = writeln!(out, "ignored columns: {}", names.join(", "));
    }
    if let Some(body) = &read.approved_means
        && read
            .columns
            .iter()
            .any(|c| c.field == Some(Field::Approved(None)))
    {
        let _ = writeln!(out, "'approved' means approved by {body}");
    }
    let _ = writeln!(out, "dates read {}", read.date_order);
    out
}

pub fn export(ctx: &Context, file: &Path) -> Output {
    let logbook = ctx.open()?;
    let bar = Bar::new("Exporting");
    let n = logbook.export(file, &bar.tracker())?;
    drop(bar);
    Ok(format!(
        "exported {} to {}\n",
        count(n, "activity", "activities"),
        file.display()
    ))
}

/// `backup`: a copy with its certificates in the backups folder, or with `--out` one file
/// holding both.
pub fn backup(ctx: &Context, out: Option<&Path>) -> Output {
    let logbook = ctx.open()?;
    let bar = Bar::new("Backing up the logbook and its certificates");
    let done = logbook.backup(out, &bar.tracker())?;
    drop(bar);
    for name in &done.missing {
        eprintln!(
            "warning: the certificate {name} is missing or changed in the logbook, so the \
             backup cannot hold it; attach the original again"
        );
    }
    Ok(format!(
        "backed up the logbook and {} to {}\n",
        count(done.certificates, "certificate", "certificates"),
        done.path.display()
    ))
}

/// `restore`: the backup is checked whole first; the logbook it replaces is kept.
pub fn restore(ctx: &Context, file: &Path) -> Output {
    let bar = Bar::new("Checking the backup and restoring the logbook");
    let (logbook, restored) = Logbook::restore(ctx.path(), file, ctx.rules.clone(), ctx.today)?;
    drop(bar);
    // Today's automatic copy, as every command that opens the logbook makes it.
    if let Err(e) = logbook.daily_backup() {
        eprintln!("warning: today's automatic backup failed: {}", message(&e));
    }
    let mut out = format!("restored {} from {}", ctx.path().display(), file.display());
    if restored.certificates_restored > 0 {
        let _ = write!(
            out,
            ", putting back {}",
            count(
                restored.certificates_restored,
                "certificate",
                "certificates"
            )
        );
    }
    match &restored.kept {
        Some(kept) => {
            let _ = writeln!(
                out,
                "; the logbook it replaced is kept as {}",
                kept.display()
            );
        }
        None => out.push('\n'),
    }
    let missing = restored.missing_certificates;
    if missing > 0 {
        let (what, them) = if missing == 1 {
            ("certificate it names is", "it")
        } else {
            ("certificates it names are", "them")
        };
        let _ = writeln!(
            out,
            "{missing} {what} not in {}: copy {them} back from your own copy of that folder; \
             `ce-logbook check` lists the activities",
            restored.attachments_dir.display(),
        );
    }
    Ok(out)
}

pub fn report(ctx: &Context, credential: &str, out: &Path) -> Output {
    let logbook = ctx.open()?;
    let credential = logbook.credential_id(credential)?;
    let bar = Bar::new("Writing the transcript");
    let w = logbook.write_report(credential, out, &bar.tracker())?;
    drop(bar);
    warn_unprintable(&w.unprintable);
    Ok(format!(
        "wrote the transcript ({}; {} lack proof) to {}\n",
        count(w.activities, "activity", "activities"),
        w.lacking_proof,
        w.path.display()
    ))
}

pub fn packet(ctx: &Context, credential: &str, out: &Path) -> Output {
    let logbook = ctx.open()?;
    let credential = logbook.credential_id(credential)?;
    let bar = Bar::new("Writing the packet");
    let w = logbook.write_packet(credential, out, &bar.tracker())?;
    drop(bar);
    warn_unprintable(&w.unprintable);
    for name in &w.unusable {
        eprintln!(
            "warning: the certificate {name} is missing or changed and was left out; attach the original again"
        );
    }
    Ok(format!(
        "wrote the packet ({}, {}; {} lack proof) to {}\n",
        count(w.activities, "activity", "activities"),
        count(w.certificates, "certificate", "certificates"),
        w.lacking_proof,
        w.path.display()
    ))
}

pub fn calendar(ctx: &Context, out: &Path) -> Output {
    let n = ctx.open()?.write_calendar(out)?;
    Ok(format!(
        "wrote the deadlines of {} to {}\n",
        count(n, "credential", "credentials"),
        out.display()
    ))
}

/// The transcript never drops a character in silence: what no font could print is named.
fn warn_unprintable(chars: &[char]) {
    if !chars.is_empty() {
        eprintln!(
            "warning: the transcript could not print {} (no installed font has them); install \
             a font that does (e.g. Noto) and write it again",
            characters(chars)
        );
    }
}
