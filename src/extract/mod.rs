//! Text out of files the user hands in: bytes in, text out, nothing else. Below the service,
//! beside `store` and `report`; it knows nothing of activities (the domain reads the text).
//!
//! - [`pdf`]: the text layer of a certificate PDF, within bounds of time and memory, with a
//!   parser that panics contained.

pub mod pdf;
