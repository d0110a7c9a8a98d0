//! Unit tests of `domain::credential`.

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
fn a_custom_credential_names_at_most_32_categories() {
    let draft = |n: usize| CustomDraft {
        name: "X".into(),
        months: "12".into(),
        points: "100".into(),
        categories: (0..n).map(|i| format!("c{i}=1")).collect(),
        ..Default::default()
    };
    assert_eq!(draft(32).validate().unwrap().categories.len(), 32);
    let err = draft(33).validate().unwrap_err();
    assert!(
        err.for_field("category")
            .unwrap()
            .contains("33 categories are more than the 32"),
        "{err}"
    );
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
