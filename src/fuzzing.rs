//! Test oracles for the fuzz targets (`fuzz/`) and their smoke run in the test suite: each
//! takes anything at all and panics only if the program is wrong.

use chrono::NaiveDate;

use crate::domain::RuleBook;
use crate::domain::activity::{MAX_POINTS, MAX_PROVIDER, MAX_TITLE};
use crate::domain::certificate::propose;
use crate::domain::csv::{parse_csv, write_csv};
use crate::domain::dates::parse_iso;
use crate::domain::human_dates::{DateOrder, parse_human_date};
use crate::domain::import::{ImportOptions, read_activities};
use crate::domain::{ActivityData, Points};

/// Any bytes as a CSV import: never a panic, and the rows accepted export and import again
/// unchanged. Returns the rows accepted, or `None` if the import was refused.
pub fn check_csv_round_trip(data: &[u8]) -> Option<Vec<ActivityData>> {
    // The built-in rules are part of the program: if they do not load, nothing is tested.
    let rules = RuleBook::builtin().expect("the built-in rules load");
    let today = NaiveDate::from_ymd_opt(2026, 11, 26).expect("a valid date");
    let rows = parse_csv(data, &rules.kinds, today).ok()?;
    let bytes = write_csv(&rows).expect("writing CSV to memory cannot fail");
    let again = parse_csv(&bytes, &rules.kinds, today).expect("exported rows import again");
    assert_eq!(again, rows, "an export re-imports to the same activities");
    Some(rows)
}

/// Any bytes as a file to import (CSV, TSV, XLSX, ODS, or anything else): never a panic,
/// a refusal always says why, and the rows accepted export and import again unchanged.
/// Returns the rows accepted, or `None` if the file was refused.
pub fn check_sheet_import(data: &[u8]) -> Option<Vec<ActivityData>> {
    let rules = RuleBook::builtin().expect("the built-in rules load");
    let today = NaiveDate::from_ymd_opt(2026, 11, 26).expect("a valid date");
    let options = ImportOptions {
        approving_bodies: vec!["AAMA".into()],
        ..ImportOptions::default()
    };
    let read = match read_activities(data, &options, &rules.kinds, today) {
        Ok(read) => read,
        Err(refused) => {
            assert!(!refused.reason.is_empty(), "a refusal says why");
            return None;
        }
    };
    let rows: Vec<ActivityData> = match read.outcome {
        Ok(rows) => rows.into_iter().map(|r| r.data).collect(),
        Err(errors) => {
            assert!(!errors.is_empty(), "a rejected file names its bad rows");
            assert!(errors.iter().all(|e| !e.reason.is_empty()));
            return None;
        }
    };
    let bytes = write_csv(&rows).expect("writing CSV to memory cannot fail");
    let again = parse_csv(&bytes, &rules.kinds, today).expect("exported rows import again");
    assert_eq!(again, rows, "an export re-imports to the same activities");
    Some(rows)
}

/// Any text as a date as people write it: never a panic, and a date read prints as ISO that
/// reads back the same in either order.
pub fn check_human_date(text: &str) {
    for order in [DateOrder::Mdy, DateOrder::Dmy] {
        if let Ok(date) = parse_human_date(text, order) {
            assert_eq!(parse_human_date(&date.to_string(), order), Ok(date));
        }
    }
}

/// Any text as a date and as points: never a panic, and what parses prints back to text that
/// parses to the same value.
pub fn check_date_and_points(text: &str) {
    if let Ok(date) = parse_iso(text) {
        assert_eq!(parse_iso(&date.to_string()), Ok(date));
    }
    if let Ok(points) = text.parse::<Points>() {
        assert_eq!(points.to_string().parse::<Points>(), Ok(points));
    }
}

/// Any bytes as a certificate: reading it never panics and answers within its time limit
/// (a panicking parser is contained by the reader), and the text it gives, or the bytes read
/// as text, always make a proposal that holds: see [`check_proposal`].
pub fn check_certificate_scan(data: &[u8]) {
    use crate::extract::pdf::{TextError, text};

    check_proposal(&String::from_utf8_lossy(data));
    match text(data) {
        Ok(text) => {
            assert!(
                text.chars().any(char::is_alphanumeric),
                "text is only returned when there is some"
            );
            check_proposal(&text);
        }
        // A build that aborts on panic has no reader here: it would test nothing, silently.
        Err(TextError::NoReader(why)) => panic!("the PDF reader did not run: {why}"),
        Err(_) => {}
    }
}

/// Any text as a certificate: the proposal's fields are one line each within their limits,
/// points a positive amount one course may give, the fields found and missing apart, and a
/// proposal with every required field and a past date saves as it is.
pub fn check_proposal(text: &str) {
    let rules = RuleBook::builtin().expect("the built-in rules load");
    let today = NaiveDate::from_ymd_opt(2026, 11, 26).expect("a valid date");
    let p = propose(text);
    for (field, value, max) in [
        ("title", &p.title, MAX_TITLE),
        ("provider", &p.provider, MAX_PROVIDER),
    ] {
        if let Some(v) = value {
            assert!(!v.trim().is_empty(), "{field} found but empty");
            assert!(v.chars().count() <= max, "{field} too long");
            assert!(
                !v.chars().any(char::is_control),
                "{field} has control characters"
            );
        }
    }
    if let Some(points) = p.points {
        assert!(
            points.is_positive() && points <= MAX_POINTS,
            "points {points}"
        );
    }
    let missing = p.missing();
    for found in p.found() {
        assert!(
            !missing.contains(&found.replace('-', "_").as_str()),
            "{found} both found and missing"
        );
    }
    let dated = p
        .date
        .is_some_and(|d| d <= today && d >= crate::domain::dates::EARLIEST);
    if p.missing_required().is_empty() && dated {
        let draft = p.to_draft();
        if let Err(e) = draft.validate(&rules.kinds, today) {
            panic!("a complete proposal is refused: {e}: {draft:?}");
        }
    }
}
