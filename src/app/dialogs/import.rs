//! Import: a CSV file, with a preview of every row (and every bad row) before anything is
//! written. Rows the logbook has already are skipped unless the user asks for them too.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use egui::RichText;

use super::{Dialog, DialogContext, Outcome};
use crate::app::actions::Action;
use crate::app::browse::{
    Browse, Browser, browse_button_ui, browser_ui, default_folder, path_field,
};
use crate::domain::csv::Seen;
use crate::domain::rules::KindRules;
use crate::domain::{Activity, ActivityData};
use crate::logbook::Error;
use crate::logbook::reports::{ImportPlan, read_import};
use crate::logbook::text::count as count_of;

/// At most this many rows are listed in the preview.
const SHOWN_ROWS: usize = 200;

/// What reading the chosen CSV file gave.
enum Preview {
    /// Every row valid; `seen` marks those the logbook or the file has already.
    Rows(ImportPlan),
    Bad(Vec<String>),
}

pub struct ImportDialog {
    path: String,
    preview: Option<(String, Preview)>,
    browser: Option<Browser>,
    /// Import rows the logbook has already too.
    keep_duplicates: bool,
}

impl ImportDialog {
    pub fn new(path: Option<&Path>) -> Self {
        ImportDialog {
            path: path.map(|p| p.display().to_string()).unwrap_or_else(|| {
                default_folder()
                    .join("activities.csv")
                    .display()
                    .to_string()
            }),
            preview: None,
            browser: None,
            keep_duplicates: false,
        }
    }

    /// Reads and checks the file now (a dropped file is previewed at once).
    pub fn preview(&mut self, kinds: &KindRules, today: NaiveDate, logbook: &[Activity]) {
        let path = PathBuf::from(self.path.trim());
        let preview = match read_import(&path, kinds, today) {
            Ok(rows) => Preview::Rows(ImportPlan::new(rows, logbook)),
            Err(Error::ImportRejected(errors)) => {
                Preview::Bad(errors.iter().map(ToString::to_string).collect())
            }
            Err(e) => Preview::Bad(vec![crate::app::messages::error_text(&e)]),
        };
        self.preview = Some((self.path.clone(), preview));
    }

    /// The file's path, Preview and Browse…; previews again when a file is chosen.
    fn file_ui(&mut self, ui: &mut egui::Ui, cx: &DialogContext<'_>) {
        let (kinds, logbook) = (&cx.rules.kinds, &cx.data.activities);
        ui.horizontal(|ui| {
            let field = path_field(ui, "File", &mut self.path);
            let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if ui.button("Preview").clicked() || enter {
                self.preview(kinds, cx.today, logbook);
            }
            browse_button_ui(ui, &mut self.browser, Browse::Csv, &self.path);
        });
        if let Some(chosen) = browser_ui(ui.ctx(), &mut self.browser) {
            self.path = chosen.display().to_string();
            self.preview(kinds, cx.today, logbook);
        }
    }
}

impl Dialog for ImportDialog {
    fn title(&self) -> &'static str {
        "Import activities"
    }

    fn owns_escape(&self) -> bool {
        self.browser.is_some()
    }

    /// The preview is wide, and may be made wider.
    fn window<'open>(&self, window: egui::Window<'open>) -> egui::Window<'open> {
        window.default_width(640.0)
    }

    fn ui(&mut self, ui: &mut egui::Ui, cx: &DialogContext<'_>) -> Outcome {
        ui.label(
            "A CSV file with the columns title,date,points,kind,category,approved_by,provider,note \
             (what Export writes). Nothing is written until you confirm; a file with any bad row \
             is not imported at all.",
        );
        ui.add_space(6.0);
        self.file_ui(ui, cx);
        ui.weak("Or drop a .csv file onto the window.");
        ui.add_space(6.0);
        // A preview is for the file it was made from; editing the path asks for a new one.
        let current = self
            .preview
            .as_ref()
            .filter(|(p, _)| *p == self.path)
            .map(|(_, preview)| preview);
        let rows = match current {
            None => None,
            Some(Preview::Bad(errors)) => {
                errors_ui(ui, errors);
                None
            }
            Some(Preview::Rows(plan)) => rows_ui(ui, plan, &mut self.keep_duplicates),
        };
        match rows {
            Some(rows) => Outcome::Submit(Action::Import(rows)),
            None => Outcome::Keep,
        }
    }
}

/// A file with a bad row: every problem, and that nothing will be imported.
fn errors_ui(ui: &mut egui::Ui, errors: &[String]) {
    ui.label(
        RichText::new(format!(
            "{} problem(s); nothing will be imported. Fix the file and preview again:",
            errors.len()
        ))
        .color(ui.visuals().error_fg_color)
        .strong(),
    );
    egui::ScrollArea::vertical()
        .max_height(220.0)
        .id_salt("import-errors")
        .show(ui, |ui| {
            for e in errors {
                ui.label(RichText::new(e).color(ui.visuals().error_fg_color));
            }
        });
}

/// A valid file: its rows, which are skipped, and the Import button. Returns the rows to add
/// once the user confirms them.
fn rows_ui(
    ui: &mut egui::Ui,
    plan: &ImportPlan,
    keep_duplicates: &mut bool,
) -> Option<Vec<ActivityData>> {
    let (rows, seen) = (&plan.rows, &plan.seen);
    let keep = *keep_duplicates;
    let take = |i: usize| keep || seen[i].is_new();
    let count = (0..rows.len()).filter(|i| take(*i)).count();
    ui.label(RichText::new(format!("{} row(s), all valid:", rows.len())).strong());
    egui::ScrollArea::vertical()
        .max_height(220.0)
        .id_salt("import-rows")
        .show(ui, |ui| {
            egui::Grid::new("import-preview")
                .striped(true)
                .show(ui, |ui| grid_ui(ui, rows, seen, take));
            if rows.len() > SHOWN_ROWS {
                ui.weak(format!("… and {} more", rows.len() - SHOWN_ROWS));
            }
        });
    ui.add_space(6.0);
    if plan.duplicates() > 0 {
        let mut why = Vec::new();
        if plan.in_logbook() > 0 {
            why.push(format!(
                "{} row(s) are in your logbook already",
                plan.in_logbook()
            ));
        }
        if plan.repeated() > 0 {
            why.push(format!(
                "{} row(s) repeat an earlier row of this file",
                plan.repeated()
            ));
        }
        ui.label(
            RichText::new(format!(
                "{} (same date, title, points and kind) and are skipped.",
                why.join(" and ")
            ))
            .color(ui.visuals().warn_fg_color),
        );
        ui.checkbox(keep_duplicates, "Import them anyway");
    }
    let label = match count {
        0 => "Nothing new to import".to_owned(),
        n => format!("Import {}", count_of(n, "activity", "activities")),
    };
    ui.add_enabled(count > 0, egui::Button::new(RichText::new(label).strong()))
        .clicked()
        .then(|| plan.to_add(keep))
}

/// The preview's rows; `take` says which will be added.
fn grid_ui(ui: &mut egui::Ui, rows: &[ActivityData], seen: &[Seen], take: impl Fn(usize) -> bool) {
    for h in ["Date", "Title", "Points", "Kind", "Category", "Approved"] {
        ui.label(RichText::new(h).strong());
    }
    ui.end_row();
    for (i, r) in rows.iter().enumerate().take(SHOWN_ROWS) {
        // A row that will be skipped is shown dimmed and says why.
        let cell = |ui: &mut egui::Ui, text: &str| {
            if take(i) {
                ui.label(text);
            } else {
                ui.weak(text);
            }
        };
        cell(ui, &r.date.to_string());
        cell(ui, &r.title);
        cell(ui, &r.points.to_string());
        cell(ui, r.kind.as_str());
        cell(ui, r.category.as_deref().unwrap_or(""));
        cell(ui, &r.approved_by.join(", "));
        match seen[i] {
            Seen::New => {}
            Seen::InLogbook => {
                ui.weak("already in your logbook");
            }
            Seen::EarlierRow(first) => {
                ui.weak(format!("repeats row {}", first + 1));
            }
        }
        ui.end_row();
    }
}
