//! Files in and out through the command line as a user runs it: import (all or nothing, lines
//! as the file has them, rows the logbook has or the file repeats, the row limit, exact
//! tenths), export that a spreadsheet opens as text and that imports back the same, and a
//! backup and its restore.

use serde_json::Value;

mod common;
use common::{Logbook, status_of, words};

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
