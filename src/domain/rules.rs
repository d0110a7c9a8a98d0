//! The credential rules, as data: `assets/credentials.json`, embedded at build time.
//!
//! Certifying bodies change their rules; keeping them in one data file (with sources) means a
//! change is an edit there, checked by the tests below, not a hunt through the code.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::Deserialize;

use super::points::Points;

const BUILTIN: &str = include_str!("../../assets/credentials.json");

/// How the expiry date follows from the certification (or recertification) date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ExpiryRule {
    /// The last day of the month `cycle_months` after the certification month (AAMA).
    EndOfMonth,
    /// The same day of the month, `cycle_months` later; the month's last day where that day
    /// does not exist.
    SameDayOfMonth,
    /// The day before the anniversary `cycle_months` later (AMT: certified 5/1/2006, attest
    /// "prior to 5/1/2009").
    DayBeforeAnniversary,
}

/// Where the next cycle starts when the person renews.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RenewalRule {
    /// The new cycle is counted from the recertification date (AAMA).
    FromRecertification,
    /// Renewed by the end of the CE route, the next cycle starts the day after the old
    /// expiry, whenever the renewal was reported (AMT: "rolled into the next CCP cycle");
    /// renewed after a lapse, it starts on the renewal date.
    RollsOver,
}

/// A minimum of points approved by a named certifying body.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Approval {
    pub by: String,
    pub min: Points,
}

/// What a college credit is worth to one credential.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct CollegeConversion {
    /// Whole points per semester or quarter credit; never approved by a body.
    pub points_per_credit: u32,
}

/// What a CPR card is worth to one credential.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct CprConversion {
    pub points_per_card: Points,
    /// At most this many cards count in one cycle.
    #[serde(default)]
    pub max_per_cycle: Option<u32>,
}

/// The conversions a credential's body publishes. A kind left out is not counted: no source
/// gives NHA, AMT or AMCA values for college credit or CPR cards.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Conversions {
    #[serde(default)]
    pub college: Option<CollegeConversion>,
    #[serde(default)]
    pub cpr: Option<CprConversion>,
}

/// A deadline of the body's besides the expiry, e.g. the last day to pass the exam without a
/// lapse.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExtraDeadline {
    /// Stable, for the calendar event's UID.
    pub id: String,
    pub months_before_expiry: u32,
    /// Follows the credential's name: "CMA (AAMA): last day to ...".
    pub title: String,
    pub description: String,
}

/// A credential the program knows: one entry of the rules file.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Preset {
    pub id: String,
    pub name: String,
    pub body: String,
    pub cycle_months: u32,
    pub expiry: ExpiryRule,
    pub renewal: RenewalRule,
    pub grace_months: u32,
    pub points_required: Points,
    #[serde(default)]
    pub approved: Option<Approval>,
    #[serde(default)]
    pub categories: BTreeMap<String, Points>,
    #[serde(default)]
    pub conversions: Conversions,
    #[serde(default)]
    pub deadlines: Vec<ExtraDeadline>,
    /// One line a person reads when choosing a preset.
    pub summary: String,
    /// Whether the rule was checked against the body's own page (false: secondary sources).
    pub verified: bool,
    pub sources: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CollegeRule {
    pub summary: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CprRule {
    /// The category a card always counts in, under every credential that counts cards.
    pub category: String,
    pub summary: String,
}

/// How the kinds of activity are entered: the same under every credential. What each is
/// worth is the credential's [`Conversions`].
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KindRules {
    pub college: CollegeRule,
    pub cpr: CprRule,
}

/// The rules for credentials the user defines.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomDefaults {
    pub expiry: ExpiryRule,
    pub renewal: RenewalRule,
    pub grace_months: u32,
}

/// Everything the rules file says.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleBook {
    pub kinds: KindRules,
    pub custom: CustomDefaults,
    pub presets: Vec<Preset>,
}

/// The rules file is unusable: a defect of the build, reported rather than panicked on.
#[derive(Debug, thiserror::Error)]
pub enum RulesError {
    #[error("the built-in credential rules cannot be read: {0}")]
    Parse(#[from] serde_json::Error),
    #[error("the built-in credential rules are inconsistent: {0}")]
    Inconsistent(String),
}

/// The preset id of credentials the user defines.
pub const CUSTOM: &str = "custom";

impl RuleBook {
    /// The rules shipped with this program.
    pub fn builtin() -> Result<RuleBook, RulesError> {
        Self::from_json(BUILTIN)
    }

    pub fn from_json(text: &str) -> Result<RuleBook, RulesError> {
        let book: RuleBook = serde_json::from_str(text)?;
        book.check()?;
        Ok(book)
    }

    pub fn preset(&self, id: &str) -> Option<&Preset> {
        self.presets.iter().find(|p| p.id == id)
    }

    /// The ids a user may pass to `credential add`, custom last.
    pub fn preset_ids(&self) -> Vec<&str> {
        self.presets
            .iter()
            .map(|p| p.id.as_str())
            .chain([CUSTOM])
            .collect()
    }

    fn check(&self) -> Result<(), RulesError> {
        let fail = |msg: String| Err(RulesError::Inconsistent(msg));
        let mut seen = std::collections::BTreeSet::new();
        for p in &self.presets {
            if p.id == CUSTOM || !seen.insert(p.id.as_str()) {
                return fail(format!("preset id '{}' is reserved or repeated", p.id));
            }
            if p.cycle_months == 0 || !p.points_required.is_positive() {
                return fail(format!("{}: cycle and points must be positive", p.id));
            }
            if let Some(a) = &p.approved
                && (a.min > p.points_required || !a.min.is_positive())
            {
                return fail(format!("{}: approved minimum out of range", p.id));
            }
            let category_sum: Points = p.categories.values().copied().sum();
            if category_sum > p.points_required {
                return fail(format!("{}: category minimums exceed the total", p.id));
            }
            if p.categories.keys().any(|c| *c != normalize_category(c)) {
                return fail(format!("{}: category names must be lowercase", p.id));
            }
            if let Err(m) = p.conversions.check() {
                return fail(format!("{}: {m}", p.id));
            }
            if p.deadlines
                .iter()
                .any(|d| d.months_before_expiry >= p.cycle_months)
            {
                return fail(format!(
                    "{}: a deadline falls before the cycle starts",
                    p.id
                ));
            }
        }
        Ok(())
    }
}

impl Conversions {
    /// Positive values only: a conversion worth nothing is one left out.
    pub fn check(&self) -> Result<(), String> {
        if self.college.is_some_and(|c| c.points_per_credit == 0) {
            return Err("a college credit must be worth more than 0 points".to_owned());
        }
        if let Some(cpr) = self.cpr {
            if !cpr.points_per_card.is_positive() {
                return Err("a CPR card must be worth more than 0 points".to_owned());
            }
            if cpr.max_per_cycle == Some(0) {
                return Err("at most 0 CPR cards: leave the conversion out instead".to_owned());
            }
        }
        Ok(())
    }
}

/// Category names are compared in one form: trimmed, lowercase, single spaces. A name in
/// that form already (as nearly all are) is given back as it is, not copied: an import checks
/// one per row.
pub fn normalize_category(name: &str) -> Cow<'_, str> {
    let bytes = name.as_bytes();
    let plain = |b: &u8| b.is_ascii() && !b.is_ascii_uppercase() && !char::from(*b).is_whitespace();
    let in_form = bytes.first().is_none_or(plain)
        && bytes.last().is_none_or(plain)
        && bytes
            .windows(2)
            .all(|w| plain(&w[1]) || (w[1] == b' ' && plain(&w[0])));
    if in_form {
        return Cow::Borrowed(name);
    }
    Cow::Owned(
        name.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_rules_parse_and_hold_the_published_numbers() {
        let book = RuleBook::builtin().expect("assets/credentials.json must be valid");
        assert_eq!(
            book.preset_ids(),
            [
                "cma-aama",
                "ccma-nha",
                "rma-amt",
                "cmac-amca",
                "cmas-amt",
                "rpt-amt",
                "cpt-nha",
                "cet-nha",
                "custom"
            ]
        );

        // aama-ntl.org/cma-aama-exam/recertification-policies: 60 months from the end of the
        // month, 60 points (30 AAMA-approved, 10 in each category), 3 months of CE route.
        let cma = book.preset("cma-aama").unwrap();
        assert_eq!(cma.cycle_months, 60);
        assert_eq!(cma.expiry, ExpiryRule::EndOfMonth);
        assert_eq!(cma.renewal, RenewalRule::FromRecertification);
        assert_eq!(cma.grace_months, 3);
        assert_eq!(cma.points_required, Points::whole(60));
        assert_eq!(
            cma.approved,
            Some(Approval {
                by: "AAMA".into(),
                min: Points::whole(30)
            })
        );
        for category in ["administrative", "clinical", "general"] {
            assert_eq!(cma.categories[category], Points::whole(10));
        }
        // AAMA's blog "Twice as nice" (college: 15 points a credit) and its FAQ (a CPR card
        // issued in the period is 4 clinical points, at most 3 cards).
        assert_eq!(
            cma.conversions,
            Conversions {
                college: Some(CollegeConversion {
                    points_per_credit: 15
                }),
                cpr: Some(CprConversion {
                    points_per_card: Points::whole(4),
                    max_per_cycle: Some(3)
                }),
            }
        );
        assert_eq!(cma.deadlines[0].months_before_expiry, 2);
        assert!(cma.verified);

        // rules.md: NHA 10 credits / 2 years (secondary sources for CPT and CET), AMT 30
        // points / 3 years for RMA and CMAS and 24 for RPT (AMT's CCP document), AMCA 10
        // credits / 2 years from the exam date (amcaexams.com/stay-certified/).
        for (id, months, points, expiry, renewal, verified) in [
            (
                "ccma-nha",
                24,
                10,
                ExpiryRule::SameDayOfMonth,
                RenewalRule::RollsOver,
                false,
            ),
            (
                "cpt-nha",
                24,
                10,
                ExpiryRule::SameDayOfMonth,
                RenewalRule::RollsOver,
                false,
            ),
            (
                "cet-nha",
                24,
                10,
                ExpiryRule::SameDayOfMonth,
                RenewalRule::RollsOver,
                false,
            ),
            (
                "rma-amt",
                36,
                30,
                ExpiryRule::DayBeforeAnniversary,
                RenewalRule::RollsOver,
                true,
            ),
            (
                "cmas-amt",
                36,
                30,
                ExpiryRule::DayBeforeAnniversary,
                RenewalRule::RollsOver,
                true,
            ),
            (
                "rpt-amt",
                36,
                24,
                ExpiryRule::DayBeforeAnniversary,
                RenewalRule::RollsOver,
                true,
            ),
            (
                "cmac-amca",
                24,
                10,
                ExpiryRule::SameDayOfMonth,
                RenewalRule::FromRecertification,
                true,
            ),
        ] {
            let p = book.preset(id).unwrap();
            assert_eq!(
                (
                    p.cycle_months,
                    p.points_required,
                    p.expiry,
                    p.renewal,
                    p.verified
                ),
                (months, Points::whole(points), expiry, renewal, verified),
                "{id}"
            );
            assert_eq!(p.grace_months, 0);
            assert!(p.approved.is_none() && p.categories.is_empty());
            // No source gives NHA, AMT or AMCA values for college credit or CPR cards.
            assert_eq!(p.conversions, Conversions::default(), "{id}");
            assert!(!p.sources.is_empty());
        }

        assert_eq!(book.kinds.cpr.category, "clinical");
        assert_eq!(book.custom.expiry, ExpiryRule::SameDayOfMonth);
        assert_eq!(book.custom.renewal, RenewalRule::FromRecertification);
        assert_eq!(book.custom.grace_months, 0);
    }

    #[test]
    fn inconsistent_rules_are_refused() {
        let good = BUILTIN;
        let repeated = good.replace("\"ccma-nha\"", "\"cma-aama\"");
        assert!(matches!(
            RuleBook::from_json(&repeated),
            Err(RulesError::Inconsistent(_))
        ));
        let too_many_approved = good.replace("\"min\": 30", "\"min\": 90");
        assert!(matches!(
            RuleBook::from_json(&too_many_approved),
            Err(RulesError::Inconsistent(_))
        ));
        let unknown_field = good.replace("\"grace_months\": 3", "\"grace\": 3");
        assert!(matches!(
            RuleBook::from_json(&unknown_field),
            Err(RulesError::Parse(_))
        ));
        let worthless_card = good.replace("\"points_per_card\": 4", "\"points_per_card\": 0");
        assert!(matches!(
            RuleBook::from_json(&worthless_card),
            Err(RulesError::Inconsistent(_))
        ));
        let unknown_renewal = good.replace("\"rolls-over\"", "\"someday\"");
        assert!(matches!(
            RuleBook::from_json(&unknown_renewal),
            Err(RulesError::Parse(_))
        ));
    }

    proptest::proptest! {
        /// A name is made trimmed, lowercase and single-spaced, as splitting, joining and
        /// lowercasing it does.
        #[test]
        fn a_category_name_is_normalized_as_split_joined_and_lowercased(
            name in "[ a-zA-Z\t\u{b}\u{a0}Éé.-]{0,12}",
        ) {
            let expected = name.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
            let got = normalize_category(&name);
            proptest::prop_assert_eq!(&*got, expected.as_str());
            // Not copied when in form (non-ASCII names are always made anew: they are rare).
            let kept = matches!(got, Cow::Borrowed(_));
            proptest::prop_assert!(!kept || name == expected);
            proptest::prop_assert!(kept || !name.is_ascii() || name != expected);
        }
    }
}
