//! Certificates fill in the form, through the command line: `scan` proposes an activity per
//! certificate PDF in the layouts CE providers use, `add --from-certificate` adds it with the
//! certificate attached, and a scan, a locked, damaged or hostile file is a clear message.
//! The program reads each PDF in a reader process of its own (`__read-pdf-text`): that
//! process's answers and its memory cap are tested here too.

use std::io::{Read, Write};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

mod common;
use common::pdfs::{
    AAMA, BLS, Line, NHA, NURSING, certificate_pdf, cut_pdf, krilla_pdf, locked_pdf, scanned_pdf,
    type1_pdf,
};
use common::{Logbook, bin, has_tool};

fn logbook() -> Logbook {
    Logbook::new().today("2026-11-27")
}

fn scan_one(book: &Logbook, name: &str, pdf: Vec<u8>) -> Value {
    let path = book.file(name, pdf);
    let out = book.run(&["scan", "--json", path.to_str().unwrap()]).json();
    let rows = out.as_array().expect("an array");
    assert_eq!(rows.len(), 1);
    rows[0].clone()
}

#[test]
fn scan_json_has_exactly_the_promised_keys_for_each_file() {
    let book = logbook();
    let a = book.file("aama.pdf", certificate_pdf(&AAMA));
    let b = book.file("bls.pdf", certificate_pdf(&BLS));
    let out = book
        .run(&["scan", "--json", a.to_str().unwrap(), b.to_str().unwrap()])
        .json();
    let rows = out.as_array().unwrap();
    assert_eq!(rows.len(), 2);
    for row in rows {
        let mut keys: Vec<&str> = row
            .as_object()
            .unwrap()
            .keys()
            .map(|k| k.as_str())
            .collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            [
                "approved_by",
                "category",
                "date",
                "file",
                "kind",
                "missing",
                "points",
                "provider",
                "title"
            ]
        );
    }
    assert_eq!(rows[0]["file"], a.to_str().unwrap());
    assert_eq!(rows[1]["file"], b.to_str().unwrap());
    // Scanning writes nothing, not even a new logbook.
    assert!(!book.db.exists());
}

#[test]
fn an_aama_e_learning_certificate() {
    let row = scan_one(&logbook(), "aama.pdf", certificate_pdf(&AAMA));
    assert_eq!(
        row,
        json!({
            "file": row["file"],
            "title": "Phlebotomy Update: Order of Draw",
            "date": "2024-03-14",
            "points": 2,
            "kind": "course",
            "category": "clinical",
            "approved_by": ["AAMA"],
            "provider": "American Association of Medical Assistants",
            "missing": [],
        })
    );
}

#[test]
fn a_nursing_certificate_in_contact_hours_completed_on_a_written_date() {
    let row = scan_one(&logbook(), "nursing.pdf", certificate_pdf(&NURSING));
    assert_eq!(row["title"], "Infection Control in the Outpatient Clinic");
    assert_eq!(row["date"], "2024-03-14");
    assert_eq!(row["points"], 1.5);
    assert_eq!(row["approved_by"], json!(["ANCC"]));
    assert_eq!(row["provider"], "Acme Health Education");
}

#[test]
fn an_nha_ce_credit_statement_says_what_it_lacks() {
    let row = scan_one(&logbook(), "nha.pdf", certificate_pdf(&NHA));
    assert_eq!(row["title"], "Medical Billing and Coding Essentials");
    assert_eq!(row["date"], "2024-03-14");
    assert_eq!(row["points"], 1);
    assert_eq!(row["approved_by"], json!(["NHA"]));
    assert_eq!(row["provider"], Value::Null);
    assert_eq!(row["missing"], json!(["provider"]));
}

#[test]
fn a_bls_ecard_is_a_cpr_card() {
    let row = scan_one(&logbook(), "ecard.pdf", certificate_pdf(&BLS));
    assert_eq!(row["kind"], "cpr");
    assert_eq!(row["title"], "BLS Provider");
    assert_eq!(row["date"], "2024-03-14");
    assert_eq!(row["points"], Value::Null);
    assert_eq!(row["approved_by"], json!([]));
    assert_eq!(row["missing"], json!(["approved_by"]));
}

#[test]
fn a_certificate_laid_out_in_two_columns_and_written_with_a_standard_font() {
    // Labels on the left, values on the right, as a certificate form has them.
    let krilla = krilla_pdf(&[
        Line(300.0, 60.0, 24.0, "Certificate of Completion"),
        Line(80.0, 160.0, 12.0, "Course Title:"),
        Line(80.0, 190.0, 12.0, "HIPAA and the Medical Office"),
        Line(80.0, 230.0, 12.0, "Date of completion: 03/14/2024"),
        Line(80.0, 260.0, 12.0, "Credits: 1.25"),
        Line(500.0, 500.0, 10.0, "Sponsored by Midwest CE Partners"),
    ]);
    let row = scan_one(&logbook(), "form.pdf", krilla);
    assert_eq!(row["title"], "HIPAA and the Medical Office");
    assert_eq!(row["date"], "2024-03-14");
    assert_eq!(row["points"], 1.25);
    assert_eq!(row["category"], "administrative");
    assert_eq!(row["provider"], "Midwest CE Partners");

    let type1 = type1_pdf(&[
        "Certificate of Attendance",
        "Jane Doe has successfully completed",
        "Medication Safety for Medical Assistants",
        "Completed on March 14, 2024",
        "This activity is approved for 1.0 AMT CEUs.",
    ]);
    let row = scan_one(&logbook(), "plain.pdf", type1);
    assert_eq!(row["title"], "Medication Safety for Medical Assistants");
    assert_eq!(row["date"], "2024-03-14");
    assert_eq!(row["points"], 1);
    assert_eq!(row["approved_by"], json!(["AMT"]));
}

#[test]
fn add_from_certificate_adds_it_with_the_certificate_attached() {
    let book = logbook();
    let pdf = book.file("aama.pdf", certificate_pdf(&AAMA));
    let id = book.id(&["add", "--from-certificate", pdf.to_str().unwrap()]);
    let list = book.list();
    let added = &list.as_array().unwrap()[0];
    assert_eq!(added["id"], id);
    assert_eq!(added["title"], "Phlebotomy Update: Order of Draw");
    assert_eq!(added["date"], "2024-03-14");
    assert_eq!(added["points"], 2);
    assert_eq!(added["category"], "clinical");
    assert_eq!(added["approved_by"], json!(["AAMA"]));
    let attached = book.run(&["attachments", "--json"]).json();
    assert_eq!(attached[0]["activity"], id);
    assert_eq!(attached[0]["name"], "aama.pdf");
    assert_eq!(attached[0]["state"], "ok");
}

#[test]
fn options_given_override_what_the_certificate_says() {
    let book = logbook();
    let pdf = book.file("nha.pdf", certificate_pdf(&NHA));
    book.id(&[
        "add",
        "--from-certificate",
        pdf.to_str().unwrap(),
        "--points",
        "1.5",
        "--category",
        "general",
        "--provider",
        "NHA",
    ]);
    let added = &book.list()[0];
    assert_eq!(added["title"], "Medical Billing and Coding Essentials");
    assert_eq!(added["points"], 1.5);
    assert_eq!(added["category"], "general");
    assert_eq!(added["provider"], "NHA");
}

#[test]
fn a_required_field_neither_read_nor_given_is_named_and_nothing_is_written() {
    let book = logbook();
    let pdf = book.file(
        "partial.pdf",
        certificate_pdf(&[
            "Certificate of Completion",
            "Course Title: Vital Signs Refresher",
            "0.5 CEUs",
        ]),
    );
    let run = book.run(&["add", "--from-certificate", pdf.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("date: not found in"), "{}", run.stderr);
    assert!(run.stderr.contains("--date"), "{}", run.stderr);
    assert!(!book.db.exists(), "bad input creates no logbook");

    // Given, it is added.
    book.id(&[
        "add",
        "--from-certificate",
        pdf.to_str().unwrap(),
        "--date",
        "2025-01-10",
    ]);
    assert_eq!(book.list()[0]["title"], "Vital Signs Refresher");
}

#[test]
fn a_scan_without_text_says_to_fill_in_the_form() {
    let book = logbook();
    let scan = book.file("scan.pdf", scanned_pdf());
    for args in [
        vec!["scan", scan.to_str().unwrap()],
        vec!["add", "--from-certificate", scan.to_str().unwrap()],
    ] {
        let run = book.run(&args);
        assert_eq!(run.code, 2);
        assert!(
            run.stderr
                .contains("scan.pdf: no text in this PDF; fill in the form"),
            "{}",
            run.stderr
        );
        assert!(
            run.stderr.contains("ce-logbook attach ID FILE"),
            "{}",
            run.stderr
        );
    }
    let png = book.file("card.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    let run = book.run(&["scan", png.to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("a picture has no text"),
        "{}",
        run.stderr
    );
    assert!(!book.db.exists());
}

#[test]
fn a_locked_damaged_or_hostile_pdf_is_a_clear_message_in_bounded_time() {
    let book = logbook();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("locked.pdf", locked_pdf(&AAMA), "locked with a password"),
        ("cut.pdf", cut_pdf(&AAMA), "damaged"),
        (
            "garbage.pdf",
            [b"%PDF-1.7\n".as_slice(), &[0xff; 4000]].concat(),
            "damaged",
        ),
        (
            "nested.pdf",
            [b"%PDF-1.4\n1 0 obj\n".as_slice(), &[b'['; 200_000]].concat(),
            "damaged",
        ),
        ("empty.pdf", Vec::new(), "empty"),
        (
            "text.pdf",
            b"Course Title: not a PDF at all".to_vec(),
            "PDF",
        ),
    ];
    for (name, bytes, says) in cases {
        let path = book.file(name, bytes);
        let started = Instant::now();
        let run = book.run(&["scan", path.to_str().unwrap()]);
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "{name} took too long"
        );
        assert_eq!(run.code, 2, "{name}: {}", run.stderr);
        assert!(run.stderr.contains(says), "{name}: {}", run.stderr);
        assert!(!run.stderr.contains("panicked"), "{name}: {}", run.stderr);
    }
}

#[test]
fn scan_prints_each_proposal_and_how_to_add_it() {
    let book = logbook();
    let pdf = book.file("nha cert.pdf", certificate_pdf(&NHA));
    let out = book.run(&["scan", pdf.to_str().unwrap()]).ok();
    assert!(
        out.contains("title:       Medical Billing and Coding Essentials"),
        "{out}"
    );
    assert!(out.contains("provider:    (not found)"), "{out}");
    assert!(
        out.contains("add it: ce-logbook add --from-certificate '"),
        "{out}"
    );
}

/// The program started as its own PDF reader, its stdin and stdout piped.
fn reader() -> Child {
    bin()
        .arg("__read-pdf-text")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap()
}

/// The program as its own PDF reader: `input` on stdin, the JSON answer from stdout.
fn reader_answer(input: &[u8]) -> Value {
    let mut child = reader();
    child.stdin.take().unwrap().write_all(input).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{out:?}");
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn the_reader_process_answers_with_the_text_or_why_there_is_none() {
    let answer = reader_answer(&certificate_pdf(&AAMA));
    let text = answer["Ok"].as_str().expect("text");
    assert!(text.contains("Phlebotomy Update: Order of Draw"), "{text}");
    assert_eq!(reader_answer(&locked_pdf(&AAMA)), json!({"Err": "Locked"}));
    let cut = reader_answer(&cut_pdf(&AAMA));
    assert!(cut["Err"]["Damaged"].is_string(), "{cut}");
}

#[cfg(target_os = "linux")]
#[test]
fn the_reader_process_caps_its_memory_before_it_reads() {
    let mut child = reader();
    // Its stdin still open: it has set its limits and waits for the PDF.
    let limits = std::path::PathBuf::from(format!("/proc/{}/limits", child.id()));
    let started = Instant::now();
    let mut seen = String::new();
    while started.elapsed() < Duration::from_secs(10) {
        seen = std::fs::read_to_string(&limits).unwrap_or_default();
        if seen.contains("1073741824") {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    drop(child.stdin.take());
    let mut answer = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut answer)
        .unwrap();
    assert!(child.wait().unwrap().success());
    let address_space = seen
        .lines()
        .find(|l| l.starts_with("Max address space"))
        .unwrap_or_default();
    assert_eq!(
        address_space.split_whitespace().collect::<Vec<_>>(),
        [
            "Max",
            "address",
            "space",
            "1073741824",
            "1073741824",
            "bytes"
        ],
        "{seen}"
    );
    assert!(
        answer.contains("Damaged"),
        "an empty file is no PDF: {answer}"
    );
}

#[test]
fn a_scan_reads_the_pdf_in_a_reader_process_not_in_the_program() {
    if !has_tool("strace", "strace", "to see which processes a scan starts") {
        return;
    }
    let book = logbook();
    let pdf = book.file("aama.pdf", certificate_pdf(&AAMA));
    let trace = book.path("execve.txt");
    let out = std::process::Command::new("strace")
        .args(["-f", "-qq", "-e", "trace=execve", "-o"])
        .arg(&trace)
        .arg(env!("CARGO_BIN_EXE_ce-logbook"))
        .args(["scan", pdf.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("Phlebotomy Update"));
    let trace = std::fs::read_to_string(&trace).unwrap();
    let readers: Vec<&str> = trace
        .lines()
        .filter(|l| l.contains("execve(") && l.contains("\"__read-pdf-text\""))
        .collect();
    assert_eq!(readers.len(), 1, "{trace}");
}
