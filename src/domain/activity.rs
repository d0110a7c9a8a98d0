//! A continuing-education activity: what the user logs, and how it is checked.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::dates::{EARLIEST, add_months, check_past, parse_iso};
use super::error::{FieldError, InvalidInput};
use super::points::Points;
use super::rules::{KindRules, normalize_category};

/// Longest title, in characters.
pub const MAX_TITLE: usize = 300;
/// Longest note, in characters.
pub const MAX_NOTE: usize = 5_000;
/// Longest provider name, in characters.
pub const MAX_PROVIDER: usize = 300;
/// Longest category or approving body name, in characters.
pub const MAX_SHORT: usize = 60;
/// Most points one course may give.
pub const MAX_POINTS: Points = Points::whole(100);
/// Most college credits one activity may hold: more is a typing mistake.
pub const MAX_COLLEGE_CREDITS: Points = Points::whole(20);
/// How far ahead a planned activity may be dated.
pub const PLAN_MONTHS: u32 = 60;

pub use super::label::{Bodies, Label, Labels};
pub use super::title::{Title, TitleBuffer};

/// What sort of credit an activity carries; each converts to points its own way.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A course, webinar, conference session...: the points are what the provider awarded.
    #[default]
    Course,
    /// A college course: the points entered are semester or quarter credits.
    College,
    /// A CPR card: a fixed number of clinical points.
    Cpr,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::Course, Kind::College, Kind::Cpr];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Course => "course",
            Kind::College => "college",
            Kind::Cpr => "cpr",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl FromStr for Kind {
    type Err = String;
    fn from_str(text: &str) -> Result<Kind, String> {
        let t = text.trim();
        Kind::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(t))
            .ok_or_else(|| {
                format!(
                    "'{}' is not a kind; use course, college or cpr",
                    text.trim()
                )
            })
    }
}

/// A checked activity, as stored. `points` is what the user entered (college credits for
/// `college`, 1 for a CPR card); each credential's rules convert it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ActivityData {
    pub title: Title,
    pub date: NaiveDate,
    pub points: Points,
    pub kind: Kind,
    pub category: Option<Label>,
    pub approved_by: Bodies,
    /// Shared like the category: a logbook names a few providers many times.
    pub provider: Option<Label>,
    pub note: Option<Box<str>>,
    /// Not done yet: never counts; may be dated up to five years ahead.
    pub planned: bool,
}

/// An activity in the logbook.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Activity {
    pub id: i64,
    #[serde(flatten)]
    pub data: ActivityData,
}

/// What one activity is worth to a credential.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Credit<'a> {
    pub points: Points,
    pub category: Option<&'a str>,
}

impl ActivityData {
    /// Whether it is planned and its date has passed: shown as overdue, never counted.
    pub fn overdue(&self, today: NaiveDate) -> bool {
        self.planned && self.date < today
    }

    /// Whether `body` approved this activity. College credit never is.
    pub fn approved_by(&self, body: &str) -> bool {
        self.approval(|| self.lists_body(body))
    }

    /// The approval rule, with `lists` answering whether the activity's bodies name the one
    /// in question (the engine remembers that answer per shared list of bodies).
    pub fn approval(&self, lists: impl FnOnce() -> bool) -> bool {
        self.kind != Kind::College && lists()
    }

    /// Whether the bodies entered for this activity include `body` (in any letter case).
    pub fn lists_body(&self, body: &str) -> bool {
        self.approved_by
            .iter()
            .any(|b| b.eq_ignore_ascii_case(body))
    }
}

/// What the user typed, field by field, before it is checked. The form and the command line
/// both fill one of these, so both apply exactly the same rules.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ActivityDraft {
    pub title: String,
    pub date: String,
    pub points: String,
    pub kind: String,
    pub category: String,
    pub approved_by: Vec<String>,
    pub provider: String,
    pub note: String,
    pub planned: bool,
}

impl From<&ActivityData> for ActivityDraft {
    fn from(a: &ActivityData) -> Self {
        ActivityDraft {
            title: a.title.to_string(),
            date: a.date.to_string(),
            points: a.points.to_string(),
            kind: a.kind.to_string(),
            category: a.category.as_deref().unwrap_or_default().to_owned(),
            approved_by: a.approved_by.iter().map(|b| b.to_string()).collect(),
            provider: a.provider.as_deref().unwrap_or_default().to_owned(),
            note: a.note.as_deref().unwrap_or_default().to_owned(),
            planned: a.planned,
        }
    }
}

impl ActivityDraft {
    /// Checks every field against the rules and `today`, and names every mistake.
    pub fn validate(
        &self,
        kinds: &KindRules,
        today: NaiveDate,
    ) -> Result<ActivityData, InvalidInput> {
        self.checked(kinds, today, &mut Labels::default(), |t: &str| {
            Title::from(t)
        })
    }

    /// [`Self::validate`], its labels shared through `labels` and its title added to `titles`:
    /// an import checks thousands of rows naming the same few categories, bodies and
    /// providers. The title reads as empty until `titles` is shared ([`TitleBuffer::share`]).
    pub fn validate_sharing(
        &self,
        kinds: &KindRules,
        today: NaiveDate,
        (labels, titles): (&mut Labels, &mut TitleBuffer),
    ) -> Result<ActivityData, InvalidInput> {
        self.checked(kinds, today, labels, |t| titles.add(t))
    }

    fn checked(
        &self,
        kinds: &KindRules,
        today: NaiveDate,
        labels: &mut Labels,
        title_of: impl FnOnce(&str) -> Title,
    ) -> Result<ActivityData, InvalidInput> {
        let mut errors = Vec::new();
        let mut fail =
            |field: &'static str, message: String| errors.push(FieldError::new(field, message));

        let title = self.check_title(&mut fail);
        let date = match parse_iso(&self.date).and_then(|d| self.check_date(d, today)) {
            Ok(d) => Some(d),
            Err(m) => {
                fail("date", m);
                None
            }
        };

        let kind = self.check_kind(&mut fail);
        let category = self.check_category(kind, kinds, &mut fail);
        let category = category.map(|c| labels.label(&c));
        let points = self.check_points(kind, &mut fail);
        let approved_by = self.check_approved_by(kind, &mut fail);
        let (provider, note) = self.check_provider_and_note(&mut fail);

        match (errors.is_empty(), date, points) {
            (true, Some(date), Some(points)) => Ok(ActivityData {
                title: title_of(title),
                date,
                points,
                kind,
                category,
                approved_by: match approved_by[..] {
                    [one] => labels.bodies(one),
                    _ => labels.bodies(&approved_by.join(";")),
                },
                provider: provider.map(|p| labels.label(p)),
                note: note.map(Box::from),
                planned: self.planned,
            }),
            _ => Err(InvalidInput(errors)),
        }
    }

    /// A done activity is not in the future; a planned one is at most five years ahead.
    fn check_date(&self, date: NaiveDate, today: NaiveDate) -> Result<NaiveDate, String> {
        if !self.planned {
            return check_past(date, today);
        }
        let last = add_months(today, PLAN_MONTHS);
        if date > last {
            return Err(format!(
                "{date} is more than five years ahead (plan up to {last})"
            ));
        }
        if date < EARLIEST {
            return Err(format!("{date} is before {EARLIEST}; check the year"));
        }
        Ok(date)
    }

    fn check_title(&self, fail: &mut impl FnMut(&'static str, String)) -> &str {
        let title = self.title.trim();
        if title.is_empty() {
            fail("title", "is empty; say what the activity was".into());
        } else if longer_than(title, MAX_TITLE) {
            fail(
                "title",
                format!(
                    "is {} characters long; at most {MAX_TITLE}",
                    title.chars().count()
                ),
            );
        } else if title.chars().any(char::is_control) {
            fail("title", "must be a single line of text".into());
        }
        title
    }

    fn check_kind(&self, fail: &mut impl FnMut(&'static str, String)) -> Kind {
        if self.kind.trim().is_empty() {
            return Kind::Course;
        }
        match self.kind.parse::<Kind>() {
            Ok(k) => k,
            Err(m) => {
                fail("kind", m);
                Kind::Course
            }
        }
    }

    fn check_category<'a>(
        &'a self,
        kind: Kind,
        kinds: &'a KindRules,
        fail: &mut impl FnMut(&'static str, String),
    ) -> Option<Cow<'a, str>> {
        let category = normalize_category(&self.category);
        if kind == Kind::Cpr {
            if !category.is_empty() && category != kinds.cpr.category {
                fail(
                    "category",
                    format!(
                        "a CPR card always counts as {}; leave the category out",
                        kinds.cpr.category
                    ),
                );
            }
            Some(Cow::Borrowed(&kinds.cpr.category))
        } else if category.is_empty() {
            None
        } else if longer_than(&category, MAX_SHORT) {
            fail("category", format!("is longer than {MAX_SHORT} characters"));
            None
        } else {
            Some(category)
        }
    }

    fn check_approved_by(
        &self,
        kind: Kind,
        fail: &mut impl FnMut(&'static str, String),
    ) -> Vec<&str> {
        let mut approved_by: Vec<&str> = Vec::new();
        for body in self
            .approved_by
            .iter()
            .map(|b| b.trim())
            .filter(|b| !b.is_empty())
        {
            if body.contains(';') {
                fail(
                    "approved-by",
                    format!("'{body}' contains ';'; give each body separately"),
                );
            } else if longer_than(body, MAX_SHORT) {
                fail(
                    "approved-by",
                    format!("is longer than {MAX_SHORT} characters"),
                );
            } else if !approved_by.iter().any(|b| b.eq_ignore_ascii_case(body)) {
                approved_by.push(body);
            }
        }
        if kind == Kind::College && !approved_by.is_empty() {
            fail(
            "approved-by",
            "college credit is never approved by a certifying body (it counts as non-approved); leave it empty".into(),
        );
        }
        approved_by
    }

    fn check_provider_and_note(
        &self,
        fail: &mut impl FnMut(&'static str, String),
    ) -> (Option<&str>, Option<&str>) {
        let provider = optional_text(&self.provider);
        if let Some(p) = &provider {
            if longer_than(p, MAX_PROVIDER) {
                fail(
                    "provider",
                    format!("is longer than {MAX_PROVIDER} characters"),
                );
            } else if p.chars().any(char::is_control) {
                fail("provider", "must be a single line of text".into());
            }
        }
        let note = optional_text(&self.note);
        if let Some(n) = &note
            && longer_than(n, MAX_NOTE)
        {
            fail(
                "note",
                format!(
                    "is {} characters long; at most {MAX_NOTE}",
                    n.chars().count()
                ),
            );
        }
        (provider, note)
    }

    fn check_points(
        &self,
        kind: Kind,
        fail: &mut impl FnMut(&'static str, String),
    ) -> Option<Points> {
        let text = self.points.trim();
        if kind == Kind::Cpr {
            // One card; what it is worth is each credential's rule.
            return match text.parse::<Points>() {
                _ if text.is_empty() => Some(CARD),
                Ok(p) if p == CARD => Some(CARD),
                _ => {
                    fail(
                        "points",
                        "a CPR card is one card, whatever each credential counts it for; \
                         leave the points out"
                            .into(),
                    );
                    None
                }
            };
        }
        let points = match text.parse::<Points>() {
            Ok(p) => p,
            Err(e) => {
                fail("points", e.to_string());
                return None;
            }
        };
        if !points.is_positive() {
            fail("points", format!("must be more than 0 (got {points})"));
            return None;
        }
        match kind {
            Kind::College if points > MAX_COLLEGE_CREDITS => {
                fail(
                    "points",
                    format!(
                        "{points} college credits in one course; at most {MAX_COLLEGE_CREDITS} \
                         (enter the semester or quarter credits, not points)"
                    ),
                );
                None
            }
            Kind::Course if points > MAX_POINTS => {
                fail(
                    "points",
                    format!("{points} is more than the {MAX_POINTS} points one activity may give"),
                );
                None
            }
            _ => Some(points),
        }
    }
}

/// What a CPR card is recorded as: one card.
pub const CARD: Points = Points::whole(1);

/// More than `max` characters. A text of no more bytes cannot be, and is not counted: an
/// import checks several texts a row.
fn longer_than(text: &str, max: usize) -> bool {
    text.len() > max && text.chars().count() > max
}

fn optional_text(text: &str) -> Option<&str> {
    let t = text.trim();
    (!t.is_empty()).then_some(t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::RuleBook;

    fn kinds() -> KindRules {
        RuleBook::builtin().unwrap().kinds
    }

    fn today() -> NaiveDate {
        parse_iso("2026-11-26").unwrap()
    }

    #[test]
    fn an_activity_in_memory_stays_small() {
        // The window holds every activity: at 100,000 each byte here is 100 kB. It was 120
        // bytes with fat `Arc<str>` labels and `String` texts.
        assert!(size_of::<Activity>() <= 80, "{}", size_of::<Activity>());
        assert_eq!(size_of::<Label>(), 8);
        assert_eq!(size_of::<Option<Label>>(), 8);
        assert_eq!(size_of::<Bodies>(), 8);
    }

    fn draft(title: &str, date: &str, points: &str) -> ActivityDraft {
        ActivityDraft {
            title: title.into(),
            date: date.into(),
            points: points.into(),
            ..Default::default()
        }
    }

    fn error_of(d: &ActivityDraft, field: &str) -> String {
        let err = d.validate(&kinds(), today()).unwrap_err();
        err.for_field(field)
            .unwrap_or_else(|| panic!("no {field} error in {err}"))
            .to_owned()
    }

    #[test]
    fn a_plain_course_is_accepted_and_tidied() {
        let mut d = draft("  Phlebotomy update ", "2026-05-02", "1.5");
        d.category = " Clinical ".into();
        d.approved_by = vec!["AAMA".into(), "aama".into(), " ".into()];
        d.provider = "  ".into();
        let a = d.validate(&kinds(), today()).unwrap();
        assert_eq!(&*a.title, "Phlebotomy update");
        assert_eq!(a.points, "1.5".parse().unwrap());
        assert_eq!(a.kind, Kind::Course);
        assert_eq!(a.category.as_deref(), Some("clinical"));
        assert_eq!(*a.approved_by, [Label::from("AAMA")]);
        assert_eq!(a.provider, None);
        assert!(a.approved_by("aama"));
    }

    #[test]
    fn every_bad_field_is_named() {
        assert!(error_of(&draft("", "2026-01-01", "1"), "title").contains("empty"));
        assert!(error_of(&draft(&"x".repeat(301), "2026-01-01", "1"), "title").contains("300"));
        assert!(
            draft(&"x".repeat(300), "2026-01-01", "1")
                .validate(&kinds(), today())
                .is_ok()
        );
        assert!(error_of(&draft("a", "2026-02-30", "1"), "date").contains("real calendar day"));
        assert!(error_of(&draft("a", "2026-11-27", "1"), "date").contains("future"));
        assert!(error_of(&draft("a", "1949-12-31", "1"), "date").contains("1950"));
        assert!(error_of(&draft("a", "2026-01-01", "0"), "points").contains("more than 0"));
        assert!(error_of(&draft("a", "2026-01-01", "-2"), "points").contains("more than 0"));
        assert!(error_of(&draft("a", "2026-01-01", "1.125"), "points").contains("two decimal"));
        assert!(error_of(&draft("a", "2026-01-01", "100.01"), "points").contains("100"));
        assert!(
            draft("a", "2026-01-01", "100")
                .validate(&kinds(), today())
                .is_ok()
        );
        let mut d = draft("a", "2026-01-01", "1");
        d.kind = "webinar".into();
        assert!(error_of(&d, "kind").contains("course, college or cpr"));
        let mut d = draft("a", "2026-01-01", "1");
        d.note = "n".repeat(5_001);
        assert!(error_of(&d, "note").contains("5000"));
    }

    #[test]
    fn all_errors_come_at_once() {
        let err = draft("", "someday", "lots")
            .validate(&kinds(), today())
            .unwrap_err();
        let fields: Vec<_> = err.0.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["title", "date", "points"]);
    }

    #[test]
    fn college_credits_are_kept_as_credits_and_limited() {
        let mut d = draft("Anatomy I", "2025-09-01", "2");
        d.kind = "college".into();
        let a = d.validate(&kinds(), today()).unwrap();
        // What a credit is worth is each credential's rule (see credential.rs).
        assert_eq!(a.points, Points::whole(2));
        assert!(!a.approved_by("AAMA"));
        d.points = "20".into();
        assert!(d.validate(&kinds(), today()).is_ok());
        d.points = "21".into();
        assert!(error_of(&d, "points").contains("at most 20"));
        d.points = "2".into();
        d.approved_by = vec!["AAMA".into()];
        assert!(error_of(&d, "approved-by").contains("never approved"));
    }

    #[test]
    fn a_cpr_card_is_one_clinical_card() {
        let mut d = draft("BLS renewal", "2025-09-01", "");
        d.kind = "CPR".into();
        let a = d.validate(&kinds(), today()).unwrap();
        assert_eq!(a.points, CARD);
        assert_eq!(a.category.as_deref(), Some("clinical"));
        d.points = "1".into();
        assert!(d.validate(&kinds(), today()).is_ok());
        d.points = "4".into();
        assert!(error_of(&d, "points").contains("one card"));
        d.points = String::new();
        d.category = "general".into();
        assert!(error_of(&d, "category").contains("clinical"));
    }

    #[test]
    fn a_planned_activity_may_be_dated_up_to_five_years_ahead() {
        let mut d = draft("Phlebotomy refresher", "2031-11-26", "2");
        assert!(error_of(&d, "date").contains("future"));
        d.planned = true;
        let a = d.validate(&kinds(), today()).unwrap();
        assert!(a.planned);
        assert!(!a.overdue(today()));
        d.date = "2031-11-27".into();
        assert!(error_of(&d, "date").contains("five years"));
        // A plan whose day has passed is overdue, and still a plan.
        d.date = "2026-11-01".into();
        let a = d.validate(&kinds(), today()).unwrap();
        assert!(a.planned && a.overdue(today()));
    }

    #[test]
    fn a_draft_of_stored_data_validates_to_the_same_data() {
        let mut d = draft("Coding for MAs", "2025-03-18", "0.25");
        d.category = "administrative".into();
        d.note = "two\nlines".into();
        let a = d.validate(&kinds(), today()).unwrap();
        assert_eq!(
            ActivityDraft::from(&a).validate(&kinds(), today()).unwrap(),
            a
        );
    }
}
