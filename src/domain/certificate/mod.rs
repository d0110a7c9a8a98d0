//! Certificates fill in the form: from a certificate's text (as a PDF's text layer gives it)
//! to a proposed activity: title, completion date, points, kind, category, the bodies that
//! approved it and the provider, each only when the text says it. Pure: the text comes in,
//! a [`Proposal`] goes out; what was not found is `None`, and [`Proposal::missing`] names it.

mod fields;
#[cfg(test)]
mod tests;
mod words;

use chrono::NaiveDate;
use serde::Serialize;

use super::activity::{ActivityDraft, Kind, MAX_COLLEGE_CREDITS};
use super::points::Points;

/// The activity a certificate proposes; every field a guess for the person to check.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Proposal {
    pub title: Option<String>,
    pub date: Option<NaiveDate>,
    pub points: Option<Points>,
    pub kind: Kind,
    pub category: Option<String>,
    pub approved_by: Vec<String>,
    pub provider: Option<String>,
}

/// The fields a proposal can hold, by the names the command line and JSON use.
pub const FIELDS: [&str; 7] = [
    "title",
    "date",
    "points",
    "kind",
    "category",
    "approved_by",
    "provider",
];

/// Reads what a certificate's text says about the activity.
pub fn propose(text: &str) -> Proposal {
    let words = words::words(text);
    let kind = fields::kind(&words);
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    // A card is named by what it certifies ("BLS Provider"), not by its sentences.
    let title = match kind {
        Kind::Cpr => fields::card_title(&lines).or_else(|| fields::title(&lines)),
        _ => fields::title(&lines),
    };
    Proposal {
        category: match kind {
            // A CPR card's category is the rules' to say.
            Kind::Cpr => None,
            _ => fields::category(&words, title.as_deref()),
        },
        date: fields::completion_date(&words),
        // A CPR card is worth what the rules say; a number on it is not its points.
        points: match kind {
            Kind::Cpr => None,
            // More credits than one college course holds is not a reading of this one.
            Kind::College => fields::points(&words).filter(|p| *p <= MAX_COLLEGE_CREDITS),
            Kind::Course => fields::points(&words),
        },
        approved_by: match kind {
            Kind::College => Vec::new(),
            _ => fields::bodies(&words, text),
        },
        provider: fields::provider(&lines),
        title,
        kind,
    }
}

impl Proposal {
    /// The fields the text did not give, by name. A CPR card's points and category come
    /// from the rules, so they are never missing; college credit is never approved.
    pub fn missing(&self) -> Vec<&'static str> {
        let cpr = self.kind == Kind::Cpr;
        let mut missing = Vec::new();
        if self.title.is_none() {
            missing.push("title");
        }
        if self.date.is_none() {
            missing.push("date");
        }
        if self.points.is_none() && !cpr {
            missing.push("points");
        }
        if self.category.is_none() && !cpr {
            missing.push("category");
        }
        if self.approved_by.is_empty() && self.kind != Kind::College {
            missing.push("approved_by");
        }
        if self.provider.is_none() {
            missing.push("provider");
        }
        missing
    }

    /// The required fields the text did not give (an activity cannot be saved without them).
    pub fn missing_required(&self) -> Vec<&'static str> {
        self.missing()
            .into_iter()
            .filter(|f| matches!(*f, "title" | "date" | "points"))
            .collect()
    }

    /// The proposal as a draft to check, change and save like anything typed.
    pub fn to_draft(&self) -> ActivityDraft {
        ActivityDraft {
            title: self.title.clone().unwrap_or_default(),
            date: self.date.map(|d| d.to_string()).unwrap_or_default(),
            points: self.points.map(|p| p.to_string()).unwrap_or_default(),
            kind: self.kind.as_str().to_owned(),
            category: self.category.clone().unwrap_or_default(),
            approved_by: self.approved_by.clone(),
            provider: self.provider.clone().unwrap_or_default(),
            note: String::new(),
            planned: false,
        }
    }

    /// The fields it found, to be marked for review (`approved_by` as `approved-by`, the
    /// name the form's errors use).
    pub fn found(&self) -> Vec<&'static str> {
        let missing = self.missing();
        FIELDS
            .into_iter()
            .filter(|f| !missing.contains(f))
            .filter(|f| {
                // A CPR card's points and category are the rules', not guesses.
                !(self.kind == Kind::Cpr && matches!(*f, "points" | "category"))
            })
            .map(|f| if f == "approved_by" { "approved-by" } else { f })
            .collect()
    }
}
