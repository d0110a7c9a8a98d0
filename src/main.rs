//! `ce-logbook`: with a command, the command line; without one, the window; with the hidden
//! first argument of the PDF reader, a reader process for the program itself.

use std::process::ExitCode;

use ce_logbook::cli::{self, Cli};
use ce_logbook::extract::pdf;
use clap::Parser;

fn main() -> ExitCode {
    // Before clap: the reader process reads one PDF and nothing else.
    if std::env::args_os()
        .nth(1)
        .is_some_and(|a| a == pdf::READER_ARG)
    {
        return pdf::serve_reader();
    }
    // A PDF from outside is read in a process of this program's own, never in this one.
    if let Some(program) = pdf::this_program() {
        pdf::read_in_child(program);
    }
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // clap prints usage errors (exit 2) and --help / --version (exit 0) itself.
            let _ = e.print();
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
        }
    };
    if cli.command.is_some() {
        return cli::run(cli);
    }
    match window(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            let code = e
                .downcast_ref::<ce_logbook::logbook::Error>()
                .map_or(1, cli::exit_code);
            ExitCode::from(code)
        }
    }
}

fn window(cli: Cli) -> anyhow::Result<()> {
    let db = cli::db_path(cli.db).map_err(|e| anyhow::anyhow!(cli::message(&e)))?;
    let clock: ce_logbook::app::Clock = match cli.today {
        Some(text) => {
            let today = cli::today(Some(&text)).map_err(ce_logbook::logbook::Error::from)?;
            Box::new(move || today)
        }
        None => Box::new(|| chrono::Local::now().date_naive()),
    };
    ce_logbook::app::run(db, clock)
}
