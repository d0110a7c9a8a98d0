//! The command line: parse, call the store and the domain, print.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::anyhow;
use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};
use serde::Serialize;

use crate::domain::dates::{check_past, parse_iso};
use crate::domain::proof::{FileState, FileType, check_person_name, lacks};
use crate::domain::rules::CUSTOM;
use crate::domain::transfer::{already_logged, parse_csv, rows_to_add, write_csv};
use crate::domain::{
    ActivityDraft, Credential, CredentialSpec, CustomDraft, FieldError, InvalidInput, Kind,
    Progress, RuleBook, progress,
};
use crate::output::{self, UnreadableInput, human_size};
use crate::store::{self, Store, StoreError};

#[derive(Debug, Parser)]
#[command(
    name = "ce-logbook",
    version,
    about = "A private, offline logbook of continuing education for medical assistants.",
    long_about = "A private, offline logbook of continuing education for medical assistants: log \
                  activities and see how far you are from recertifying (CMA (AAMA), CCMA (NHA), \
                  RMA (AMT), CMAC (AMCA) or a credential you define)."
)]
pub struct Cli {
    /// The logbook file [default: logbook.sqlite3 in your data folder]
    #[arg(long, global = true, env = "CE_LOGBOOK_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Take this date as today, for planning ahead [default: the local date]
    #[arg(long, global = true, value_name = "YYYY-MM-DD")]
    pub today: Option<String>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Add, renew, list or remove the credentials you hold
    #[command(subcommand)]
    Credential(CredentialCommand),
    /// Log an activity; prints its id
    Add(ActivityArgs),
    /// Change an activity: only the options given change (an empty value clears a field)
    Edit {
        id: i64,
        #[command(flatten)]
        fields: ActivityArgs,
    },
    /// Remove an activity
    Remove { id: i64 },
    /// List every activity
    List {
        /// One JSON array, for scripts
        #[arg(long)]
        json: bool,
    },
    /// How far each credential is from recertifying
    Status {
        /// One JSON object, for scripts
        #[arg(long)]
        json: bool,
    },
    /// Add every row of a CSV file (title,date,points,kind,category,approved_by,provider,note); all or nothing
    Import {
        file: PathBuf,
        /// Check every row and report, but write nothing
        #[arg(long)]
        dry_run: bool,
        /// Also add rows the logbook has already (same date, title, points and kind); by
        /// default they are skipped, so importing a file twice counts nothing twice
        #[arg(long)]
        keep_duplicates: bool,
    },
    /// Write every activity to a CSV file that `import` reads back
    Export { file: PathBuf },
    /// Copy the logbook, safely while it is in use (never over an existing file)
    Backup {
        /// Where to write the copy [default: a new file in the backups folder]
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Replace the logbook with a backup, after checking it (the current one is kept)
    Restore { file: PathBuf },
    /// Attach certificates (PDF, PNG or JPEG, at most 20 MB each) to an activity
    Attach {
        id: i64,
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Take a certificate off an activity (by its file name or the start of its hash)
    Detach { id: i64, certificate: String },
    /// List certificates and check that each stored file is still what was attached
    Attachments {
        /// Only this activity's
        id: Option<i64>,
        #[arg(long)]
        json: bool,
    },
    /// What each activity lacks as proof for an audit
    Check {
        #[arg(long)]
        json: bool,
    },
    /// Write a credential's transcript (PDF) for printing
    Report {
        credential: i64,
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
    },
    /// Write a credential's recertification packet: transcript and certificates in one ZIP
    Packet {
        credential: i64,
        #[arg(long, value_name = "FILE.zip")]
        out: PathBuf,
    },
    /// Write every credential's deadlines and reminders as an iCalendar file
    Calendar {
        #[arg(long, value_name = "FILE.ics")]
        out: PathBuf,
    },
    /// Show or set your name, as printed on transcripts
    Profile {
        /// Your name (an empty one removes it)
        #[arg(long)]
        name: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum CredentialCommand {
    /// Add a credential you hold; prints its id
    Add {
        /// cma-aama, ccma-nha, rma-amt, cmac-amca or custom
        preset: String,
        /// The date you were certified (or last recertified)
        #[arg(long, value_name = "YYYY-MM-DD")]
        certified: String,
        /// custom: the credential's name
        #[arg(long)]
        name: Option<String>,
        /// custom: the cycle length in months
        #[arg(long)]
        months: Option<String>,
        /// custom: points required per cycle
        #[arg(long, allow_negative_numbers = true)]
        points: Option<String>,
        /// custom: a category minimum, NAME=MIN (repeat for more)
        #[arg(long = "category", value_name = "NAME=MIN")]
        categories: Vec<String>,
        /// custom: the body whose approval is required for part of the points
        #[arg(long)]
        approved_by: Option<String>,
        /// custom: how many points that body must have approved
        #[arg(long)]
        approved_min: Option<String>,
    },
    /// You recertified: start the next cycle on that date (the old one is kept as history)
    Renew {
        id: i64,
        #[arg(long, value_name = "YYYY-MM-DD")]
        on: String,
    },
    /// List your credentials and their cycles
    List {
        #[arg(long)]
        json: bool,
    },
    /// Remove a credential (its activities stay in the logbook)
    Remove { id: i64 },
}

#[derive(Debug, Args)]
pub struct ActivityArgs {
    /// What the activity was
    #[arg(long)]
    pub title: Option<String>,
    /// When it was completed
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
    /// Points awarded (college: credits; may be left out for cpr)
    #[arg(long, allow_negative_numbers = true)]
    pub points: Option<String>,
    /// course (default), college or cpr
    #[arg(long)]
    pub kind: Option<String>,
    /// administrative, clinical, general or another category
    #[arg(long)]
    pub category: Option<String>,
    /// A body that approved it, e.g. AAMA (repeat for more)
    #[arg(long = "approved-by", value_name = "BODY")]
    pub approved_by: Vec<String>,
    /// Who gave the activity
    #[arg(long)]
    pub provider: Option<String>,
    /// Anything worth keeping: a course description, a certificate number
    #[arg(long)]
    pub note: Option<String>,
}

impl ActivityArgs {
    /// Lays the given options over `draft`; what is not given stays.
    fn apply(self, mut draft: ActivityDraft) -> ActivityDraft {
        let kind_changed = self.kind.is_some();
        let set = |slot: &mut String, value: Option<String>| {
            if let Some(v) = value {
                *slot = v;
            }
        };
        set(&mut draft.title, self.title);
        set(&mut draft.date, self.date);
        set(&mut draft.kind, self.kind);
        if kind_changed
            && self.points.is_none()
            && draft.kind.trim().eq_ignore_ascii_case(Kind::Cpr.as_str())
        {
            // A CPR card's worth is fixed: the old amount would only be in the way.
            draft.points.clear();
        }
        set(&mut draft.points, self.points);
        set(&mut draft.category, self.category);
        if !self.approved_by.is_empty() {
            draft.approved_by = self.approved_by;
        }
        set(&mut draft.provider, self.provider);
        set(&mut draft.note, self.note);
        draft
    }
}

/// The import found bad rows (already printed, one per line).
#[derive(Debug, thiserror::Error)]
#[error("{0} bad row(s); nothing was imported. Fix them and import again.")]
struct ImportRejected(usize);

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
            eprintln!("error: {e:#}");
            ExitCode::from(exit_code(&e))
        }
    }
}

/// 2 for anything the user typed or handed in wrongly, 1 for everything else (an unusable
/// logbook, a full disk).
pub fn exit_code(e: &anyhow::Error) -> u8 {
    let input = e.downcast_ref::<InvalidInput>().is_some()
        || e.downcast_ref::<FieldError>().is_some()
        || e.downcast_ref::<ImportRejected>().is_some()
        || e.downcast_ref::<UnreadableInput>().is_some()
        || e.downcast_ref::<StoreError>()
            .is_some_and(StoreError::is_input);
    if input { 2 } else { 1 }
}

/// Where the logbook is: `--db`, `CE_LOGBOOK_DB`, or the data folder.
pub fn db_path(db: Option<PathBuf>) -> anyhow::Result<PathBuf> {
    db.or_else(store::default_path).ok_or_else(|| {
        anyhow!("cannot find your data folder; name the logbook with --db PATH or CE_LOGBOOK_DB")
    })
}

/// The date to take as today: `--today`, or the local date.
pub fn today(arg: Option<&str>) -> Result<NaiveDate, FieldError> {
    match arg {
        Some(text) => parse_iso(text).map_err(|m| FieldError::new("today", m)),
        None => Ok(chrono::Local::now().date_naive()),
    }
}

struct Logbook {
    store: Store,
    rules: RuleBook,
    today: NaiveDate,
}

impl Logbook {
    fn credentials(&self) -> anyhow::Result<Vec<Credential>> {
        let records = self.store.credentials()?;
        Ok(records
            .into_iter()
            .map(|r| Credential::resolve(r, &self.rules))
            .collect::<Result<_, _>>()?)
    }

    fn progress(&self) -> anyhow::Result<Vec<Progress>> {
        let activities = self.store.activities()?;
        Ok(self
            .credentials()?
            .iter()
            .map(|c| progress(c, &activities, &self.rules.kinds, self.today))
            .collect())
    }
}

/// Runs one command; returns what goes to stdout.
pub fn execute(cli: Cli) -> anyhow::Result<String> {
    let Some(command) = cli.command else {
        return Ok(<Cli as clap::CommandFactory>::command()
            .render_help()
            .to_string());
    };
    // Everything the user typed is checked before the logbook is opened (or created).
    let today = today(cli.today.as_deref())?;
    let rules = RuleBook::builtin()?;
    let path = db_path(cli.db)?;
    let open = |rules: RuleBook| -> anyhow::Result<Logbook> {
        let store = Store::open(&path)?;
        // At most one automatic copy a day. If it cannot be made the work goes on; the user
        // is told, since their safety net is missing.
        if let Err(e) = store.daily_backup(today) {
            eprintln!("warning: today's automatic backup failed: {e}");
        }
        Ok(Logbook {
            store,
            rules,
            today,
        })
    };
    match command {
        Command::Credential(c) => credential(c, rules, today, open),
        Command::Add(args) => {
            let data = args
                .apply(ActivityDraft::default())
                .validate(&rules.kinds, today)?;
            let mut ctx = open(rules)?;
            Ok(format!("{}\n", ctx.store.add_activity(&data)?))
        }
        Command::Edit { id, fields } => {
            let mut ctx = open(rules)?;
            let old = ctx.store.activity(id)?;
            let data = fields
                .apply(ActivityDraft::from(&old.data))
                .validate(&ctx.rules.kinds, today)?;
            ctx.store.update_activity(id, &data)?;
            Ok(format!("updated activity {id}\n"))
        }
        Command::Remove { id } => {
            let mut ctx = open(rules)?;
            let gone = ctx.store.remove_activity(id)?;
            // Certificates nobody refers to any more go with it.
            ctx.store.sweep_attachments()?;
            Ok(format!(
                "removed activity {id} ({})\n",
                gone.activity.data.title
            ))
        }
        Command::List { json } => {
            let ctx = open(rules)?;
            let activities = ctx.store.activities()?;
            if json {
                return Ok(serde_json::to_string_pretty(&activities)? + "\n");
            }
            Ok(activity_table(&activities))
        }
        Command::Status { json } => {
            let ctx = open(rules)?;
            let all = ctx.progress()?;
            if json {
                #[derive(Serialize)]
                struct Status<'a> {
                    today: NaiveDate,
                    credentials: &'a [Progress],
                }
                let status = Status {
                    today,
                    credentials: &all,
                };
                return Ok(serde_json::to_string_pretty(&status)? + "\n");
            }
            Ok(status_text(&all))
        }
        Command::Import {
            file,
            dry_run,
            keep_duplicates,
        } => {
            let bytes = output::read_input(&file, output::Input::Csv)?;
            let rows = match parse_csv(&bytes, &rules.kinds, today) {
                Ok(rows) => rows,
                Err(errors) => {
                    for e in &errors {
                        eprintln!("{e}");
                    }
                    return Err(ImportRejected(errors.len()).into());
                }
            };
            // A dry run against a logbook that does not exist yet creates none.
            let mut ctx = if dry_run && !path.exists() {
                None
            } else {
                Some(open(rules)?)
            };
            let logged = match &ctx {
                Some(ctx) => ctx.store.activities()?,
                None => Vec::new(),
            };
            let known = already_logged(&rows, logged.iter().map(|a| &a.data));
            let duplicates = known.iter().filter(|k| **k).count();
            let skipped = if keep_duplicates { 0 } else { duplicates };
            let mut out = match ctx.as_mut().filter(|_| !dry_run) {
                Some(ctx) => {
                    let ids =
                        ctx.store
                            .add_activities(&rows_to_add(&rows, &known, keep_duplicates))?;
                    format!(
                        "imported {}\n",
                        output::count(ids.len(), "activity", "activities")
                    )
                }
                None => format!(
                    "{} row(s) are valid, {duplicates} of them already in the logbook; nothing \
                     was written (dry run)\n",
                    rows.len()
                ),
            };
            if skipped > 0 {
                let _ = writeln!(
                    out,
                    "{} {skipped} row(s) the logbook has already (same date, title, points and \
                     kind); --keep-duplicates adds them anyway",
                    if dry_run { "would skip" } else { "skipped" }
                );
            }
            Ok(out)
        }
        Command::Backup { out } => {
            let ctx = open(rules)?;
            let dest = ctx.store.backup(out.as_deref(), today)?;
            Ok(format!("backed up to {}\n", dest.display()))
        }
        Command::Restore { file } => {
            let kept = store::restore_logbook(&path, &file, today)?;
            let mut out = format!(
                "restored {} from {}; the logbook it replaced is kept as {}\n",
                path.display(),
                file.display(),
                kept.display()
            );
            // An older backup can name certificates swept since (its activities were removed
            // later): say so now rather than at the next audit.
            let ctx = open(rules)?;
            let missing = output::certificates(&ctx.store, false)?
                .values()
                .flatten()
                .filter(|(_, state)| *state == FileState::Missing)
                .count();
            if missing > 0 {
                let (what, them) = if missing == 1 {
                    ("certificate it names is", "it")
                } else {
                    ("certificates it names are", "them")
                };
                let _ = writeln!(
                    out,
                    "{missing} {what} not in {}: copy {them} back from your own copy of that \
                     folder; `ce-logbook check` lists the activities",
                    ctx.store.attachments_dir().display(),
                );
            }
            Ok(out)
        }
        Command::Attach { id, files } => {
            let checked = output::read_certificates(&files)?;
            let mut ctx = open(rules)?;
            ctx.store.activity(id)?;
            let mut out = String::new();
            for c in checked {
                let a = ctx.store.attach(id, &c.name, &c.bytes, c.file_type)?;
                let _ = writeln!(
                    out,
                    "attached {} ({}, {}) to activity {id}",
                    c.name,
                    c.file_type,
                    human_size(a.size)
                );
            }
            Ok(out)
        }
        Command::Detach { id, certificate } => {
            let mut ctx = open(rules)?;
            ctx.store.activity(id)?;
            let list = ctx.store.attachments_of(id)?;
            let wanted = certificate.trim();
            let matches: Vec<_> = list
                .iter()
                .filter(|a| a.name == wanted || (wanted.len() >= 6 && a.hash.starts_with(wanted)))
                .collect();
            let hash = match matches.as_slice() {
                [one] => one.hash.clone(),
                [] => {
                    return Err(FieldError::new(
                        "certificate",
                        format!(
                            "activity {id} has no certificate '{wanted}'; `ce-logbook attachments {id}` lists them"
                        ),
                    )
                    .into());
                }
                _ => {
                    return Err(FieldError::new(
                        "certificate",
                        format!("'{wanted}' names several certificates; give the start of the hash instead"),
                    )
                    .into());
                }
            };
            let gone = ctx.store.detach(id, &hash)?;
            ctx.store.sweep_attachments()?;
            Ok(format!("detached {} from activity {id}\n", gone.name))
        }
        Command::Attachments { id, json } => {
            let ctx = open(rules)?;
            if let Some(id) = id {
                ctx.store.activity(id)?;
            }
            let mut rows = Vec::new();
            let all = output::certificates(&ctx.store, true)?;
            let mut ids: Vec<_> = all
                .keys()
                .copied()
                .filter(|k| id.is_none_or(|i| i == *k))
                .collect();
            ids.sort_unstable();
            for activity in ids {
                for (a, state) in &all[&activity] {
                    rows.push(AttachmentRow {
                        activity,
                        name: a.name.clone(),
                        hash: a.hash.clone(),
                        size: a.size,
                        file_type: a.file_type,
                        state: *state,
                        path: ctx.store.attachment_path(a),
                    });
                }
            }
            let broken = rows.iter().filter(|r| r.state != FileState::Ok).count();
            if json {
                return Ok(serde_json::to_string_pretty(&rows)? + "\n");
            }
            let mut out = String::new();
            for r in &rows {
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
            if broken > 0 {
                eprintln!(
                    "warning: {broken} certificate file(s) are missing or changed in {}; attach the originals again",
                    ctx.store.attachments_dir().display()
                );
            }
            Ok(out)
        }
        Command::Check { json } => {
            let ctx = open(rules)?;
            let activities = ctx.store.activities()?;
            let credentials = ctx.credentials()?;
            let certs = output::certificates(&ctx.store, true)?;
            let checks: Vec<ProofCheck> = activities
                .iter()
                .map(|a| {
                    let list: Vec<_> = certs
                        .get(&a.id)
                        .map(|l| l.iter().map(|(c, s)| (c, *s)).collect())
                        .unwrap_or_default();
                    let in_cycle = credentials.iter().any(|c| c.cycle_contains(a.data.date));
                    let lacks = lacks(&a.data, &list, in_cycle, &ctx.rules.kinds);
                    ProofCheck {
                        id: a.id,
                        date: a.data.date,
                        title: a.data.title.clone(),
                        documented: lacks.is_empty(),
                        missing: lacks.iter().map(ToString::to_string).collect(),
                    }
                })
                .collect();
            if json {
                return Ok(serde_json::to_string_pretty(&checks)? + "\n");
            }
            let mut out = String::new();
            for c in &checks {
                let verdict = if c.documented {
                    "documented".to_owned()
                } else {
                    format!("missing: {}", c.missing.join("; "))
                };
                let _ = writeln!(out, "{:>5}  {}  {}: {verdict}", c.id, c.date, c.title);
            }
            let lacking = checks.iter().filter(|c| !c.documented).count();
            let _ = writeln!(out, "{lacking} of {} activities lack proof", checks.len());
            Ok(out)
        }
        Command::Report { credential, out } => {
            let ctx = open(rules)?;
            let w = output::write_report(&ctx.store, &ctx.rules, credential, today, &out)?;
            Ok(format!(
                "wrote the transcript ({}; {} lack proof) to {}\n",
                output::count(w.activities, "activity", "activities"),
                w.lacking_proof,
                w.path.display()
            ))
        }
        Command::Packet { credential, out } => {
            let ctx = open(rules)?;
            let w = output::write_packet(&ctx.store, &ctx.rules, credential, today, &out)?;
            for name in &w.unusable {
                eprintln!(
                    "warning: the certificate {name} is missing or changed and was left out; attach the original again"
                );
            }
            Ok(format!(
                "wrote the packet ({}, {}; {} lack proof) to {}\n",
                output::count(w.activities, "activity", "activities"),
                output::count(w.certificates, "certificate", "certificates"),
                w.lacking_proof,
                w.path.display()
            ))
        }
        Command::Calendar { out } => {
            let ctx = open(rules)?;
            let n = output::write_calendar(&ctx.store, &ctx.rules, today, &out)?;
            Ok(format!(
                "wrote the deadlines of {n} credential(s) to {}\n",
                out.display()
            ))
        }
        Command::Profile { name } => {
            let name = name.map(|n| check_person_name(&n)).transpose()?;
            let mut ctx = open(rules)?;
            if let Some(name) = name {
                ctx.store.set_person_name(&name)?;
            }
            Ok(match ctx.store.person_name()? {
                Some(n) => format!("name: {n}\n"),
                None => "no name set: ce-logbook profile --name \"Your Name\"\n".to_owned(),
            })
        }
        Command::Export { file } => {
            let ctx = open(rules)?;
            let activities = ctx.store.activities()?;
            let bytes = write_csv(activities.iter().map(|a| &a.data))?;
            output::write_atomically(&file, &bytes)?;
            Ok(format!(
                "exported {} to {}\n",
                output::count(activities.len(), "activity", "activities"),
                file.display()
            ))
        }
    }
}

fn credential(
    command: CredentialCommand,
    rules: RuleBook,
    today: NaiveDate,
    open: impl FnOnce(RuleBook) -> anyhow::Result<Logbook>,
) -> anyhow::Result<String> {
    match command {
        CredentialCommand::Add {
            preset,
            certified,
            name,
            months,
            points,
            categories,
            approved_by,
            approved_min,
        } => {
            let certified = parse_iso(&certified)
                .and_then(|d| check_past(d, today))
                .map_err(|m| FieldError::new("certified", m));
            let preset = preset.trim().to_ascii_lowercase();
            let spec = if preset == CUSTOM {
                let draft = CustomDraft {
                    name: name.unwrap_or_default(),
                    months: months.unwrap_or_default(),
                    points: points.unwrap_or_default(),
                    categories,
                    approved_by: approved_by.unwrap_or_default(),
                    approved_min: approved_min.unwrap_or_default(),
                };
                let mut errors = certified
                    .as_ref()
                    .err()
                    .cloned()
                    .into_iter()
                    .collect::<Vec<_>>();
                match draft.validate() {
                    Ok(spec) if errors.is_empty() => CredentialSpec::Custom(spec),
                    Ok(_) => return Err(InvalidInput(errors).into()),
                    Err(InvalidInput(more)) => {
                        errors.extend(more);
                        return Err(InvalidInput(errors).into());
                    }
                }
            } else if rules.preset(&preset).is_some() {
                let extra = [
                    ("name", name.is_some()),
                    ("months", months.is_some()),
                    ("points", points.is_some()),
                    ("category", !categories.is_empty()),
                    ("approved-by", approved_by.is_some()),
                    ("approved-min", approved_min.is_some()),
                ];
                if let Some((field, _)) = extra.iter().find(|(_, given)| *given) {
                    return Err(FieldError::new(
                        field,
                        format!("is only for a custom credential; {preset} has its rules built in"),
                    )
                    .into());
                }
                CredentialSpec::Preset(preset)
            } else {
                return Err(FieldError::new(
                    "preset",
                    format!(
                        "'{preset}' is not a credential preset; use one of {}",
                        rules.preset_ids().join(", ")
                    ),
                )
                .into());
            };
            let certified = certified?;
            let mut ctx = open(rules)?;
            Ok(format!("{}\n", ctx.store.add_credential(&spec, certified)?))
        }
        CredentialCommand::Renew { id, on } => {
            let on = parse_iso(&on).map_err(|m| FieldError::new("on", m))?;
            let mut ctx = open(rules)?;
            let credential = Credential::resolve(ctx.store.credential(id)?, &ctx.rules)?;
            let on = credential.check_renewal(on, today)?;
            ctx.store.renew_credential(id, on)?;
            let expires = credential.requirement.expires(on);
            Ok(format!(
                "{}: new cycle from {on}, expires {expires}\n",
                credential.name()
            ))
        }
        CredentialCommand::List { json } => {
            let ctx = open(rules)?;
            let credentials = ctx.credentials()?;
            if json {
                let list: Vec<_> = credentials.iter().map(CredentialJson::from).collect();
                return Ok(serde_json::to_string_pretty(&list)? + "\n");
            }
            if credentials.is_empty() {
                return Ok(NO_CREDENTIALS.to_owned());
            }
            let mut out = String::new();
            for c in &credentials {
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
            Ok(out)
        }
        CredentialCommand::Remove { id } => {
            let mut ctx = open(rules)?;
            let credential = Credential::resolve(ctx.store.credential(id)?, &ctx.rules)?;
            ctx.store.remove_credential(id)?;
            Ok(format!(
                "removed credential {id} ({}); its activities stay in the logbook\n",
                credential.name()
            ))
        }
    }
}

const NO_CREDENTIALS: &str = "No credentials yet. Add the one you hold, e.g.:\n  \
                              ce-logbook credential add cma-aama --certified YYYY-MM-DD\n";

fn grace_note(expires: NaiveDate, deadline: NaiveDate) -> String {
    if deadline == expires {
        String::new()
    } else {
        format!(", CE route open until {deadline}")
    }
}

/// `credential list --json`: the credential, its rules and its cycles.
#[derive(Serialize)]
struct CredentialJson<'a> {
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
}

#[derive(Serialize)]
struct CycleJson {
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
        }
    }
}

fn activity_table(activities: &[crate::domain::Activity]) -> String {
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
        let _ = writeln!(
            out,
            "{:>5}  {:<10}  {:>6}  {:<7}  {:<14}  {:<10}  {}",
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
            d.title
        );
    }
    out
}

/// One line per credential: points, approved share, missing categories, days left, state.
fn status_text(all: &[Progress]) -> String {
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
    }
    out
}

#[derive(Serialize)]
struct AttachmentRow {
    activity: i64,
    name: String,
    hash: String,
    size: u64,
    #[serde(rename = "type")]
    file_type: FileType,
    state: FileState,
    path: PathBuf,
}

#[derive(Serialize)]
struct ProofCheck {
    id: i64,
    date: NaiveDate,
    title: String,
    documented: bool,
    missing: Vec<String>,
}
