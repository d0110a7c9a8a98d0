//! The command line's progress bar: long commands (here a packet with its certificates, an
//! export, the proof check) draw one on a terminal, and nothing at all when their output goes
//! to a pipe or a file, so scripts read exactly what they always read.

use std::process::Command;

mod common;
use common::{Logbook, has_tool};

/// A CMA logbook with one activity and two certificates attached.
fn logbook() -> Logbook {
    let book = Logbook::new().today("2026-11-26");
    book.run(&["credential", "add", "cma-aama", "--certified", "2022-03-15"])
        .ok();
    let id = book.id(&[
        "add",
        "--title",
        "Infection control",
        "--date",
        "2024-03-14",
        "--points",
        "2",
        "--category",
        "clinical",
        "--approved-by",
        "AAMA",
    ]);
    for name in ["card-1.pdf", "card-2.pdf"] {
        let file = book.file(name, format!("%PDF-1.4 {name}"));
        book.run(&["attach", &id.to_string(), file.to_str().unwrap()])
            .ok();
    }
    book
}

#[test]
fn piped_output_gets_no_progress_bar() {
    let book = logbook();
    let out = book.path("packet.zip");
    for args in [
        vec!["packet", "1", "--out", out.to_str().unwrap()],
        vec!["export", book.path("all.csv").to_str().unwrap()],
        vec!["check"],
    ] {
        let run = book.run(&args);
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        assert_eq!(run.stderr, "", "{args:?} wrote to a pipe: {:?}", run.stderr);
    }
}

#[test]
fn a_terminal_sees_what_a_packet_is_doing() {
    if !has_tool("script", "bsdutils", "it runs a command on a terminal") {
        return;
    }
    let book = logbook();
    let out = book.path("packet.zip");
    let line = format!(
        "{} --db {} --today 2026-11-26 packet 1 --out {}",
        env!("CARGO_BIN_EXE_ce-logbook"),
        book.db.display(),
        out.display()
    );
    // `script` runs the line on a terminal of its own and copies what it shows to stdout.
    let shown = Command::new("script")
        .args(["-q", "-e", "-c", &line, "/dev/null"])
        .env_remove("CE_LOGBOOK_DB")
        .output()
        .unwrap();
    let shown = String::from_utf8_lossy(&shown.stdout);
    assert!(out.is_file(), "{shown}");
    assert!(
        shown.contains("Writing the packet"),
        "no bar on the terminal: {shown:?}"
    );
    assert!(
        shown.contains("wrote the packet (1 activity, 2 certificates"),
        "{shown:?}"
    );
}
