//! Dates as people write them in their own spreadsheets and on certificates: `2024-03-14`,
//! `3/14/2024`, `3/14/24`, `03-14-2024`, `14.03.2024`, `March 14, 2024`, `14 Mar 2024`.
//!
//! Whether `3/4/2024` is March or April is not a question one date can answer: the caller
//! settles it once for a whole file with [`settle_order`] (a day over 12 anywhere decides),
//! and parses every date with that one order.

use chrono::NaiveDate;

/// Which number comes first in a date written with numbers only.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum DateOrder {
    /// Month first, as in the US: 3/14/2024.
    #[default]
    Mdy,
    /// Day first: 14/3/2024.
    Dmy,
}

impl std::str::FromStr for DateOrder {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        match text.trim().to_ascii_lowercase().as_str() {
            "mdy" | "us" | "month-first" => Ok(DateOrder::Mdy),
            "dmy" | "day-first" => Ok(DateOrder::Dmy),
            other => Err(format!("'{other}' is not a date order; use mdy or dmy")),
        }
    }
}

impl std::fmt::Display for DateOrder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            DateOrder::Mdy => "month first (3/14/2024)",
            DateOrder::Dmy => "day first (14/3/2024)",
        })
    }
}

/// The months' names, January first, as both date readers match them.
pub(super) const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// A month's name or its abbreviation of three letters or more ("Mar", "Sept", "march").
pub fn month_number(word: &str) -> Option<u32> {
    let word = word.trim_end_matches('.').to_lowercase();
    if word.len() < 3 {
        return None;
    }
    // "Sept" needs no case of its own: it begins "september".
    MONTHS
        .iter()
        .position(|m| m.starts_with(&word))
        .map(|i| i as u32 + 1)
}

/// A two-digit year is 20YY (certificates and spreadsheets of this century).
fn full_year(text: &str) -> Option<i32> {
    let year: i32 = text.parse().ok()?;
    match text.len() {
        2 => Some(2000 + year),
        4 => Some(year),
        _ => None,
    }
}

/// The three numbers of a date written with numbers and `/`, `-` or `.` between them, in the
/// order written; `None` for anything else.
fn numeric_parts(text: &str) -> Option<[&str; 3]> {
    let mut parts = text.split(['/', '-', '.']).map(str::trim);
    let three = [parts.next()?, parts.next()?, parts.next()?];
    let digits = |p: &&str| !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit());
    (parts.next().is_none() && three.iter().all(digits)).then_some(three)
}

/// What one date says about the order of a whole file: `Some(Dmy)` if its first number can
/// only be a day (over 12), `Some(Mdy)` if its second can only be; `None` if it cannot tell.
pub fn order_hint(text: &str) -> Option<DateOrder> {
    let [a, b, c] = numeric_parts(text.trim())?;
    if a.len() == 4 || c.len() > 4 {
        return None;
    }
    let (a, b): (u32, u32) = (a.parse().ok()?, b.parse().ok()?);
    match (a > 12, b > 12) {
        (true, false) => Some(DateOrder::Dmy),
        (false, true) => Some(DateOrder::Mdy),
        _ => None,
    }
}

/// The order for a whole file: the first date that can only be read one way decides;
/// otherwise `default` (month first unless the user said otherwise).
pub fn settle_order<'a>(texts: impl IntoIterator<Item = &'a str>, default: DateOrder) -> DateOrder {
    texts.into_iter().find_map(order_hint).unwrap_or(default)
}

/// Parses a date as people write it, numbers read in `order`. The error says what was read.
pub fn parse_human_date(text: &str, order: DateOrder) -> Result<NaiveDate, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("is empty".to_owned());
    }
    let not_a_day = || format!("'{text}' is not a real calendar day");
    let ymd = |y: i32, m: u32, d: u32| NaiveDate::from_ymd_opt(y, m, d).ok_or_else(not_a_day);
    // A spreadsheet's date-and-time ("2024-03-14 00:00:00", "2024-03-14T00:00") is its day.
    let day_part = text.split(['T', ' ']).next().unwrap_or(text);
    if let Some([a, b, c]) = numeric_parts(day_part) {
        let n = |p: &str| p.parse::<u32>().map_err(|_| not_a_day());
        if a.len() == 4 {
            let year = full_year(a).ok_or_else(not_a_day)?;
            return ymd(year, n(b)?, n(c)?);
        }
        let year = full_year(c)
            .ok_or_else(|| format!("'{text}' has no year of 2 or 4 digits at its end"))?;
        let (month, day) = match order {
            DateOrder::Mdy => (n(a)?, n(b)?),
            DateOrder::Dmy => (n(b)?, n(a)?),
        };
        return ymd(year, month, day).map_err(|e| {
            if month > 12 {
                format!("'{text}' has no month {month} (dates in this file are read {order})")
            } else {
                e
            }
        });
    }
    worded(text).ok_or_else(|| {
        format!("'{text}' is not a date (write it as 2024-03-14, 3/14/2024 or March 14, 2024)")
    })?
}

/// A date with its month as a word: `March 14, 2024`, `Mar 14 2024`, `14 March 2024`,
/// `14-Mar-2024`, `Thursday, March 14, 2024`.
fn worded(text: &str) -> Option<Result<NaiveDate, String>> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',' || c == '-' || c == '/')
        .filter(|w| !w.is_empty())
        .collect();
    let month_at = words.iter().position(|w| month_number(w).is_some())?;
    let month = month_number(words[month_at])?;
    let numbers: Vec<&str> = words
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != month_at)
        .map(|(_, w)| w.trim_end_matches(['.', 's', 't', 'h', 'n', 'd', 'r']))
        .filter(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit()))
        .collect();
    let [day, year] = numbers[..] else {
        return None;
    };
    let (day, year) = if day.len() == 4 {
        (year, day)
    } else {
        (day, year)
    };
    let year = full_year(year)?;
    let day: u32 = day.parse().ok()?;
    Some(
        NaiveDate::from_ymd_opt(year, month, day)
            .ok_or_else(|| format!("'{text}' is not a real calendar day")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use DateOrder::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_ways_people_write_one_day() {
        for text in [
            "2024-03-14",
            "3/14/2024",
            "3/14/24",
            "03-14-2024",
            "03/14/2024",
            "March 14, 2024",
            "march 14 2024",
            "Mar 14, 2024",
            "14 Mar 2024",
            "14-Mar-2024",
            "14th March 2024",
            "Thursday, March 14, 2024",
            "2024-03-14 00:00:00",
            "2024-03-14T00:00:00",
            " 3/14/2024 ",
        ] {
            assert_eq!(parse_human_date(text, Mdy), Ok(d(2024, 3, 14)), "{text}");
        }
        assert_eq!(parse_human_date("14/3/2024", Dmy), Ok(d(2024, 3, 14)));
        assert_eq!(parse_human_date("14.03.2024", Dmy), Ok(d(2024, 3, 14)));
        assert_eq!(parse_human_date("Sept 2, 2025", Mdy), Ok(d(2025, 9, 2)));
    }

    #[test]
    fn the_order_decides_the_ambiguous_ones_only() {
        assert_eq!(parse_human_date("3/4/2024", Mdy), Ok(d(2024, 3, 4)));
        assert_eq!(parse_human_date("3/4/2024", Dmy), Ok(d(2024, 4, 3)));
        // ISO and worded dates read the same whatever the order.
        assert_eq!(parse_human_date("2024-03-04", Dmy), Ok(d(2024, 3, 4)));
        assert_eq!(parse_human_date("4 March 2024", Mdy), Ok(d(2024, 3, 4)));
    }

    #[test]
    fn a_day_over_twelve_settles_the_whole_file() {
        assert_eq!(
            settle_order(["3/4/2024", "14/3/2024", "5/6/2024"], Mdy),
            Dmy
        );
        assert_eq!(settle_order(["3/4/2024", "3/14/2024"], Dmy), Mdy);
        assert_eq!(
            settle_order(["3/4/2024", "2024-03-15", "May 20, 2024"], Mdy),
            Mdy
        );
        assert_eq!(settle_order(["3/4/2024"], Dmy), Dmy);
        assert_eq!(settle_order([], Mdy), Mdy);
    }

    #[test]
    fn what_is_not_a_day_is_said() {
        for bad in [
            "",
            "soon",
            "2/30/2024",
            "13/13/2024",
            "3/14",
            "3/14/202",
            "2024-02-30",
            "Smarch 14, 2024",
            "March 2024",
            "1/2/3/4",
        ] {
            assert!(
                parse_human_date(bad, Mdy).is_err(),
                "{bad} should be refused"
            );
        }
        let e = parse_human_date("14/3/2024", Mdy).unwrap_err();
        assert!(
            e.contains("no month 14") && e.contains("month first"),
            "{e}"
        );
    }
}
