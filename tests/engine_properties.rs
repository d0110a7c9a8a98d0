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
    (0i64..3650, 1i64..=2000, kind, category, bodies).prop_map(
        |(offset, hundredths, kind, category, bodies)| {
            let points = match kind {
                Kind::Course => Points::from_hundredths(hundredths),
                Kind::College => Points::from_hundredths(hundredths % 600 + 1),
                Kind::Cpr => Points::whole(4),
            };
            ActivityData {
                title: "activity".to_owned(),
                date: day(offset),
                points,
                kind,
                category: category.map(Label::from),
                approved_by: if kind == Kind::College {
                    Bodies::default()
                } else {
                    bodies.into_iter().map(Label::from).collect()
                },
                provider: None,
                note: None,
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
        Just("cmac-amca")
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
/// engine): from the certification or latest recertification to the end of the CE route (the
/// expiry plus any grace), and not past today.
fn counting_window(c: &Credential, today: NaiveDate) -> std::ops::RangeInclusive<NaiveDate> {
    // (cycle in months, expires at the end of the month, grace months) as rules.md has them.
    let (months, end_of_month, grace) = match c.spec.preset_id() {
        "cma-aama" => (60, true, 3),
        "ccma-nha" | "cmac-amca" => (24, false, 0),
        "rma-amt" => (36, false, 0),
        other => panic!("no published rule for {other}"),
    };
    let shift = |d: NaiveDate, n: u32| {
        let d = d.checked_add_months(chrono::Months::new(n)).unwrap();
        if end_of_month {
            let first = d.with_day(1).unwrap();
            first.checked_add_months(chrono::Months::new(1)).unwrap() - chrono::Duration::days(1)
        } else {
            d
        }
    };
    let start = c.renewals.iter().copied().max().unwrap_or(c.certified);
    start..=shift(shift(start, months), grace).min(today)
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
                    .or_insert_with(|| Arc::clone(&c))
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
        let kinds = RuleBook::builtin().unwrap().kinds;
        let s = status(&c, &log, today);
        let window = counting_window(&c, today);
        let inside = log.iter().filter(|a| window.contains(&a.data.date));
        let credit = |a: &Activity| a.data.kind.credit_points(a.data.points, &kinds).unwrap();
        if c.requirement.cpr_cap.is_none() {
            // Integer hundredths, added independently of the engine.
            let expected: i64 = inside.map(|a| credit(a).hundredths()).sum();
            prop_assert_eq!(s.points_earned.hundredths(), expected);
        } else {
            let cards = inside.clone().filter(|a| a.data.kind == Kind::Cpr).count().min(3) as i64;
            let rest: i64 = inside.filter(|a| a.data.kind != Kind::Cpr).map(|a| credit(a).hundredths()).sum();
            prop_assert_eq!(s.points_earned.hundredths(), rest + cards * 400);
        }
    }

    #[test]
    fn sharing_labels_changes_nothing(c in credential_strategy(), log in logbook(), today in 1000i64..4000) {
        let today = day(today);
        prop_assert_eq!(status(&c, &log, today), status(&c, &shared(&log), today));
    }
}
