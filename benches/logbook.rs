//! `cargo bench --bench logbook`: every figure measured side by side in one run, and judged
//! as a ratio (these machines are shared; absolute times wander, ratios much less).
//!
//! Prints `name: value unit` per figure, then `ratio NAME: VALUE (target <= T) ok|MISSED`.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use ce_logbook::app::LogbookApp;
use ce_logbook::domain::csv::{parse_csv, write_csv};
use ce_logbook::domain::import::{ImportOptions, read_activities};
use ce_logbook::domain::rules::KindRules;
use ce_logbook::domain::{
    Activity, ActivityData, Credential, CredentialRecord, CredentialSpec, Kind, Points, RuleBook,
    progress,
};
use ce_logbook::store::Store;
use chrono::{Datelike, NaiveDate};
use cpu_time::ThreadTime;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

#[path = "../tests/support/xlsx.rs"]
mod xlsx;
use xlsx::X;

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
                title: format!("Continuing education module {i}").into(),
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
                provider: Some(format!("Provider {}", i % 40).into()),
                note: (i % 5 == 0).then(|| "Certificate kept in the binder".into()),
                // A few planned ones, as a person planning the rest of a cycle has.
                planned: i % 97 == 0,
            }
        })
        .collect()
}

/// A new logbook file with a CMA, a CCMA and `n` activities (call once per `n`: a second
/// call would add to the same file).
fn seed(dir: &Path, n: usize) -> PathBuf {
    let path = dir.join(format!("seed-{n}.sqlite3"));
    assert!(!path.exists(), "{n} activities seeded twice");
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

/// CPU time of one frame of the full app with each logbook: the apps run side by side, in
/// interleaved rounds, and each keeps its fastest round.
fn frames(report: &Report, logbooks: &[(&str, PathBuf)]) -> Vec<f64> {
    let mut apps: Vec<_> = logbooks
        .iter()
        .map(|(_, path)| {
            let mut h = harness(path.clone());
            until_loaded(&mut h);
            for _ in 0..30 {
                h.step();
            }
            h
        })
        .collect();
    let mut best = vec![f64::MAX; logbooks.len()];
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
    for ((name, _), per_frame) in logbooks.iter().zip(&best) {
        report.figure(&format!("frame_{name}"), *per_frame, "µs/frame");
    }
    best
}

/// The same answers as the engine's (counted, approved and per-category points, done and
/// with the plan, CPR cards up to the cap, and the day the plan meets the requirement, here
/// without the cards' own days), by one direct loop written for this one credential over
/// activities in date order, as the store hands them out: what the engine's generality (any
/// credential, any order, memos) is measured against.
fn hand_loop(credential: &Credential, acts: &[Activity], kinds: &KindRules) -> [i64; 10] {
    let req = &credential.requirement;
    let (start, deadline) = (credential.cycle_start(), credential.ce_deadline());
    let done_end = deadline.min(today());
    let names: Vec<&str> = req.categories.keys().map(String::as_str).collect();
    let body = req.approved.as_ref().map(|a| a.by.as_str()).unwrap_or("");
    let cap = req.conversions.cpr.and_then(|c| c.max_per_cycle);
    // [earned, approved, three categories] now, and the same with the plan.
    let (mut now, mut plan) = ([0i64; 5], [0i64; 5]);
    let (mut met, mut day) = (None, None);
    let add = |tally: &mut [i64; 5], points: i64, approved: bool, category: Option<usize>| {
        tally[0] += points;
        if approved {
            tally[1] += points;
        }
        if let Some(i) = category.filter(|i| *i < 3) {
            tally[2 + i] += points;
        }
    };
    // CPR cards over the cap do not count: the best ones (done, approved, earliest) do.
    let mut cards = Vec::new();
    for activity in acts {
        let a = &activity.data;
        let end = if a.planned { deadline } else { done_end };
        if a.date < start || a.date > end {
            continue;
        }
        let Some(credit) = req.credit(a, kinds) else {
            continue;
        };
        if day != Some(a.date) {
            if met.is_none() && plan[0] >= req.points_required.hundredths() {
                met = day;
            }
            day = Some(a.date);
        }
        let points = credit.points.hundredths();
        let approved = a.kind != Kind::College && a.lists_body(body);
        let category = credit
            .category
            .and_then(|c| names.iter().position(|n| *n == c));
        if a.kind == Kind::Cpr && cap.is_some() {
            cards.push((a.planned, !approved, a.date, points, category));
            continue;
        }
        add(&mut plan, points, approved, category);
        if !a.planned {
            add(&mut now, points, approved, category);
        }
    }
    cards.sort_unstable();
    for (planned, unapproved, _, points, category) in
        cards.into_iter().take(cap.unwrap_or(0) as usize)
    {
        add(&mut plan, points, !unapproved, category);
        if !planned {
            add(&mut now, points, !unapproved, category);
        }
    }
    let met = met.map_or(0, |d: NaiveDate| i64::from(d.num_days_from_ce()));
    [
        now[0], now[1], now[2], now[3], now[4], plan[0], plan[1], plan[2], plan[3], met,
    ]
}

/// The engine over 100,000 activities as the app holds them (read from the store), against
/// [`hand_loop`]: the same answers by a direct loop.
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
            black_box(hand_loop(
                black_box(&credential),
                black_box(&acts),
                &rules.kinds,
            ));
        }
        plain = plain.min(t.elapsed().as_secs_f64() * 1e3 / f64::from(rounds));
    }
    // Both compute the same: checked once, so the baseline cannot drift from the engine.
    let p = progress(&credential, &acts, &rules.kinds, today());
    let hand = hand_loop(&credential, &acts, &rules.kinds);
    let engine_says: Vec<i64> = [p.points_earned, p.approved_points]
        .into_iter()
        .chain(p.categories.values().map(|c| c.earned))
        .map(|p| p.hundredths())
        .collect();
    assert_eq!(
        hand[..engine_says.len()],
        engine_says[..],
        "the hand loop's answer differs from the engine's"
    );
    report.figure("progress_100k", engine, "ms");
    report.figure(
        "hand_loop_100k (the same answers, one direct loop)",
        plain,
        "ms",
    );
    (engine, plain)
}

const PRAGMAS: &str =
    "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;";
const RAW_INSERT: &str =
    "INSERT INTO activity (title, date, points, kind, category, approved_by, provider, note)
                          VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";

fn raw_row(a: &ActivityData) -> impl rusqlite::Params + '_ {
    (
        &*a.title,
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

/// The time to scan one certificate (a one-page PDF with an embedded font, as krilla and
/// word processors write it): read, text extracted, activity proposed. The fastest of 20.
/// A figure only: no target.
fn scan_certificate(report: &Report, dir: &Path) {
    static PDF: &[u8] = include_bytes!("../fuzz/corpus/certificate_scan/aama-krilla.pdf");
    let path = dir.join("certificate.pdf");
    std::fs::write(&path, PDF).expect("certificate written");
    let mut best = Duration::MAX;
    for _ in 0..20 {
        let t = Instant::now();
        let scanned = ce_logbook::logbook::scan::scan(&path).expect("the certificate scans");
        best = best.min(t.elapsed());
        assert!(scanned.proposal.missing().is_empty(), "every field is read");
        black_box(scanned);
    }
    report.figure("scan_certificate", best.as_secs_f64() * 1e3, "ms");
}

/// The same 10,000 rows as an XLSX workbook (dates as date cells, points as numbers, as a
/// spreadsheet program saves them) and as CSV, each imported whole as `import` does it:
/// read, checked, and written to a new logbook in one transaction. How much of each is the
/// reading and checking is printed too.
fn import_sheet(report: &Report, dir: &Path) -> (f64, f64) {
    let rules = RuleBook::builtin().expect("rules");
    let rows = activities(10_000);
    let csv = write_csv(&rows).expect("csv");
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30).unwrap_or_default();
    let cells: Vec<Vec<(String, Option<f64>, bool)>> = rows
        .iter()
        .map(|a| {
            let text = |t: &str| (t.to_owned(), None, false);
            vec![
                text(&a.title),
                (
                    String::new(),
                    Some((a.date - epoch).num_days() as f64),
                    true,
                ),
                (
                    String::new(),
                    Some(a.points.hundredths() as f64 / 100.0),
                    false,
                ),
                text(a.kind.as_str()),
                text(a.category.as_deref().unwrap_or("")),
                text(&a.approved_by.join(";")),
                text(a.provider.as_deref().unwrap_or("")),
                text(a.note.as_deref().unwrap_or("")),
                text(if a.planned { "yes" } else { "" }),
            ]
        })
        .collect();
    // Texts in the shared strings, as Excel, LibreOffice and Google Sheets save them; or
    // written in each cell, as some exporters do (a figure, not judged).
    let sheet = |text: fn(&str) -> X<'_>| {
        let header: Vec<X<'_>> = ce_logbook::domain::csv::COLUMNS.map(text).to_vec();
        let mut sheet = vec![header];
        sheet.extend(cells.iter().map(|row| {
            row.iter()
                .map(|(t, n, is_date)| match (n, is_date) {
                    (Some(n), true) => X::Date(*n),
                    (Some(n), false) => X::Number(*n),
                    (None, _) => text(t),
                })
                .collect()
        }));
        xlsx::workbook(&[("Sheet1", sheet)])
    };
    let (book, inline) = (sheet(|t| X::Text(t)), sheet(|t| X::Inline(t)));
    let options = ImportOptions::default();
    let mut best = [[Duration::MAX; 2]; 3];
    for round in 0..5 {
        let files = [("xlsx", &book), ("csv", &csv), ("xlsx-inline", &inline)];
        for (i, (name, bytes)) in files.into_iter().enumerate() {
            let path = dir.join(format!("import-{name}-{round}.sqlite3"));
            let mut store = Store::open(&path).expect("store");
            let t = Instant::now();
            let read = read_activities(bytes, &options, &rules.kinds, today()).expect(name);
            let parsed: Vec<ActivityData> = read
                .outcome
                .expect("valid rows")
                .into_iter()
                .map(|r| r.data)
                .collect();
            let t_read = t.elapsed();
            store.add_activities(&parsed).expect("import");
            let t_all = t.elapsed();
            // Each file is read as the same activities, so each import does the same work.
            assert!(parsed == rows, "{name}: not the rows written");
            best[i][0] = best[i][0].min(t_all);
            best[i][1] = best[i][1].min(t_read);
        }
    }
    let per = |d: Duration| d.as_secs_f64() * 1e3;
    report.figure("import_xlsx_10k", per(best[0][0]), "ms");
    report.figure("import_csv_10k", per(best[1][0]), "ms");
    report.figure(
        "import_xlsx_10k (read and check only)",
        per(best[0][1]),
        "ms",
    );
    report.figure(
        "import_csv_10k (read and check only)",
        per(best[1][1]),
        "ms",
    );
    report.figure(
        "import_xlsx_inline_10k (texts written in the cells; not judged)",
        per(best[2][0]),
        "ms",
    );
    (per(best[0][0]), per(best[1][0]))
}

/// The figures over whole logbooks of 100, 10,000 and 100,000 activities: frames, the
/// engine, reading the store, and opening the window.
fn whole_logbooks(report: &mut Report, dir: &Path) {
    // One logbook per size, seeded once (its daily backup is made by the first open).
    let logbooks: Vec<(&str, PathBuf)> = [("100", 100), ("10k", 10_000), ("100k", 100_000)]
        .into_iter()
        .map(|(name, n)| (name, seed(dir, n)))
        .collect();
    let big = logbooks[2].1.clone();
    let empty = dir.join("empty.sqlite3");
    drop(Store::open(&empty).expect("empty logbook"));

    let per_frame = frames(report, &logbooks);
    report.ratio("frame_100k/frame_100", per_frame[2] / per_frame[0], 1.5);

    let (engine, plain) = progress_vs_loop(report, &big);
    report.ratio("progress_100k/hand_loop_100k", engine / plain, 5.0);

    {
        let store = Store::open(&big).expect("big logbook");
        let t = Instant::now();
        let all = store.activities().expect("activities");
        report.figure(
            "read_store_100k (Store::activities)",
            t.elapsed().as_secs_f64() * 1e3,
            "ms",
        );
        assert_eq!(all.len(), 100_000, "one seed per size");
        black_box(all);
    }
    opening(report, &empty, &big);
}

/// Opens the logbook at `path` in the window; returns the milliseconds to its first frame
/// (the "Opening your logbook…" spinner, the same for any logbook) and until its newest
/// activity is drawn, or for an empty logbook until it shows the logbook at all.
fn open(path: PathBuf, expect_rows: bool) -> (f64, f64) {
    let t = Instant::now();
    let mut h = harness(path);
    h.step();
    let first = t.elapsed().as_secs_f64() * 1e3;
    until_loaded(&mut h);
    if expect_rows {
        let drawn = |h: &Harness<'static, LogbookApp>| {
            h.query_all_by_label_contains("Continuing education module")
                .next()
                .is_some()
        };
        for _ in 0..10_000 {
            if drawn(&h) {
                break;
            }
            h.step();
        }
        assert!(drawn(&h), "no activity on screen");
    }
    (first, t.elapsed().as_secs_f64() * 1e3)
}

/// The same rows read with a bare rusqlite query into owned values: what the window's open
/// cannot do without.
fn bare_read(path: &Path) -> f64 {
    type Row = (
        i64,
        String,
        String,
        i64,
        String,
        Option<String>,
        String,
        Option<String>,
        Option<String>,
    );
    let t = Instant::now();
    let conn = rusqlite::Connection::open(path).expect("bare connection");
    let mut stmt = conn
        .prepare(
            "SELECT id, title, date, points, kind, category, approved_by, provider, note \
             FROM activity",
        )
        .expect("query");
    let rows: Vec<Row> = stmt
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
                r.get(8)?,
            ))
        })
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("rows");
    let ms = t.elapsed().as_secs_f64() * 1e3;
    assert_eq!(
        rows.len(),
        100_000,
        "the big logbook holds 100,000 activities"
    );
    black_box(rows);
    ms
}

/// Opening the empty and the big logbook in the window, against a bare read of the big one's
/// rows: the fastest of three rounds of each, interleaved.
fn opening(report: &mut Report, empty: &Path, big: &Path) {
    // Today's backups made first: the window makes its own a second after the data are on
    // screen, and finding it made then, no copy runs beside what is measured.
    for path in [empty, big] {
        let store = Store::open(path).expect("logbook");
        store.daily_backup(today()).expect("today's backup");
    }
    // Warm the file cache and the fonts once, so neither side pays for them alone.
    open(empty.to_owned(), false);
    let (mut first_empty, mut data_empty) = (f64::MAX, f64::MAX);
    let (mut first_big, mut data_big, mut bare) = (f64::MAX, f64::MAX, f64::MAX);
    for _ in 0..3 {
        let (first, data) = open(empty.to_owned(), false);
        (first_empty, data_empty) = (first_empty.min(first), data_empty.min(data));
        let (first, data) = open(big.to_owned(), true);
        (first_big, data_big) = (first_big.min(first), data_big.min(data));
        bare = bare.min(bare_read(big));
    }
    report.figure("open_first_frame_empty (the spinner)", first_empty, "ms");
    report.figure("open_first_frame_100k (the spinner)", first_big, "ms");
    report.figure("open_with_data_empty", data_empty, "ms");
    report.figure("open_with_data_100k (in memory and drawn)", data_big, "ms");
    report.figure("bare_read_100k (rusqlite query, owned rows)", bare, "ms");
    report.ratio("open_with_data_100k/bare_read_100k", data_big / bare, 2.0);
}

fn main() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut report = Report { ratios: Vec::new() };
    // `cargo bench --bench logbook -- NAME` measures only the ratios whose name holds NAME
    // (e.g. `import_xlsx`); with none, everything.
    let only = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let wanted = |name: &str| only.as_deref().is_none_or(|o| name.contains(o));

    if wanted("frame_100k progress_100k open_with_data read_store") {
        whole_logbooks(&mut report, dir.path());
    }
    if wanted("save/raw_insert") {
        let (store, raw) = save(&report, dir.path());
        report.ratio("save/raw_insert", store / raw, 1.3);
    }
    if wanted("import_10k/raw_insert_10k") {
        let (import, raw) = import(&report, dir.path());
        report.ratio("import_10k/raw_insert_10k", import / raw, 2.0);
    }
    if wanted("import_xlsx_10k/import_csv_10k") {
        let (xlsx, csv) = import_sheet(&report, dir.path());
        report.ratio("import_xlsx_10k/import_csv_10k", xlsx / csv, 3.0);
    }
    if wanted("scan_certificate") {
        scan_certificate(&report, dir.path());
    }

    let mut missed = 0;
    for (name, value, target) in &report.ratios {
        let verdict = if value <= target {
            "ok"
        } else {
            missed += 1;
            "MISSED"
        };
        println!("ratio {name}: {value:.2} (target <= {target}) {verdict}");
    }
    if missed > 0 {
        eprintln!("{missed} ratio(s) MISSED");
        std::process::exit(1);
    }
}
