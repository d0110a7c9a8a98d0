//! Crash safety: a writer killed with SIGKILL at random moments loses nothing it reported as
//! saved, and leaves a database that passes `PRAGMA integrity_check`. An import killed midway
//! leaves all of its rows or none.
//!
//! The writer is this test binary itself, started again with an environment variable that
//! turns the test into the writer's loop.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use ce_logbook::domain::{ActivityData, ActivityDraft, RuleBook};
use ce_logbook::store::Store;

mod common;
use common::{Logbook, date};

const CHILD_DB: &str = "CE_LOGBOOK_CRASH_CHILD_DB";
const CHILD_MODE: &str = "CE_LOGBOOK_CRASH_CHILD_MODE";

fn activity(title: &str) -> ActivityData {
    ActivityDraft {
        title: title.into(),
        date: "2025-01-01".into(),
        points: "1.25".into(),
        category: "clinical".into(),
        approved_by: vec!["AAMA".into()],
        ..Default::default()
    }
    .validate(&RuleBook::builtin().unwrap().kinds, date("2026-11-26"))
    .unwrap()
}

/// The writer: adds activities one by one (printing each id once committed), or imports
/// batches of 2,000 in one transaction (printing the batch size once committed), until killed.
fn child(db: &str, mode: &str) {
    let mut store = Store::open(Path::new(db)).unwrap();
    let stdout = std::io::stdout();
    let batch: Vec<ActivityData> = (0..2000)
        .map(|i| activity(&format!("imported {i}")))
        .collect();
    for i in 0.. {
        let saved = if mode == "import" {
            store.add_activities(&batch).unwrap().len() as i64
        } else {
            store.add_activity(&activity(&format!("one {i}"))).unwrap()
        };
        // A marker: the test harness may have started this line with its own words.
        let line = format!("saved {saved}");
        let mut out = stdout.lock();
        writeln!(out, "{line}").unwrap();
        out.flush().unwrap();
    }
}

/// In the writer started by `run_and_kill`, runs the writer's loop and returns `None`; in the
/// test itself, returns a new logbook to test on.
fn test_or_writer() -> Option<Logbook> {
    if let (Ok(db), Ok(mode)) = (std::env::var(CHILD_DB), std::env::var(CHILD_MODE)) {
        child(&db, &mode);
        return None;
    }
    Some(Logbook::new())
}

/// Starts the writer, lets it report its first save, kills it `after` that at a random
/// moment, and returns everything it reported as saved.
fn run_and_kill(test: &str, db: &Path, mode: &str, after: Duration) -> Vec<i64> {
    let mut writer = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", test, "--nocapture", "--test-threads=1"])
        .env(CHILD_DB, db)
        .env(CHILD_MODE, mode)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = writer.stdout.take().unwrap();
    let (sender, saves) = std::sync::mpsc::channel();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(n) = line
                .split_once("saved ")
                .and_then(|(_, n)| n.trim().parse::<i64>().ok())
            {
                let _ = sender.send(n);
            }
        }
    });
    let mut reported = vec![
        saves
            .recv_timeout(Duration::from_secs(60))
            .expect("the writer saves"),
    ];
    std::thread::sleep(after);
    writer.kill().unwrap(); // SIGKILL on Unix: no destructor, no rollback, no flush.
    writer.wait().unwrap();
    reader.join().unwrap();
    reported.extend(saves.try_iter());
    reported
}

fn integrity(db: &Path) -> String {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}

/// A small deterministic spread of kill times, different every round (some right after a
/// commit, some in the middle of the next).
fn delay(round: u64, base_ms: u64, spread_ms: u64) -> Duration {
    let mixed = round
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    Duration::from_millis(base_ms + (mixed >> 33) % spread_ms)
}

#[test]
fn a_killed_writer_loses_nothing_it_reported_saved() {
    const NAME: &str = "a_killed_writer_loses_nothing_it_reported_saved";
    let Some(book) = test_or_writer() else {
        return;
    };
    let db = book.db.as_path();
    let mut reported: Vec<i64> = Vec::new();
    for round in 0..20 {
        reported.extend(run_and_kill(NAME, db, "one", delay(round, 0, 120)));
        assert_eq!(integrity(db), "ok", "round {round}");
        let store = Store::open(db).unwrap();
        let present: std::collections::HashSet<i64> =
            store.activities().unwrap().iter().map(|a| a.id).collect();
        for id in &reported {
            assert!(
                present.contains(id),
                "round {round}: activity {id} was reported saved but is gone"
            );
        }
    }
    assert!(
        reported.len() > 20,
        "the writer got to write ({} ids)",
        reported.len()
    );
}

#[test]
fn a_killed_import_leaves_all_its_rows_or_none() {
    const NAME: &str = "a_killed_import_leaves_all_its_rows_or_none";
    let Some(book) = test_or_writer() else {
        return;
    };
    let db = book.db.as_path();
    let mut batches_reported = 0usize;
    for round in 0..12 {
        batches_reported += run_and_kill(NAME, db, "import", delay(round, 0, 150)).len();
        assert_eq!(integrity(db), "ok", "round {round}");
        let count = Store::open(db).unwrap().activities().unwrap().len();
        assert_eq!(
            count % 2000,
            0,
            "round {round}: a partial import ({count} rows)"
        );
        assert!(
            count / 2000 >= batches_reported,
            "round {round}: a reported import is missing"
        );
    }
    assert!(batches_reported > 0, "the writer got to import");
}
