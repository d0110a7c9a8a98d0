//! The command line as a user runs it: the built binary, a logbook in a temporary folder.

use std::path::Path;
use std::process::Command;

mod common;
use common::{Logbook, Run, bin, run_at, words};

use serde_json::Value;

fn status_of(book: &Logbook, today: &str) -> Value {
    let status = book.run(&["status", "--json", "--today", today]).json();
    assert_eq!(status["today"], today);
    status["credentials"][0].clone()
}

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
fn college_credit_completes_the_cma() {
    let book = Logbook::new();
    book.id(&["credential", "add", "cma-aama", "--certified", "2021-03-15"]);
    book.id(&words(
        "add --title 'A&P I' --date 2022-09-01 --points 2 --kind college \
         --category clinical",
    ));
    for category in ["administrative", "clinical", "general"] {
        book.id(&[
            "add",
            "--title",
            category,
            "--date",
            "2023-01-10",
            "--points",
            "10",
            "--category",
            category,
            "--approved-by",
            "AAMA",
        ]);
    }
    let s = status_of(&book, "2025-03-31");
    assert_eq!(
        (s["points_earned"].as_i64(), s["points_counted"].as_i64()),
        (Some(60), Some(60))
    );
    assert_eq!(s["approved_points"], 30);
    assert_eq!(s["complete"], true);
    assert_eq!(s["state"], "complete");
    assert_eq!(s["points_still_needed"], 0);
    // The list shows the credits as entered.
    assert_eq!(book.list()[0]["points"], 2);
    assert_eq!(book.list()[0]["kind"], "college");
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

#[test]
fn custom_credentials_and_renewals() {
    let book = Logbook::new();
    let id = book.id(&words(
        "credential add custom --certified 2024-01-31 \
         --name 'Coding (AAPC)' --months 24 --points 36 \
         --category coding=10 --approved-by AAPC --approved-min 18",
    ));
    book.id(&words(
        "add --title 'ICD-10 update' --date 2024-03-01 --points 12 \
         --category coding --approved-by aapc",
    ));
    let s = status_of(&book, "2025-01-31");
    assert_eq!(s["preset"], "custom");
    assert_eq!(s["name"], "Coding (AAPC)");
    assert_eq!(s["expires"], "2026-01-31");
    assert_eq!(s["ce_deadline"], "2026-01-31");
    assert_eq!(s["approved_points"], 12);
    assert_eq!(s["approved_required"], 18);
    assert_eq!(
        s["categories"]["coding"],
        serde_json::json!({"earned": 12, "required": 10})
    );
    assert_eq!(s["points_still_needed"], 24);

    let out = book
        .run(&[
            "credential",
            "renew",
            &id.to_string(),
            "--on",
            "2026-01-20",
            "--today",
            "2026-02-01",
        ])
        .ok();
    assert!(out.contains("2028-01-20"), "{out}");
    let s = status_of(&book, "2026-02-01");
    assert_eq!(s["cycle_start"], "2026-01-20");
    assert_eq!(s["expires"], "2028-01-20");
    assert_eq!(s["points_earned"], 0);
    let list = book.run(&["credential", "list", "--json"]).json();
    assert_eq!(list[0]["cycles"].as_array().unwrap().len(), 2);
    assert_eq!(list[0]["certified"], "2024-01-31");

    // A renewal must move forward.
    let back = book.run(&[
        "credential",
        "renew",
        &id.to_string(),
        "--on",
        "2025-06-01",
        "--today",
        "2026-02-01",
    ]);
    assert_eq!(back.code, 2);
    assert!(back.stderr.contains("on:"), "{}", back.stderr);

    book.run(&["credential", "remove", &id.to_string()]).ok();
    assert_eq!(
        book.run(&["credential", "list", "--json"]).json(),
        serde_json::json!([])
    );
    assert_eq!(book.list().as_array().unwrap().len(), 1, "activities stay");
}

#[test]
fn a_preset_refuses_custom_options() {
    let book = Logbook::new();
    let run = book.run(&words(
        "credential add rma-amt --certified 2024-01-01 --points 50",
    ));
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("points: is only for a custom credential"),
        "{}",
        run.stderr
    );
}

#[test]
fn one_activity_counts_for_every_credential_whose_cycle_holds_it() {
    let book = Logbook::new();
    book.id(&["credential", "add", "cma-aama", "--certified", "2021-03-15"]);
    book.id(&["credential", "add", "ccma-nha", "--certified", "2024-06-01"]);
    book.id(&words(
        "add --title 'Before CCMA' --date 2023-01-01 --points 3",
    ));
    book.id(&words("add --title Both --date 2025-01-01 --points 2"));
    let status = book
        .run(&["status", "--json", "--today", "2025-06-01"])
        .json();
    assert_eq!(status["credentials"][0]["points_earned"], 5);
    assert_eq!(status["credentials"][1]["points_earned"], 2);
}

#[test]
fn import_is_all_or_nothing_and_reports_physical_lines() {
    let book = Logbook::new();
    let csv = book.file(
        "bad.csv",
        "title,date,points,kind,category,approved_by,provider,note\n\
         Good one,2025-01-01,1,course,general,AAMA,Acme,\n\
         \"A title\",2025-02-30,1,course,general,,,\"a note\n\
         over two lines\"\n\
         ,2025-01-01,1,course,general,,,\n\
         Good two,2025-01-01,2,course,general,,,\n\
         Bad points,2025-01-01,0.001,course,general,,,\n",
    );
    let run = book.run(&["import", csv.to_str().unwrap()]);
    assert_eq!(run.code, 2);
    let lines: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("line "))
        .collect();
    assert_eq!(lines.len(), 3, "{}", run.stderr);
    assert!(lines[0].starts_with("line 3: date:"), "{}", lines[0]);
    assert!(lines[1].starts_with("line 5: title:"), "{}", lines[1]);
    assert!(lines[2].starts_with("line 7: points:"), "{}", lines[2]);
    assert_eq!(book.list(), serde_json::json!([]));

    let good = book.file("good.csv", "title,date,points,category,approved_by\nA,2025-01-01,1,general,AAMA;NHA\nB,2025-01-02,0.5,,\n");
    let dry = book
        .run(&["import", good.to_str().unwrap(), "--dry-run"])
        .ok();
    assert!(dry.contains("2 rows are valid"), "{dry}");
    assert_eq!(book.list(), serde_json::json!([]));
    book.run(&["import", good.to_str().unwrap()]).ok();
    let list = book.list();
    assert_eq!(list.as_array().unwrap().len(), 2);
    assert_eq!(list[0]["approved_by"], serde_json::json!(["AAMA", "NHA"]));

    let missing = book.run(&["import", "/nonexistent/file.csv"]);
    assert_eq!(missing.code, 2);
    assert!(missing.stderr.contains("/nonexistent/file.csv"));
}

#[test]
fn importing_a_file_twice_adds_nothing_twice() {
    let book = Logbook::new();
    // A dry run before the logbook exists checks the file and creates no logbook.
    let first = book.file(
        "first.csv",
        "title,date,points,kind\nHIPAA refresher,2025-01-11,3,course\nBLS,2025-10-01,,cpr\n",
    );
    let dry = book
        .run(&["import", first.to_str().unwrap(), "--dry-run"])
        .ok();
    assert!(dry.contains("2 rows are valid, 0 of them already"), "{dry}");
    assert!(!book.db.exists(), "a dry run creates no logbook");
    book.run(&["import", first.to_str().unwrap()]).ok();

    // A later file repeats one of them (other case, a note added) and brings one new.
    let second = book.file(
        "second.csv",
        "title,date,points,kind,note\nhipaa refresher,2025-01-11,3,course,now with a note\n\
         Coding,2025-02-01,1,course,\n",
    );
    let dry = book
        .run(&["import", second.to_str().unwrap(), "--dry-run"])
        .ok();
    assert!(dry.contains("1 of them already in the logbook"), "{dry}");
    assert!(dry.contains("would skip 1 row the logbook has"), "{dry}");
    let out = book.run(&["import", second.to_str().unwrap()]).ok();
    assert!(out.contains("imported 1 activity"), "{out}");
    assert!(
        out.contains("skipped 1 row the logbook has already"),
        "{out}"
    );
    assert_eq!(book.list().as_array().unwrap().len(), 3);

    let out = book
        .run(&["import", second.to_str().unwrap(), "--keep-duplicates"])
        .ok();
    assert!(out.contains("imported 2 activities"), "{out}");
    assert!(!out.contains("skipped"), "{out}");
    assert_eq!(book.list().as_array().unwrap().len(), 5);
}

#[test]
fn rows_that_repeat_each_other_in_one_file_are_skipped_unless_kept() {
    let book = Logbook::new();
    book.id(&words(
        "add --title 'HIPAA refresher' --date 2025-01-11 --points 3",
    ));
    // As a spreadsheet saves it: CRLF, a course pasted twice (once in capitals), one row the
    // logbook has.
    let file = book.file(
        "pasted.csv",
        "title,date,points,kind\r\nBLS,2025-10-01,,cpr\r\nCoding,2025-02-01,1,course\r\n\
         CODING,2025-02-01,1,course\r\nhipaa refresher,2025-01-11,3,course\r\n\
         Coding,2025-02-01,1,course\r\n",
    );
    let dry = book
        .run(&["import", file.to_str().unwrap(), "--dry-run"])
        .ok();
    assert!(
        dry.contains("5 rows are valid, 1 of them already in the logbook and 2 repeating"),
        "{dry}"
    );
    assert!(dry.contains("row 3 repeats row 2"), "{dry}");
    assert!(dry.contains("row 5 repeats row 2"), "{dry}");
    let out = book.run(&["import", file.to_str().unwrap()]).ok();
    assert!(out.contains("imported 2 activities"), "{out}");
    assert!(
        out.contains("1 row the logbook has already and 2 rows that repeat an earlier row"),
        "{out}"
    );
    assert_eq!(book.list().as_array().unwrap().len(), 3);

    let fresh = Logbook::new();
    let out = fresh
        .run(&["import", file.to_str().unwrap(), "--keep-duplicates"])
        .ok();
    assert!(out.contains("imported 5 activities"), "{out}");
}

#[test]
fn hundred_tenths_import_as_exactly_ten_points() {
    let book = Logbook::new();
    book.id(&["credential", "add", "ccma-nha", "--certified", "2025-01-01"]);
    let mut csv = String::from("title,date,points\n");
    for i in 0..100 {
        csv.push_str(&format!("Micro-lesson {i},2025-02-01,0.1\n"));
    }
    let file = book.file("tenths.csv", &csv);
    book.run(&["import", file.to_str().unwrap()]).ok();
    let s = status_of(&book, "2025-06-01");
    assert_eq!(s["points_earned"], 10);
    assert_eq!(s["complete"], true);
}

#[test]
fn export_then_import_into_an_empty_logbook_gives_the_same_list() {
    let book = Logbook::new();
    book.id(&[
        "add",
        "--title",
        "Quotes \"and\", commas",
        "--date",
        "2025-05-02",
        "--points",
        "0.25",
        "--category",
        "clinical",
        "--approved-by",
        "AAMA",
        "--approved-by",
        "NHA",
        "--provider",
        "Acme, Inc.",
        "--note",
        "line one\nline two",
    ]);
    book.id(&words(
        "add --title Anatomy --date 2024-09-01 --points 1.5 \
         --kind college --category general",
    ));
    book.id(&words(
        "add --title BLS --date 2025-10-01 --kind cpr --approved-by AAMA",
    ));
    book.id(&words(
        "add --title 'Ünïcödé ✓' --date 2023-03-03 --points 3",
    ));
    let out = book.dir.path().join("export.csv");
    book.run(&["export", out.to_str().unwrap()]).ok();

    let fresh = Logbook::new();
    fresh.run(&["import", out.to_str().unwrap()]).ok();
    let strip = |v: Value| -> Vec<Value> {
        let mut rows: Vec<Value> = v
            .as_array()
            .unwrap()
            .iter()
            .map(|a| {
                let mut a = a.clone();
                a.as_object_mut().unwrap().remove("id");
                a
            })
            .collect();
        rows.sort_by_key(|a| a.to_string());
        rows
    };
    assert_eq!(strip(fresh.list()), strip(book.list()));
}

#[test]
fn an_export_opens_as_text_in_a_spreadsheet_and_imports_back_the_same() {
    let book = Logbook::new();
    for args in [
        vec![
            "add",
            "--title",
            "=HYPERLINK(\"http://evil.example\",\"Click\")",
            "--date",
            "2025-05-02",
            "--points",
            "1",
            "--provider",
            "@SUM(A1:A9)",
            "--note",
            "+1 555 0100",
        ],
        vec![
            "add",
            "--title=-5 tips for charting",
            "--date",
            "2025-05-03",
            "--points",
            "2",
            "--category=-misc",
        ],
        vec![
            "add",
            "--title",
            "'=already quoted",
            "--date",
            "2025-05-04",
            "--points",
            "0.5",
        ],
    ] {
        book.id(&args);
    }
    let out = book.path("export.csv");
    book.run(&["export", out.to_str().unwrap()]).ok();
    let mut reader = csv::Reader::from_path(&out).unwrap();
    for record in reader.records() {
        for cell in record.unwrap().iter() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "a spreadsheet would run {cell:?}"
            );
        }
    }

    let fresh = Logbook::new();
    fresh.run(&["import", out.to_str().unwrap()]).ok();
    let without_ids = |v: Value| -> Vec<Value> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|a| {
                let mut a = a.clone();
                a.as_object_mut().unwrap().remove("id");
                a
            })
            .collect()
    };
    assert_eq!(without_ids(fresh.list()), without_ids(book.list()));
    assert!(fresh.list().to_string().contains("-5 tips for charting"));
}

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
fn backup_and_restore_from_the_command_line() {
    let book = Logbook::new();
    book.id(&words("add --title Before --date 2025-01-01 --points 1"));
    // Any command makes today's automatic copy once.
    assert!(book.dir.path().join("backups").read_dir().unwrap().count() >= 1);
    let copy = book.dir.path().join("copy.sqlite3");
    let out = book.run(&["backup", "--out", copy.to_str().unwrap()]).ok();
    assert!(out.contains("copy.sqlite3"), "{out}");
    let again = book.run(&["backup", "--out", copy.to_str().unwrap()]);
    assert_eq!(again.code, 2, "never overwrites: {}", again.stderr);

    book.id(&words("add --title After --date 2025-01-02 --points 1"));
    let bad = book.file("bad.sqlite3", "garbage");
    let refused = book.run(&["restore", bad.to_str().unwrap()]);
    assert_eq!(refused.code, 2);
    assert!(
        refused.stderr.contains("cannot be restored"),
        "{}",
        refused.stderr
    );
    assert_eq!(
        book.list().as_array().unwrap().len(),
        2,
        "a refused restore changes nothing"
    );

    let out = book.run(&["restore", copy.to_str().unwrap()]).ok();
    assert!(out.contains("kept as"), "{out}");
    let titles: Vec<Value> = book
        .list()
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].clone())
        .collect();
    assert_eq!(titles, [Value::from("Before")]);
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

#[test]
fn an_import_over_the_row_limit_is_refused_whole() {
    let book = Logbook::new();
    let mut csv = String::from("title,date,points\n");
    for i in 0..=ce_logbook::domain::csv::MAX_ROWS {
        csv.push_str(&format!("Row {i},2025-01-01,1\n"));
    }
    let file = book.file("huge.csv", &csv);
    let run = book.run(&["import", file.to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("split the file"), "{}", run.stderr);
    assert_eq!(book.list(), serde_json::json!([]));
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
fn a_plan_to_the_deadline_through_the_command_line() {
    let book = Logbook::new().today("2025-03-01");
    book.id(&words("credential add ccma-nha --certified 2024-06-15"));
    book.id(&words(
        "add --title 'Infection control' --date 2024-09-01 --points 4",
    ));
    let overdue = book.id(&words(
        "add --planned --title 'Missed webinar' --date 2025-02-01 --points 1",
    ));
    let ekg = book.id(&words(
        "add --planned --title 'EKG basics' --date 2025-08-01 --points 3",
    ));
    book.id(&words(
        "add --planned --title 'HIPAA update' --date 2026-01-10 --points 2",
    ));
    // After the CE deadline (2026-06-15): planned, but no help to this cycle.
    book.id(&words(
        "add --planned --title 'Too late' --date 2026-07-01 --points 5",
    ));

    let s = &book.run(&["status", "--json"]).json()["credentials"][0];
    // Planned activities never count.
    assert_eq!(s["points_counted"], 4);
    assert_eq!(s["points_still_needed"], 6);
    assert_eq!(s["points_planned"], 6);
    assert_eq!(s["plan_still_needed"], 0);
    assert_eq!(s["projected_complete"], "2026-01-10");
    let list = book.list();
    let planned: Vec<bool> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["planned"].as_bool().unwrap())
        .collect();
    assert_eq!(planned, [false, true, true, true, true]);
    let text = book.run(&["list"]).ok();
    assert!(
        text.contains("Missed webinar  [planned, overdue]"),
        "{text}"
    );
    assert!(text.contains("EKG basics  [planned]"), "{text}");
    let text = book.run(&["status"]).ok();
    assert!(
        text.contains("with your plan: complete on 2026-01-10"),
        "{text}"
    );

    // Done, on the day it was done; the overdue one too, today.
    let out = book
        .run(&["done", &ekg.to_string(), "--date", "2025-02-20"])
        .ok();
    assert!(out.contains("done on 2025-02-20"), "{out}");
    book.run(&["done", &overdue.to_string()]).ok();
    let s = &book.run(&["status", "--json"]).json()["credentials"][0];
    assert_eq!(s["points_counted"], 8);
    assert_eq!(s["points_planned"], 2);
    assert_eq!(s["projected_complete"], "2026-01-10");
    let done = &book.list()[1];
    assert_eq!(
        (done["date"].as_str(), done["planned"].as_bool()),
        (Some("2025-02-20"), Some(false))
    );

    // Done already, or a day still ahead: refused, nothing changes.
    let before = book.list();
    let again = book.run(&["done", &ekg.to_string()]);
    assert_eq!(again.code, 2);
    assert!(again.stderr.contains("done already"), "{}", again.stderr);
    assert_eq!(book.list(), before);

    // A plan that falls short says by how much, and has no date.
    let book2 = Logbook::new().today("2025-03-01");
    book2.id(&words("credential add cmac-amca --certified 2024-06-15"));
    book2.id(&words(
        "add --planned --title A --date 2025-05-01 --points 3",
    ));
    let s = &book2.run(&["status", "--json"]).json()["credentials"][0];
    assert_eq!(
        (s["plan_still_needed"].as_i64(), &s["projected_complete"]),
        (Some(7), &Value::Null)
    );
    let text = book2.run(&["status"]).ok();
    assert!(text.contains("your plan leaves 7 points short"), "{text}");
}

#[test]
fn a_bls_card_or_a_college_class_no_longer_completes_a_credential_without_a_value_for_it() {
    let book = Logbook::new().today("2025-12-01");
    book.id(&words("credential add ccma-nha --certified 2024-06-15"));
    book.id(&words("credential add cma-aama --certified 2021-03-15"));
    book.id(&words(
        "add --title 'BLS card' --date 2025-01-10 --kind cpr",
    ));
    book.id(&words(
        "add --title 'A&P I' --date 2025-02-01 --points 1 --kind college --category general",
    ));
    let status = book.run(&["status", "--json"]).json();
    let (ccma, cma) = (&status["credentials"][0], &status["credentials"][1]);
    assert_eq!(ccma["points_counted"], 0);
    assert_eq!(ccma["complete"], false);
    assert_eq!(ccma["not_counted"][0]["kind"], "college");
    assert_eq!(ccma["not_counted"][1]["kind"], "cpr");
    // CMA (AAMA) keeps its conversions: 15 points for the credit, 4 for the card.
    assert_eq!(cma["points_earned"], 19);
    assert_eq!(cma["not_counted"], serde_json::json!([]));
    let text = book.run(&["status"]).ok();
    assert!(
        text.contains(
            "not counted: 1 college activity; CCMA (NHA) sets no value for college credit: log \
             the CE credits the provider awarded as a course"
        ),
        "{text}"
    );

    // A custom credential counts them only when told what they are worth.
    let id = book.id(&words(
        "credential add custom --certified 2025-01-01 --name 'Phlebotomy (XYZ)' --months 24 \
         --points 20 --college-points 10 --cpr-points 2 --cpr-max 1",
    ));
    book.id(&words(
        "add --title 'BLS again' --date 2025-03-10 --kind cpr",
    ));
    let status = book.run(&["status", "--json"]).json();
    let custom = &status["credentials"][2];
    assert_eq!(custom["id"], id);
    assert_eq!(
        custom["points_earned"], 12,
        "10 for the credit, one card of 2"
    );
}

#[test]
fn rma_renews_on_amts_dates() {
    let book = Logbook::new().today("2009-03-01");
    let id = book.id(&words("credential add rma-amt --certified 2006-05-01"));
    let s = &book.run(&["status", "--json"]).json()["credentials"][0];
    assert_eq!(s["expires"], "2009-04-30");
    // Reported early: the next cycle still starts the day after the old one ends.
    let out = book
        .run(&["credential", "renew", &id.to_string(), "--on", "2009-02-15"])
        .ok();
    assert!(
        out.contains("new cycle from 2009-05-01, expires 2012-04-30"),
        "{out}"
    );
    let listed = &book.run(&["credential", "list", "--json"]).json()[0];
    assert_eq!(listed["cycle_start"], "2009-05-01");
    assert_eq!(listed["cycles"][1]["start"], "2009-05-01");
    assert_eq!(listed["expiry"], "day-before-anniversary");
    assert_eq!(listed["renewal"], "rolls-over");
    assert_eq!(listed["verified"], true);
    assert_eq!(
        listed["conversions"],
        serde_json::json!({"college": null, "cpr": null})
    );
}
