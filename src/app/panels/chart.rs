//! Counted points across the cycle against the straight line that reaches the requirement on
//! time, and, dashed, where the plan takes them. The series come from the engine's timelines,
//! computed on change, not per frame.

use chrono::NaiveDate;
use egui_plot::{HoverPosition, Legend, Line, LineStyle, Plot, PlotPoints};

use crate::domain::{Points, Progress};

/// At most this many steps are drawn across the cycle.
const MAX_STEPS: f64 = 300.0;

pub fn chart_ui(
    ui: &mut egui::Ui,
    p: &Progress,
    timeline: &[(NaiveDate, Points)],
    plan: &[(NaiveDate, Points)],
    today: NaiveDate,
) {
    let start = p.cycle_start;
    let x = |d: NaiveDate| (d - start).num_days() as f64;
    let end = x(p.expires);
    let now = x(today.min(p.ce_deadline)).max(0.0);

    // A staircase: flat until a day with activity, then up. A busy logbook has a step on most
    // days; the chart is a few hundred pixels wide, so steps closer than `bucket` days are
    // drawn as one (the total only grows, so the last value of each bucket is its highest).
    let bucket = ((end.max(1.0)) / MAX_STEPS).ceil().max(1.0);
    let mut steps = vec![[0.0, 0.0]];
    let mut last = 0.0;
    let mut i = 0;
    while i < timeline.len() {
        let at = x(timeline[i].0);
        let slot = (at / bucket).floor();
        while i + 1 < timeline.len() && (x(timeline[i + 1].0) / bucket).floor() == slot {
            i += 1;
        }
        steps.push([at, last]);
        last = timeline[i].1.as_f64();
        steps.push([at, last]);
        i += 1;
    }
    steps.push([now, last]);
    let planned = plan_steps(plan, &x, now, last, today);

    let required = p.points_required.as_f64();
    let on_time = vec![[0.0, 0.0], [end, required]];
    let dark = ui.visuals().dark_mode;
    let counted_color = crate::app::widgets::state_color(p.state, dark);
    Plot::new(("progress-chart", p.id))
        .height((ui.available_height() - 8.0).clamp(170.0, 320.0))
        .legend(Legend::default().position(egui_plot::Corner::LeftTop))
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .include_y(0.0)
        .include_y(required * 1.05)
        .include_x(0.0)
        .include_x(end)
        .x_axis_formatter(move |mark, _| {
            let day = start + chrono::Duration::days(mark.value.round() as i64);
            day.format("%Y-%m").to_string()
        })
        .label_formatter(move |hover| {
            let (line, position) = match hover {
                HoverPosition::NearDataPoint {
                    plot_name,
                    position,
                    ..
                } => (Some(*plot_name), *position),
                HoverPosition::Elsewhere { position } => (None, *position),
            };
            let day = start + chrono::Duration::days(position.x.round() as i64);
            Some(hover_text(line, day, p, timeline, plan, end))
        })
        .show(ui, |plot| {
            plot.line(
                Line::new("On-time pace", PlotPoints::from(on_time))
                    .style(LineStyle::dashed_loose())
                    .color(ui_gray(dark)),
            );
            plot.line(
                Line::new("Counted points", PlotPoints::from(steps))
                    .allow_band(false)
                    .color(counted_color)
                    .width(2.0),
            );
            if !planned.is_empty() {
                plot.line(
                    Line::new("With your plan", PlotPoints::from(planned))
                        .allow_band(false)
                        .style(LineStyle::dashed_dense())
                        .color(counted_color)
                        .width(1.5),
                );
            }
        });
}

/// What the pointer is on, in words: the points counted (or planned) by the nearest step's
/// date, or where the on-time line is that day.
fn hover_text(
    line: Option<&str>,
    day: NaiveDate,
    p: &Progress,
    timeline: &[(NaiveDate, Points)],
    plan: &[(NaiveDate, Points)],
    end: f64,
) -> String {
    let step = |series: &[(NaiveDate, Points)]| {
        series.iter().take_while(|(d, _)| *d <= day).last().copied()
    };
    match line {
        Some("On-time pace") => {
            let share = ((day - p.cycle_start).num_days() as f64 / end.max(1.0)).clamp(0.0, 1.0);
            let due = (p.points_required.hundredths() as f64 * share).round() as i64;
            format!("On time: {} points by {day}", Points::from_hundredths(due))
        }
        Some("With your plan") => match step(plan) {
            Some((date, points)) => format!("With your plan: {points} points by {date}"),
            None => format!("With your plan: nothing by {day}"),
        },
        _ => match step(timeline) {
            Some((date, points)) => format!("{points} points counted by {date}"),
            None => format!("Nothing counted by {day}"),
        },
    }
}

/// The dashed continuation from today: the plan's staircase after today (planned activities
/// are few, so every step is drawn). Overdue plans lift it at today.
fn plan_steps(
    plan: &[(NaiveDate, Points)],
    x: &impl Fn(NaiveDate) -> f64,
    now: f64,
    counted: f64,
    today: NaiveDate,
) -> Vec<[f64; 2]> {
    if plan.is_empty() {
        return Vec::new();
    }
    let at_today = plan
        .iter()
        .take_while(|(d, _)| *d <= today)
        .last()
        .map_or(0.0, |(_, p)| p.as_f64());
    let mut last = at_today.max(counted);
    let mut steps = vec![[now, counted], [now, last]];
    for (date, points) in plan.iter().filter(|(d, _)| *d > today) {
        steps.push([x(*date), last]);
        last = points.as_f64();
        steps.push([x(*date), last]);
    }
    steps
}

fn ui_gray(dark: bool) -> egui::Color32 {
    if dark {
        egui::Color32::from_gray(150)
    } else {
        egui::Color32::from_gray(110)
    }
}
