//! Calendar arithmetic the rules are written in: whole months, month ends, ISO dates; and
//! dates as people type them into the window (`parse_human`).

use super::human_dates::MONTHS;
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
    iso_from_bytes(text.as_bytes()).ok_or_else(|| format!("'{text}' is not a real calendar day"))
}

/// A date written exactly `YYYY-MM-DD`, read from bytes not yet known to be text (as SQLite
/// hands over the dates the store wrote, 100,000 of them on opening a large logbook).
pub fn iso_from_bytes(bytes: &[u8]) -> Option<NaiveDate> {
    let [y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2] = *bytes else {
        return None;
    };
    // The parts are read directly (a format string would be interpreted again every time).
    let number = |digits: &[u8]| {
        digits.iter().try_fold(0u32, |n, &b| {
            b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
        })
    };
    NaiveDate::from_ymd_opt(
        number(&[y1, y2, y3, y4])? as i32,
        number(&[m1, m2])?,
        number(&[d1, d2])?,
    )
}

/// Reads a date as people type it: `2024-03-14`, `3/14/2024`, `03/14/24` (US order: month
/// first), `March 14, 2024`, `Mar 14 2024` or `14 March 2024`. A two-digit year is 2000–2049
/// up to 49, else 1950–1999. `None` when it is not a real calendar day in one of those shapes.
pub fn parse_human(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    if let Ok(date) = parse_iso(text) {
        return Some(date);
    }
    let numeric = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let parts: Vec<&str> = text.split(['/', '-', '.']).map(str::trim).collect();
    if parts.len() == 3 && parts.iter().all(|p| numeric(p)) {
        let (a, b, c) = (parts[0], parts[1], parts[2]);
        // 2024/3/14: year first; otherwise month, day, year.
        let (year, month, day) = if a.len() == 4 { (a, b, c) } else { (c, a, b) };
        if month.len() > 2 || day.len() > 2 {
            return None;
        }
        return ymd(full_year(year)?, month.parse().ok()?, day.parse().ok()?);
    }
    // Words: a month's name, a day and a year, in either order of month and day.
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    if words.len() != 3 {
        return None;
    }
    let day_of = |w: &str| {
        let w = w.trim_end_matches(|c: char| c.is_ascii_alphabetic()); // 14th, 1st
        (numeric(w) && w.len() <= 2)
            .then(|| w.parse::<u32>().ok())
            .flatten()
    };
    let (month, day) = match (month_named(words[0]), month_named(words[1])) {
        (Some(m), None) => (m, day_of(words[1])?),
        (None, Some(m)) => (m, day_of(words[0])?),
        _ => return None,
    };
    let year = words[2];
    if !numeric(year) || year.len() != 4 {
        return None;
    }
    ymd(year.parse().ok()?, month, day)
}

fn ymd(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, day)
}

/// `24` is 2024, `75` is 1975, `2024` is 2024; three digits are a typing mistake.
fn full_year(text: &str) -> Option<i32> {
    let year: i32 = text.parse().ok()?;
    match text.len() {
        2 if year < 50 => Some(2000 + year),
        2 => Some(1900 + year),
        4 => Some(year),
        _ => None,
    }
}

/// January … December, or their first three letters (Sept too), in any case: stricter than
/// the import's [`month_number`](super::human_dates::month_number), which takes any start.
fn month_named(word: &str) -> Option<u32> {
    let word = word.trim_end_matches('.').to_lowercase();
    if word.len() < 3 {
        return None;
    }
    let found = MONTHS
        .iter()
        .position(|name| *name == word || (word.len() == 3 && name.starts_with(&word)))
        .or_else(|| (word == "sept").then_some(8))?;
    u32::try_from(found + 1).ok()
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
    fn dates_as_people_type_them() {
        let march_14 = Some(d("2024-03-14"));
        for text in [
            "2024-03-14",
            "3/14/2024",
            "03/14/24",
            "03/14/2024",
            "3-14-2024",
            "2024/3/14",
            "March 14, 2024",
            "march 14 2024",
            "Mar 14, 2024",
            "Mar. 14th, 2024",
            "14 March 2024",
            "  3/14/2024  ",
        ] {
            assert_eq!(parse_human(text), march_14, "{text}");
        }
        assert_eq!(parse_human("02/29/24"), Some(d("2024-02-29")));
        assert_eq!(parse_human("1/2/75"), Some(d("1975-01-02")));
        assert_eq!(parse_human("1/2/49"), Some(d("2049-01-02")));
        assert_eq!(parse_human("Sept 1, 1999"), Some(d("1999-09-01")));
    }

    #[test]
    fn what_is_not_a_date_is_none() {
        for text in [
            "",
            "tomorrow",
            "14/3/2024",
            "2/30/2024",
            "02/29/23",
            "3/14/202",
            "3/14",
            "March 2024",
            "Marc 14, 2024",
            "March 32, 2024",
            "March 14, 24",
            "Ma 14 2024",
            "1/2/3/4",
            "123/1/2024",
        ] {
            assert_eq!(parse_human(text), None, "{text:?}");
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
