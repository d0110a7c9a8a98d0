//! Files in and out of the window, as a person uses them: certificates dropped or browsed for
//! (read into a new activity, attached, refused), a spreadsheet imported (previewed, repeats
//! skipped), the recertification packet, transcript and calendar, a backup to one file and its
//! restore, the folders and files the dialogs remember, and About naming where the data is.

use ce_logbook::app::LogbookApp;
use ce_logbook::store::Store;
use egui::Key;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

mod common;
use common::date;
use common::pdfs::{AAMA, certificate_pdf, scanned_pdf};
use common::window::{
    Setup, activity, choose_category, click, drop_file, replace_text, sees, type_into,
};

#[test]
fn a_certificate_dropped_on_the_selected_activity_is_attached_and_its_proof_updates() {
    let setup = Setup::cma(&[("Infection control", "2024-03-14", "2", "clinical", true)]);
    let mut h = setup.harness();
    // No certificate, provider or description yet.
    assert!(sees(&h, "3 missing"));
    assert!(sees(&h, "1 activity lacks proof"));
    let text = setup.book.file("notes.txt", "not a certificate");
    let cert = setup.book.file("certificate.pdf", b"%PDF-1.4 certificate");

    // Nothing selected, and no text to read in it: the window says what to do and attaches
    // nothing.
    drop_file(&mut h, &cert);
    assert!(
        h.query_by_label_contains("this PDF is damaged and cannot be read")
            .is_some()
    );
    assert!(
        h.query_by_label_contains("select the activity first, then drop it")
            .is_some()
    );
    assert!(!sees(&h, "New activity"));
    click(&mut h, "Infection control");
    drop_file(&mut h, &text);
    assert!(
        h.query_by_label_contains("is not a PDF, PNG or JPEG file")
            .is_some(),
        "a text file is refused"
    );
    let store = Store::open(&setup.book.db).unwrap();
    let id = store.activities().unwrap()[0].id;
    assert!(store.attachments_of(id).unwrap().is_empty());

    drop_file(&mut h, &cert);
    assert!(sees(&h, "Attached certificate.pdf to “Infection control”."));
    assert!(
        sees(&h, "2 missing"),
        "the certificate is no longer missing"
    );
    let stored = store.attachments_of(id).unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(
        store.read_attachment(&stored[0]).unwrap(),
        b"%PDF-1.4 certificate"
    );

    // The edit form lists it and can take it off again.
    h.key_press(Key::Enter);
    h.run_steps(2);
    assert!(sees(&h, "certificate.pdf"));
    click(&mut h, "Remove certificate.pdf");
    h.run_steps(1);
    assert!(store.attachments_of(id).unwrap().is_empty());
    assert!(sees(&h, "Removed the certificate certificate.pdf."));
    assert!(
        !store.attachment_path(&stored[0]).exists(),
        "the file went too"
    );
}

#[test]
fn a_certificate_dropped_with_nothing_selected_fills_in_a_new_activity_saved_with_it() {
    let setup = Setup::cma(&[("Infection control", "2024-03-14", "2", "clinical", true)]);
    let mut h = setup.harness();
    let pdf = certificate_pdf(&AAMA);
    let cert = setup.book.file("aama.pdf", &pdf);
    drop_file(&mut h, &cert);

    assert!(sees(&h, "New activity"));
    assert!(
        h.query_by_label_contains("Filled in from aama.pdf")
            .is_some()
    );
    let field = |h: &Harness<'_, LogbookApp>, label: &str| {
        h.get_by_role_and_label(Role::TextInput, label).value()
    };
    assert_eq!(
        field(&h, "Title").as_deref(),
        Some("Phlebotomy Update: Order of Draw")
    );
    assert_eq!(field(&h, "Points").as_deref(), Some("2"));
    assert_eq!(
        field(&h, "Provider").as_deref(),
        Some("American Association of Medical Assistants")
    );
    assert!(sees(&h, "aama.pdf"), "the certificate waits to be attached");
    // Each field read is marked for review: title, date, points, category, approved by,
    // provider.
    let mark = "⚠ read from the certificate: check it";
    assert_eq!(h.query_all_by_label(mark).count(), 6);
    // A field the person changes is theirs: its mark goes.
    type_into(&mut h, "Provider", " e-Learning");
    assert_eq!(h.query_all_by_label(mark).count(), 5);

    click(&mut h, "Save");
    let store = Store::open(&setup.book.db).unwrap();
    let added = store
        .activities()
        .unwrap()
        .into_iter()
        .find(|a| &*a.data.title == "Phlebotomy Update: Order of Draw")
        .expect("the activity is saved");
    assert_eq!(added.data.date, date("2024-03-14"));
    assert_eq!(added.data.points.to_string(), "2");
    assert_eq!(added.data.category.as_deref(), Some("clinical"));
    assert!(added.data.lists_body("AAMA"));
    assert_eq!(
        added.data.provider.as_deref(),
        Some("American Association of Medical Assistants e-Learning")
    );
    let attached = store.attachments_of(added.id).unwrap();
    assert_eq!(attached.len(), 1);
    assert_eq!(attached[0].name, "aama.pdf");
    assert_eq!(store.read_attachment(&attached[0]).unwrap(), pdf);
}

#[test]
fn a_scanned_certificate_opens_the_form_empty_and_says_there_is_no_text() {
    let setup = Setup::cma(&[]);
    let mut h = setup.harness();
    let scan = setup.book.file("scan.pdf", scanned_pdf());
    drop_file(&mut h, &scan);
    assert!(
        h.query_by_label_contains("no text in this PDF; fill in the form")
            .is_some()
    );
    assert!(sees(&h, "New activity"));
    assert!(sees(&h, "scan.pdf"), "the scan waits to be attached");
    assert_eq!(
        h.query_all_by_label("⚠ read from the certificate: check it")
            .count(),
        0
    );
}

#[test]
fn certificates_chosen_for_a_new_activity_are_checked_then_attached_when_it_is_saved() {
    let setup = Setup::cma(&[]);
    let mut h = setup.harness();
    let cert = setup
        .book
        .file("bls-card.jpg", [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3]);
    let text = setup.book.file("notes.txt", "not a certificate");

    click(&mut h, "+ New activity");
    type_into(&mut h, "Title", "BLS course");
    type_into(&mut h, "Points", "4");
    choose_category(&mut h, "clinical");
    drop_file(&mut h, &cert);
    drop_file(&mut h, &text);
    assert!(sees(&h, "bls-card.jpg") && sees(&h, "notes.txt"));
    click(&mut h, "Save");
    h.run_steps(1);
    assert!(
        h.query_by_label_contains("notes.txt is not a PDF, PNG or JPEG file")
            .is_some(),
        "the bad file is named"
    );
    assert!(setup.stored_titles().is_empty(), "nothing is saved");
    assert!(sees(&h, "New activity"), "the form stays open");

    h.get_by_label("Do not attach notes.txt").click();
    h.run_steps(2);
    assert!(!sees(&h, "notes.txt"));
    click(&mut h, "Save");
    assert_eq!(setup.stored_titles(), ["BLS course"]);
    let store = Store::open(&setup.book.db).unwrap();
    let id = store.activities().unwrap()[0].id;
    let attached = store.attachments_of(id).unwrap();
    assert_eq!(attached.len(), 1);
    assert_eq!(attached[0].name, "bls-card.jpg");
}

#[test]
fn browsing_for_a_certificate_attaches_it_to_the_activity_being_edited() {
    let setup = Setup::cma(&[("Infection control", "2024-03-14", "2", "clinical", true)]);
    let mut h = setup.harness();
    let dir = setup.book.dir.path();
    setup.book.file("card.PDF", b"%PDF-1.4\n%%EOF\n");
    click(&mut h, "Infection control");
    h.key_press(Key::Enter);
    h.run_steps(2);
    replace_text(&mut h, "Attach a file", dir.join("x").to_str().unwrap());
    click(&mut h, "Browse…");
    assert!(sees(&h, "🗋 card.PDF"), "extensions match in any case");
    // Esc while browsing closes the browser, not the form being edited.
    h.key_press(Key::Escape);
    h.run_steps(2);
    assert!(!sees(&h, "🗋 card.PDF"));
    assert!(sees(&h, "Edit activity"));
    click(&mut h, "Browse…");
    click(&mut h, "🗋 card.PDF");
    click(&mut h, "Open");
    h.run_steps(1);
    let store = Store::open(&setup.book.db).unwrap();
    let id = store.activities().unwrap()[0].id;
    let attached = store.attachments_of(id).unwrap();
    assert_eq!(attached.len(), 1);
    assert_eq!(attached[0].name, "card.PDF");
    assert!(sees(&h, "Edit activity"), "attaching keeps the form open");
}

#[test]
fn an_import_previews_every_bad_row_and_writes_nothing_until_confirmed() {
    let setup = Setup::cma(&[("Infection control", "2024-03-14", "2", "clinical", true)]);
    let mut h = setup.harness();
    let bad = setup.book.file(
        "bad.csv",
        "title,date,points,kind,category,approved_by,provider,note\n\
         Good row,2024-05-01,1,course,general,AAMA,,\n\
         ,2024-05-02,1,course,general,,,\n\
         Future,2030-01-01,1,course,general,,,\n",
    );
    drop_file(&mut h, &bad);
    assert!(sees(&h, "Import activities"));
    assert!(sees(
        &h,
        "2 problems; nothing will be imported. Fix the file and preview again:"
    ));
    assert!(h.query_by_label_contains("line 3: title").is_some());
    assert!(h.query_by_label_contains("line 4: date").is_some());
    assert_eq!(setup.stored_titles(), ["Infection control"]);

    let good = setup.book.file(
        "good.csv",
        "title,date,points,kind,category,approved_by,provider,note\n\
         HIPAA refresher,2024-05-01,3,course,administrative,AAMA,,\n\
         Coding basics,2024-06-01,4,course,general,,,\n",
    );
    drop_file(&mut h, &good);
    assert!(sees(&h, "2 rows, all valid:"));
    assert!(sees(&h, "Coding basics"));
    assert_eq!(setup.stored_titles().len(), 1, "a preview writes nothing");
    click(&mut h, "Import 2 activities");
    h.run_steps(1); // a notice is laid out unseen in its first frame
    assert!(sees(&h, "Imported 2 activities."));
    assert!(sees(&h, "9 / 60"));
    assert_eq!(setup.stored_titles().len(), 3);
}

#[test]
fn an_import_skips_rows_the_logbook_has_unless_asked() {
    let setup = Setup::cma(&[("Infection control", "2024-03-14", "2", "clinical", true)]);
    let mut h = setup.harness();
    let file = setup.book.file(
        "again.csv",
        "title,date,points,kind,category,approved_by,provider,note\n\
         Infection control,2024-03-14,2,course,clinical,AAMA,,\n\
         Coding basics,2024-06-01,4,course,general,,,\n",
    );
    drop_file(&mut h, &file);
    assert!(sees(&h, "2 rows, all valid:"));
    assert!(sees(&h, "already in your logbook"));
    assert!(
        h.query_by_label_contains("1 row is in your logbook already")
            .is_some()
    );
    assert!(sees(&h, "Import 1 activity"));
    click(&mut h, "Import them anyway");
    assert!(sees(&h, "Import 2 activities"));
    click(&mut h, "Import them anyway");
    click(&mut h, "Import 1 activity");
    assert_eq!(
        setup.stored_titles(),
        ["Infection control", "Coding basics"],
        "the row already logged is not added twice"
    );
}

#[test]
fn an_import_flags_rows_that_repeat_each_other_in_the_file() {
    let setup = Setup::cma(&[]);
    let mut h = setup.harness();
    let file = setup.book.file(
        "twice.csv",
        "title,date,points,kind,category,approved_by,provider,note\r\n\
         Coding basics,2024-06-01,4,course,general,,,\r\n\
         CODING BASICS,2024-06-01,4,course,general,,County,typed again\r\n\
         Ethics,2024-07-01,1,course,general,,,\r\n",
    );
    drop_file(&mut h, &file);
    assert!(sees(&h, "3 rows, all valid:"));
    assert!(sees(&h, "repeats row 1"));
    assert!(
        h.query_by_label_contains("1 row repeats an earlier row of this file")
            .is_some()
    );
    assert!(sees(&h, "Import 2 activities"));
    click(&mut h, "Import 2 activities");
    assert_eq!(setup.stored_titles(), ["Coding basics", "Ethics"]);
}

#[test]
fn browsing_for_a_csv_shows_only_csv_files_and_previews_the_one_chosen() {
    let setup = Setup::cma(&[]);
    let mut h = setup.harness();
    let dir = setup.book.dir.path();
    setup.book.file(
        "good.csv",
        "title,date,points,kind,category,approved_by,provider,note\n\
         HIPAA refresher,2024-05-01,3,course,administrative,AAMA,,\n",
    );
    setup.book.file("notes.txt", "not a CSV");
    click(&mut h, "Import…");
    // The browser opens in the folder of the path in the field.
    replace_text(&mut h, "File", dir.join("x.csv").to_str().unwrap());
    click(&mut h, "Browse…");
    assert!(
        h.query_by_label_contains("Choose a CSV file to import")
            .is_some()
    );
    assert!(sees(&h, "🗋 good.csv"));
    assert!(!sees(&h, "🗋 notes.txt"), "only CSV files are offered");

    // Esc closes the browser, not the dialog under it.
    h.key_press(Key::Escape);
    h.run_steps(2);
    assert!(h.query_by_label_contains("Choose a CSV file").is_none());
    assert!(sees(&h, "Import activities"));

    click(&mut h, "Browse…");
    click(&mut h, "🗋 good.csv");
    click(&mut h, "Open");
    assert!(h.query_by_label_contains("Choose a CSV file").is_none());
    assert!(sees(&h, "1 row, all valid:"));
    assert!(sees(&h, "HIPAA refresher"));
    assert!(setup.stored_titles().is_empty(), "a preview writes nothing");
}

#[test]
fn the_packet_dialog_saves_the_packet_transcript_and_calendar() {
    let setup = Setup::cma(&[("Infection control", "2024-03-14", "2", "clinical", true)]);
    let mut h = setup.harness();
    let out = setup.book.dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    click(&mut h, "Packet…");
    assert!(sees(&h, "Recertification packet"));
    assert!(
        h.query_by_label_contains("1 counted activity lack")
            .is_some()
    );
    replace_text(&mut h, "Folder", out.to_str().unwrap());
    replace_text(&mut h, "Your name", "Jane Q. Doe");
    click(&mut h, "Save packet (.zip)");
    h.run_steps(1); // a notice is laid out unseen in its first frame
    let zip = out.join("CE packet CMA (AAMA) 2026-11-26.zip");
    assert!(zip.is_file(), "no packet at {}", zip.display());
    assert!(
        h.query_by_label_contains("Saved the packet (1 activity, 0 certificates)")
            .is_some()
    );
    let store = Store::open(&setup.book.db).unwrap();
    assert_eq!(store.person_name().unwrap().as_deref(), Some("Jane Q. Doe"));
    click(&mut h, "Save transcript (.pdf)");
    let pdf = std::fs::read(out.join("CE transcript CMA (AAMA) 2026-11-26.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    click(&mut h, "Save calendar (.ics)");
    let ics = std::fs::read_to_string(out.join("CE deadlines 2026-11-26.ics")).unwrap();
    assert!(ics.contains("DTSTART;VALUE=DATE:20270331"), "{ics}");
}

#[test]
fn the_window_names_characters_the_transcript_could_not_print() {
    let hieroglyph = '\u{13000}';
    let has_font = std::process::Command::new("fc-list")
        .arg(":charset=13000")
        .output()
        .is_ok_and(|o| !o.stdout.is_empty());
    if has_font {
        eprintln!("skipped: an installed font has U+13000, so nothing goes unprinted");
        return;
    }
    let title = format!("Egyptology for MAs {hieroglyph}");
    let setup = Setup::cma(&[(&title, "2024-03-14", "2", "clinical", true)]);
    // No font of the window has it either: it shows a box there, as in the real window.
    let mut h = setup.harness_from(Harness::builder().allow_missing_glyphs());
    let out = setup.book.dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    click(&mut h, "Packet…");
    replace_text(&mut h, "Folder", out.to_str().unwrap());
    click(&mut h, "Save transcript (.pdf)");
    h.run_steps(1);
    assert!(
        h.query_by_label_contains("The transcript could not print")
            .is_some()
            && h.query_by_label_contains("(U+13000)").is_some(),
        "the notice names the character"
    );
}

#[test]
fn back_up_to_one_file_then_restore_it_after_showing_what_it_replaces() {
    let setup = Setup::cma(&[("Infection control", "2024-03-14", "2", "clinical", true)]);
    {
        let mut store = Store::open(&setup.book.db).unwrap();
        let id = store.activities().unwrap()[0].id;
        store
            .attach(
                id,
                "card.pdf",
                b"%PDF-1.4 card",
                ce_logbook::domain::proof::FileType::Pdf,
            )
            .unwrap();
    }
    let mut h = setup.harness();
    let file = setup.book.path("moving.celogbook");
    click(&mut h, "Back up to…");
    assert!(
        h.query_by_label_contains("your logbook (1 activity, 1 credential) and its 1 certificate")
            .is_some()
    );
    replace_text(&mut h, "File", file.to_str().unwrap());
    click(&mut h, "Back up");
    h.run_steps(1);
    assert!(file.is_file());
    assert!(
        h.query_by_label_contains("Backed up the logbook and 1 certificate")
            .is_some()
    );

    // Later: another activity, and the certificate's activity removed (its file swept).
    {
        let mut store = Store::open(&setup.book.db).unwrap();
        store
            .add_activity(&activity(
                "Coding basics",
                "2024-06-01",
                "4",
                "general",
                false,
            ))
            .unwrap();
        let first = store.activities().unwrap()[0].id;
        store.remove_activity(first).unwrap();
        store.sweep_attachments().unwrap();
    }
    h.run_steps(1);
    std::thread::sleep(std::time::Duration::from_millis(1100));
    h.run_steps(3);

    // A file that is not a backup: the reason, and no way to go on.
    let junk = setup.book.file("junk.celogbook", "not a backup");
    click(&mut h, "Restore from…");
    replace_text(&mut h, "Backup", junk.to_str().unwrap());
    assert!(h.query_by_label_contains("cannot be restored").is_some());
    click(&mut h, "Restore");
    assert_eq!(
        setup.stored_titles(),
        ["Coding basics"],
        "nothing was replaced"
    );

    replace_text(&mut h, "Backup", file.to_str().unwrap());
    assert!(
        h.query_by_label_contains("The backup holds 1 activity, 1 credential, 1 certificate.")
            .is_some()
    );
    assert!(
        h.query_by_label_contains(
            "It replaces your logbook as it is now: 1 activity, 1 credential, 0 certificates."
        )
        .is_some()
    );
    click(&mut h, "Restore");
    h.run_steps(1);
    assert_eq!(setup.stored_titles(), ["Infection control"]);
    assert!(
        h.query_by_label_contains("Restored the logbook from")
            .is_some(),
        "the notice says so"
    );
    assert!(
        sees(&h, "Infection control"),
        "the table shows the restored logbook"
    );
    let store = Store::open(&setup.book.db).unwrap();
    let id = store.activities().unwrap()[0].id;
    let attached = store.attachments_of(id).unwrap();
    assert_eq!(
        store.read_attachment(&attached[0]).unwrap(),
        b"%PDF-1.4 card",
        "the certificate came back"
    );
}

#[test]
fn dialogs_offer_the_folder_last_saved_in_and_the_file_last_imported() {
    let setup = Setup::cma(&[("Infection control", "2024-03-14", "2", "clinical", true)]);
    let mut h = setup.harness();
    let field = |h: &Harness<'_, LogbookApp>, label: &str| {
        h.get_by_role_and_label(Role::TextInput, label)
            .value()
            .unwrap_or_default()
    };

    let mine = setup.book.file(
        "my courses.csv",
        "title,date,points,kind,category,approved_by,provider,note\n\
         Coding basics,2024-06-01,4,course,general,,,\n",
    );
    drop_file(&mut h, &mine);
    click(&mut h, "Import 1 activity");
    click(&mut h, "Import…");
    assert_eq!(
        field(&h, "File"),
        mine.display().to_string(),
        "Import offers the file imported last"
    );
    h.key_press(Key::Escape);
    h.run_steps(2);

    let exports = setup.book.db.parent().unwrap().join("exports");
    std::fs::create_dir(&exports).unwrap();
    click(&mut h, "Export…");
    replace_text(&mut h, "File", exports.join("mine.csv").to_str().unwrap());
    click(&mut h, "Export");
    assert!(exports.join("mine.csv").is_file());
    for dialog in ["Export…", "Back up to…"] {
        click(&mut h, dialog);
        let offered = std::path::PathBuf::from(field(&h, "File"));
        assert_eq!(
            offered.parent(),
            Some(exports.as_path()),
            "{dialog} offers the folder saved in last"
        );
        h.key_press(Key::Escape);
        h.run_steps(2);
    }
}

#[test]
fn about_names_the_version_where_the_data_is_and_the_rules_sources() {
    let setup = Setup::cma(&[]);
    let mut harness = setup.harness();
    click(&mut harness, "About");
    harness.run_steps(2);
    assert!(sees(
        &harness,
        &format!("CE Logbook {}", env!("CARGO_PKG_VERSION"))
    ));
    let folder = setup.book.db.parent().unwrap().display().to_string();
    assert!(sees(&harness, &folder), "About names the data folder");
    assert!(harness.query_by_label("Open folder").is_some());
    assert!(sees(
        &harness,
        "aama-ntl.org/cma-aama-exam/recertification-policies"
    ));
    click(&mut harness, "Close");
    harness.run_steps(2);
    assert!(!sees(&harness, "Where the rules come from"));
}
