//! Writes the man pages (`ce-logbook.1` and one per command) and the shell completions (bash, zsh, fish) from the
//! command line's own definitions, so they never drift from what the program accepts.
//! `scripts/package.sh` runs it: `cargo run --example gen_docs -- OUT_DIR`.

use std::path::PathBuf;

use clap::{Command, CommandFactory};
use clap_complete::Shell;

fn main() -> std::io::Result<()> {
    let out = PathBuf::from(
        std::env::args_os()
            .nth(1)
            .unwrap_or_else(|| "target/docs".into()),
    );
    std::fs::create_dir_all(out.join("completions"))?;
    // `ce-logbook help COMMAND` is the same page as the command's own: no page of its own.
    let mut command = without_help(ce_logbook::cli::Cli::command());
    command.build();

    // `ce-logbook.1` for the program, and one page per command (`ce-logbook-add.1`, ...).
    std::fs::create_dir_all(out.join("man"))?;
    clap_mangen::generate_to(command.clone(), out.join("man"))?;

    for shell in [Shell::Bash, Shell::Zsh, Shell::Fish] {
        clap_complete::generate_to(shell, &mut command, "ce-logbook", out.join("completions"))?;
    }
    println!("wrote the man page and completions to {}", out.display());
    Ok(())
}

fn without_help(command: Command) -> Command {
    command
        .disable_help_subcommand(true)
        .mut_subcommands(without_help)
}
