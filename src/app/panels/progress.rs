//! The progress panel: the answer first (days left, state), then every requirement as a bar.

use egui::RichText;

use crate::app::widgets::{badge_ui, pace_text, state_color, unverified_note};
use crate::domain::{Credential, Points, Progress, State};

pub enum ProgressEvent {
    Renew,
}

pub fn progress_ui(
    ui: &mut egui::Ui,
    p: &Progress,
    credential: &Credential,
    lacking_proof: usize,
) -> Option<ProgressEvent> {
    deadline_ui(ui, p, credential, lacking_proof);
    ui.add_space(8.0);
    requirements_ui(ui, p);
    ui.add_space(8.0);
    still_needed_ui(ui, p);
    plan_ui(ui, p);
    not_counted_ui(ui, p);
    ui.add_space(6.0);
    let renew = ui.button("I recertified…").on_hover_text(format!(
        "Start the next cycle of {} on the day you recertified.",
        credential.name()
    ));
    renew.clicked().then_some(ProgressEvent::Renew)
}

/// The answer first: the state, the days left, the CE route, and how much lacks proof.
fn deadline_ui(ui: &mut egui::Ui, p: &Progress, credential: &Credential, lacking_proof: usize) {
    let dark = ui.visuals().dark_mode;
    ui.horizontal(|ui| {
        ui.label(RichText::new(&p.name).heading().strong());
        badge_ui(ui, p.state);
    });
    let req = &credential.requirement;
    if let (false, Some(body)) = (req.verified, &req.body) {
        ui.weak(unverified_note(body)).on_hover_text(
            "Only secondary sources give this credential's rule; the certifying body's own page \
             was not checked. Its renewal notice has the last word.",
        );
    }
    ui.add_space(4.0);

    let (big, small) = if p.days_left >= 0 {
        (
            format!("{} days left", p.days_left),
            format!("expires {}", p.expires),
        )
    } else {
        (
            format!("expired {} days ago", -p.days_left),
            format!("expired {}", p.expires),
        )
    };
    let color = if p.state == State::Complete {
        ui.visuals().text_color()
    } else {
        state_color(p.state, dark)
    };
    ui.label(RichText::new(big).size(30.0).strong().color(color));
    ui.label(RichText::new(small).size(15.0));
    if p.ce_deadline != p.expires {
        let text = format!("CE route open until {}", p.ce_deadline);
        let tip = "After expiry the credential can still be renewed by continuing education until this \
                   day; after it, only by passing the exam again.";
        if p.state == State::Grace {
            ui.label(
                RichText::new(text)
                    .strong()
                    .color(state_color(State::Grace, dark)),
            )
            .on_hover_text(tip);
        } else {
            ui.weak(text).on_hover_text(tip);
        }
    }
    ui.weak(format!("cycle from {}", p.cycle_start));
    let proof_tip = "For an audit each activity needs a certificate, its provider, a course \
                     description or note and at least one contact hour. The Proof column shows \
                     what each one lacks; drop a certificate onto the window to attach it.";
    match lacking_proof {
        // No claim about activities there are none of.
        0 if !p.points_earned.is_positive() => ui.weak("Nothing counts yet, so no proof is due"),
        0 => ui.weak("Every counted activity is documented"),
        1 => ui.label(RichText::new("1 activity lacks proof").color(ui.visuals().warn_fg_color)),
        n => ui.label(
            RichText::new(format!("{n} activities lack proof")).color(ui.visuals().warn_fg_color),
        ),
    }
    .on_hover_text(proof_tip);
}

/// Every requirement as a bar: points, approved points, each category minimum.
fn requirements_ui(ui: &mut egui::Ui, p: &Progress) {
    egui::Grid::new("requirements").num_columns(3).spacing([10.0, 6.0]).show(ui, |ui| {
        let points_tip = match &p.approved_by {
            Some(body) => format!(
                "Points counted toward the {} required. Non-{body} points count for at most {}.",
                p.points_required,
                p.points_required.shortfall_from(p.approved_required)
            ),
            None => format!("Points counted toward the {} required.", p.points_required),
        };
        requirement_row(ui, "Points", p.points_counted, p.points_required, &points_tip);
        if let Some(body) = &p.approved_by {
            let tip = format!("At least {} points must be {body}-approved.", p.approved_required);
            requirement_row(ui, &format!("{body}-approved"), p.approved_points, p.approved_required, &tip);
        }
        for (name, c) in &p.categories {
            let tip = format!("At least {} {name} points.", c.required);
            requirement_row(ui, &capitalized(name), c.earned, c.required, &tip);
        }
    });
    if p.non_approved_over_cap.is_positive() {
        ui.weak(format!(
            "{} non-approved points earned beyond what counts",
            p.non_approved_over_cap
        ));
    }
}

/// What is still missing, and the pace that reaches it in time.
fn still_needed_ui(ui: &mut egui::Ui, p: &Progress) {
    let dark = ui.visuals().dark_mode;
    if p.complete {
        ui.label(
            RichText::new("Every requirement is met.")
                .strong()
                .color(state_color(State::Complete, dark)),
        );
    } else {
        let mut parts = Vec::new();
        if let Some(body) = &p.approved_by
            && p.approved_shortfall().is_positive()
        {
            parts.push(format!("{} {body}-approved", p.approved_shortfall()));
        }
        parts.extend(
            p.missing_categories()
                .map(|(c, short)| format!("{short} {c}")),
        );
        let detail = if parts.is_empty() {
            String::new()
        } else {
            format!(" ({})", parts.join(", "))
        };
        ui.label(
            RichText::new(format!(
                "Still needed: {} points{detail}",
                p.points_still_needed
            ))
            .strong(),
        );
        match p.pace_per_month() {
            Some(pace) => {
                ui.label(format!(
                    "Pace: {} points/month until {}",
                    pace_text(pace),
                    p.expires
                ));
            }
            None if p.state == State::Grace => {
                ui.label(format!("Finish by {} to renew by CE.", p.ce_deadline));
            }
            None => {}
        }
    }
}

/// Where the plan takes the credential: the day it would be complete, or what it leaves.
fn plan_ui(ui: &mut egui::Ui, p: &Progress) {
    if p.complete || !p.points_planned.is_positive() {
        return;
    }
    let tip = "Planned activities count here as if done on their dates; they count toward the \
               credential once you mark them done.";
    match p.projected_complete {
        Some(date) => ui.label(format!("With your plan: complete on {date}")),
        None => ui.label(
            RichText::new(format!("Your plan leaves {}", p.plan_short_text()))
                .color(ui.visuals().warn_fg_color),
        ),
    }
    .on_hover_text(tip);
}

/// Kinds of activity logged in the cycle that this credential's rules do not count.
fn not_counted_ui(ui: &mut egui::Ui, p: &Progress) {
    for n in &p.not_counted {
        let what = match n.activities {
            1 => format!("1 {} activity not counted", n.kind),
            many => format!("{many} {} activities not counted", n.kind),
        };
        ui.weak(format!("{what} — {}", n.reason));
    }
}

fn requirement_row(ui: &mut egui::Ui, name: &str, have: Points, need: Points, tip: &str) {
    ui.label(name).on_hover_text(tip);
    ui.label(RichText::new(format!("{have} / {need}")).strong())
        .on_hover_text(tip);
    let fraction = if need.is_positive() {
        (have.as_f64() / need.as_f64()).min(1.0) as f32
    } else {
        1.0
    };
    let met = have >= need;
    let dark = ui.visuals().dark_mode;
    let mut bar = egui::ProgressBar::new(fraction).desired_width(150.0);
    if met {
        bar = bar.fill(state_color(State::Complete, dark));
    }
    ui.add(bar).on_hover_text(tip);
    ui.end_row();
}

fn capitalized(name: &str) -> String {
    let mut chars = name.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}
