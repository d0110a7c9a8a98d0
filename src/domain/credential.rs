//! A credential the user holds: which rules apply, and its cycles (certification, renewals).

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::dates::{add_months, check_past, month_end};
use super::error::{FieldError, InvalidInput};
use super::points::Points;
use super::rules::{Approval, CUSTOM, ExpiryRule, RuleBook, RulesError, normalize_category};

/// The rules one credential is measured against, whether a preset or user-defined.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Requirement {
    pub name: String,
    pub cycle_months: u32,
    pub expiry: ExpiryRule,
    pub grace_months: u32,
    pub points_required: Points,
    pub approved: Option<Approval>,
    pub categories: BTreeMap<String, Points>,
    /// At most this many CPR cards count in one cycle.
    pub cpr_cap: Option<u32>,
}

impl Requirement {
    /// Shifts `date` by whole months the way this credential's expiry rule counts them.
    fn shift(&self, date: NaiveDate, months: u32) -> NaiveDate {
        match self.expiry {
            ExpiryRule::EndOfMonth => month_end(add_months(date, months)),
            ExpiryRule::SameDayOfMonth => add_months(date, months),
        }
    }

    /// The expiry of a cycle that starts on `start`.
    pub fn expires(&self, start: NaiveDate) -> NaiveDate {
        self.shift(start, self.cycle_months)
    }

    /// The last day the CE route is open for a cycle that starts on `start`.
    pub fn ce_deadline(&self, start: NaiveDate) -> NaiveDate {
        self.shift(self.expires(start), self.grace_months)
    }
}

/// A credential the user defines for anything the presets do not cover.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CustomSpec {
    pub name: String,
    pub cycle_months: u32,
    pub points_required: Points,
    pub categories: BTreeMap<String, Points>,
    pub approved: Option<Approval>,
}

/// Which rules a credential follows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CredentialSpec {
    Preset(String),
    Custom(CustomSpec),
}

impl CredentialSpec {
    pub fn preset_id(&self) -> &str {
        match self {
            CredentialSpec::Preset(id) => id,
            CredentialSpec::Custom(_) => CUSTOM,
        }
    }

    pub fn requirement(&self, book: &RuleBook) -> Result<Requirement, RulesError> {
        match self {
            CredentialSpec::Preset(id) => {
                let p = book.preset(id).ok_or_else(|| {
                    RulesError::Inconsistent(format!(
                        "this logbook uses the credential preset '{id}', which this version of \
                         CE Logbook does not know; install a newer version"
                    ))
                })?;
                Ok(Requirement {
                    name: p.name.clone(),
                    cycle_months: p.cycle_months,
                    expiry: p.expiry,
                    grace_months: p.grace_months,
                    points_required: p.points_required,
                    approved: p.approved.clone(),
                    categories: p.categories.clone(),
                    cpr_cap: p.kind_caps.cpr,
                })
            }
            CredentialSpec::Custom(c) => Ok(Requirement {
                name: c.name.clone(),
                cycle_months: c.cycle_months,
                expiry: book.custom.expiry,
                grace_months: book.custom.grace_months,
                points_required: c.points_required,
                approved: c.approved.clone(),
                categories: c.categories.clone(),
                cpr_cap: None,
            }),
        }
    }
}

/// A credential as kept in the logbook, before its rules are looked up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CredentialRecord {
    pub id: i64,
    pub spec: CredentialSpec,
    pub certified: NaiveDate,
    /// Recertification dates, oldest first.
    pub renewals: Vec<NaiveDate>,
}

/// A credential with its rules resolved: everything the engine needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Credential {
    pub id: i64,
    pub spec: CredentialSpec,
    pub requirement: Requirement,
    pub certified: NaiveDate,
    pub renewals: Vec<NaiveDate>,
}

impl Credential {
    pub fn resolve(record: CredentialRecord, book: &RuleBook) -> Result<Credential, RulesError> {
        let requirement = record.spec.requirement(book)?;
        Ok(Credential {
            id: record.id,
            spec: record.spec,
            requirement,
            certified: record.certified,
            renewals: record.renewals,
        })
    }

    pub fn name(&self) -> &str {
        &self.requirement.name
    }

    /// The certification or the most recent recertification date.
    pub fn cycle_start(&self) -> NaiveDate {
        self.renewals.last().copied().unwrap_or(self.certified)
    }

    pub fn expires(&self) -> NaiveDate {
        self.requirement.expires(self.cycle_start())
    }

    pub fn ce_deadline(&self) -> NaiveDate {
        self.requirement.ce_deadline(self.cycle_start())
    }

    /// Every cycle, oldest first: (start, expires).
    pub fn cycles(&self) -> Vec<(NaiveDate, NaiveDate)> {
        std::iter::once(self.certified)
            .chain(self.renewals.iter().copied())
            .map(|start| (start, self.requirement.expires(start)))
            .collect()
    }

    /// Whether an activity on `date` falls inside the current cycle's counting window.
    pub fn cycle_contains(&self, date: NaiveDate) -> bool {
        (self.cycle_start()..=self.ce_deadline()).contains(&date)
    }

    /// Checks "I recertified on `on`": after the current cycle began, and not in the future.
    pub fn check_renewal(&self, on: NaiveDate, today: NaiveDate) -> Result<NaiveDate, FieldError> {
        let on = check_past(on, today).map_err(|m| FieldError::new("on", m))?;
        if on <= self.cycle_start() {
            return Err(FieldError::new(
                "on",
                format!(
                    "{on} is not after the current cycle's start ({}); a recertification \
                     starts a new cycle",
                    self.cycle_start()
                ),
            ));
        }
        Ok(on)
    }
}

/// What the user typed to define a custom credential, before it is checked.
#[derive(Clone, Debug, Default)]
pub struct CustomDraft {
    pub name: String,
    pub months: String,
    pub points: String,
    /// `NAME=MIN` each.
    pub categories: Vec<String>,
    pub approved_by: String,
    pub approved_min: String,
}

const MAX_NAME: usize = 100;
const MAX_CYCLE_MONTHS: u32 = 240;
const MAX_REQUIRED: Points = Points::whole(10_000);

impl CustomDraft {
    /// Checks every field and reports every mistake at once.
    pub fn validate(&self) -> Result<CustomSpec, InvalidInput> {
        let mut errors = Vec::new();
        let name = self.name.trim();
        if name.is_empty() {
            errors.push(FieldError::new("name", "is empty; name the credential"));
        } else if name.chars().count() > MAX_NAME {
            errors.push(FieldError::new(
                "name",
                format!("is longer than {MAX_NAME} characters"),
            ));
        }
        let months = match self.months.trim().parse::<u32>() {
            Ok(m) if (1..=MAX_CYCLE_MONTHS).contains(&m) => m,
            _ if self.months.trim().is_empty() => {
                errors.push(FieldError::new(
                    "months",
                    "is missing; give the cycle length in months",
                ));
                0
            }
            _ => {
                errors.push(FieldError::new(
                    "months",
                    format!(
                        "'{}' is not a whole number of months from 1 to {MAX_CYCLE_MONTHS}",
                        self.months.trim()
                    ),
                ));
                0
            }
        };
        let points = required_points("points", &self.points, &mut errors);

        let categories = self.check_categories(&mut errors);
        let approved = self.check_approval(&mut errors);

        if errors.is_empty() {
            let category_sum: Points = categories.values().copied().sum();
            if category_sum > points {
                errors.push(FieldError::new(
                    "category",
                    format!("the minimums add up to {category_sum}, more than the {points} points required"),
                ));
            }
            if let Some(a) = &approved
                && a.min > points
            {
                errors.push(FieldError::new(
                    "approved-min",
                    format!("{} is more than the {points} points required", a.min),
                ));
            }
        }
        if !errors.is_empty() {
            return Err(InvalidInput(errors));
        }
        Ok(CustomSpec {
            name: name.to_owned(),
            cycle_months: months,
            points_required: points,
            categories,
            approved,
        })
    }
    /// `NAME=MIN` entries: each a named category and its minimum, none twice.
    fn check_categories(&self, errors: &mut Vec<FieldError>) -> BTreeMap<String, Points> {
        let mut categories = BTreeMap::new();
        for entry in &self.categories {
            let Some((name, min)) = entry.split_once('=') else {
                errors.push(FieldError::new(
                    "category",
                    format!("'{entry}' is not NAME=MIN, e.g. clinical=10"),
                ));
                continue;
            };
            let name = normalize_category(name);
            if name.is_empty() {
                errors.push(FieldError::new(
                    "category",
                    format!("'{entry}' has no name"),
                ));
                continue;
            }
            let min = required_points("category", min, errors);
            if categories.insert(name.clone(), min).is_some() {
                errors.push(FieldError::new(
                    "category",
                    format!("'{name}' is given twice"),
                ));
            }
        }
        categories
    }

    /// The approving body and its minimum: both or neither.
    fn check_approval(&self, errors: &mut Vec<FieldError>) -> Option<Approval> {
        let body = self.approved_by.trim();
        match (body.is_empty(), self.approved_min.trim().is_empty()) {
            (true, true) => None,
            (false, false) => Some(Approval {
                by: body.to_owned(),
                min: required_points("approved-min", &self.approved_min, errors),
            }),
            (true, false) => {
                errors.push(FieldError::new(
                    "approved-by",
                    "is missing: an approved minimum needs the body that approves",
                ));
                None
            }
            (false, true) => {
                errors.push(FieldError::new(
                    "approved-min",
                    "is missing: say how many points must be approved by that body",
                ));
                None
            }
        }
    }
}

fn required_points(field: &'static str, text: &str, errors: &mut Vec<FieldError>) -> Points {
    match text.parse::<Points>() {
        Ok(p) if p.is_positive() && p <= MAX_REQUIRED => p,
        Ok(p) if p.is_positive() => {
            errors.push(FieldError::new(
                field,
                format!("{p} is more than {MAX_REQUIRED}"),
            ));
            Points::ZERO
        }
        Ok(p) => {
            errors.push(FieldError::new(
                field,
                format!("must be more than 0 (got {p})"),
            ));
            Points::ZERO
        }
        Err(e) => {
            errors.push(FieldError::new(field, e.to_string()));
            Points::ZERO
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::dates::parse_iso;

    fn d(text: &str) -> NaiveDate {
        parse_iso(text).unwrap()
    }

    fn credential(preset: &str, certified: &str, renewals: &[&str]) -> Credential {
        let book = RuleBook::builtin().unwrap();
        Credential::resolve(
            CredentialRecord {
                id: 1,
                spec: CredentialSpec::Preset(preset.into()),
                certified: d(certified),
                renewals: renewals.iter().map(|r| d(r)).collect(),
            },
            &book,
        )
        .unwrap()
    }

    #[test]
    fn cma_expires_at_the_month_end_sixty_months_on() {
        let c = credential("cma-aama", "2021-03-15", &[]);
        assert_eq!(c.expires(), d("2026-03-31"));
        assert_eq!(c.ce_deadline(), d("2026-06-30"));
        // AAMA's own example: certified February 2010, recertify by the end of February 2015.
        let c = credential("cma-aama", "2010-02-10", &[]);
        assert_eq!(c.expires(), d("2015-02-28"));
    }

    #[test]
    fn cma_in_a_leap_february() {
        let c = credential("cma-aama", "2019-02-05", &[]);
        assert_eq!(c.expires(), d("2024-02-29"));
        assert_eq!(c.ce_deadline(), d("2024-05-31"));
    }

    #[test]
    fn cma_grace_crosses_the_year() {
        let c = credential("cma-aama", "2020-11-30", &[]);
        assert_eq!(c.expires(), d("2025-11-30"));
        assert_eq!(c.ce_deadline(), d("2026-02-28"));
    }

    #[test]
    fn same_day_presets_clamp_to_the_month_end_and_have_no_grace() {
        let c = credential("ccma-nha", "2024-02-29", &[]);
        assert_eq!(c.expires(), d("2026-02-28"));
        assert_eq!(c.ce_deadline(), c.expires());
        let c = credential("rma-amt", "2023-08-31", &[]);
        assert_eq!(c.expires(), d("2026-08-31"));
        let c = credential("cmac-amca", "2025-01-31", &[]);
        assert_eq!(c.expires(), d("2027-01-31"));
        let c = credential("ccma-nha", "2024-03-31", &[]);
        assert_eq!(c.expires(), d("2026-03-31"));
    }

    #[test]
    fn a_renewal_starts_the_next_cycle_and_keeps_history() {
        let c = credential("cma-aama", "2021-03-15", &["2026-02-10"]);
        assert_eq!(c.cycle_start(), d("2026-02-10"));
        assert_eq!(c.expires(), d("2031-02-28"));
        assert_eq!(c.ce_deadline(), d("2031-05-31"));
        assert_eq!(
            c.cycles(),
            vec![
                (d("2021-03-15"), d("2026-03-31")),
                (d("2026-02-10"), d("2031-02-28"))
            ]
        );
        assert!(c.cycle_contains(d("2026-02-10")));
        assert!(!c.cycle_contains(d("2026-02-09")));
        assert!(c.cycle_contains(d("2031-05-31")));
        assert!(!c.cycle_contains(d("2031-06-01")));
    }

    #[test]
    fn renewal_dates_are_checked() {
        let c = credential("cma-aama", "2021-03-15", &[]);
        let today = d("2026-11-26");
        assert_eq!(c.check_renewal(d("2026-03-01"), today), Ok(d("2026-03-01")));
        assert!(c.check_renewal(d("2021-03-15"), today).is_err());
        assert!(c.check_renewal(d("2020-01-01"), today).is_err());
        assert!(c.check_renewal(d("2026-11-27"), today).is_err());
    }

    #[test]
    fn custom_credentials_are_validated() {
        let spec = CustomDraft {
            name: "Phlebotomy (XYZ)".into(),
            months: "24".into(),
            points: "12.5".into(),
            categories: vec!["Clinical=5".into()],
            approved_by: "XYZ".into(),
            approved_min: "6".into(),
        }
        .validate()
        .unwrap();
        assert_eq!(spec.points_required, "12.5".parse().unwrap());
        assert_eq!(spec.categories["clinical"], Points::whole(5));
        assert_eq!(spec.approved.unwrap().by, "XYZ");

        let err = CustomDraft {
            name: " ".into(),
            months: "0".into(),
            points: "-1".into(),
            categories: vec!["clinical".into()],
            approved_by: "XYZ".into(),
            approved_min: String::new(),
        }
        .validate()
        .unwrap_err();
        for field in ["name", "months", "points", "category", "approved-min"] {
            assert!(
                err.for_field(field).is_some(),
                "{field} should be reported: {err}"
            );
        }

        let err = CustomDraft {
            name: "X".into(),
            months: "12".into(),
            points: "10".into(),
            categories: vec!["a=6".into(), "b=6".into()],
            ..Default::default()
        }
        .validate()
        .unwrap_err();
        assert!(err.for_field("category").unwrap().contains("add up to 12"));
    }

    #[test]
    fn custom_credentials_expire_on_the_same_day() {
        let book = RuleBook::builtin().unwrap();
        let spec = CustomDraft {
            name: "Mine".into(),
            months: "12".into(),
            points: "8".into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        let c = Credential::resolve(
            CredentialRecord {
                id: 2,
                spec: CredentialSpec::Custom(spec),
                certified: d("2024-01-31"),
                renewals: vec![],
            },
            &book,
        )
        .unwrap();
        assert_eq!(c.expires(), d("2025-01-31"));
        assert_eq!(c.ce_deadline(), d("2025-01-31"));
        assert_eq!(c.spec.preset_id(), "custom");
    }

    #[test]
    fn an_unknown_preset_in_a_logbook_is_an_error_not_a_panic() {
        let book = RuleBook::builtin().unwrap();
        let err = CredentialSpec::Preset("xyz-abc".into())
            .requirement(&book)
            .unwrap_err();
        assert!(err.to_string().contains("xyz-abc"));
    }
}
