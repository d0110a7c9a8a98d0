//! A file to import as a table of cells, whatever made it: CSV or TSV (comma, semicolon or tab,
//! UTF-8 with or without BOM, or Windows-1252), XLSX or ODS. Told apart by content, never by
//! the file's name. Works on bytes (no I/O), bounded in what a hostile file can make it hold.

use std::io::{Cursor, Read};

use calamine::{Data, DataRef, Ods, Reader, Xlsx};
use chrono::NaiveDate;

/// Most rows one import may hold: a bound on memory and on a mistaken file.
pub const MAX_ROWS: usize = 200_000;
/// Most columns a row may use; a logbook needs about ten.
pub const MAX_COLUMNS: usize = 256;
/// The most a spreadsheet may unpack to (its XML): a ZIP bomb is refused before it is read.
pub const MAX_UNPACKED_BYTES: u64 = 256 * 1024 * 1024;

/// Where a row is, as the user sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Place {
    /// The file as a whole.
    File,
    /// A CSV file's physical line (the header is line 1).
    Line(u64),
    /// A spreadsheet's sheet and row number as it shows them.
    Row { sheet: String, row: u64 },
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Place::File => f.write_str("the file"),
            Place::Line(n) => write!(f, "line {n}"),
            Place::Row { sheet, row } => write!(f, "{sheet} row {row}"),
        }
    }
}

/// A bad row (or header, or file), and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowError {
    pub place: Place,
    pub reason: String,
}

impl RowError {
    /// The CSV line or sheet row number, if the error has one.
    pub fn line(&self) -> Option<u64> {
        match self.place {
            Place::File => None,
            Place::Line(n) | Place::Row { row: n, .. } => Some(n),
        }
    }
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.place {
            Place::File => f.write_str(&self.reason),
            _ => write!(f, "{}: {}", self.place, self.reason),
        }
    }
}

/// One cell as the file holds it.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    /// A spreadsheet's date cell.
    Date(NaiveDate),
    Bool(bool),
}

impl Cell {
    /// The cell as the user sees it.
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.clone(),
            Cell::Number(n) => number_text(*n),
            Cell::Date(d) => d.to_string(),
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
        }
    }
}

/// A number as a spreadsheet shows it: `2`, `1.5`, `0.25` (no binary noise such as
/// 0.30000000000000004).
fn number_text(n: f64) -> String {
    let text = format!("{n:.6}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" { "0".into() } else { text.into() }
}

/// One row below the header.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub place: Place,
    pub cells: Vec<Cell>,
}

/// What a file is, found from its bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Csv,
    Xlsx,
    Ods,
}

/// A file read as a header and rows.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    pub format: Format,
    /// The sheet read (`None` for CSV), and every sheet of the workbook.
    pub sheet: Option<String>,
    pub sheets: Vec<String>,
    pub header_place: Place,
    pub header: Vec<String>,
    pub rows: Vec<Row>,
    /// Rows that could not be read at all (a broken quote, a wrong number of fields).
    pub bad: Vec<RowError>,
    /// Numbers are written with a decimal comma (a CSV separated by semicolons: `1,5`).
    pub decimal_comma: bool,
}

fn file_error(reason: impl Into<String>) -> RowError {
    RowError {
        place: Place::File,
        reason: reason.into(),
    }
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
        _ if sheet.is_some() => Err(file_error(
            "a CSV file has no sheets; leave the sheet out",
        )),
        _ => read_csv(bytes),
    }
}

/// Text from UTF-8 (with or without a byte-order mark) or, failing that, Windows-1252 (what
/// Excel on Windows saves as "CSV").
fn decode(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => text.into(),
        Err(_) => encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0,
    }
}

/// The separator the header line uses most: comma, semicolon (Excel where the decimal mark
/// is a comma) or tab; quoted text does not count.
fn sniff_delimiter(text: &str) -> u8 {
    let mut counts = [(b',', 0), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for b in text.bytes() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            _ if !quoted => {
                if let Some(c) = counts.iter_mut().find(|(d, _)| *d == b) {
                    c.1 += 1;
                }
            }
            _ => {}
        }
    }
    counts
        .iter()
        .rev()
        .max_by_key(|(_, n)| *n)
        .map_or(b',', |(d, _)| *d)
}

/// The physical line a record starts on, counted from its byte offset: the CSV reader's own
/// count is one short after Windows line ends (it counts a record's `\n` with the next one).
struct Lines<'a> {
    text: &'a [u8],
    byte: usize,
    line: u64,
}

impl Lines<'_> {
    /// Offsets only grow while a file is read, so each byte is counted once.
    fn at(&mut self, byte: u64) -> u64 {
        let byte = usize::try_from(byte).unwrap_or(usize::MAX).min(self.text.len());
        if byte > self.byte {
            let newlines = self.text[self.byte..byte].iter().filter(|b| **b == b'\n');
            self.line += newlines.count() as u64;
            self.byte = byte;
        }
        // A record found at the `\n` of the line before starts on the next line.
        match self.text.get(byte) {
            Some(b'\n') => self.line + 1,
            _ => self.line,
        }
    }
}

fn read_csv(bytes: &[u8]) -> Result<Table, RowError> {
    let text = decode(bytes);
    let delimiter = sniff_delimiter(&text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut record = csv::ByteRecord::new();
    let text_of = |cell: &[u8]| String::from_utf8_lossy(cell).into_owned();
    let header = match reader.read_byte_record(&mut record) {
        Ok(true) => record.iter().map(|h| text_of(h).trim().to_owned()).collect::<Vec<_>>(),
        Ok(false) => return Err(file_error("the file is empty; its first line must be the header")),
        Err(e) => {
            return Err(RowError {
                place: Place::Line(1),
                reason: format!("unreadable CSV: {e}"),
            });
        }
    };
    let mut table = Table {
        format: Format::Csv,
        sheet: None,
        sheets: Vec::new(),
        header_place: Place::Line(1),
        header,
        rows: Vec::new(),
        bad: Vec::new(),
        decimal_comma: delimiter == b';',
    };
    let mut lines = Lines {
        text: text.as_bytes(),
        byte: 0,
        line: 1,
    };
    loop {
        let line = lines.at(reader.position().byte());
        let fail = |line, reason| RowError {
            place: Place::Line(line),
            reason,
        };
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                table.bad.push(fail(line, format!("unreadable CSV: {e}")));
                break;
            }
        }
        let line = record.position().map_or(line, |p| lines.at(p.byte()));
        if table.rows.len() + table.bad.len() >= MAX_ROWS {
            table.bad.push(fail(
                line,
                format!("more than {MAX_ROWS} rows; split the file and import each part"),
            ));
            break;
        }
        // A line with nothing on it (often the last of a file saved by hand) is no row.
        if record.len() == 1 && record[0].trim_ascii().is_empty() {
            continue;
        }
        if record.len() != table.header.len() {
            let reason = format!(
                "has {} fields, but the header has {}",
                record.len(),
                table.header.len()
            );
            table.bad.push(fail(line, reason));
            continue;
        }
        let cells = record.iter().map(|c| Cell::Text(text_of(c))).collect();
        table.rows.push(Row {
            place: Place::Line(line),
            cells,
        });
    }
    Ok(table)
}

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
        return Ok(Format::Ods);
    }
    Err(file_error(
        "this is a ZIP file, not a spreadsheet (XLSX or ODS) or CSV file",
    ))
}

fn read_workbook(
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
type SheetRows = Vec<(u32, Vec<Cell>)>;

/// Header and rows of one sheet, or `None` for an empty sheet.
fn table_of(
    format: Format,
    name: &str,
    names: &[String],
    rows: SheetRows,
) -> Result<Option<Table>, RowError> {
    let mut rows = rows
        .into_iter()
        .filter(|(_, cells)| cells.iter().any(|c| *c != Cell::Empty));
    let Some((header_row, header)) = rows.next() else {
        return Ok(None);
    };
    let place = |row: u32| Place::Row {
        sheet: name.to_owned(),
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
        if cells[width.min(cells.len())..].iter().any(|c| *c != Cell::Empty) {
            table.bad.push(RowError {
                place: place(row),
                reason: "has a value right of the last headed column; give that column a \
                         header"
                    .into(),
            });
            continue;
        }
        cells.resize(width, Cell::Empty);
        table.rows.push(Row {
            place: place(row),
            cells,
        });
    }
    Ok(Some(table))
}

/// The workbook readers, one interface.
enum Sheets<'a> {
    Xlsx(Xlsx<Cursor<&'a [u8]>>),
    Ods(Ods<Cursor<&'a [u8]>>),
}

impl<'a> Sheets<'a> {
    fn open(format: Format, bytes: &'a [u8]) -> Result<Self, String> {
        let cursor = Cursor::new(bytes);
        match format {
            Format::Ods => Ods::new(cursor).map(Sheets::Ods).map_err(|e| e.to_string()),
            _ => Xlsx::new(cursor).map(Sheets::Xlsx).map_err(|e| e.to_string()),
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
        let mut rows: std::collections::BTreeMap<u32, Vec<Cell>> = Default::default();
        let mut put = |row: u32, col: u32, cell: Cell| -> Result<(), String> {
            if cell == Cell::Empty {
                return Ok(());
            }
            let col = col as usize;
            if col >= MAX_COLUMNS {
                return Err(format!("a value beyond column {MAX_COLUMNS}"));
            }
            if rows.len() > MAX_ROWS + 1 && !rows.contains_key(&row) {
                return Err(format!("more than {MAX_ROWS} rows"));
            }
            let cells = rows.entry(row).or_default();
            if cells.len() <= col {
                cells.resize(col + 1, Cell::Empty);
            }
            cells[col] = cell;
            Ok(())
        };
        match self {
            Sheets::Xlsx(x) => {
                let mut cells = x.worksheet_cells_reader(name).map_err(|e| e.to_string())?;
                while let Some(cell) = cells.next_cell().map_err(|e| e.to_string())? {
                    let (row, col) = cell.get_position();
                    put(row, col, cell_of_ref(cell.get_value()))?;
                }
            }
            Sheets::Ods(o) => {
                let range = o.worksheet_range(name).map_err(|e| e.to_string())?;
                let (top, left) = range.start().unwrap_or((0, 0));
                for (r, row) in range.rows().enumerate() {
                    for (c, value) in row.iter().enumerate() {
                        let at = |base: u32, i: usize| base.saturating_add(i as u32);
                        put(at(top, r), at(left, c), cell_of(value))?;
                    }
                }
            }
        }
        Ok(rows.into_iter().collect())
    }
}

/// The serial numbers of dates a logbook can hold (1900 to 9999): beyond them a "date" is
/// a hostile number that date arithmetic would overflow on.
fn date_of_serial(serial: f64, date: Option<chrono::NaiveDateTime>) -> Cell {
    match date {
        Some(d) if (1.0..2_958_466.0).contains(&serial) => Cell::Date(d.date()),
        _ => Cell::Number(serial),
    }
}

fn iso_day(text: &str) -> Cell {
    text.get(..10)
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .map_or_else(|| Cell::Text(text.to_owned()), Cell::Date)
}

fn cell_of_ref(value: &DataRef<'_>) -> Cell {
    match value {
        DataRef::Empty => Cell::Empty,
        DataRef::String(s) => Cell::Text(s.clone()),
        DataRef::SharedString(s) => Cell::Text((*s).to_owned()),
        DataRef::Float(f) => Cell::Number(*f),
        DataRef::Int(i) => Cell::Number(*i as f64),
        DataRef::Bool(b) => Cell::Bool(*b),
        DataRef::DateTime(d) => {
            let serial = d.as_f64();
            let safe = (1.0..2_958_466.0).contains(&serial);
            date_of_serial(serial, safe.then(|| d.as_datetime()).flatten())
        }
        DataRef::DateTimeIso(s) => iso_day(s),
        DataRef::DurationIso(s) => Cell::Text(s.clone()),
        DataRef::Error(e) => Cell::Text(format!("#{e:?}")),
    }
}

fn cell_of(value: &Data) -> Cell {
    match value {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Float(f) => Cell::Number(*f),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(d) => {
            let serial = d.as_f64();
            let safe = (1.0..2_958_466.0).contains(&serial);
            date_of_serial(serial, safe.then(|| d.as_datetime()).flatten())
        }
        Data::DateTimeIso(s) => iso_day(s),
        Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Text(format!("#{e:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn any(_: &str) -> bool {
        true
    }

    fn csv(bytes: &[u8]) -> Table {
        read_table(bytes, None, &any).unwrap()
    }

    #[test]
    fn the_separator_is_found_from_the_header() {
        assert_eq!(csv(b"a;b;c\n1;2,5;3\n").rows[0].cells[1], Cell::Text("2,5".into()));
        assert_eq!(csv(b"a\tb\n1\t2\n").header, ["a", "b"]);
        assert_eq!(csv(b"\"x;y\",b\n1,2\n").header, ["x;y", "b"]);
    }

    #[test]
    fn windows_1252_and_a_bom_are_read() {
        let t = csv(b"title,date\r\nCaf\xe9 \x93 talk\x94,2024-01-01\r\n");
        assert_eq!(t.rows[0].cells[0], Cell::Text("Café \u{201c} talk\u{201d}".into()));
        assert_eq!(t.rows[0].place, Place::Line(2));
        let t = csv("\u{feff}title,date\nCafé,2024-01-01\n".as_bytes());
        assert_eq!(t.header[0], "title");
        assert_eq!(t.rows[0].cells[0], Cell::Text("Café".into()));
    }

    #[test]
    fn numbers_show_as_a_spreadsheet_shows_them() {
        assert_eq!(Cell::Number(2.0).text(), "2");
        assert_eq!(Cell::Number(0.1 + 0.2).text(), "0.3");
        assert_eq!(Cell::Number(1.25).text(), "1.25");
    }

    #[test]
    fn what_is_not_a_spreadsheet_says_what_it_is() {
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
