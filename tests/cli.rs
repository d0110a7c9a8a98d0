//! The command line as a user runs it: the built binary, a logbook in a temporary folder.
//! Here: the worked example end to end, the global options and no subcommand, listing, editing
//! and removing activities, and bad input refused with its field named. Credentials and plans
//! are in cli_credentials.rs, import, export and backup in cli_files.rs, logbooks the disk
//! will not let it use in cli_disk.rs.

use serde_json::Value;

mod common;
use common::{Logbook, Run, bin, status_of, words};

#[test]
fn the_worked_example_through_the_command_line() {
    let book = Logbook::new();
    let id = book.id(&["credential", "add", "cma-aama", "--certified", "2021-03-15"]);
    assert!(id > 0);
    for (title, date, points, category, approved) in [
        ("Front office", "2022-01-10", "10", "administrative", true),
        ("Phlebotomy", "2022-02-10", "10", "clinical", true),
        ("Ethics", "2022-03-10", "5", "general", true),
        ("Communication", "2023-01-10", "20", "general", false),
        ("EKG basics", "2023-02-10", "17", "clinical", false),
    ] {
        let mut args = vec![
            "add",
            "--title",
            title,
            "--date",
            date,
            "--points",
            points,
            "--category",
            category,
        ];
        if approved {
            args.extend(["--approved-by", "AAMA"]);
        }
        book.id(&args);
    }
    let s = status_of(&book, "2025-03-31");
    assert_eq!(s["id"], id);
    assert_eq!(s["preset"], "cma-aama");
    assert_eq!(s["name"], "CMA (AAMA)");
    assert_eq!(s["cycle_start"], "2021-03-15");
    assert_eq!(s["expires"], "2026-03-31");
    assert_eq!(s["ce_deadline"], "2026-06-30");
    assert_eq!(s["days_left"], 365);
    assert_eq!(s["state"], "in-progress");
    assert_eq!(s["points_earned"], 62);
    assert_eq!(s["points_counted"], 55);
    assert_eq!(s["points_required"], 60);
    assert_eq!(s["approved_points"], 25);
    assert_eq!(s["approved_required"], 30);
    assert_eq!(
        s["categories"]["clinical"],
        serde_json::json!({"earned": 27, "required": 10})
    );
    assert_eq!(s["points_still_needed"], 5);
    assert_eq!(s["complete"], false);
    // The plan's keys are additions: nothing planned here.
    assert_eq!(s["points_planned"], 0);
    assert_eq!(s["plan_still_needed"], 5);
    assert_eq!(s["projected_complete"], Value::Null);
    assert_eq!(s["not_counted"], serde_json::json!([]));
    assert_eq!(
        s.as_object().unwrap().len(),
        20,
        "exactly the promised keys: {s}"
    );

    let g = status_of(&book, "2026-05-01");
    assert_eq!(
        (g["state"].as_str(), g["days_left"].as_i64()),
        (Some("grace"), Some(-31))
    );
    assert_eq!(status_of(&book, "2026-07-01")["state"], "lapsed");

    let text = book.run(&["status", "--today", "2025-03-31"]).ok();
    for piece in [
        "CMA (AAMA)",
        "55 / 60 points",
        "25 / 30 AAMA-approved",
        "365 days left",
        "in progress",
    ] {
        assert!(text.contains(piece), "{piece:?} missing from {text}");
    }
}

#[test]
fn global_options_stand_before_or_after_the_subcommand_and_the_env_names_the_file() {
    let book = Logbook::new();
    let db = book.db.to_str().unwrap();
    let out = bin()
        .args([
            "credential",
            "add",
            "ccma-nha",
            "--certified",
            "2025-01-15",
            "--db",
            db,
        ])
        .output()
        .unwrap();
    assert_eq!(Run::from(out).ok().trim(), "1");
    let out = bin()
        .env("CE_LOGBOOK_DB", db)
        .args(["--today", "2026-01-15", "status", "--json"])
        .output()
        .unwrap();
    let status = Run::from(out).json();
    assert_eq!(status["today"], "2026-01-15");
    assert_eq!(status["credentials"][0]["expires"], "2027-01-15");
    assert_eq!(status["credentials"][0]["days_left"], 365);
    // --db wins over the environment.
    let other = book.dir.path().join("other.sqlite3");
    let out = bin()
        .env("CE_LOGBOOK_DB", db)
        .arg("--db")
        .arg(&other)
        .args(["credential", "list", "--json"])
        .output()
        .unwrap();
    assert_eq!(Run::from(out).json(), serde_json::json!([]));
}

#[test]
fn no_subcommand_opens_the_window_or_says_why_it_cannot() {
    let book = Logbook::new();
    // No display here: the window cannot open, and says so plainly (no panic, exit 1).
    let run: Run = bin()
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .arg("--db")
        .arg(&book.db)
        .output()
        .unwrap()
        .into();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("cannot open the window"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("ce-logbook --help"), "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"));
    let help: Run = bin().arg("--help").output().unwrap().into();
    assert!(help.ok().contains("credential"));
}

#[test]
fn list_json_has_the_promised_shape() {
    let book = Logbook::new();
    let id = book.id(&words(
        "add --title 'Phlebotomy update' --date 2025-05-02 --points 1.5 \
         --category Clinical --approved-by AAMA --approved-by NHA \
         --provider Acme --note 'Certificate #12'",
    ));
    book.id(&words("add --title BLS --date 2025-06-01 --kind cpr"));
    let list = book.list();
    let a = &list[0];
    assert_eq!(a["id"], id);
    assert_eq!(a["title"], "Phlebotomy update");
    assert_eq!(a["date"], "2025-05-02");
    assert_eq!(a["points"], 1.5);
    assert_eq!(a["kind"], "course");
    assert_eq!(a["category"], "clinical");
    assert_eq!(a["approved_by"], serde_json::json!(["AAMA", "NHA"]));
    assert_eq!(a["provider"], "Acme");
    assert_eq!(a["note"], "Certificate #12");
    let cpr = &list[1];
    assert_eq!(
        (cpr["kind"].as_str(), cpr["points"].as_i64()),
        (Some("cpr"), Some(1))
    );
    assert_eq!(cpr["category"], "clinical");
    assert_eq!(
        (a["planned"].as_bool(), cpr["planned"].as_bool()),
        (Some(false), Some(false))
    );
    assert_eq!(cpr["provider"], Value::Null);
    assert_eq!(cpr["approved_by"], serde_json::json!([]));
}

#[test]
fn edit_changes_only_what_is_given_and_remove_removes() {
    let book = Logbook::new();
    let id = book.id(&words(
        "add --title Old --date 2025-05-02 --points 2 --provider Acme \
         --approved-by AAMA",
    ));
    book.run(&[
        "edit",
        &id.to_string(),
        "--title",
        "New",
        "--points",
        "2.25",
        "--provider",
        "",
    ])
    .ok();
    let a = &book.list()[0];
    assert_eq!(
        (a["title"].as_str(), a["points"].as_f64()),
        (Some("New"), Some(2.25))
    );
    assert_eq!(a["date"], "2025-05-02");
    assert_eq!(a["provider"], Value::Null);
    assert_eq!(a["approved_by"], serde_json::json!(["AAMA"]));
    // Switching to a CPR card drops the old amount: a card is one card, worth what each
    // credential's rules say.
    book.run(&["edit", &id.to_string(), "--kind", "cpr", "--category", ""])
        .ok();
    assert_eq!(book.list()[0]["points"], 1);

    let bad = book.run(&["edit", &id.to_string(), "--date", "2025-02-30"]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("date"), "{}", bad.stderr);
    assert_eq!(book.list()[0]["date"], "2025-05-02");

    book.run(&["remove", &id.to_string()]).ok();
    assert_eq!(book.list(), serde_json::json!([]));
    let again = book.run(&["remove", &id.to_string()]);
    assert_eq!(again.code, 2);
    assert!(
        again
            .stderr
            .contains(&format!("no activity has the id {id}"))
    );
}

#[test]
fn bad_input_names_the_field_exits_2_and_writes_nothing() {
    let book = Logbook::new();
    book.id(&words("add --title Keep --date 2025-01-01 --points 1"));
    let before = book.list();
    let today = ["--today", "2026-11-26"];
    // Two arguments too long to write out: a 301-character title, a 5001-character note.
    let (long_title, long_note) = ("x".repeat(301), "n".repeat(5001));
    // Each case: the word its one-line message must name, then the command line refused.
    let table = [
        "title      add --title '' --date 2025-01-01 --points 1",
        "title      add --title {long_title} --date 2025-01-01 --points 1",
        "note       add --title a --date 2025-01-01 --points 1 --note {long_note}",
        "date       add --title a --date 2025-02-29 --points 1",
        "date       add --title a --date 2026-11-27 --points 1",
        "date       add --title a --date 01/02/2025 --points 1",
        "points     add --title a --date 2025-01-01 --points 0",
        "points     add --title a --date 2025-01-01 --points -1",
        "points     add --title a --date 2025-01-01 --points 1.005",
        "points     add --title a --date 2025-01-01 --points 101",
        "points     add --title a --date 2025-01-01 --points 21 --kind college",
        "date       add --title a --date 2031-11-27 --points 1 --planned",
        "date       done 1 --date 2026-11-27",
        "id         done 1",
        "college-points  credential add custom --certified 2024-01-01 --name X --months 12 --points 10 --college-points 1.5",
        "cpr-points  credential add custom --certified 2024-01-01 --name X --months 12 --points 10 --cpr-max 2",
        "college-points  credential add ccma-nha --certified 2024-01-01 --college-points 15",
        "kind       add --title a --date 2025-01-01 --points 1 --kind webinar",
        "999        edit 999 --title b",
        "preset     credential add abc-xyz --certified 2020-01-01",
        "certified  credential add cma-aama --certified 2020-13-01",
        "42         credential renew 42 --on 2025-01-01",
        "42         credential remove 42",
        "today      status --today yesterday",
    ];
    let cases = table.map(|case| {
        let mut args = words(case);
        for arg in &mut args {
            match *arg {
                "{long_title}" => *arg = &long_title,
                "{long_note}" => *arg = &long_note,
                _ => {}
            }
        }
        let field = args.remove(0);
        (args, field)
    });
    for (args, field) in cases {
        let mut full = args.clone();
        if !args.contains(&"--today") {
            full.extend(today);
        }
        let run = book.run(&full);
        assert_eq!(
            run.code, 2,
            "{args:?} should exit 2; stderr: {}",
            run.stderr
        );
        assert!(
            run.stderr.contains(field),
            "{args:?}: stderr should name {field}: {}",
            run.stderr
        );
        assert_eq!(
            run.stderr.trim().lines().count(),
            1,
            "one line: {}",
            run.stderr
        );
        assert!(run.stdout.is_empty(), "{args:?} printed {}", run.stdout);
        assert!(!run.stderr.contains("panicked"));
    }
    assert_eq!(book.list(), before);
    assert_eq!(
        book.run(&["credential", "list", "--json"]).json(),
        serde_json::json!([])
    );
}

#[test]
fn a_bad_first_command_does_not_even_create_the_logbook() {
    let book = Logbook::new();
    let run = book.run(&words("add --title a --date 2025-01-01 --points zero"));
    assert_eq!(run.code, 2);
    assert!(!book.db.exists());
}
