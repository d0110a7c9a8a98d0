//! The form's words: a field's problem as a whole sentence naming the field, and what an
//! activity is worth to each credential as it is typed ("1.5 credits = 22.5 points for
//! CMA (AAMA)", "4 clinical points for CMA (AAMA)").

use crate::domain::rules::KindRules;
use crate::domain::{ActivityData, Credential, Kind};

/// The name a person reads for a form field.
pub fn field_name(field: &str) -> &str {
    match field {
        "title" => "Title",
        "date" => "Date",
        "kind" => "Kind",
        "points" => "Points",
        "category" => "Category",
        "approved-by" => "Approved by",
        "provider" => "Provider",
        "note" => "Note",
        other => other,
    }
}

/// `is empty; say what the activity was` on `title` becomes "Title is empty: say what the
/// activity was."; a message that is a clause of its own follows the field's name and a colon.
pub fn sentence(field: &str, message: &str) -> String {
    let name = field_name(field);
    let message = message.trim().trim_end_matches('.');
    let verb = ["is ", "are ", "has ", "must ", "may ", "can"]
        .iter()
        .any(|v| message.starts_with(v));
    let text = if verb {
        format!("{name} {}", message.replacen("; ", ": ", 1))
    } else {
        format!("{name}: {message}")
    };
    format!("{text}.")
}

/// What the activity is worth to each credential, for a college course or a CPR card; `None`
/// for a plain course (its points are what was typed).
pub fn worth(
    data: &ActivityData,
    credentials: &[&Credential],
    kinds: &KindRules,
) -> Option<String> {
    if data.kind == Kind::Course || credentials.is_empty() {
        return None;
    }
    let parts: Vec<String> = credentials
        .iter()
        .map(|c| match c.requirement.credit(data, kinds) {
            Some(credit) => match data.kind {
                Kind::Cpr => format!(
                    "{} {} points for {}",
                    credit.points,
                    kinds.cpr.category,
                    c.name()
                ),
                _ => format!("{} points for {}", credit.points, c.name()),
            },
            None => format!("nothing for {}", c.name()),
        })
        .collect();
    let worth = parts.join("; ");
    Some(match data.kind {
        Kind::College => {
            let credits = if data.points.to_string() == "1" {
                "1 credit".to_owned()
            } else {
                format!("{} credits", data.points)
            };
            format!("{credits} = {worth}")
        }
        _ => format!("One card = {worth}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_sentences_that_name_the_field() {
        assert_eq!(
            sentence("title", "is empty; say what the activity was"),
            "Title is empty: say what the activity was."
        );
        assert_eq!(
            sentence("date", "'x' is not a date written as YYYY-MM-DD"),
            "Date: 'x' is not a date written as YYYY-MM-DD."
        );
        assert_eq!(
            sentence("approved-by", "must name a body."),
            "Approved by must name a body."
        );
    }
}
