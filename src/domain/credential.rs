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
        // amcaexams.com/stay-certified/: "tests in February 2017 ... valid for 2 years –
        // February 2019"; the page no longer names a grace period.
        let c = credential("cmac-amca", "2025-01-31", &[]);
        assert_eq!(c.expires(), d("2027-01-31"));
        let c = credential("ccma-nha", "2024-03-31", &[]);
        assert_eq!(c.expires(), d("2026-03-31"));
    }

    #[test]
    fn amt_credentials_end_the_day_before_the_anniversary() {
        // AMT's CCP FAQ (americanmedtech.org/MemberServices/CCP/FAQs.aspx): certified
        // 5/1/2006, attest "prior to 5/1/2009": the last day is 2009-04-30.
        let c = credential("rma-amt", "2006-05-01", &[]);
        assert_eq!(c.expires(), d("2009-04-30"));
        assert_eq!(c.ce_deadline(), d("2009-04-30"));
        let c = credential("rma-amt", "2023-08-31", &[]);
        assert_eq!(c.expires(), d("2026-08-30"));
        // Certified on 29 February: the anniversary in a common year is 1 March.
        let c = credential("cmas-amt", "2024-02-29", &[]);
        assert_eq!(c.expires(), d("2027-02-28"));
        let c = credential("rpt-amt", "2024-03-01", &[]);
        assert_eq!(c.expires(), d("2027-02-28"));
    }

    #[test]
    fn amt_rolls_a_member_who_renews_on_time_into_the_next_cycle() {
        // americanmedtech.org, "How does the CCP program work": a member who complies is
        // "automatically rolled into the next CCP cycle": reporting early does not move it.
        let c = credential("rma-amt", "2006-05-01", &["2008-11-15"]);
        assert_eq!(c.cycle_start(), d("2009-05-01"));
        assert_eq!(c.expires(), d("2012-04-30"));
        // On the last day is on time too.
        let c = credential("rma-amt", "2006-05-01", &["2009-04-30", "2012-01-10"]);
        assert_eq!(
            c.cycles(),
            vec![
                (d("2006-05-01"), d("2009-04-30")),
                (d("2009-05-01"), d("2012-04-30")),
                (d("2012-05-01"), d("2015-04-30")),
            ]
        );
        // After a lapse the next cycle starts on the renewal date.
        let c = credential("rma-amt", "2006-05-01", &["2009-09-01"]);
        assert_eq!(c.cycle_start(), d("2009-09-01"));
        assert_eq!(c.expires(), d("2012-08-31"));
        assert_eq!(c.next_start(d("2012-08-01")), d("2012-09-01"));
    }

    #[test]
    fn nha_completing_the_credits_extends_the_expiry_by_two_years() {
        // rules.md (NHA, secondary sources): completing the credits "extends the expiry date
        // by two years", so an early renewal keeps the old anniversary.
        let c = credential("ccma-nha", "2024-03-10", &["2025-12-01"]);
        assert_eq!(c.cycle_start(), d("2026-03-11"));
        assert_eq!(c.expires(), d("2028-03-11"));
    }

    #[test]
    fn conversions_are_the_credentials_own() {
        use crate::domain::ActivityDraft;
        let book = RuleBook::builtin().unwrap();
        let draft = |kind: &str, points: &str| ActivityDraft {
            title: "x".into(),
            date: "2025-01-01".into(),
            points: points.into(),
            kind: kind.into(),
            ..Default::default()
        };
        let college = draft("college", "2")
            .validate(&book.kinds, d("2026-01-01"))
            .unwrap();
        let card = draft("cpr", "")
            .validate(&book.kinds, d("2026-01-01"))
            .unwrap();
        // AAMA: 15 points a college credit, 4 clinical points a CPR card.
        let cma = credential("cma-aama", "2021-03-15", &[]).requirement;
        assert_eq!(
            cma.credit(&college, &book.kinds).unwrap().points,
            Points::whole(30)
        );
        let cpr = cma.credit(&card, &book.kinds).unwrap();
        assert_eq!(
            (cpr.points, cpr.category),
            (Points::whole(4), Some("clinical"))
        );
        assert_eq!(cma.unconverted(super::Kind::College), None);
        // NHA gives no value for either (rules.md): they count for nothing, and it says so.
        let ccma = credential("ccma-nha", "2024-03-10", &[]).requirement;
        assert_eq!(ccma.credit(&college, &book.kinds), None);
        assert_eq!(ccma.credit(&card, &book.kinds), None);
        assert_eq!(
            ccma.unconverted(super::Kind::College).unwrap(),
            "CCMA (NHA) sets no value for college credit: log the CE credits the provider \
             awarded as a course"
        );
        assert!(
            ccma.unconverted(super::Kind::Cpr)
                .unwrap()
                .contains("CPR cards")
        );
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
            college_points: "10".into(),
            cpr_points: "2.5".into(),
            cpr_max: "2".into(),
        }
        .validate()
        .unwrap();
        assert_eq!(
            spec.conversions,
            Conversions {
                college: Some(CollegeConversion {
                    points_per_credit: 10
                }),
                cpr: Some(CprConversion {
                    points_per_card: "2.5".parse().unwrap(),
                    max_per_cycle: Some(2)
                }),
            }
        );
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
            cpr_max: "3".into(),
            college_points: "0".into(),
            ..Default::default()
        }
        .validate()
        .unwrap_err();
        for field in [
            "name",
            "months",
            "points",
            "category",
            "approved-min",
            "college-points",
            "cpr-points",
        ] {
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
