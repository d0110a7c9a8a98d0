//! A credential the user holds: which rules apply, and its cycles (certification, renewals).

use std::collections::BTreeMap;

use chrono::NaiveDate;

use chrono::Datelike;

use super::activity::{ActivityData, Credit, Kind};
use super::dates::{add_months, check_past, month_end};
use super::error::{FieldError, InvalidInput};
use super::points::Points;
use super::rules::{
    Approval, CUSTOM, CollegeConversion, Conversions, CprConversion, ExpiryRule, ExtraDeadline,
    KindRules, RenewalRule, RuleBook, RulesError, normalize_category,
};

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
    /// What college credit and CPR cards are worth; a kind left out is not counted.
    pub conversions: Conversions,
    pub renewal: RenewalRule,
    /// The certifying body, where a preset names one (for "check with NHA").
    pub body: Option<String>,
    /// False where only secondary sources give the rule.
    pub verified: bool,
    /// The body's other deadlines (calendar events).
    pub deadlines: Vec<ExtraDeadline>,
}

impl Requirement {
    /// The expiry of a cycle that starts on `start`.
    pub fn expires(&self, start: NaiveDate) -> NaiveDate {
        let months = self.cycle_months;
        match self.expiry {
            ExpiryRule::EndOfMonth => month_end(add_months(start, months)),
            ExpiryRule::SameDayOfMonth => add_months(start, months),
            ExpiryRule::DayBeforeAnniversary => {
                let mut anniversary = add_months(start, months);
                // Certified on 29 February: in a common year the anniversary is 1 March.
                if anniversary.day() != start.day() {
                    anniversary = anniversary.succ_opt().unwrap_or(anniversary);
                }
                anniversary.pred_opt().unwrap_or(anniversary)
            }
        }
    }

    /// The last day the CE route is open for a cycle that starts on `start`.
    pub fn ce_deadline(&self, start: NaiveDate) -> NaiveDate {
        let expires = self.expires(start);
        match self.expiry {
            ExpiryRule::EndOfMonth => month_end(add_months(expires, self.grace_months)),
            _ => add_months(expires, self.grace_months),
        }
    }

    /// Where the next cycle starts when the cycle that began on `current` is renewed on `on`.
    pub fn next_start(&self, current: NaiveDate, on: NaiveDate) -> NaiveDate {
        match self.renewal {
            RenewalRule::FromRecertification => on,
            RenewalRule::RollsOver if on <= self.ce_deadline(current) => {
                let expires = self.expires(current);
                expires.succ_opt().unwrap_or(expires)
            }
            RenewalRule::RollsOver => on,
        }
    }

    /// What `a` is worth under these rules: a course its points, college credit and CPR
    /// cards by this credential's conversions. `None` where the rules set no value for its
    /// kind (or the amount overflows, which validation prevents).
    pub fn credit<'a>(&self, a: &'a ActivityData, kinds: &'a KindRules) -> Option<Credit<'a>> {
        match a.kind {
            Kind::Course => Some(Credit {
                points: a.points,
                category: a.category.as_deref(),
            }),
            Kind::College => Some(Credit {
                points: a
                    .points
                    .checked_mul(i64::from(self.conversions.college?.points_per_credit))?,
                category: a.category.as_deref(),
            }),
            Kind::Cpr => Some(Credit {
                points: self.conversions.cpr?.points_per_card,
                category: Some(kinds.cpr.category.as_str()),
            }),
        }
    }

    /// Why an activity of `kind` counts for nothing here, where the rules set no value for it.
    pub fn unconverted(&self, kind: Kind) -> Option<String> {
        let what = match kind {
            Kind::College if self.conversions.college.is_none() => "college credit",
            Kind::Cpr if self.conversions.cpr.is_none() => "CPR cards",
            _ => return None,
        };
        Some(format!(
            "{} sets no value for {what}: log the CE credits the provider awarded as a course",
            self.name
        ))
    }
}

/// The most categories a custom credential may name (the published credentials name three at
/// most; the progress engine keeps a category's index in a byte).
pub const MAX_CATEGORIES: usize = 32;

/// A credential the user defines for anything the presets do not cover.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CustomSpec {
    pub name: String,
    pub cycle_months: u32,
    pub points_required: Points,
    pub categories: BTreeMap<String, Points>,
    pub approved: Option<Approval>,
    /// What the user says college credit and CPR cards are worth; none unless given.
    pub conversions: Conversions,
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
                    conversions: p.conversions,
                    renewal: p.renewal,
                    body: Some(p.body.clone()),
                    verified: p.verified,
                    deadlines: p.deadlines.clone(),
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
                conversions: c.conversions,
                renewal: book.custom.renewal,
                body: None,
                // The user's own rule: nothing to check it against.
                verified: true,
                deadlines: Vec::new(),
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
    /// Where the current cycle starts: the renewals followed through the renewal rule, once,
    /// since the engine asks for every activity.
    start: NaiveDate,
}

impl Credential {
    pub fn resolve(record: CredentialRecord, book: &RuleBook) -> Result<Credential, RulesError> {
        let requirement = record.spec.requirement(book)?;
        let start = record
            .renewals
            .iter()
            .fold(record.certified, |current, &on| {
                requirement.next_start(current, on)
            });
        Ok(Credential {
            id: record.id,
            spec: record.spec,
            requirement,
            certified: record.certified,
            renewals: record.renewals,
            start,
        })
    }

    pub fn name(&self) -> &str {
        &self.requirement.name
    }

    /// Where the current cycle starts: the certification, or where the renewal rule puts the
    /// most recent recertification.
    pub fn cycle_start(&self) -> NaiveDate {
        self.start
    }

    pub fn expires(&self) -> NaiveDate {
        self.requirement.expires(self.cycle_start())
    }

    pub fn ce_deadline(&self) -> NaiveDate {
        self.requirement.ce_deadline(self.cycle_start())
    }

    /// Every cycle, oldest first: (start, expires).
    pub fn cycles(&self) -> Vec<(NaiveDate, NaiveDate)> {
        let req = &self.requirement;
        let mut start = self.certified;
        let mut cycles = vec![(start, req.expires(start))];
        for &on in &self.renewals {
            start = req.next_start(start, on);
            cycles.push((start, req.expires(start)));
        }
        cycles
    }

    /// Where the next cycle would start if the person renewed on `on`.
    pub fn next_start(&self, on: NaiveDate) -> NaiveDate {
        self.requirement.next_start(self.start, on)
    }

    /// Whether an activity on `date` falls inside the current cycle's counting window.
    pub fn cycle_contains(&self, date: NaiveDate) -> bool {
        self.cycle_window().contains(&date)
    }

    /// The current cycle's counting window, start to CE deadline. Finding the deadline adds
    /// months to a date: a loop over many activities takes the window once, not per date.
    pub fn cycle_window(&self) -> std::ops::RangeInclusive<NaiveDate> {
        self.cycle_start()..=self.ce_deadline()
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
    /// Whole points per college credit; empty: college credit does not count.
    pub college_points: String,
    /// Points per CPR card; empty: cards do not count.
    pub cpr_points: String,
    /// At most this many cards per cycle; empty: no limit.
    pub cpr_max: String,
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
        let conversions = self.check_conversions(&mut errors);

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
            conversions,
        })
    }

    /// `college-points`, `cpr-points` and `cpr-max`: each optional, a limit only with a value.
    fn check_conversions(&self, errors: &mut Vec<FieldError>) -> Conversions {
        let college = match self.college_points.trim() {
            "" => None,
            text => whole("college-points", text, 100, errors)
                .map(|points_per_credit| CollegeConversion { points_per_credit }),
        };
        let max_per_cycle = match self.cpr_max.trim() {
            "" => None,
            text => whole("cpr-max", text, 100, errors),
        };
        let cpr = match self.cpr_points.trim() {
            "" => {
                if max_per_cycle.is_some() {
                    errors.push(FieldError::new(
                        "cpr-points",
                        "is missing: a limit on CPR cards needs what a card is worth",
                    ));
                }
                None
            }
            text => Some(CprConversion {
                points_per_card: required_points("cpr-points", text, errors),
                max_per_cycle,
            }),
        };
        Conversions { college, cpr }
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
            let name = normalize_category(name).into_owned();
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
        if categories.len() > MAX_CATEGORIES {
            errors.push(FieldError::new(
                "category",
                format!(
                    "{} categories are more than the {MAX_CATEGORIES} a credential may have; \
                     merge some",
                    categories.len()
                ),
            ));
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

/// A whole number from 1 to `max`.
fn whole(field: &'static str, text: &str, max: u32, errors: &mut Vec<FieldError>) -> Option<u32> {
    match text.parse::<u32>() {
        Ok(n) if (1..=max).contains(&n) => Some(n),
        _ => {
            errors.push(FieldError::new(
                field,
                format!("'{text}' is not a whole number from 1 to {max}"),
            ));
            None
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
mod tests;
