//! The activity form and the table in the window, as a person uses them: adding, editing and
//! deleting an activity, undo, the keys (Ctrl+N, Enter, Delete, Esc, Ctrl+Z, Ctrl+S), search,
//! filters and sorting, dates typed as people write them and the calendar, and what the form
//! asks for before Save.

use ce_logbook::app::LogbookApp;
use ce_logbook::store::Store;
use egui::Key;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

mod common;
use common::window::{Setup, activity, choose_category, click, replace_text, sees, type_into};

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
