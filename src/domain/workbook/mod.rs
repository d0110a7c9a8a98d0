//! Workbooks to import: XLSX (Excel, Google Sheets, LibreOffice) and ODS (LibreOffice) read
//! with calamine from bytes, into the [`Table`] the CSV reader makes too. What a hostile file
//! can cost is bounded: its unpacked size is checked before it is read, XLSX cells are
//! streamed one by one, ODS repeats are counted before calamine expands them
//! (`ods_cells.rs`), and rows and columns are counted as they come.

mod ods_cells;

use std::io::{Cursor, Read};
use std::sync::Arc;

use calamine::{DataType, ExcelDateTime, Ods, Reader, Xlsx};
use chrono::NaiveDate;

use super::table::{
    CellRef, Cells, Format, MAX_COLUMNS, MAX_ROWS, MAX_UNPACKED_BYTES, Place, Row, RowError, Table,
    file_error,
};

/// Refuses a ZIP whose entries unpack to more than [`MAX_UNPACKED_BYTES`], and says what
/// kind of workbook it is.
fn workbook_format(bytes: &[u8]) -> Result<Format, RowError> {
    let damaged = |e: zip::result::ZipError| {
        file_error(format!(
            "this spreadsheet is damaged or not a spreadsheet ({e}); open it and save it again"
        ))
    };
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(damaged)?;
    let mut unpacked: u64 = 0;
    let mut names = Vec::new();
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).map_err(damaged)?;
        unpacked = unpacked.saturating_add(entry.size());
        names.push(entry.name().map(|n| n.to_string()).unwrap_or_default());
    }
    if unpacked > MAX_UNPACKED_BYTES {
        return Err(file_error(format!(
            "this spreadsheet unpacks to more than {} MB; a logbook needs far less: copy the \
             rows into a new file",
            MAX_UNPACKED_BYTES / (1024 * 1024)
        )));
    }
    if names.iter().any(|n| n == "xl/workbook.xml") {
        return Ok(Format::Xlsx);
    }
    let mut mimetype = String::new();
    if let Ok(entry) = zip.by_name("mimetype") {
        let _ = entry.take(200).read_to_string(&mut mimetype);
    }
    if mimetype.trim() == "application/vnd.oasis.opendocument.spreadsheet" {
        // calamine expands every sheet's repeated cells as it opens the file: count first.
        if let Ok(content) = zip.by_name("content.xml") {
            ods_cells::check(std::io::BufReader::new(content))
                .map_err(|e| file_error(format!("this spreadsheet cannot be read: {e}")))?;
        }
        return Ok(Format::Ods);
    }
    Err(file_error(
        "this is a ZIP file, not a spreadsheet (XLSX or ODS) or CSV file",
    ))
}

pub(super) fn read_workbook(
    bytes: &[u8],
    wanted: Option<&str>,
    names_field: &dyn Fn(&str) -> bool,
) -> Result<Table, RowError> {
    let format = workbook_format(bytes)?;
    let unreadable = |e: &dyn std::fmt::Display| {
        file_error(format!(
            "this spreadsheet cannot be read ({e}); open it and save it again"
        ))
    };
    let mut sheets = Sheets::open(format, bytes).map_err(|e| unreadable(&e))?;
    let names = sheets.names();
    let order: Vec<&String> = match wanted {
        Some(w) => {
            let found = names.iter().find(|n| n.as_str() == w);
            let found = found.or_else(|| names.iter().find(|n| n.eq_ignore_ascii_case(w)));
            vec![found.ok_or_else(|| {
                file_error(format!(
                    "there is no sheet '{w}'; the sheets are {}",
                    quoted_list(&names)
                ))
            })?]
        }
        None => names.iter().collect(),
    };
    let mut first_with_rows = None;
    for name in order {
        let rows = sheets.rows(name).map_err(|e| unreadable(&e))?;
        let Some(table) = table_of(format, name, &names, rows)? else {
            continue;
        };
        if wanted.is_some() || table.header.iter().any(|h| names_field(h)) {
            return Ok(table);
        }
        first_with_rows.get_or_insert(table);
    }
    first_with_rows.ok_or_else(|| match wanted {
        Some(w) => file_error(format!("the sheet '{w}' is empty")),
        None => file_error("every sheet of this spreadsheet is empty"),
    })
}

fn quoted_list(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("'{n}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A sheet's cells, row by row (0-based row numbers as the sheet has them), header first.
type SheetRows = Vec<(u32, Cells)>;

/// Header and rows of one sheet, or `None` for an empty sheet.
fn table_of(
    format: Format,
    name: &str,
    names: &[String],
    rows: SheetRows,
) -> Result<Option<Table>, RowError> {
    let mut rows = rows
        .into_iter()
        .filter(|(_, cells)| cells.iter().any(|c| c != CellRef::Empty));
    let Some((header_row, header)) = rows.next() else {
        return Ok(None);
    };
    let sheet: Arc<str> = Arc::from(name);
    let place = |row: u32| Place::Row {
        sheet: sheet.clone(),
        row: u64::from(row) + 1,
    };
    let header: Vec<String> = header.iter().map(|c| c.text().trim().to_owned()).collect();
    let width = header.len();
    let mut table = Table {
        format,
        sheet: Some(name.to_owned()),
        sheets: names.to_vec(),
        header_place: place(header_row),
        header,
        rows: Vec::new(),
        bad: Vec::new(),
        decimal_comma: false,
    };
    for (row, mut cells) in rows {
        if table.rows.len() >= MAX_ROWS {
            return Err(file_error(format!(
                "the sheet '{name}' has more than {MAX_ROWS} rows; split it and import each part"
            )));
        }
        if cells.iter().skip(width).any(|c| c != CellRef::Empty) {
            table.bad.push(RowError {
                place: place(row),
                reason: "has a value right of the last headed column; give that column a \
                         header"
                    .into(),
            });
            continue;
        }
        cells.resize(width);
        table.rows.push(Row {
            place: place(row),
            cells,
        });
    }
    Ok(Some(table))
}

/// The workbook readers, one interface.
// One lives at a time, on the stack of one call: boxing would buy nothing.
#[allow(clippy::large_enum_variant)]
enum Sheets<'a> {
    Xlsx(Xlsx<Cursor<&'a [u8]>>),
    Ods(Ods<Cursor<&'a [u8]>>),
}

impl<'a> Sheets<'a> {
    fn open(format: Format, bytes: &'a [u8]) -> Result<Self, String> {
        let cursor = Cursor::new(bytes);
        match format {
            Format::Ods => Ods::new(cursor).map(Sheets::Ods).map_err(|e| e.to_string()),
            _ => Xlsx::new(cursor)
                .map(Sheets::Xlsx)
                .map_err(|e| e.to_string()),
        }
    }

    fn names(&self) -> Vec<String> {
        match self {
            Sheets::Xlsx(x) => x.sheet_names(),
            Sheets::Ods(o) => o.sheet_names(),
        }
    }

    /// Every row of a sheet that holds something. XLSX is streamed cell by cell, so a sheet
    /// that claims a million columns costs nothing until a cell is really there.
    fn rows(&mut self, name: &str) -> Result<SheetRows, String> {
        let mut rows = SheetCells::default();
        let mut put = |row, col, value: &dyn DataType| -> Result<(), String> {
            match value.get_error() {
                // As the spreadsheet shows it, e.g. #Div0.
                Some(e) => rows.put(row, col, CellRef::Text(&format!("#{e:?}"))),
                None => rows.put(row, col, cell_of(value)),
            }
        };
        match self {
            Sheets::Xlsx(x) => {
                let mut cells = x.worksheet_cells_reader(name).map_err(|e| e.to_string())?;
                while let Some(cell) = cells.next_cell().map_err(|e| e.to_string())? {
                    let (row, col) = cell.get_position();
                    put(row, col, cell.get_value())?;
                }
            }
            Sheets::Ods(o) => {
                let range = o.worksheet_range(name).map_err(|e| e.to_string())?;
                let (top, left) = range.start().unwrap_or((0, 0));
                for (r, row) in range.rows().enumerate() {
                    for (c, value) in row.iter().enumerate() {
                        let at = |base: u32, i: usize| base.saturating_add(i as u32);
                        put(at(top, r), at(left, c), value)?;
                    }
                }
            }
        }
        Ok(rows.into_rows())
    }
}

/// A sheet's cells as they come, gathered into rows. Sheets are written row by row, so a cell
/// almost always belongs to the last row or starts the next, and rows are kept in a list;
/// a cell of an earlier row that is not there yet goes to `late` (a hostile file may send
/// every row backwards, and inserting into the list would be quadratic).
#[derive(Default)]
struct SheetCells {
    rows: SheetRows,
    late: std::collections::BTreeMap<u32, Cells>,
}

impl SheetCells {
    fn put(&mut self, row: u32, col: u32, cell: CellRef<'_>) -> Result<(), String> {
        if cell == CellRef::Empty {
            return Ok(());
        }
        let col = col as usize;
        if col >= MAX_COLUMNS {
            return Err(format!("a value beyond column {MAX_COLUMNS}"));
        }
        let cells = match self.rows.last() {
            Some((last, _)) if *last == row => self.rows.last_mut().map(|r| &mut r.1),
            Some((last, _)) if *last > row => match self.rows.binary_search_by_key(&row, |r| r.0) {
                Ok(at) => self.rows.get_mut(at).map(|r| &mut r.1),
                Err(_) => Some(self.late.entry(row).or_default()),
            },
            _ => {
                // Room as the row before had, so its cells are not grown one by one.
                let cells = self.rows.last().map(|(_, c)| c.empty_like());
                self.rows.push((row, cells.unwrap_or_default()));
                self.rows.last_mut().map(|r| &mut r.1)
            }
        };
        let Some(cells) = cells else {
            return Ok(());
        };
        cells.set(col, cell);
        // A bound on memory only: one row past the header and `MAX_ROWS` is kept, so that
        // `table_of` says which sheet has too many rows and what to do.
        if self.rows.len() + self.late.len() > MAX_ROWS + 2 {
            return Err(format!("more than {MAX_ROWS} rows"));
        }
        Ok(())
    }

    /// Every row in order. The late rows' numbers are never in `rows`: a row is pushed there
    /// only past every row seen, and a late row only before the last.
    fn into_rows(self) -> SheetRows {
        if self.late.is_empty() {
            return self.rows;
        }
        let mut all: SheetRows = self.rows.into_iter().chain(self.late).collect();
        all.sort_unstable_by_key(|r| r.0);
        all
    }
}

/// A date cell's day. Only serial numbers of days from 1900 to 9999 are converted: beyond
/// them a "date" is a hostile number that calamine's date arithmetic would panic on.
fn date_cell(d: &ExcelDateTime) -> CellRef<'static> {
    let serial = d.as_f64();
    let date = (1.0..2_958_466.0)
        .contains(&serial)
        .then(|| d.as_datetime())
        .flatten();
    date.map_or(CellRef::Number(serial), |d| CellRef::Date(d.date()))
}

fn iso_day(text: &str) -> CellRef<'_> {
    text.get(..10)
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .map_or(CellRef::Text(text), CellRef::Date)
}

/// A calamine cell (XLSX's `DataRef`, ODS's `Data`) as ours, its text borrowed; an error
/// cell is the caller's (its text is made).
fn cell_of(value: &dyn DataType) -> CellRef<'_> {
    if let Some(text) = value.get_string().or(value.get_duration_iso()) {
        CellRef::Text(text)
    } else if let Some(n) = value.get_float() {
        CellRef::Number(n)
    } else if let Some(i) = value.get_int() {
        CellRef::Number(i as f64)
    } else if let Some(b) = value.get_bool() {
        CellRef::Bool(b)
    } else if let Some(d) = value.get_datetime() {
        date_cell(&d)
    } else if let Some(text) = value.get_datetime_iso() {
        iso_day(text)
    } else {
        CellRef::Empty
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_out_of_row_order_are_put_in_their_rows() {
        let mut sheet = SheetCells::default();
        let cells = [
            (0, 0, "a"),
            (2, 0, "c"),
            (0, 1, "b"),
            (1, 1, "y"),
            (1, 0, "x"),
            (2, 1, "d"),
            (5, 0, "f"),
            (3, 0, "e"),
        ];
        for (row, col, text) in cells {
            sheet.put(row, col, CellRef::Text(text)).unwrap();
        }
        sheet.put(4, 0, CellRef::Empty).unwrap();
        let rows: Vec<(u32, Vec<String>)> = sheet
            .into_rows()
            .into_iter()
            .map(|(row, cells)| (row, cells.iter().map(|c| c.text().into_owned()).collect()))
            .collect();
        let row = |n: u32, texts: &[&str]| (n, texts.iter().map(|t| t.to_string()).collect());
        assert_eq!(
            rows,
            [
                row(0, &["a", "b"]),
                row(1, &["x", "y"]),
                row(2, &["c", "d"]),
                row(3, &["e"]),
                row(5, &["f"]),
            ]
        );
    }
}
