pub mod app;
pub mod cli;
pub mod domain;
#[doc(hidden)]
pub mod fuzzing;
pub mod output;
pub mod report;
pub mod store;
