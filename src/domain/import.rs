//! A user's own spreadsheet as activities: the table of a file ([`super::table`]), its
//! columns matched to fields ([`super::columns`]), dates read in one order for the whole file
//! ([`super::human_dates`]), and every row checked as the form would. All or nothing.

use chrono::NaiveDate;

use super::activity::{ActivityData, ActivityDraft, Kind};
use super::columns::{Field, MapEntry, assign, yes_no};
use super::human_dates::{DateOrder, parse_human_date, settle_order};
use super::rules::KindRules;
use super::table::{Cell, Format, Place, RowError, read_table};

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
    pub outcome: Result<Vec<ImportedRow>, Vec<RowError>>,
}

/// A good row: where it was, the date as written, and the activity.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportedRow {
    pub place: Place,
    pub date_text: String,
    pub data: ActivityData,
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
        let texts: Vec<String> = date_col
            .map(|c| table.rows.iter().map(|r| r.cells[c].text()).collect())
            .unwrap_or_default();
        settle_order(texts.iter().map(String::as_str), DateOrder::Mdy)
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
        outcome: Ok(Vec::new()),
    };
    let mut errors = header_errors(&read, &table.header_place);
    if errors.is_empty() {
        errors.extend(table.bad.iter().cloned());
        let mut rows = Vec::new();
        for row in &table.rows {
            match row_of(&row.cells, &read, kinds, today) {
                Ok((date_text, data)) => rows.push(ImportedRow {
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

/// Categories as people shorten them.
fn category_of(text: &str) -> String {
    let trimmed = text.trim();
    match trimmed.to_lowercase().trim_end_matches('.') {
        "admin" | "adm" | "administration" => "administrative".into(),
        "clin" | "clinic" => "clinical".into(),
        "gen" => "general".into(),
        _ => trimmed.to_owned(),
    }
}

/// The form's fields of one row, or why they cannot be read. Returns the date as written too.
fn row_of(
    cells: &[Cell],
    read: &ImportRead,
    kinds: &KindRules,
    today: NaiveDate,
) -> Result<(String, ActivityData), String> {
    let mut draft = ActivityDraft::default();
    let mut date_text = String::new();
    for (cell, column) in cells.iter().zip(&read.columns) {
        let Some(field) = &column.field else {
            continue;
        };
        let text = cell_text(cell);
        match field {
            Field::Title => draft.title = text,
            Field::Date => {
                date_text = text.clone();
                draft.date = match cell {
                    Cell::Date(d) => d.to_string(),
                    Cell::Empty => String::new(),
                    _ => parse_human_date(&text, read.date_order)
                        .map_err(|e| format!("date: {e}"))?
                        .to_string(),
                };
            }
            Field::Points => draft.points = text,
            Field::Kind => draft.kind = text,
            Field::Category => draft.category = category_of(&text),
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
                    Cell::Bool(b) => *b,
                    _ => yes_no(&text).ok_or_else(|| {
                        format!("{}: '{text}' is not yes or no", column.header)
                    })?,
                };
                let body = body.clone().or_else(|| read.approved_means.clone());
                if let (true, Some(body)) = (yes, body) {
                    draft.approved_by.push(body);
                }
            }
            Field::Provider => draft.provider = text,
            Field::Note => draft.note = text,
            Field::Planned => {
                draft.planned = match cell {
                    Cell::Bool(b) => *b,
                    _ => match text.trim().to_lowercase().as_str() {
                        "planned" => true,
                        other => yes_no(other)
                            .ok_or_else(|| format!("planned: '{other}' is not yes or no"))?,
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
    let data = draft.validate(kinds, today).map_err(|e| e.to_string())?;
    Ok((date_text, data))
}

/// A cell's text as the form takes it; the `'` export puts before a formula-like cell is
/// taken off again.
fn cell_text(cell: &Cell) -> String {
    match cell {
        Cell::Text(t) => super::csv::unguard(t).to_owned(),
        other => other.text(),
    }
}
