//! A power cut: what the program said was saved must be on the disk, not only in the OS's
//! cache, when it says so. Killing the process (`tests/crash.rs`) cannot show this, since a
//! killed process's writes still reach the disk; a power cut loses whatever was not synced.
//! So the program is run under `strace`, and the order of its system calls is checked: the
//! logbook's write-ahead log is synced after its last write and before the id is printed.
//!
//! (`tests/store.rs` asks SQLite itself that every connection uses `synchronous=FULL`.)

use std::path::Path;
use std::process::Command;

mod common;
use common::{Logbook, has_tool};

/// Runs the binary on the logbook `db` under `strace -f`, tracing writes and syncs with file
/// names, and returns the trace's lines and the program's stdout.
fn traced(book: &Logbook, args: &[&str]) -> (Vec<String>, String) {
    let trace = book.path("strace.txt");
    let out = Command::new("strace")
        .args([
            "-f",
            "-y",
            "-qq",
            "-s",
            "256",
            "-e",
            "trace=write,pwrite64,fsync,fdatasync",
            "-o",
        ])
        .arg(&trace)
        .arg(env!("CARGO_BIN_EXE_ce-logbook"))
        .env_remove("CE_LOGBOOK_DB")
        .arg("--db")
        .arg(&book.db)
        .args(["--today", "2026-11-26"])
        .args(args)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines = std::fs::read_to_string(&trace)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect();
    (lines, stdout)
}

/// Checks that in `trace` the last write to the logbook's WAL before `printed` reached
/// stdout is followed by a sync of the WAL, before the printing.
fn synced_before_printed(trace: &[String], db: &Path, printed: &str) {
    let wal = format!("<{}-wal>", db.display());
    let shown = format!("{printed:?}").replace('\n', "\\n");
    let print = trace
        .iter()
        .position(|l| l.contains(" write(1<") && l.contains(&shown))
        .unwrap_or_else(|| {
            panic!(
                "{printed:?} is never written to stdout:\n{}",
                trace.join("\n")
            )
        });
    let last_write = trace[..print]
        .iter()
        .rposition(|l| l.contains(" pwrite64(") && l.contains(&wal))
        .unwrap_or_else(|| panic!("nothing written to the WAL:\n{}", trace.join("\n")));
    let synced = trace[last_write..print]
        .iter()
        .any(|l| (l.contains(" fsync(") || l.contains(" fdatasync(")) && l.contains(&wal));
    assert!(
        synced,
        "the WAL is not synced between its last write and the printing of {printed:?}:\n{}",
        trace[last_write..=print].join("\n")
    );
}

/// A logbook with a credential, and a connection to it held open by the test: the program's
/// connection is then not the last one, so closing it does not checkpoint, and only the
/// commit's own sync can put the activity on the disk before the id is printed.
fn logbook_held_open() -> (Logbook, rusqlite::Connection) {
    let book = Logbook::new().today("2026-11-26");
    book.id(&["credential", "add", "cma-aama", "--certified", "2022-03-15"]);
    let reader = rusqlite::Connection::open(&book.db).unwrap();
    let count: i64 = reader
        .query_row("SELECT count(*) FROM credential", [], |r| r.get(0))
        .unwrap();
    assert_eq!(count, 1);
    (book, reader)
}

fn has_strace() -> bool {
    has_tool(
        "strace",
        "strace",
        "to watch the program sync before it answers",
    )
}

#[test]
fn an_added_activity_is_synced_to_disk_before_its_id_is_printed() {
    if !has_strace() {
        return;
    }
    let (book, _reader) = logbook_held_open();
    let args = common::words("add --title 'Hand hygiene' --date 2025-01-01 --points 1");
    let (trace, stdout) = traced(&book, &args);
    let id: i64 = stdout.trim().parse().unwrap();
    synced_before_printed(&trace, &book.db, &format!("{id}\n"));
}

#[test]
fn an_import_is_synced_to_disk_before_it_is_reported() {
    if !has_strace() {
        return;
    }
    let (book, _reader) = logbook_held_open();
    let mut csv = String::from("title,date,points,category,approved_by\r\n");
    for i in 0..300 {
        csv.push_str(&format!("Module {i},2025-02-01,0.5,clinical,AAMA\r\n"));
    }
    let file = book.file("activities.csv", csv);
    let (trace, stdout) = traced(&book, &["import", file.to_str().unwrap()]);
    let first_line = stdout.lines().next().unwrap_or_default().to_owned();
    assert!(first_line.contains("300"), "{stdout}");
    // The report (what was imported, then how the file was read) is written in one go.
    synced_before_printed(&trace, &book.db, &stdout);
}
