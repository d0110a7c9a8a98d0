//! The baseline for scripts/startup.sh: a bare eframe window with the same options as CE
//! Logbook's (src/app/mod.rs `run`: size, title, app id, icon, a settings file), which opens
//! the same SQLite file, reads only its schema version, and paints one label.
//!
//! `cargo run --release --example bare_window -- LOGBOOK.sqlite3`. With `CE_LOGBOOK_TIMING`
//! set it says on stderr, as the real window does, when its first frame was on screen:
//! `CE_LOGBOOK_TIMING first_frame <ns since the epoch>`.

use std::path::{Path, PathBuf};

fn main() -> anyhow::Result<()> {
    let Some(db) = std::env::args_os().nth(1).map(PathBuf::from) else {
        anyhow::bail!("give the logbook to open: bare_window LOGBOOK.sqlite3");
    };
    let conn = rusqlite::Connection::open(&db)?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    let settings = db
        .parent()
        .unwrap_or(Path::new("."))
        .join("bare_window.ron");
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("CE Logbook")
            .with_app_id("org.celogbook.CELogbook")
            .with_icon(
                eframe::icon_data::from_png_bytes(include_bytes!(
                    "../assets/icons/ce-logbook-256.png"
                ))
                .unwrap_or_default(),
            )
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([760.0, 480.0]),
        persistence_path: Some(settings),
        ..Default::default()
    };
    let text = format!("{} (schema version {version})", db.display());
    let timing = std::env::var_os("CE_LOGBOOK_TIMING").is_some();
    eframe::run_native(
        "CE Logbook",
        options,
        Box::new(move |_cc| {
            Ok(Box::new(Bare {
                _conn: conn,
                text,
                first_frame: timing.then_some(None),
            }))
        }),
    )
    .map_err(|e| anyhow::anyhow!("cannot open the window: {e}"))
}

struct Bare {
    /// Held open for the window's life, as the real window holds its logbook.
    _conn: rusqlite::Connection,
    text: String,
    /// With timing on: the number of the first frame once drawn, until it is said.
    first_frame: Option<Option<u64>>,
}

impl eframe::App for Bare {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let frame = ui.ctx().cumulative_frame_nr();
        // Said as the next frame starts, as the real window does: the first one is painted.
        if let Some(Some(first)) = self.first_frame
            && frame > first
        {
            let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
            eprintln!(
                "CE_LOGBOOK_TIMING first_frame {}",
                now.unwrap_or_default().as_nanos()
            );
            self.first_frame = None;
        }
        egui::CentralPanel::default().show(ui, |ui| {
            ui.label(&self.text);
        });
        if let Some(None) = self.first_frame {
            self.first_frame = Some(Some(frame));
            ui.ctx().request_repaint();
        }
    }
}
