//! Which column of a user's spreadsheet holds which field: found from the headers people
//! write ("Course Title", "Date Completed", "CEUs", "AAMA Approved"), ignoring case, spaces
//! and punctuation, and changed by the user (`--map`, the preview's drop-downs).

/// What one column of an import holds.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Field {
    Title,
    Date,
    Points,
    Kind,
    Category,
    /// Names of approving bodies, separated by `;`.
    ApprovedBy,
    Provider,
    Note,
    Planned,
    /// Yes or no: approved by this body, or (`None`) by the body the import is told of.
    Approved(Option<String>),
}

/// The fields one name each, in the order the preview offers them.
pub const NAMED: [(&str, Field); 9] = [
    ("title", Field::Title),
    ("date", Field::Date),
    ("points", Field::Points),
    ("kind", Field::Kind),
    ("category", Field::Category),
    ("approved_by", Field::ApprovedBy),
    ("provider", Field::Provider),
    ("note", Field::Note),
    ("planned", Field::Planned),
];

/// Header names people use, without case, spaces or punctuation.
const SYNONYMS: [(&str, &[&str]); 9] = [
    (
        "title",
        &[
            "title",
            "course",
            "coursetitle",
            "coursename",
            "activity",
            "activitytitle",
            "activityname",
            "program",
            "programtitle",
            "session",
        ],
    ),
    (
        "date",
        &[
            "date",
            "datecompleted",
            "completiondate",
            "completed",
            "dateofcompletion",
            "completedon",
        ],
    ),
    (
        "points",
        &[
            "points",
            "ceus",
            "ceu",
            "credits",
            "credit",
            "credithours",
            "contacthours",
            "hours",
            "cecredits",
            "ce",
        ],
    ),
    ("kind", &["kind", "type"]),
    ("category", &["category", "categories"]),
    (
        "approved_by",
        &[
            "approvedby",
            "approval",
            "approvingbody",
            "accreditation",
            "accreditedby",
        ],
    ),
    (
        "provider",
        &[
            "provider",
            "sponsor",
            "organization",
            "organisation",
            "presenter",
        ],
    ),
    (
        "note",
        &[
            "note",
            "notes",
            "comments",
            "comment",
            "description",
            "certificate",
            "certificatenumber",
            "certificateno",
        ],
    ),
    ("planned", &["planned"]),
];

/// A header without case, spaces or punctuation: "Course Title", "course_title" and
/// "COURSE-TITLE:" are one name.
pub fn normalize_header(header: &str) -> String {
    header
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

impl Field {
    /// The field a header names, if any: "Date Completed" is the date, "AAMA Approved" a yes
    /// or no approval by AAMA, "Approved" a yes or no approval by the body the import is told.
    pub fn from_header(header: &str) -> Option<Field> {
        let norm = normalize_header(header);
        if norm == "approved" {
            return Some(Field::Approved(None));
        }
        if let Some((name, _)) = SYNONYMS.iter().find(|(_, s)| s.contains(&norm.as_str())) {
            return NAMED
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, f)| f.clone());
        }
        // "AAMA Approved", "AAMA-approved?", "Approved (AAMA)"
        let words: Vec<&str> = header
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        let body: Vec<&str> = words
            .iter()
            .filter(|w| !w.eq_ignore_ascii_case("approved"))
            .copied()
            .collect();
        let approved = words.iter().any(|w| w.eq_ignore_ascii_case("approved"));
        (approved && !body.is_empty() && body.len() <= 3)
            .then(|| Field::Approved(Some(body.join(" "))))
    }

    /// The name `--map` takes (and the preview shows).
    pub fn label(&self) -> String {
        match self {
            Field::Approved(Some(body)) => format!("{body} approved"),
            Field::Approved(None) => "approved".to_owned(),
            other => NAMED
                .iter()
                .find(|(_, f)| f == other)
                .map_or_else(String::new, |(n, _)| (*n).to_owned()),
        }
    }
}

/// One override of `--map`: the column with this header holds `field` (`None`: ignore it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MapEntry {
    pub header: String,
    pub field: Option<Field>,
}

/// Reads `--map "Course Title=title,Hours=points,Notes=ignore"`. A field is one of the
/// names of [`NAMED`], `ignore`, `approved`, or `BODY approved`.
pub fn parse_map(spec: &str) -> Result<Vec<MapEntry>, String> {
    spec.split(',')
        .filter(|p| !p.trim().is_empty())
        .map(|pair| {
            let (header, target) = pair
                .rsplit_once('=')
                .ok_or_else(|| format!("'{}' is not HEADER=FIELD", pair.trim()))?;
            let target = target.trim();
            let field = match normalize_header(target).as_str() {
                "ignore" | "ignored" | "none" | "" => None,
                _ => Some(
                    NAMED
                        .iter()
                        .find(|(n, _)| normalize_header(n) == normalize_header(target))
                        .map(|(_, f)| f.clone())
                        .or_else(|| Field::from_header(target))
                        .ok_or_else(|| {
                            format!(
                                "'{target}' is not a field; the fields are {}, ignore, \
                                 approved or BODY approved",
                                NAMED.map(|(n, _)| n).join(", ")
                            )
                        })?,
                ),
            };
            Ok(MapEntry {
                header: header.trim().to_owned(),
                field,
            })
        })
        .collect()
}

/// Which field each column holds: the `overrides` first (by header, ignoring case, spaces
/// and punctuation), then what each header names. A field already taken by an earlier column
/// leaves a later one ignored. Fails on an override naming no header of the file.
pub fn assign(headers: &[String], overrides: &[MapEntry]) -> Result<Vec<Option<Field>>, String> {
    let norms: Vec<String> = headers.iter().map(|h| normalize_header(h)).collect();
    for o in overrides {
        if !norms.contains(&normalize_header(&o.header)) {
            return Err(format!(
                "no column is headed '{}'; the headers are {}",
                o.header,
                headers
                    .iter()
                    .map(|h| format!("'{h}'"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
    }
    let mut fields: Vec<Option<Field>> = Vec::with_capacity(headers.len());
    for (header, norm) in headers.iter().zip(&norms) {
        let chosen = overrides
            .iter()
            .find(|o| normalize_header(&o.header) == *norm)
            .map(|o| o.field.clone());
        let field = chosen.unwrap_or_else(|| Field::from_header(header));
        let field = field.filter(|f| !fields.iter().flatten().any(|g| g == f));
        fields.push(field);
    }
    // An override wins over a header found earlier in the file: the earlier one is dropped.
    for o in overrides.iter().filter(|o| o.field.is_some()) {
        let at = norms.iter().position(|n| *n == normalize_header(&o.header));
        for (i, f) in fields.iter_mut().enumerate() {
            if Some(i) != at && *f == o.field {
                *f = None;
            }
        }
        if let Some(i) = at {
            fields[i] = o.field.clone();
        }
    }
    Ok(fields)
}

/// A yes-or-no cell: yes, y, true, x, ✓, 1 are yes; no, n, false, 0 and blank are no.
pub fn yes_no(text: &str) -> Option<bool> {
    const YES: [&str; 8] = ["yes", "y", "true", "x", "✓", "✔", "☑", "1"];
    const NO: [&str; 8] = ["no", "n", "false", "0", "", "-", "✗", "☐"];
    // Compared in place, not lowercased into a copy: an import asks once a row or more.
    let text = text.trim();
    let is = |words: &[&str]| words.iter().any(|w| w.eq_ignore_ascii_case(text));
    if is(&YES) {
        Some(true)
    } else if is(&NO) {
        Some(false)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(headers: &[&str]) -> Vec<Option<Field>> {
        let headers: Vec<String> = headers.iter().map(|h| h.to_string()).collect();
        assign(&headers, &[]).unwrap()
    }

    #[test]
    fn headers_people_write_are_found() {
        use Field::*;
        assert_eq!(
            found(&[
                "Course Title",
                "Date Completed",
                "CEUs",
                "Category",
                "AAMA Approved",
                "Provider",
                "Instructor",
            ]),
            [
                Some(Title),
                Some(Date),
                Some(Points),
                Some(Category),
                Some(Approved(Some("AAMA".into()))),
                Some(Provider),
                None
            ]
        );
        assert_eq!(
            found(&[
                "ACTIVITY",
                "completion_date",
                "Contact Hours",
                "Sponsor",
                "Comments"
            ]),
            [
                Some(Title),
                Some(Date),
                Some(Points),
                Some(Provider),
                Some(Note)
            ]
        );
        assert_eq!(
            found(&["Approved", "Approved By", "Type", "Certificate #"]),
            [
                Some(Approved(None)),
                Some(ApprovedBy),
                Some(Kind),
                Some(Note)
            ]
        );
        // The program's own export.
        assert_eq!(
            found(&NAMED.map(|(n, _)| n)),
            NAMED.map(|(_, f)| Some(f)).to_vec()
        );
    }

    #[test]
    fn a_second_column_for_a_field_is_ignored_and_overrides_win() {
        use Field::*;
        assert_eq!(found(&["Hours", "Credits"]), [Some(Points), None]);
        let headers: Vec<String> = ["Hours", "Credits", "Course"].map(String::from).into();
        let map = parse_map("credits=points, Course = ignore").unwrap();
        assert_eq!(assign(&headers, &map).unwrap(), [None, Some(Points), None]);
        let map = parse_map("Hours=NHA approved").unwrap();
        assert_eq!(
            assign(&headers, &map).unwrap()[0],
            Some(Approved(Some("NHA".into())))
        );
        let e = assign(&headers, &parse_map("Title=title").unwrap()).unwrap_err();
        assert!(e.contains("'Hours', 'Credits', 'Course'"), "{e}");
        assert!(parse_map("Hours").is_err());
        assert!(
            parse_map("Hours=color")
                .unwrap_err()
                .contains("not a field")
        );
    }

    #[test]
    fn yes_and_no_as_people_tick_them() {
        for yes in ["Yes", "y", "TRUE", "x", "X", "✓", "1"] {
            assert_eq!(yes_no(yes), Some(true), "{yes}");
        }
        for no in ["No", "n", "false", "", " ", "0"] {
            assert_eq!(yes_no(no), Some(false), "{no}");
        }
        assert_eq!(yes_no("AAMA"), None);
    }
}
