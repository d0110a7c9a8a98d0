//! Properties of the progress engine that must hold for any logbook, checked on many random
//! ones: order never matters, more activities never count for less, "still needed" is zero
//! exactly when complete, sums are exact, and sharing labels changes nothing.

use std::collections::HashMap;
use std::sync::Arc;

use ce_logbook::domain::activity::{Bodies, Label};
use ce_logbook::domain::{
    Activity, ActivityData, Credential, CredentialRecord, CredentialSpec, Kind, Points, Progress,
    RuleBook, progress,
};
use chrono::{Datelike, NaiveDate};
use proptest::prelude::*;

mod common;
use common::date;

fn day(offset: i64) -> NaiveDate {
    date("2018-01-01") + chrono::Duration::days(offset)
}

fn activity_strategy() -> impl Strategy<Value = ActivityData> {
    let category = prop_oneof![
        Just(None),
        Just(Some("administrative")),
        Just(Some("clinical")),
        Just(Some("general")),
        Just(Some("coding")),
    ];
    let bodies = prop_oneof![
        Just(vec![]),
        Just(vec!["AAMA"]),
        Just(vec!["aama"]),
        Just(vec!["NHA"]),
        Just(vec!["AAMA", "NHA"]),
    ];
    let kind = prop_oneof![8 => Just(Kind::Course), 1 => Just(Kind::College), 1 => Just(Kind::Cpr)];
    let planned = prop_oneof![9 => Just(false), 1 => Just(true)];
    (0i64..3650, 1i64..=2000, kind, category, bodies, planned).prop_map(
        |(offset, hundredths, kind, category, bodies, planned)| {
            let points = match kind {
                Kind::Course => Points::from_hundredths(hundredths),
                Kind::College => Points::from_hundredths(hundredths % 600 + 1),
                Kind::Cpr => Points::whole(1),
            };
            ActivityData {
                title: "activity".into(),
                date: day(offset),
                points,
                kind,
                category: category.map(Label::from),
                approved_by: if kind == Kind::College {
                    Bodies::default()
                } else {
                    Arc::new(bodies.into_iter().map(Label::from).collect())
                },
                provider: None,
                note: None,
                planned,
            }
        },
    )
}

fn logbook() -> impl Strategy<Value = Vec<Activity>> {
    prop::collection::vec(activity_strategy(), 0..120).prop_map(|all| {
        all.into_iter()
            .enumerate()
            .map(|(i, data)| Activity {
                id: i as i64 + 1,
                data,
            })
            .collect()
    })
}

fn credential_strategy() -> impl Strategy<Value = Credential> {
    let preset = prop_oneof![
        Just("cma-aama"),
        Just("ccma-nha"),
        Just("rma-amt"),
        Just("cmac-amca"),
        Just("rpt-amt"),
        Just("cet-nha")
    ];
    (preset, 0i64..2200, prop::option::of(100i64..1500)).prop_map(|(preset, certified, renewal)| {
        let book = RuleBook::builtin().unwrap();
        let certified = day(certified);
        let renewals = renewal
            .map(|r| certified + chrono::Duration::days(r))
            .into_iter()
            .collect();
        Credential::resolve(
            CredentialRecord {
                id: 1,
                spec: CredentialSpec::Preset(preset.to_owned()),
                certified,
                renewals,
            },
            &book,
        )
        .unwrap()
    })
}

/// The days whose activities count, worked out here from the published rules (not from the
/// engine): from the start of the current cycle to the end of the CE route (the expiry plus
/// any grace), and not past today.
fn counting_window(c: &Credential, today: NaiveDate) -> std::ops::RangeInclusive<NaiveDate> {
    enum Expires {
        /// CMA (AAMA): the last day of the month, 60 months on.
        MonthEnd,
        /// NHA, AMCA: the same day of the month, 24 months on.
        SameDay,
        /// AMT: the day before the anniversary ("prior to 5/1/2009" for 5/1/2006).
        DayBefore,
    }
    // (cycle in months, how it ends, grace months, an on-time renewal rolls over) as
    // rules.md has them.
    let (months, end, grace, rolls) = match c.spec.preset_id() {
        "cma-aama" => (60, Expires::MonthEnd, 3, false),
        "cmac-amca" => (24, Expires::SameDay, 0, false),
        "ccma-nha" | "cet-nha" => (24, Expires::SameDay, 0, true),
        "rma-amt" | "rpt-amt" => (36, Expires::DayBefore, 0, true),
        other => panic!("no published rule for {other}"),
    };
    let add = |d: NaiveDate, n: u32| d.checked_add_months(chrono::Months::new(n)).unwrap();
    let expires = |start: NaiveDate| {
        let d = add(start, months);
        match end {
            Expires::MonthEnd => add(d.with_day(1).unwrap(), 1) - chrono::Duration::days(1),
            Expires::SameDay => d,
            Expires::DayBefore => d - chrono::Duration::days(1),
        }
    };
    let deadline = |start: NaiveDate| match end {
        Expires::MonthEnd => {
            let e = add(expires(start).with_day(1).unwrap(), grace + 1);
            e - chrono::Duration::days(1)
        }
        _ => expires(start),
    };
    let mut renewals = c.renewals.clone();
    renewals.sort();
    let mut start = c.certified;
    for r in renewals {
        // Renewed on time, AMT and NHA roll the next cycle on from the old expiry; otherwise
        // (and always for AAMA and AMCA) it starts on the renewal.
        start = if rolls && r <= deadline(start) {
            expires(start) + chrono::Duration::days(1)
        } else {
            r
        };
    }
    start..=deadline(start).min(today)
}

fn status(c: &Credential, activities: &[Activity], today: NaiveDate) -> Progress {
    progress(c, activities, &RuleBook::builtin().unwrap().kinds, today)
}

/// The same logbook with every equal label shared, as the store hands it out.
fn shared(activities: &[Activity]) -> Vec<Activity> {
    let mut labels: HashMap<String, Label> = HashMap::new();
    let mut lists: HashMap<String, Bodies> = HashMap::new();
    activities
        .iter()
        .map(|a| {
            let mut a = a.clone();
            a.data.category = a.data.category.map(|c| {
                labels
                    .entry(c.to_string())
                    .or_insert_with(|| c.clone())
                    .clone()
            });
            let key = a.data.approved_by.join(";");
            a.data.approved_by = lists
                .entry(key)
                .or_insert_with(|| a.data.approved_by.clone())
                .clone();
            a
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn the_order_of_activities_never_changes_the_result(
        c in credential_strategy(),
        log in logbook(),
        today in 1000i64..4000,
        rotate in 0usize..120,
    ) {
        let today = day(today);
        let mut other = log.clone();
        other.reverse();
        if !other.is_empty() {
            let n = rotate % other.len();
            other.rotate_left(n);
        }
        prop_assert_eq!(status(&c, &log, today), status(&c, &other, today));
    }

    #[test]
    fn adding_an_activity_never_lowers_what_counts(
        c in credential_strategy(),
        log in logbook(),
        extra in activity_strategy(),
        today in 1000i64..4000,
    ) {
        let today = day(today);
        let before = status(&c, &log, today);
        let mut more = log.clone();
        more.push(Activity { id: 10_000, data: extra });
        let after = status(&c, &more, today);
        prop_assert!(after.points_counted >= before.points_counted);
        prop_assert!(after.points_earned >= before.points_earned);
        prop_assert!(after.approved_points >= before.approved_points);
        prop_assert!(after.points_still_needed <= before.points_still_needed);
    }

    #[test]
    fn nothing_is_needed_exactly_when_complete(
        c in credential_strategy(),
        log in logbook(),
        today in 1000i64..4000,
    ) {
        let s = status(&c, &log, day(today));
        prop_assert_eq!(s.points_still_needed == Points::ZERO, s.complete);
        prop_assert_eq!(s.complete, s.state == ce_logbook::domain::State::Complete);
        prop_assert!(s.points_counted <= s.points_earned);
        prop_assert!(s.approved_points <= s.points_earned);
    }

    #[test]
    fn sums_are_exact(c in credential_strategy(), log in logbook(), today in 1000i64..4000) {
        let today = day(today);
        let s = status(&c, &log, today);
        let window = counting_window(&c, today);
        let inside = log.iter().filter(|a| !a.data.planned && window.contains(&a.data.date));
        // Integer hundredths, added independently of the engine, with the published
        // conversions written out: CMA (AAMA) counts 15 points a college credit and 4 a CPR
        // card (at most 3); the others count neither (rules.md).
        let of = |kind: Kind| inside.clone().filter(move |a| a.data.kind == kind);
        let courses: i64 = of(Kind::Course).map(|a| a.data.points.hundredths()).sum();
        let expected = if c.spec.preset_id() == "cma-aama" {
            let college: i64 = of(Kind::College).map(|a| a.data.points.hundredths() * 15).sum();
            courses + college + of(Kind::Cpr).count().min(3) as i64 * 400
        } else {
            courses
        };
        prop_assert_eq!(s.points_earned.hundredths(), expected);
    }

    #[test]
    fn a_plan_only_adds_and_its_date_means_it_completes(
        c in credential_strategy(),
        log in logbook(),
        today in 1000i64..4000,
    ) {
        let today = day(today);
        let s = status(&c, &log, today);
        prop_assert!(s.plan_still_needed <= s.points_still_needed);
        prop_assert_eq!(s.projected_complete.is_some(), s.plan_still_needed == Points::ZERO);
        if let Some(date) = s.projected_complete {
            prop_assert!(date >= c.cycle_start() && date <= c.ce_deadline());
        }
        if s.complete {
            prop_assert!(s.projected_complete.is_some_and(|d| d <= today));
        }
        // Without the plan, nothing is planned and nothing changes.
        let done: Vec<Activity> = log.iter().filter(|a| !a.data.planned).cloned().collect();
        let without = status(&c, &done, today);
        prop_assert_eq!(without.points_planned, Points::ZERO);
        prop_assert_eq!(without.points_counted, s.points_counted);
        prop_assert_eq!(without.complete, s.complete);
    }

    #[test]
    fn sharing_labels_changes_nothing(c in credential_strategy(), log in logbook(), today in 1000i64..4000) {
        let today = day(today);
        prop_assert_eq!(status(&c, &log, today), status(&c, &shared(&log), today));
    }
}
