//! A user's own spreadsheet as activities: the file told apart by its content and read as a
//! table ([`super::table`] for CSV, [`super::workbook`] for XLSX and ODS), its
//! columns matched to fields ([`super::columns`]), dates read in one order for the whole file
//! ([`super::human_dates`]), and every row checked as the form would. All or nothing.

use std::borrow::Cow;

use chrono::NaiveDate;

use super::activity::{ActivityData, ActivityDraft, Kind, Labels, TitleBuffer};
use super::columns::{Field, MapEntry, assign, yes_no};
use super::credential::Credential;
use super::dates::iso_from_bytes;
use super::human_dates::{DateOrder, parse_human_date, settle_order};
use super::rules::KindRules;
use super::table::{CellRef, Format, Place, Row, RowError, Table, file_error, read_csv};
use super::workbook::read_workbook;

/// What the user said about the file, beyond its bytes.
#[derive(Clone, Debug, Default)]
pub struct ImportOptions {
    pub sheet: Option<String>,
    /// Columns whose field the user chose (`--map`, the preview's drop-downs).
    pub map: Vec<MapEntry>,
    /// The order of day and month the user asked for; else found from the file, or US.
    pub date_order: Option<DateOrder>,
    /// The body a plain "Approved" yes/no column means.
    pub approved_means: Option<String>,
    /// The bodies the logbook's credentials name as approving (for a plain "Approved").
    pub approving_bodies: Vec<String>,
}

/// One column of the file and the field it became (`None`: ignored).
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    pub header: String,
    pub field: Option<Field>,
}

/// A file read for import: how it was read, and its rows or every bad row.
#[derive(Debug)]
pub struct ImportRead {
    pub format: Format,
    pub sheet: Option<String>,
    pub sheets: Vec<String>,
    pub columns: Vec<Column>,
    pub date_order: DateOrder,
    /// The body a plain "Approved" column was taken to mean.
    pub approved_means: Option<String>,
    /// Points are written `1,5` (a CSV separated by semicolons).
    pub decimal_comma: bool,
    pub outcome: Result<Vec<ImportedRow>, Vec<RowError>>,
}

/// A good row: where it was, the date as written, and the activity.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportedRow {
    pub place: Place,
    pub date_text: String,
    pub data: ActivityData,
}

/// The bodies credentials name as approving, each once: what a plain "Approved" column
/// means when there is exactly one.
pub fn approving_bodies<'a>(credentials: impl IntoIterator<Item = &'a Credential>) -> Vec<String> {
    let mut bodies: Vec<String> = Vec::new();
    for c in credentials {
        if let Some(a) = &c.requirement.approved
            && !bodies.iter().any(|b| b.eq_ignore_ascii_case(&a.by))
        {
            bodies.push(a.by.clone());
        }
    }
    bodies
}

/// Reads any file to import. `sheet` picks a sheet of a workbook; by default the first whose
/// first row has a header `names_field` knows, or else the first that holds anything.
pub fn read_table(
    bytes: &[u8],
    sheet: Option<&str>,
    names_field: &dyn Fn(&str) -> bool,
) -> Result<Table, RowError> {
    match bytes {
        [b'P', b'K', 3, 4, ..] => read_workbook(bytes, sheet, names_field),
        [0xD0, 0xCF, 0x11, 0xE0, ..] => Err(file_error(
            "this is an old Excel workbook (.xls); save it as .xlsx or CSV and import that",
        )),
        [b'%', b'P', b'D', b'F', ..] => Err(file_error(
            "this is a PDF, not a spreadsheet; attach it to an activity as its certificate",
        )),
        [0x89, b'P', b'N', b'G', ..] | [0xFF, 0xD8, 0xFF, ..] => Err(file_error(
            "this is a picture, not a spreadsheet; attach it to an activity as its certificate",
        )),
        _ if sheet.is_some() => Err(file_error("a CSV file has no sheets; leave the sheet out")),
        _ => read_csv(bytes),
    }
}

/// Reads a file's bytes as activities. A file that cannot be read at all is one error with
/// [`Place::File`]; otherwise the columns found are returned with the rows or the bad rows.
pub fn read_activities(
    bytes: &[u8],
    options: &ImportOptions,
    kinds: &KindRules,
    today: NaiveDate,
) -> Result<ImportRead, RowError> {
    let table = read_table(bytes, options.sheet.as_deref(), &|h| {
        Field::from_header(h).is_some()
    })?;
    let header_error = |reason: String| RowError {
        place: table.header_place.clone(),
        reason,
    };
    let fields = assign(&table.header, &options.map).map_err(header_error)?;
    let columns: Vec<Column> = table
        .header
        .iter()
        .zip(&fields)
        .map(|(h, f)| Column {
            header: h.clone(),
            field: f.clone(),
        })
        .collect();
    let at = |f: &Field| fields.iter().position(|g| g.as_ref() == Some(f));
    let date_col = at(&Field::Date);
    let date_order = options.date_order.unwrap_or_else(|| {
        // Date cells are days already; only dates written as text can say the order.
        let texts = date_col.into_iter().flat_map(|c| {
            table.rows.iter().filter_map(move |r| match r.cells.get(c) {
                CellRef::Text(t) => Some(t),
                _ => None,
            })
        });
        settle_order(texts, DateOrder::Mdy)
    });
    let approved_means = options
        .approved_means
        .clone()
        .filter(|b| !b.trim().is_empty())
        .or_else(|| match &options.approving_bodies[..] {
            [one] => Some(one.clone()),
            _ => None,
        });
    let mut read = ImportRead {
        format: table.format,
        sheet: table.sheet.clone(),
        sheets: table.sheets.clone(),
        columns,
        date_order,
        approved_means,
        decimal_comma: table.decimal_comma,
        outcome: Ok(Vec::new()),
    };
    let mut errors = header_errors(&read, &table.header_place);
    if errors.is_empty() {
        errors.extend(table.bad.iter().cloned());
        let rows = checked_rows(&table.rows, &read, (kinds, today), &mut errors);
        errors.sort_by_key(|e| e.line());
        if errors.is_empty() {
            read.outcome = Ok(rows);
            return Ok(read);
        }
    }
    read.outcome = Err(errors);
    Ok(read)
}

/// The columns an import cannot do without, and an "Approved" column without its body.
fn header_errors(read: &ImportRead, place: &Place) -> Vec<RowError> {
    let has = |f: Field| read.columns.iter().any(|c| c.field == Some(f.clone()));
    let mut reasons = Vec::new();
    for (field, name) in [(Field::Title, "title"), (Field::Date, "date")] {
        if !has(field) {
            reasons.push(format!(
                "no column holds the {name}; the headers are {}",
                read.columns
                    .iter()
                    .map(|c| format!("'{}'", c.header))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
    }
    if has(Field::Approved(None)) && read.approved_means.is_none() {
        let header = read
            .columns
            .iter()
            .find(|c| c.field == Some(Field::Approved(None)))
            .map_or("", |c| c.header.as_str());
        reasons.push(format!(
            "the column '{header}' says yes or no, but not which body approved; name the body \
             (e.g. AAMA)"
        ));
    }
    reasons
        .into_iter()
        .map(|reason| RowError {
            place: place.clone(),
            reason,
        })
        .collect()
}

/// Categories as people shorten them; any other text as it is, trimmed.
fn category_of(text: &str) -> &str {
    let trimmed = text.trim();
    let short = trimmed.trim_end_matches('.');
    let is = |words: &[&str]| words.iter().any(|w| short.eq_ignore_ascii_case(w));
    if is(&["admin", "adm", "administration"]) {
        "administrative"
    } else if is(&["clin", "clinic"]) {
        "clinical"
    } else if is(&["gen"]) {
        "general"
    } else {
        trimmed
    }
}

/// Every row of `rows` as an activity, each bad one's reason added to `errors`.
fn checked_rows(
    rows: &[Row],
    read: &ImportRead,
    rules: (&KindRules, NaiveDate),
    errors: &mut Vec<RowError>,
) -> Vec<ImportedRow> {
    let mut good: Vec<ImportedRow> = Vec::with_capacity(rows.len());
    let (mut labels, mut titles) = (Labels::default(), TitleBuffer::default());
    // One draft for all rows: each row's texts are copied into its buffers, not allocated.
    let mut draft = ActivityDraft::default();
    for row in rows {
        let checked = fill_draft(&mut draft, row, read).and_then(|date_text| {
            let data = draft
                .validate_sharing(rules.0, rules.1, (&mut labels, &mut titles))
                .map_err(|e| e.to_string())?;
            Ok((date_text, data))
        });
        match checked {
            Ok((date_text, data)) => good.push(ImportedRow {
                place: row.place.clone(),
                date_text,
                data,
            }),
            Err(reason) => errors.push(RowError {
                place: row.place.clone(),
                reason,
            }),
        }
    }
    titles.share(good.iter_mut().map(|r| &mut r.data.title));
    good
}

/// Fills `draft` with the form's fields of one row (whatever an earlier row left in it is
/// cleared first), or says why they cannot be read. Returns the date as written.
fn fill_draft(draft: &mut ActivityDraft, row: &Row, read: &ImportRead) -> Result<String, String> {
    clear(draft);
    let mut date_text = String::new();
    for (i, column) in read.columns.iter().enumerate() {
        let Some(field) = &column.field else {
            continue;
        };
        let cell = row.cells.get(i);
        let text = unguarded(cell.text());
        match field {
            Field::Title => set(&mut draft.title, &text),
            Field::Date => {
                match cell {
                    CellRef::Empty => draft.date.clear(),
                    // Written as the draft takes it (as most files do): nothing to convert.
                    CellRef::Date(_) => set(&mut draft.date, &text),
                    _ if iso_from_bytes(text.as_bytes()).is_some() => set(&mut draft.date, &text),
                    _ => {
                        let day = parse_human_date(&text, read.date_order)
                            .map_err(|e| format!("date: {e}"))?;
                        set(&mut draft.date, &day.to_string());
                    }
                };
                date_text = text.into_owned();
            }
            Field::Points => {
                set(&mut draft.points, &text);
                if let (true, Some(comma)) = (read.decimal_comma, draft.points.find(',')) {
                    draft.points.replace_range(comma..=comma, ".");
                }
            }
            Field::Kind => set(&mut draft.kind, &text),
            Field::Category => set(&mut draft.category, category_of(&text)),
            Field::ApprovedBy => {
                for body in text.split(';').map(str::trim).filter(|b| !b.is_empty()) {
                    if yes_no(body).is_some() {
                        return Err(format!(
                            "{}: '{body}' is not the name of a certifying body; write the \
                             body (e.g. AAMA), or read the column as yes/no approval",
                            column.header
                        ));
                    }
                    draft.approved_by.push(body.to_owned());
                }
            }
            Field::Approved(body) => {
                let yes = match cell {
                    CellRef::Bool(b) => b,
                    _ => yes_no(&text)
                        .ok_or_else(|| format!("{}: '{text}' is not yes or no", column.header))?,
                };
                let body = body.as_ref().or(read.approved_means.as_ref());
                if let (true, Some(body)) = (yes, body) {
                    draft.approved_by.push(body.clone());
                }
            }
            Field::Provider => set(&mut draft.provider, &text),
            Field::Note => set(&mut draft.note, &text),
            Field::Planned => {
                draft.planned = match cell {
                    CellRef::Bool(b) => b,
                    _ => match text.trim() {
                        t if t.eq_ignore_ascii_case("planned") => true,
                        t => yes_no(t).ok_or_else(|| {
                            format!("planned: '{}' is not yes or no", t.to_lowercase())
                        })?,
                    },
                }
            }
        }
    }
    // A card is one card; files written before conversions were per credential hold its
    // CMA (AAMA) worth (4) in the points column.
    if let Ok(Kind::Cpr) = draft.kind.parse::<Kind>() {
        draft.points.clear();
    }
    Ok(date_text)
}

/// `draft` as new, its texts' buffers kept. Every field is named, so a field added to the
/// draft cannot be left out here.
fn clear(draft: &mut ActivityDraft) {
    let ActivityDraft {
        title,
        date,
        points,
        kind,
        category,
        approved_by,
        provider,
        note,
        planned,
    } = draft;
    for text in [title, date, points, kind, category, provider, note] {
        text.clear();
    }
    approved_by.clear();
    *planned = false;
}

/// `to` holding `text`, in the room it has.
fn set(to: &mut String, text: &str) {
    to.clear();
    to.push_str(text);
}

/// A cell's text as the form takes it: the `'` export puts before a formula-like cell is
/// taken off again (a number's or a date's text is never guarded).
fn unguarded(text: Cow<'_, str>) -> Cow<'_, str> {
    match text {
        Cow::Borrowed(t) => Cow::Borrowed(super::csv::unguard(t)),
        owned => owned,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::RuleBook;
    use crate::domain::columns::parse_map;
    use crate::domain::dates::parse_iso;

    fn read_with(bytes: &[u8], options: &ImportOptions) -> ImportRead {
        let kinds = RuleBook::builtin().unwrap().kinds;
        read_activities(bytes, options, &kinds, parse_iso("2026-11-26").unwrap()).unwrap()
    }

    fn rows(bytes: &[u8], options: &ImportOptions) -> Vec<ImportedRow> {
        read_with(bytes, options).outcome.unwrap()
    }

    fn errors(bytes: &[u8], options: &ImportOptions) -> Vec<String> {
        let read = read_with(bytes, options);
        read.outcome
            .unwrap_err()
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    fn cma() -> ImportOptions {
        ImportOptions {
            approving_bodies: vec!["AAMA".into()],
            ..ImportOptions::default()
        }
    }

    #[test]
    fn an_excel_csv_as_the_issue_describes_it_imports_with_no_editing() {
        let file = b"Course Title,Date Completed,CEUs,Category,AAMA Approved,Provider\r\n\
            Infection control,3/14/2024,2,Clinical,Yes,AAMA e-Learning\r\n\
            Coding for MAs,4/2/2024,1.5,admin,No,County College\r\n\
            Ethics,5/20/2024,.25,gen,,\r\n";
        let rows = rows(file, &ImportOptions::default());
        let d = |r: &ImportedRow| r.data.date.to_string();
        assert_eq!(
            rows.iter().map(d).collect::<Vec<_>>(),
            ["2024-03-14", "2024-04-02", "2024-05-20"]
        );
        assert_eq!(rows[0].date_text, "3/14/2024");
        assert!(rows[0].data.approved_by("AAMA"));
        assert!(rows[1].data.approved_by.is_empty() && rows[2].data.approved_by.is_empty());
        let cats: Vec<_> = rows
            .iter()
            .map(|r| r.data.category.as_deref().unwrap())
            .collect();
        assert_eq!(cats, ["clinical", "administrative", "general"]);
        assert_eq!(rows[1].data.points.to_string(), "1.5");
        assert_eq!(rows[2].place, Place::Line(4));
    }

    #[test]
    fn a_day_over_twelve_reads_the_whole_file_day_first_unless_told() {
        let file = b"Title,Date,Points\nA,3/4/2024,1\nB,25/4/2024,1\n";
        let read = read_with(file, &ImportOptions::default());
        assert_eq!(read.date_order, DateOrder::Dmy);
        let rows = read.outcome.unwrap();
        assert_eq!(rows[0].data.date.to_string(), "2024-04-03");
        let us = ImportOptions {
            date_order: Some(DateOrder::Mdy),
            ..ImportOptions::default()
        };
        let e = errors(file, &us);
        assert_eq!(e.len(), 1);
        assert!(
            e[0].starts_with("line 3: date: '25/4/2024' has no month 25"),
            "{e:?}"
        );
        let plain = read_with(
            b"Title,Date,Points\nA,3/4/2024,1\n",
            &ImportOptions::default(),
        );
        assert_eq!(plain.date_order, DateOrder::Mdy);
        let dmy = ImportOptions {
            date_order: Some(DateOrder::Dmy),
            ..ImportOptions::default()
        };
        assert_eq!(
            rows_of_date(b"Title,Date,Points\nA,3/4/2024,1\n", &dmy),
            "2024-04-03"
        );
    }

    fn rows_of_date(file: &[u8], options: &ImportOptions) -> String {
        rows(file, options)[0].data.date.to_string()
    }

    #[test]
    fn semicolons_decimal_commas_tabs_and_windows_1252() {
        let rows_ = rows(
            b"Titel;Title;Date;Credits\r\nx;Caf\xe9 talk;14.03.2024;1,5\r\n",
            &ImportOptions::default(),
        );
        assert_eq!(&*rows_[0].data.title, "Café talk");
        assert_eq!(rows_[0].data.points.to_string(), "1.5");
        assert_eq!(rows_[0].data.date.to_string(), "2024-03-14");
        let tabs = rows(
            b"title\tdate\tpoints\nA\t\"March 14, 2024\"\t2\n",
            &ImportOptions::default(),
        );
        assert_eq!(tabs[0].data.date.to_string(), "2024-03-14");
    }

    #[test]
    fn yes_where_a_body_belongs_is_an_error_not_a_body() {
        let e = errors(
            b"title,date,points,approved_by\nA,2024-01-01,1,AAMA\nB,2024-01-02,1,Yes\nC,2024-01-03,1,No\n",
            &ImportOptions::default(),
        );
        assert_eq!(e.len(), 2, "{e:?}");
        assert!(
            e[0].starts_with("line 3: approved_by: 'Yes' is not the name"),
            "{e:?}"
        );
        assert!(e[1].starts_with("line 4:"), "{e:?}");
    }

    #[test]
    fn a_plain_approved_column_means_the_one_body_or_the_one_named() {
        let file = b"Title,Date,Points,Approved\nA,2024-01-01,1,x\nB,2024-01-02,1,\n";
        let rows_ = rows(file, &cma());
        assert!(rows_[0].data.approved_by("AAMA") && rows_[1].data.approved_by.is_empty());
        let e = errors(file, &ImportOptions::default());
        assert!(
            e[0].starts_with("line 1: the column 'Approved' says yes or no"),
            "{e:?}"
        );
        let two = ImportOptions {
            approving_bodies: vec!["AAMA".into(), "XYZ".into()],
            approved_means: Some("NHA".into()),
            ..ImportOptions::default()
        };
        assert!(rows(file, &two)[0].data.approved_by("NHA"));
        let e = errors(
            b"Title,Date,Points,Approved\nA,2024-01-01,1,maybe\n",
            &cma(),
        );
        assert!(e[0].contains("'maybe' is not yes or no"), "{e:?}");
    }

    #[test]
    fn google_sheets_checkboxes_and_extra_columns() {
        let file = b"Activity,Completed On,Contact Hours,NHA approved,Color,Notes\r\n\
            Webinar,2024-06-01,1,TRUE,red,first\r\nSeminar,2024-06-02,2,FALSE,,\r\n";
        let read = read_with(file, &ImportOptions::default());
        let ignored: Vec<_> = read.columns.iter().filter(|c| c.field.is_none()).collect();
        assert_eq!(ignored.len(), 1);
        assert_eq!(ignored[0].header, "Color");
        let rows = read.outcome.unwrap();
        assert!(rows[0].data.approved_by("NHA") && !rows[1].data.approved_by("NHA"));
        assert_eq!(rows[0].data.note.as_deref(), Some("first"));
    }

    #[test]
    fn a_map_names_what_the_headers_do_not() {
        let file = b"What,When,Worth\nA,2024-01-01,2\n";
        let e = errors(file, &ImportOptions::default());
        assert!(
            e[0].contains("no column holds the title") && e[1].contains("the date"),
            "{e:?}"
        );
        let map = ImportOptions {
            map: parse_map("What=title,When=date,Worth=points").unwrap(),
            ..ImportOptions::default()
        };
        assert_eq!(rows(file, &map)[0].data.points.to_string(), "2");
    }

    #[test]
    fn what_is_not_a_spreadsheet_says_what_it_is() {
        let any = |_: &str| true;
        let e = read_table(b"%PDF-1.7 ...", None, &any).unwrap_err();
        assert!(e.reason.contains("PDF"), "{e}");
        let e = read_table(b"\xD0\xCF\x11\xE0rest", None, &any).unwrap_err();
        assert!(e.reason.contains(".xls"), "{e}");
        let e = read_table(b"PK\x03\x04broken", None, &any).unwrap_err();
        assert!(e.reason.contains("damaged"), "{e}");
        let e = read_table(b"a,b\n", Some("Sheet1"), &any).unwrap_err();
        assert!(e.reason.contains("no sheets"), "{e}");
    }
}
