//! The window as a person uses it: egui_kittest drives the real `eframe::App` through its
//! accessibility labels and checks what a person would read.

use ce_logbook::app::LogbookApp;
use ce_logbook::domain::{ActivityDraft, CredentialSpec, RuleBook};
use ce_logbook::store::Store;
use egui::Key;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

mod common;
use common::pdfs::{AAMA, certificate_pdf, scanned_pdf};
use common::window::{drop_file, settle};
use common::{Logbook, date};

const TODAY: &str = "2026-11-26";

/// A logbook file in a temporary folder (the window opens `book.db`; files a person would pick
/// or drop go next to it).
struct Setup {
    book: Logbook,
}

impl Setup {
    fn empty() -> Self {
        Setup {
            book: Logbook::new(),
        }
    }

    /// A CMA certified 2022-03-15 (expires 2027-03-31) and the given activities.
    fn cma(activities: &[(&str, &str, &str, &str, bool)]) -> Self {
        let setup = Setup::empty();
        let mut store = Store::open(&setup.book.db).unwrap();
        store
            .add_credential(
                &CredentialSpec::Preset("cma-aama".into()),
                date("2022-03-15"),
            )
            .unwrap();
        for (title, date, points, category, approved) in activities {
            store
                .add_activity(&activity(title, date, points, category, *approved))
                .unwrap();
        }
        setup
    }

    fn harness(&self) -> Harness<'static, LogbookApp> {
        self.harness_from(Harness::builder())
    }

    /// The window from a harness builder (e.g. one that allows missing glyphs, drawn as boxes
    /// as the real window draws them).
    fn harness_from(
        &self,
        builder: egui_kittest::HarnessBuilder<LogbookApp>,
    ) -> Harness<'static, LogbookApp> {
        let path = self.book.db.clone();
        let mut harness = builder
            .with_size([1280.0, 800.0])
            .build_eframe(move |cc| LogbookApp::new(cc, path, Box::new(|| date(TODAY))));
        // The logbook opens in the background; a person sees it a moment later (on a busy
        // machine running many tests at once, that moment can be seconds).
        step_until(&mut harness, |h| !sees(h, "Opening your logbook…"));
        harness.run_steps(1);
        assert!(
            !sees(&harness, "Opening your logbook…"),
            "the logbook never opened"
        );
        harness
    }

    fn stored_titles(&self) -> Vec<String> {
        let store = Store::open(&self.book.db).unwrap();
        store
            .activities()
            .unwrap()
            .into_iter()
            .map(|a| a.data.title)
            .collect()
    }
}

fn activity(
    title: &str,
    day: &str,
    points: &str,
    category: &str,
    approved: bool,
) -> ce_logbook::domain::ActivityData {
    ActivityDraft {
        title: title.into(),
        date: day.into(),
        points: points.into(),
        category: category.into(),
        approved_by: if approved {
            vec!["AAMA".into()]
        } else {
            vec![]
        },
        ..Default::default()
    }
    .validate(&RuleBook::builtin().unwrap().kinds, date(TODAY))
    .unwrap()
}

/// Picks `category` in the form's Category list.
fn choose_category(h: &mut Harness<'_, LogbookApp>, category: &str) {
    h.get_by_role_and_label(Role::ComboBox, "Category").click();
    h.run_steps(2);
    click(h, category);
}

fn certified_field(h: &Harness<'_, LogbookApp>) -> String {
    h.get_by_role_and_label(Role::TextInput, "Certified (or last recertified) on")
        .value()
        .unwrap_or_default()
}

/// Types into the text field a person knows by `label`.
fn type_into(harness: &mut Harness<'_, LogbookApp>, label: &str, text: &str) {
    harness
        .get_by_role_and_label(Role::TextInput, label)
        .focus();
    harness.run_steps(1);
    harness
        .get_by_role_and_label(Role::TextInput, label)
        .type_text(text);
    harness.run_steps(2);
    settle(harness);
}

/// Clicks, and waits for what the click started on another thread (if anything).
fn click(harness: &mut Harness<'_, LogbookApp>, label: &str) {
    harness.get_by_label(label).click();
    harness.run_steps(2);
    settle(harness);
}

fn sees(harness: &Harness<'_, LogbookApp>, text: &str) -> bool {
    harness.query_by_label(text).is_some()
}

/// Runs frames until `done` holds, for work the window does on a background thread; gives up
/// after 30 seconds of wall time (the callers then assert what a person would see).
fn step_until(
    harness: &mut Harness<'_, LogbookApp>,
    done: impl Fn(&Harness<'_, LogbookApp>) -> bool,
) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while std::time::Instant::now() < deadline {
        harness.step();
        if done(harness) {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
}

#[test]
fn first_run_asks_for_a_credential_and_then_shows_its_progress() {
    let setup = Setup::empty();
    let mut h = setup.harness();
    assert!(sees(&h, "Welcome to CE Logbook"));
    assert!(sees(&h, "Which credential do you hold?"));
    // Every preset is offered with its rule in one line.
    assert!(
        h.query_by_label_contains("60 points in 60 months")
            .is_some()
    );
    click(&mut h, "CCMA (NHA)");
    // The certification date starts empty and must be given: no credential dated today by
    // mistake.
    assert_eq!(certified_field(&h), "");
    assert!(
        h.get_by_label("Add credential")
            .accesskit_node()
            .is_disabled()
    );
    type_into(&mut h, "Certified (or last recertified) on", "11/26/2026");
    assert!(
        sees(&h, "Thursday, November 26, 2026"),
        "what it understood"
    );
    click(&mut h, "Add credential");
    assert!(!sees(&h, "Welcome to CE Logbook"));
    // Certified today: two years to go, nothing logged yet.
    // 2026-11-26 to 2028-11-26 holds 2028-02-29.
    assert!(sees(&h, "731 days left"), "days left");
    assert!(sees(&h, "expires 2028-11-26"));
    assert!(sees(&h, "0 / 10"));
    assert!(sees(&h, "Nothing counts yet, so no proof is due"));
    assert!(sees(
        &h,
        "No activities yet — add the first one with Ctrl+N, or import a spreadsheet (Import…)."
    ));
}

#[test]
fn a_custom_credential_from_the_welcome_view() {
    let setup = Setup::empty();
    let mut h = setup.harness();
    click(&mut h, "Another credential");
    type_into(&mut h, "Name", "CPC (AAPC)");
    type_into(&mut h, "Cycle (months)", "24");
    type_into(&mut h, "Points required", "36");
    type_into(&mut h, "Category minimums (optional)", "coding=10");
    // Its own value for college credit; CPR cards left out do not count.
    type_into(&mut h, "Points per college credit (optional)", "12");
    type_into(
        &mut h,
        "Certified (or last recertified) on",
        "March 1, 2026",
    );
    click(&mut h, "Add credential");
    assert!(
        h.query_all_by_label_contains("CPC (AAPC)").count() >= 2,
        "tab and panel"
    );
    assert!(sees(&h, "0 / 36"));
    assert!(sees(&h, "Coding"));
    let stored = Store::open(&setup.book.db).unwrap().credentials().unwrap();
    let CredentialSpec::Custom(spec) = &stored[0].spec else {
        panic!("custom expected")
    };
    assert_eq!(
        spec.conversions.college.map(|c| c.points_per_credit),
        Some(12)
    );
    assert_eq!(spec.conversions.cpr, None);
}

#[test]
fn adding_an_activity_updates_the_progress_at_once() {
    let setup = Setup::cma(&[]);
    let mut h = setup.harness();
    assert!(sees(&h, "0 / 60"));
    assert!(sees(&h, "125 days left"));
    click(&mut h, "+ New activity");
    assert!(sees(&h, "New activity"));
    type_into(&mut h, "Title", "Phlebotomy update");
    type_into(&mut h, "Points", "2.5");
    h.get_by_label("Category").click();
    h.run_steps(2);
    click(&mut h, "clinical");
    click(&mut h, "AAMA");
    click(&mut h, "Save");

    assert!(sees(&h, "2.5 / 60"), "points counted");
    assert!(sees(&h, "2.5 / 30"), "AAMA-approved");
    assert!(sees(&h, "2.5 / 10"), "clinical");
    assert!(sees(&h, "Phlebotomy update"), "the new row");
    assert!(!sees(&h, "New activity"), "the form closes");
    assert_eq!(setup.stored_titles(), ["Phlebotomy update"]);
}

#[test]
fn a_bad_value_is_explained_and_nothing_is_saved() {
    let setup = Setup::cma(&[]);
    let mut h = setup.harness();
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::N);
    h.run_steps(2);
    type_into(&mut h, "Title", "Webinar");
    type_into(&mut h, "Points", "1.255");
    assert!(
        h.query_by_label_contains("more than two decimal places")
            .is_some()
    );
    click(&mut h, "Save");
    h.key_press(Key::Enter);
    h.run_steps(2);
    assert!(sees(&h, "New activity"), "the form stays open");
    assert!(sees(&h, "0 / 60"));
    assert!(setup.stored_titles().is_empty());

    // Esc on a changed form asks first; Esc again discards. Still nothing written.
    h.key_press(Key::Escape);
    h.run_steps(2);
    assert!(sees(&h, "Discard your changes?"));
    assert!(sees(&h, "New activity"), "nothing thrown away yet");
    h.key_press(Key::Escape);
    h.run_steps(2);
    assert!(!sees(&h, "New activity"));
    assert!(setup.stored_titles().is_empty());
}

#[test]
fn edit_through_the_selected_row() {
    let setup = Setup::cma(&[("Infection control", "2024-03-14", "2", "clinical", true)]);
    let mut h = setup.harness();
    assert!(sees(&h, "2 / 60"));
    click(&mut h, "Infection control");
    h.key_press(Key::Enter);
    h.run_steps(2);
    assert!(sees(&h, "Edit activity"));
    assert_eq!(
        h.get_by_role_and_label(Role::TextInput, "Points")
            .value()
            .as_deref(),
        Some("2")
    );
    type_into(&mut h, "Points", "5");
    h.key_press(Key::Enter);
    h.run_steps(2);
    assert!(sees(&h, "25 / 60"), "2 became 25");
    assert!(!sees(&h, "Edit activity"));
    assert_eq!(setup.stored_titles(), ["Infection control"]);
}

#[test]
fn delete_offers_undo() {
    let setup = Setup::cma(&[
        ("Infection control", "2024-03-14", "2", "clinical", true),
        ("HIPAA refresher", "2023-01-11", "3", "administrative", true),
    ]);
    let mut h = setup.harness();
    assert!(sees(&h, "5 / 60"));
    click(&mut h, "HIPAA refresher");
    h.key_press(Key::Delete);
    h.run_steps(2);
    assert!(sees(&h, "Deleted “HIPAA refresher”."));
    assert!(sees(&h, "2 / 60"));
    assert!(!sees(&h, "HIPAA refresher"));
    assert_eq!(setup.stored_titles(), ["Infection control"]);

    click(&mut h, "Undo");
    assert!(sees(&h, "5 / 60"));
    assert!(sees(&h, "HIPAA refresher"));
    assert_eq!(setup.stored_titles().len(), 2);

    // Ctrl+Z does the same.
    click(&mut h, "Infection control");
    h.key_press(Key::Delete);
    h.run_steps(2);
    assert!(sees(&h, "3 / 60"));
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert!(sees(&h, "5 / 60"));
}

#[test]
fn search_and_filters_narrow_the_table() {
    let setup = Setup::cma(&[
        ("Phlebotomy update", "2024-03-14", "2", "clinical", true),
        ("HIPAA refresher", "2023-01-11", "3", "administrative", true),
        ("Medical ethics", "2024-08-22", "3", "general", false),
        ("Old conference", "2021-10-10", "5", "general", false),
    ]);
    let mut h = setup.harness();
    type_into(&mut h, "Search", "phleb");
    assert!(sees(&h, "Phlebotomy update"));
    assert!(!sees(&h, "HIPAA refresher"));
    assert!(!sees(&h, "Medical ethics"));
    click(&mut h, "Clear filters");
    assert!(sees(&h, "HIPAA refresher"));

    // Only the activities outside every current cycle.
    h.get_by_label("Dates:").click();
    h.run_steps(2);
    click(&mut h, "outside every cycle");
    assert!(sees(&h, "Old conference"));
    assert!(!sees(&h, "Phlebotomy update"));
    click(&mut h, "Clear filters");

    h.get_by_label("Approved:").click();
    h.run_steps(2);
    click(&mut h, "not approved");
    assert!(sees(&h, "Medical ethics"));
    assert!(sees(&h, "Old conference"));
    assert!(!sees(&h, "HIPAA refresher"));
}

#[test]
fn a_renewal_starts_the_next_cycle() {
    let setup = Setup::cma(&[("Phlebotomy update", "2024-03-14", "2", "clinical", true)]);
    let mut h = setup.harness();
    assert!(sees(&h, "cycle from 2022-03-15"));
    click(&mut h, "I recertified…");
    assert!(
        h.query_by_label_contains("The new cycle runs from 2026-11-26 until 2031-11-30")
            .is_some()
    );
    click(&mut h, "Start the new cycle");
    assert!(sees(&h, "cycle from 2026-11-26"));
    assert!(sees(&h, "expires 2031-11-30"));
    assert!(sees(&h, "0 / 60"), "the old cycle's points stay behind");
    let store = Store::open(&setup.book.db).unwrap();
    assert_eq!(
        store.credentials().unwrap()[0].renewals,
        vec![date("2026-11-26")]
    );
}

#[test]
fn the_window_saves_through_a_connection_with_full_sync() {
    let setup = Setup::cma(&[]);
    let h = setup.harness();
    // The connection the background reader opened, which the window then writes through.
    let logbook = h.state().logbook().expect("the logbook is open");
    assert_eq!(
        logbook.store().durability().unwrap(),
        ("wal".to_owned(), 2),
        "journal_mode and synchronous"
    );
}

#[test]
fn a_change_from_the_command_line_shows_within_a_second() {
    let setup = Setup::cma(&[]);
    let mut h = setup.harness();
    assert!(sees(&h, "0 / 60"));
    let add = |title: &str| {
        Store::open(&setup.book.db)
            .unwrap()
            .add_activity(&activity(title, "2025-01-01", "4", "general", true))
            .unwrap();
    };
    // Steps the app's clock (a quarter of a second a frame) until `title` is on screen;
    // returns how long that took in the app's time.
    let shown_after = |h: &mut Harness<'static, LogbookApp>, title: &str| {
        let start = h.ctx.input(|i| i.time);
        let mut waited = 0.0;
        while !sees(h, title) && waited < 5.0 {
            h.step();
            waited = h.ctx.input(|i| i.time) - start;
        }
        assert!(sees(h, title), "{title} not shown after {waited} s");
        waited
    };
    // The first change shows at a moment the window looked; a change made right after that
    // is the worst case, and must show within a second all the same.
    add("Logged first");
    shown_after(&mut h, "Logged first");
    add("Logged elsewhere");
    let waited = shown_after(&mut h, "Logged elsewhere");
    assert!(waited <= 1.0, "shown only after {waited} s");
    assert!(sees(&h, "8 / 60"));
}

#[test]
fn a_file_that_is_not_a_logbook_gets_a_clear_screen_and_stays_untouched() {
    let setup = Setup::empty();
    std::fs::write(&setup.book.db, "not a database at all").unwrap();
    let h = setup.harness();
    assert!(sees(&h, "This logbook cannot be opened"));
    assert!(sees(&h, setup.book.db.to_str().unwrap()));
    assert!(
        h.query_by_label_contains("not an SQLite database")
            .is_some()
    );
    assert!(sees(&h, "The file was not changed."));
    drop(h);
    assert_eq!(
        std::fs::read(&setup.book.db).unwrap(),
        b"not a database at all"
    );
}

#[test]
fn a_damaged_logbook_offers_its_newest_backup() {
    let setup = Setup::cma(&[("Phlebotomy update", "2024-03-14", "2", "clinical", true)]);
    let backup = Store::open(&setup.book.db)
        .unwrap()
        .backup(date(TODAY))
        .unwrap()
        .0;
    {
        let mut store = Store::open(&setup.book.db).unwrap();
        for i in 0..300 {
            store
                .add_activity(&activity(
                    &format!("A{i}"),
                    "2025-01-01",
                    "1",
                    "general",
                    false,
                ))
                .unwrap();
        }
    }
    let bytes = std::fs::read(&setup.book.db).unwrap();
    std::fs::write(&setup.book.db, &bytes[..bytes.len() / 3]).unwrap();

    let mut h = setup.harness();
    assert!(sees(&h, "This logbook cannot be opened"));
    assert!(h.query_by_label_contains("damaged").is_some());
    let button = format!(
        "Restore the newest backup ({})",
        backup.file_name().unwrap().to_string_lossy()
    );
    click(&mut h, &button);
    step_until(&mut h, |h| sees(h, "Phlebotomy update"));
    assert!(
        sees(&h, "Phlebotomy update"),
        "the backup's activity is back"
    );
    assert!(sees(&h, "2 / 60"));
}

#[test]
fn enter_on_a_focused_button_presses_it_rather_than_editing_the_row() {
    let setup = Setup::cma(&[("Infection control", "2024-03-14", "2", "clinical", true)]);
    let mut h = setup.harness();
    click(&mut h, "Infection control");
    h.get_by_label("I recertified…").focus();
    h.run_steps(1);
    h.key_press(Key::Enter);
    h.run_steps(2);
    assert!(!sees(&h, "Edit activity"));
    assert!(
        h.query_by_label_contains("The new cycle runs from")
            .is_some()
    );
}

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
        .find(|a| a.data.title == "Phlebotomy Update: Order of Draw")
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

/// Replaces the text of the field a person knows by `label`.
fn replace_text(harness: &mut Harness<'_, LogbookApp>, label: &str, text: &str) {
    harness
        .get_by_role_and_label(Role::TextInput, label)
        .focus();
    harness.run_steps(1);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, Key::A);
    harness.run_steps(1);
    harness
        .get_by_role_and_label(Role::TextInput, label)
        .type_text(text);
    harness.run_steps(2);
    settle(harness);
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

/// Setup with one preset certified on `certified` and these activities (planned ones too).
fn setup_with(
    preset: &str,
    certified: &str,
    activities: &[ce_logbook::domain::ActivityData],
) -> Setup {
    let setup = Setup::empty();
    let mut store = Store::open(&setup.book.db).unwrap();
    store
        .add_credential(&CredentialSpec::Preset(preset.into()), date(certified))
        .unwrap();
    for a in activities {
        store.add_activity(a).unwrap();
    }
    setup
}

#[test]
fn a_plan_shows_when_it_completes_and_a_planned_row_is_marked_done_with_its_real_date() {
    let mut plan = activity("Coding update", "2026-01-10", "10", "general", true);
    plan.date = date("2027-01-20");
    plan.planned = true;
    let setup = setup_with(
        "ccma-nha",
        "2025-06-15",
        &[
            activity("Infection control", "2025-09-01", "2", "clinical", false),
            plan,
        ],
    );
    let mut h = setup.harness();
    // Planned points never count; the plan says when it would complete.
    assert!(sees(&h, "2 / 10"));
    assert!(sees(&h, "With your plan: complete on 2027-01-20"));
    assert!(sees(&h, "2027-01-20 planned"), "the row is marked");
    // NHA's rule comes from secondary sources only: said quietly under its name.
    assert!(sees(&h, "rule from secondary sources; check with NHA"));

    click(&mut h, "Coding update");
    h.key_press(Key::Enter);
    h.run_steps(2);
    click(&mut h, "Mark done");
    assert!(h.query_by_label_contains("Marking it done").is_some());
    click(&mut h, "Save");
    // Done today (2026-11-26): it counts now, and the plan line is gone.
    assert!(sees(&h, "12 / 10"), "counted once done");
    assert!(!sees(&h, "With your plan: complete on 2027-01-20"));
    let store = Store::open(&setup.book.db).unwrap();
    let done = store.activities().unwrap().pop().unwrap();
    assert_eq!(
        (done.data.title.as_str(), done.data.planned),
        ("Coding update", false)
    );
    assert_eq!(done.data.date, date(TODAY));
}

#[test]
fn a_college_class_under_nha_is_not_counted_and_says_why() {
    let mut class = activity("A&P I", "2025-09-01", "1", "general", false);
    class.kind = ce_logbook::domain::Kind::College;
    let setup = setup_with("ccma-nha", "2025-06-15", &[class]);
    let h = setup.harness();
    assert!(sees(&h, "0 / 10"));
    assert!(sees(
        &h,
        "1 college activity not counted — CCMA (NHA) sets no value for college credit: log \
         the CE credits the provider awarded as a course"
    ));
    assert!(sees(&h, "1 cr"), "the row shows the credits as entered");
}

#[test]
fn a_deadline_within_ninety_days_is_said_on_start() {
    // Certified 2021-12-01: expires 2026-12-31, 35 days after today.
    let setup = setup_with("cma-aama", "2021-12-01", &[]);
    let h = setup.harness();
    assert!(
        sees(&h, "Coming up: CMA (AAMA) expires in 35 days (2026-12-31)."),
        "the notice on start"
    );
    // Far from any deadline: no notice.
    let setup = setup_with("cma-aama", "2024-12-01", &[]);
    let h = setup.harness();
    assert!(h.query_by_label_contains("Coming up").is_none());
}

#[test]
fn an_amt_renewal_on_time_rolls_into_the_next_cycle() {
    // RMA (AMT) certified 2024-01-10 ends 2027-01-09 (the day before the anniversary);
    // renewed today, the next cycle still starts the day after (AMT's CCP).
    let setup = setup_with("rma-amt", "2024-01-10", &[]);
    let mut h = setup.harness();
    assert!(sees(&h, "expires 2027-01-09"));
    click(&mut h, "I recertified…");
    assert!(
        h.query_by_label_contains("The new cycle runs from 2027-01-10 until 2030-01-09")
            .is_some()
    );
    click(&mut h, "Start the new cycle");
    assert!(sees(&h, "cycle from 2027-01-10"));
    assert!(sees(&h, "expires 2030-01-09"));
}

#[test]
fn a_date_is_typed_as_people_write_it_and_the_form_says_what_it_understood() {
    let setup = Setup::cma(&[]);
    let mut h = setup.harness();
    for (title, typed, understood) in [
        ("One", "3/14/2024", "Thursday, March 14, 2024"),
        ("Two", "03/15/24", "Friday, March 15, 2024"),
        ("Three", "March 16, 2024", "Saturday, March 16, 2024"),
        ("Four", "2024-03-17", "Sunday, March 17, 2024"),
    ] {
        click(&mut h, "+ New activity");
        type_into(&mut h, "Title", title);
        type_into(&mut h, "Points", "1");
        choose_category(&mut h, "(no category)");
        replace_text(&mut h, "Date", typed);
        assert!(sees(&h, understood), "{typed}");
        click(&mut h, "Save");
        assert!(!sees(&h, "New activity"), "{typed} saved");
    }
    let store = Store::open(&setup.book.db).unwrap();
    let mut dates: Vec<String> = store
        .activities()
        .unwrap()
        .into_iter()
        .map(|a| a.data.date.to_string())
        .collect();
    dates.sort();
    assert_eq!(
        dates,
        ["2024-03-14", "2024-03-15", "2024-03-16", "2024-03-17"]
    );

    // Something that is no date is said in place, and Save waits.
    click(&mut h, "+ New activity");
    type_into(&mut h, "Title", "Five");
    replace_text(&mut h, "Date", "14/3/2024");
    assert!(
        h.query_by_label_contains("not a date: write it as")
            .is_some()
    );
    assert!(h.get_by_label("Save").accesskit_node().is_disabled());
}

#[test]
fn the_calendar_reaches_back_to_1950_and_keeps_its_place() {
    let setup = Setup::cma(&[]);
    let mut h = setup.harness();
    click(&mut h, "+ New activity");
    click(&mut h, "Calendar");
    // November 2026 spans six weeks, December five: the calendar stays where it is.
    let next = h.get_by_label("▶").rect();
    click(&mut h, "▶");
    assert!(h.query_by_value("December").is_some());
    assert_eq!(h.get_by_label("▶").rect(), next, "the calendar moved");
    click(&mut h, "◀");
    // The year list, newest first, down to 1950.
    h.get_by(|n| n.role() == Role::ComboBox && n.value().as_deref() == Some("2026"))
        .click();
    h.run_steps(2);
    // The list scrolls; picked the way a screen reader picks it.
    h.get_by_label("1950").click_accesskit();
    h.run_steps(2);
    assert!(
        h.query_by(|n| n.role() == Role::ComboBox && n.value().as_deref() == Some("1950"))
            .is_some(),
        "1950 chosen"
    );
    // A click beside the list closes it, and the calendar stays.
    click(&mut h, "Mo");
    click(&mut h, "3");
    let date = h.get_by_role_and_label(Role::TextInput, "Date").value();
    assert_eq!(date.as_deref(), Some("1950-11-03"));
    assert!(sees(&h, "Friday, November 3, 1950"));
}

#[test]
fn the_form_asks_for_a_category_and_shows_what_college_credit_is_worth() {
    let setup = Setup::cma(&[]);
    let mut h = setup.harness();
    click(&mut h, "+ New activity");
    type_into(&mut h, "Title", "Anatomy I");
    h.get_by_role_and_label(Role::ComboBox, "Kind").click();
    h.run_steps(2);
    click(&mut h, "College course (credits)");
    type_into(&mut h, "College credits", "1.5");
    assert!(sees(&h, "1.5 credits = 22.5 points for CMA (AAMA)"));
    // CMA (AAMA) counts by category: Save waits, and says for what.
    assert!(sees(&h, "Save waits for: Category"));
    assert!(h.get_by_label("Save").accesskit_node().is_disabled());
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::S);
    h.run_steps(2);
    assert!(sees(
        &h,
        "Category is empty, and CMA (AAMA) counts points by category: choose one, or “(no category)”."
    ));
    assert!(setup.stored_titles().is_empty());
    choose_category(&mut h, "(no category)");
    click(&mut h, "Save");
    assert_eq!(setup.stored_titles(), ["Anatomy I"]);
}

#[test]
fn ctrl_z_undoes_an_edit_too_and_says_what_it_undid() {
    let setup = Setup::cma(&[("Infection control", "2024-03-14", "2", "clinical", true)]);
    let mut h = setup.harness();
    click(&mut h, "Infection control");
    h.key_press(Key::Enter);
    h.run_steps(2);
    replace_text(&mut h, "Points", "5");
    click(&mut h, "Save");
    assert!(sees(&h, "5 / 60"));
    // The notice's first frame only measures it.
    h.run_steps(2);
    assert!(sees(&h, "Saved your changes to “Infection control”."));
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert!(sees(&h, "2 / 60"));
    assert!(sees(
        &h,
        "Undone: your changes to “Infection control”. It is as it was."
    ));
    let store = Store::open(&setup.book.db).unwrap();
    assert_eq!(store.activities().unwrap()[0].data.points.to_string(), "2");
}

#[test]
fn sorting_by_points_sorts_by_the_points_an_activity_counts() {
    let setup = Setup::cma(&[("Infection control", "2024-03-14", "3", "clinical", true)]);
    // One college credit: 15 points for CMA (AAMA).
    let mut college = activity("Anatomy I", "2024-09-01", "1", "clinical", false);
    college.kind = ce_logbook::domain::Kind::College;
    Store::open(&setup.book.db)
        .unwrap()
        .add_activity(&college)
        .unwrap();
    let mut h = setup.harness();
    h.get_by_role_and_label(Role::Button, "Points").click();
    h.run_steps(2);
    // Ascending: the course's 3 points before the college credit's 15.
    let y = |h: &Harness<'_, LogbookApp>, title: &str| h.get_by_label(title).rect().min.y;
    assert!(y(&h, "Infection control") < y(&h, "Anatomy I"));
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
