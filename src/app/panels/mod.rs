//! The panels of the open logbook, one file each: each is a `*_ui` function (or a form with a
//! `ui` method) that draws from what it is given and returns what the user asked for.

pub mod chart;
pub mod form;
mod form_text;
pub mod progress;
pub mod table;
pub mod welcome;
