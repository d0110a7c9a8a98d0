//! The activity table: sortable, searchable, filtered; only the visible rows are laid out, and
//! the filtered, sorted order is cached until the data or the query changes.

//! The toolbar above it is in `toolbar.rs`, what a row's cells say in `cells.rs`.

use std::sync::Arc;

use chrono::NaiveDate;
use egui::RichText;
use egui_extras::{Column, TableBuilder};
use serde::{Deserialize, Serialize};

use crate::app::data::Data;
use crate::domain::{Activity, Kind};

mod cells;
mod order;
mod toolbar;

use cells::{proof_cell_ui, row_cells};
use order::filter_and_sort;
pub use toolbar::toolbar_ui;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum SortBy {
    #[default]
    Date,
    Title,
    Provider,
    Kind,
    Category,
    Approved,
    Points,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ApprovedFilter {
    #[default]
    All,
    Approved,
    NotApproved,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum CycleFilter {
    #[default]
    All,
    /// Counts for this credential (inside its current cycle).
    CountsFor(i64),
    /// Outside every credential's current cycle.
    Outside,
}

/// What the user asked the table to show. Persisted between runs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Query {
    pub search: String,
    pub category: Option<String>,
    pub approved: ApprovedFilter,
    pub cycle: CycleFilter,
    pub sort: SortBy,
    pub ascending: bool,
}

impl Default for Query {
    fn default() -> Self {
        Query {
            search: String::new(),
            category: None,
            approved: ApprovedFilter::All,
            cycle: CycleFilter::All,
            sort: SortBy::Date,
            // Newest first: the activity just logged is on top.
            ascending: false,
        }
    }
}

pub enum TableEvent {
    Edit(i64),
}

/// The table's columns: one per way of sorting, and the Proof column. Date, Title and Points
/// always show; the others may be hidden.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Col {
    Sorted(SortBy),
    Proof,
}

impl Col {
    const ALL: [Col; 8] = [
        Col::Sorted(SortBy::Date),
        Col::Sorted(SortBy::Title),
        Col::Sorted(SortBy::Provider),
        Col::Sorted(SortBy::Kind),
        Col::Sorted(SortBy::Category),
        Col::Sorted(SortBy::Approved),
        Col::Sorted(SortBy::Points),
        Col::Proof,
    ];

    fn optional(self) -> bool {
        !matches!(
            self,
            Col::Sorted(SortBy::Date | SortBy::Title | SortBy::Points)
        )
    }

    fn name(self) -> &'static str {
        match self {
            Col::Sorted(SortBy::Date) => "Date",
            Col::Sorted(SortBy::Title) => "Title",
            Col::Sorted(SortBy::Provider) => "Provider",
            Col::Sorted(SortBy::Kind) => "Kind",
            Col::Sorted(SortBy::Category) => "Category",
            Col::Sorted(SortBy::Approved) => "Approved",
            Col::Sorted(SortBy::Points) => "Points",
            Col::Proof => "Proof",
        }
    }

    /// The width the column starts at (the Title its least).
    fn width(self) -> f32 {
        match self {
            Col::Sorted(SortBy::Date) => 92.0,
            Col::Sorted(SortBy::Title) => 160.0,
            Col::Sorted(SortBy::Provider) => 130.0,
            Col::Sorted(SortBy::Kind) => 62.0,
            Col::Sorted(SortBy::Category) => 110.0,
            Col::Sorted(SortBy::Approved) => 80.0,
            Col::Sorted(SortBy::Points) => 90.0,
            Col::Proof => 84.0,
        }
    }

    /// No column clips its cells: every cell with a clip of its own is one more mesh for the
    /// GPU a frame (a software renderer holds a buffer for each), and every cell's text is
    /// truncated to its width anyway.
    fn column(self) -> Column {
        match self {
            Col::Sorted(SortBy::Date) => Column::exact(92.0).clip(false),
            // Not resizable: a resizable column keeps its width, and the Title is what takes
            // up the room the window gains or loses.
            Col::Sorted(SortBy::Title) => Column::remainder()
                .at_least(160.0)
                .resizable(false)
                .clip(false),
            Col::Sorted(SortBy::Provider) => Column::initial(130.0).at_least(60.0).clip(false),
            Col::Sorted(SortBy::Kind) => Column::exact(62.0).clip(false),
            Col::Sorted(SortBy::Category) => Column::initial(110.0).at_least(60.0).clip(false),
            Col::Sorted(SortBy::Approved) => Column::initial(80.0).at_least(50.0).clip(false),
            Col::Sorted(SortBy::Points) => Column::exact(90.0).clip(false),
            Col::Proof => Column::exact(84.0).clip(false),
        }
    }
}

#[derive(Default)]
pub struct TableState {
    pub query: Query,
    pub selected: Option<i64>,
    /// Columns hidden with the column chooser; remembered between runs.
    pub hidden: Vec<Col>,
    /// Indices into `Data::activities`, for `(generation, query)`.
    /// (`Arc<Vec>`, not `Arc<[_]>`: the list is moved in, not copied: 0.8 MB at 100,000.)
    cache: Option<(u64, Query, Arc<Vec<u32>>)>,
}

impl TableState {
    pub fn new(query: Query, hidden: Vec<Col>) -> Self {
        TableState {
            query,
            selected: None,
            hidden,
            cache: None,
        }
    }

    /// The rows to show, in order: rebuilt only when the data or the query changed.
    pub fn rows(&mut self, data: &Data) -> Arc<Vec<u32>> {
        match &self.cache {
            Some((g, q, rows)) if *g == data.generation && *q == self.query => rows.clone(),
            _ => {
                let rows = Arc::new(filter_and_sort(&self.query, data));
                self.cache = Some((data.generation, self.query.clone(), rows.clone()));
                rows
            }
        }
    }

    /// Whether the order for this data and query is worked out already.
    #[cfg(test)]
    pub fn ordered_for(&self, data: &Data) -> bool {
        matches!(&self.cache, Some((g, q, _)) if *g == data.generation && *q == self.query)
    }

    /// Moves the selection by `step` rows (arrow keys).
    pub fn step_selection(&mut self, data: &Data, step: isize) {
        let selected = self.selected;
        let rows = self.rows(data);
        if rows.is_empty() {
            return;
        }
        let position = selected.and_then(|id| {
            rows.iter()
                .position(|&i| data.activities[i as usize].id == id)
        });
        let next = match position {
            Some(p) => p.saturating_add_signed(step).min(rows.len() - 1),
            None => 0,
        };
        self.selected = Some(data.activities[rows[next] as usize].id);
    }
}

/// The table itself. Double-click edits; a click selects.
pub fn table_ui(
    ui: &mut egui::Ui,
    state: &mut TableState,
    data: &Data,
    today: NaiveDate,
) -> Option<TableEvent> {
    let mut event = None;
    let total = data.activities.len();
    let rows = state.rows(data);
    if total == 0 {
        ui.add_space(24.0);
        ui.vertical_centered(|ui| {
            ui.label(
                RichText::new(
                    "No activities yet — add the first one with Ctrl+N, or import a \
                     spreadsheet (Import…).",
                )
                .size(16.0),
            );
        });
        return None;
    }
    if rows.is_empty() {
        ui.add_space(24.0);
        ui.vertical_centered(|ui| ui.label("No activity matches the search and filters."));
        return None;
    }
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + 8.0;
    let weak = ui.visuals().weak_text_color();
    let cols: Vec<Col> = Col::ALL
        .into_iter()
        .filter(|c| !state.hidden.contains(c))
        .collect();
    // Sideways scrolling only when the columns do not fit (a narrow window, a large zoom);
    // otherwise the Title column takes what the window has to spare.
    let needed: f32 = cols.iter().map(|c| c.width()).sum::<f32>() + 8.0 * cols.len() as f32;
    let mut draw = |ui: &mut egui::Ui| {
        let mut table = TableBuilder::new(ui)
            .id_salt("activities")
            .striped(true)
            .resizable(true)
            .sense(egui::Sense::click())
            .cell_layout(egui::Layout::left_to_right(egui::Align::Center));
        for col in &cols {
            table = table.column(col.column());
        }
        table
            .header(row_height + 4.0, |header| {
                header_ui(header, &mut state.query, &cols)
            })
            .body(|body| {
                body.rows(row_height, rows.len(), |row| {
                    let index = rows[row.index()] as usize;
                    if let Some(e) = row_ui(row, index, state, data, today, weak, &cols) {
                        event = Some(e);
                    }
                });
            });
    };
    if ui.available_width() >= needed {
        draw(ui);
    } else {
        egui::ScrollArea::horizontal()
            .id_salt("activities-sideways")
            .show(ui, draw);
    }
    event
}

/// The column headers: a click sorts by the column, a second click turns the order round.
fn header_ui(mut header: egui_extras::TableRow<'_, '_>, q: &mut Query, cols: &[Col]) {
    for col in cols {
        match *col {
            Col::Sorted(sort) => {
                header.col(|ui| header_cell(ui, q, col.name(), sort));
            }
            Col::Proof => {
                header.col(|ui| {
                    let name = egui::Label::new(RichText::new(col.name()).strong()).truncate();
                    ui.add(name).on_hover_text(
                        "What an audit would ask for: a certificate, the provider, a course \
                         description or note, at least one contact hour, a date inside the cycle",
                    );
                });
            }
        }
    }
}

fn header_cell(ui: &mut egui::Ui, q: &mut Query, name: &str, sort: SortBy) {
    let arrow = if q.sort == sort {
        if q.ascending { " ⏶" } else { " ⏷" }
    } else {
        ""
    };
    // Truncated like the cells: a column narrowed below its name keeps the name inside it.
    let button = egui::Button::selectable(q.sort == sort, format!("{name}{arrow}")).truncate();
    let response = ui.add(button).on_hover_text("Sort by this column");
    if response.clicked() {
        if q.sort == sort {
            q.ascending = !q.ascending;
        } else {
            q.sort = sort;
            q.ascending = sort != SortBy::Date;
        }
    }
}

/// One activity's row; dimmed when no cycle holds it. A click selects, a double click edits.
fn row_ui(
    mut row: egui_extras::TableRow<'_, '_>,
    index: usize,
    state: &mut TableState,
    data: &Data,
    today: NaiveDate,
    weak: egui::Color32,
    cols: &[Col],
) -> Option<TableEvent> {
    let Activity { id, data: a } = &data.activities[index];
    let inside = data.in_a_cycle[index];
    row.set_selected(state.selected == Some(*id));
    let text = |s: String| {
        if inside {
            RichText::new(s)
        } else {
            RichText::new(s).color(weak)
        }
    };
    let cells = row_cells(a, today);
    for col in cols {
        let Some(i) = Col::ALL[..7].iter().position(|c| c == col) else {
            proof_cell_ui(&mut row, data, index, inside, &text);
            continue;
        };
        let cell = cells[i].clone();
        row.col(|ui| {
            // Not selectable: a click on the text selects the row.
            let label = egui::Label::new(text(cell)).selectable(false).truncate();
            if *col == Col::Sorted(SortBy::Points) {
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    ui.add(label)
                });
            } else {
                ui.add(label);
            }
        });
    }
    let response = row.response();
    let response = if inside && a.kind == Kind::Course && !a.planned {
        response
    } else {
        // Worded only while the pointer is on the row.
        response.on_hover_ui(|ui| {
            for note in data.row_notes(a, inside) {
                ui.label(note);
            }
        })
    };
    if response.clicked() {
        state.selected = Some(*id);
    }
    if response.double_clicked() {
        state.selected = Some(*id);
        return Some(TableEvent::Edit(*id));
    }
    None
}
