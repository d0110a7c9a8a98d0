//! Backups with their proof, through the command line as a user runs it: certificates kept in
//! every backup and put back by a restore, one file to move to another computer, and every
//! refusal (not a logbook, damaged, newer, a certificate that does not match its hash, a path
//! that leaves its folder) leaving the logbook and its certificates as they were, byte for byte.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

mod common;
use common::{Logbook, words};

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR fake scan";

/// The logbook file and every certificate beside it, by name: what must not change when a
/// restore is refused.
fn snapshot(book: &Logbook) -> BTreeMap<String, Vec<u8>> {
    let mut all = BTreeMap::new();
    if let Ok(bytes) = std::fs::read(&book.db) {
        all.insert("logbook".to_owned(), bytes);
    }
    if let Ok(entries) = std::fs::read_dir(attachments(book)) {
        for e in entries {
            let e = e.unwrap();
            all.insert(
                format!("attachments/{}", e.file_name().to_string_lossy()),
                std::fs::read(e.path()).unwrap(),
            );
        }
    }
    all
}

fn attachments(book: &Logbook) -> PathBuf {
    book.db.parent().unwrap().join("attachments")
}

fn pool(book: &Logbook) -> PathBuf {
    book.db.parent().unwrap().join("backups/certificates")
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| entries.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default();
    files.sort();
    files
}

fn titles(book: &Logbook) -> Vec<String> {
    book.list()
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap().to_owned())
        .collect()
}

/// A logbook on `day` with one activity and its certificate; returns the activity's id.
fn with_certificate(book: &Logbook, day: &str) -> String {
    let id = book
        .run(&[
            "--today",
            day,
            "add",
            "--title",
            "Infection control",
            "--date",
            "2025-03-01",
            "--points",
            "2",
        ])
        .ok()
        .trim()
        .to_owned();
    let pdf = book.file("certificate.pdf", PDF);
    book.run(&["--today", day, "attach", &id, pdf.to_str().unwrap()])
        .ok();
    id
}

#[test]
fn restoring_yesterdays_backup_brings_back_a_removed_activitys_certificate() {
    let book = Logbook::new();
    let id = with_certificate(&book, "2026-11-25");
    // The first command of the next day makes that day's backup, certificate included.
    book.run(&["--today", "2026-11-26", "list"]).ok();
    let backup = book.path("backups/logbook-2026-11-26.sqlite3");
    assert!(backup.exists());
    book.run(&["--today", "2026-11-27", "remove", &id]).ok();
    assert!(
        files_in(&attachments(&book)).is_empty(),
        "the removal swept the certificate"
    );

    let out = book
        .run(&["--today", "2026-11-27", "restore", backup.to_str().unwrap()])
        .ok();
    assert!(out.contains("putting back 1 certificate"), "{out}");
    assert_eq!(titles(&book), ["Infection control"]);
    let stored = files_in(&attachments(&book));
    assert_eq!(stored.len(), 1);
    assert_eq!(std::fs::read(&stored[0]).unwrap(), PDF);
    let check = book.run(&["attachments", "--json"]).ok();
    assert!(check.contains("\"ok\""), "verified by its hash: {check}");
}

#[test]
fn backups_share_one_copy_of_a_certificate_and_the_pool_is_pruned_with_them() {
    let book = Logbook::new();
    let id = with_certificate(&book, "2026-01-01");
    book.run(&["--today", "2026-01-02", "list"]).ok();
    book.run(&["--today", "2026-01-03", "list"]).ok();
    assert_eq!(
        files_in(&pool(&book)).len(),
        1,
        "two backups holding the same certificate store it once"
    );
    let png = book.file("scan.png", PNG);
    book.run(&[
        "--today",
        "2026-01-03",
        "attach",
        &id,
        png.to_str().unwrap(),
    ])
    .ok();
    book.run(&["--today", "2026-01-03", "detach", &id, "certificate.pdf"])
        .ok();
    book.run(&["--today", "2026-01-04", "list"]).ok();
    assert_eq!(files_in(&pool(&book)).len(), 2);

    // Fifty days later the backups that held the PDF are thinned out, and the PDF with them.
    for day in 5..=31 {
        book.run(&["--today", &format!("2026-01-{day:02}"), "list"])
            .ok();
    }
    for day in 1..=20 {
        book.run(&["--today", &format!("2026-02-{day:02}"), "list"])
            .ok();
    }
    let left = files_in(&pool(&book));
    assert_eq!(left.len(), 1, "{left:?}");
    assert_eq!(std::fs::read(&left[0]).unwrap(), PNG);
}

#[test]
fn a_backup_whose_certificate_is_changed_or_missing_is_refused_and_changes_nothing() {
    let book = Logbook::new();
    let id = with_certificate(&book, "2026-11-25");
    book.run(&["--today", "2026-11-26", "list"]).ok();
    let backup = book.path("backups/logbook-2026-11-26.sqlite3");
    book.run(&["--today", "2026-11-26", "remove", &id]).ok();
    book.id(&words("add --title Newer --date 2025-04-01 --points 1"));
    let before = snapshot(&book);

    let pooled = files_in(&pool(&book));
    let original = std::fs::read(&pooled[0]).unwrap();
    let mut altered = original.clone();
    altered[10] ^= 1;
    std::fs::write(&pooled[0], &altered).unwrap();
    let refused = book.run(&["restore", backup.to_str().unwrap()]);
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    assert!(
        refused.stderr.contains("'certificate.pdf'") && refused.stderr.contains("changed"),
        "names the certificate: {}",
        refused.stderr
    );
    assert_eq!(snapshot(&book), before, "nothing changed");

    std::fs::remove_file(&pooled[0]).unwrap();
    let refused = book.run(&["restore", backup.to_str().unwrap()]);
    assert_eq!(refused.code, 2);
    assert!(
        refused.stderr.contains("'certificate.pdf'") && refused.stderr.contains("missing"),
        "{}",
        refused.stderr
    );
    assert_eq!(snapshot(&book), before);

    // The logbook copy itself changed after the backup was made.
    std::fs::write(&pooled[0], &original).unwrap();
    let mut copy = std::fs::read(&backup).unwrap();
    let at = copy.len() - 100;
    copy[at] ^= 0x55;
    std::fs::write(&backup, &copy).unwrap();
    let refused = book.run(&["restore", backup.to_str().unwrap()]);
    assert_eq!(refused.code, 2);
    assert!(
        refused.stderr.contains("changed since the backup was made"),
        "{}",
        refused.stderr
    );
    assert_eq!(snapshot(&book), before);
}

#[test]
fn one_file_moves_the_logbook_and_its_proof_to_a_new_computer() {
    let old = Logbook::new();
    with_certificate(&old, "2026-11-25");
    old.id(&words(
        "add --title 'BLS card' --date 2025-06-01 --kind cpr",
    ));
    let file = old.path("move.celogbook");
    let out = old.run(&["backup", "--out", file.to_str().unwrap()]).ok();
    assert!(out.contains("1 certificate"), "{out}");
    let again = old.run(&["backup", "--out", file.to_str().unwrap()]);
    assert_eq!(again.code, 2, "never over an existing file");

    // The new computer: no logbook, no data folder yet.
    let new = Logbook::at("data/logbook.sqlite3");
    let out = new.run(&["restore", file.to_str().unwrap()]).ok();
    assert!(out.contains("putting back 1 certificate"), "{out}");
    assert!(!out.contains("kept as"), "there was nothing to keep: {out}");
    assert_eq!(new.list(), old.list());
    let stored = files_in(&attachments(&new));
    assert_eq!(stored.len(), 1);
    assert_eq!(std::fs::read(&stored[0]).unwrap(), PDF);
}

/// Copies the one-file backup `from` into `to`, entry by entry through `change` (which may
/// rename or rewrite an entry, or drop it with `None`), then adds `extra` entries.
fn rewrite(
    from: &Path,
    to: &Path,
    mut change: impl FnMut(&str, Vec<u8>) -> Option<(String, Vec<u8>)>,
    extra: &[(&str, &[u8])],
) {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(from).unwrap()).unwrap();
    let mut out = zip::ZipWriter::new(std::fs::File::create(to).unwrap());
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().unwrap().into_owned();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        if let Some((name, bytes)) = change(&name, bytes) {
            out.start_file(name, options).unwrap();
            out.write_all(&bytes).unwrap();
        }
    }
    for (name, bytes) in extra {
        out.start_file(*name, options).unwrap();
        out.write_all(bytes).unwrap();
    }
    out.finish().unwrap();
}

fn sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The logbook `bytes` with its schema version set to `version`.
fn with_schema_version(bytes: &[u8], version: i64) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.sqlite3");
    std::fs::write(&path, bytes).unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.pragma_update(None, "user_version", version).unwrap();
    drop(conn);
    std::fs::read(&path).unwrap()
}

/// Backup files that must be refused, each made from the good one-file backup `good` the way
/// a tool or an attacker would, with the words the refusal must hold.
fn refused_backups(book: &Logbook, good: &Path) -> Vec<(PathBuf, &'static str)> {
    let bad = |name: &str| book.path(name);
    let mut cases: Vec<(PathBuf, &'static str)> = Vec::new();

    let text = bad("notes.celogbook");
    std::fs::write(&text, "my notes, not a backup").unwrap();
    cases.push((text, "not an SQLite database"));

    let truncated = bad("truncated.celogbook");
    let bytes = std::fs::read(good).unwrap();
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    cases.push((truncated, "not a readable backup"));

    let other_zip = bad("photos.zip");
    {
        let mut z = zip::ZipWriter::new(std::fs::File::create(&other_zip).unwrap());
        z.start_file("holiday.jpg", zip::write::SimpleFileOptions::default())
            .unwrap();
        z.write_all(b"\xff\xd8\xff").unwrap();
        z.finish().unwrap();
    }
    cases.push((other_zip, "never has"));

    let tampered = bad("tampered.celogbook");
    rewrite(
        good,
        &tampered,
        |name, mut bytes| {
            if name.starts_with("certificates/") {
                bytes[9] ^= 1;
            }
            Some((name.to_owned(), bytes))
        },
        &[],
    );
    cases.push((tampered, "does not match its hash"));

    let dropped = bad("dropped.celogbook");
    rewrite(
        good,
        &dropped,
        |name, bytes| (!name.starts_with("certificates/")).then(|| (name.to_owned(), bytes)),
        &[],
    );
    cases.push((dropped, "'certificate.pdf'"));

    let escaping = bad("escaping.celogbook");
    rewrite(
        good,
        &escaping,
        |name, bytes| Some((name.to_owned(), bytes)),
        &[("../../escaped.pdf", PDF)],
    );
    cases.push((escaping, "tries to leave its folder"));

    // A logbook from a newer version, its manifest made to match so only the version speaks.
    let newer = bad("newer.celogbook");
    let mut new_hash = String::new();
    rewrite(
        good,
        &newer,
        |name, bytes| {
            if name == "logbook.sqlite3" {
                let bytes = with_schema_version(&bytes, 99);
                new_hash = sha256(&bytes);
                return Some((name.to_owned(), bytes));
            }
            Some((name.to_owned(), bytes))
        },
        &[],
    );
    let newer_fixed = bad("newer-fixed.celogbook");
    rewrite(
        &newer,
        &newer_fixed,
        |name, bytes| {
            if name != "manifest.json" {
                return Some((name.to_owned(), bytes));
            }
            let mut m: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
            m["logbook"]["sha256"] = new_hash.clone().into();
            Some((name.to_owned(), serde_json::to_vec(&m).unwrap()))
        },
        &[],
    );
    cases.push((newer, "changed since the backup was made"));
    cases.push((newer_fixed, "newer version"));

    cases
}

#[test]
fn every_refused_one_file_backup_leaves_the_logbook_and_certificates_byte_for_byte() {
    let book = Logbook::new();
    with_certificate(&book, "2026-11-25");
    let good = book.path("good.celogbook");
    book.run(&["backup", "--out", good.to_str().unwrap()]).ok();
    book.id(&words(
        "add --title 'After the backup' --date 2025-04-01 --points 1",
    ));
    let png = book.file("scan.png", PNG);
    book.run(&["attach", "2", png.to_str().unwrap()]).ok();
    let before = snapshot(&book);

    let cases = refused_backups(&book, &good);
    for (file, reason) in &cases {
        let refused = book.run(&["restore", file.to_str().unwrap()]);
        assert_eq!(refused.code, 2, "{}: {}", file.display(), refused.stderr);
        assert!(
            refused.stderr.contains("cannot be restored") && refused.stderr.contains(reason),
            "{}: expected {reason:?} in {}",
            file.display(),
            refused.stderr
        );
        assert!(!refused.stderr.contains("panicked"));
        assert_eq!(snapshot(&book), before, "{}", file.display());
    }
    assert!(
        !book
            .dir
            .path()
            .parent()
            .unwrap()
            .join("escaped.pdf")
            .exists()
    );

    // Where there is no logbook yet, a refusal creates none.
    let new = Logbook::at("data/logbook.sqlite3");
    let refused = new.run(&["restore", cases[3].0.to_str().unwrap()]);
    assert_eq!(refused.code, 2);
    assert!(!new.db.exists() && !new.db.parent().unwrap().exists());

    // And the good one is restored after all that.
    let out = book.run(&["restore", good.to_str().unwrap()]).ok();
    assert!(out.contains("kept as"), "{out}");
    assert_eq!(titles(&book), ["Infection control"]);
}

#[test]
fn a_plain_sqlite_backup_of_before_is_still_restored() {
    let book = Logbook::new();
    book.id(&words("add --title Old --date 2025-01-01 --points 1"));
    let copy = book.path("plain.sqlite3");
    rusqlite::Connection::open(&book.db)
        .unwrap()
        .execute("VACUUM INTO ?1", [copy.to_str().unwrap()])
        .unwrap();
    book.id(&words("add --title New --date 2025-01-02 --points 1"));
    book.run(&["restore", copy.to_str().unwrap()]).ok();
    assert_eq!(titles(&book), ["Old"]);
}
