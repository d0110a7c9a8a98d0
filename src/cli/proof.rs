//! Commands about proof for an audit: certificates attached and detached, their files
//! checked, what each activity lacks, and the name printed on transcripts.

use std::path::PathBuf;

use super::bar::Bar;
use super::context::{Context, Output};
use super::print::{self, AttachmentRow};
use crate::domain::proof::{FileState, check_person_name};
use crate::logbook::files::read_certificates;
use crate::logbook::text::{count, human_size};

/// `attach`: every file is checked before any is copied.
pub fn attach(ctx: &Context, id: i64, files: &[PathBuf]) -> Output {
    // Bad files are refused before the logbook is opened (or created).
    let checked = read_certificates(files)?;
    let attached = ctx.open()?.attach(id, checked)?;
    Ok(attached
        .iter()
        .map(|(name, a)| {
            format!(
                "attached {name} ({}, {}) to activity {id}\n",
                a.file_type,
                human_size(a.size)
            )
        })
        .collect())
}

/// `detach`: by the certificate's file name or the start of its hash.
pub fn detach(ctx: &Context, id: i64, certificate: &str) -> Output {
    let gone = ctx.open()?.detach(id, certificate)?;
    Ok(format!("detached {} from activity {id}\n", gone.name))
}

/// `attachments`: every certificate (or one activity's), each file hashed.
pub fn attachments(ctx: &Context, id: Option<i64>, json: bool) -> Output {
    let logbook = ctx.open()?;
    if let Some(id) = id {
        logbook.activity(id)?;
    }
    let all = logbook.certificates(true)?;
    let mut ids: Vec<_> = all
        .keys()
        .copied()
        .filter(|k| id.is_none_or(|i| i == *k))
        .collect();
    ids.sort_unstable();
    let rows: Vec<AttachmentRow> = ids
        .iter()
        .flat_map(|activity| all[activity].iter().map(move |c| (*activity, c)))
        .map(|(activity, (a, state))| AttachmentRow {
            activity,
            name: a.name.clone(),
            hash: a.hash.clone(),
            size: a.size,
            file_type: a.file_type,
            state: *state,
            path: logbook.store().attachment_path(a),
        })
        .collect();
    let broken = rows.iter().filter(|r| r.state != FileState::Ok).count();
    if json {
        return print::json(&rows);
    }
    if broken > 0 {
        eprintln!(
            "warning: {} missing or changed in {}; attach the originals again",
            count(broken, "certificate file is", "certificate files are"),
            logbook.store().attachments_dir().display()
        );
    }
    Ok(print::attachments_text(&rows))
}

/// `check`: what each activity lacks as proof.
pub fn check(ctx: &Context, json: bool) -> Output {
    let logbook = ctx.open()?;
    let bar = Bar::new("Checking the certificates");
    let checks = logbook.check(&bar.tracker())?;
    drop(bar);
    if json {
        return print::json(&checks);
    }
    Ok(print::check_text(&checks))
}

/// `profile`: shows, or with `--name` sets, the name printed on transcripts.
pub fn profile(ctx: &Context, name: Option<String>) -> Output {
    // A bad name is refused before the logbook is opened (or created).
    if let Some(name) = &name {
        check_person_name(name)?;
    }
    let mut logbook = ctx.open()?;
    if let Some(name) = name {
        logbook.set_person_name(&name)?;
    }
    Ok(match logbook.person_name()? {
        Some(n) => format!("name: {n}\n"),
        None => "no name set: ce-logbook profile --name \"Your Name\"\n".to_owned(),
    })
}
