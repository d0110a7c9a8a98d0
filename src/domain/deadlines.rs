//! Deadlines close enough to warn about when the window opens: an expiry, or the last day of
//! a CE route, within the next 90 days.

use chrono::NaiveDate;

use super::progress::Progress;

/// How many days ahead a deadline is worth a notice on start.
pub const NOTICE_DAYS: i64 = 90;

/// One line per credential whose expiry or CE route ends within `days` of `today`,
/// e.g. "CMA (AAMA) expires in 45 days (2026-03-31)". The nearer deadline is named.
pub fn soon<'a>(
    all: impl IntoIterator<Item = &'a Progress>,
    today: NaiveDate,
    days: i64,
) -> Vec<String> {
    let within = |date: NaiveDate| (0..=days).contains(&(date - today).num_days());
    let in_days = |date: NaiveDate| match (date - today).num_days() {
        0 => "today".to_owned(),
        1 => "tomorrow".to_owned(),
        n => format!("in {n} days"),
    };
    all.into_iter()
        .filter_map(|p| {
            if within(p.expires) {
                Some(format!(
                    "{} expires {} ({})",
                    p.name,
                    in_days(p.expires),
                    p.expires
                ))
            } else if p.ce_deadline != p.expires && !p.complete && within(p.ce_deadline) {
                Some(format!(
                    "the CE route of {} closes {} ({})",
                    p.name,
                    in_days(p.ce_deadline),
                    p.ce_deadline
                ))
            } else {
                None
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::dates::parse_iso;
    use crate::domain::{Credential, CredentialRecord, CredentialSpec, RuleBook, progress};

    fn d(text: &str) -> NaiveDate {
        parse_iso(text).unwrap()
    }

    fn status(preset: &str, certified: &str, today: &str) -> Progress {
        let book = RuleBook::builtin().unwrap();
        let c = Credential::resolve(
            CredentialRecord {
                id: 1,
                spec: CredentialSpec::Preset(preset.into()),
                certified: d(certified),
                renewals: vec![],
            },
            &book,
        )
        .unwrap();
        progress(&c, &[], &book.kinds, d(today))
    }

    #[test]
    fn an_expiry_or_a_ce_route_within_ninety_days_is_named() {
        // CMA (AAMA) certified 2021-03-15 expires 2026-03-31; its CE route ends 2026-06-30.
        let at = |today: &str| soon(&[status("cma-aama", "2021-03-15", today)], d(today), 90);
        assert!(at("2025-12-30").is_empty(), "91 days ahead");
        assert_eq!(
            at("2025-12-31"),
            ["CMA (AAMA) expires in 90 days (2026-03-31)"]
        );
        assert_eq!(at("2026-03-31"), ["CMA (AAMA) expires today (2026-03-31)"]);
        assert_eq!(
            at("2026-04-01"),
            ["the CE route of CMA (AAMA) closes in 90 days (2026-06-30)"]
        );
        assert!(at("2026-07-01").is_empty(), "past every deadline");
        // RMA (AMT): no CE route beyond the expiry, the day before the anniversary.
        let rma = status("rma-amt", "2006-05-01", "2009-04-29");
        assert_eq!(
            soon(&[rma], d("2009-04-29"), 90),
            ["RMA (AMT) expires tomorrow (2009-04-30)"]
        );
    }
}
