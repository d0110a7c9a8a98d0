//! Small pieces the panels share: the state badge, colours, short paths and numbers.

use egui::{Color32, RichText};

use crate::domain::State;

/// One colour per state, used everywhere, always beside the word.
pub fn state_color(state: State, dark: bool) -> Color32 {
    match (state, dark) {
        (State::Complete, false) => Color32::from_rgb(0x1e, 0x7e, 0x34),
        (State::Complete, true) => Color32::from_rgb(0x4c, 0xc3, 0x6a),
        (State::InProgress, false) => Color32::from_rgb(0x1f, 0x5f, 0xbf),
        (State::InProgress, true) => Color32::from_rgb(0x6a, 0xa5, 0xff),
        (State::Grace, false) => Color32::from_rgb(0xa8, 0x5d, 0x00),
        (State::Grace, true) => Color32::from_rgb(0xff, 0xb3, 0x40),
        (State::Lapsed, false) => Color32::from_rgb(0xb3, 0x26, 0x1e),
        (State::Lapsed, true) => Color32::from_rgb(0xff, 0x6b, 0x5e),
    }
}

/// The state as a coloured badge with its word.
pub fn badge_ui(ui: &mut egui::Ui, state: State) -> egui::Response {
    let color = state_color(state, ui.visuals().dark_mode);
    egui::Frame::new()
        .fill(color.gamma_multiply(0.18))
        .stroke(egui::Stroke::new(1.0, color))
        .corner_radius(10.0)
        .inner_margin(egui::Margin::symmetric(10, 3))
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.spacing_mut().item_spacing.x = 5.0;
                dot_ui(ui, color);
                ui.label(RichText::new(state.label()).color(color).strong())
            })
            .inner
        })
        .inner
}

/// A small filled circle in `color`, drawn rather than taken from a font.
pub fn dot_ui(ui: &mut egui::Ui, color: Color32) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
    ui.painter().circle_filled(rect.center(), 4.5, color);
}

/// Red text for a field's error.
pub fn error_ui(ui: &mut egui::Ui, message: &str) {
    let color = ui.visuals().error_fg_color;
    ui.label(RichText::new(message).color(color));
}

/// `1.5` points/month, at most two decimals and no trailing noise.
pub fn pace_text(pace: f64) -> String {
    let hundredths = (pace * 100.0).ceil() as i64;
    format!("{}", crate::domain::Points::from_hundredths(hundredths))
}

/// A path short enough for the top bar: whole when it is short, else its folder and file
/// name after an ellipsis (the whole path is shown on hover).
pub fn short_path(path: &std::path::Path) -> String {
    const MAX: usize = 36;
    let whole = path.display().to_string();
    if whole.chars().count() <= MAX {
        return whole;
    }
    let mut tail: Vec<String> = path
        .components()
        .rev()
        .take(2)
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    tail.reverse();
    let short = format!(
        "…{}{}",
        std::path::MAIN_SEPARATOR,
        tail.join(std::path::MAIN_SEPARATOR_STR)
    );
    if short.chars().count() <= MAX {
        return short;
    }
    // Even the file name is long: its end, where the name's distinct part usually is.
    let name = tail.last().cloned().unwrap_or_default();
    let end: String = name
        .chars()
        .rev()
        .take(MAX - 1)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    format!("…{end}")
}

/// The quiet line under a credential whose rule only secondary sources give.
pub fn unverified_note(body: &str) -> String {
    format!("rule from secondary sources; check with {body}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_paths_keep_their_folder_and_name() {
        use std::path::Path;
        assert_eq!(short_path(Path::new("/tmp/book.db")), "/tmp/book.db");
        let long = Path::new("/home/someone/.local/share/celogbook/logbook.sqlite3");
        assert_eq!(short_path(long), "…/celogbook/logbook.sqlite3");
        let longer = format!("/x/{}.sqlite3", "a".repeat(60));
        let short = short_path(Path::new(&longer));
        assert_eq!(short.chars().count(), 36);
        assert!(short.starts_with('…') && short.ends_with("a.sqlite3"));
    }

    #[test]
    fn pace_rounds_up_to_hundredths() {
        assert_eq!(pace_text(2.101), "2.11");
        assert_eq!(pace_text(2.0), "2");
    }
}
