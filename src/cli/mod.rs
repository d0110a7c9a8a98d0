//! The command line: parse, dispatch each command to one short function, print, and turn an
//! error into its message, the command line's own hint, and an exit code from its kind.
//!
//! The work is the [`Logbook`] service's; the modules here hold the commands by group
//! (activities, credentials, proof, files) and the printing of text and JSON ([`print`]).

mod activities;
pub mod args;
mod credentials;
mod files;
mod print;
mod proof;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;

use crate::domain::dates::parse_iso;
use crate::domain::{FieldError, RuleBook};
use crate::logbook::{self, Error, ErrorKind, Logbook};
use crate::store::StoreError;

pub use args::{ActivityArgs, Cli, Command, CredentialCommand};

/// What a command hands back: the text for stdout.
type Output = logbook::Result<String>;

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

/// 2 for anything the user typed or handed in wrongly, 1 for everything else (an unusable
/// logbook, a full disk): read from the error's kind.
pub fn exit_code(e: &Error) -> u8 {
    match e.kind() {
        ErrorKind::Input => 2,
        ErrorKind::Unusable | ErrorKind::Write => 1,
    }
}

/// The error with every cause, then what to type about it.
pub fn message(e: &Error) -> String {
    let mut text = String::new();
    let mut cause: Option<&dyn std::error::Error> = Some(e);
    while let Some(c) = cause {
        if !text.is_empty() {
            text.push_str(": ");
        }
        text.push_str(&c.to_string());
        cause = c.source();
    }
    text + &hint(e)
}

/// The command line's advice for an error: the command that shows or mends what went wrong.
fn hint(e: &Error) -> String {
    match e {
        Error::Store(StoreError::NoActivity(_)) => "; `ce-logbook list` shows the ids".into(),
        Error::Store(StoreError::NoCredential(_)) => {
            "; `ce-logbook credential list` shows the ids".into()
        }
        Error::Store(StoreError::NoAttachment { activity, .. })
        | Error::NoCertificate { activity, .. } => {
            format!("; `ce-logbook attachments {activity}` lists them")
        }
        Error::Store(StoreError::Damaged { .. }) => ": ce-logbook restore FILE".into(),
        Error::Store(StoreError::NotALogbook { .. }) => {
            " Check the path (--db or CE_LOGBOOK_DB), or restore the logbook from a backup.".into()
        }
        Error::NoDataFolder => "; name the logbook with --db PATH or CE_LOGBOOK_DB".into(),
        _ => String::new(),
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

/// What every command starts from: today and where the logbook is. The logbook is opened
/// only once the command's own input has been checked, so bad input creates nothing.
pub(crate) struct Context {
    pub today: NaiveDate,
    pub path: PathBuf,
    pub rules: RuleBook,
}

impl Context {
    /// Opens (or creates) the logbook and makes today's automatic copy. If the copy cannot be
    /// made the work goes on; the user is told, since their safety net is missing.
    pub fn open(&self) -> logbook::Result<Logbook> {
        let logbook = Logbook::open_with(&self.path, self.rules.clone(), self.today)?;
        if let Err(e) = logbook.daily_backup() {
            eprintln!("warning: today's automatic backup failed: {}", message(&e));
        }
        Ok(logbook)
    }

    pub fn path(&self) -> &Path {
        &self.path
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
        Command::Add(args) => activities::add(&ctx, args),
        Command::Edit { id, fields } => activities::edit(&ctx, id, fields),
        Command::Remove { id } => activities::remove(&ctx, id),
        Command::List { json } => activities::list(&ctx, json),
        Command::Status { json } => activities::status(&ctx, json),
        Command::Import {
            file,
            dry_run,
            keep_duplicates,
        } => files::import(&ctx, &file, dry_run, keep_duplicates),
        Command::Export { file } => files::export(&ctx, &file),
        Command::Backup { out } => files::backup(&ctx, out.as_deref()),
        Command::Restore { file } => files::restore(&ctx, &file),
        Command::Report { credential, out } => files::report(&ctx, credential, &out),
        Command::Packet { credential, out } => files::packet(&ctx, credential, &out),
        Command::Calendar { out } => files::calendar(&ctx, &out),
        Command::Attach { id, files } => proof::attach(&ctx, id, &files),
        Command::Detach { id, certificate } => proof::detach(&ctx, id, &certificate),
        Command::Attachments { id, json } => proof::attachments(&ctx, id, json),
        Command::Check { json } => proof::check(&ctx, json),
        Command::Profile { name } => proof::profile(&ctx, name),
    }
}
