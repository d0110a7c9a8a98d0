//! Proof for an audit, through the command line as a user runs it: certificates attached and
//! checked, the documentation check, the transcript PDF, the packet ZIP and the calendar.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::str::FromStr;

use chrono::NaiveDate;
use icalendar::{Component, DatePerhapsTime};
use serde_json::Value;

mod common;
use common::{Logbook, date, words};

/// Every logbook here lives in a `data` folder of its own and runs on 2026-11-26.
fn logbook() -> Logbook {
    Logbook::at("data/logbook.sqlite3").today("2026-11-26")
}

impl Logbook {
    /// Writes a file into the temporary folder and returns its path as an argument.
    fn file_arg(&self, name: &str, bytes: &[u8]) -> String {
        self.file(name, bytes).to_string_lossy().into_owned()
    }

    fn out(&self, name: &str) -> String {
        self.path(name).to_string_lossy().into_owned()
    }

    fn attachments_dir(&self) -> PathBuf {
        self.db.parent().unwrap().join("attachments")
    }

    fn stored_files(&self) -> BTreeSet<String> {
        match std::fs::read_dir(self.attachments_dir()) {
            Ok(entries) => entries
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect(),
            Err(_) => BTreeSet::new(),
        }
    }

    fn attachments(&self) -> Vec<Value> {
        let out = self.run(&["attachments", "--json"]).ok();
        serde_json::from_str::<Value>(&out)
            .unwrap()
            .as_array()
            .unwrap()
            .clone()
    }

    /// Runs a command that prints one thing (an id), and returns it.
    fn printed(&self, args: &[&str]) -> String {
        self.run(args).ok().trim().to_owned()
    }

    fn add(&self, args: &[&str]) -> String {
        let mut all = vec!["add"];
        all.extend_from_slice(args);
        self.printed(&all)
    }
}

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR fake scan";

/// A CMA (AAMA) certified 2024-01-15 with a documented course, a course without proof, and a
/// college course.
fn cma_logbook() -> (Logbook, String, String) {
    let book = logbook();
    let credential = book.printed(&["credential", "add", "cma-aama", "--certified", "2024-01-15"]);
    let documented = book.add(&words(
        "--title 'Infection control: hand hygiene' --date 2025-03-01 \
         --points 2.5 --category clinical --approved-by AAMA \
         --provider 'AAMA e-Learning Center' \
         --note 'Hand hygiene, PPE and sharps'",
    ));
    let bare = book.add(&words(
        "--title 'Medical law and ethics' --date 2025-05-10 --points 10 \
         --category administrative",
    ));
    (book, credential, documented + " " + &bare)
}

#[test]
fn attached_certificates_round_trip_and_identical_files_are_stored_once() {
    let (book, _, ids) = cma_logbook();
    let (a, b) = ids.split_once(' ').unwrap();
    let cert = book.file_arg("certificate.pdf", PDF);
    let out = book.run(&["attach", a, &cert]).ok();
    assert!(out.contains("attached certificate.pdf (PDF"), "{out}");
    // The same content under another name, on another activity: one stored file.
    let copy = book.file_arg("copy of certificate.pdf", PDF);
    book.run(&["attach", b, &copy]).ok();
    // Attaching the very same file again changes nothing.
    book.run(&["attach", a, &cert]).ok();
    let stored = book.stored_files();
    assert_eq!(stored.len(), 1, "{stored:?}");
    let name = stored.iter().next().unwrap();
    assert!(name.ends_with(".pdf") && name.len() == 64 + 4, "{name}");
    let on_disk = book.attachments_dir().join(name);
    assert_eq!(std::fs::read(&on_disk).unwrap(), PDF);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&on_disk).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "a certificate is private: {mode:o}");
        let dir = std::fs::metadata(book.attachments_dir()).unwrap();
        assert_eq!(dir.permissions().mode() & 0o777, 0o700);
    }

    let listed = book.attachments();
    assert_eq!(listed.len(), 2, "{listed:?}");
    let names: BTreeSet<&str> = listed.iter().map(|r| r["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        BTreeSet::from(["certificate.pdf", "copy of certificate.pdf"])
    );
    assert!(
        listed
            .iter()
            .all(|r| r["state"] == "ok" && r["size"] == PDF.len())
    );
    assert_eq!(listed[0]["hash"], listed[1]["hash"]);

    // A PNG is told by its content, whatever its name.
    let scan = book.file_arg("scan.pdf", PNG);
    let out = book.run(&["attach", b, &scan]).ok();
    assert!(out.contains("(PNG"), "{out}");
    assert!(book.stored_files().iter().any(|f| f.ends_with(".png")));
}

#[test]
fn a_file_that_is_not_a_certificate_is_refused_and_nothing_is_written() {
    let (book, _, ids) = cma_logbook();
    let (a, _) = ids.split_once(' ').unwrap();
    let good = book.file_arg("good.pdf", PDF);
    let text = book.file_arg("notes.pdf", b"just text named .pdf");
    let empty = book.file_arg("empty.png", b"");
    let big = book.dir.path().join("huge.pdf");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(20 * 1024 * 1024 + 1).unwrap();
    for (file, says) in [
        (text.as_str(), "not a PDF, PNG or JPEG"),
        (empty.as_str(), "is empty"),
        (big.to_str().unwrap(), "at most 20.0 MB"),
        ("/no/such/file.pdf", "cannot read /no/such/file.pdf"),
    ] {
        // A bad file among good ones: none of them is attached.
        let run = book.run(&["attach", a, &good, file]);
        assert_eq!(run.code, 2, "{file}: {}", run.stderr);
        assert!(run.stderr.contains(says), "{file}: {}", run.stderr);
        assert!(book.stored_files().is_empty(), "{file}");
        assert!(book.attachments().is_empty(), "{file}");
    }
    let run = book.run(&["attach", "999", &good]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no activity has the id 999"));
    assert!(book.stored_files().is_empty());
}

#[test]
fn a_missing_or_changed_certificate_is_reported() {
    let (book, credential, ids) = cma_logbook();
    let (a, b) = ids.split_once(' ').unwrap();
    book.run(&["attach", a, &book.file_arg("a.pdf", PDF)]).ok();
    book.run(&["attach", b, &book.file_arg("b.png", PNG)]).ok();
    let dir = book.attachments_dir();
    for name in book.stored_files() {
        let path = dir.join(&name);
        if name.ends_with(".pdf") {
            // Same size, other content: only the hash can tell.
            let mut bytes = std::fs::read(&path).unwrap();
            bytes[10] ^= 1;
            std::fs::write(&path, bytes).unwrap();
        } else {
            std::fs::remove_file(&path).unwrap();
        }
    }
    let run = book.run(&["attachments"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("CHANGED") && run.stdout.contains("MISSING"));
    assert!(
        run.stderr
            .contains("2 certificate files are missing or changed")
    );
    let check = book.run(&["check"]).ok();
    assert!(
        check.contains("certificate file a.pdf was changed since it was attached"),
        "{check}"
    );
    assert!(
        check.contains("certificate file b.png is missing"),
        "{check}"
    );
    let packet = book.out("packet.zip");
    let run = book.run(&["packet", &credential, "--out", &packet]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("a.pdf") && run.stderr.contains("b.png"));
    assert!(run.stdout.contains("0 certificates"), "{}", run.stdout);
}

#[test]
fn removing_an_activity_removes_certificates_nothing_else_refers_to() {
    let (book, _, ids) = cma_logbook();
    let (a, b) = ids.split_once(' ').unwrap();
    let shared = book.file_arg("shared.pdf", PDF);
    book.run(&["attach", a, &shared]).ok();
    book.run(&["attach", b, &shared]).ok();
    book.run(&["attach", b, &book.file_arg("own.png", PNG)])
        .ok();
    assert_eq!(book.stored_files().len(), 2);
    book.run(&["remove", b]).ok();
    // The shared file stays for activity a; b's own file is gone.
    let left = book.stored_files();
    assert_eq!(left.len(), 1);
    assert!(left.iter().next().unwrap().ends_with(".pdf"));
    book.run(&["detach", a, "shared.pdf"]).ok();
    assert!(book.stored_files().is_empty());
    let run = book.run(&["detach", a, "shared.pdf"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("has no certificate 'shared.pdf'"));
}

#[test]
fn restoring_a_plain_copy_says_which_certificates_were_removed_since() {
    let (book, _, ids) = cma_logbook();
    let (a, b) = ids.split_once(' ').unwrap();
    book.run(&["attach", a, &book.file_arg("kept.pdf", PDF)])
        .ok();
    book.run(&["attach", b, &book.file_arg("gone.png", PNG)])
        .ok();
    // A copy of the logbook file alone, as `sqlite3 logbook.sqlite3 "VACUUM INTO ..."` makes
    // it: the certificates stay behind.
    let copy = book.out("before.sqlite3");
    rusqlite::Connection::open(&book.db)
        .unwrap()
        .execute("VACUUM INTO ?1", [&copy])
        .unwrap();
    book.run(&["remove", b]).ok();

    let out = book.run(&["restore", &copy]).ok();
    assert!(
        out.contains("1 certificate it names is not in"),
        "the restore names the swept file: {out}"
    );
    let check = book.run(&["check"]).ok();
    assert!(check.contains("gone.png"), "{check}");

    // A backup whose certificates are all present says nothing of them.
    let whole = book.out("whole.sqlite3");
    book.run(&["detach", b, "gone.png"]).ok();
    book.run(&["backup", "--out", &whole]).ok();
    let out = book.run(&["restore", &whole]).ok();
    assert!(!out.contains("certificate"), "{out}");
}

#[test]
fn the_documentation_check_names_what_each_activity_lacks() {
    let (book, _, ids) = cma_logbook();
    let (a, b) = ids.split_once(' ').unwrap();
    let before: Value = serde_json::from_str(&book.run(&["check", "--json"]).ok()).unwrap();
    let find = |v: &Value, id: &str| {
        v.as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"].as_i64() == id.parse().ok())
            .unwrap()
            .clone()
    };
    assert_eq!(
        find(&before, a)["missing"],
        serde_json::json!(["no certificate attached"])
    );
    assert_eq!(
        find(&before, b)["missing"],
        serde_json::json!([
            "no certificate attached",
            "no provider (who issued the credit)",
            "no course description or note"
        ])
    );
    book.run(&["attach", a, &book.file_arg("a.pdf", PDF)]).ok();
    let text = book.run(&["check"]).ok();
    assert!(
        text.contains("Infection control: hand hygiene: documented"),
        "{text}"
    );
    assert!(text.contains("1 of 2 activities lack proof"), "{text}");
    // An activity before the cycle lacks a date inside it.
    let old = book.add(&words(
        "--title 'Old course' --date 2023-01-01 --points 1 --provider X \
         --note n",
    ));
    let after: Value = serde_json::from_str(&book.run(&["check", "--json"]).ok()).unwrap();
    assert_eq!(
        find(&after, &old)["missing"],
        serde_json::json!(["no certificate attached", "dated outside the cycle"])
    );
}

fn pdftotext(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-layout"])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap_or_else(|e| {
            panic!("pdftotext (Debian package poppler-utils) is needed for this test: {e}")
        });
    assert!(
        out.status.success(),
        "pdftotext failed on {}",
        pdf.display()
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_transcript_pdf_holds_the_person_the_activities_and_the_totals() {
    let (book, credential, ids) = cma_logbook();
    let (a, _) = ids.split_once(' ').unwrap();
    book.run(&["profile", "--name", "Jane Q. Doe"]).ok();
    book.run(&["attach", a, &book.file_arg("a.pdf", PDF)]).ok();
    // Outside the cycle: not on the transcript.
    book.add(&words(
        "--title 'Before the cycle' --date 2023-06-01 --points 3",
    ));
    let out = book.out("transcript.pdf");
    let said = book.run(&["report", &credential, "--out", &out]).ok();
    assert!(said.contains("2 activities; 1 lack proof"), "{said}");
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    let text = pdftotext(Path::new(&out));
    for expected in [
        "Continuing-education transcript",
        "Jane Q. Doe",
        "CMA (AAMA)",
        "Cycle January 15, 2024 to January 31, 2029",
        "CE route open until April 30, 2029",
        "2025-03-01",
        "Infection control: hand",
        "Medical law and ethics",
        "administrative",
        "missing:",
        "Points counted",
        "12.5 of 60",
        "47.5 short",
        "Approved by AAMA",
        "2.5 of 30",
        "Points still needed: 47.5",
        "State: in progress",
        "1 activity lacks proof",
        "Page 1 of 1",
    ] {
        assert!(text.contains(expected), "'{expected}' not in:\n{text}");
    }
    assert!(!text.contains("Before the cycle"), "{text}");
}

/// Whether an installed font has `c`, as fontconfig sees it.
fn installed_font_has(c: char) -> bool {
    Command::new("fc-list")
        .arg(format!(":charset={:x}", u32::from(c)))
        .arg("file")
        .output()
        .is_ok_and(|o| !o.stdout.is_empty())
}

#[test]
fn the_transcript_prints_what_its_font_lacks_from_an_installed_font_or_names_it() {
    let (book, credential, _) = cma_logbook();
    // Chinese (DejaVu Sans has none of it; Droid Sans Fallback or Noto CJK may be installed),
    // and an Egyptian hieroglyph, which few machines have a font for.
    book.add(&[
        "--title",
        "感染控制 training 𓀀",
        "--date",
        "2025-06-01",
        "--points",
        "1",
    ]);
    let out = book.out("transcript.pdf");
    let run = book.run(&["report", &credential, "--out", &out]);
    let stderr = run.stderr.clone();
    run.ok();
    let text = pdftotext(Path::new(&out));
    assert!(text.contains("training"), "{text}");
    for (c, printed) in [('感', "感染控制"), ('\u{13000}', "\u{13000}")] {
        let named = format!("U+{:04X}", u32::from(c));
        if installed_font_has(c) {
            assert!(
                text.contains(printed),
                "{printed} from an installed font:\n{text}"
            );
            assert!(!stderr.contains(&named), "{stderr}");
        } else {
            eprintln!("no installed font has {named}: checking that it is named instead");
            assert!(
                stderr.contains("could not print") && stderr.contains(&named),
                "{named} is named: {stderr}"
            );
        }
    }
}

#[test]
fn a_long_transcript_breaks_into_numbered_pages() {
    let book = logbook();
    let id = book.printed(&["credential", "add", "rma-amt", "--certified", "2024-06-01"]);
    let mut csv = String::from("title,date,points,kind,category,approved_by,provider,note\n");
    for i in 0..90 {
        csv.push_str(&format!(
            "Course {i:03},2025-{:02}-{:02},0.5,course,general,,Provider {i},\n",
            i % 12 + 1,
            i % 28 + 1
        ));
    }
    let file = book.file_arg("many.csv", csv.as_bytes());
    book.run(&["import", &file]).ok();
    let out = book.out("long.pdf");
    book.run(&["report", &id, "--out", &out]).ok();
    let text = pdftotext(Path::new(&out));
    for i in 0..90 {
        assert!(
            text.contains(&format!("Course {i:03}")),
            "Course {i:03} lost"
        );
    }
    let pages = text.matches("Page ").count();
    assert!(pages >= 3, "{pages} pages");
    assert!(text.contains(&format!("Page {pages} of {pages}")));
    assert!(text.contains("45 of 30"), "{text}");
}

#[test]
fn the_packet_holds_the_transcript_and_every_certificate_named_by_date_and_title() {
    let (book, credential, ids) = cma_logbook();
    let (a, b) = ids.split_once(' ').unwrap();
    book.run(&["attach", a, &book.file_arg("x.pdf", PDF)]).ok();
    book.run(&["attach", a, &book.file_arg("y.png", PNG)]).ok();
    book.run(&["attach", b, &book.file_arg("z.pdf", b"%PDF-1.7 other")])
        .ok();
    let out = book.out("packet.zip");
    let said = book.run(&["packet", &credential, "--out", &out]).ok();
    assert!(said.contains("2 activities, 3 certificates"), "{said}");
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
    let names: BTreeSet<String> = zip.file_names().map(|n| n.unwrap().into_owned()).collect();
    assert_eq!(
        names,
        BTreeSet::from([
            "transcript CMA (AAMA) 2026-11-26.pdf".to_owned(),
            "certificates/2025-03-01 Infection control_ hand hygiene.pdf".to_owned(),
            "certificates/2025-03-01 Infection control_ hand hygiene.png".to_owned(),
            "certificates/2025-05-10 Medical law and ethics.pdf".to_owned(),
        ])
    );
    let mut cert = Vec::new();
    std::io::Read::read_to_end(
        &mut zip
            .by_name("certificates/2025-03-01 Infection control_ hand hygiene.pdf")
            .unwrap(),
        &mut cert,
    )
    .unwrap();
    assert_eq!(cert, PDF);
    let mut pdf = Vec::new();
    std::io::Read::read_to_end(
        &mut zip.by_name("transcript CMA (AAMA) 2026-11-26.pdf").unwrap(),
        &mut pdf,
    )
    .unwrap();
    let path = book.dir.path().join("from-zip.pdf");
    std::fs::write(&path, pdf).unwrap();
    assert!(pdftotext(&path).contains("Medical law and ethics"));

    let run = book.run(&["packet", "77", "--out", &out]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no credential has the id 77"));
}

#[test]
fn the_calendar_parses_and_holds_every_deadline_and_reminder() {
    let book = logbook();
    book.run(&["credential", "add", "cma-aama", "--certified", "2024-01-15"])
        .ok();
    book.run(&["credential", "add", "ccma-nha", "--certified", "2025-08-31"])
        .ok();
    let out = book.out("deadlines.ics");
    book.run(&["calendar", "--out", &out]).ok();
    let text = std::fs::read_to_string(&out).unwrap();
    let calendar = icalendar::Calendar::from_str(&text).unwrap();
    let events: BTreeSet<(NaiveDate, String)> = calendar
        .events()
        .map(|e| {
            let Some(DatePerhapsTime::Date(day)) = e.get_start() else {
                panic!("not an all-day event: {e:?}");
            };
            (day, e.get_summary().unwrap().to_owned())
        })
        .collect();
    let expected = BTreeSet::from([
        (
            date("2028-07-31"),
            "CMA (AAMA) expires in 6 months".to_owned(),
        ),
        (
            date("2028-10-31"),
            "CMA (AAMA) expires in 3 months".to_owned(),
        ),
        (
            date("2028-12-31"),
            "CMA (AAMA) expires in 1 month".to_owned(),
        ),
        (date("2029-01-31"), "CMA (AAMA) expires today".to_owned()),
        // AAMA: pass the exam at least two months before expiry to recertify without a lapse.
        (
            date("2028-11-30"),
            "CMA (AAMA): last day to pass the exam and recertify without a lapse".to_owned(),
        ),
        (
            date("2029-04-30"),
            "CMA (AAMA): last day of the CE route".to_owned(),
        ),
        (
            date("2027-02-28"),
            "CCMA (NHA) expires in 6 months".to_owned(),
        ),
        (
            date("2027-05-31"),
            "CCMA (NHA) expires in 3 months".to_owned(),
        ),
        (
            date("2027-07-31"),
            "CCMA (NHA) expires in 1 month".to_owned(),
        ),
        (date("2027-08-31"), "CCMA (NHA) expires today".to_owned()),
    ]);
    assert_eq!(events, expected);
    // Every event has its own stable UID, so a second import updates instead of duplicating.
    let uids: BTreeSet<&str> = calendar.events().filter_map(|e| e.get_uid()).collect();
    assert_eq!(uids.len(), expected.len());
    // Every event rings twice: a week before and on the day (9:00 each, as a calendar
    // program reads the triggers).
    let unfolded = text.replace("\r\n ", "");
    assert_eq!(unfolded.matches("BEGIN:VEVENT").count(), expected.len());
    for event in unfolded.split("BEGIN:VEVENT").skip(1) {
        let alarms: Vec<&str> = event.lines().filter(|l| l.starts_with("TRIGGER")).collect();
        assert_eq!(alarms.len(), 2, "{event}");
        assert!(event.contains("ACTION:DISPLAY"), "{event}");
        // From the all-day event's midnight: 6 days 15 hours before, and 9 hours after.
        assert_eq!(alarms[0], "TRIGGER:-PT572400S", "a week before");
        assert_eq!(alarms[1], "TRIGGER:PT32400S", "on the day");
    }
    book.run(&["calendar", "--out", &out]).ok();
    assert_eq!(std::fs::read_to_string(&out).unwrap(), text);
}

#[test]
fn the_name_on_transcripts_is_checked() {
    let book = logbook();
    let long = "x".repeat(121);
    let run = book.run(&["profile", "--name", &long]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("longer than 120 characters"),
        "{}",
        run.stderr
    );
    assert!(!book.db.exists(), "bad input opens nothing");
    assert!(book.run(&["profile"]).ok().contains("no name set"));
    book.run(&["profile", "--name", "  Ana Ruiz "]).ok();
    assert_eq!(book.run(&["profile"]).ok(), "name: Ana Ruiz\n");
}

#[test]
fn a_credential_is_named_by_its_key_as_well_as_its_id() {
    let (book, _, _) = cma_logbook();
    let out = book.out("by-key.pdf");
    let said = book.run(&["report", "CMA-AAMA", "--out", &out]).ok();
    assert!(said.contains("2 activities"), "{said}");
    assert!(std::fs::read(&out).unwrap().starts_with(b"%PDF-"));

    let zip = book.out("packet.zip");
    let wrong = book.run(&["packet", "rma-amt", "--out", &zip]);
    assert_eq!(wrong.code, 2, "{}", wrong.stderr);
    assert!(
        wrong.stderr.contains(
            "no credential in this logbook has the key 'rma-amt'; \
             `ce-logbook credential list` shows each one's id and key"
        ),
        "{}",
        wrong.stderr
    );
    assert!(!Path::new(&zip).exists());
}
