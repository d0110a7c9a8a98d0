//! The table's toolbar: New, the search box, the filters and the column chooser.

use egui::RichText;

use super::{ApprovedFilter, Col, CycleFilter, Query, TableState};
use crate::app::data::Data;

/// The New button, search box and filters, wrapping onto a second line when the window is
/// narrow. Returns true when New was clicked.
pub fn toolbar_ui(ui: &mut egui::Ui, state: &mut TableState, data: &Data) -> bool {
    let mut new = false;
    ui.horizontal_wrapped(|ui| {
        new = ui
            .button(RichText::new("+ New activity").strong())
            .on_hover_text("Ctrl+N")
            .clicked();
        ui.separator();
        filters_ui(ui, state, data);
        columns_ui(ui, &mut state.hidden);
    });
    new
}

/// The column chooser: tick the columns to show.
fn columns_ui(ui: &mut egui::Ui, hidden: &mut Vec<Col>) {
    ui.menu_button("Columns", |ui| {
        for col in Col::ALL.into_iter().filter(|c| c.optional()) {
            let mut shown = !hidden.contains(&col);
            if ui.checkbox(&mut shown, col.name()).changed() {
                hidden.retain(|c| *c != col);
                if !shown {
                    hidden.push(col);
                }
            }
        }
    })
    .response
    .on_hover_text("Choose the columns the table shows; it scrolls sideways when they do not fit");
}

fn filters_ui(ui: &mut egui::Ui, state: &mut TableState, data: &Data) {
    {
        let label = ui.label("Search");
        let search = egui::TextEdit::singleline(&mut state.query.search)
            .hint_text("title, provider, note")
            .desired_width(200.0);
        ui.add(search).labelled_by(label.id);
        let q = &mut state.query;

        let shown = q
            .category
            .clone()
            .unwrap_or_else(|| "all categories".to_owned());
        let label = ui.label("Category:");
        egui::ComboBox::from_id_salt("filter-category")
            .selected_text(shown)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut q.category, None, "all categories");
                for c in data.categories() {
                    ui.selectable_value(&mut q.category, Some(c.clone()), c);
                }
            })
            .response
            .labelled_by(label.id);

        let approved_text = |f: ApprovedFilter| match f {
            ApprovedFilter::All => "any",
            ApprovedFilter::Approved => "approved",
            ApprovedFilter::NotApproved => "not approved",
        };
        let label = ui.label("Approved:");
        egui::ComboBox::from_id_salt("filter-approved")
            .selected_text(approved_text(q.approved))
            .show_ui(ui, |ui| {
                for f in [
                    ApprovedFilter::All,
                    ApprovedFilter::Approved,
                    ApprovedFilter::NotApproved,
                ] {
                    ui.selectable_value(&mut q.approved, f, approved_text(f));
                }
            })
            .response
            .labelled_by(label.id);

        let cycle_text = |f: CycleFilter| match f {
            CycleFilter::All => "any".to_owned(),
            CycleFilter::CountsFor(id) => data.view(id).map_or("counts for…".to_owned(), |v| {
                format!("counts for {}", v.credential.name())
            }),
            CycleFilter::Outside => "outside every cycle".to_owned(),
        };
        let label = ui.label("Dates:");
        egui::ComboBox::from_id_salt("filter-cycle")
            .selected_text(cycle_text(q.cycle))
            .show_ui(ui, |ui| {
                let mut options = vec![CycleFilter::All];
                options.extend(data.credentials().map(|c| CycleFilter::CountsFor(c.id)));
                options.push(CycleFilter::Outside);
                for f in options {
                    let text = cycle_text(f);
                    ui.selectable_value(&mut q.cycle, f, text);
                }
            })
            .response
            .labelled_by(label.id);

        let cleared = Query {
            sort: q.sort,
            ascending: q.ascending,
            ..Query::default()
        };
        if *q != cleared && ui.button("Clear filters").clicked() {
            *q = cleared;
        }
    }
}
