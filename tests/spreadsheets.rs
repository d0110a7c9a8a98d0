//! Importing the spreadsheets people keep, as their tools save them: Excel, LibreOffice and
//! Google Sheets files (fixtures made by tests/fixtures/import/make_fixtures.py, and CSV
//! written here byte for byte), through the command line as a user runs it; and hostile
//! workbooks, which must be a clear message, never a panic or a hang.

use std::path::PathBuf;
use std::time::{Duration, Instant};

mod common;
use common::Logbook;

#[path = "support/xlsx.rs"]
mod xlsx;
use xlsx::X;

use ce_logbook::domain::RuleBook;
use ce_logbook::domain::import::{ImportOptions, read_activities};
use ce_logbook::domain::table::Place;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

fn cma() -> Logbook {
    let book = Logbook::new().today("2026-11-26");
    book.id(&["credential", "add", "cma-aama", "--certified", "2022-03-15"]);
    book
}

/// (title, date, points, approved_by, category, kind) of every activity listed.
fn listed(book: &Logbook) -> Vec<(String, String, String, String, String, String)> {
    let list = book.list();
    let s = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    };
    let mut rows: Vec<_> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            let bodies: Vec<String> = a["approved_by"].as_array().unwrap().iter().map(s).collect();
            (
                s(&a["title"]),
                s(&a["date"]),
                s(&a["points"]),
                bodies.join(";"),
                s(&a["category"]),
                s(&a["kind"]),
            )
        })
        .collect();
    rows.sort();
    rows
}

fn row(
    t: &str,
    d: &str,
    p: &str,
    a: &str,
    c: &str,
    k: &str,
) -> (String, String, String, String, String, String) {
    (t.into(), d.into(), p.into(), a.into(), c.into(), k.into())
}

/// Runs an import that must be refused (exit 2) and checks its messages starting with
/// `prefix`: one for each of `expected`, in order, each starting with it.
fn rejected(book: &Logbook, args: &[&str], prefix: &str, expected: &[&str]) -> common::Run {
    let run = book.run(args);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let lines: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with(prefix))
        .collect();
    assert_eq!(lines.len(), expected.len(), "{}", run.stderr);
    for (line, start) in lines.iter().zip(expected) {
        assert!(line.starts_with(start), "{line} should start with {start}");
    }
    run
}

#[test]
fn an_excel_workbook_with_an_empty_first_sheet_imports_as_it_is() {
    let book = cma();
    let run = book.run(&["import", fixture("excel-courses.xlsx").to_str().unwrap()]);
    let out = run.ok();
    assert!(out.contains("read the sheet 'CE 2024'"), "{out}");
    assert!(out.contains("AAMA Approved=AAMA approved"), "{out}");
    assert!(out.contains("ignored columns: Instructor"), "{out}");
    assert!(out.contains("imported 4 activities"), "{out}");
    assert_eq!(
        listed(&book),
        [
            row(
                "Coding for MAs",
                "2024-04-02",
                "1.5",
                "",
                "administrative",
                "course"
            ),
            row(
                "Ethics refresher",
                "2024-05-20",
                "0.25",
                "",
                "general",
                "course"
            ),
            row(
                "Infection control",
                "2024-03-14",
                "2",
                "AAMA",
                "clinical",
                "course"
            ),
            row(
                "Phlebotomy update",
                "2024-06-01",
                "3",
                "AAMA",
                "clinical",
                "course"
            ),
        ]
    );
    let status = book.run(&["status", "--json"]).json();
    assert_eq!(status["credentials"][0]["approved_points"], 5);
}

#[test]
fn every_mistake_in_a_workbook_is_named_by_sheet_and_row_and_nothing_is_imported() {
    let book = cma();
    let xlsx = fixture("excel-mistakes.xlsx");
    let run = rejected(
        &book,
        &["import", xlsx.to_str().unwrap()],
        "Log row",
        &[
            "Log row 3: Approved By: 'Yes' is not the name",
            "Log row 4: date: '2/30/2024'",
            "Log row 5: points:",
        ],
    );
    assert!(
        run.stderr.contains("nothing was imported"),
        "{}",
        run.stderr
    );
    assert_eq!(listed(&book), []);
}

#[test]
fn a_libreoffice_sheet_with_a_plain_approved_column() {
    let ods = fixture("libreoffice-activities.ods");
    let ods = ods.to_str().unwrap();
    // No logbook yet: which body "Approved" means is not known, and must be said.
    let fresh = Logbook::new().today("2026-11-26");
    let run = fresh.run(&["import", ods, "--dry-run"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("Activities row 1: the column 'Approved' says yes or no"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("--approved-means BODY"),
        "{}",
        run.stderr
    );
    let dry = fresh
        .run(&["import", ods, "--dry-run", "--approved-means", "AAMA"])
        .ok();
    assert!(dry.contains("3 rows are valid"), "{dry}");
    assert!(!fresh.db.exists(), "a dry run creates no logbook");

    // A CMA logbook names one approving body: AAMA.
    let book = cma();
    let out = book.run(&["import", ods]).ok();
    assert!(out.contains("'approved' means approved by AAMA"), "{out}");
    assert_eq!(
        listed(&book),
        [
            row("A&P I", "2024-01-15", "3", "", "", "college"),
            row("BLS renewal", "2024-03-01", "1", "", "clinical", "cpr"),
            row("Wound care", "2024-02-10", "1.5", "AAMA", "", "course"),
        ]
    );
}

#[test]
fn sheets_are_chosen_by_name_and_a_wrong_name_lists_them() {
    let book = cma();
    let xlsx = fixture("excel-courses.xlsx");
    let xlsx = xlsx.to_str().unwrap();
    let run = book.run(&["import", xlsx, "--sheet", "Courses"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("no sheet 'Courses'; the sheets are 'Sheet1', 'CE 2024'"),
        "{}",
        run.stderr
    );
    let run = book.run(&["import", xlsx, "--sheet", "Sheet1"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("the sheet 'Sheet1' is empty"),
        "{}",
        run.stderr
    );
    book.run(&["import", xlsx, "--sheet", "ce 2024", "--dry-run"])
        .ok();
}

#[test]
fn csv_as_excel_libreoffice_and_google_sheets_save_it() {
    // Excel "CSV UTF-8": a byte-order mark, Windows line ends, US dates, Yes/No.
    let excel_utf8 = "\u{feff}Course Title,Date Completed,CEUs,Category,AAMA Approved,Provider\r\n\
        Infection control,3/14/2024,2,Clinical,Yes,AAMA e-Learning\r\n\
        \"Coding, billing\",4/2/2024,1.5,Admin,No,County College\r\n";
    // Excel "CSV" on a European Windows: Windows-1252, semicolons, decimal commas, day first.
    let excel_1252 = b"Titel;Course;Date;Hours;Notes\r\nx;Caf\xe9 talk;25/03/2024;1,5;\x93room 2\x94\r\ny;Wound care;02/04/2024;1;\r\n";
    // LibreOffice: no BOM, LF, ISO dates, a tab-separated "Text CSV".
    let libre_tsv = "Activity\tCompletion Date\tCredits\tType\nBLS card\t2024-06-01\t\tcpr\n";
    // Google Sheets: CRLF, checkbox columns as TRUE/FALSE, worded dates, an extra column.
    let sheets = "Session,Completed On,Contact Hours,NHA approved,Color\r\n\
        Webinar,\"March 14, 2024\",1,TRUE,red\r\nSeminar,14 Mar 2024,2,FALSE,\r\n";
    let book = cma();
    for (name, bytes) in [
        ("excel-utf8.csv", excel_utf8.as_bytes()),
        ("excel-1252.csv", excel_1252.as_slice()),
        ("libre.tsv", libre_tsv.as_bytes()),
        ("sheets.csv", sheets.as_bytes()),
    ] {
        let path = book.file(name, bytes);
        let run = book.run(&["import", path.to_str().unwrap()]);
        assert_eq!(run.code, 0, "{name}: {}", run.stderr);
    }
    let rows = listed(&book);
    assert_eq!(
        rows,
        [
            row("BLS card", "2024-06-01", "1", "", "clinical", "cpr"),
            row("Café talk", "2024-03-25", "1.5", "", "", "course"),
            row(
                "Coding, billing",
                "2024-04-02",
                "1.5",
                "",
                "administrative",
                "course"
            ),
            row(
                "Infection control",
                "2024-03-14",
                "2",
                "AAMA",
                "clinical",
                "course"
            ),
            row("Seminar", "2024-03-14", "2", "", "", "course"),
            row("Webinar", "2024-03-14", "1", "NHA", "", "course"),
            row("Wound care", "2024-04-02", "1", "", "", "course"),
        ]
    );
    let notes = book.list();
    let cafe = notes
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "Café talk")
        .unwrap();
    assert_eq!(cafe["note"], "\u{201c}room 2\u{201d}");
}

#[test]
fn csv_messages_name_the_physical_line_with_windows_line_ends() {
    let book = cma();
    let path = book.file(
        "bad.csv",
        "Course Title,Date Completed,CEUs,Approved By\r\n\
         Good,3/14/2024,1,AAMA\r\n\
         \"Two\r\nlines\",3/15/2024,1,Yes\r\n\
         Bad date,13/13/2024,1,\r\n",
    );
    rejected(
        &book,
        &["import", path.to_str().unwrap()],
        "line ",
        &["line 3: Approved By: 'Yes'", "line 5: date: '13/13/2024'"],
    );
}

#[test]
fn map_and_date_order_say_what_the_file_does_not() {
    let book = cma();
    let path = book.file(
        "odd.csv",
        "What,When,Worth,Extra\nA,3/4/2024,2,z\nB,5/6/2024,1,\n",
    );
    let run = book.run(&["import", path.to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("no column holds the title"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("hint: say which column holds what with --map"),
        "{}",
        run.stderr
    );
    let bad = book.run(&["import", path.to_str().unwrap(), "--map", "Who=title"]);
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr.contains("no column is headed 'Who'"),
        "{}",
        bad.stderr
    );
    let bad = book.run(&["import", path.to_str().unwrap(), "--date-order", "ymd"]);
    assert_eq!(bad.code, 2);
    let out = book
        .run(&[
            "import",
            path.to_str().unwrap(),
            "--map",
            "What=title,When=date,Worth=points",
            "--date-order",
            "dmy",
        ])
        .ok();
    assert!(out.contains("ignored columns: Extra"), "{out}");
    assert!(out.contains("dates read day first"), "{out}");
    let dates: Vec<String> = listed(&book).into_iter().map(|r| r.1).collect();
    assert_eq!(dates, ["2024-04-03", "2024-06-05"]);
}

#[test]
fn an_export_imports_back_the_same_through_the_new_reader() {
    let book = cma();
    book.run(&["import", fixture("excel-courses.xlsx").to_str().unwrap()])
        .ok();
    let before = listed(&book);
    let out = book.path("export.csv");
    book.run(&["export", out.to_str().unwrap()]).ok();
    let other = cma();
    other.run(&["import", out.to_str().unwrap()]).ok();
    assert_eq!(listed(&other), before);
}

/// Texts in the shared strings (as Excel saves them) and written in the cells (as some
/// exporters do), and cells that come out of row order: all read as the rows they are in.
#[test]
fn shared_and_inline_texts_and_cells_out_of_order_read_as_their_rows() {
    let book = xlsx::workbook_at(&[(
        "CE",
        vec![
            (0, 0, X::Text("Title")),
            (0, 1, X::Inline("Date")),
            (0, 2, X::Text("Points")),
            (2, 0, X::Inline("Ethics & law")),
            (2, 1, X::Date(45_400.0)),
            (1, 2, X::Number(1.5)),
            (1, 0, X::Text("Infection control")),
            (1, 1, X::Date(45_365.0)),
            (2, 2, X::Text("2")),
        ],
    )]);
    let kinds = RuleBook::builtin().unwrap().kinds;
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    let read = read_activities(&book, &ImportOptions::default(), &kinds, today).unwrap();
    let rows: Vec<(String, String, String, String)> = read
        .outcome
        .unwrap()
        .iter()
        .map(|r| {
            let a = &r.data;
            let place = r.place.to_string();
            (
                place,
                a.title.to_string(),
                a.date.to_string(),
                a.points.to_string(),
            )
        })
        .collect();
    let row = |p: &str, t: &str, d: &str, n: &str| (p.into(), t.into(), d.into(), n.into());
    assert_eq!(
        rows,
        [
            row("CE row 2", "Infection control", "2024-03-14", "1.5"),
            row("CE row 3", "Ethics & law", "2024-04-18", "2"),
        ]
    );
}

/// Reads bytes as an import would, in bounded time; returns the message of a refusal.
fn refused(bytes: &[u8]) -> String {
    let kinds = RuleBook::builtin().unwrap().kinds;
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    let started = Instant::now();
    let read = read_activities(bytes, &ImportOptions::default(), &kinds, today);
    // A bound against a hang, not a speed test (the benchmark measures speed): a debug build
    // reading 200,000 rows takes several seconds alone and more on a busy 2-core machine.
    assert!(
        started.elapsed() < Duration::from_secs(90),
        "took {:?}",
        started.elapsed()
    );
    match read {
        Err(e) => {
            assert_eq!(e.place, Place::File);
            e.reason
        }
        Ok(read) => match read.outcome {
            Err(errors) => errors[0].to_string(),
            Ok(rows) => panic!("a hostile file imported {} rows", rows.len()),
        },
    }
}

#[test]
fn hostile_workbooks_are_a_clear_message() {
    // A cell at XFD1048576, as far as Excel goes: calamine would make a range of 17 billion
    // cells; the streaming reader stops at the column limit.
    let far = xlsx::workbook_at(&[(
        "Sheet1",
        vec![(0, 0, X::Text("Title")), (1_048_575, 16_383, X::Text("x"))],
    )]);
    let e = refused(&far);
    assert!(e.contains("beyond column 256"), "{e}");
    // Rows a million apart cost nothing.
    let apart = xlsx::workbook_at(&[(
        "Sheet1",
        vec![
            (0, 0, X::Text("Title")),
            (0, 1, X::Text("Date")),
            (1_048_575, 0, X::Text("x")),
            (1_048_575, 1, X::Date(1e300)),
        ],
    )]);
    let e = refused(&apart);
    assert!(e.starts_with("Sheet1 row 1048576: date:"), "{e}");
    // A date cell whose number no calendar holds is no panic.
    let e = refused(&xlsx::workbook(&[(
        "S",
        vec![
            vec![X::Text("Title"), X::Text("Date"), X::Text("Points")],
            vec![X::Text("A"), X::Date(-5.0), X::Number(f64::MAX)],
        ],
    )]));
    assert!(e.starts_with("S row 2:"), "{e}");
    // Cut short, as a download that stopped.
    let whole = std::fs::read(fixture("excel-courses.xlsx")).unwrap();
    for cut in [10, 100, whole.len() / 2, whole.len() - 10] {
        let e = refused(&whole[..cut]);
        assert!(
            e.contains("damaged") || e.contains("cannot be read"),
            "{cut}: {e}"
        );
    }
    // A ZIP that is no workbook, and an old .xls.
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("photo.jpg", zip::write::SimpleFileOptions::default())
        .unwrap();
    let e = refused(&zip.finish().unwrap().into_inner());
    assert!(e.contains("not a spreadsheet"), "{e}");
    assert!(refused(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1").contains(".xls"));
}

#[test]
fn a_workbook_over_the_row_limit_is_refused_whole() {
    let limit = ce_logbook::domain::table::MAX_ROWS as u32;
    let mut cells = vec![(0, 0, X::Text("Title")), (0, 1, X::Text("Date"))];
    cells.extend((1..=limit + 1).map(|r| (r, 0, X::Text("x"))));
    let e = refused(&xlsx::workbook_at(&[("Big", cells)]));
    assert!(e.contains("more than 200000 rows"), "{e}");
    // Which sheet, and what to do: not "cannot be read".
    assert!(e.contains("'Big'") && e.contains("split it"), "{e}");
}

/// An ODS file holding one sheet with these rows, as LibreOffice lays one out.
fn ods_with_rows(rows: &str) -> Vec<u8> {
    use std::io::Write;
    let content = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content \
         xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" \
         xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" \
         xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.2\">\
         <office:body><office:spreadsheet><table:table table:name=\"Sheet1\">\
         <table:table-column table:number-columns-repeated=\"1024\"/>{rows}</table:table>\
         </office:spreadsheet></office:body></office:document-content>"
    );
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    zip.start_file("META-INF/manifest.xml", stored).unwrap();
    zip.write_all(
        b"<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\">\
          <manifest:file-entry manifest:full-path=\"/\" \
          manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/>\
          </manifest:manifest>",
    )
    .unwrap();
    zip.start_file("content.xml", stored).unwrap();
    zip.write_all(content.as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}

fn ods_text(text: &str) -> String {
    format!(
        "<table:table-cell office:value-type=\"string\"><text:p>{text}</text:p></table:table-cell>"
    )
}

#[test]
fn an_ods_whose_repeats_would_fill_the_memory_is_refused_before_it_is_read() {
    // A few hundred bytes asking for a value in every cell of 16,384 columns and a thousand
    // rows: calamine would expand it to 16 million cells (about a gigabyte) before any of our
    // limits saw a row; six thousand rows would take over 5 GB.
    let header = format!(
        "<table:table-row>{}{}</table:table-row>",
        ods_text("Title"),
        ods_text("Date")
    );
    let flood = "<table:table-row table:number-rows-repeated=\"1000\"><table:table-cell \
                 office:value-type=\"float\" office:value=\"1\" \
                 table:number-columns-repeated=\"16384\"/></table:table-row>";
    let e = refused(&ods_with_rows(&format!("{header}{flood}")));
    assert!(e.contains("more than 4000000 cells"), "{e}");
    // What LibreOffice writes after the last row (blank rows to the end of the sheet) is fine.
    let row = format!(
        "<table:table-row>{}{}</table:table-row>",
        ods_text("BLS"),
        ods_text("3/14/2024")
    );
    let tail = "<table:table-row table:number-rows-repeated=\"1048574\">\
                <table:table-cell table:number-columns-repeated=\"1024\"/></table:table-row>";
    let e = refused(&ods_with_rows(&format!("{header}{row}{tail}")));
    assert!(e.starts_with("Sheet1 row 2:"), "{e}");
}
