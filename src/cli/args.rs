//! The command line's words: every command and option, as clap reads them. What each command
//! does is in the sibling modules; this file only defines what can be typed.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::domain::{ActivityDraft, Kind};

#[derive(Debug, Parser)]
#[command(
    name = "ce-logbook",
    version,
    about = "A private, offline logbook of continuing education for medical assistants.",
    long_about = "A private, offline logbook of continuing education for medical assistants: log \
                  activities and see how far you are from recertifying (CMA (AAMA), CCMA (NHA), \
                  RMA (AMT), CMAC (AMCA), CMAS or RPT (AMT), CPT or CET (NHA), or a credential \
                  you define), and plan the rest of a cycle."
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
    /// Log an activity (or, with --planned, one you plan to take); prints its id
    Add {
        #[command(flatten)]
        fields: ActivityArgs,
        /// Not done yet: it counts only in the plan, and may be dated up to five years ahead
        #[arg(long, conflicts_with = "from_certificate")]
        planned: bool,
        /// Read the activity from this certificate (a PDF with text) and attach it; the
        /// options given override what was read
        #[arg(long, value_name = "FILE")]
        from_certificate: Option<PathBuf>,
    },
    /// Read certificates (PDFs with text) and propose the activity each describes
    Scan {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// One JSON array, one object per file, for scripts
        #[arg(long)]
        json: bool,
    },
    /// Change an activity: only the options given change (an empty value clears a field)
    Edit {
        id: i64,
        #[command(flatten)]
        fields: ActivityArgs,
    },
    /// Mark a planned activity done, on the day it was done
    Done {
        id: i64,
        /// When it was done [default: today]
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
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
    /// Add every row of your spreadsheet (CSV, TSV, XLSX or ODS; columns found by their headers); all or nothing
    Import {
        file: PathBuf,
        #[command(flatten)]
        how: ImportHow,
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
        /// The credential: its id or its key, as `credential list` shows them (1, cma-aama)
        credential: String,
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
    },
    /// Write a credential's recertification packet: transcript and certificates in one ZIP
    Packet {
        /// The credential: its id or its key, as `credential list` shows them (1, cma-aama)
        credential: String,
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

// Parsed once per run: the size of the `add` variant costs nothing worth a box.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum CredentialCommand {
    /// Add a credential you hold; prints its id
    Add {
        /// cma-aama, ccma-nha, rma-amt, cmac-amca, cmas-amt, rpt-amt, cpt-nha, cet-nha or
        /// custom
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
        /// custom: whole points one college credit is worth [default: college credit does
        /// not count]
        #[arg(long, value_name = "N", allow_negative_numbers = true)]
        college_points: Option<String>,
        /// custom: points one CPR card is worth [default: CPR cards do not count]
        #[arg(long, value_name = "N", allow_negative_numbers = true)]
        cpr_points: Option<String>,
        /// custom: at most this many CPR cards count per cycle [default: no limit]
        #[arg(long, value_name = "N", allow_negative_numbers = true)]
        cpr_max: Option<String>,
    },
    /// You recertified: start the next cycle on that date (the old one is kept as history)
    Renew {
        /// The credential: its id or its key, as `credential list` shows them (1, cma-aama)
        #[arg(value_name = "CREDENTIAL")]
        id: String,
        #[arg(long, value_name = "YYYY-MM-DD")]
        on: String,
    },
    /// List your credentials and their cycles
    List {
        #[arg(long)]
        json: bool,
    },
    /// Remove a credential (its activities stay in the logbook)
    Remove {
        /// The credential: its id or its key, as `credential list` shows them (1, cma-aama)
        #[arg(value_name = "CREDENTIAL")]
        id: String,
    },
}

#[derive(Debug, Args)]
pub struct ActivityArgs {
    /// What the activity was
    #[arg(long)]
    pub title: Option<String>,
    /// When it was completed (or, planned, when it will be)
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
    pub fn apply(self, mut draft: ActivityDraft) -> ActivityDraft {
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

/// How to read a file to import, where its headers or dates do not say it.
#[derive(clap::Args, Debug, Default)]
pub struct ImportHow {
    /// The sheet of a workbook to read [default: the first with a header row]
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// Which column holds which field, where the headers do not say it, e.g.
    /// "Course Title=title,Hours=points,Notes=ignore" (fields: title, date, points, kind,
    /// category, approved_by, provider, note, planned, ignore, approved, "BODY approved")
    #[arg(long, value_name = "HEADER=FIELD,...")]
    pub map: Option<String>,
    /// Read 3/4/2024 as day first (dmy) or month first (mdy) [default: a day over 12 in the
    /// file decides; else mdy]
    #[arg(long, value_name = "ORDER")]
    pub date_order: Option<crate::domain::human_dates::DateOrder>,
    /// The body a plain yes/no "Approved" column means [default: the one body your
    /// credentials name]
    #[arg(long, value_name = "BODY")]
    pub approved_means: Option<String>,
}
