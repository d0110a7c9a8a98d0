//! Faults while a certificate is stored: the disk full, the folder read-only, the file gone or
//! still being written. Each gets a clear message, leaves no part of a file under
//! `attachments/`, and leaves the activity as it was.

use std::path::{Path, PathBuf};

mod common;
use common::{Logbook, run_at, words};

fn pdf_of(size: usize) -> Vec<u8> {
    let mut bytes = b"%PDF-1.4\n".to_vec();
    bytes.resize(size - 6, b'x');
    bytes.extend_from_slice(b"%%EOF\n");
    bytes
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .map(|entries| entries.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default()
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_while_storing_a_certificate_leaves_no_part_of_it() {
    let dir = tempfile::tempdir().unwrap();
    let small = dir.path().join("small");
    let Some(_unmount) = common::tmpfs(&small, "size=640k") else {
        return;
    };
    let db = small.join("logbook.sqlite3");
    let id = run_at(&db, &words("add --title Kept --date 2025-01-01 --points 1")).ok();
    let id = id.trim();
    let before = run_at(&db, &["list", "--json"]).ok();
    let big = dir.path().join("scan.pdf");
    std::fs::write(&big, pdf_of(1024 * 1024)).unwrap();

    let run = run_at(&db, &["attach", id, big.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("disk is full"), "{}", run.stderr);
    assert!(
        run.stderr.contains("attachments"),
        "names where: {}",
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"));
    assert_eq!(
        files_in(&small.join("attachments")),
        Vec::<PathBuf>::new(),
        "no part of the file is left"
    );
    assert_eq!(run_at(&db, &["attachments", "--json"]).ok().trim(), "[]");
    assert_eq!(run_at(&db, &["list", "--json"]).ok(), before);

    // The space the failed copy took is free again: a small certificate fits.
    let card = dir.path().join("card.pdf");
    std::fs::write(&card, pdf_of(2000)).unwrap();
    run_at(&db, &["attach", id, card.to_str().unwrap()]).ok();
    assert_eq!(files_in(&small.join("attachments")).len(), 1);
}

#[cfg(target_os = "linux")]
#[test]
fn a_read_only_certificates_folder_gets_a_clear_message_and_changes_nothing() {
    let book = Logbook::new();
    let id = book.id(&words("add --title Kept --date 2025-01-01 --points 1"));
    let before = book.list();
    let attachments = book.path("attachments");
    let Some(_unmount) = common::tmpfs(&attachments, "ro,size=64k") else {
        return;
    };
    let pdf = book.file("card.pdf", pdf_of(2000));
    let run = book.run(&["attach", &id.to_string(), pdf.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("read-only"), "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"));
    assert_eq!(files_in(&attachments), Vec::<PathBuf>::new());
    assert_eq!(book.run(&["attachments", "--json"]).ok().trim(), "[]");
    assert_eq!(book.list(), before);
}

#[cfg(unix)]
#[test]
fn a_certificate_gone_or_not_a_whole_file_is_refused_before_anything_is_written() {
    let book = Logbook::new();
    let id = book
        .id(&words("add --title Kept --date 2025-01-01 --points 1"))
        .to_string();
    let before = book.list();

    // Chosen, then moved away before it was attached.
    let gone = book.file("downloaded.pdf", pdf_of(2000));
    std::fs::remove_file(&gone).unwrap();
    let run = book.run(&["attach", &id, gone.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("downloaded.pdf"), "{}", run.stderr);

    // A pipe (a scan still streaming in) is not read half: refused at once, never waited on.
    let pipe = book.path("scanner.pdf");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&pipe)
            .status()
            .unwrap()
            .success()
    );
    let run = book.run(&["attach", &id, pipe.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("not a regular file"), "{}", run.stderr);

    assert_eq!(files_in(&book.path("attachments")), Vec::<PathBuf>::new());
    assert_eq!(book.list(), before);
}
