//! The pure core: credentials and their rules, activities, points and the progress engine,
//! and files to import read from their bytes (tables, columns, dates as people write them).
//! No I/O, no clock, no UI: everything it needs (including "today") is passed in.

pub mod activity;
pub mod certificate;
pub mod columns;
pub mod credential;
pub mod csv;
pub mod dates;
pub mod deadlines;
pub mod error;
pub mod human_dates;
pub mod import;
pub mod label;
pub mod points;
pub mod progress;
pub mod proof;
pub mod rules;
pub mod table;
pub mod title;
pub mod workbook;

pub use activity::{Activity, ActivityData, ActivityDraft, Kind};
pub use credential::{Credential, CredentialRecord, CredentialSpec, CustomDraft, CustomSpec};
pub use error::{FieldError, InvalidInput};
pub use points::Points;
pub use progress::{Progress, State, progress, timeline};
pub use rules::{RuleBook, normalize_category};
