//! CE Logbook: a private, offline logbook of continuing education for medical assistants.
//!
//! The layers, bottom to top (nothing imports upward):
//! - [`domain`]: pure rules, activities, points and the progress engine (no I/O, no clock);
//! - [`store`]: the SQLite logbook file, its certificates and backups;
//! - [`report`]: transcript PDF, packet ZIP and calendar: data in, bytes out;
//! - [`extract`]: text out of files handed in (a certificate PDF's text layer);
//! - [`logbook`]: the one service both front ends use, with one error type;
//! - [`cli`] and [`app`]: the command line and the window.

pub mod app;
pub mod cli;
pub mod domain;
pub mod extract;
#[doc(hidden)]
pub mod fuzzing;
pub mod logbook;
pub mod report;
pub mod store;
