//! Credentials and how they count, through the command line as a user runs it: preset and
//! custom credentials, renewals (AMT's dates too), one activity counted for every credential
//! whose cycle holds it, college credit and CPR cards counted only where a credential gives
//! them a value, and a plan to the deadline with activities marked done.

use serde_json::Value;

mod common;
use common::{Logbook, status_of, words};

#[test]
fn college_credit_completes_the_cma() {
    let book = Logbook::new();
    book.id(&["credential", "add", "cma-aama", "--certified", "2021-03-15"]);
    book.id(&words(
        "add --title 'A&P I' --date 2022-09-01 --points 2 --kind college \
         --category clinical",
    ));
    for category in ["administrative", "clinical", "general"] {
        book.id(&[
            "add",
            "--title",
            category,
            "--date",
            "2023-01-10",
            "--points",
            "10",
            "--category",
            category,
            "--approved-by",
            "AAMA",
        ]);
    }
    let s = status_of(&book, "2025-03-31");
    assert_eq!(
        (s["points_earned"].as_i64(), s["points_counted"].as_i64()),
        (Some(60), Some(60))
    );
    assert_eq!(s["approved_points"], 30);
    assert_eq!(s["complete"], true);
    assert_eq!(s["state"], "complete");
    assert_eq!(s["points_still_needed"], 0);
    // The list shows the credits as entered.
    assert_eq!(book.list()[0]["points"], 2);
    assert_eq!(book.list()[0]["kind"], "college");
}

#[test]
fn custom_credentials_and_renewals() {
    let book = Logbook::new();
    let id = book.id(&words(
        "credential add custom --certified 2024-01-31 \
         --name 'Coding (AAPC)' --months 24 --points 36 \
         --category coding=10 --approved-by AAPC --approved-min 18",
    ));
    book.id(&words(
        "add --title 'ICD-10 update' --date 2024-03-01 --points 12 \
         --category coding --approved-by aapc",
    ));
    let s = status_of(&book, "2025-01-31");
    assert_eq!(s["preset"], "custom");
    assert_eq!(s["name"], "Coding (AAPC)");
    assert_eq!(s["expires"], "2026-01-31");
    assert_eq!(s["ce_deadline"], "2026-01-31");
    assert_eq!(s["approved_points"], 12);
    assert_eq!(s["approved_required"], 18);
    assert_eq!(
        s["categories"]["coding"],
        serde_json::json!({"earned": 12, "required": 10})
    );
    assert_eq!(s["points_still_needed"], 24);

    let out = book
        .run(&[
            "credential",
            "renew",
            &id.to_string(),
            "--on",
            "2026-01-20",
            "--today",
            "2026-02-01",
        ])
        .ok();
    assert!(out.contains("2028-01-20"), "{out}");
    let s = status_of(&book, "2026-02-01");
    assert_eq!(s["cycle_start"], "2026-01-20");
    assert_eq!(s["expires"], "2028-01-20");
    assert_eq!(s["points_earned"], 0);
    let list = book.run(&["credential", "list", "--json"]).json();
    assert_eq!(list[0]["cycles"].as_array().unwrap().len(), 2);
    assert_eq!(list[0]["certified"], "2024-01-31");

    // A renewal must move forward.
    let back = book.run(&[
        "credential",
        "renew",
        &id.to_string(),
        "--on",
        "2025-06-01",
        "--today",
        "2026-02-01",
    ]);
    assert_eq!(back.code, 2);
    assert!(back.stderr.contains("on:"), "{}", back.stderr);

    book.run(&["credential", "remove", &id.to_string()]).ok();
    assert_eq!(
        book.run(&["credential", "list", "--json"]).json(),
        serde_json::json!([])
    );
    assert_eq!(book.list().as_array().unwrap().len(), 1, "activities stay");
}

#[test]
fn a_preset_refuses_custom_options() {
    let book = Logbook::new();
    let run = book.run(&words(
        "credential add rma-amt --certified 2024-01-01 --points 50",
    ));
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("points: is only for a custom credential"),
        "{}",
        run.stderr
    );
}

#[test]
fn rma_renews_on_amts_dates() {
    let book = Logbook::new().today("2009-03-01");
    let id = book.id(&words("credential add rma-amt --certified 2006-05-01"));
    let s = &book.run(&["status", "--json"]).json()["credentials"][0];
    assert_eq!(s["expires"], "2009-04-30");
    // Reported early: the next cycle still starts the day after the old one ends.
    let out = book
        .run(&["credential", "renew", &id.to_string(), "--on", "2009-02-15"])
        .ok();
    assert!(
        out.contains("new cycle from 2009-05-01, expires 2012-04-30"),
        "{out}"
    );
    let listed = &book.run(&["credential", "list", "--json"]).json()[0];
    assert_eq!(listed["cycle_start"], "2009-05-01");
    assert_eq!(listed["cycles"][1]["start"], "2009-05-01");
    assert_eq!(listed["expiry"], "day-before-anniversary");
    assert_eq!(listed["renewal"], "rolls-over");
    assert_eq!(listed["verified"], true);
    assert_eq!(
        listed["conversions"],
        serde_json::json!({"college": null, "cpr": null})
    );
}

#[test]
fn one_activity_counts_for_every_credential_whose_cycle_holds_it() {
    let book = Logbook::new();
    book.id(&["credential", "add", "cma-aama", "--certified", "2021-03-15"]);
    book.id(&["credential", "add", "ccma-nha", "--certified", "2024-06-01"]);
    book.id(&words(
        "add --title 'Before CCMA' --date 2023-01-01 --points 3",
    ));
    book.id(&words("add --title Both --date 2025-01-01 --points 2"));
    let status = book
        .run(&["status", "--json", "--today", "2025-06-01"])
        .json();
    assert_eq!(status["credentials"][0]["points_earned"], 5);
    assert_eq!(status["credentials"][1]["points_earned"], 2);
}

#[test]
fn a_bls_card_or_a_college_class_no_longer_completes_a_credential_without_a_value_for_it() {
    let book = Logbook::new().today("2025-12-01");
    book.id(&words("credential add ccma-nha --certified 2024-06-15"));
    book.id(&words("credential add cma-aama --certified 2021-03-15"));
    book.id(&words(
        "add --title 'BLS card' --date 2025-01-10 --kind cpr",
    ));
    book.id(&words(
        "add --title 'A&P I' --date 2025-02-01 --points 1 --kind college --category general",
    ));
    let status = book.run(&["status", "--json"]).json();
    let (ccma, cma) = (&status["credentials"][0], &status["credentials"][1]);
    assert_eq!(ccma["points_counted"], 0);
    assert_eq!(ccma["complete"], false);
    assert_eq!(ccma["not_counted"][0]["kind"], "college");
    assert_eq!(ccma["not_counted"][1]["kind"], "cpr");
    // CMA (AAMA) keeps its conversions: 15 points for the credit, 4 for the card.
    assert_eq!(cma["points_earned"], 19);
    assert_eq!(cma["not_counted"], serde_json::json!([]));
    let text = book.run(&["status"]).ok();
    assert!(
        text.contains(
            "not counted: 1 college activity; CCMA (NHA) sets no value for college credit: log \
             the CE credits the provider awarded as a course"
        ),
        "{text}"
    );

    // A custom credential counts them only when told what they are worth.
    let id = book.id(&words(
        "credential add custom --certified 2025-01-01 --name 'Phlebotomy (XYZ)' --months 24 \
         --points 20 --college-points 10 --cpr-points 2 --cpr-max 1",
    ));
    book.id(&words(
        "add --title 'BLS again' --date 2025-03-10 --kind cpr",
    ));
    let status = book.run(&["status", "--json"]).json();
    let custom = &status["credentials"][2];
    assert_eq!(custom["id"], id);
    assert_eq!(
        custom["points_earned"], 12,
        "10 for the credit, one card of 2"
    );
}

#[test]
fn a_plan_to_the_deadline_through_the_command_line() {
    let book = Logbook::new().today("2025-03-01");
    book.id(&words("credential add ccma-nha --certified 2024-06-15"));
    book.id(&words(
        "add --title 'Infection control' --date 2024-09-01 --points 4",
    ));
    let overdue = book.id(&words(
        "add --planned --title 'Missed webinar' --date 2025-02-01 --points 1",
    ));
    let ekg = book.id(&words(
        "add --planned --title 'EKG basics' --date 2025-08-01 --points 3",
    ));
    book.id(&words(
        "add --planned --title 'HIPAA update' --date 2026-01-10 --points 2",
    ));
    // After the CE deadline (2026-06-15): planned, but no help to this cycle.
    book.id(&words(
        "add --planned --title 'Too late' --date 2026-07-01 --points 5",
    ));

    let s = &book.run(&["status", "--json"]).json()["credentials"][0];
    // Planned activities never count.
    assert_eq!(s["points_counted"], 4);
    assert_eq!(s["points_still_needed"], 6);
    assert_eq!(s["points_planned"], 6);
    assert_eq!(s["plan_still_needed"], 0);
    assert_eq!(s["projected_complete"], "2026-01-10");
    let list = book.list();
    let planned: Vec<bool> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["planned"].as_bool().unwrap())
        .collect();
    assert_eq!(planned, [false, true, true, true, true]);
    let text = book.run(&["list"]).ok();
    assert!(
        text.contains("Missed webinar  [planned, overdue]"),
        "{text}"
    );
    assert!(text.contains("EKG basics  [planned]"), "{text}");
    let text = book.run(&["status"]).ok();
    assert!(
        text.contains("with your plan: complete on 2026-01-10"),
        "{text}"
    );

    // Done, on the day it was done; the overdue one too, today.
    let out = book
        .run(&["done", &ekg.to_string(), "--date", "2025-02-20"])
        .ok();
    assert!(out.contains("done on 2025-02-20"), "{out}");
    book.run(&["done", &overdue.to_string()]).ok();
    let s = &book.run(&["status", "--json"]).json()["credentials"][0];
    assert_eq!(s["points_counted"], 8);
    assert_eq!(s["points_planned"], 2);
    assert_eq!(s["projected_complete"], "2026-01-10");
    let done = &book.list()[1];
    assert_eq!(
        (done["date"].as_str(), done["planned"].as_bool()),
        (Some("2025-02-20"), Some(false))
    );

    // Done already, or a day still ahead: refused, nothing changes.
    let before = book.list();
    let again = book.run(&["done", &ekg.to_string()]);
    assert_eq!(again.code, 2);
    assert!(again.stderr.contains("done already"), "{}", again.stderr);
    assert_eq!(book.list(), before);

    // A plan that falls short says by how much, and has no date.
    let book2 = Logbook::new().today("2025-03-01");
    book2.id(&words("credential add cmac-amca --certified 2024-06-15"));
    book2.id(&words(
        "add --planned --title A --date 2025-05-01 --points 3",
    ));
    let s = &book2.run(&["status", "--json"]).json()["credentials"][0];
    assert_eq!(
        (s["plan_still_needed"].as_i64(), &s["projected_complete"]),
        (Some(7), &Value::Null)
    );
    let text = book2.run(&["status"]).ok();
    assert!(text.contains("your plan leaves 7 points short"), "{text}");
}

#[test]
fn a_credential_is_renewed_and_removed_by_its_key() {
    let book = Logbook::new();
    book.id(&["credential", "add", "cma-aama", "--certified", "2021-03-15"]);
    let out = book
        .run(&[
            "credential",
            "renew",
            "cma-aama",
            "--on",
            "2026-03-01",
            "--today",
            "2026-03-02",
        ])
        .ok();
    assert!(
        out.contains("CMA (AAMA): new cycle from 2026-03-01"),
        "{out}"
    );
    let wrong = book.run(&["credential", "remove", "ccma-nha"]);
    assert_eq!(wrong.code, 2, "{}", wrong.stderr);
    assert!(
        wrong
            .stderr
            .contains("no credential in this logbook has the key 'ccma-nha'"),
        "{}",
        wrong.stderr
    );
    let out = book.run(&["credential", "remove", "CMA-AAMA"]).ok();
    assert!(
        out.starts_with("removed credential 1 (CMA (AAMA))"),
        "{out}"
    );
    assert_eq!(
        book.run(&["credential", "list", "--json"]).json(),
        serde_json::json!([])
    );
}
