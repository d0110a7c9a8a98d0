//! `cargo bench --bench logbook`: every figure measured side by side in one run, and judged
//! as a ratio (these machines are shared; absolute times wander, ratios much less).
//!
//! Prints `name: value unit` per figure, then `ratio NAME: VALUE (target <= T) ok|MISSED`.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use ce_logbook::app::LogbookApp;
use ce_logbook::domain::csv::{parse_csv, write_csv};
use ce_logbook::domain::{
    Activity, ActivityData, Credential, CredentialRecord, CredentialSpec, Kind, Points, RuleBook,
    progress,
};
use ce_logbook::store::Store;
use chrono::NaiveDate;
use cpu_time::ThreadTime;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).unwrap_or_default()
}

/// `n` varied activities, spread over seven years, as a busy logbook would hold.
fn activities(n: usize) -> Vec<ActivityData> {
    let start = NaiveDate::from_ymd_opt(2019, 12, 1).unwrap_or_default();
    let categories = ["administrative", "clinical", "general"];
    (0..n)
        .map(|i| {
            let kind = match i % 50 {
                0 => Kind::Cpr,
                1 => Kind::College,
                _ => Kind::Course,
            };
            ActivityData {
                title: format!("Continuing education module {i}"),
                date: start + chrono::Duration::days((i * 7919 % 2550) as i64),
                points: match kind {
                    Kind::Cpr => Points::whole(1),
                    Kind::College => Points::whole(1),
                    Kind::Course => Points::from_hundredths(25 + (i as i64 % 12) * 25),
                },
                kind,
                category: Some(
                    if kind == Kind::Cpr {
                        "clinical"
                    } else {
                        categories[i % 3]
                    }
                    .into(),
                ),
                approved_by: if i % 3 == 0 || kind == Kind::College {
                    Default::default()
                } else {
                    vec!["AAMA".into()].into()
                },
                provider: Some(format!("Provider {}", i % 40)),
                note: (i % 5 == 0).then(|| "Certificate kept in the binder".to_owned()),
                // A few planned ones, as a person planning the rest of a cycle has.
                planned: i % 97 == 0,
            }
        })
        .collect()
}

/// A logbook file with a CMA, a CCMA and `n` activities.
fn seed(dir: &Path, n: usize) -> PathBuf {
    let path = dir.join(format!("seed-{n}.sqlite3"));
    let mut store = Store::open(&path).expect("a new logbook");
    let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default();
    store
        .add_credential(&CredentialSpec::Preset("cma-aama".into()), d(2022, 3, 15))
        .expect("credential");
    store
        .add_credential(&CredentialSpec::Preset("ccma-nha".into()), d(2025, 6, 1))
        .expect("credential");
    store.add_activities(&activities(n)).expect("activities");
    path
}

fn harness(path: PathBuf) -> Harness<'static, LogbookApp> {
    Harness::builder()
        .with_size([1280.0, 800.0])
        .build_eframe(move |cc| LogbookApp::new(cc, path, Box::new(today)))
}

/// Steps until the logbook is on screen (it loads in the background).
fn until_loaded(h: &mut Harness<'static, LogbookApp>) {
    for _ in 0..10_000 {
        if h.query_by_label("Opening your logbook…").is_none() {
            return;
        }
        std::thread::sleep(Duration::from_millis(1));
        h.step();
    }
    panic!("the logbook did not load");
}

struct Report {
    ratios: Vec<(String, f64, f64)>,
}

impl Report {
    fn figure(&self, name: &str, value: f64, unit: &str) {
        println!("{name}: {value:.3} {unit}");
    }
    fn ratio(&mut self, name: &str, value: f64, target: f64) {
        self.ratios.push((name.to_owned(), value, target));
    }
}

/// CPU time of one frame of the full app with each number of activities: the apps run side by
/// side, in interleaved rounds, and each keeps its fastest round.
fn frames(report: &Report, dir: &Path, sizes: &[usize]) -> Vec<f64> {
    let mut apps: Vec<_> = sizes
        .iter()
        .map(|&n| {
            let mut h = harness(seed(dir, n));
            until_loaded(&mut h);
            for _ in 0..30 {
                h.step();
            }
            h
        })
        .collect();
    let mut best = vec![f64::MAX; sizes.len()];
    for _ in 0..8 {
        for (h, best) in apps.iter_mut().zip(&mut best) {
            let frames = 50;
            let start = ThreadTime::now();
            for _ in 0..frames {
                h.step();
            }
            *best = best.min(start.elapsed().as_secs_f64() * 1e6 / f64::from(frames));
        }
    }
    for (n, per_frame) in sizes.iter().zip(&best) {
        report.figure(&format!("frame_{n}"), *per_frame, "µs/frame");
    }
    best
}

/// The engine over 100,000 activities as the app holds them (read from the store), against a
/// loop that only sums the same points.
fn progress_vs_loop(report: &Report, big: &Path) -> (f64, f64) {
    let rules = RuleBook::builtin().expect("rules");
    let acts: Vec<Activity> = Store::open(big)
        .expect("store")
        .activities()
        .expect("activities");
    let record = CredentialRecord {
        id: 1,
        spec: CredentialSpec::Preset("cma-aama".into()),
        certified: NaiveDate::from_ymd_opt(2022, 3, 15).unwrap_or_default(),
        renewals: vec![],
    };
    let credential = Credential::resolve(record, &rules).expect("credential");
    // Interleaved repetitions, the fastest of each kept: the least disturbed by whatever else
    // the machine is doing.
    let (mut engine, mut plain) = (f64::MAX, f64::MAX);
    let rounds = 5;
    for _ in 0..15 {
        let t = ThreadTime::now();
        for _ in 0..rounds {
            black_box(progress(
                black_box(&credential),
                black_box(&acts),
                &rules.kinds,
                today(),
            ));
        }
        engine = engine.min(t.elapsed().as_secs_f64() * 1e3 / f64::from(rounds));
        let t = ThreadTime::now();
        for _ in 0..rounds {
            let sum: i64 = black_box(&acts)
                .iter()
                .map(|a| a.data.points.hundredths())
                .sum();
            black_box(sum);
        }
        plain = plain.min(t.elapsed().as_secs_f64() * 1e3 / f64::from(rounds));
    }
    report.figure("progress_100k", engine, "ms");
    report.figure("sum_loop_100k", plain, "ms");
    (engine, plain)
}

const PRAGMAS: &str =
    "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;";
const RAW_INSERT: &str =
    "INSERT INTO activity (title, date, points, kind, category, approved_by, provider, note)
                          VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";

fn raw_row(a: &ActivityData) -> impl rusqlite::Params + '_ {
    (
        a.title.as_str(),
        a.date.to_string(),
        a.points.hundredths(),
        a.kind.as_str(),
        a.category.as_deref(),
        "AAMA",
        a.provider.as_deref(),
        a.note.as_deref(),
    )
}

/// One activity saved through the store against a raw INSERT with the same pragmas, each in
/// its own transaction, alternating so both see the same disk.
fn save(report: &Report, dir: &Path) -> (f64, f64) {
    let rows = activities(400);
    let mut store = Store::open(&dir.join("save-store.sqlite3")).expect("store");
    let raw_path = dir.join("save-raw.sqlite3");
    drop(Store::open(&raw_path).expect("schema"));
    let mut raw = rusqlite::Connection::open(&raw_path).expect("raw");
    raw.execute_batch(PRAGMAS).expect("pragmas");
    let (mut t_store, mut t_raw) = (Duration::ZERO, Duration::ZERO);
    let sync: i64 = raw
        .pragma_query_value(None, "synchronous", |r| r.get(0))
        .expect("pragma");
    let mode: String = raw
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .expect("pragma");
    // A fair comparison: the raw side syncs every commit as fully as the store does.
    assert_eq!((sync, mode.as_str()), (2, "wal"), "raw pragmas");
    for chunk in rows.chunks(20) {
        let t = Instant::now();
        for a in chunk {
            store.add_activity(a).expect("save");
        }
        t_store += t.elapsed();
        let t = Instant::now();
        for a in chunk {
            let tx = raw
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
                .expect("tx");
            tx.prepare_cached(RAW_INSERT)
                .expect("stmt")
                .execute(raw_row(a))
                .expect("insert");
            tx.commit().expect("commit");
        }
        t_raw += t.elapsed();
    }
    let per = |d: Duration| d.as_secs_f64() * 1e3 / rows.len() as f64;
    report.figure("save_store", per(t_store), "ms/activity");
    report.figure("save_raw", per(t_raw), "ms/activity");
    (per(t_store), per(t_raw))
}

/// 10,000 CSV rows through import (parse, check, one transaction) against a raw prepared
/// insert of the same rows in one transaction.
fn import(report: &Report, dir: &Path) -> (f64, f64) {
    let rules = RuleBook::builtin().expect("rules");
    let rows = activities(10_000);
    let csv = write_csv(&rows).expect("csv");
    // The fastest of several rounds of each, side by side.
    let (mut t_import, mut t_raw) = (Duration::MAX, Duration::MAX);
    for round in 0..5 {
        let mut store = Store::open(&dir.join(format!("import-{round}.sqlite3"))).expect("store");
        let raw_path = dir.join(format!("import-raw-{round}.sqlite3"));
        drop(Store::open(&raw_path).expect("schema"));
        let mut raw = rusqlite::Connection::open(&raw_path).expect("raw");
        raw.execute_batch(PRAGMAS).expect("pragmas");

        let t = Instant::now();
        let parsed = parse_csv(&csv, &rules.kinds, today()).expect("valid rows");
        store.add_activities(&parsed).expect("import");
        t_import = t_import.min(t.elapsed());

        let t = Instant::now();
        let tx = raw.transaction().expect("tx");
        {
            let mut stmt = tx.prepare(RAW_INSERT).expect("stmt");
            for a in &rows {
                stmt.execute(raw_row(a)).expect("insert");
            }
        }
        tx.commit().expect("commit");
        t_raw = t_raw.min(t.elapsed());
    }
    let per = |d: Duration| d.as_secs_f64() * 1e3;
    report.figure("import_10k", per(t_import), "ms");
    report.figure("insert_raw_10k", per(t_raw), "ms");
    (per(t_import), per(t_raw))
}

/// Opening a logbook and producing the first frame, then the first frame that shows the data.
fn open(report: &Report, path: PathBuf, name: &str) -> (f64, f64) {
    let t = Instant::now();
    let mut h = harness(path);
    h.step();
    let first = t.elapsed().as_secs_f64() * 1e3;
    until_loaded(&mut h);
    let loaded = t.elapsed().as_secs_f64() * 1e3;
    report.figure(&format!("open_first_frame_{name}"), first, "ms");
    report.figure(&format!("open_with_data_{name}"), loaded, "ms");
    (first, loaded)
}

fn main() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut report = Report { ratios: Vec::new() };

    let per_frame = frames(&report, dir.path(), &[100, 10_000, 100_000]);
    let (f100, f100k) = (per_frame[0], per_frame[2]);
    report.ratio("frame_100k/frame_100", f100k / f100, 1.5);

    let big = seed(dir.path(), 100_000);
    let (engine, plain) = progress_vs_loop(&report, &big);
    report.ratio("progress/sum_loop", engine / plain, 5.0);

    let (store, raw) = save(&report, dir.path());
    report.ratio("save/raw_insert", store / raw, 1.3);

    let (import, raw) = import(&report, dir.path());
    report.ratio("import/raw_insert", import / raw, 2.0);

    {
        let store = Store::open(&big).expect("big logbook");
        let t = Instant::now();
        let all = store.activities().expect("activities");
        report.figure(
            "read_activities_100k",
            t.elapsed().as_secs_f64() * 1e3,
            "ms",
        );
        black_box(all);
    }
    let empty = dir.path().join("empty.sqlite3");
    drop(Store::open(&empty).expect("empty logbook"));
    // Warm the file cache and the fonts once, so neither side pays for them alone.
    open(&report, empty.clone(), "warmup");
    let (empty_first, empty_loaded) = open(&report, empty, "empty");
    let (big_first, big_loaded) = open(&report, big, "100k");
    report.ratio("open_first_frame_100k/empty", big_first / empty_first, 2.0);
    report.figure("open_with_data_100k/empty", big_loaded / empty_loaded, "x");

    for (name, value, target) in &report.ratios {
        let verdict = if value <= target { "ok" } else { "MISSED" };
        println!("ratio {name}: {value:.2} (target <= {target}) {verdict}");
    }
}
