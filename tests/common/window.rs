//! What the window tests share: the window opened on a logbook, a file dropped onto it as the
//! desktop hands it over, and waiting for the work the window does on its own threads
//! (opening the logbook, reading a file, a packet, a restore); and the harness most of them
//! drive it with: a `Setup` (a logbook with a credential and activities), and a person's
//! actions (click, type into a field, pick a category) and what they see.

use ce_logbook::app::LogbookApp;
use ce_logbook::domain::{ActivityDraft, CredentialSpec, RuleBook};
use ce_logbook::store::Store;
use egui::Key;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use super::{Logbook, date};

#[derive(Debug)]
struct Dropped(std::path::PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &std::path::Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

/// A CMA (AAMA) credential certified 2022-03-15 in the logbook at `db`; returns the store.
pub fn add_cma(db: &std::path::Path) -> ce_logbook::store::Store {
    let mut store = ce_logbook::store::Store::open(db).unwrap();
    store
        .add_credential(
            &ce_logbook::domain::CredentialSpec::Preset("cma-aama".into()),
            super::date("2022-03-15"),
        )
        .unwrap();
    store
}

/// The window at 1280×800 on the logbook at `db`, with `today` as today, once it is open.
pub fn open_window(db: std::path::PathBuf, today: &'static str) -> Harness<'static, LogbookApp> {
    let mut h = Harness::builder()
        .with_size([1280.0, 800.0])
        .build_eframe(move |cc| LogbookApp::new(cc, db, Box::new(move || super::date(today))));
    settle(&mut h);
    h
}

/// Drops the file at `path` onto the window and lets it react.
pub fn drop_file(harness: &mut Harness<'_, LogbookApp>, path: &std::path::Path) {
    harness
        .input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(path.to_owned())));
    harness.run_steps(3);
    settle(harness);
}

/// Runs frames while the window works on another thread, then lets it lay out what the work
/// left (a notice is laid out unseen in its first frame). Gives up after 30 seconds of wall
/// time; the caller then asserts what a person would see.
pub fn settle(harness: &mut Harness<'_, LogbookApp>) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        harness.run_steps(2);
        while harness.state().working() && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(2));
            harness.step();
        }
        // Two frames more take in what finished and lay it out; they may start more work
        // (a second read), which is waited for in turn.
        harness.run_steps(2);
        if !harness.state().working() || std::time::Instant::now() >= deadline {
            return;
        }
    }
}

/// The day the window tests run on, given to the window as its today.
pub const TODAY: &str = "2026-11-26";

/// A logbook file in a temporary folder (the window opens `book.db`; files a person would pick
/// or drop go next to it).
pub struct Setup {
    pub book: Logbook,
}

impl Setup {
    pub fn empty() -> Self {
        Setup {
            book: Logbook::new(),
        }
    }

    /// A CMA certified 2022-03-15 (expires 2027-03-31) and the given activities.
    pub fn cma(activities: &[(&str, &str, &str, &str, bool)]) -> Self {
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

    pub fn harness(&self) -> Harness<'static, LogbookApp> {
        self.harness_from(Harness::builder())
    }

    /// The window from a harness builder (e.g. one that allows missing glyphs, drawn as boxes
    /// as the real window draws them).
    pub fn harness_from(
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

    pub fn stored_titles(&self) -> Vec<String> {
        let store = Store::open(&self.book.db).unwrap();
        store
            .activities()
            .unwrap()
            .into_iter()
            .map(|a| a.data.title.to_string())
            .collect()
    }
}

/// A valid course (`approved` by AAMA or by no one), checked as of `TODAY`.
pub fn activity(
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

/// Setup with one preset certified on `certified` and these activities (planned ones too).
pub fn setup_with(
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

/// Picks `category` in the form's Category list.
pub fn choose_category(h: &mut Harness<'_, LogbookApp>, category: &str) {
    h.get_by_role_and_label(Role::ComboBox, "Category").click();
    h.run_steps(2);
    click(h, category);
}

/// What the certification date field holds.
pub fn certified_field(h: &Harness<'_, LogbookApp>) -> String {
    h.get_by_role_and_label(Role::TextInput, "Certified (or last recertified) on")
        .value()
        .unwrap_or_default()
}

/// Types into the text field a person knows by `label`.
pub fn type_into(harness: &mut Harness<'_, LogbookApp>, label: &str, text: &str) {
    type_in(harness, label, text, false);
}

/// Replaces the text of the field a person knows by `label`.
pub fn replace_text(harness: &mut Harness<'_, LogbookApp>, label: &str, text: &str) {
    type_in(harness, label, text, true);
}

/// Focuses the field, selects all it holds when `replace`, types `text`, and waits for what
/// that started.
fn type_in(harness: &mut Harness<'_, LogbookApp>, label: &str, text: &str, replace: bool) {
    harness
        .get_by_role_and_label(Role::TextInput, label)
        .focus();
    harness.run_steps(1);
    if replace {
        harness.key_press_modifiers(egui::Modifiers::COMMAND, Key::A);
        harness.run_steps(1);
    }
    harness
        .get_by_role_and_label(Role::TextInput, label)
        .type_text(text);
    harness.run_steps(2);
    settle(harness);
}

/// Clicks, and waits for what the click started on another thread (if anything).
pub fn click(harness: &mut Harness<'_, LogbookApp>, label: &str) {
    harness.get_by_label(label).click();
    harness.run_steps(2);
    settle(harness);
}

/// Whether `text` is shown as a label.
pub fn sees(harness: &Harness<'_, LogbookApp>, text: &str) -> bool {
    harness.query_by_label(text).is_some()
}

/// Runs frames until `done` holds, for work the window does on a background thread; gives up
/// after 30 seconds of wall time (the callers then assert what a person would see).
pub fn step_until(
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
