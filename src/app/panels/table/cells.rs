//! What a row's cells say: the text from Date to Points, and the Proof cell.

use chrono::NaiveDate;
use egui::RichText;

use crate::app::data::Data;
use crate::domain::proof::describe;
use crate::domain::{ActivityData, Kind};

/// The Proof cell: what an audit would still ask for.
pub(super) fn proof_cell_ui(
    row: &mut egui_extras::TableRow<'_, '_>,
    data: &Data,
    index: usize,
    inside: bool,
    text: &dyn Fn(String) -> RichText,
) {
    let activity = &data.activities[index];
    // Only the visible rows get here, so this is a few dozen checks a frame.
    let lacks = data.lacks(activity, inside);
    row.col(|ui| {
        if activity.data.planned {
            ui.add(egui::Label::new(text("not done yet".into())).selectable(false))
                .on_hover_text("Planned: proof is asked for once it is done.");
        } else if lacks.is_empty() {
            ui.add(egui::Label::new(text("complete".into())).selectable(false))
                .on_hover_text("Documented: nothing an audit asks for is missing.");
        } else {
            let warn = ui.visuals().warn_fg_color;
            let label =
                egui::Label::new(RichText::new(format!("{} missing", lacks.len())).color(warn))
                    .selectable(false);
            ui.add(label)
                .on_hover_text(capitalise_first(&describe(&lacks)));
        }
    });
}

/// The text of a row's cells, Date to Points.
pub(super) fn row_cells(a: &ActivityData, today: NaiveDate) -> [String; 7] {
    // What a credit or a card is worth is each credential's rule: the entry is shown as is.
    let points = match a.kind {
        Kind::College => format!("{} cr", a.points),
        Kind::Cpr => "1 card".to_owned(),
        Kind::Course => a.points.to_string(),
    };
    let approved = if a.kind == Kind::College {
        String::new()
    } else {
        a.approved_by.join(", ")
    };
    let date = match a.planned {
        false => a.date.to_string(),
        true if a.overdue(today) => format!("{} overdue", a.date),
        true => format!("{} planned", a.date),
    };
    [
        date,
        a.title.to_string(),
        a.provider.as_deref().unwrap_or_default().to_owned(),
        a.kind.to_string(),
        a.category.as_deref().unwrap_or_default().to_owned(),
        approved,
        points,
    ]
}

fn capitalise_first(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
