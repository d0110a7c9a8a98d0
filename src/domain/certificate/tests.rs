//! Proposals read from the text of certificates as CE providers lay them out.

use super::*;

fn d(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

fn p(text: &str) -> Option<Points> {
    text.parse().ok()
}

const AAMA: &str = "\
AAMA e-Learning Center
Certificate of Completion
This certifies that
Jane Doe, CMA (AAMA)
has successfully completed
Phlebotomy Update: Order of Draw
Date of completion: 03/14/2024
This course has been approved for 2.0 AAMA CEUs (Clinical).
Provided by: American Association of Medical Assistants
";

#[test]
fn an_aama_e_learning_certificate() {
    let proposal = propose(AAMA);
    assert_eq!(
        proposal,
        Proposal {
            title: Some("Phlebotomy Update: Order of Draw".into()),
            date: d("2024-03-14"),
            points: p("2"),
            kind: Kind::Course,
            category: Some("clinical".into()),
            approved_by: vec!["AAMA".into()],
            provider: Some("American Association of Medical Assistants".into()),
        }
    );
    assert!(proposal.missing().is_empty());
}

#[test]
fn a_nursing_style_certificate_in_contact_hours() {
    let text = "\
CERTIFICATE OF ATTENDANCE
Awarded to Jane Doe
for successfully completing
\"Infection Control in the Outpatient Clinic\"
Completed on March 14, 2024
1.5 contact hours
Acme Health Education is accredited as a provider of nursing continuing professional
development by the American Nurses Credentialing Center's Commission on Accreditation.
Presented by Acme Health Education
";
    let proposal = propose(text);
    assert_eq!(
        proposal.title.as_deref(),
        Some("Infection Control in the Outpatient Clinic")
    );
    assert_eq!(proposal.date, d("2024-03-14"));
    assert_eq!(proposal.points, p("1.5"));
    assert_eq!(proposal.kind, Kind::Course);
    assert_eq!(proposal.category.as_deref(), Some("clinical"));
    assert_eq!(proposal.approved_by, ["ANCC"]);
    assert_eq!(proposal.provider.as_deref(), Some("Acme Health Education"));
}

#[test]
fn an_nha_ce_credit_statement() {
    let text = "\
National Healthcareer Association
Continuing Education Certificate
Course Title: Medical Billing and Coding Essentials
Jane Doe has completed this program on 2024-03-14.
This program has been approved by the National Healthcareer Association (NHA) for 1.0 CE credit.
";
    let proposal = propose(text);
    assert_eq!(
        proposal.title.as_deref(),
        Some("Medical Billing and Coding Essentials")
    );
    assert_eq!(proposal.date, d("2024-03-14"));
    assert_eq!(proposal.points, p("1"));
    assert_eq!(proposal.category.as_deref(), Some("administrative"));
    assert_eq!(proposal.approved_by, ["NHA"]);
    assert_eq!(proposal.provider, None);
    assert_eq!(proposal.missing(), ["provider"]);
}

#[test]
fn a_bls_ecard_is_a_cpr_card_dated_on_issue_not_on_renewal() {
    let text = "\
American Heart Association
BLS Provider
eCard
Jane Doe
has successfully completed the cognitive and skills evaluations in accordance with the
curriculum of the American Heart Association Basic Life Support (CPR and AED) Program.
Recommended Renewal Date: 03/31/2026
Issue Date: 03/14/2024
Training Center Name: County Hospital Training Center
eCard Code: 215512345678
";
    let proposal = propose(text);
    assert_eq!(proposal.kind, Kind::Cpr);
    assert_eq!(proposal.date, d("2024-03-14"));
    assert_eq!(proposal.title.as_deref(), Some("BLS Provider"));
    assert_eq!(
        proposal.provider.as_deref(),
        Some("County Hospital Training Center")
    );
    // The card's worth and category are the rules' to say; an eCard code is no points.
    assert_eq!(proposal.points, None);
    assert_eq!(proposal.category, None);
    assert_eq!(proposal.missing(), ["approved_by"]);
    assert!(proposal.missing_required().is_empty());
}

#[test]
fn a_college_course_is_college_credit_never_approved() {
    let text = "\
Riverside Community College
Official Grade Report
Course: BIO 101 Anatomy and Physiology I
3.0 semester credits
Completed 12/15/2023
Approved by the AAMA
";
    let proposal = propose(text);
    assert_eq!(proposal.kind, Kind::College);
    assert_eq!(proposal.points, p("3"));
    assert_eq!(proposal.date, d("2023-12-15"));
    assert!(proposal.approved_by.is_empty());
    assert!(!proposal.missing().contains(&"approved_by"));
}

#[test]
fn a_label_may_stand_on_the_line_above_its_value() {
    let text = "\
Course Title:
Vital Signs Refresher
Date of Completion
14 Mar 2024
CEUs: 0.5
";
    let proposal = propose(text);
    assert_eq!(proposal.title.as_deref(), Some("Vital Signs Refresher"));
    assert_eq!(proposal.date, d("2024-03-14"));
    assert_eq!(proposal.points, p("0.5"));
}

#[test]
fn the_title_loses_a_sentence_tail_but_keeps_its_own_words() {
    let text =
        "Jane Doe has successfully completed Focus on Diabetes Care on March 14, 2024 for 1 CEU";
    let proposal = propose(text);
    assert_eq!(proposal.title.as_deref(), Some("Focus on Diabetes Care"));
    assert_eq!(proposal.date, d("2024-03-14"));
    assert_eq!(proposal.points, p("1"));
}

#[test]
fn an_expiry_date_is_never_the_completion_date() {
    let text = "Expires 12/31/2026\nValid until 01/01/2027";
    assert_eq!(propose(text).date, None);
    let text = "Expiration: 12/31/2026\nDate: 06/01/2024";
    assert_eq!(propose(text).date, d("2024-06-01"));
}

#[test]
fn numbers_that_are_not_credit_are_not_points() {
    let text = "Certificate number 123456\nScore: 95%\nLesson 3 of 5\nRoom 204";
    assert_eq!(propose(text).points, None);
    // More than one course could give is not a reading of this certificate.
    assert_eq!(propose("awarded 250 contact hours").points, None);
    assert_eq!(propose("awarded 0 CEUs").points, None);
}

#[test]
fn a_body_named_without_any_word_about_credit_is_not_an_approval() {
    let text = "Thank you for being an AAMA member\nSee you at the AMT convention";
    assert!(propose(text).approved_by.is_empty());
}

#[test]
fn nothing_found_leaves_every_field_empty_and_says_so() {
    let proposal = propose("");
    assert_eq!(proposal.kind, Kind::Course);
    assert_eq!(
        proposal.missing(),
        [
            "title",
            "date",
            "points",
            "category",
            "approved_by",
            "provider"
        ]
    );
    assert_eq!(proposal.missing_required(), ["title", "date", "points"]);
    assert!(proposal.found() == ["kind"]);
}

#[test]
fn the_draft_is_what_was_found_and_empty_elsewhere() {
    let draft = propose(AAMA).to_draft();
    assert_eq!(draft.title, "Phlebotomy Update: Order of Draw");
    assert_eq!(draft.date, "2024-03-14");
    assert_eq!(draft.points, "2");
    assert_eq!(draft.kind, "course");
    assert_eq!(draft.category, "clinical");
    assert_eq!(draft.approved_by, ["AAMA"]);
    assert!(draft.note.is_empty());
    assert!(!draft.planned);
    let empty = propose("nothing here").to_draft();
    assert!(empty.title.is_empty() && empty.date.is_empty() && empty.points.is_empty());
}

#[test]
fn the_fields_found_are_the_ones_marked_for_review() {
    assert_eq!(
        propose(AAMA).found(),
        [
            "title",
            "date",
            "points",
            "kind",
            "category",
            "approved-by",
            "provider"
        ]
    );
}

#[test]
fn text_in_any_script_or_odd_letters_never_breaks_the_reader() {
    for text in [
        "İstanbul Course: ǅemal İİİ on 3/14/2024",
        "Course Title: ẞtraße\nProvided by: ΣΊΣΥΦΟΣ",
        "has successfully completed",
        "Course:",
        "\u{0}\u{feff}2.0 CEUs",
    ] {
        let _ = propose(text).missing();
    }
    assert_eq!(
        propose("Course Title: ẞtraße Basics").title.as_deref(),
        Some("ẞtraße Basics")
    );
}

#[test]
fn an_issuer_on_a_line_of_its_own_is_the_provider() {
    // A plain card: the issuer is printed under the card's name, with no "Provider:".
    let text = "\
Certificate of Completion
BLS Provider
Jane Doe
Date of completion: March 14, 2024
Contact hours: 4.0
American Heart Association
";
    let proposal = propose(text);
    assert_eq!(proposal.title.as_deref(), Some("BLS Provider"));
    assert_eq!(
        proposal.provider.as_deref(),
        Some("American Heart Association")
    );
    let college = "Riverside Community College\nOfficial Grade Report\nCourse: BIO 101";
    assert_eq!(
        propose(college).provider.as_deref(),
        Some("Riverside Community College")
    );
    assert_eq!(
        propose("The American Red Cross\nAdult First Aid/CPR/AED")
            .provider
            .as_deref(),
        Some("The American Red Cross")
    );
}

#[test]
fn a_sentence_a_title_or_an_approving_body_is_not_taken_for_the_issuer() {
    for text in [
        // A sentence that ends in an organization's word.
        "Jane Doe completed the course at the county training center",
        // Titles and lines with numbers.
        "Infection Control in the Medical Office\nRoom 204, Main Hospital",
        // The approver, alone on a line, is not always who gave the course.
        "American Association of Medical Assistants\nApproved for 1.0 CEU",
        "AMT Institute\nApproved for 1.0 CEU",
    ] {
        assert_eq!(propose(text).provider, None, "{text}");
    }
}
