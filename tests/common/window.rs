//! What the window tests share: the window opened on a logbook, a file dropped onto it as the
//! desktop hands it over, and waiting for the work the window does on its own threads
//! (opening the logbook, reading a file, a packet, a restore).

use ce_logbook::app::LogbookApp;
use egui_kittest::Harness;

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
    harness.run_steps(2);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while harness.state().working() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(2));
        harness.step();
    }
    harness.run_steps(2);
}
