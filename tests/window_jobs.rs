//! Long work in the window runs on its own thread: frames go on and the window answers while
//! it runs, it says what it is doing with a Cancel, a cancelled packet leaves no file behind,
//! a second long job waits for the first, and the result is the same notice as ever. A job is
//! held in flight by a gate (`LogbookApp::hold_jobs`), the test's stand-in for a slow disk.

use std::path::{Path, PathBuf};

use ce_logbook::app::LogbookApp;
use ce_logbook::domain::{ActivityDraft, RuleBook};
use ce_logbook::logbook::tracker::Gate;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

mod common;
use common::window::{
    add_cma, choose_category, drop_file, open_window, replace_text, settle, step_until, type_into,
};
use common::{Logbook, attach_cards, date};

/// A CMA logbook with one activity and three certificates, open in the window.
fn window(book: &Logbook) -> Harness<'static, LogbookApp> {
    let mut store = add_cma(&book.db);
    let data = ActivityDraft {
        title: "Infection control".into(),
        date: "2024-03-14".into(),
        points: "2".into(),
        category: "clinical".into(),
        approved_by: vec!["AAMA".into()],
        ..Default::default()
    }
    .validate(&RuleBook::builtin().unwrap().kinds, date("2026-11-26"))
    .unwrap();
    let id = store.add_activity(&data).unwrap();
    attach_cards(&mut store, id, 3);
    open_window(book.db.clone(), "2026-11-26")
}

fn shows(h: &Harness<'_, LogbookApp>, text: &str) -> bool {
    h.query_all_by_label_contains(text).next().is_some()
}

/// The window with a packet being saved into the folder returned, held in flight until the
/// gate is opened.
fn held_packet(book: &Logbook) -> (Harness<'static, LogbookApp>, Gate, PathBuf) {
    let mut h = window(book);
    let gate = h.state_mut().hold_jobs();
    let out = book.path("out");
    std::fs::create_dir(&out).unwrap();
    packet_dialog(&mut h, &out);
    h.get_by_label("Save packet (.zip)").click();
    // Frames go on while the job is held: were it on the window's thread, this frame would
    // wait for the gate (30 s) and the packet would be written before anything below.
    h.run_steps(3);
    (h, gate, out)
}

/// Opens Packet… and sets its folder to `out`.
fn packet_dialog(h: &mut Harness<'_, LogbookApp>, out: &Path) {
    h.get_by_label("Packet…").click();
    h.run_steps(2);
    replace_text(h, "Folder", out.to_str().unwrap());
}

fn files_in(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn the_window_answers_while_a_packet_is_written_and_cancel_leaves_no_file() {
    let book = Logbook::new();
    let (mut h, gate, out) = held_packet(&book);
    assert!(
        shows(&h, "Saving the packet"),
        "the progress says what it does"
    );
    assert!(
        h.query_all_by_role(Role::ProgressIndicator)
            .next()
            .is_some(),
        "a progress bar"
    );
    assert!(files_in(&out).is_empty(), "nothing is written yet");
    // The window answers: the dialog closes, a new activity's form opens, and Esc closes it.
    h.key_press(egui::Key::Escape);
    h.run_steps(2);
    h.get_by_label("+ New activity").click();
    h.run_steps(2);
    assert!(
        shows(&h, "Save waits for"),
        "the form opened while the job ran"
    );
    h.key_press(egui::Key::Escape);
    h.run_steps(2);

    h.get_by_role_and_label(Role::Button, "Cancel saving the packet")
        .click();
    h.run_steps(2);
    gate.open();
    settle(&mut h);
    assert!(
        shows(&h, "Stopped saving the packet; nothing was written."),
        "the notice says it stopped"
    );
    assert_eq!(
        files_in(&out),
        Vec::<String>::new(),
        "no packet, no partial file"
    );
}

#[test]
fn a_second_long_job_waits_and_a_held_packet_finishes_with_its_notice() {
    let book = Logbook::new();
    let (mut h, gate, out) = held_packet(&book);
    h.get_by_label("Save transcript (.pdf)").click();
    h.run_steps(3);
    assert!(
        shows(&h, "Wait until saving the packet is done."),
        "two jobs never run at once"
    );
    gate.open();
    settle(&mut h);
    assert!(
        shows(&h, "Saved the packet (1 activity, 3 certificates)"),
        "the same notice as ever"
    );
    assert_eq!(files_in(&out), ["CE packet CMA (AAMA) 2026-11-26.zip"]);
}

#[test]
fn closing_the_window_waits_for_a_job_that_cannot_stop() {
    let book = Logbook::new();
    let mut h = window(&book);
    let gate = h.state_mut().hold_jobs();
    // Saving an import cannot stop halfway (a backup or a packet is cancelled instead).
    let csv = book.path("more.csv");
    std::fs::write(
        &csv,
        "title,date,points,kind,category,approved_by,provider,note\n\
         Coding basics,2024-06-01,4,course,general,,,\n",
    )
    .unwrap();
    drop_file(&mut h, &csv);
    h.get_by_label("Import 1 activity").click();
    h.run_steps(3);
    assert!(shows(&h, "Importing"), "the import is in flight");
    // The user closes the window; the import is let go a moment later.
    let opener = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(300));
        gate.open();
    });
    eframe::App::on_exit(h.state_mut(), None);
    let store = ce_logbook::store::Store::open(&book.db).unwrap();
    assert_eq!(
        store.activities().unwrap().len(),
        2,
        "the window closed before the import was saved"
    );
    opener.join().unwrap();
}

#[test]
fn a_change_made_here_while_another_process_change_is_read_is_kept() {
    let book = Logbook::new();
    let mut h = window(&book);
    let gate = h.state_mut().hold_jobs();
    // Another process adds an activity; the window starts reading it (held in flight).
    book.run(&[
        "add",
        "--title",
        "From the command line",
        "--date",
        "2024-05-01",
        "--points",
        "1",
        "--category",
        "general",
    ])
    .ok();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while !h.state().working() && std::time::Instant::now() < deadline {
        h.step();
    }
    assert!(h.state().working(), "the change is being read");
    // Meanwhile a change here: the activity is deleted from the window.
    h.get_by_label("Infection control").click();
    h.run_steps(2);
    h.key_press(egui::Key::Delete);
    h.run_steps(2);
    assert!(shows(&h, "Deleted “Infection control”."));
    // The read started before the delete comes in: it must not bring the activity back.
    gate.open();
    settle(&mut h);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while !shows(&h, "From the command line") && std::time::Instant::now() < deadline {
        h.step();
        settle(&mut h);
    }
    assert!(
        shows(&h, "From the command line"),
        "the other process's change is shown"
    );
    assert!(
        h.query_all_by_label("Infection control").next().is_none(),
        "the delete made here stays deleted"
    );
}

/// Fills in a new activity, "BLS course", and drops a small JPEG certificate on it (returned).
fn new_activity_with_card(h: &mut Harness<'_, LogbookApp>, book: &Logbook) -> PathBuf {
    let card = book.path("bls-card.jpg");
    std::fs::write(&card, [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3]).unwrap();
    h.get_by_label("+ New activity").click();
    h.run_steps(2);
    type_into(h, "Title", "BLS course");
    type_into(h, "Points", "4");
    // Not the listed activity's category: one "clinical" label on screen.
    choose_category(h, "general");
    drop_file(h, &card);
    card
}

#[test]
fn a_new_activity_with_certificates_is_saved_as_a_job_and_cancel_saves_nothing() {
    let book = Logbook::new();
    let mut h = window(&book);
    let gate = h.state_mut().hold_jobs();
    new_activity_with_card(&mut h, &book);
    assert!(shows(&h, "bls-card.jpg"), "the file waits in the form");
    h.get_by_label("Save").click();
    // Frames go on while the save is held: on the window's thread this frame would wait.
    h.run_steps(3);
    assert!(
        shows(&h, "Saving the activity"),
        "the progress says what it does"
    );
    // The job's Cancel, beside its progress bar (the form has one of its own).
    h.get_by_role_and_label(Role::Button, "Cancel saving the activity")
        .click();
    h.run_steps(2);
    gate.open();
    settle(&mut h);
    assert!(shows(
        &h,
        "Stopped saving the activity; nothing was written."
    ));
    let form_open = |h: &Harness<'_, LogbookApp>| h.query_by_label("New activity").is_some();
    assert!(form_open(&h), "the form stays, to save again");
    let titles = |book: &Logbook| -> Vec<String> {
        let store = ce_logbook::store::Store::open(&book.db).unwrap();
        let all = store.activities().unwrap();
        all.iter().map(|a| a.data.title.to_string()).collect()
    };
    assert_eq!(titles(&book), ["Infection control"], "nothing was saved");

    // Saved again, the gate open: the activity with its certificate, the notice as ever.
    h.get_by_label("Save").click();
    settle(&mut h);
    assert_eq!(titles(&book), ["Infection control", "BLS course"]);
    assert!(shows(&h, "Saved."), "the same notice as ever");
    assert!(!form_open(&h), "the form closed");
}

#[test]
fn a_job_that_fails_says_what_failed_and_why_and_saves_nothing() {
    let book = Logbook::new();
    let mut h = window(&book);
    let card = new_activity_with_card(&mut h, &book);
    // Gone before Save: moved, or on a drive that was unplugged.
    std::fs::remove_file(&card).unwrap();
    h.get_by_label("Save").click();
    settle(&mut h);
    let notice = h
        .query_all_by_label_contains("Saving the activity failed: ")
        .next()
        .and_then(|n| n.accesskit_node().value());
    assert!(
        notice
            .as_deref()
            .is_some_and(|n| n.contains("bls-card.jpg")),
        "the notice names the job and the file: {notice:?}"
    );
    assert!(h.query_by_label("New activity").is_some(), "the form stays");
    let store = ce_logbook::store::Store::open(&book.db).unwrap();
    assert_eq!(store.activities().unwrap().len(), 1, "nothing was saved");
}

/// The window on `book` (a CMA logbook) from its first frame, with `clock` as today, stepped
/// until its data are on screen, and not a frame more.
fn window_until_open(
    book: &Logbook,
    clock: impl Fn() -> chrono::NaiveDate + 'static,
) -> Harness<'static, LogbookApp> {
    drop(add_cma(&book.db));
    let db = book.db.clone();
    let mut h = Harness::builder()
        .with_size([1280.0, 800.0])
        .build_eframe(move |cc| LogbookApp::new(cc, db, Box::new(clock)));
    step_until(&mut h, |h| h.state().logbook().is_some());
    assert!(h.state().logbook().is_some(), "the logbook opened");
    h
}

/// The day the backup tests run on.
fn nov_26() -> chrono::NaiveDate {
    date("2026-11-26")
}

#[test]
fn todays_backup_is_made_after_the_logbook_is_on_screen_not_before() {
    let book = Logbook::new();
    let today = book.dir.path().join("backups/logbook-2026-11-26.sqlite3");
    let mut h = window_until_open(&book, nov_26);
    assert!(shows(&h, "CMA (AAMA)"), "the logbook is on screen");
    assert!(
        !today.exists(),
        "the data did not wait for a copy of the logbook"
    );
    step_until(&mut h, |_| today.exists());
    assert!(today.exists(), "today's backup, made a moment later");
    settle(&mut h);
    assert!(!shows(&h, "backup failed"));
}

#[test]
fn a_window_open_past_midnight_makes_the_next_days_backup() {
    let book = Logbook::new();
    let day = std::sync::Arc::new(std::sync::Mutex::new(nov_26()));
    let clock = day.clone();
    let mut h = window_until_open(&book, move || *clock.lock().unwrap());
    let backup = |d: &str| book.dir.path().join(format!("backups/logbook-{d}.sqlite3"));
    step_until(&mut h, |_| backup("2026-11-26").exists());
    assert!(backup("2026-11-26").exists());
    *day.lock().unwrap() = date("2026-11-27");
    step_until(&mut h, |_| backup("2026-11-27").exists());
    assert!(backup("2026-11-27").exists(), "the next day's backup");
}

#[test]
fn a_window_closed_before_its_backup_was_due_makes_it_as_it_closes() {
    let book = Logbook::new();
    let today = book.dir.path().join("backups/logbook-2026-11-26.sqlite3");
    let mut h = window_until_open(&book, nov_26);
    assert!(!today.exists());
    eframe::App::on_exit(h.state_mut(), None);
    assert!(today.exists(), "today's backup, made on closing");
}

#[test]
fn a_failed_daily_backup_is_said_and_the_window_goes_on() {
    let book = Logbook::new();
    // Where the backups folder should be, a file: the folder cannot be made.
    std::fs::write(book.dir.path().join("backups"), "in the way").unwrap();
    let mut h = window_until_open(&book, nov_26);
    let failed = |h: &Harness<'_, LogbookApp>| shows(h, "Today's automatic backup failed: ");
    step_until(&mut h, failed);
    assert!(failed(&h), "the failure is said");
    h.get_by_label("+ New activity").click();
    h.run_steps(2);
    assert!(
        h.query_by_label("New activity").is_some(),
        "the form opened"
    );
}
