//! The logbook file on disk: settings, persistence, refusal of files that are not ours.

use ce_logbook::domain::{ActivityDraft, CredentialSpec, CustomDraft, RuleBook};
use ce_logbook::logbook::tracker::Tracker;
use ce_logbook::store::{APPLICATION_ID, Store, StoreError, latest_version};

mod common;
use common::date;

fn activity(title: &str, day: &str, points: &str) -> ce_logbook::domain::ActivityData {
    ActivityDraft {
        title: title.into(),
        date: day.into(),
        points: points.into(),
        category: "clinical".into(),
        approved_by: vec!["AAMA".into()],
        ..Default::default()
    }
    .validate(&RuleBook::builtin().unwrap().kinds, date("2026-11-26"))
    .unwrap()
}

/// Fills the logbook at `path` with a few hundred activities, then cuts the file to a third,
/// as a failing disk or an interrupted copy would. Returns what is left.
fn damage(path: &std::path::Path) -> Vec<u8> {
    {
        let mut store = Store::open(path).unwrap();
        for i in 0..300 {
            store
                .add_activity(&activity(&format!("A{i}"), "2025-01-01", "1"))
                .unwrap();
        }
    }
    let bytes = std::fs::read(path).unwrap();
    std::fs::write(path, &bytes[..bytes.len() / 3]).unwrap();
    std::fs::read(path).unwrap()
}

/// The tables of the first schema, as version 1 shipped them (later versions add tables and
/// columns on top).
const FIRST_SCHEMA: &str = "PRAGMA application_id = 1128614978;
             CREATE TABLE credential (id INTEGER PRIMARY KEY AUTOINCREMENT, preset TEXT NOT NULL,
                 certified TEXT NOT NULL, name TEXT, cycle_months INTEGER, points_required INTEGER,
                 approved_by TEXT, approved_min INTEGER, categories TEXT) STRICT;
             CREATE TABLE renewal (credential_id INTEGER NOT NULL REFERENCES credential(id)
                 ON DELETE CASCADE, on_date TEXT NOT NULL, PRIMARY KEY (credential_id, on_date)) STRICT;
             CREATE TABLE activity (id INTEGER PRIMARY KEY AUTOINCREMENT, title TEXT NOT NULL,
                 date TEXT NOT NULL, points INTEGER NOT NULL, kind TEXT NOT NULL, category TEXT,
                 approved_by TEXT NOT NULL DEFAULT '', provider TEXT, note TEXT) STRICT;";

#[test]
fn a_new_logbook_is_set_up_safely_and_marked_as_ours() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/folder/logbook.sqlite3");
    let store = Store::open(&path).unwrap();
    drop(store);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let get =
        |pragma: &str| -> i64 { conn.pragma_query_value(None, pragma, |r| r.get(0)).unwrap() };
    assert_eq!(get("application_id"), i64::from(APPLICATION_ID));
    assert_eq!(get("user_version"), latest_version());
    let mode: String = conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(path.parent().unwrap()), 0o700);
    }
}

/// What a logbook's connection must say when asked: a write-ahead log, and `synchronous=FULL`
/// (2), so a commit is on the disk, not only in the OS's cache, before the program says
/// "saved". The kill test in `tests/crash.rs` cannot see this (a killed process's writes
/// still reach the disk); a power cut would.
fn assert_durable(what: &str, durability: (String, i64)) {
    assert_eq!(
        durability,
        ("wal".to_owned(), 2),
        "{what}: journal_mode and synchronous"
    );
}

#[test]
fn every_connection_the_store_opens_is_wal_with_full_sync() {
    use ce_logbook::logbook::Logbook;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("logbook.sqlite3");
    let today = date("2026-11-26");
    // A new file, then the same file again while the first connection is open.
    let mut store = Store::open(&path).unwrap();
    assert_durable("a new logbook", store.durability().unwrap());
    store
        .add_activity(&activity("A", "2025-01-01", "1"))
        .unwrap();
    assert_durable(
        "a second connection",
        Store::open(&path).unwrap().durability().unwrap(),
    );
    drop(store);
    // The service as the window's background reader opens it (built-in rules) and as the
    // command line does (rules passed in).
    let book = Logbook::open(&path, today).unwrap();
    assert_durable("the window's logbook", book.store().durability().unwrap());
    let cli = Logbook::open_with(&path, RuleBook::builtin().unwrap(), today).unwrap();
    assert_durable(
        "the command line's logbook",
        cli.store().durability().unwrap(),
    );
    // Backing up and restoring leave the logbook's connection as it was.
    let copy = cli.backup(None, &Tracker::none()).unwrap().path;
    assert_durable("after a backup", cli.store().durability().unwrap());
    drop((book, cli));
    let (restored, _) =
        Logbook::restore(&path, &copy, RuleBook::builtin().unwrap(), today).unwrap();
    assert_durable("a restored logbook", restored.store().durability().unwrap());
    // The copy itself is one self-contained file: no -wal beside it to lose.
    let copy_mode: String = rusqlite::Connection::open(&copy)
        .unwrap()
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(copy_mode, "delete");
}

#[test]
fn foreign_keys_are_on() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("logbook.sqlite3");
    let mut store = Store::open(&path).unwrap();
    let id = store
        .add_credential(
            &CredentialSpec::Preset("cma-aama".into()),
            date("2021-03-15"),
        )
        .unwrap();
    store.renew_credential(id, date("2026-03-01")).unwrap();
    // Foreign keys on: removing the credential takes its renewals with it.
    store.remove_credential(id).unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    let orphans: i64 = conn
        .query_row("SELECT count(*) FROM renewal", [], |r| r.get(0))
        .unwrap();
    assert_eq!(orphans, 0);
}

#[test]
fn what_was_saved_is_there_after_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("logbook.sqlite3");
    let (a, b) = (
        activity("Phlebotomy", "2025-05-02", "1.5"),
        activity("EKG", "2024-01-01", "0.25"),
    );
    let ids = {
        let mut store = Store::open(&path).unwrap();
        let ids = store.add_activities(&[a.clone(), b.clone()]).unwrap();
        let spec = CustomDraft {
            name: "Mine".into(),
            months: "12".into(),
            points: "10".into(),
            categories: vec!["clinical=2.5".into()],
            approved_by: "XYZ".into(),
            approved_min: "5".into(),
            college_points: "12".into(),
            cpr_points: "2".into(),
            cpr_max: "1".into(),
        }
        .validate()
        .unwrap();
        store
            .add_credential(&CredentialSpec::Custom(spec), date("2025-01-31"))
            .unwrap();
        ids
    };
    let store = Store::open(&path).unwrap();
    let all = store.activities().unwrap();
    // Oldest first.
    assert_eq!(
        all.iter().map(|x| x.id).collect::<Vec<_>>(),
        [ids[1], ids[0]]
    );
    assert_eq!(all[1].data, a);
    assert_eq!(all[0].data, b);
    let creds = store.credentials().unwrap();
    let CredentialSpec::Custom(spec) = &creds[0].spec else {
        panic!("custom expected")
    };
    assert_eq!(spec.categories["clinical"].to_string(), "2.5");
    assert_eq!(spec.approved.as_ref().unwrap().min.to_string(), "5");
    let conversions = spec.conversions;
    assert_eq!(conversions.college.unwrap().points_per_credit, 12);
    let cpr = conversions.cpr.unwrap();
    assert_eq!(
        (cpr.points_per_card.to_string(), cpr.max_per_cycle),
        ("2".into(), Some(1))
    );
    assert_eq!(creds[0].certified, date("2025-01-31"));
}

#[test]
fn edit_and_remove_report_unknown_ids() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("l.sqlite3")).unwrap();
    let a = activity("A", "2025-01-01", "1");
    assert!(matches!(
        store.update_activity(7, &a),
        Err(StoreError::NoActivity(7))
    ));
    assert!(matches!(
        store.remove_activity(7),
        Err(StoreError::NoActivity(7))
    ));
    assert!(matches!(
        store.renew_credential(7, date("2025-01-01")),
        Err(StoreError::NoCredential(7))
    ));
    let id = store.add_activity(&a).unwrap();
    let removed = store.remove_activity(id).unwrap();
    assert_eq!(removed.activity.data, a);
    // Ids are never reused: a removed id cannot come to name another activity.
    let next = store.add_activity(&a).unwrap();
    assert!(next > id);
}

#[test]
fn an_empty_file_or_empty_sqlite_database_becomes_a_logbook() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.sqlite3");
    std::fs::write(&empty, b"").unwrap();
    let blank = dir.path().join("blank.sqlite3");
    rusqlite::Connection::open(&blank)
        .unwrap()
        .execute_batch("PRAGMA user_version = 0; VACUUM;")
        .unwrap();
    for path in [empty, blank] {
        // Set up as a logbook of the latest schema, marked as ours, that keeps what is saved.
        let mut store = Store::open(&path).unwrap();
        let id = store
            .add_activity(&activity("First", "2025-01-01", "1"))
            .unwrap();
        drop(store);
        let conn = rusqlite::Connection::open(&path).unwrap();
        let get =
            |pragma: &str| -> i64 { conn.pragma_query_value(None, pragma, |r| r.get(0)).unwrap() };
        assert_eq!(get("application_id"), i64::from(APPLICATION_ID), "{path:?}");
        assert_eq!(get("user_version"), latest_version(), "{path:?}");
        let tables: Vec<String> = conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .filter(|name: &String| !name.starts_with("sqlite_"))
            .collect();
        assert_eq!(
            tables,
            ["activity", "attachment", "credential", "renewal", "setting"],
            "{path:?}"
        );
        let titles: Vec<String> = Store::open(&path)
            .unwrap()
            .activities()
            .unwrap()
            .into_iter()
            .filter(|a| a.id == id)
            .map(|a| a.data.title.to_string())
            .collect();
        assert_eq!(titles, ["First"], "{path:?}");
    }
}

#[test]
fn files_that_are_not_logbooks_are_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let truncated = dir.path().join("truncated.sqlite3");
    let before = damage(&truncated);
    let err = Store::open(&truncated)
        .err()
        .expect("a truncated file must be refused");
    assert!(matches!(err, StoreError::Damaged { .. }), "{err}");
    assert!(
        err.to_string().contains("backups"),
        "points to the backups: {err}"
    );
    assert_eq!(std::fs::read(&truncated).unwrap(), before);

    let folder = dir.path().join("a-folder");
    std::fs::create_dir(&folder).unwrap();
    assert!(matches!(
        Store::open(&folder),
        Err(StoreError::NotALogbook { .. })
    ));

    let newer = dir.path().join("newer.sqlite3");
    drop(Store::open(&newer).unwrap());
    rusqlite::Connection::open(&newer)
        .unwrap()
        .execute_batch("PRAGMA journal_mode = DELETE; PRAGMA user_version = 42;")
        .unwrap();
    let before = std::fs::read(&newer).unwrap();
    match Store::open(&newer) {
        Err(StoreError::TooNew { found: 42, .. }) => {}
        other => panic!("expected TooNew, got {:?}", other.err()),
    }
    assert_eq!(std::fs::read(&newer).unwrap(), before);
}

#[test]
fn two_connections_writing_in_turn_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("logbook.sqlite3");
    let mut first = Store::open(&path).unwrap();
    let mut second = Store::open(&path).unwrap();
    let v0 = first.data_version().unwrap();
    for i in 0..20 {
        first
            .add_activity(&activity(&format!("first {i}"), "2025-01-01", "1"))
            .unwrap();
        second
            .add_activity(&activity(&format!("second {i}"), "2025-01-02", "1"))
            .unwrap();
    }
    assert_eq!(first.activities().unwrap().len(), 40);
    // The first connection notices the second one's commits.
    assert_ne!(first.data_version().unwrap(), v0);
}

mod backups {
    use super::*;
    use ce_logbook::store::backup::{newest_backup, restore_logbook};

    fn logbook_with(dir: &std::path::Path, titles: &[&str]) -> std::path::PathBuf {
        let path = dir.join("logbook.sqlite3");
        let mut store = Store::open(&path).unwrap();
        for t in titles {
            store.add_activity(&activity(t, "2025-01-01", "1")).unwrap();
        }
        path
    }

    /// A logbook with `titles` and a copy of it made with `backup`; returns both paths.
    fn backed_up(
        dir: &std::path::Path,
        titles: &[&str],
    ) -> (std::path::PathBuf, std::path::PathBuf) {
        let path = logbook_with(dir, titles);
        let copy = Store::open(&path)
            .unwrap()
            .backup(date("2026-11-26"), &mut |_, _| true)
            .unwrap()
            .0;
        (path, copy)
    }

    fn titles(path: &std::path::Path) -> Vec<String> {
        Store::open(path)
            .unwrap()
            .activities()
            .unwrap()
            .into_iter()
            .map(|a| a.data.title.to_string())
            .collect()
    }

    #[test]
    fn one_automatic_backup_a_day_private_and_complete() {
        let dir = tempfile::tempdir().unwrap();
        let path = logbook_with(dir.path(), &["A", "B"]);
        let store = Store::open(&path).unwrap();
        let first = store
            .daily_backup(date("2026-11-26"))
            .unwrap()
            .expect("a new copy");
        assert_eq!(
            store.daily_backup(date("2026-11-26")).unwrap(),
            None,
            "once a day"
        );
        assert!(store.daily_backup(date("2026-11-27")).unwrap().is_some());
        assert_eq!(first, dir.path().join("backups/logbook-2026-11-26.sqlite3"));
        assert_eq!(titles(&first), ["A", "B"]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                std::fs::metadata(&first).unwrap().permissions().mode() & 0o777,
                0o600
            );
        }
    }

    #[test]
    fn old_daily_backups_are_thinned_out() {
        let dir = tempfile::tempdir().unwrap();
        let path = logbook_with(dir.path(), &["A"]);
        let store = Store::open(&path).unwrap();
        let start = date("2026-01-01");
        for i in 0..50 {
            store
                .daily_backup(start + chrono::Duration::days(i))
                .unwrap();
        }
        let mut left: Vec<String> = std::fs::read_dir(dir.path().join("backups"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".sqlite3"))
            .collect();
        left.sort();
        // The ten newest days (Feb 10 to 19), and the newest of January.
        assert_eq!(left.len(), 11, "{left:?}");
        assert_eq!(left[0], "logbook-2026-01-31.sqlite3");
        assert_eq!(left[1], "logbook-2026-02-10.sqlite3");
    }

    #[test]
    fn a_one_file_backup_says_each_certificate_and_stopped_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let logbook = logbook_with_cards(dir.path(), 3);
        let (tracker, said) = saying();
        let out = dir.path().join("whole.zip");
        let done = logbook.backup(Some(&out), &tracker).unwrap();
        assert_eq!(done.certificates, 3);
        assert_eq!(*said.lock().unwrap(), backup_steps(3));

        // Stopped while certificates are copied: no file, and no half-written one beside it.
        let stopped = dir.path().join("stopped.zip");
        let result = logbook.backup(Some(&stopped), &stopping_at("2 of 3"));
        assert!(
            matches!(result, Err(ce_logbook::logbook::Error::Cancelled)),
            "{:?}",
            result.err()
        );
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".zip") || n.starts_with(".logbook-backup-"))
            .collect();
        left.sort();
        assert_eq!(left, ["whole.zip"]);
    }

    #[test]
    fn a_backup_in_the_folder_says_each_certificate_and_stopped_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let logbook = logbook_with_cards(dir.path(), 3);
        let backups = dir.path().join("backups");
        let files_in = |folder: &std::path::Path| -> Vec<String> {
            let mut names: Vec<String> = std::fs::read_dir(folder)
                .map(|d| {
                    d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                        .filter(|n| n != ".lock")
                        .collect()
                })
                .unwrap_or_default();
            names.sort();
            names
        };

        // Stopped after the first certificate went into the pool: no copy, no manifest, and
        // not the certificate pooled for it.
        let result = logbook.backup(None, &stopping_at("2 of 3"));
        assert!(
            matches!(result, Err(ce_logbook::logbook::Error::Cancelled)),
            "{:?}",
            result.err()
        );
        assert_eq!(files_in(&backups), ["certificates"]);
        assert_eq!(files_in(&backups.join("certificates")), [] as [String; 0]);

        let (tracker, said) = saying();
        let done = logbook.backup(None, &tracker).unwrap();
        assert_eq!(done.certificates, 3);
        assert_eq!(*said.lock().unwrap(), backup_steps(3));
        assert_eq!(files_in(&backups.join("certificates")).len(), 3);
        let name = done
            .path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let manifest = format!("{name}.manifest.json");
        assert_eq!(
            files_in(&backups),
            ["certificates".to_owned(), name, manifest]
        );
    }

    /// A logbook with one activity and `cards` certificates on it, open.
    fn logbook_with_cards(dir: &std::path::Path, cards: usize) -> ce_logbook::logbook::Logbook {
        let path = logbook_with(dir, &["A"]);
        let mut store = Store::open(&path).unwrap();
        let id = store.activities().unwrap()[0].id;
        common::attach_cards(&mut store, id, cards);
        drop(store);
        let rules = RuleBook::builtin().unwrap();
        ce_logbook::logbook::Logbook::open_with(&path, rules, date("2026-11-26")).unwrap()
    }

    /// What a backup of a logbook with `cards` certificates says, step by step.
    fn backup_steps(cards: usize) -> Vec<String> {
        let copying = (1..=cards).map(|n| format!("Copying certificate {n} of {cards}"));
        std::iter::once("Copying the logbook".to_owned())
            .chain(copying)
            .chain(["Saving the backup".to_owned()])
            .collect()
    }

    /// A tracker that writes down each step it is told.
    fn saying() -> (Tracker, std::sync::Arc<std::sync::Mutex<Vec<String>>>) {
        let said = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let tracker = Tracker::new({
            let said = said.clone();
            move |step| said.lock().unwrap().push(step.doing.clone())
        });
        (tracker, said)
    }

    /// A tracker that cancels its work when a step says `text`.
    fn stopping_at(text: &'static str) -> Tracker {
        let this = std::sync::Arc::new(std::sync::OnceLock::<Tracker>::new());
        let tracker = Tracker::new({
            let this = this.clone();
            move |step| {
                if step.doing.contains(text) {
                    this.get().unwrap().cancel();
                }
            }
        });
        let _ = this.set(tracker.clone());
        tracker
    }

    #[test]
    fn a_backup_never_overwrites_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = logbook_with(dir.path(), &["A"]);
        let store = Store::open(&path).unwrap();
        let target = dir.path().join("mine.sqlite3");
        std::fs::write(&target, "precious").unwrap();
        assert!(matches!(
            store.backup_to_file(&target, &mut |_, _| true),
            Err(StoreError::Exists(_))
        ));
        assert_eq!(std::fs::read(&target).unwrap(), b"precious");
    }

    #[test]
    fn restore_checks_the_file_and_keeps_the_current_logbook() {
        let dir = tempfile::tempdir().unwrap();
        let (path, copy) = backed_up(dir.path(), &["old"]);
        Store::open(&path)
            .unwrap()
            .add_activity(&activity("new", "2025-01-02", "1"))
            .unwrap();

        let junk = dir.path().join("junk.sqlite3");
        std::fs::write(&junk, "not a logbook").unwrap();
        assert!(matches!(
            restore_logbook(&path, &junk, date("2026-11-26")),
            Err(StoreError::NotRestorable { .. })
        ));
        assert_eq!(
            titles(&path),
            ["old", "new"],
            "a refused restore changes nothing"
        );

        let kept = restore_logbook(&path, &copy, date("2026-11-26"))
            .unwrap()
            .kept
            .unwrap();
        assert_eq!(titles(&path), ["old"]);
        assert_eq!(
            titles(&kept),
            ["old", "new"],
            "the replaced logbook is kept"
        );
    }

    #[test]
    fn a_damaged_logbook_is_moved_aside_and_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let (path, copy) = backed_up(dir.path(), &["kept"]);
        let damaged = damage(&path);
        assert!(matches!(
            Store::open(&path),
            Err(StoreError::Damaged { .. })
        ));
        assert_eq!(newest_backup(&path).as_deref(), Some(copy.as_path()));

        let kept = restore_logbook(&path, &copy, date("2026-11-26"))
            .unwrap()
            .kept
            .unwrap();
        assert_eq!(titles(&path), ["kept"]);
        assert_eq!(
            std::fs::read(&kept).unwrap(),
            damaged,
            "the damaged file is kept as it was"
        );
    }
}

#[test]
fn undoing_a_removal_brings_back_its_certificates_until_the_sweep() {
    use ce_logbook::domain::proof::{FileState, FileType};
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("l.sqlite3")).unwrap();
    let id = store
        .add_activity(&activity("A", "2025-01-01", "1"))
        .unwrap();
    let cert = store
        .attach(id, "a.pdf", b"%PDF-1.4 a", FileType::Pdf)
        .unwrap();
    let removed = store.remove_activity(id).unwrap();
    assert_eq!(removed.attachments, vec![cert.clone()]);
    assert!(store.attachments().unwrap().is_empty());
    // While the undo is offered the file stays; the undo puts back the record too.
    assert_eq!(store.file_state(&cert, true), FileState::Ok);
    store.restore_activity(&removed).unwrap();
    assert_eq!(store.attachments_of(id).unwrap(), vec![cert.clone()]);
    assert_eq!(store.sweep_attachments().unwrap(), 0);
    assert_eq!(store.read_attachment(&cert).unwrap(), b"%PDF-1.4 a");
    // Removed for good: the sweep takes the file nothing refers to.
    store.remove_activity(id).unwrap();
    assert_eq!(store.sweep_attachments().unwrap(), 1);
    assert_eq!(store.file_state(&cert, false), FileState::Missing);
}

#[test]
fn a_logbook_of_the_first_schema_is_copied_aside_then_upgraded_with_its_activities() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("l.sqlite3");
    {
        // The first schema as version 1 shipped it (before certificates).
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(&format!(
            "{FIRST_SCHEMA}
             INSERT INTO activity (title, date, points, kind, category, approved_by)
                 VALUES ('Old course', '2024-02-02', 150, 'course', 'clinical', 'AAMA');
             PRAGMA user_version = 1;"
        ))
        .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let mut store = Store::open(&path).unwrap();
    let copy = dir.path().join("backups").join("logbook-schema-v1.sqlite3");
    assert!(copy.is_file(), "the old logbook is kept before it changes");
    let kept = rusqlite::Connection::open(&copy).unwrap();
    let version: i64 = kept
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, 1);
    assert!(before.len() > 100);
    let all = store.activities().unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(&*all[0].data.title, "Old course");
    // The new schema is there: certificates and the name printed on transcripts.
    let cert = store
        .attach(
            all[0].id,
            "c.pdf",
            b"%PDF-1.4",
            ce_logbook::domain::proof::FileType::Pdf,
        )
        .unwrap();
    assert_eq!(store.attachments_of(all[0].id).unwrap(), vec![cert]);
    store.set_person_name("Ana").unwrap();
    assert_eq!(store.person_name().unwrap().as_deref(), Some("Ana"));
}

#[test]
fn a_logbook_of_the_second_schema_is_copied_aside_then_gains_plans_and_conversions() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("l.sqlite3");
    {
        // Version 2 as it shipped: certificates and settings, no plans, a CPR card stored
        // as its CMA (AAMA) worth (4 points), a custom credential without conversions.
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(&format!(
            "{FIRST_SCHEMA}
             CREATE TABLE attachment (activity_id INTEGER NOT NULL REFERENCES activity(id)
                 ON DELETE CASCADE, hash TEXT NOT NULL, name TEXT NOT NULL, size INTEGER NOT NULL,
                 type TEXT NOT NULL, PRIMARY KEY (activity_id, hash)) STRICT;
             CREATE INDEX attachment_by_hash ON attachment(hash);
             CREATE TABLE setting (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
             INSERT INTO credential (preset, certified, name, cycle_months, points_required)
                 VALUES ('custom', '2024-01-31', 'Mine', 24, 1000);
             INSERT INTO activity (title, date, points, kind, category, approved_by)
                 VALUES ('BLS', '2024-02-02', 400, 'cpr', 'clinical', ''),
                        ('Old course', '2024-03-03', 150, 'course', 'clinical', 'AAMA');
             PRAGMA user_version = 2;"
        ))
        .unwrap();
    }
    let mut store = Store::open(&path).unwrap();
    let copy = dir.path().join("backups").join("logbook-schema-v2.sqlite3");
    assert!(copy.is_file(), "the old logbook is kept before it changes");
    let all = store.activities().unwrap();
    assert_eq!(all.len(), 2);
    assert!(all.iter().all(|a| !a.data.planned));
    assert_eq!(
        all[0].data.points.to_string(),
        "1",
        "a card is one card now"
    );
    assert_eq!(all[1].data.points.to_string(), "1.5");
    let creds = store.credentials().unwrap();
    let CredentialSpec::Custom(spec) = &creds[0].spec else {
        panic!("custom expected")
    };
    assert_eq!(spec.conversions, Default::default());
    // A plan can be kept now.
    let mut plan = activity("Coding update", "2026-01-01", "2");
    plan.date = date("2030-01-01");
    plan.planned = true;
    let id = store.add_activity(&plan).unwrap();
    assert_eq!(store.activity(id).unwrap().data, plan);
}
