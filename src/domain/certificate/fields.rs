//! Each field of a proposal, read from the certificate's words or lines by the phrases
//! certificates use ("approved for 2.0 AAMA CEUs", "1.5 contact hours", "Date of completion:",
//! "has successfully completed", "Provided by").

use chrono::NaiveDate;

use super::words::{Word, dates};
use crate::domain::activity::{Kind, MAX_POINTS, MAX_PROVIDER, MAX_TITLE};
use crate::domain::points::Points;

/// How many words before a date may say what the date is.
const CONTEXT: usize = 6;

/// A CPR or BLS card, a college course, or (anything else) a course.
pub fn kind(words: &[Word]) -> Kind {
    let has = |w: &str| words.iter().any(|x| x.lower == w);
    let phrase = |a: &str, b: &str| words.windows(2).any(|p| p[0].lower == a && p[1].lower == b);
    if ["cpr", "bls", "heartsaver", "acls", "pals"]
        .iter()
        .any(|w| has(w))
        || (phrase("life", "support") && has("basic"))
        || has("cardiopulmonary")
    {
        Kind::Cpr
    } else if has("semester")
        || phrase("quarter", "credits")
        || phrase("quarter", "hours")
        || phrase("academic", "credit")
    {
        Kind::College
    } else {
        Kind::Course
    }
}

/// The date the activity was completed: the date nearest after a word that says so
/// ("completed", "completion", "date", "issued", "awarded"); never an expiry or renewal date;
/// else the first date that is none of those.
pub fn completion_date(words: &[Word]) -> Option<NaiveDate> {
    let found = dates(words);
    // The words before a date on its line; for a date that starts its line, the line above
    // ("Date of Completion" over the date).
    let before = |at: usize| {
        let line = words[at].line;
        let start = at.saturating_sub(CONTEXT);
        let own: Vec<&str> = words[start..at]
            .iter()
            .filter(|w| w.line == line)
            .map(|w| w.lower.as_str())
            .collect();
        if !own.is_empty() {
            return own;
        }
        words[start..at]
            .iter()
            .filter(|w| w.line + 1 == line)
            .map(|w| w.lower.as_str())
            .collect()
    };
    let says = |at: usize, stems: &[&str]| {
        before(at)
            .iter()
            .any(|w| stems.iter().any(|s| w.starts_with(s)))
    };
    let not_expiry = |at: usize| {
        !says(
            at,
            &[
                "expir", "renew", "valid", "due", "until", "through", "birth", "dob",
            ],
        )
    };
    let pick = |stems: &[&str]| {
        found
            .iter()
            .find(|f| says(f.at, stems) && not_expiry(f.at))
            .map(|f| f.date)
    };
    pick(&["complet", "finish", "attend"])
        .or_else(|| pick(&["issue", "award", "date", "earned", "held", "on"]))
        .or_else(|| found.iter().find(|f| not_expiry(f.at)).map(|f| f.date))
}

/// Words that name what a number on a certificate counts.
fn is_unit(w: &str) -> bool {
    matches!(
        w,
        "ceu"
            | "ceus"
            | "credit"
            | "credits"
            | "hour"
            | "hours"
            | "hr"
            | "hrs"
            | "contact"
            | "units"
            | "unit"
            | "points"
            | "cme"
            | "cmes"
    ) || w.starts_with("ceu")
        || w.starts_with("credit")
}

/// Points awarded: a number followed (within three words) by what it counts ("2.0 AAMA
/// CEUs", "1.5 contact hours", "1 CE credit"), or a label then a number ("Contact hours: 1.5").
pub fn points(words: &[Word]) -> Option<Points> {
    let number = |w: &Word| {
        w.text
            .parse::<Points>()
            .ok()
            .filter(|p| p.is_positive() && *p <= MAX_POINTS)
    };
    for (i, w) in words.iter().enumerate() {
        let Some(p) = number(w) else { continue };
        // Up to three words to the unit, none of them another number ("14, 2024 1.5
        // contact hours" is 1.5) or a word that makes it something else ("3 of 5 hours").
        let unit = words
            .iter()
            .skip(i + 1)
            .take(3)
            .take_while(|a| {
                !a.text.contains(|c: char| c.is_ascii_digit())
                    && !matches!(a.lower.as_str(), "of" | "minutes" | "x")
            })
            .any(|a| is_unit(&a.lower));
        if unit {
            return Some(p);
        }
        // "Contact hours: 1.5", "CEUs 2.0"
        if i > 0 && is_unit(&words[i - 1].lower) && words[i - 1].line == w.line {
            return Some(p);
        }
    }
    None
}

/// The bodies that approve or accredit CE, by acronym and full name (lowercase).
const BODIES: [(&str, &str); 10] = [
    ("AAMA", "american association of medical assistants"),
    ("NHA", "national healthcareer association"),
    ("AMT", "american medical technologists"),
    ("AMCA", "american medical certification association"),
    ("ANCC", "american nurses credentialing center"),
    (
        "ACCME",
        "accreditation council for continuing medical education",
    ),
    ("ACPE", "accreditation council for pharmacy education"),
    (
        "CAPCE",
        "commission on accreditation for pre-hospital continuing",
    ),
    ("AAPC", "american academy of professional coders"),
    (
        "AHIMA",
        "american health information management association",
    ),
];

/// The approving and accrediting bodies, by acronym or full name, named near a word about
/// approval or credit (a body named only as, say, a training site is not taken).
pub fn bodies(words: &[Word], text: &str) -> Vec<String> {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let lower = flat.to_lowercase();
    let about_credit = |at: usize| {
        let start = at.saturating_sub(12);
        words[start..(at + 12).min(words.len())].iter().any(|w| {
            w.lower.starts_with("approv")
                || w.lower.starts_with("accredit")
                || w.lower.starts_with("recogni")
                || is_unit(&w.lower)
        })
    };
    let credit_anywhere = words.iter().any(|w| {
        w.lower.starts_with("approv") || w.lower.starts_with("accredit") || is_unit(&w.lower)
    });
    BODIES
        .iter()
        .filter(|(acronym, name)| {
            let by_acronym = words
                .iter()
                .enumerate()
                .any(|(i, w)| w.text == *acronym && about_credit(i));
            by_acronym || (credit_anywhere && lower.contains(name))
        })
        .map(|(acronym, _)| (*acronym).to_owned())
        .collect()
}

/// Labels that put the course's title after them on the same line or the next.
const TITLE_LABELS: [&str; 9] = [
    "course title",
    "activity title",
    "program title",
    "course name",
    "course",
    "title",
    "program",
    "activity",
    "session",
];

/// Phrases after which the title follows.
const TITLE_PHRASES: [&str; 7] = [
    "has successfully completed",
    "successfully completed",
    "for successfully completing",
    "has completed",
    "for completing",
    "for completion of",
    "for participating in",
];

/// The course's title: after a label ("Course Title: …") or after the phrase that says it
/// was completed ("has successfully completed" on one line, the title on the next).
pub fn title(lines: &[&str]) -> Option<String> {
    labelled(lines, &TITLE_LABELS)
        .or_else(|| after_phrase(lines, &TITLE_PHRASES))
        .and_then(|t| clean(&t, MAX_TITLE))
}

/// A CPR card's name ("BLS Provider", "Heartsaver CPR AED"): the first short line naming it.
pub fn card_title(lines: &[&str]) -> Option<String> {
    lines
        .iter()
        .find(|l| {
            let lower = l.to_lowercase();
            l.len() <= 60
                && !lower.contains("ecard")
                && ["bls", "cpr", "life support", "heartsaver"]
                    .iter()
                    .any(|k| lower.contains(k))
        })
        .and_then(|l| clean(l, MAX_TITLE))
}

/// Who gave the course: after "Provided by", "Presented by", "Sponsored by", "Provider:", ….
pub fn provider(lines: &[&str]) -> Option<String> {
    const LABELS: [&str; 8] = [
        "training center name",
        "training center",
        "provider",
        "provided by",
        "presented by",
        "sponsored by",
        "offered by",
        "issued by",
    ];
    labelled(lines, &LABELS)
        .or_else(|| after_phrase(lines, &LABELS[3..]))
        .or_else(|| issuer_line(lines))
        .and_then(|t| clean(&t, MAX_PROVIDER))
}

/// An organization named on a line of its own ("American Heart Association", "Riverside
/// Community College"): the issuer's letterhead or signature line, when no label says who
/// gave the course. A line naming a body that approves CE is left: the approver is not always
/// who gave the course.
fn issuer_line(lines: &[&str]) -> Option<String> {
    const ENDINGS: [&str; 18] = [
        "association",
        "society",
        "institute",
        "college",
        "university",
        "academy",
        "council",
        "center",
        "centre",
        "foundation",
        "hospital",
        "school",
        "network",
        "inc",
        "llc",
        "ltd",
        "corporation",
        "company",
    ];
    let names_an_organization = |line: &str| {
        let lower = line.to_lowercase();
        let words: Vec<&str> = line.split_whitespace().collect();
        let last = words.last().map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        });
        // A name, not a sentence: every longer word capitalized ("of", "the" need not be).
        let a_name = words.iter().all(|w| {
            w.chars().filter(|c| c.is_alphabetic()).count() < 4
                || w.chars().next().is_some_and(char::is_uppercase)
        });
        line.len() <= 80
            && words.len() >= 2
            && a_name
            && !line.chars().any(|c| c.is_ascii_digit())
            && (last.is_some_and(|l| ENDINGS.contains(&l.as_str())) || lower.contains("red cross"))
            && !BODIES.iter().any(|(acronym, name)| {
                lower.contains(name)
                    || words
                        .iter()
                        .any(|w| w.trim_matches(|c: char| !c.is_alphanumeric()) == *acronym)
            })
    };
    lines
        .iter()
        .find(|l| names_an_organization(l))
        .map(|l| (*l).to_owned())
}

/// The category: a category named beside the credit ("2.0 clinical CEUs", "Category:
/// Administrative"); else one guessed from the title's words.
pub fn category(words: &[Word], title: Option<&str>) -> Option<String> {
    const NAMES: [&str; 3] = ["administrative", "clinical", "general"];
    for (i, w) in words.iter().enumerate() {
        if let Some(name) = NAMES.iter().find(|n| w.lower == **n) {
            let near = words.iter().skip(i + 1).take(2).any(|a| is_unit(&a.lower));
            let labelled = i > 0 && words[i - 1].lower == "category";
            if near || labelled {
                return Some((*name).to_owned());
            }
        }
    }
    let title = title?.to_lowercase();
    const CLINICAL: [&str; 16] = [
        "phlebotomy",
        "venipuncture",
        "ekg",
        "ecg",
        "vital",
        "injection",
        "immuniz",
        "vaccin",
        "infection",
        "pharmacolog",
        "medication",
        "specimen",
        "laboratory",
        "wound",
        "clinical",
        "patient care",
    ];
    const ADMINISTRATIVE: [&str; 10] = [
        "coding",
        "billing",
        "insurance",
        "hipaa",
        "scheduling",
        "reimbursement",
        "health record",
        "ehr",
        "office management",
        "administrative",
    ];
    const GENERAL: [&str; 8] = [
        "communication",
        "ethic",
        "law",
        "legal",
        "cultur",
        "professionalism",
        "anatomy",
        "psycholog",
    ];
    let guess = [
        ("clinical", &CLINICAL[..]),
        ("administrative", &ADMINISTRATIVE[..]),
        ("general", &GENERAL[..]),
    ];
    guess
        .iter()
        .find(|(_, keys)| {
            keys.iter().any(|k| {
                title
                    .split(|c: char| !c.is_alphanumeric())
                    .any(|w| w.starts_with(k))
                    || (k.contains(' ') && title.contains(k))
            })
        })
        .map(|(name, _)| (*name).to_owned())
}

/// Where `needle` (ASCII) first stands in `hay`, ignoring ASCII case: the index is the
/// line's own, whatever letters it holds.
fn find(hay: &str, needle: &str) -> Option<usize> {
    hay.char_indices().map(|(i, _)| i).find(|&i| {
        hay.get(i..i + needle.len())
            .is_some_and(|s| s.eq_ignore_ascii_case(needle))
    })
}

/// Whether `text` starts with a number or a month's name ("2.0 CEUs", "March 14").
fn starts_a_number_or_date(text: &str) -> bool {
    let first = text.split_whitespace().next().unwrap_or_default();
    first.starts_with(|c: char| c.is_ascii_digit())
        || super::words::month(&first.to_lowercase()).is_some()
}

/// The value after a label: on its line after a colon (`Course Title: Phlebotomy`), or the
/// next line when the label stands alone (`Course Title:` / `Phlebotomy`).
fn labelled(lines: &[&str], labels: &[&str]) -> Option<String> {
    for (i, line) in lines.iter().enumerate() {
        for label in labels {
            let Some(rest) = line
                .get(..label.len())
                .filter(|head| head.eq_ignore_ascii_case(label))
                .and_then(|_| line.get(label.len()..))
            else {
                continue;
            };
            let Some(value) = rest.trim_start().strip_prefix(':') else {
                continue;
            };
            let value = value.trim();
            if !value.is_empty() {
                return Some(value.to_owned());
            }
            return lines.get(i + 1).map(|l| (*l).to_owned());
        }
    }
    None
}

/// The text after a phrase: the rest of its line, or the next line if the phrase ends it.
fn after_phrase(lines: &[&str], phrases: &[&str]) -> Option<String> {
    for (i, line) in lines.iter().enumerate() {
        for phrase in phrases {
            let Some(at) = find(line, phrase) else {
                continue;
            };
            let rest = line.get(at + phrase.len()..).unwrap_or_default();
            let rest = rest.trim_start_matches([':', ' ', ',']).trim();
            let rest = rest.strip_prefix("the ").unwrap_or(rest);
            if rest.chars().filter(|c| c.is_alphanumeric()).count() >= 3 {
                return Some(rest.to_owned());
            }
            return lines.get(i + 1).map(|l| (*l).to_owned());
        }
    }
    None
}

/// A field's text: quotes and trailing punctuation off, a sentence's tail ("… on March 14,
/// 2024", "… for 2.0 CEUs") cut, at most `max` characters; `None` when nothing is left.
fn clean(text: &str, max: usize) -> Option<String> {
    // One line of plain text: a tab or a stray control character is a space.
    let text: String = text
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let mut t = text.as_str();
    for tail in [
        " on ",
        " for ",
        " with a score",
        " and is awarded",
        " and has been awarded",
    ] {
        // "Focus on Diabetes" keeps its "on"; "… on March 14, 2024" loses it.
        let cut = t.char_indices().map(|(i, _)| i).find(|&i| {
            t.get(i..i + tail.len())
                .is_some_and(|s| s.eq_ignore_ascii_case(tail))
                && (tail.starts_with(" and")
                    || tail.starts_with(" with")
                    || starts_a_number_or_date(&t[i + tail.len()..]))
        });
        if let Some(at) = cut.filter(|at| *at > 0) {
            t = &t[..at];
        }
    }
    let t = t
        .trim_matches(|c: char| {
            c.is_whitespace() || matches!(c, '"' | '“' | '”' | '\'' | '.' | ',' | ':' | ';')
        })
        .to_owned();
    if t.chars().filter(|c| c.is_alphanumeric()).count() < 2 {
        return None;
    }
    Some(t.chars().take(max).collect())
}
