//! The logbook file as the disk has it, through the command line as a user runs it: a file
//! that is not a logbook (or is a newer one) refused untouched, a read-only logbook or folder,
//! a full disk that loses nothing saved, and several writers at once that lose nothing and are
//! never locked out.

use std::path::Path;
use std::process::Command;

mod common;
use common::{Logbook, Run, bin, run_at, status_of, words};

fn assert_refused_untouched(path: &Path, expected: &str) {
    let before = std::fs::read(path).unwrap();
    for args in [
        &["list"][..],
        &words("add --title x --date 2025-01-01 --points 1"),
        &["status", "--json"],
    ] {
        let run = run_at(path, args);
        assert_eq!(run.code, 1, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(expected), "{}", run.stderr);
        assert!(
            run.stderr.contains(path.to_str().unwrap()),
            "names the path: {}",
            run.stderr
        );
        assert!(run.stdout.is_empty());
    }
    assert_eq!(
        std::fs::read(path).unwrap(),
        before,
        "the file must stay byte-for-byte"
    );
}

#[test]
fn files_that_are_not_logbooks_are_refused_and_untouched() {
    let book = Logbook::new();
    let text = book.file("notes.txt", "shopping list: milk, eggs\n");
    assert_refused_untouched(&text, "not an SQLite database");

    let other = book.dir.path().join("other.db");
    {
        let conn = rusqlite::Connection::open(&other).unwrap();
        conn.execute_batch(
            "CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('soup');",
        )
        .unwrap();
    }
    assert_refused_untouched(&other, "another program");

    // A logbook from a newer version: this one's schema, a larger user_version.
    book.id(&["credential", "add", "cma-aama", "--certified", "2021-03-15"]);
    {
        let conn = rusqlite::Connection::open(&book.db).unwrap();
        conn.execute_batch("PRAGMA journal_mode = DELETE; PRAGMA user_version = 99;")
            .unwrap();
    }
    assert_refused_untouched(&book.db, "newer version");
}

/// Runs the program as a user who may read but not write the logbook: `nobody` when the tests
/// run as root (root may write anything), the current user otherwise.
#[cfg(unix)]
fn as_a_reader(args: &[&str]) -> Run {
    let root =
        std::fs::metadata("/proc/self").map(|m| std::os::unix::fs::MetadataExt::uid(&m) == 0);
    let mut command = if root.unwrap_or(false) {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(env!("CARGO_BIN_EXE_ce-logbook"));
        c
    } else {
        bin()
    };
    command
        .env_remove("CE_LOGBOOK_DB")
        .args(args)
        .output()
        .expect("setpriv (util-linux) runs")
        .into()
}

#[cfg(unix)]
#[test]
fn a_read_only_logbook_or_folder_gets_a_clear_message_and_stays_as_it_was() {
    use std::os::unix::fs::PermissionsExt;
    let book = Logbook::new();
    book.id(&words("add --title Kept --date 2025-01-01 --points 1"));
    let mode =
        |p: &Path, m| std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).unwrap();
    mode(book.dir.path(), 0o555);
    mode(&book.db, 0o444);
    let before = std::fs::read(&book.db).unwrap();
    let db = book.db.to_str().unwrap();

    let run = as_a_reader(&[
        "--db",
        db,
        "add",
        "--title",
        "x",
        "--date",
        "2025-01-01",
        "--points",
        "1",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(db) && run.stderr.contains("read-only"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"));
    assert_eq!(std::fs::read(&book.db).unwrap(), before);

    // A new logbook in a folder that may not be written to.
    let new = book.dir.path().join("new.sqlite3");
    let run = as_a_reader(&["--db", new.to_str().unwrap(), "list"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains(new.to_str().unwrap()), "{}", run.stderr);
    assert!(!new.exists());

    mode(book.dir.path(), 0o700);
    mode(&book.db, 0o600);
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_gets_a_clear_message_and_loses_nothing_saved() {
    // A full disk of its own: a 320 KiB tmpfs, which only root may mount (CI runs as root).
    let dir = tempfile::tempdir().unwrap();
    let small = dir.path().join("small");
    let Some(_unmount) = common::tmpfs(&small, "size=320k") else {
        return;
    };
    let db = small.join("logbook.sqlite3");
    let note = "n".repeat(4000);

    let mut saved = Vec::new();
    let mut full = None;
    for i in 0..500 {
        let title = format!("Activity {i}");
        let mut args = vec!["add", "--title", &title];
        args.extend(words("--date 2025-01-01 --points 1 --note"));
        args.push(&note);
        let run = run_at(&db, &args);
        if run.code == 0 {
            saved.push(run.stdout.trim().parse::<i64>().unwrap());
        } else {
            full = Some(run);
            break;
        }
    }
    let run = full.expect("the small disk fills up");
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("disk is full"), "{}", run.stderr);
    assert!(
        run.stderr.contains(db.to_str().unwrap()),
        "names the file: {}",
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"));
    assert!(saved.len() > 5, "some were saved first");

    let conn = rusqlite::Connection::open(&db).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    let mut stmt = conn.prepare("SELECT id FROM activity").unwrap();
    let ids: Vec<i64> = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for id in saved {
        assert!(ids.contains(&id), "activity {id} was reported saved");
    }
}

#[test]
fn several_writers_at_once_lose_nothing_and_are_never_locked_out() {
    let book = Logbook::new();
    book.id(&["credential", "add", "ccma-nha", "--certified", "2025-01-01"]);
    // Eight command lines writing at the same moment, each adding five activities.
    let writers: Vec<_> = (0..8)
        .map(|w| {
            let db = book.db.clone();
            std::thread::spawn(move || {
                for i in 0..5 {
                    let title = format!("writer {w} activity {i}");
                    let mut args = vec!["add", "--title", &title];
                    args.extend(words("--date 2025-02-01 --points 0.5"));
                    let run = run_at(&db, &args);
                    assert_eq!(run.code, 0, "{title}: {}", run.stderr);
                    assert!(!run.stderr.contains("locked"), "{}", run.stderr);
                }
            })
        })
        .collect();
    for writer in writers {
        writer.join().unwrap();
    }
    // Every one of the forty, each once.
    let mut titles: Vec<String> = book
        .list()
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap().to_owned())
        .collect();
    titles.sort();
    let mut expected: Vec<String> = (0..8)
        .flat_map(|w| (0..5).map(move |i| format!("writer {w} activity {i}")))
        .collect();
    expected.sort();
    assert_eq!(titles, expected);
    assert_eq!(status_of(&book, "2025-06-01")["points_earned"], 20);
}
