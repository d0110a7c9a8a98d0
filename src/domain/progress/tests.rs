//! Unit tests of `domain::progress`.

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
                title: format!("activity {id}").into(),
                date: d(date),
                points: if points.is_empty() {
                    Points::whole(1)
                } else {
                    p(points)
                },
                kind,
                category: category.map(Into::into),
                approved_by: if approved {
                    vec!["AAMA".into()].into()
                } else {
                    Default::default()
                },
                provider: None,
                note: None,
                planned: false,
            },
        });
        self
    }
    fn course(self, date: &str, points: &str, category: &str, approved: bool) -> Self {
        self.add(date, points, Kind::Course, Some(category), approved)
    }
    fn planned(mut self, date: &str, points: &str, category: &str, approved: bool) -> Self {
        self = self.course(date, points, category, approved);
        if let Some(last) = self.0.last_mut() {
            last.data.planned = true;
        }
        self
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
    // The conversion is a CMA (AAMA) rule: AMT gives no value for a card (rules.md), so
    // RMA (AMT) counts none of them, and says why.
    let rma = credential(CredentialSpec::Preset("rma-amt".into()), "2021-03-15", &[]);
    let s = log.status(&rma, "2024-01-01");
    assert_eq!(s.points_earned, Points::ZERO);
    assert_eq!(s.not_counted.len(), 1);
    assert_eq!(
        (s.not_counted[0].kind, s.not_counted[0].activities),
        (Kind::Cpr, 3)
    );
    assert!(
        s.not_counted[0]
            .reason
            .starts_with("RMA (AMT) sets no value for CPR cards")
    );
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
        ..Default::default()
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
fn a_plan_never_counts_but_says_when_it_would_complete() {
    let log = Log::new()
        .course("2022-01-10", "10", "administrative", true)
        .course("2022-02-10", "10", "clinical", true)
        .course("2022-03-10", "25", "general", true)
        // Overdue: planned for a day that has passed; still not counted.
        .planned("2025-01-15", "5", "general", false)
        .planned("2025-09-01", "6", "general", false)
        .planned("2025-06-01", "4", "general", true);
    let s = log.status(&cma(), "2025-03-31");
    assert_eq!(s.points_counted, p("45"));
    assert_eq!(s.points_still_needed, p("15"));
    assert_eq!(s.points_planned, p("15"));
    assert_eq!(s.plan_still_needed, Points::ZERO);
    // 45 + 5 (Jan) + 4 (Jun) = 54, then 60 with September's.
    assert_eq!(s.projected_complete, Some(d("2025-09-01")));
    assert_eq!(s.state, State::InProgress);
}

#[test]
fn a_plan_counts_after_every_cap_and_only_inside_the_window() {
    // 30 approved points done; 40 non-approved planned: only 30 of them would count, and
    // the one after the CE deadline not at all.
    let log = Log::new()
        .course("2022-01-10", "10", "administrative", true)
        .course("2022-02-10", "10", "clinical", true)
        .course("2022-03-10", "10", "general", true)
        .planned("2025-06-01", "20", "general", false)
        .planned("2025-07-01", "20", "general", false)
        .planned("2026-07-01", "30", "general", true);
    let s = log.status(&cma(), "2025-03-31");
    assert_eq!(s.points_planned, p("30"));
    assert_eq!(s.plan_still_needed, Points::ZERO);
    assert_eq!(s.projected_complete, Some(d("2025-07-01")));
    // Not enough planned: no date, and what the plan leaves.
    let log = Log::new()
        .course("2022-01-10", "10", "administrative", true)
        .planned("2025-06-01", "20", "general", true);
    let s = log.status(&cma(), "2025-03-31");
    assert_eq!(s.plan_still_needed, p("30"));
    assert_eq!(s.projected_complete, None);
    // Done already: the day it was met.
    let log = Log::new()
        .course("2022-01-10", "20", "administrative", true)
        .course("2023-01-10", "20", "clinical", true);
    let s = log
        .course("2024-05-05", "20", "general", true)
        .status(&cma(), "2025-03-31");
    assert!(s.complete);
    assert_eq!(s.projected_complete, Some(d("2024-05-05")));
    assert_eq!(s.points_planned, Points::ZERO);
}

#[test]
fn college_credit_and_cards_no_longer_complete_a_credential_without_a_value_for_them() {
    // rules.md: no published NHA value for college credit or CPR cards.
    let ccma = credential(CredentialSpec::Preset("ccma-nha".into()), "2025-01-15", &[]);
    let log = Log::new()
        .add("2025-02-01", "1", Kind::College, Some("general"), false)
        .add("2025-03-01", "", Kind::Cpr, Some("clinical"), false)
        .course("2025-04-01", "3", "general", false);
    let s = log.status(&ccma, "2026-01-01");
    assert_eq!(s.points_counted, p("3"));
    assert!(!s.complete);
    let kinds: Vec<Kind> = s.not_counted.iter().map(|n| n.kind).collect();
    assert_eq!(kinds, [Kind::College, Kind::Cpr]);
    // The same college class is 15 points toward CMA (AAMA).
    let s = log.status(&cma(), "2026-01-01");
    assert!(s.not_counted.is_empty());
    assert_eq!(s.points_earned, p("22"));
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
        "points_planned",
        "plan_still_needed",
        "projected_complete",
        "not_counted",
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
