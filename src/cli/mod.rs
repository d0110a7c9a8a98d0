//! The command line: parse, dispatch each command to one short function, print, and turn an
//! error into its message, the command line's own hint, and an exit code from its kind.
//!
//! The work is the [`Logbook`](crate::logbook::Logbook) service's; the modules here hold the commands by group
//! (activities, credentials, proof, files, certificates read by `scan`) and the printing of text and JSON ([`print`]).

mod activities;
pub mod args;
mod bar;
mod context;
mod credentials;
mod files;
mod print;
mod proof;
mod scan;

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;

use crate::domain::dates::parse_iso;
use crate::domain::{FieldError, RuleBook};
use crate::logbook;

pub use args::{Cli, Command};
use context::{Context, Output};
pub use context::{exit_code, message};

/// Runs the command line and says how it went.
pub fn run(cli: Cli) -> ExitCode {
    match execute(cli) {
        Ok(out) => {
            let mut stdout = std::io::stdout().lock();
            // A closed pipe (`| head`) is not an error worth reporting.
            let _ = stdout
                .write_all(out.as_bytes())
                .and_then(|()| stdout.flush());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {}", message(&e));
            ExitCode::from(exit_code(&e))
        }
    }
}

/// Where the logbook is: `--db`, `CE_LOGBOOK_DB`, or the data folder.
pub fn db_path(db: Option<PathBuf>) -> logbook::Result<PathBuf> {
    db.map_or_else(logbook::default_path, Ok)
}

/// The date to take as today: `--today`, or the local date.
pub fn today(arg: Option<&str>) -> Result<NaiveDate, FieldError> {
    match arg {
        Some(text) => parse_iso(text).map_err(|m| FieldError::new("today", m)),
        None => Ok(chrono::Local::now().date_naive()),
    }
}

/// Runs one command; returns what goes to stdout.
pub fn execute(cli: Cli) -> Output {
    let Some(command) = cli.command else {
        return Ok(<Cli as clap::CommandFactory>::command()
            .render_help()
            .to_string());
    };
    let ctx = Context {
        today: today(cli.today.as_deref())?,
        rules: RuleBook::builtin()?,
        path: db_path(cli.db)?,
    };
    match command {
        Command::Credential(c) => credentials::run(&ctx, c),
        Command::Add {
            fields,
            planned,
            from_certificate: None,
        } => activities::add(&ctx, fields, planned),
        Command::Add {
            fields,
            from_certificate: Some(file),
            ..
        } => scan::add(&ctx, &file, fields),
        Command::Scan { files, json } => scan::scan(&files, json),
        Command::Done { id, date } => activities::done(&ctx, id, date.as_deref()),
        Command::Edit { id, fields } => activities::edit(&ctx, id, fields),
        Command::Remove { id } => activities::remove(&ctx, id),
        Command::List { json } => activities::list(&ctx, json),
        Command::Status { json } => activities::status(&ctx, json),
        Command::Import {
            file,
            how,
            dry_run,
            keep_duplicates,
        } => files::import(&ctx, &file, how, dry_run, keep_duplicates),
        Command::Export { file } => files::export(&ctx, &file),
        Command::Backup { out } => files::backup(&ctx, out.as_deref()),
        Command::Restore { file } => files::restore(&ctx, &file),
        Command::Report { credential, out } => files::report(&ctx, &credential, &out),
        Command::Packet { credential, out } => files::packet(&ctx, &credential, &out),
        Command::Calendar { out } => files::calendar(&ctx, &out),
        Command::Attach { id, files } => proof::attach(&ctx, id, &files),
        Command::Detach { id, certificate } => proof::detach(&ctx, id, &certificate),
        Command::Attachments { id, json } => proof::attachments(&ctx, id, json),
        Command::Check { json } => proof::check(&ctx, json),
        Command::Profile { name } => proof::profile(&ctx, name),
    }
}
