//! `ce-logbook`: the command line, or (with no subcommand) the window.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = match ce_logbook::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // clap prints usage errors (exit 2) and --help / --version (exit 0) itself.
            let _ = e.print();
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
        }
    };
    ce_logbook::cli::run(cli)
}
