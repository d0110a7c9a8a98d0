//! The dialogs over the window, one file each behind [`Dialog`], and [`Dialogs`], which hosts
//! the open ones the way egui's demo hosts its windows: a title, an open state and a `ui`.
//!
//! A dialog only asks: it returns an [`Outcome`], and the session applies what it asks for.
//! A new dialog is one file here (declared below) and one line where it is opened.

pub mod about;
pub mod add_credential;
pub mod backup;
pub mod export;
pub mod import;
pub mod packet;
pub mod renew;
pub mod restore;

use chrono::NaiveDate;
use egui::Key;

use super::actions::Action;
use super::data::Data;
use crate::domain::RuleBook;

/// What a dialog may read while it is shown.
pub struct DialogContext<'a> {
    pub data: &'a Data,
    /// The logbook's file, for work a dialog does on its own thread.
    pub db: &'a std::path::Path,
    pub rules: &'a RuleBook,
    pub today: NaiveDate,
}

/// What the user did in a dialog this frame.
pub enum Outcome {
    /// Nothing yet: the dialog stays.
    Keep,
    /// Cancelled: the dialog closes and nothing is done.
    Close,
    /// Do these and stay open (the packet dialog saves one file after another).
    Act(Vec<Action>),
    /// Do this, and close once it worked; after a failure the dialog stays with what was typed.
    Submit(Action),
}

/// `Send` because the session is read on a background thread and handed to the window.
pub trait Dialog: Send {
    /// The window's title. It also names the dialog: opening one with the same title
    /// replaces it, and its window keeps its place.
    fn title(&self) -> &'static str;

    fn ui(&mut self, ui: &mut egui::Ui, cx: &DialogContext<'_>) -> Outcome;

    /// True while Esc belongs to something inside the dialog (its file browser), which Esc
    /// then closes instead.
    fn owns_escape(&self) -> bool {
        false
    }

    /// Whether the window has a close button.
    fn closable(&self) -> bool {
        true
    }

    /// True while work the dialog started runs on another thread (reading a file).
    fn working(&self) -> bool {
        false
    }

    /// True once what the dialog is about is gone (its credential, removed by another
    /// process): it then closes without being shown.
    fn stale(&self, _cx: &DialogContext<'_>) -> bool {
        false
    }

    /// The dialog's own window options on top of the host's; most are not resizable.
    fn window<'open>(&self, window: egui::Window<'open>) -> egui::Window<'open> {
        window.resizable(false)
    }
}

/// What a dialog asked for, and which dialog to close once it is done.
pub struct Request {
    pub action: Action,
    pub closes: Option<&'static str>,
}

/// The open dialogs, shown in the order they were opened.
#[derive(Default)]
pub struct Dialogs {
    open: Vec<Box<dyn Dialog>>,
}

impl Dialogs {
    /// Whether some dialog's work runs on another thread.
    pub fn working(&self) -> bool {
        self.open.iter().any(|d| d.working())
    }

    /// Shows `dialog`, in place of an open one with the same title.
    pub fn open(&mut self, dialog: Box<dyn Dialog>) {
        match self.open.iter_mut().find(|d| d.title() == dialog.title()) {
            Some(slot) => *slot = dialog,
            None => self.open.push(dialog),
        }
    }

    pub fn close(&mut self, title: &str) {
        self.open.retain(|d| d.title() != title);
    }

    /// The logbook's own keys wait while any dialog is open.
    pub fn is_empty(&self) -> bool {
        self.open.is_empty()
    }

    /// Shows every open dialog and returns what they asked for. Esc closes each dialog, except
    /// one whose browser is open (Esc closes only the browser).
    pub fn ui(&mut self, ctx: &egui::Context, cx: &DialogContext<'_>) -> Vec<Request> {
        let escape = ctx.input(|i| i.key_pressed(Key::Escape));
        let mut requests = Vec::new();
        self.open.retain_mut(|dialog| {
            if dialog.stale(cx) {
                return false;
            }
            let escape = escape && !dialog.owns_escape();
            let mut open = true;
            let closable = dialog.closable();
            let window = dialog.window(
                egui::Window::new(dialog.title())
                    .collapsible(false)
                    .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0]),
            );
            let window = if closable {
                window.open(&mut open)
            } else {
                window
            };
            let mut outcome = Outcome::Keep;
            window.show(ctx, |ui| outcome = dialog.ui(ui, cx));
            let closed = !open || escape;
            match outcome {
                Outcome::Keep => !closed,
                Outcome::Close => false,
                Outcome::Act(actions) => {
                    requests.extend(actions.into_iter().map(|action| Request {
                        action,
                        closes: None,
                    }));
                    !closed
                }
                // What was submitted is done first; the dialog closes only if it worked.
                Outcome::Submit(action) => {
                    requests.push(Request {
                        action,
                        closes: Some(dialog.title()),
                    });
                    true
                }
            }
        });
        requests
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A dialog that always answers the same.
    struct Fake {
        title: &'static str,
        owns_escape: bool,
        submit: bool,
    }

    impl Dialog for Fake {
        fn title(&self) -> &'static str {
            self.title
        }
        fn owns_escape(&self) -> bool {
            self.owns_escape
        }
        fn ui(&mut self, _ui: &mut egui::Ui, _cx: &DialogContext<'_>) -> Outcome {
            if self.submit {
                Outcome::Submit(Action::Undo)
            } else {
                Outcome::Keep
            }
        }
    }

    fn fake(title: &'static str, owns_escape: bool, submit: bool) -> Box<dyn Dialog> {
        Box::new(Fake {
            title,
            owns_escape,
            submit,
        })
    }

    /// One frame of the host, with Esc pressed or not.
    fn frame(dialogs: &mut Dialogs, escape: bool) -> Vec<Request> {
        let data = Data {
            activities: Vec::new(),
            certificates: Default::default(),
            views: Vec::new(),
            in_a_cycle: Vec::new(),
            generation: 0,
        };
        let rules = RuleBook::builtin().unwrap();
        let cx = DialogContext {
            data: &data,
            db: std::path::Path::new("never-opened.sqlite3"),
            rules: &rules,
            today: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        };
        let mut input = egui::RawInput::default();
        if escape {
            input.events.push(egui::Event::Key {
                key: Key::Escape,
                physical_key: None,
                pressed: true,
                repeat: false,
                modifiers: egui::Modifiers::NONE,
            });
        }
        let ctx = egui::Context::default();
        let mut requests = Vec::new();
        ctx.run_ui(input, |ui| requests = dialogs.ui(ui.ctx(), &cx))
            .drop_without_applying_deltas();
        requests
    }

    #[test]
    fn a_dialog_opened_again_replaces_the_open_one() {
        let mut dialogs = Dialogs::default();
        assert!(dialogs.is_empty());
        dialogs.open(fake("A", false, false));
        dialogs.open(fake("A", false, false));
        dialogs.open(fake("B", false, false));
        assert_eq!(dialogs.open.len(), 2);
        dialogs.close("A");
        dialogs.close("B");
        assert!(dialogs.is_empty());
    }

    #[test]
    fn escape_closes_every_dialog_but_one_whose_browser_is_open() {
        let mut dialogs = Dialogs::default();
        dialogs.open(fake("Plain", false, false));
        dialogs.open(fake("Browsing", true, false));
        frame(&mut dialogs, false);
        assert_eq!(dialogs.open.len(), 2);
        frame(&mut dialogs, true);
        let left: Vec<_> = dialogs.open.iter().map(|d| d.title()).collect();
        assert_eq!(left, ["Browsing"]);
    }

    #[test]
    fn a_submitting_dialog_stays_until_its_action_worked() {
        let mut dialogs = Dialogs::default();
        dialogs.open(fake("Submit", false, true));
        let requests = frame(&mut dialogs, true);
        assert_eq!(requests.len(), 1);
        assert_eq!(requests[0].closes, Some("Submit"));
        assert!(!dialogs.is_empty());
    }
}
