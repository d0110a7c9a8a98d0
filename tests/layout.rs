//! The window fits every desk: at 800×600, 1024×768, 1280×800, 1920×1080 and at zoom 1.5, the
//! main view, the activity form and every dialog are walked through the accessibility tree, and
//! no two interactive widgets may overlap, and each must lie inside the window or inside a
//! scroll area (which shows a scroll bar when there is more to reach).

use ce_logbook::app::LogbookApp;
use ce_logbook::domain::{ActivityDraft, CredentialSpec, RuleBook};
use ce_logbook::store::Store;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

mod common;
use common::{Logbook, date};

const TODAY: &str = "2026-11-26";

/// The sizes a medical assistant's screen comes in, in physical pixels, with the zoom.
const DESKS: [([f32; 2], f32); 5] = [
    ([800.0, 600.0], 1.0),
    ([1024.0, 768.0], 1.0),
    ([1280.0, 800.0], 1.0),
    ([1920.0, 1080.0], 1.0),
    ([1280.0, 800.0], 1.5),
];

/// A CMA and a CCMA with a handful of activities, some with long titles and providers.
fn logbook() -> Logbook {
    let book = Logbook::new();
    let mut store = Store::open(&book.db).unwrap();
    for (preset, certified) in [("cma-aama", "2022-03-15"), ("ccma-nha", "2025-06-01")] {
        store
            .add_credential(&CredentialSpec::Preset(preset.into()), date(certified))
            .unwrap();
    }
    let kinds = RuleBook::builtin().unwrap().kinds;
    for (i, (title, provider, category)) in [
        ("Phlebotomy update", "Acme CE", "clinical"),
        (
            "Communication with patients and their families in a busy practice",
            "American Association of Medical Assistants e-Learning Center",
            "general",
        ),
        ("HIPAA refresher", "County Health", "administrative"),
    ]
    .into_iter()
    .enumerate()
    {
        let data = ActivityDraft {
            title: title.into(),
            date: format!("2025-0{}-14", i + 1),
            points: "2.5".into(),
            category: category.into(),
            provider: provider.into(),
            approved_by: vec!["AAMA".into()],
            ..Default::default()
        }
        .validate(&kinds, date(TODAY))
        .unwrap();
        store.add_activity(&data).unwrap();
    }
    book
}

fn harness(book: &Logbook, size: [f32; 2], zoom: f32) -> Harness<'static, LogbookApp> {
    let path = book.db.clone();
    let mut h = Harness::builder()
        .with_size(size)
        .build_eframe(move |cc| LogbookApp::new(cc, path, Box::new(|| date(TODAY))));
    h.ctx.set_zoom_factor(zoom);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while h.query_by_label("Opening your logbook…").is_some()
        && std::time::Instant::now() < deadline
    {
        h.step();
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    h.run_steps(3);
    assert!(
        h.query_by_label("Opening your logbook…").is_none(),
        "the logbook never opened"
    );
    h
}

/// A widget a person clicks, types into or ticks.
fn interactive(role: Role) -> bool {
    matches!(
        role,
        Role::Button
            | Role::DefaultButton
            | Role::CheckBox
            | Role::RadioButton
            | Role::ComboBox
            | Role::TextInput
            | Role::MultilineTextInput
            | Role::SearchInput
            | Role::DateInput
            | Role::Link
            | Role::Slider
            | Role::SpinButton
            | Role::Tab
            | Role::MenuItem
    )
}

#[derive(Debug, Clone)]
struct Widget {
    id: String,
    name: String,
    rect: egui::Rect,
    scrolls: bool,
    /// What the scroll areas holding it show of it (their scroll bars span what they show).
    clip: egui::Rect,
}

/// Every interactive widget the window shows now, with its place and whether a scroll area
/// holds it (an ancestor has a scroll bar, which egui shows only when there is more to see).
fn widgets(h: &Harness<'_, LogbookApp>) -> Vec<Widget> {
    let mut out = Vec::new();
    for node in h.root().children_recursive() {
        let n = node.accesskit_node();
        if !interactive(n.role()) {
            continue;
        }
        let Some(b) = n.raw_bounds() else { continue };
        let rect = egui::Rect::from_min_max(
            egui::pos2(b.x0 as f32, b.y0 as f32),
            egui::pos2(b.x1 as f32, b.y1 as f32),
        );
        if rect.area() <= 0.0 {
            continue;
        }
        let mut scrolls = false;
        let mut clip = egui::Rect::EVERYTHING;
        let mut up = n.parent();
        while let Some(p) = up {
            for bar in p.children().filter(|c| c.role() == Role::ScrollBar) {
                scrolls = true;
                let Some(b) = bar.raw_bounds() else { continue };
                if b.height() > b.width() {
                    clip.min.y = clip.min.y.max(b.y0 as f32);
                    clip.max.y = clip.max.y.min(b.y1 as f32);
                } else {
                    clip.min.x = clip.min.x.max(b.x0 as f32);
                    clip.max.x = clip.max.x.min(b.x1 as f32);
                }
            }
            up = p.parent();
        }
        let name = n
            .label()
            .or_else(|| n.value())
            .unwrap_or_else(|| format!("{:?}", n.role()));
        out.push(Widget {
            id: format!("{:?}", n.id()),
            name,
            rect,
            scrolls,
            clip,
        });
    }
    out
}

/// The problems in `shown`: widgets off the window and not scrollable, and overlapping pairs
/// (a pixel of tolerance for rounding).
fn problems(h: &Harness<'_, LogbookApp>, shown: &[Widget], what: &str) -> Vec<String> {
    let window = h.ctx.content_rect().expand(0.5);
    let mut found = Vec::new();
    for w in shown {
        if !w.scrolls && !window.contains_rect(w.rect) {
            found.push(format!(
                "{what}: '{}' at {:?} lies outside the window {:?} and cannot be scrolled to",
                w.name, w.rect, window
            ));
        }
    }
    for (i, a) in shown.iter().enumerate() {
        for b in &shown[i + 1..] {
            // What a person sees of each: the part inside the window and its scroll areas.
            let seen = |w: &Widget| w.rect.intersect(w.clip).intersect(window).shrink(1.0);
            let overlap = seen(a).intersect(seen(b));
            if overlap.is_positive() {
                found.push(format!(
                    "{what}: '{}' {:?} overlaps '{}' {:?}",
                    a.name, a.rect, b.name, b.rect
                ));
            }
        }
    }
    found
}

/// Clicks the button `label`, in the top bar or, when the bar folded it, in its menu.
fn press(h: &mut Harness<'_, LogbookApp>, label: &str) {
    if h.query_by_label(label).is_none() {
        h.get_by_label("Menu").click();
        h.run_steps(2);
    }
    h.get_by_label(label).click();
    h.run_steps(3);
}

/// The dialogs and how each is opened.
const DIALOGS: [&str; 8] = [
    "+ Credential",
    "I recertified…",
    "Import…",
    "Export…",
    "Packet…",
    "Back up to…",
    "Restore from…",
    "About",
];

fn check_desk(size: [f32; 2], zoom: f32) -> Vec<String> {
    let desk = format!("{}×{} at zoom {zoom}", size[0], size[1]);
    // The first run: the welcome view and its credential form, "Another credential" too.
    let fresh = Logbook::new();
    let mut h = harness(&fresh, size, zoom);
    let mut found = problems(&h, &widgets(&h), &format!("{desk}, first run"));
    h.get_by_label("Another credential").click();
    h.run_steps(3);
    found.extend(problems(
        &h,
        &widgets(&h),
        &format!("{desk}, first run, custom"),
    ));
    drop(h);

    let book = logbook();
    let mut h = harness(&book, size, zoom);
    let main = widgets(&h);
    found.extend(problems(&h, &main, &format!("{desk}, main view")));

    h.get_by_label("+ New activity").click();
    h.run_steps(3);
    let with_form = widgets(&h);
    assert!(
        with_form.iter().any(|w| w.name == "Title"),
        "{desk}: + New activity opened no form"
    );
    found.extend(problems(&h, &with_form, &format!("{desk}, the form")));
    h.key_press(egui::Key::Escape);
    h.run_steps(3);

    let before: Vec<String> = widgets(&h).into_iter().map(|w| w.id).collect();
    for dialog in DIALOGS {
        press(&mut h, dialog);
        // The dialog's own widgets: those the main view did not have.
        let shown: Vec<Widget> = widgets(&h)
            .into_iter()
            .filter(|w| !before.contains(&w.id))
            .collect();
        if shown.is_empty() {
            found.push(format!("{desk}: a click on {dialog} opened no dialog"));
        }
        found.extend(problems(&h, &shown, &format!("{desk}, {dialog}")));
        h.key_press(egui::Key::Escape);
        h.run_steps(3);
    }
    found
}

#[test]
fn every_widget_is_reachable_and_none_overlap_at_every_size() {
    let mut found = Vec::new();
    for (size, zoom) in DESKS {
        found.extend(check_desk(size, zoom));
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

/// A window made larger gives the table's Title column the room: the columns after it move
/// right with the window's edge, and none is left behind in the middle of the screen.
#[test]
fn the_table_follows_the_window_as_it_grows() {
    let book = logbook();
    let mut h = harness(&book, [1280.0, 800.0], 1.0);
    let proof_x = |h: &Harness<'_, LogbookApp>| h.get_by_label("Proof").rect().max.x;
    let before = proof_x(&h);
    h.set_size(egui::vec2(1920.0, 1080.0));
    h.run_steps(4);
    let after = proof_x(&h);
    assert!(
        after - before > 600.0,
        "the Proof column stayed at {before} → {after} in a window 640 wider"
    );
}

/// A long notice (an error naming a file's path) wraps inside a small window, its Dismiss
/// beside it, rather than running off both sides.
#[test]
fn a_long_notice_wraps_inside_a_small_window() {
    let book = logbook();
    // A file where the backups folder goes: today's backup fails, and says so at length.
    std::fs::write(book.dir.path().join("backups"), "in the way").unwrap();
    let mut h = harness(&book, [800.0, 600.0], 1.0);
    let failed = "Today's automatic backup failed";
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while h.query_by_label_contains(failed).is_none() && std::time::Instant::now() < deadline {
        h.step();
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    h.run_steps(2);
    let window = h.ctx.content_rect().expand(0.5);
    for (what, rect) in [
        ("the notice", h.get_by_label_contains(failed).rect()),
        ("its Dismiss", h.get_by_label("×").rect()),
    ] {
        assert!(
            window.contains_rect(rect),
            "{what} at {rect:?} runs out of the window {window:?}"
        );
    }
}
