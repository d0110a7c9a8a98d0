//! Import: the user's own CSV file or spreadsheet (XLSX, ODS), with a preview before
//! anything is written: which column became which field (a drop-down each, remembered for
//! the next file with the same headers), the columns ignored, each date as written and as
//! read, and every row (or every bad row). Rows the logbook has already are skipped unless
//! the user asks for them too.

mod columns;

use std::path::{Path, PathBuf};

use egui::RichText;

use super::{Dialog, DialogContext, Outcome};
use crate::app::actions::{Action, Long};
use crate::app::browse::{
    Browse, Browser, browse_button_ui, browser_ui, default_folder, path_field,
};
use crate::app::jobs::{Background, Opener, Polled};
use crate::domain::ActivityData;
use crate::domain::columns::{Field, MapEntry};
use crate::domain::csv::Seen;
use crate::domain::human_dates::DateOrder;
use crate::domain::import::{Column, ImportOptions, ImportRead, approving_bodies};
use crate::logbook::Error;
use crate::logbook::reports::{ImportPlan, read_import};
use crate::logbook::text::count as count_of;
use columns::{Change, columns_ui, reading_ui, remember, remembered};

/// At most this many rows are listed in the preview.
const SHOWN_ROWS: usize = 200;

/// How a readable file was read: its sheet, columns and date order.
struct Reading {
    sheet: Option<String>,
    sheets: Vec<String>,
    columns: Vec<Column>,
    date_order: DateOrder,
    /// A plain "Approved" yes/no column is there.
    plain_approved: bool,
}

/// What reading the chosen file gave.
enum Preview {
    /// Every row valid; `seen` marks those the logbook or the file has already. With each
    /// row, its date as the file writes it.
    Rows(Reading, ImportPlan, Vec<String>),
    /// Bad rows (or a bad header), with the columns as read so they can be changed.
    Bad(Reading, Vec<String>),
    /// The file could not be read at all.
    Unreadable(Vec<String>),
}

/// A read of the file in flight, on its own thread: for which path, and whether a mapping
/// remembered for its headers may be applied when it is done.
struct InFlight {
    path: String,
    recall: bool,
    work: Background<Result<Preview, Error>>,
}

pub struct ImportDialog {
    path: String,
    preview: Option<(String, Preview)>,
    reading: Option<InFlight>,
    browser: Option<Browser>,
    /// Import rows the logbook has already too.
    keep_duplicates: bool,
    /// What the user chose: columns, sheet, date order, the body of a plain "Approved".
    map: Vec<MapEntry>,
    sheet: Option<String>,
    date_order: Option<DateOrder>,
    approved_means: String,
    /// Previews once shown (a dropped file opens the dialog with its path).
    pending: bool,
}

impl ImportDialog {
    /// A dropped file (`dropped`) is previewed at once; otherwise the field offers the file
    /// imported last (`last`), or a name in Documents.
    pub fn new(dropped: Option<&Path>, last: Option<&Path>) -> Self {
        let offered = dropped.or(last).map(Path::to_owned);
        ImportDialog {
            path: offered
                .unwrap_or_else(|| default_folder().join("activities.csv"))
                .display()
                .to_string(),
            preview: None,
            reading: None,
            browser: None,
            keep_duplicates: false,
            map: Vec::new(),
            sheet: None,
            date_order: None,
            approved_means: String::new(),
            pending: dropped.is_some(),
        }
    }

    /// A new file: nothing chosen for the last one carries over (but a remembered mapping
    /// for its headers does).
    fn choose_file(&mut self, cx: &DialogContext<'_>) {
        self.map.clear();
        self.sheet = None;
        self.date_order = None;
        self.approved_means.clear();
        self.read(cx, true);
    }

    /// Starts reading and checking the file with what the user chose, on its own thread
    /// (a big workbook takes a while); [`Self::read_ui`] takes the result.
    fn read(&mut self, cx: &DialogContext<'_>, recall: bool) {
        let options = ImportOptions {
            sheet: self.sheet.clone(),
            map: self.map.clone(),
            date_order: self.date_order,
            approved_means: Some(self.approved_means.clone()),
            approving_bodies: bodies(cx),
        };
        let path = PathBuf::from(self.path.trim());
        let (kinds, today) = (cx.rules.kinds.clone(), cx.today);
        let opener = Opener {
            path: cx.db.to_owned(),
            rules: cx.rules.clone(),
            today,
        };
        let work = Background::start("Reading the file", true, None, move |tracker| {
            tracker.step(path.display().to_string(), 0, 2)?;
            let read = read_import(&path, &options, &kinds, today)?;
            // Set against the logbook here too: at 100,000 activities that alone took frames.
            preview_of(read, || {
                tracker.step("Looking for rows your logbook has already", 1, 2)?;
                opener.open()?.activities()
            })
        });
        match work {
            Ok(work) => {
                self.reading = Some(InFlight {
                    path: self.path.clone(),
                    recall,
                    work,
                })
            }
            Err(e) => {
                let unreadable = Preview::Unreadable(vec![format!("Cannot read it now: {e}")]);
                self.preview = Some((self.path.clone(), unreadable));
            }
        }
    }

    /// The read in flight: its progress while it runs, its preview once it is done.
    fn read_ui(&mut self, ui: &mut egui::Ui, cx: &DialogContext<'_>) {
        let Some(reading) = &self.reading else { return };
        let read = match reading.work.poll() {
            Polled::Running => {
                if reading.work.progress_ui(ui) {
                    reading.work.cancel();
                }
                return;
            }
            Polled::Done(read) => read,
            Polled::Lost => Err(Error::write("reading the file", "it stopped unexpectedly")),
        };
        let Some(InFlight { path, recall, .. }) = self.reading.take() else {
            return;
        };
        let preview = match read {
            Ok(preview) => preview,
            Err(Error::Cancelled) => return,
            Err(Error::ImportRejected(errors)) => {
                Preview::Unreadable(errors.iter().map(ToString::to_string).collect())
            }
            Err(e) => Preview::Unreadable(vec![crate::app::messages::error_text(&e)]),
        };
        // The mapping chosen last time for a file with these headers, unless the user has
        // chosen one for this file.
        if let (true, Some(reading)) = (recall && self.map.is_empty(), preview.reading()) {
            let headers: Vec<String> = reading.columns.iter().map(|c| c.header.clone()).collect();
            if let Some(map) = remembered(ui.ctx(), &headers) {
                self.map = map;
                return self.read(cx, false);
            }
        }
        self.preview = Some((path, preview));
    }

    /// The file's path, Preview and Browse…; previews again when a file is chosen.
    fn file_ui(&mut self, ui: &mut egui::Ui, cx: &DialogContext<'_>) {
        ui.horizontal(|ui| {
            let field = path_field(ui, "File", &mut self.path);
            let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if ui.button("Preview").clicked() || enter {
                self.choose_file(cx);
            }
            browse_button_ui(ui, &mut self.browser, Browse::Csv, &self.path);
        });
        if let Some(chosen) = browser_ui(ui.ctx(), &mut self.browser) {
            self.path = chosen.display().to_string();
            self.choose_file(cx);
        }
    }

    /// How the file was read, with a drop-down for each choice; reads again on a change.
    fn reading_ui(&mut self, ui: &mut egui::Ui, cx: &DialogContext<'_>, reading: &Reading) {
        let bodies = bodies(cx);
        let mut change = reading_ui(
            ui,
            reading.sheet.as_deref(),
            &reading.sheets,
            reading.date_order,
        );
        if let Change::None = change {
            change = columns_ui(ui, &reading.columns, &bodies);
        }
        let mut again = false;
        if reading.plain_approved {
            ui.horizontal(|ui| {
                let label = ui.label("\u{201c}Approved\u{201d} means approved by");
                let field = ui
                    .add(egui::TextEdit::singleline(&mut self.approved_means).hint_text("AAMA"))
                    .labelled_by(label.id);
                again = field.changed();
            });
        }
        match change {
            Change::None => {}
            Change::Map(map) => {
                remember(ui.ctx(), &map);
                self.map = map;
                again = true;
            }
            Change::DateOrder(order) => {
                self.date_order = Some(order);
                again = true;
            }
            Change::Sheet(sheet) => {
                self.sheet = Some(sheet);
                self.map.clear();
                self.read(cx, true);
            }
        }
        if again {
            self.read(cx, false);
        }
    }
}

/// The bodies the logbook's credentials name as approving.
fn bodies(cx: &DialogContext<'_>) -> Vec<String> {
    approving_bodies(cx.data.views.iter().map(|v| &v.credential))
}

/// The preview of a read file; `logbook` (its activities) is read only for rows to set
/// against it.
fn preview_of(
    read: ImportRead,
    logbook: impl FnOnce() -> Result<Vec<crate::domain::Activity>, Error>,
) -> Result<Preview, Error> {
    let reading = Reading {
        plain_approved: read
            .columns
            .iter()
            .any(|c| c.field == Some(Field::Approved(None))),
        sheet: read.sheet,
        sheets: read.sheets,
        columns: read.columns,
        date_order: read.date_order,
    };
    Ok(match read.outcome {
        Ok(rows) => {
            let dates = rows.iter().map(|r| r.date_text.clone()).collect();
            let rows = rows.into_iter().map(|r| r.data).collect();
            Preview::Rows(reading, ImportPlan::new(rows, &logbook()?), dates)
        }
        Err(errors) => Preview::Bad(reading, errors.iter().map(ToString::to_string).collect()),
    })
}

impl Preview {
    /// How the file was read, when it could be.
    fn reading(&self) -> Option<&Reading> {
        match self {
            Preview::Rows(reading, ..) | Preview::Bad(reading, _) => Some(reading),
            Preview::Unreadable(_) => None,
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

    fn working(&self) -> bool {
        self.reading.as_ref().is_some_and(|r| r.work.running())
    }

    /// The preview is wide, and may be made wider.
    fn window<'open>(&self, window: egui::Window<'open>) -> egui::Window<'open> {
        window.default_width(640.0)
    }

    fn ui(&mut self, ui: &mut egui::Ui, cx: &DialogContext<'_>) -> Outcome {
        if std::mem::take(&mut self.pending) {
            self.choose_file(cx);
        }
        ui.label(
            "Your own spreadsheet as it is: CSV or TSV (comma, semicolon or tab), XLSX or ODS. \
             Columns are found by their headers (Course Title, Date Completed, CEUs, AAMA \
             Approved, …); change any below. Nothing is written until you confirm; a file with \
             any bad row is not imported at all.",
        );
        ui.add_space(6.0);
        self.file_ui(ui, cx);
        ui.weak("Or drop a .csv, .xlsx or .ods file onto the window.");
        ui.add_space(6.0);
        self.read_ui(ui, cx);
        // The last preview stays while the file is read again (its fields keep the focus),
        // but its rows cannot be confirmed: they may change.
        let settled = self.reading.is_none();
        // A preview is for the file it was made from; editing the path asks for a new one.
        let Some((_, preview)) = self.preview.take().filter(|(p, _)| *p == self.path) else {
            return Outcome::Keep;
        };
        let rows = match &preview {
            Preview::Unreadable(errors) => {
                errors_ui(ui, errors);
                None
            }
            Preview::Bad(reading, errors) => {
                self.reading_ui(ui, cx, reading);
                errors_ui(ui, errors);
                None
            }
            Preview::Rows(reading, plan, dates) => {
                self.reading_ui(ui, cx, reading);
                ui.add_space(6.0);
                rows_ui(ui, plan, dates, &mut self.keep_duplicates, settled)
            }
        };
        // Kept unless a change above read the file again.
        if self.preview.is_none() {
            self.preview = Some((self.path.clone(), preview));
        }
        match rows {
            Some(rows) => Outcome::Submit(Action::Long(Long::Import {
                rows,
                from: PathBuf::from(self.path.trim()),
            })),
            None => Outcome::Keep,
        }
    }
}

/// A file with a bad row: every problem, and that nothing will be imported.
fn errors_ui(ui: &mut egui::Ui, errors: &[String]) {
    ui.label(
        RichText::new(format!(
            "{}; nothing will be imported. Fix the file and preview again:",
            count_of(errors.len(), "problem", "problems")
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
    dates: &[String],
    keep_duplicates: &mut bool,
    settled: bool,
) -> Option<Vec<ActivityData>> {
    let (rows, seen) = (&plan.rows, &plan.seen);
    let keep = *keep_duplicates;
    let take = |i: usize| keep || seen[i].is_new();
    let count = (0..rows.len()).filter(|i| take(*i)).count();
    ui.label(
        RichText::new(format!(
            "{}, all valid:",
            count_of(rows.len(), "row", "rows")
        ))
        .strong(),
    );
    egui::ScrollArea::vertical()
        .max_height(220.0)
        .id_salt("import-rows")
        .show(ui, |ui| {
            egui::Grid::new("import-preview")
                .striped(true)
                .show(ui, |ui| grid_ui(ui, rows, dates, seen, take));
            if rows.len() > SHOWN_ROWS {
                ui.weak(format!("… and {} more", rows.len() - SHOWN_ROWS));
            }
        });
    ui.add_space(6.0);
    if plan.duplicates() > 0 {
        let mut why = Vec::new();
        if plan.in_logbook() > 0 {
            why.push(format!(
                "{} in your logbook already",
                count_of(plan.in_logbook(), "row is", "rows are")
            ));
        }
        if plan.repeated() > 0 {
            why.push(format!(
                "{} an earlier row of this file",
                count_of(plan.repeated(), "row repeats", "rows repeat")
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
    ui.add_enabled(
        settled && count > 0,
        egui::Button::new(RichText::new(label).strong()),
    )
    .clicked()
    .then(|| plan.to_add(keep))
}

/// The preview's rows; `take` says which will be added.
fn grid_ui(
    ui: &mut egui::Ui,
    rows: &[ActivityData],
    dates: &[String],
    seen: &[Seen],
    take: impl Fn(usize) -> bool,
) {
    for h in [
        "Date",
        "As written",
        "Title",
        "Points",
        "Kind",
        "Category",
        "Approved",
    ] {
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
        cell(ui, dates.get(i).map_or("", String::as_str));
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
