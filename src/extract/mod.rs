//! Text out of files the user hands in: bytes in, text out, nothing else. Below the service,
//! beside `store` and `report`; it knows nothing of activities (the domain reads the text).
//!
//! - [`pdf`]: the text layer of a certificate PDF, within bounds of time and memory, read in a
//!   process of its own so that a parser that panics or aborts is contained;
//! - [`child`]: that process seen from the parent: input in, answer out, killed at the limit.

pub mod child;
pub mod pdf;
