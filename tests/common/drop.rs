//! A file dropped onto the window, as the desktop hands it over, for the window tests.

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

/// Drops the file at `path` onto the window and lets it react.
pub fn drop_file(harness: &mut Harness<'_, LogbookApp>, path: &std::path::Path) {
    harness
        .input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(path.to_owned())));
    harness.run_steps(3);
}
