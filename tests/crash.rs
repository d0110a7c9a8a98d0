//! Crash safety: a writer killed with SIGKILL at random moments loses nothing it reported as
//! saved, and leaves a database that passes `PRAGMA integrity_check`. An import killed midway
//! leaves all of its rows or none.
//!
//! The writer is this test binary itself, started again with an environment variable that
//! turns the test into the writer's loop. It reports on a socket of its own (never on stdout,
//! where the test harness writes too), one line per event: `begin …` before each write and
//! `saved …` once it is committed. So every acknowledged id is read, and a kill that came
//! between a `begin` and its `saved` is known to have landed while a write was under way.
//!
//! A killed process's writes still reach the disk through the OS; a power cut is covered by
//! `tests/power_cut.rs` and by the `synchronous=FULL` check in `tests/store.rs`.

#![cfg(unix)]

use std::io::{BufRead, BufReader, Read, Write};
use std::os::unix::net::{UnixListener, UnixStream};
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use ce_logbook::domain::{ActivityData, ActivityDraft, RuleBook};
use ce_logbook::store::Store;

mod common;
use common::{Logbook, date};

const CHILD_DB: &str = "CE_LOGBOOK_CRASH_CHILD_DB";
const CHILD_MODE: &str = "CE_LOGBOOK_CRASH_CHILD_MODE";
const CHILD_SOCKET: &str = "CE_LOGBOOK_CRASH_CHILD_SOCKET";
/// Rows in one import.
const BATCH: usize = 2000;

fn activity(title: &str, rules: &RuleBook) -> ActivityData {
    ActivityDraft {
        title: title.into(),
        date: "2025-01-01".into(),
        points: "1.25".into(),
        category: "clinical".into(),
        approved_by: vec!["AAMA".into()],
        ..Default::default()
    }
    .validate(&rules.kinds, date("2026-11-26"))
    .unwrap()
}

/// The writer: adds activities one by one, or imports batches of 2,000 in one transaction,
/// until killed. Says `begin TITLE` before each write and `saved ID` (or `saved 2000`) once it
/// is committed, each line in one write to the socket.
fn child(db: &str, mode: &str, socket: &str) {
    let mut out = UnixStream::connect(socket).unwrap();
    // A writer that fails says so at once, on the socket and on stderr, and stops: a failure
    // then never passes for a kill, however long the harness would take to report it.
    let said = out.try_clone().unwrap();
    std::panic::set_hook(Box::new(move |info| {
        let text = info.to_string().replace('\n', " ");
        let _ = (&said).write_all(format!("panicked {text}\n").as_bytes());
        let _ = writeln!(std::io::stderr(), "{info}");
        std::process::abort();
    }));
    let mut store = Store::open(Path::new(db)).unwrap();
    // Read once: between one write's `saved` and the next one's `begin` the writer does as
    // little as it can, so a kill mostly lands while a write is under way.
    let rules = RuleBook::builtin().unwrap();
    let batch: Vec<ActivityData> = (0..BATCH)
        .map(|i| activity(&format!("imported {i}"), &rules))
        .collect();
    for i in 0.. {
        let title = format!("{} one {i}", std::process::id());
        // Made before `begin`, so that what follows it is the write alone.
        let one = activity(&title, &rules);
        out.write_all(format!("begin {title}\n").as_bytes())
            .unwrap();
        let saved = if mode == "import" {
            store.add_activities(&batch).unwrap().len() as i64
        } else {
            store.add_activity(&one).unwrap()
        };
        out.write_all(format!("saved {saved}\n").as_bytes())
            .unwrap();
    }
}

/// In the writer started by `run_and_kill`, runs the writer's loop and returns `None`; in the
/// test itself, returns a new logbook to test on.
fn test_or_writer() -> Option<Logbook> {
    let var = |name| std::env::var(name).ok();
    if let (Some(db), Some(mode), Some(socket)) =
        (var(CHILD_DB), var(CHILD_MODE), var(CHILD_SOCKET))
    {
        child(&db, &mode, &socket);
        return None;
    }
    Some(Logbook::new())
}

/// What one writer said before it was killed.
struct Round {
    /// Every `saved` value, in order.
    saved: Vec<i64>,
    /// The title of the write it had begun and not acknowledged when it was killed, if any.
    interrupted: Option<String>,
}

/// The writer process, with its stderr (and the harness's stdout) collected as it runs.
struct Writer {
    child: Child,
    output: JoinHandle<String>,
}

impl Writer {
    fn start(test: &str, db: &Path, mode: &str, socket: &Path) -> Writer {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args(["--exact", test, "--nocapture", "--test-threads=1"])
            .env(CHILD_DB, db)
            .env(CHILD_MODE, mode)
            .env(CHILD_SOCKET, socket)
            .env("RUST_BACKTRACE", "0")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdout = child.stdout.take().unwrap();
        let mut stderr = child.stderr.take().unwrap();
        let output = std::thread::spawn(move || {
            let out = std::thread::spawn(move || {
                let mut text = String::new();
                let _ = stdout.read_to_string(&mut text);
                text
            });
            let mut err = String::new();
            let _ = stderr.read_to_string(&mut err);
            format!(
                "stdout:\n{}\nstderr:\n{err}",
                out.join().unwrap_or_default()
            )
        });
        Writer { child, output }
    }

    /// Fails the test with what the writer printed: it stopped without being killed.
    fn died(mut self, when: &str) -> ! {
        let _ = self.child.kill();
        let status = self.child.wait().unwrap();
        let output = self.output.join().unwrap_or_default();
        panic!("the writer died by itself {when} ({status}):\n{output}");
    }

    fn alive(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }
}

/// Waits for the writer to connect to `listener`.
fn accept(listener: &UnixListener, writer: &mut Writer) -> Option<UnixStream> {
    listener.set_nonblocking(true).unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline && writer.alive() {
        match listener.accept() {
            Ok((stream, _)) => {
                stream.set_nonblocking(false).unwrap();
                return Some(stream);
            }
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                std::thread::sleep(Duration::from_millis(5));
            }
            Err(e) => panic!("accepting the writer: {e}"),
        }
    }
    None
}

/// Reads the writer's lines, each whole, as they come.
fn lines(stream: UnixStream) -> (Receiver<String>, JoinHandle<()>) {
    let (sender, receiver) = std::sync::mpsc::channel();
    let reader = std::thread::spawn(move || {
        let mut stream = BufReader::new(stream);
        loop {
            let mut line = String::new();
            match stream.read_line(&mut line) {
                Ok(0) => return,
                Ok(_) => {
                    assert!(line.ends_with('\n'), "a line cut short: {line:?}");
                    line.pop();
                    if sender.send(line).is_err() {
                        return;
                    }
                }
                Err(e) => panic!("reading the writer: {e}"),
            }
        }
    });
    (receiver, reader)
}

/// Starts the writer, lets it report its first save, kills it `after` that, checks it was
/// still running when killed, and returns everything it said.
fn run_and_kill(test: &str, book: &Logbook, mode: &str, round: u64, after: Duration) -> Round {
    let socket = book.path(&format!("writer-{round}.sock"));
    let listener = UnixListener::bind(&socket).unwrap();
    let mut writer = Writer::start(test, &book.db, mode, &socket);
    let Some(stream) = accept(&listener, &mut writer) else {
        writer.died("before it connected");
    };
    let (receiver, reader) = lines(stream);
    let mut said = Vec::new();
    // Its first save, before the clock for the kill starts.
    let deadline = Instant::now() + Duration::from_secs(60);
    while !said.iter().any(|l: &String| l.starts_with("saved ")) {
        let left = deadline.saturating_duration_since(Instant::now());
        match receiver.recv_timeout(left) {
            Ok(line) => said.push(line),
            Err(RecvTimeoutError::Timeout) => panic!("the writer saved nothing within 60 s"),
            Err(RecvTimeoutError::Disconnected) => writer.died("before its first save"),
        }
    }
    std::thread::sleep(after);
    if !writer.alive() {
        writer.died("before the kill");
    }
    writer.child.kill().unwrap(); // SIGKILL on Unix: no destructor, no rollback, no flush.
    let status = writer.child.wait().unwrap();
    assert_eq!(
        status.signal(),
        Some(9),
        "the kill ended the writer: {status}"
    );
    let output = writer.output.join().unwrap_or_default();
    reader.join().unwrap();
    said.extend(receiver.try_iter());
    if let Some(failure) = said.iter().find(|l| l.starts_with("panicked ")) {
        panic!("the writer failed by itself: {failure}\n{output}");
    }
    let _ = std::fs::remove_file(&socket);
    parse(&said)
}

/// The writer's lines, read strictly: `begin` and `saved` in turn, nothing else.
fn parse(said: &[String]) -> Round {
    let mut round = Round {
        saved: Vec::new(),
        interrupted: None,
    };
    for line in said {
        if let Some(title) = line.strip_prefix("begin ") {
            assert!(round.interrupted.is_none(), "two begins in a row: {said:?}");
            round.interrupted = Some(title.to_owned());
        } else if let Some(n) = line.strip_prefix("saved ") {
            assert!(round.interrupted.take().is_some(), "saved without begin");
            round.saved.push(
                n.parse()
                    .unwrap_or_else(|_| panic!("not a number: {line:?}")),
            );
        } else {
            panic!("an unexpected line from the writer: {line:?}");
        }
    }
    round
}

fn integrity(db: &Path) -> String {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}

/// A small deterministic spread of kill times, different every round.
fn delay(round: u64, spread_ms: u64) -> Duration {
    let mixed = round
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    Duration::from_micros((mixed >> 33) % (spread_ms * 1000))
}

/// Requires that at least a third of the kills landed while a write was under way (between
/// its `begin` and its `saved`): otherwise the test would say little about a crash mid-write.
fn enough_mid_write(what: &str, rounds: u64, mid_write: u64, rolled_back: u64) {
    // Straight to stderr, past the harness's capture: the log shows what was tested.
    let _ = writeln!(
        std::io::stderr(),
        "{what}: {mid_write} of {rounds} kills landed mid-write \
         ({rolled_back} rolled back; {} found committed, killed in or after the commit's sync)",
        mid_write - rolled_back
    );
    assert!(
        mid_write * 3 >= rounds,
        "{what}: only {mid_write} of {rounds} kills landed mid-write"
    );
}

#[test]
fn a_killed_writer_loses_nothing_it_reported_saved() {
    const NAME: &str = "a_killed_writer_loses_nothing_it_reported_saved";
    const ROUNDS: u64 = 20;
    let Some(book) = test_or_writer() else {
        return;
    };
    let db = book.db.as_path();
    let mut reported: Vec<i64> = Vec::new();
    let (mut mid_write, mut rolled_back) = (0, 0);
    for round in 0..ROUNDS {
        let said = run_and_kill(NAME, &book, "one", round, delay(round, 120));
        reported.extend(&said.saved);
        assert_eq!(integrity(db), "ok", "round {round}");
        let store = Store::open(db).unwrap();
        let all = store.activities().unwrap();
        let present: std::collections::HashSet<i64> = all.iter().map(|a| a.id).collect();
        for id in &reported {
            assert!(
                present.contains(id),
                "round {round}: activity {id} was reported saved but is gone"
            );
        }
        if let Some(title) = said.interrupted {
            mid_write += 1;
            rolled_back += u64::from(!all.iter().any(|a| *a.data.title == *title));
        }
    }
    let _ = writeln!(
        std::io::stderr(),
        "single adds: {} acknowledged ids, every one checked after every round",
        reported.len()
    );
    assert!(reported.len() as u64 > ROUNDS, "the writer got to write");
    enough_mid_write("single adds", ROUNDS, mid_write, rolled_back);
}

#[test]
fn a_killed_import_leaves_all_its_rows_or_none() {
    const NAME: &str = "a_killed_import_leaves_all_its_rows_or_none";
    const ROUNDS: u64 = 12;
    let Some(book) = test_or_writer() else {
        return;
    };
    let db = book.db.as_path();
    let (mut acknowledged, mut mid_write, mut rolled_back) = (0usize, 0, 0);
    let mut before = 0;
    for round in 0..ROUNDS {
        let said = run_and_kill(NAME, &book, "import", round, delay(round, 150));
        assert!(
            said.saved.iter().all(|n| *n == BATCH as i64),
            "{:?}",
            said.saved
        );
        acknowledged += said.saved.len();
        assert_eq!(integrity(db), "ok", "round {round}");
        let count = Store::open(db).unwrap().activities().unwrap().len();
        assert_eq!(
            count % BATCH,
            0,
            "round {round}: a partial import ({count} rows)"
        );
        let batches = count / BATCH;
        // Every acknowledged import is there; an interrupted one may be, whole.
        let interrupted = usize::from(said.interrupted.is_some());
        assert!(
            (acknowledged..=acknowledged + interrupted).contains(&batches),
            "round {round}: {batches} imports present, {acknowledged} acknowledged"
        );
        if interrupted == 1 {
            mid_write += 1;
            rolled_back += u64::from(batches == acknowledged);
        }
        // An import committed but not acknowledged counts from now on.
        acknowledged = batches;
        assert!(batches > before, "round {round}: the writer got to import");
        before = batches;
    }
    enough_mid_write("imports", ROUNDS, mid_write, rolled_back);
}
