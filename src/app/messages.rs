//! How the window words an error from the service: the message with its causes, and the
//! window's own hint where the neutral message needs one (the command line adds commands
//! instead; see `cli::message`).

use crate::logbook::Error;
use crate::store::StoreError;

/// The error with every cause, then what to do in the window.
pub fn error_text(e: &Error) -> String {
    e.with_causes() + hint(e)
}

fn hint(e: &Error) -> &'static str {
    match e {
        Error::Store(StoreError::NotALogbook { .. }) => {
            " Check the path, or restore the logbook from a backup."
        }
        // The error screen offers the newest backup with a button beside the message.
        Error::Store(StoreError::Damaged { .. }) => ".",
        _ => "",
    }
}
