//! CSV in and out: `title,date,points,kind,category,approved_by,provider,note,planned`, and
//! which imported rows the logbook has already. Reading any file to import is
//! [`super::import`]; this reads the program's own export through it.
//!
//! Works on bytes, not files, so the same checks serve the command line, the window and tests.

use std::collections::HashSet;

use chrono::NaiveDate;

use super::activity::{ActivityData, Kind};
use super::import::{ImportOptions, read_activities};
use super::points::Points;
use super::rules::KindRules;

/// The columns, in the order export writes them.
pub const COLUMNS: [&str; 9] = [
    "title",
    "date",
    "points",
    "kind",
    "category",
    "approved_by",
    "provider",
    "note",
    "planned",
];

pub use super::table::{MAX_ROWS, Place, RowError};

/// What a spreadsheet takes as the start of a formula (or, for tab and carriage return, of a
/// cell it trims into one): `=HYPERLINK(...)` in a title would run when the export is opened.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Whether `cell` must be written with a leading `'` to show as text: it starts like a
/// formula, or it is such a cell with quotes before it already (so the quote read back is
/// always ours to take off).
fn needs_guard(cell: &str) -> bool {
    let unquoted = cell.trim_start_matches('\'');
    unquoted.starts_with(FORMULA_STARTS)
}

/// The cell as export writes it: a `'` before anything a spreadsheet would run as a formula.
fn guard(cell: &str) -> std::borrow::Cow<'_, str> {
    if needs_guard(cell) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// The cell as export meant it: the `'` that [`guard`] adds, taken off again. A `'` before
/// anything else is the cell's own.
pub(super) fn unguard(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if needs_guard(rest) => rest,
        _ => cell,
    }
}

/// Reads every row of a file (the program's own export, or any CSV or spreadsheet
/// [`read_activities`] reads) with no options given. All or nothing: any bad row means no
/// activities, and every bad row is reported.
pub fn parse_csv(
    bytes: &[u8],
    kinds: &KindRules,
    today: NaiveDate,
) -> Result<Vec<ActivityData>, Vec<RowError>> {
    let read =
        read_activities(bytes, &ImportOptions::default(), kinds, today).map_err(|e| vec![e])?;
    let rows = read.outcome?;
    Ok(rows.into_iter().map(|r| r.data).collect())
}

/// Writes activities as CSV that [`parse_csv`] reads back to the same activities, every cell
/// that a spreadsheet would run as a formula written to show as text.
pub fn write_csv<'a>(
    activities: impl IntoIterator<Item = &'a ActivityData>,
) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(COLUMNS)?;
    for a in activities {
        let cells = [
            &*a.title,
            &a.date.to_string(),
            &a.points.to_string(),
            a.kind.as_str(),
            a.category.as_deref().unwrap_or(""),
            &a.approved_by.join(";"),
            a.provider.as_deref().unwrap_or(""),
            a.note.as_deref().unwrap_or(""),
            if a.planned { "yes" } else { "" },
        ];
        writer.write_record(cells.iter().map(|c| guard(c).into_owned()))?;
    }
    writer.into_inner().map_err(|e| e.into_error().into())
}

/// What makes a row the same activity as one already logged: date, title (ignoring case and
/// spacing), points and kind. Provider, note and approvals may well have been corrected since.
fn same_activity_key(a: &ActivityData) -> (NaiveDate, String, Points, Kind) {
    let title = a
        .title
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    (a.date, title, a.points, a.kind)
}

/// Whether an import row is new, or one that would count an activity twice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Seen {
    New,
    /// The logbook has it already.
    InLogbook,
    /// An earlier row of the same file (its index among the rows) is the same activity.
    EarlierRow(usize),
}

impl Seen {
    pub fn is_new(self) -> bool {
        self == Seen::New
    }
}

/// For each row, whether the logbook has that activity already, or an earlier row of the same
/// file does. Importing the same file twice, an export back into its own logbook, or a file
/// that lists a course twice would otherwise count an activity twice.
pub fn seen_before<'a>(
    rows: &[ActivityData],
    logged: impl IntoIterator<Item = &'a ActivityData>,
) -> Vec<Seen> {
    let logged: HashSet<_> = logged.into_iter().map(same_activity_key).collect();
    let mut first_row = std::collections::HashMap::new();
    rows.iter()
        .enumerate()
        .map(|(i, r)| {
            let key = same_activity_key(r);
            if logged.contains(&key) {
                return Seen::InLogbook;
            }
            match first_row.entry(key) {
                std::collections::hash_map::Entry::Occupied(first) => {
                    Seen::EarlierRow(*first.get())
                }
                std::collections::hash_map::Entry::Vacant(slot) => {
                    slot.insert(i);
                    Seen::New
                }
            }
        })
        .collect()
}

/// The rows an import adds: every row with `keep_duplicates`, else only the new ones.
pub fn rows_to_add(
    rows: &[ActivityData],
    seen: &[Seen],
    keep_duplicates: bool,
) -> Vec<ActivityData> {
    rows.iter()
        .zip(seen)
        .filter(|(_, seen)| keep_duplicates || seen.is_new())
        .map(|(row, _)| row.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::RuleBook;
    use crate::domain::dates::parse_iso;

    fn parse(text: &str) -> Result<Vec<ActivityData>, Vec<RowError>> {
        parse_csv(
            text.as_bytes(),
            &RuleBook::builtin().unwrap().kinds,
            parse_iso("2026-11-26").unwrap(),
        )
    }

    #[test]
    fn reads_every_column() {
        let rows = parse(
            "title,date,points,kind,category,approved_by,provider,note\n\
             Phlebotomy update,2025-05-02,2,course,clinical,AAMA;NHA,Acme,\"a, b\"\n\
             Anatomy,2025-09-01,3,college,general,,County College,\n\
             BLS,2025-10-01,,cpr,,,,\n",
        )
        .unwrap();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].approved_by.join(";"), "AAMA;NHA");
        assert_eq!(rows[0].note.as_deref(), Some("a, b"));
        assert_eq!(rows[1].provider.as_deref(), Some("County College"));
        // One card, whatever each credential counts it for.
        assert_eq!(rows[2].points.to_string(), "1");
        assert!(rows.iter().all(|r| !r.planned));
    }

    #[test]
    fn planned_rows_and_cards_from_older_files_read_back() {
        // An export made before conversions were per credential wrote a card's 4 points;
        // a plan written by a person may say "yes", "TRUE" or "planned".
        let rows = parse(
            "title,date,points,kind,planned\r\n\
             BLS,2025-10-01,4,cpr,\r\n\
             Coding update,2027-03-01,2,course,Yes\r\n\
             Ethics,2027-04-01,1,course,planned\r\n",
        )
        .unwrap();
        assert_eq!(rows[0].points.to_string(), "1");
        assert!(!rows[0].planned && rows[1].planned && rows[2].planned);
        let errors = parse("title,date,points,planned\nX,2025-01-01,1,maybe\n").unwrap_err();
        assert!(errors[0].reason.contains("'maybe'"), "{errors:?}");
        // What export writes, import reads back as it was.
        let again = parse(std::str::from_utf8(&write_csv(&rows).unwrap()).unwrap()).unwrap();
        assert_eq!(again, rows);
    }

    #[test]
    fn header_order_is_free_and_optional_columns_may_be_left_out() {
        let rows = parse("\u{feff}Date,Title,Points\n2025-05-02,Webinar,0.5\n").unwrap();
        assert_eq!(&*rows[0].title, "Webinar");
        assert_eq!(rows[0].points.to_string(), "0.5");
    }

    #[test]
    fn every_bad_row_is_reported_by_its_physical_line() {
        let errors = parse(
            "title,date,points\n\
             Good,2025-01-01,1\n\
             ,2025-01-01,1\n\
             \"Two\nlines\",2025-13-01,1\n\
             Fine,2025-01-02,1\n\
             Bad points,2025-01-02,1.234\n\
             Short,2025-01-02\n",
        )
        .unwrap_err();
        let lines: Vec<Option<u64>> = errors.iter().map(|e| e.line()).collect();
        assert_eq!(lines, [Some(3), Some(4), Some(7), Some(8)]);
        assert!(errors[0].to_string().starts_with("line 3: title:"));
        assert!(errors[1].reason.contains("date"));
        assert!(errors[2].reason.contains("points"));
        assert!(errors[3].reason.contains("fields"));
    }

    #[test]
    fn a_header_without_title_or_date_is_line_one_and_other_columns_are_ignored() {
        let errors = parse("name,date,points\nX,2025-01-01,1\n").unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].line(), Some(1));
        assert!(
            errors[0].reason.contains("no column holds the title"),
            "{errors:?}"
        );
        assert!(errors[0].reason.contains("'name'"), "{errors:?}");
        assert_eq!(parse("").unwrap_err()[0].place, Place::File);
        let rows = parse("title,date,points,color\nX,2025-01-01,1,blue\n").unwrap();
        assert_eq!(&*rows[0].title, "X");
    }

    #[test]
    fn text_that_is_not_utf8_is_read_as_windows_1252() {
        let rows = parse_csv(
            b"title,date,points\r\nCaf\xe9 \x96 basics,2025-01-01,1\r\n",
            &RuleBook::builtin().unwrap().kinds,
            parse_iso("2026-11-26").unwrap(),
        )
        .unwrap();
        assert_eq!(&*rows[0].title, "Café \u{2013} basics");
    }

    #[test]
    fn export_then_import_gives_the_same_activities() {
        let original = parse(
            "title,date,points,kind,category,approved_by,provider,note\n\
             \"Quotes \"\"and\"\", commas\",2025-05-02,0.25,course,clinical,AAMA;NHA,Acme,\"line one\nline two\"\n\
             Anatomy,2025-09-01,1.5,college,general,,,\n\
             BLS,2025-10-01,4,cpr,clinical,AAMA,Red Cross,\n",
        )
        .unwrap();
        let bytes = write_csv(&original).unwrap();
        assert_eq!(
            parse(std::str::from_utf8(&bytes).unwrap()).unwrap(),
            original
        );
    }

    #[test]
    fn formulas_are_exported_as_text_and_read_back_as_they_were() {
        let original = parse(
            "title,date,points,kind,category,approved_by,provider,note\n\
             \"=HYPERLINK(\"\"http://x.example\"\",\"\"x\"\")\",2025-05-02,1,course,clinical,AAMA,@Acme,+1 555\n\
             -5 tips for charting,2025-05-03,2,course,,,'=quoted,'plain\n\
             Title,2025-05-04,2,course,,,''=twice,\"\tindented\"\n",
        )
        .unwrap();
        assert_eq!(
            &*original[0].title,
            "=HYPERLINK(\"http://x.example\",\"x\")"
        );
        assert_eq!(&*original[1].title, "-5 tips for charting");
        assert_eq!(
            original[1].provider.as_deref(),
            Some("=quoted"),
            "our own quote"
        );
        assert_eq!(
            original[1].note.as_deref(),
            Some("'plain"),
            "the cell's own quote"
        );
        assert_eq!(original[2].provider.as_deref(), Some("'=twice"));
        let bytes = write_csv(&original).unwrap();
        let mut reader = csv::Reader::from_reader(bytes.as_slice());
        for record in reader.records() {
            for cell in record.unwrap().iter() {
                assert!(
                    !cell.starts_with(FORMULA_STARTS),
                    "{cell:?} runs as a formula"
                );
            }
        }
        assert_eq!(
            parse(std::str::from_utf8(&bytes).unwrap()).unwrap(),
            original
        );
    }

    #[test]
    fn a_negative_number_of_points_stays_refused() {
        let errors = parse("title,date,points\nX,2025-01-01,-1\nY,2025-01-01,'-1\n").unwrap_err();
        assert_eq!(errors.len(), 2);
        assert!(errors.iter().all(|e| e.reason.contains("points")));
    }

    #[test]
    fn rows_already_logged_are_found_whatever_their_spacing_case_or_notes() {
        let logged = parse(
            "title,date,points,kind,category,approved_by,provider,note\n\
             HIPAA refresher,2025-01-11,3,course,administrative,AAMA,,\n\
             BLS,2025-10-01,4,cpr,clinical,,,\n",
        )
        .unwrap();
        let rows = parse(
            "title,date,points,kind,category,approved_by,provider,note\n\
             hipaa  Refresher ,2025-01-11,3,course,general,,Acme,a note\n\
             HIPAA refresher,2025-01-12,3,course,administrative,AAMA,,\n\
             HIPAA refresher,2025-01-11,2,course,administrative,AAMA,,\n\
             BLS,2025-10-01,1,course,clinical,,,\n\
             BLS,2025-10-01,4,cpr,clinical,AAMA,,\n",
        )
        .unwrap();
        use Seen::*;
        assert_eq!(
            seen_before(&rows, &logged),
            [InLogbook, New, New, New, InLogbook],
            "same date, title, points and kind; the rest may have been corrected"
        );
        assert_eq!(seen_before(&rows, &[]), [New, New, New, New, New]);
        let known = seen_before(&rows, &logged);
        assert_eq!(rows_to_add(&rows, &known, false), rows[1..4]);
        assert_eq!(rows_to_add(&rows, &known, true), rows);
    }

    #[test]
    fn rows_that_repeat_each_other_in_one_file_are_found_too() {
        let rows = parse(
            "title,date,points,kind\n\
             Phlebotomy update,2025-05-02,2,course\n\
             Other,2025-05-02,2,course\n\
             PHLEBOTOMY  update,2025-05-02,2,course\n\
             Phlebotomy update,2025-05-02,2,course\n\
             Phlebotomy update,2025-05-02,2.5,course\n",
        )
        .unwrap();
        use Seen::*;
        let seen = seen_before(&rows, &[]);
        assert_eq!(seen, [New, New, EarlierRow(0), EarlierRow(0), New]);
        assert_eq!(rows_to_add(&rows, &seen, false).len(), 3);
        assert_eq!(rows_to_add(&rows, &seen, true).len(), 5);
        // A row the logbook has is that, whether or not the file repeats it.
        let seen = seen_before(&rows, &rows[..1]);
        assert_eq!(seen, [InLogbook, New, InLogbook, InLogbook, New]);
    }
}
