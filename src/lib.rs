pub mod app;
pub mod cli;
pub mod domain;
#[doc(hidden)]
pub mod fuzzing;
pub mod store;
