//! The window's import preview of a user's own spreadsheet: which column became which field,
//! a drop-down per column to change it (remembered for the next file with the same headers),
//! the columns ignored, the dates as written and as read; and dropping a workbook opens it.

use ce_logbook::app::LogbookApp;
use ce_logbook::store::Store;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

mod common;
use common::Logbook;
use common::window::{add_cma, drop_file, open_window, settle};

/// A CMA logbook (its credential names AAMA as the approving body) open in the window.
fn window(book: &Logbook) -> Harness<'static, LogbookApp> {
    add_cma(&book.db);
    open_window(book.db.clone(), "2026-11-26")
}

/// Whether `text` is shown: as a label, or as the value of a drop-down.
fn sees(h: &Harness<'_, LogbookApp>, text: &str) -> bool {
    h.query_all_by_label(text).next().is_some() || h.query_all_by_value(text).next().is_some()
}

/// Sets the drop-down of the column headed `header` to `field`.
fn choose(h: &mut Harness<'_, LogbookApp>, header: &str, field: &str) {
    h.get_by_role_and_label(Role::ComboBox, header).click();
    h.run_steps(2);
    h.get_by_label(field).click();
    h.run_steps(3);
    settle(h);
}

fn titles(book: &Logbook) -> Vec<String> {
    let store = Store::open(&book.db).unwrap();
    let mut t: Vec<String> = store
        .activities()
        .unwrap()
        .into_iter()
        .map(|a| a.data.title.to_string())
        .collect();
    t.sort();
    t
}

#[test]
fn a_dropped_workbook_shows_its_columns_dates_and_rows_before_anything_is_written() {
    let book = Logbook::new();
    let mut h = window(&book);
    let xlsx = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import/excel-courses.xlsx");
    // Named as something else: a workbook is known by its content.
    let renamed = book.file("courses.download", std::fs::read(xlsx).unwrap());
    drop_file(&mut h, &renamed);
    assert!(sees(&h, "Import activities"));
    assert!(sees(&h, "Columns (change any that were read wrong):"));
    assert!(sees(&h, "Ignored: Instructor"));
    assert!(
        sees(&h, "AAMA approved (yes/no)"),
        "the column AAMA Approved"
    );
    assert!(sees(&h, "4 rows, all valid:"));
    // The date cell and the one typed as text, each as written and as read.
    assert!(sees(&h, "6/1/2024") && sees(&h, "2024-06-01"));
    assert!(titles(&book).is_empty(), "a preview writes nothing");
    h.get_by_label("Import 4 activities").click();
    h.run_steps(3);
    settle(&mut h);
    assert_eq!(titles(&book).len(), 4);

    // The same workbook again: the preview, set against the logbook on its reading thread,
    // finds every row there already and offers nothing new.
    drop_file(&mut h, &renamed);
    assert!(
        h.query_by_label_contains("4 rows are in your logbook already")
            .is_some(),
        "the rows just imported are recognised"
    );
    assert!(sees(&h, "Nothing new to import"));
    assert_eq!(titles(&book).len(), 4);
}

#[test]
fn a_column_changed_in_the_preview_is_remembered_for_the_next_file_with_those_headers() {
    let book = Logbook::new();
    let mut h = window(&book);
    let first = book.file("first.csv", "What,When,Worth,Said yes\nA,3/14/2024,2,x\n");
    drop_file(&mut h, &first);
    assert!(
        h.query_by_label_contains("no column holds the title")
            .is_some()
    );
    choose(&mut h, "What", "title");
    choose(&mut h, "When", "date");
    choose(&mut h, "Worth", "points");
    choose(&mut h, "Said yes", "approved (yes/no)");
    // A plain "approved" means the one body the logbook's credentials name.
    assert!(sees(&h, "1 row, all valid:"), "every column chosen");
    assert!(sees(&h, "3/14/2024"), "the date as written");
    assert!(sees(&h, "2024-03-14"), "the date as read");
    assert!(sees(&h, "AAMA"), "approved by AAMA");
    h.get_by_label("Import 1 activity").click();
    h.run_steps(3);
    settle(&mut h);
    assert_eq!(titles(&book), ["A"]);

    // The next file with the same headers is read the way the user chose.
    let second = book.file("second.csv", "what,when,worth,said yes\nB,3/15/2024,1,\n");
    drop_file(&mut h, &second);
    assert!(sees(&h, "1 row, all valid:"));
    // Moving a field to another column takes it from the one that had it.
    choose(&mut h, "what", "note");
    assert!(
        h.query_by_label_contains("no column holds the title")
            .is_some()
    );
}

#[test]
fn a_libreoffice_sheet_with_a_plain_approved_column_says_which_body_it_took() {
    let book = Logbook::new();
    let mut h = window(&book);
    let ods = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import/libreoffice-activities.ods");
    drop_file(&mut h, &ods);
    // The empty first sheet is passed over, and the sheet read can be changed.
    assert!(sees(&h, "Activities"), "the sheet read");
    assert!(sees(&h, "\u{201c}Approved\u{201d} means approved by"));
    assert!(sees(&h, "3 rows, all valid:"));
    // The one body the CMA names: typing another takes it instead.
    assert!(sees(&h, "AAMA"));
    h.get_by_role_and_label(
        Role::TextInput,
        "\u{201c}Approved\u{201d} means approved by",
    )
    .focus();
    h.run_steps(1);
    h.get_by_role_and_label(
        Role::TextInput,
        "\u{201c}Approved\u{201d} means approved by",
    )
    .type_text("NHA");
    h.run_steps(3);
    settle(&mut h);
    assert!(sees(&h, "NHA") && !sees(&h, "AAMA"), "approved by NHA now");
}
