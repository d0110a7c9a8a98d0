//! A file to import as a table of cells: the types every reader makes ([`Table`], each row's
//! [`Cells`] read as [`CellRef`]s, and [`RowError`] with the [`Place`] a user sees), and the
//! CSV/TSV reader (comma, semicolon
//! or tab, found from the header line; UTF-8 with or without BOM, or Windows-1252). Workbooks
//! are [`super::workbook`]'s. Works on bytes (no I/O), bounded in what a file can make it hold.

use std::borrow::Cow;
use std::sync::Arc;

use chrono::{Datelike, NaiveDate};

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
    /// A spreadsheet's sheet and row number as it shows them (the sheet's name shared by
    /// every row of it, not copied for each).
    Row { sheet: Arc<str>, row: u64 },
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

/// A number as a spreadsheet shows it: `2`, `1.5`, `0.25` (no binary noise such as
/// 0.30000000000000004).
fn number_text(n: f64) -> String {
    // Most numbers print shortest with at most 6 decimals (2, 1.5, 0.25). Below 1e9 a float
    // is within 6e-8 of that text, so rounding to 6 decimals gives the same, without the
    // exact arithmetic rounding costs (an import formats one a row).
    if n.abs() < 1e9 {
        let short = n.to_string();
        if short
            .split_once('.')
            .is_none_or(|(_, decimals)| decimals.len() <= 6)
        {
            return if short == "-0" { "0".into() } else { short };
        }
    }
    let text = format!("{n:.6}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".into()
    } else {
        text.into()
    }
}

/// One row below the header.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub place: Place,
    pub cells: Cells,
}

/// A row's cells, their texts kept in one buffer: an import reads each cell once and copies
/// what it keeps, and a buffer a cell was most of what reading a file cost.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Cells {
    text: String,
    slots: Vec<Slot>,
}

/// A cell of [`Cells`]: a text is a range of the row's buffer.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Slot {
    Empty,
    Text(usize, usize),
    Number(f64),
    Date(NaiveDate),
    Bool(bool),
}

impl Cells {
    /// Room for `text` bytes of text in `cells` cells.
    pub fn with_capacity(text: usize, cells: usize) -> Cells {
        Cells {
            text: String::with_capacity(text),
            slots: Vec::with_capacity(cells),
        }
    }

    /// Sets cell `col` (from 0), the row growing to hold it.
    pub fn set(&mut self, col: usize, cell: CellRef<'_>) {
        let slot = match cell {
            CellRef::Empty => Slot::Empty,
            CellRef::Text(t) => {
                let start = self.text.len();
                self.text.push_str(t);
                Slot::Text(start, self.text.len())
            }
            CellRef::Number(n) => Slot::Number(n),
            CellRef::Date(d) => Slot::Date(d),
            CellRef::Bool(b) => Slot::Bool(b),
        };
        match self.slots.get_mut(col) {
            Some(at) => *at = slot,
            None => {
                self.slots.resize(col, Slot::Empty);
                self.slots.push(slot);
            }
        }
    }

    /// An empty row with the room this one has used (the next row of a sheet is much alike).
    pub fn empty_like(&self) -> Cells {
        Cells::with_capacity(self.text.len(), self.slots.len())
    }

    /// Cell `i` (columns from 0); past the row's end, empty.
    pub fn get(&self, i: usize) -> CellRef<'_> {
        match self.slots.get(i) {
            None | Some(Slot::Empty) => CellRef::Empty,
            Some(Slot::Text(start, end)) => {
                CellRef::Text(self.text.get(*start..*end).unwrap_or(""))
            }
            Some(Slot::Number(n)) => CellRef::Number(*n),
            Some(Slot::Date(d)) => CellRef::Date(*d),
            Some(Slot::Bool(b)) => CellRef::Bool(*b),
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = CellRef<'_>> {
        (0..self.slots.len()).map(|i| self.get(i))
    }

    /// Exactly `width` cells: empty ones added, or those past it dropped.
    pub fn resize(&mut self, width: usize) {
        self.slots.resize(width, Slot::Empty);
    }
}

/// A cell of a [`Row`], borrowed.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum CellRef<'a> {
    Empty,
    Text(&'a str),
    Number(f64),
    Date(NaiveDate),
    Bool(bool),
}

impl<'a> CellRef<'a> {
    /// The cell as the user sees it: a text cell's own text, not copied.
    pub fn text(self) -> Cow<'a, str> {
        match self {
            CellRef::Empty => Cow::Borrowed(""),
            CellRef::Text(t) => Cow::Borrowed(t),
            CellRef::Number(n) => Cow::Owned(number_text(n)),
            // As chrono prints it (YYYY-MM-DD), without parsing a format string per cell.
            CellRef::Date(d) => {
                Cow::Owned(format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day()))
            }
            CellRef::Bool(b) => Cow::Borrowed(if b { "TRUE" } else { "FALSE" }),
        }
    }
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

pub(super) fn file_error(reason: impl Into<String>) -> RowError {
    RowError {
        place: Place::File,
        reason: reason.into(),
    }
}

/// Text from UTF-8 (with or without a byte-order mark), UTF-16 with its byte-order mark
/// (Excel's "Unicode Text"), or else Windows-1252 (what Excel on Windows saves as "CSV").
fn decode(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        return encoding.decode_without_bom_handling(&bytes[bom..]).0;
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => text.into(),
        Err(_) => {
            encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0
        }
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
        let byte = usize::try_from(byte)
            .unwrap_or(usize::MAX)
            .min(self.text.len());
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

/// A CSV or TSV file as a table: the header is its first line.
/// The line breaks in `bytes`.
fn line_breaks(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b == b'\n').count()
}

pub(super) fn read_csv(bytes: &[u8]) -> Result<Table, RowError> {
    let text = decode(bytes);
    let delimiter = sniff_delimiter(&text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut record = csv::ByteRecord::new();
    let header = match reader.read_byte_record(&mut record) {
        Ok(true) => record
            .iter()
            .map(|h| String::from_utf8_lossy(h).trim().to_owned())
            .collect::<Vec<_>>(),
        Ok(false) => {
            return Err(file_error(
                "the file is empty; its first line must be the header",
            ));
        }
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
        // A row a line (fewer if cells hold line breaks): sized once rather than regrown.
        rows: Vec::with_capacity(line_breaks(text.as_bytes()).min(MAX_ROWS)),
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
        let mut cells = Cells::with_capacity(record.as_slice().len(), record.len());
        for (col, cell) in record.iter().enumerate() {
            // The text is decoded already, so a cell is UTF-8 (lossy only for certainty).
            match std::str::from_utf8(cell) {
                Ok(text) => cells.set(col, CellRef::Text(text)),
                Err(_) => cells.set(col, CellRef::Text(&String::from_utf8_lossy(cell))),
            }
        }
        table.rows.push(Row {
            place: Place::Line(line),
            cells,
        });
    }
    Ok(table)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csv(bytes: &[u8]) -> Table {
        read_csv(bytes).unwrap()
    }

    #[test]
    fn the_separator_is_found_from_the_header() {
        assert_eq!(
            csv(b"a;b;c\n1;2,5;3\n").rows[0].cells.get(1),
            CellRef::Text("2,5")
        );
        assert_eq!(csv(b"a\tb\n1\t2\n").header, ["a", "b"]);
        assert_eq!(csv(b"\"x;y\",b\n1,2\n").header, ["x;y", "b"]);
    }

    #[test]
    fn windows_1252_and_a_bom_are_read() {
        let t = csv(b"title,date\r\nCaf\xe9 \x93 talk\x94,2024-01-01\r\n");
        assert_eq!(
            t.rows[0].cells.get(0),
            CellRef::Text("Café \u{201c} talk\u{201d}")
        );
        assert_eq!(t.rows[0].place, Place::Line(2));
        let t = csv("\u{feff}title,date\nCafé,2024-01-01\n".as_bytes());
        assert_eq!(t.header[0], "title");
        assert_eq!(t.rows[0].cells.get(0), CellRef::Text("Café"));
        // Excel's "Unicode Text": UTF-16 little-endian with its mark, tabs between cells.
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(
                "title\tdate\r\nCafé\t2024-01-01\r\n"
                    .encode_utf16()
                    .flat_map(u16::to_le_bytes),
            )
            .collect();
        let t = csv(&utf16);
        assert_eq!(t.header, ["title", "date"]);
        assert_eq!(t.rows[0].cells.get(0), CellRef::Text("Café"));
        assert_eq!(t.rows[0].place, Place::Line(2));
    }

    #[test]
    fn numbers_show_as_a_spreadsheet_shows_them() {
        assert_eq!(CellRef::Number(2.0).text(), "2");
        let day = NaiveDate::from_ymd_opt(2024, 3, 4).unwrap();
        assert_eq!(CellRef::Date(day).text(), day.to_string());
        assert_eq!(CellRef::Number(0.1 + 0.2).text(), "0.3");
        assert_eq!(CellRef::Number(1.25).text(), "1.25");
        assert_eq!(CellRef::Number(0.05).text(), "0.05");
        assert_eq!(CellRef::Number(-0.0).text(), "0");
        assert_eq!(CellRef::Number(-1.5).text(), "-1.5");
        assert_eq!(CellRef::Number(0.001).text(), "0.001");
        assert_eq!(CellRef::Number(1e20).text(), "100000000000000000000");
    }

    use proptest::strategy::Strategy;

    proptest::proptest! {
        /// The shortcut gives what rounding to six decimals and trimming gives.
        #[test]
        fn a_number_reads_as_rounded_to_six_decimals(
            n in proptest::prop_oneof![
                proptest::num::f64::ANY,
                (-100_000i64..100_000).prop_map(|h| h as f64 / 100.0),
                (-2_000_000_000i64..2_000_000_000).prop_map(|h| h as f64 / 1e6),
                // Up to twice the shortcut's bound, to the millionth.
                (-2_000_000_000_000_000i64..2_000_000_000_000_000).prop_map(|h| h as f64 / 1e6),
            ],
        ) {
            let rounded = format!("{n:.6}");
            let rounded = rounded.trim_end_matches('0').trim_end_matches('.');
            let rounded = if rounded == "-0" { "0" } else { rounded };
            proptest::prop_assert_eq!(number_text(n), rounded);
        }
    }
}
