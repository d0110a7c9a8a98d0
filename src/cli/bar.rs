//! The progress bar of long commands (packet, transcript, export, import, check, backup,
//! restore, scan): drawn on stderr only when it is a terminal, so piped or redirected output
//! gets nothing extra. It goes away when the command ends, leaving only the result.

use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::logbook::tracker::Tracker;

/// A bar on stderr while it lives; cleared when dropped.
pub struct Bar(ProgressBar);

impl Bar {
    /// A bar that first says `doing` ("Backing up the logbook"), with a spinner until steps
    /// with a count arrive.
    pub fn new(doing: &str) -> Bar {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        // The template is a constant: a mistake in it is ours, and shows as a plain bar.
        if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} {wide_bar} {pos}/{len}") {
            bar.set_style(style);
        }
        bar.set_message(doing.to_owned());
        if !bar.is_hidden() {
            bar.enable_steady_tick(Duration::from_millis(120));
        }
        Bar(bar)
    }

    /// Says each step of the work on the bar.
    pub fn tracker(&self) -> Tracker {
        let bar = self.0.clone();
        Tracker::new(move |step| {
            bar.set_length(step.total as u64);
            bar.set_position(step.done as u64);
            bar.set_message(step.doing.clone());
        })
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        self.0.finish_and_clear();
    }
}
