//! A certificate's text as words with their line, and the dates written among them
//! (`2024-03-14`, `3/14/2024`, `03-14-24`, `March 14, 2024`, `14 Mar 2024`, `14-Mar-2024`).
//!
//! The date finding is the certificate reader's own for now; once the spreadsheet import's
//! human date parser lands in the domain, both should share it.

use chrono::NaiveDate;

/// One word of the text: what it says (without the punctuation around it) and its line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    pub text: String,
    /// The same, in lower case, for matching.
    pub lower: String,
    pub line: usize,
}

/// The words of `text`, each with its line; punctuation at either end is dropped (`2.0,`
/// becomes `2.0`, `"Phlebotomy` becomes `Phlebotomy`), inner punctuation kept (`3/14/2024`).
pub fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    for (line, l) in text.lines().enumerate() {
        for raw in l.split_whitespace() {
            let t = raw.trim_matches(|c: char| !c.is_alphanumeric());
            if !t.is_empty() {
                out.push(Word {
                    text: t.to_owned(),
                    lower: t.to_lowercase(),
                    line,
                });
            }
        }
    }
    out
}

/// A date found in the text, at the index of its first word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Found {
    pub at: usize,
    pub date: NaiveDate,
}

/// Every date written in `words`, in order.
pub fn dates(words: &[Word]) -> Vec<Found> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if let Some((date, used)) = date_at(&words[i..]) {
            out.push(Found { at: i, date });
            i += used;
        } else {
            i += 1;
        }
    }
    out
}

/// A date starting at the first word, and how many words it takes.
fn date_at(words: &[Word]) -> Option<(NaiveDate, usize)> {
    let first = words.first()?;
    if let Some(d) = numeric(&first.lower).or_else(|| dashed_month(&first.lower)) {
        return Some((d, 1));
    }
    let [a, b, c, ..] = words else {
        return None;
    };
    // March 14, 2024 / Mar 14 2024
    if let (Some(m), Some(d), Some(y)) = (month(&a.lower), day(&b.lower), year(&c.lower)) {
        return NaiveDate::from_ymd_opt(y, m, d).map(|date| (date, 3));
    }
    // 14 March 2024
    if let (Some(d), Some(m), Some(y)) = (day(&a.lower), month(&b.lower), year(&c.lower)) {
        return NaiveDate::from_ymd_opt(y, m, d).map(|date| (date, 3));
    }
    None
}

/// `2024-03-14`, or month first (`3/14/2024`, `03-14-24`, `3.14.2024`) unless the first
/// number cannot be a month (`14/03/2024` is day first).
fn numeric(text: &str) -> Option<NaiveDate> {
    let parts: Vec<&str> = text.split(['/', '-', '.']).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    if ![a, b, c]
        .iter()
        .all(|p| !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let n = |p: &str| p.parse::<u32>().ok();
    if a.len() == 4 {
        return NaiveDate::from_ymd_opt(n(a)? as i32, n(b)?, n(c)?);
    }
    if a.len() > 2 || b.len() > 2 {
        return None;
    }
    let y = full_year(c)?;
    let (first, second) = (n(a)?, n(b)?);
    if first > 12 {
        NaiveDate::from_ymd_opt(y, second, first)
    } else {
        NaiveDate::from_ymd_opt(y, first, second)
    }
}

/// `14-mar-2024`.
fn dashed_month(text: &str) -> Option<NaiveDate> {
    let parts: Vec<&str> = text.split('-').collect();
    let [d, m, y] = parts.as_slice() else {
        return None;
    };
    NaiveDate::from_ymd_opt(year(y)?, month(m)?, day(d)?)
}

fn full_year(text: &str) -> Option<i32> {
    let y: i32 = text.parse().ok()?;
    match text.len() {
        2 => Some(2000 + y),
        4 => Some(y),
        _ => None,
    }
}

fn year(text: &str) -> Option<i32> {
    let y: i32 = text.parse().ok()?;
    (text.len() == 4 && (1950..=2100).contains(&y)).then_some(y)
}

/// `14`, `14th`, `1st`: a day of the month.
fn day(text: &str) -> Option<u32> {
    let digits = text
        .strip_suffix("st")
        .or_else(|| text.strip_suffix("nd"))
        .or_else(|| text.strip_suffix("rd"))
        .or_else(|| text.strip_suffix("th"))
        .unwrap_or(text);
    let d: u32 = digits.parse().ok()?;
    (digits.len() <= 2 && (1..=31).contains(&d)).then_some(d)
}

/// A month's name, whole or its first three letters or more (`sept` too): the import's
/// reading of month names.
pub(super) fn month(text: &str) -> Option<u32> {
    crate::domain::human_dates::month_number(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<String> {
        dates(&words(text))
            .into_iter()
            .map(|f| f.date.to_string())
            .collect()
    }

    #[test]
    fn words_lose_the_punctuation_around_them_and_keep_their_line() {
        let w = words("Approved for \"2.0\" CEUs.\n  Date: 3/14/2024,");
        let texts: Vec<_> = w.iter().map(|w| (w.text.as_str(), w.line)).collect();
        assert_eq!(
            texts,
            [
                ("Approved", 0),
                ("for", 0),
                ("2.0", 0),
                ("CEUs", 0),
                ("Date", 1),
                ("3/14/2024", 1)
            ]
        );
    }

    #[test]
    fn dates_as_people_write_them() {
        assert_eq!(found("on 2024-03-14"), ["2024-03-14"]);
        assert_eq!(found("on 3/14/2024"), ["2024-03-14"]);
        assert_eq!(found("on 03/14/2024."), ["2024-03-14"]);
        assert_eq!(found("on 03-14-24"), ["2024-03-14"]);
        assert_eq!(found("Completed on March 14, 2024"), ["2024-03-14"]);
        assert_eq!(found("Mar. 14th 2024"), ["2024-03-14"]);
        assert_eq!(found("14 Mar 2024"), ["2024-03-14"]);
        assert_eq!(found("14-Mar-2024"), ["2024-03-14"]);
        assert_eq!(found("Sept 1, 2025"), ["2025-09-01"]);
    }

    #[test]
    fn a_first_number_over_twelve_is_the_day() {
        assert_eq!(found("14/03/2024"), ["2024-03-14"]);
        // Otherwise month first, as in the US.
        assert_eq!(found("04/03/2024"), ["2024-04-03"]);
    }

    #[test]
    fn things_that_are_not_dates_are_not_taken_for_dates() {
        assert!(found("2.0 CEUs, 1.5 contact hours, 10/60 points").is_empty());
        assert!(found("2/30/2024 13/13/2024 May be 2024").is_empty());
        assert!(found("version 1.2.3 and 192.168.1.1").is_empty());
        assert!(found("").is_empty());
    }

    #[test]
    fn several_dates_come_in_order() {
        assert_eq!(
            found("Issued 03/14/2024 Renew by 03/2026 Expires March 31, 2026"),
            ["2024-03-14", "2026-03-31"]
        );
    }
}
