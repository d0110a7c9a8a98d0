//! The credential rules, as data: `assets/credentials.json`, embedded at build time.
//!
//! Certifying bodies change their rules; keeping them in one data file (with sources) means a
//! change is an edit there, checked by the tests below, not a hunt through the code.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::points::Points;

const BUILTIN: &str = include_str!("../../assets/credentials.json");

/// How the expiry date follows from the certification (or recertification) date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ExpiryRule {
    /// The last day of the month `cycle_months` after the certification month (AAMA).
    EndOfMonth,
    /// The same day of the month, `cycle_months` later; the month's last day where that day
    /// does not exist.
    SameDayOfMonth,
}

/// A minimum of points approved by a named certifying body.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Approval {
    pub by: String,
    pub min: Points,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KindCaps {
    /// At most this many CPR cards count in one cycle.
    pub cpr: Option<u32>,
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
    pub grace_months: u32,
    pub points_required: Points,
    #[serde(default)]
    pub approved: Option<Approval>,
    #[serde(default)]
    pub categories: BTreeMap<String, Points>,
    #[serde(default)]
    pub kind_caps: KindCaps,
    /// One line a person reads when choosing a preset.
    pub summary: String,
    pub sources: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CollegeRule {
    /// Whole points per semester or quarter credit.
    pub points_per_credit: u32,
    pub summary: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CprRule {
    pub points_per_card: Points,
    pub category: String,
    pub summary: String,
}

/// How the kinds of activity convert to points: the same under every credential.
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
        }
        if self.kinds.college.points_per_credit == 0
            || !self.kinds.cpr.points_per_card.is_positive()
        {
            return fail("kind conversions must be positive".to_owned());
        }
        Ok(())
    }
}

/// Category names are compared in one form: trimmed, lowercase, single spaces.
pub fn normalize_category(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_rules_parse_and_hold_the_published_numbers() {
        let book = RuleBook::builtin().expect("assets/credentials.json must be valid");
        assert_eq!(
            book.preset_ids(),
            ["cma-aama", "ccma-nha", "rma-amt", "cmac-amca", "custom"]
        );

        let cma = book.preset("cma-aama").unwrap();
        assert_eq!(cma.cycle_months, 60);
        assert_eq!(cma.expiry, ExpiryRule::EndOfMonth);
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
        assert_eq!(cma.kind_caps.cpr, Some(3));

        for (id, months, points) in [
            ("ccma-nha", 24, 10),
            ("rma-amt", 36, 30),
            ("cmac-amca", 24, 10),
        ] {
            let p = book.preset(id).unwrap();
            assert_eq!(
                (p.cycle_months, p.points_required),
                (months, Points::whole(points))
            );
            assert_eq!(p.expiry, ExpiryRule::SameDayOfMonth);
            assert_eq!(p.grace_months, 0);
            assert!(p.approved.is_none() && p.categories.is_empty());
            assert_eq!(p.kind_caps.cpr, None);
        }

        assert_eq!(book.kinds.college.points_per_credit, 15);
        assert_eq!(book.kinds.cpr.points_per_card, Points::whole(4));
        assert_eq!(book.kinds.cpr.category, "clinical");
        assert_eq!(book.custom.expiry, ExpiryRule::SameDayOfMonth);
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
    }
}
