//! How many cells an ODS file becomes once read, counted before calamine reads it.
//!
//! ODS writes a run of equal cells or rows as one element with a repeat count
//! (`table:number-columns-repeated`, `table:number-rows-repeated`). calamine expands those
//! runs in memory up to its own cap of 100 million cells (gigabytes), and does so for every
//! sheet when the file is opened, before our row and column limits see a single row. A few
//! kilobytes of XML can ask for that, so the runs are added up here first, following what
//! calamine keeps: a row's cells up to its last one with a value, and the rectangle from the
//! first row with a value to the last. Empty runs after the last value, such as the million
//! blank rows LibreOffice writes at the end of every sheet, cost nothing and count nothing.

use std::io::BufRead;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

/// The most cells a workbook may expand to: ten times a 200,000-row logbook of twenty
/// columns would be far past any real one, and still bounded to a few hundred MB.
pub const MAX_CELLS: u64 = 4_000_000;

/// calamine never reads past Excel's last column, whatever a file claims.
const CALAMINE_MAX_COLUMNS: u64 = 16_384;

/// Reads `content.xml` and fails once the cells it would expand to pass [`MAX_CELLS`].
pub(super) fn check(content: impl BufRead) -> Result<(), String> {
    let mut reader = Reader::from_reader(content);
    let mut buf = Vec::new();
    let mut total: u64 = 0;
    let mut sheet = Sheet::default();
    let mut row = Row::default();
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| format!("its content is damaged ({e})"))?;
        match event {
            Event::Start(e) | Event::Empty(e) if is(&e, "table:table") => {
                sheet = Sheet::default();
            }
            Event::Start(e) if is(&e, "table:table-row") => {
                row = Row::new(repeats(&e, "table:number-rows-repeated"));
            }
            Event::Empty(e) if is(&e, "table:table-row") => {
                sheet.add(&Row::new(repeats(&e, "table:number-rows-repeated")));
            }
            Event::Start(e) if is_cell(&e) => {
                // A cell with content (text, a formula, a value) is counted as one with a value.
                row.add(repeats(&e, "table:number-columns-repeated"), true);
            }
            Event::Empty(e) if is_cell(&e) => {
                let valued = has(&e, "office:value-type") || has(&e, "table:formula");
                row.add(repeats(&e, "table:number-columns-repeated"), valued);
            }
            Event::End(e) if e.name().as_ref() == "table:table-row" => sheet.add(&row),
            Event::End(e) if e.name().as_ref() == "table:table" => {
                total = total.saturating_add(std::mem::take(&mut sheet).cells());
            }
            Event::Eof => break,
            _ => {}
        }
        if total.saturating_add(sheet.cells()) > MAX_CELLS {
            return Err(format!(
                "it holds more than {MAX_CELLS} cells once its repeated rows and columns are \
                 counted; a logbook needs far less: copy the rows into a new file"
            ));
        }
        buf.clear();
    }
    Ok(())
}

fn is(e: &BytesStart, name: &str) -> bool {
    e.name().as_ref() == name
}

fn is_cell(e: &BytesStart) -> bool {
    is(e, "table:table-cell") || is(e, "table:covered-table-cell")
}

fn has(e: &BytesStart, name: &str) -> bool {
    matches!(e.try_get_attribute(name), Ok(Some(_)))
}

/// A repeat count; one when absent, and an unreadable one counts as the most it could be.
fn repeats(e: &BytesStart, name: &str) -> u64 {
    match e.try_get_attribute(name) {
        Ok(Some(a)) => a.value.trim().parse().unwrap_or(u64::MAX),
        _ => 1,
    }
}

/// One `table:table-row` element as it is read.
#[derive(Default)]
struct Row {
    repeats: u64,
    /// Columns so far, and where the last cell with a value ends.
    columns: u64,
    width: u64,
}

impl Row {
    fn new(repeats: u64) -> Row {
        Row {
            repeats,
            ..Row::default()
        }
    }

    fn add(&mut self, repeats: u64, valued: bool) {
        self.columns = self
            .columns
            .saturating_add(repeats)
            .min(CALAMINE_MAX_COLUMNS);
        if valued {
            self.width = self.columns;
        }
    }
}

/// What one sheet costs: the rows as read, and the rectangle they are expanded to.
#[derive(Default)]
struct Sheet {
    read: u64,
    /// Rows from the first with a value to the last (with their repeats), the empty rows
    /// since the last one with a value, and the widest row.
    rows: u64,
    blank_since: u64,
    width: u64,
}

impl Sheet {
    fn add(&mut self, row: &Row) {
        self.read = self.read.saturating_add(row.width);
        if row.width == 0 {
            if self.rows > 0 {
                self.blank_since = self.blank_since.saturating_add(row.repeats);
            }
            return;
        }
        self.rows = self
            .rows
            .saturating_add(self.blank_since)
            .saturating_add(row.repeats);
        self.blank_since = 0;
        self.width = self.width.max(row.width);
    }

    fn cells(&self) -> u64 {
        self.read
            .saturating_add(self.rows.saturating_mul(self.width))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(rows: &str) -> String {
        format!(
            "<office:document-content><office:body><office:spreadsheet>\
             <table:table table:name=\"S\"><table:table-column \
             table:number-columns-repeated=\"1024\"/>{rows}</table:table>\
             </office:spreadsheet></office:body></office:document-content>"
        )
    }

    const HEADER: &str = "<table:table-row><table:table-cell office:value-type=\"string\">\
                          <text:p>Title</text:p></table:table-cell></table:table-row>";

    #[test]
    fn the_blank_rows_and_columns_libreoffice_writes_at_the_end_cost_nothing() {
        let tail = "<table:table-row table:number-rows-repeated=\"1048575\">\
                    <table:table-cell table:number-columns-repeated=\"1024\"/></table:table-row>";
        let xml = sheet(&format!("{HEADER}{tail}"));
        assert_eq!(check(xml.as_bytes()), Ok(()));
    }

    #[test]
    fn a_value_repeated_over_a_million_rows_is_refused() {
        let run = "<table:table-row table:number-rows-repeated=\"1000000\">\
                   <table:table-cell office:value-type=\"float\" office:value=\"1\" \
                   table:number-columns-repeated=\"16384\"/></table:table-row>";
        let e = check(sheet(run).as_bytes()).unwrap_err();
        assert!(e.contains("more than 4000000 cells"), "{e}");
    }

    #[test]
    fn blank_rows_between_values_count_as_calamine_fills_them() {
        // Two cells, a million blank rows apart, three columns wide: three million cells.
        let wide = "<table:table-row><table:table-cell table:number-columns-repeated=\"2\"/>\
                    <table:table-cell office:value-type=\"string\"><text:p>x</text:p>\
                    </table:table-cell></table:table-row>";
        let blank = "<table:table-row table:number-rows-repeated=\"999999\">\
                     <table:table-cell/></table:table-row>";
        assert_eq!(
            check(sheet(&format!("{wide}{blank}{wide}")).as_bytes()),
            Ok(())
        );
        let blank = blank.replace("999999", "1400000");
        let e = check(sheet(&format!("{wide}{blank}{wide}")).as_bytes()).unwrap_err();
        assert!(e.contains("cells"), "{e}");
    }

    #[test]
    fn every_sheet_counts_as_calamine_reads_them_all() {
        let run = "<table:table-row table:number-rows-repeated=\"2500000\">\
                   <table:table-cell table:formula=\"of:=1\"/></table:table-row>";
        let one = sheet(run);
        assert_eq!(check(one.as_bytes()), Ok(()));
        let two = one.replace(
            "</office:spreadsheet>",
            &format!("<table:table table:name=\"T\">{run}</table:table></office:spreadsheet>"),
        );
        assert!(check(two.as_bytes()).is_err());
    }

    #[test]
    fn an_unreadable_count_is_taken_as_the_largest() {
        let run = "<table:table-row table:number-rows-repeated=\"lots\">\
                   <table:table-cell office:value-type=\"string\"/></table:table-row>";
        assert!(check(sheet(run).as_bytes()).is_err());
    }
}
