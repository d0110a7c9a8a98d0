//! The import preview's columns: which field each column of the user's file became, a
//! drop-down per column to change it, the columns ignored, how dates and a plain "Approved"
//! column are read; and the mapping remembered for the next file with the same headers.
//!
//! The mapping is kept in egui's memory, which eframe saves with the window's state
//! (`persist_egui_memory`): it is how the window reads files, not part of the logbook.

use egui::RichText;

use crate::domain::columns::{Field, MapEntry, NAMED, normalize_header};
use crate::domain::human_dates::DateOrder;
use crate::domain::import::Column;

/// What the user changed in the columns this frame.
pub enum Change {
    None,
    /// Every column's field, as the drop-downs now say.
    Map(Vec<MapEntry>),
    DateOrder(DateOrder),
    Sheet(String),
}

/// Where the mapping of files with these headers is remembered.
fn memory_id(headers: &[String]) -> egui::Id {
    let key: Vec<String> = headers.iter().map(|h| normalize_header(h)).collect();
    egui::Id::unique(("import-mapping", key))
}

/// The mapping the user chose last time for a file with these headers.
pub fn remembered(ctx: &egui::Context, headers: &[String]) -> Option<Vec<MapEntry>> {
    let saved: Vec<(String, Option<Field>)> =
        ctx.data_mut(|d| d.get_persisted(memory_id(headers)))?;
    Some(
        saved
            .into_iter()
            .map(|(header, field)| MapEntry { header, field })
            .collect(),
    )
}

/// Keeps the user's mapping for the next file with the same headers.
pub fn remember(ctx: &egui::Context, map: &[MapEntry]) {
    let headers: Vec<String> = map.iter().map(|m| m.header.clone()).collect();
    let saved: Vec<(String, Option<Field>)> = map
        .iter()
        .map(|m| (m.header.clone(), m.field.clone()))
        .collect();
    ctx.data_mut(|d| d.insert_persisted(memory_id(&headers), saved));
}

fn field_text(field: Option<&Field>) -> String {
    match field {
        None => "ignored".to_owned(),
        Some(f @ Field::Approved(_)) => format!("{} (yes/no)", f.label()),
        Some(f) => f.label(),
    }
}

/// The fields a column may be set to: every named field, "approved (yes/no)" by the body of
/// each credential, the column's own header reading, and ignored.
fn choices(column: &Column, bodies: &[String]) -> Vec<Option<Field>> {
    let mut all: Vec<Option<Field>> = NAMED.iter().map(|(_, f)| Some(f.clone())).collect();
    all.push(Some(Field::Approved(None)));
    for body in bodies {
        all.push(Some(Field::Approved(Some(body.clone()))));
    }
    if let Some(own) = Field::from_header(&column.header)
        && !all.contains(&Some(own.clone()))
    {
        all.push(Some(own));
    }
    all.push(None);
    all
}

/// One row per column: its header, and a drop-down of the field it became.
pub fn columns_ui(ui: &mut egui::Ui, columns: &[Column], bodies: &[String]) -> Change {
    let mut change = Change::None;
    ui.label(RichText::new("Columns (change any that were read wrong):").strong());
    egui::Grid::new("import-columns")
        .num_columns(2)
        .striped(true)
        .show(ui, |ui| {
            for (i, column) in columns.iter().enumerate() {
                let header = if column.header.is_empty() {
                    format!("(column {} has no header)", i + 1)
                } else {
                    column.header.clone()
                };
                let label = ui.label(&header);
                let mut chosen = column.field.clone();
                // Tall enough that every choice shows without scrolling.
                egui::ComboBox::from_id_salt(("import-column", i))
                    .height(480.0)
                    .selected_text(field_text(chosen.as_ref()))
                    .show_ui(ui, |ui| {
                        for choice in choices(column, bodies) {
                            let text = field_text(choice.as_ref());
                            ui.selectable_value(&mut chosen, choice, text);
                        }
                    })
                    .response
                    .labelled_by(label.id);
                if chosen != column.field {
                    let map = columns
                        .iter()
                        .enumerate()
                        .map(|(j, c)| MapEntry {
                            header: c.header.clone(),
                            // The field moves: a column that had it is ignored now.
                            field: if j == i {
                                chosen.clone()
                            } else {
                                c.field.clone().filter(|f| Some(f) != chosen.as_ref())
                            },
                        })
                        .collect();
                    change = Change::Map(map);
                }
                ui.end_row();
            }
        });
    let ignored: Vec<&str> = columns
        .iter()
        .filter(|c| c.field.is_none())
        .map(|c| c.header.as_str())
        .collect();
    if !ignored.is_empty() {
        ui.weak(format!("Ignored: {}", ignored.join(", ")));
    }
    change
}

/// The sheet read (a drop-down when the workbook has several) and how dates are read.
pub fn reading_ui(
    ui: &mut egui::Ui,
    sheet: Option<&str>,
    sheets: &[String],
    order: DateOrder,
) -> Change {
    let mut change = Change::None;
    ui.horizontal(|ui| {
        if let Some(current) = sheet {
            let label = ui.label("Sheet");
            let mut chosen = current.to_owned();
            egui::ComboBox::from_id_salt("import-sheet")
                .selected_text(current)
                .show_ui(ui, |ui| {
                    for s in sheets {
                        ui.selectable_value(&mut chosen, s.clone(), s);
                    }
                })
                .response
                .labelled_by(label.id);
            if chosen != current {
                change = Change::Sheet(chosen);
            }
        }
        let label = ui.label("Dates like 3/4/2024 are");
        let mut chosen = order;
        egui::ComboBox::from_id_salt("import-date-order")
            .selected_text(order.to_string())
            .show_ui(ui, |ui| {
                for o in [DateOrder::Mdy, DateOrder::Dmy] {
                    ui.selectable_value(&mut chosen, o, o.to_string());
                }
            })
            .response
            .labelled_by(label.id);
        if chosen != order {
            change = Change::DateOrder(chosen);
        }
    });
    change
}
