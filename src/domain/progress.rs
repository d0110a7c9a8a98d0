//! The progress engine: for one credential and the logged activities, how far the person is
//! from recertifying. Pure: `today` and the rules come in, nothing is read from outside.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::activity::{Activity, Kind};
use super::credential::Credential;
use super::points::Points;
use super::rules::KindRules;

/// Where a credential stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum State {
    /// Every requirement is met (even when that happened in the grace period).
    Complete,
    /// Not yet met, and not yet expired.
    InProgress,
    /// Expired, but the CE route is still open.
    Grace,
    /// Expired and past the CE route: the exam is the way back.
    Lapsed,
}

impl State {
    pub fn label(self) -> &'static str {
        match self {
            State::Complete => "complete",
            State::InProgress => "in progress",
            State::Grace => "grace period",
            State::Lapsed => "lapsed",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct CategoryProgress {
    pub earned: Points,
    pub required: Points,
}

/// The answer for one credential. Its serialized form is the `status --json` object, key for key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Progress {
    pub id: i64,
    pub preset: String,
    pub name: String,
    pub cycle_start: NaiveDate,
    pub expires: NaiveDate,
    pub ce_deadline: NaiveDate,
    pub days_left: i64,
    pub state: State,
    /// Converted and kind-capped points inside the window.
    pub points_earned: Points,
    /// `points_earned` after the cap on non-approved points.
    pub points_counted: Points,
    pub points_required: Points,
    pub approved_points: Points,
    pub approved_required: Points,
    /// Earned before the non-approved cap.
    pub categories: BTreeMap<String, CategoryProgress>,
    pub points_still_needed: Points,
    pub complete: bool,
    /// The approving body, where the credential names one.
    #[serde(skip)]
    pub approved_by: Option<String>,
    /// Non-approved points earned but not counted because of the cap.
    #[serde(skip)]
    pub non_approved_over_cap: Points,
}

impl Progress {
    /// The categories still short, with how much each lacks.
    pub fn missing_categories(&self) -> impl Iterator<Item = (&str, Points)> {
        self.categories
            .iter()
            .map(|(name, c)| (name.as_str(), c.required.shortfall_from(c.earned)))
            .filter(|(_, short)| short.is_positive())
    }

    pub fn approved_shortfall(&self) -> Points {
        self.approved_required.shortfall_from(self.approved_points)
    }

    /// Points per month still needed to finish by the expiry date; `None` when nothing is
    /// needed or the date has passed.
    pub fn pace_per_month(&self) -> Option<f64> {
        if !self.points_still_needed.is_positive() || self.days_left <= 0 {
            return None;
        }
        // An average month is 365.25 / 12 days.
        let months = self.days_left as f64 / (365.25 / 12.0);
        Some(self.points_still_needed.as_f64() / months.max(1.0))
    }
}

/// Remembers, by address, a decision about a label it has seen. Two live strings at one
/// address and of one length are the same text, and the store shares one `Arc` per distinct
/// category or list of bodies, so after the first few activities a lookup is an integer
/// comparison; a label not seen before is judged in full. Bounded: a logbook without shared
/// labels pays one short scan per activity.
struct Memo<T> {
    seen: Vec<((usize, usize), T)>,
}

impl<T: Copy> Memo<T> {
    const CAPACITY: usize = 16;

    fn new() -> Self {
        Memo {
            seen: Vec::with_capacity(Self::CAPACITY),
        }
    }

    fn get<E>(&mut self, key: &[E], judge: impl FnOnce() -> T) -> T {
        let key = (key.as_ptr() as usize, key.len());
        if let Some((_, decided)) = self.seen.iter().find(|(k, _)| *k == key) {
            return *decided;
        }
        let decided = judge();
        if self.seen.len() < Self::CAPACITY {
            self.seen.push((key, decided));
        }
        decided
    }
}

/// One activity's contribution to a credential, after the window, conversions and kind caps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Counted<'a> {
    pub id: i64,
    pub date: NaiveDate,
    pub points: Points,
    pub category: Option<&'a str>,
    /// Approved by the body the credential names (false where it names none).
    pub approved: bool,
}

/// Calls `f` for every activity that counts toward `credential` on `today`: dated inside the
/// current cycle's window (start to CE deadline, and not after today), converted by kind, and
/// within the kind caps. The one place these rules live; [`progress`] and [`timeline`] both
/// build on it.
pub fn for_each_counted<'a>(
    credential: &'a Credential,
    activities: &'a [Activity],
    kinds: &'a KindRules,
    today: NaiveDate,
    mut f: impl FnMut(Counted<'a>),
) {
    let req = &credential.requirement;
    let start = credential.cycle_start();
    let window_end = credential.ce_deadline().min(today);
    let approving_body = req.approved.as_ref().map(|a| a.by.as_str());
    // CPR cards go through the per-cycle cap after the rest; few, so sorting them is cheap.
    let mut cards: Vec<Counted<'a>> = Vec::new();
    let mut approvals = Memo::new();
    for activity in activities {
        let a = &activity.data;
        if a.date < start || a.date > window_end {
            continue;
        }
        let Some(credit) = a.credit(kinds) else {
            continue;
        };
        let counted = Counted {
            id: activity.id,
            date: a.date,
            points: credit.points,
            category: credit.category,
            approved: approving_body.is_some_and(|body| {
                a.approval(|| approvals.get(&a.approved_by, || a.lists_body(body)))
            }),
        };
        if a.kind == Kind::Cpr && req.cpr_cap.is_some() {
            cards.push(counted);
        } else {
            f(counted);
        }
    }
    if let Some(cap) = req.cpr_cap {
        // The cards that help most count: approved ones first, then the earliest.
        cards.sort_by(|x, y| {
            y.approved
                .cmp(&x.approved)
                .then(x.date.cmp(&y.date))
                .then(x.id.cmp(&y.id))
        });
        cards.into_iter().take(cap as usize).for_each(f);
    }
}

/// Points counted after the cap on non-approved points: where a credential sets an approved
/// minimum, non-approved points count for at most `points_required - minimum`.
fn apply_non_approved_cap(credential: &Credential, earned: Points, approved: Points) -> Points {
    match &credential.requirement.approved {
        Some(rule) => {
            let cap = credential
                .requirement
                .points_required
                .shortfall_from(rule.min);
            approved + (earned - approved).min(cap)
        }
        None => earned,
    }
}

/// Computes the progress of `credential` on `today`. An activity counts for every credential
/// whose window holds it.
pub fn progress(
    credential: &Credential,
    activities: &[Activity],
    kinds: &KindRules,
    today: NaiveDate,
) -> Progress {
    let req = &credential.requirement;
    let expires = credential.expires();
    let ce_deadline = credential.ce_deadline();

    let mut earned = Points::ZERO;
    let mut approved = Points::ZERO;
    // A handful of categories: a flat list searched by length first is far cheaper per
    // activity than a map of string keys.
    let mut categories: Vec<(&str, Points)> = req
        .categories
        .keys()
        .map(|k| (k.as_str(), Points::ZERO))
        .collect();
    let mut category_of = Memo::new();
    for_each_counted(credential, activities, kinds, today, |c| {
        earned += c.points;
        if c.approved {
            approved += c.points;
        }
        if let Some(name) = c.category {
            let index = category_of.get(name.as_bytes(), || {
                categories.iter().position(|(k, _)| *k == name)
            });
            if let Some(i) = index {
                categories[i].1 += c.points;
            }
        }
    });

    let counted = apply_non_approved_cap(credential, earned, approved);
    let approved_required = req.approved.as_ref().map_or(Points::ZERO, |a| a.min);
    let categories: BTreeMap<String, CategoryProgress> = req
        .categories
        .iter()
        .map(|(name, &required)| {
            let earned = categories
                .iter()
                .find(|(k, _)| *k == name)
                .map_or(Points::ZERO, |(_, e)| *e);
            (name.clone(), CategoryProgress { earned, required })
        })
        .collect();
    let category_shortfall: Points = categories
        .values()
        .map(|c| c.required.shortfall_from(c.earned))
        .sum();
    let still_needed = req
        .points_required
        .shortfall_from(counted)
        .max(approved_required.shortfall_from(approved))
        .max(category_shortfall);
    let complete = !still_needed.is_positive();

    let state = if complete {
        State::Complete
    } else if today <= expires {
        State::InProgress
    } else if today <= ce_deadline {
        State::Grace
    } else {
        State::Lapsed
    };

    Progress {
        id: credential.id,
        preset: credential.spec.preset_id().to_owned(),
        name: credential.name().to_owned(),
        cycle_start: credential.cycle_start(),
        expires,
        ce_deadline,
        days_left: (expires - today).num_days(),
        state,
        points_earned: earned,
        points_counted: counted,
        points_required: req.points_required,
        approved_points: approved,
        approved_required,
        categories,
        points_still_needed: still_needed,
        complete,
        approved_by: req.approved.as_ref().map(|a| a.by.clone()),
        non_approved_over_cap: earned - counted,
    }
}

/// Points counted so far, day by day: one step per day with activity, in date order. Its last
/// value is [`Progress::points_counted`].
pub fn timeline(
    credential: &Credential,
    activities: &[Activity],
    kinds: &KindRules,
    today: NaiveDate,
) -> Vec<(NaiveDate, Points)> {
    let mut items = Vec::new();
    for_each_counted(credential, activities, kinds, today, |c| {
        items.push((c.date, c.points, c.approved));
    });
    items.sort_unstable_by_key(|&(date, _, _)| date);
    let (mut earned, mut approved) = (Points::ZERO, Points::ZERO);
    let mut steps: Vec<(NaiveDate, Points)> = Vec::new();
    for (date, points, is_approved) in items {
        earned += points;
        if is_approved {
            approved += points;
        }
        let counted = apply_non_approved_cap(credential, earned, approved);
        match steps.last_mut() {
            Some(last) if last.0 == date => last.1 = counted,
            _ => steps.push((date, counted)),
        }
    }
    steps
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::RuleBook;
    use crate::domain::activity::ActivityData;
    use crate::domain::credential::{CredentialRecord, CredentialSpec, CustomDraft};
    use crate::domain::dates::parse_iso;

    fn d(text: &str) -> NaiveDate {
        parse_iso(text).unwrap()
    }

    fn p(text: &str) -> Points {
        text.parse().unwrap()
    }

    fn book() -> RuleBook {
        RuleBook::builtin().unwrap()
    }

    fn credential(spec: CredentialSpec, certified: &str, renewals: &[&str]) -> Credential {
        Credential::resolve(
            CredentialRecord {
                id: 1,
                spec,
                certified: d(certified),
                renewals: renewals.iter().map(|r| d(r)).collect(),
            },
            &book(),
        )
        .unwrap()
    }

    fn cma() -> Credential {
        credential(CredentialSpec::Preset("cma-aama".into()), "2021-03-15", &[])
    }

    /// A small builder so each example reads like the rule it checks.
    struct Log(Vec<Activity>);

    impl Log {
        fn new() -> Self {
            Log(Vec::new())
        }
        fn add(
            mut self,
            date: &str,
            points: &str,
            kind: Kind,
            category: Option<&str>,
            approved: bool,
        ) -> Self {
            let id = self.0.len() as i64 + 1;
            self.0.push(Activity {
                id,
                data: ActivityData {
                    title: format!("activity {id}"),
                    date: d(date),
                    points: p(points),
                    kind,
                    category: category.map(Into::into),
                    approved_by: if approved {
                        vec!["AAMA".into()].into()
                    } else {
                        Default::default()
                    },
                    provider: None,
                    note: None,
                },
            });
            self
        }
        fn course(self, date: &str, points: &str, category: &str, approved: bool) -> Self {
            self.add(date, points, Kind::Course, Some(category), approved)
        }
        fn status(&self, c: &Credential, today: &str) -> Progress {
            progress(c, &self.0, &book().kinds, d(today))
        }
    }

    #[test]
    fn worked_example_dates() {
        let s = Log::new().status(&cma(), "2025-03-31");
        assert_eq!(s.expires, d("2026-03-31"));
        assert_eq!(s.ce_deadline, d("2026-06-30"));
        assert_eq!(s.days_left, 365);
        assert_eq!(s.cycle_start, d("2021-03-15"));
        assert_eq!(s.state, State::InProgress);
    }

    #[test]
    fn worked_example_non_approved_cap() {
        let log = Log::new()
            .course("2022-01-10", "10", "administrative", true)
            .course("2022-02-10", "10", "clinical", true)
            .course("2022-03-10", "5", "general", true)
            .course("2023-01-10", "20", "general", false)
            .course("2023-02-10", "17", "clinical", false);
        let s = log.status(&cma(), "2025-03-31");
        assert_eq!(s.points_earned, p("62"));
        assert_eq!(s.points_counted, p("55"));
        assert_eq!(s.approved_points, p("25"));
        assert_eq!(s.approved_required, p("30"));
        assert!(!s.complete);
        assert_eq!(s.points_still_needed, p("5"));
        assert_eq!(s.non_approved_over_cap, p("7"));
        assert_eq!(
            s.categories["clinical"],
            CategoryProgress {
                earned: p("27"),
                required: p("10")
            }
        );
        assert_eq!(s.missing_categories().count(), 0);
    }

    #[test]
    fn worked_example_college_credit() {
        let log = Log::new()
            .add("2022-09-01", "2", Kind::College, Some("clinical"), false)
            .course("2023-01-10", "10", "administrative", true)
            .course("2023-02-10", "10", "clinical", true)
            .course("2023-03-10", "10", "general", true);
        let s = log.status(&cma(), "2025-03-31");
        assert_eq!(
            (s.points_earned, s.points_counted, s.approved_points),
            (p("60"), p("60"), p("30"))
        );
        assert!(s.complete);
        assert_eq!(s.state, State::Complete);
        assert_eq!(s.points_still_needed, Points::ZERO);
    }

    #[test]
    fn worked_example_grace_and_lapse() {
        let log = Log::new().course("2022-01-10", "10", "administrative", true);
        let s = log.status(&cma(), "2026-05-01");
        assert_eq!(s.state, State::Grace);
        assert_eq!(s.days_left, -31);
        assert_eq!(log.status(&cma(), "2026-03-31").state, State::InProgress);
        assert_eq!(log.status(&cma(), "2026-06-30").state, State::Grace);
        assert_eq!(log.status(&cma(), "2026-07-01").state, State::Lapsed);
    }

    #[test]
    fn completing_in_the_grace_period_counts_and_stays_complete() {
        let log = Log::new()
            .course("2022-01-10", "30", "general", false)
            .course("2026-01-10", "10", "administrative", true)
            .course("2026-02-10", "10", "clinical", true)
            .course("2026-06-30", "10", "general", true);
        assert_eq!(log.status(&cma(), "2026-06-29").state, State::Grace);
        assert_eq!(log.status(&cma(), "2026-06-30").state, State::Complete);
        // Long after the deadline it is still complete; later activities do not count.
        let log = log.course("2026-07-01", "5", "general", true);
        let s = log.status(&cma(), "2027-01-01");
        assert_eq!(s.state, State::Complete);
        assert_eq!(s.points_earned, p("60"));
    }

    #[test]
    fn the_window_is_the_cycle_inclusive_and_never_the_future() {
        let log = Log::new()
            .course("2021-03-14", "1", "general", true)
            .course("2021-03-15", "2", "general", true)
            .course("2026-06-30", "4", "general", true)
            .course("2026-07-01", "8", "general", true);
        assert_eq!(log.status(&cma(), "2026-07-05").points_earned, p("6"));
        // Planning with an earlier --today: the activity after that day does not count yet.
        assert_eq!(log.status(&cma(), "2026-06-29").points_earned, p("2"));
    }

    #[test]
    fn at_most_three_cpr_cards_count_under_cma() {
        let mut log = Log::new();
        for year in 2021..=2025 {
            log = log.add(
                &format!("{year}-06-01"),
                "4",
                Kind::Cpr,
                Some("clinical"),
                year == 2025,
            );
        }
        let s = log.status(&cma(), "2026-01-01");
        assert_eq!(s.points_earned, p("12"));
        assert_eq!(s.categories["clinical"].earned, p("12"));
        // The one approved card is among those counted.
        assert_eq!(s.approved_points, p("4"));
        // The cap is a CMA rule: another credential counts every card.
        let rma = credential(CredentialSpec::Preset("rma-amt".into()), "2021-03-15", &[]);
        assert_eq!(log.status(&rma, "2024-01-01").points_earned, p("12"));
        assert_eq!(log.status(&rma, "2024-03-15").points_earned, p("12"));
    }

    #[test]
    fn exact_decimals() {
        let mut log = Log::new();
        for i in 0..100 {
            log = log.course(
                &format!("2022-01-{:02}", i % 28 + 1),
                "0.1",
                "general",
                true,
            );
        }
        let s = log.status(&cma(), "2025-01-01");
        assert_eq!(s.points_earned, Points::whole(10));
        assert_eq!(s.approved_points, Points::whole(10));
        assert_eq!(s.categories["general"].earned, Points::whole(10));
    }

    #[test]
    fn still_needed_is_the_largest_shortfall() {
        // Category shortfalls add up: 10 + 10 + 0 = 20 > total shortfall 15.
        let log = Log::new().course("2022-01-01", "45", "general", true);
        let s = log.status(&cma(), "2025-01-01");
        assert_eq!(s.points_still_needed, p("20"));
        let missing: Vec<_> = s.missing_categories().collect();
        assert_eq!(
            missing,
            [("administrative", p("10")), ("clinical", p("10"))]
        );
        // Approved shortfall wins: 60 non-approved points count as 30.
        let log = Log::new()
            .course("2022-01-01", "20", "administrative", false)
            .course("2022-01-02", "20", "clinical", false)
            .course("2022-01-03", "20", "general", false);
        let s = log.status(&cma(), "2025-01-01");
        assert_eq!(s.points_counted, p("30"));
        assert_eq!(s.points_still_needed, p("30"));
        assert_eq!(s.approved_shortfall(), p("30"));
    }

    #[test]
    fn presets_without_approval_or_categories() {
        let ccma = credential(CredentialSpec::Preset("ccma-nha".into()), "2025-01-15", &[]);
        let log = Log::new()
            .course("2025-02-01", "6", "general", false)
            .course("2025-03-01", "4.5", "clinical", false);
        let s = log.status(&ccma, "2026-01-01");
        assert_eq!(
            (s.points_earned, s.points_counted, s.approved_points),
            (p("10.5"), p("10.5"), Points::ZERO)
        );
        assert!(s.categories.is_empty());
        assert_eq!(s.approved_required, Points::ZERO);
        assert!(s.complete);
        assert_eq!(s.expires, d("2027-01-15"));
        let json = serde_json::to_value(&s).unwrap();
        assert_eq!(json["categories"], serde_json::json!({}));
        assert_eq!(json["state"], "complete");
    }

    #[test]
    fn a_renewal_starts_counting_afresh() {
        let c = credential(
            CredentialSpec::Preset("cma-aama".into()),
            "2021-03-15",
            &["2026-03-01"],
        );
        let log = Log::new()
            .course("2025-01-01", "60", "general", true)
            .course("2026-03-02", "2", "general", true);
        let s = log.status(&c, "2026-11-26");
        assert_eq!(s.cycle_start, d("2026-03-01"));
        assert_eq!(s.points_earned, p("2"));
        assert_eq!(s.expires, d("2031-03-31"));
    }

    #[test]
    fn custom_credential_with_its_own_approval_and_categories() {
        let spec = CustomDraft {
            name: "Coding cert".into(),
            months: "12".into(),
            points: "10".into(),
            categories: vec!["coding=4".into()],
            approved_by: "AAPC".into(),
            approved_min: "5".into(),
        }
        .validate()
        .unwrap();
        let c = credential(CredentialSpec::Custom(spec), "2026-01-31", &[]);
        let mut log = Log::new().course("2026-02-01", "8", "general", false);
        log.0[0].data.approved_by = Default::default();
        let log = log.course("2026-03-01", "3", "coding", false);
        let mut log = log;
        log.0[1].data.approved_by = vec!["aapc".into()].into();
        let s = log.status(&c, "2026-11-26");
        assert_eq!(s.points_earned, p("11"));
        assert_eq!(s.approved_points, p("3"));
        assert_eq!(s.points_counted, p("8"));
        assert_eq!(s.points_still_needed, p("2"));
        assert_eq!(s.expires, d("2027-01-31"));
        assert_eq!(s.preset, "custom");
        // 2 points over the 66 days to 2027-01-31 (66 / 30.4375 months).
        assert_eq!(s.days_left, 66);
        let pace = s.pace_per_month().unwrap();
        assert!((pace - 2.0 * 30.4375 / 66.0).abs() < 1e-9, "{pace}");
    }

    #[test]
    fn the_timeline_steps_up_by_day_and_ends_at_the_counted_points() {
        let log = Log::new()
            .course("2023-02-10", "17", "clinical", false)
            .course("2022-01-10", "10", "administrative", true)
            .course("2023-01-10", "20", "general", false)
            .course("2023-01-10", "5", "general", true)
            .add("2024-01-01", "4", Kind::Cpr, None, false);
        let line = timeline(&cma(), &log.0, &book().kinds, d("2025-03-31"));
        assert_eq!(
            line,
            vec![
                (d("2022-01-10"), p("10")),
                (d("2023-01-10"), p("35")),
                // 20 + 17 + 4 non-approved, of which 30 count.
                (d("2023-02-10"), p("45")),
                (d("2024-01-01"), p("45")),
            ]
        );
        let s = log.status(&cma(), "2025-03-31");
        assert_eq!(line.last().unwrap().1, s.points_counted);
        assert!(timeline(&cma(), &[], &book().kinds, d("2025-03-31")).is_empty());
    }

    #[test]
    fn shared_labels_are_judged_by_their_text_in_any_order() {
        use crate::domain::activity::{Bodies, Label};
        // As the store shares them: one list of bodies, one category label, on many rows; a
        // college row carrying the same list is still never approved.
        let bodies: Bodies = vec![Label::from("AAMA")].into();
        let clinical = Label::from("clinical");
        let mut log = Log::new()
            .add("2022-09-01", "1", Kind::College, None, false)
            .course("2023-01-10", "10", "x", false)
            .course("2023-02-10", "5", "x", false);
        for a in &mut log.0 {
            a.data.approved_by = bodies.clone();
            a.data.category = Some(clinical.clone());
        }
        let forward = log.status(&cma(), "2025-03-31");
        log.0.reverse();
        let backward = log.status(&cma(), "2025-03-31");
        assert_eq!(forward, backward);
        assert_eq!(forward.approved_points, p("15"));
        assert_eq!(forward.points_earned, p("30"));
        assert_eq!(forward.categories["clinical"].earned, p("30"));
    }

    #[test]
    fn the_json_has_exactly_the_promised_keys() {
        let s = Log::new().status(&cma(), "2025-03-31");
        let json = serde_json::to_value(&s).unwrap();
        let keys: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut expected = vec![
            "id",
            "preset",
            "name",
            "cycle_start",
            "expires",
            "ce_deadline",
            "days_left",
            "state",
            "points_earned",
            "points_counted",
            "points_required",
            "approved_points",
            "approved_required",
            "categories",
            "points_still_needed",
            "complete",
        ];
        expected.sort_unstable();
        let mut keys = keys;
        keys.sort_unstable();
        assert_eq!(keys, expected);
        assert_eq!(json["expires"], "2026-03-31");
        assert_eq!(json["state"], "in-progress");
        assert_eq!(
            json["categories"]["general"],
            serde_json::json!({"earned": 0, "required": 10})
        );
    }
}
