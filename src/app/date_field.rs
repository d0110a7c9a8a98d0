//! The date field used wherever the window asks for a date: type it (`2024-03-14`,
//! `3/14/2024`, `03/14/24`, `March 14, 2024`) and see what was understood, or pick it from the
//! calendar beside it. The calendar is always six weeks tall, so it keeps its place from month
//! to month, and its year list reaches back to 1950.

use chrono::{Datelike, Months, NaiveDate, Weekday};
use egui::RichText;

use crate::domain::dates::{EARLIEST, parse_human};

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A date being typed or picked.
#[derive(Clone, Debug, Default)]
pub struct DateField {
    /// What the person typed (or the date picked, written as ISO).
    pub text: String,
    /// The month the calendar shows (its first day).
    shown: Option<NaiveDate>,
    /// Whether the calendar is open. An area, not a popup: its month and year lists are
    /// popups, and egui keeps one popup open at a time.
    open: bool,
}

impl DateField {
    pub fn new(date: Option<NaiveDate>) -> Self {
        DateField {
            text: date.map(|d| d.to_string()).unwrap_or_default(),
            shown: None,
            open: false,
        }
    }

    /// The date understood, if the text is one.
    pub fn value(&self) -> Option<NaiveDate> {
        parse_human(&self.text)
    }

    pub fn set(&mut self, date: NaiveDate) {
        self.text = date.to_string();
    }

    /// The field, its calendar button and what was understood. `latest` is the last year the
    /// calendar offers. Returns the text field's response (changed when a day was picked too).
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        id_salt: &str,
        label: egui::Id,
        width: f32,
        today: NaiveDate,
        latest: i32,
    ) -> egui::Response {
        let mut picked = None;
        let mut response = ui
            .horizontal(|ui| {
                let edit = egui::TextEdit::singleline(&mut self.text)
                    .hint_text("2024-03-14 or 3/14/2024")
                    .desired_width(width.min(150.0));
                let field = ui.add(edit).labelled_by(label);
                let button = ui
                    .button("📅")
                    .on_hover_text("Pick the date from a calendar");
                let spoken = "Calendar".to_owned();
                button.widget_info(|| {
                    egui::WidgetInfo::labeled(egui::Role::Button, true, spoken.clone())
                });
                if button.clicked() {
                    self.shown = Some(first_of_month(self.value().unwrap_or(today)));
                    self.open = !self.open;
                }
                if self.open {
                    let (area, day) = self.calendar_area_ui(ui, id_salt, &button, today, latest);
                    picked = day;
                    // Not while one of its own lists (month, year) is open: those are popups.
                    let elsewhere = area.clicked_elsewhere() && !button.clicked();
                    // Esc closes the calendar only, not the form around it.
                    let escape =
                        ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape));
                    if day.is_some() || escape || (!ui.ctx().any_popup_open() && elsewhere) {
                        self.open = false;
                    }
                }
                field
            })
            .inner;
        if let Some(day) = picked {
            self.set(day);
            response.mark_changed();
        }
        self.understood_ui(ui);
        response
    }

    /// The calendar under its button, at a fixed place and always the same size. Returns the
    /// area's response and the day picked.
    fn calendar_area_ui(
        &mut self,
        ui: &egui::Ui,
        id_salt: &str,
        button: &egui::Response,
        today: NaiveDate,
        latest: i32,
    ) -> (egui::Response, Option<NaiveDate>) {
        let shown = self.shown.unwrap_or_else(|| first_of_month(today));
        let selected = self.value();
        let area = egui::Area::new(ui.make_persistent_id((id_salt, "calendar")))
            .kind(egui::UiKind::Picker)
            .order(egui::Order::Foreground)
            .fixed_pos(button.rect.left_bottom())
            .show(ui.ctx(), |ui| {
                egui::Frame::popup(ui.style())
                    .show(ui, |ui| calendar_ui(ui, id_salt, shown, selected, latest))
                    .inner
            });
        let (month, day) = area.inner;
        self.shown = Some(month);
        (area.response, day)
    }

    /// "Thursday, March 14, 2024" under the field, or what to type instead.
    fn understood_ui(&self, ui: &mut egui::Ui) {
        if self.text.trim().is_empty() {
            ui.weak("type a date or pick one");
            return;
        }
        match self.value() {
            Some(date) => {
                ui.weak(long_date(date));
            }
            None => {
                let color = ui.visuals().error_fg_color;
                ui.label(
                    RichText::new(
                        "not a date: write it as 2024-03-14, 3/14/2024 or March 14, 2024",
                    )
                    .color(color),
                );
            }
        }
    }
}

/// `Thursday, March 14, 2024`.
pub fn long_date(date: NaiveDate) -> String {
    format!(
        "{}, {} {}, {}",
        weekday_name(date.weekday()),
        MONTHS[date.month0() as usize],
        date.day(),
        date.year()
    )
}

fn weekday_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

fn first_of_month(date: NaiveDate) -> NaiveDate {
    date.with_day(1).unwrap_or(date)
}

/// One month: arrows, the month and year lists, and six weeks of days (Monday first).
/// Returns the month shown next and the day picked.
fn calendar_ui(
    ui: &mut egui::Ui,
    id_salt: &str,
    shown: NaiveDate,
    selected: Option<NaiveDate>,
    latest: i32,
) -> (NaiveDate, Option<NaiveDate>) {
    let mut month = shown;
    let mut picked = None;
    ui.horizontal(|ui| {
        if ui
            .small_button("◀")
            .on_hover_text("Previous month")
            .clicked()
        {
            month = month.checked_sub_months(Months::new(1)).unwrap_or(month);
        }
        let mut m = month.month0() as usize;
        egui::ComboBox::from_id_salt((id_salt, "month"))
            .selected_text(MONTHS[m])
            .width(100.0)
            .show_ui(ui, |ui| {
                for (i, name) in MONTHS.iter().enumerate() {
                    ui.selectable_value(&mut m, i, *name);
                }
            });
        let mut year = month.year();
        egui::ComboBox::from_id_salt((id_salt, "year"))
            .selected_text(year.to_string())
            .width(64.0)
            .show_ui(ui, |ui| {
                for y in (EARLIEST.year()..=latest).rev() {
                    ui.selectable_value(&mut year, y, y.to_string());
                }
            });
        month = NaiveDate::from_ymd_opt(year, m as u32 + 1, 1).unwrap_or(month);
        if ui.small_button("▶").on_hover_text("Next month").clicked() {
            month = month.checked_add_months(Months::new(1)).unwrap_or(month);
        }
    });
    let start = month - chrono::Days::new(u64::from(month.weekday().num_days_from_monday()));
    egui::Grid::new((id_salt, "days"))
        .spacing([2.0, 2.0])
        .show(ui, |ui| {
            for name in ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"] {
                ui.weak(name);
            }
            ui.end_row();
            // Always six weeks, so the calendar is the same size every month.
            for week in 0..6u64 {
                for day in 0..7u64 {
                    let date = start + chrono::Days::new(week * 7 + day);
                    let size = egui::vec2(30.0, 22.0);
                    if date.month() != month.month() {
                        ui.allocate_space(size);
                        continue;
                    }
                    let button =
                        egui::Button::selectable(selected == Some(date), date.day().to_string());
                    if ui.add_sized(size, button).clicked() {
                        picked = Some(date);
                    }
                }
                ui.end_row();
            }
        });
    (month, picked)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typed_date_is_read_back_in_words() {
        let field = DateField {
            text: "3/14/2024".into(),
            ..DateField::default()
        };
        let date = field.value().unwrap();
        assert_eq!(long_date(date), "Thursday, March 14, 2024");
        assert_eq!(DateField::new(None).value(), None);
    }
}
