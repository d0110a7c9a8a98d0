//! Calendar arithmetic the rules are written in: whole months, month ends, ISO dates.

use chrono::{Datelike, Months, NaiveDate};

/// The earliest date the logbook accepts: older entries are typing mistakes.
pub const EARLIEST: NaiveDate = match NaiveDate::from_ymd_opt(1950, 1, 1) {
    Some(date) => date,
    None => panic!("1950-01-01 is a date"),
};

/// Parses `YYYY-MM-DD` exactly (no other order, no missing zeros, a real calendar day).
pub fn parse_iso(text: &str) -> Result<NaiveDate, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("is empty; write it as YYYY-MM-DD".to_owned());
    }
    let shaped = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !shaped {
        return Err(format!("'{text}' is not a date written as YYYY-MM-DD"));
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| format!("'{text}' is not a real calendar day"))
}

/// Checks a date the user says something happened on: real, not before 1950, not after today.
pub fn check_past(date: NaiveDate, today: NaiveDate) -> Result<NaiveDate, String> {
    if date > today {
        return Err(format!("{date} is in the future (today is {today})"));
    }
    if date < EARLIEST {
        return Err(format!("{date} is before {EARLIEST}; check the year"));
    }
    Ok(date)
}

/// The last day of the month `date` falls in.
pub fn month_end(date: NaiveDate) -> NaiveDate {
    let first = date.with_day(1).unwrap_or(date);
    first
        .checked_add_months(Months::new(1))
        .and_then(|next| next.pred_opt())
        .unwrap_or(NaiveDate::MAX)
}

/// `date` plus whole calendar months; a day the target month lacks becomes its last day
/// (2024-01-31 + 1 month = 2024-02-29).
pub fn add_months(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        parse_iso(text).unwrap()
    }

    #[test]
    fn iso_dates_only() {
        assert_eq!(
            d("2024-02-29"),
            NaiveDate::from_ymd_opt(2024, 2, 29).unwrap()
        );
        for bad in [
            "2023-02-29",
            "2024-13-01",
            "2024-1-5",
            "05/01/2024",
            "2024-01-01T00:00",
            "",
            "tomorrow",
        ] {
            assert!(parse_iso(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn month_ends_know_leap_years() {
        assert_eq!(month_end(d("2024-02-05")), d("2024-02-29"));
        assert_eq!(month_end(d("2023-02-05")), d("2023-02-28"));
        assert_eq!(month_end(d("2100-02-01")), d("2100-02-28"));
        assert_eq!(month_end(d("2026-12-31")), d("2026-12-31"));
        assert_eq!(month_end(d("2026-04-01")), d("2026-04-30"));
    }

    #[test]
    fn adding_months_clamps_to_the_month_end() {
        assert_eq!(add_months(d("2024-01-31"), 1), d("2024-02-29"));
        assert_eq!(add_months(d("2023-08-31"), 24), d("2025-08-31"));
        assert_eq!(add_months(d("2022-02-28"), 24), d("2024-02-28"));
        assert_eq!(add_months(d("2024-02-29"), 24), d("2026-02-28"));
    }

    #[test]
    fn past_dates_are_bounded() {
        let today = d("2026-11-26");
        assert!(check_past(d("2026-11-26"), today).is_ok());
        assert!(check_past(d("2026-11-27"), today).is_err());
        assert!(check_past(d("1950-01-01"), today).is_ok());
        assert!(check_past(d("1949-12-31"), today).is_err());
    }
}
