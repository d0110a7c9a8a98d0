//! A small XLSX writer for tests and the benchmark: the parts Excel itself writes for a plain
//! workbook (text in the shared strings, numbers, date cells styled as dates), with cells
//! anywhere in the sheet so tests can make hostile files too; text written inline, as some
//! exporters write it, on request. Python's openpyxl makes the committed fixtures; this
//! makes what must be generated at its size or shape.

use std::io::Write;

/// One cell to write.
#[allow(dead_code)]
#[derive(Clone, Copy)]
pub enum X<'a> {
    /// Text as Excel, LibreOffice and Google Sheets save it: in the shared strings.
    Text(&'a str),
    /// Text written in the cell itself (`inlineStr`), as some exporters write it.
    Inline(&'a str),
    Number(f64),
    /// An Excel serial day number styled as a date (45365 = 2024-03-14).
    Date(f64),
}

/// Excel's column letters: 0 = A, 26 = AA.
fn column(mut i: u32) -> String {
    let mut name = Vec::new();
    loop {
        name.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    name.reverse();
    String::from_utf8(name).unwrap()
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A cell placed at (row, column), 0-based.
pub type Placed<'a> = (u32, u32, X<'a>);

/// The shared strings: each text once, numbered in the order first written.
#[derive(Default)]
struct Shared {
    numbers: std::collections::HashMap<String, usize>,
    xml: String,
}

impl Shared {
    fn number(&mut self, text: &str) -> usize {
        if let Some(n) = self.numbers.get(text) {
            return *n;
        }
        let n = self.numbers.len();
        self.numbers.insert(text.to_owned(), n);
        self.xml
            .push_str(&format!("<si><t>{}</t></si>", escape(text)));
        n
    }
}

/// A sheet's XML from cells at (row, column), 0-based; its texts numbered in `shared`.
fn sheet_xml(cells: &[Placed<'_>], shared: &mut Shared) -> String {
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#,
    );
    let mut open_row = None;
    for (r, c, x) in cells {
        if open_row != Some(*r) {
            if open_row.is_some() {
                xml.push_str("</row>");
            }
            xml.push_str(&format!(r#"<row r="{}">"#, r + 1));
            open_row = Some(*r);
        }
        let at = format!("{}{}", column(*c), r + 1);
        match x {
            X::Text(t) => xml.push_str(&format!(
                r#"<c r="{at}" t="s"><v>{}</v></c>"#,
                shared.number(t)
            )),
            X::Inline(t) => xml.push_str(&format!(
                r#"<c r="{at}" t="inlineStr"><is><t>{}</t></is></c>"#,
                escape(t)
            )),
            X::Number(n) => xml.push_str(&format!(r#"<c r="{at}"><v>{n}</v></c>"#)),
            X::Date(n) => xml.push_str(&format!(r#"<c r="{at}" s="1"><v>{n}</v></c>"#)),
        }
    }
    if open_row.is_some() {
        xml.push_str("</row>");
    }
    xml.push_str("</sheetData></worksheet>");
    xml
}

/// A workbook of named sheets, each a list of rows of cells from column A (sheets may be
/// empty).
#[allow(dead_code)]
pub fn workbook(sheets: &[(&str, Vec<Vec<X<'_>>>)]) -> Vec<u8> {
    let placed: Vec<(&str, Vec<Placed<'_>>)> = sheets
        .iter()
        .map(|(name, rows)| {
            let cells = rows
                .iter()
                .enumerate()
                .flat_map(|(r, row)| {
                    row.iter()
                        .enumerate()
                        .map(move |(c, x)| (r as u32, c as u32, *x))
                })
                .collect();
            (*name, cells)
        })
        .collect();
    workbook_at(&placed)
}

/// A workbook whose cells are placed anywhere: (row, column) 0-based, in order.
pub fn workbook_at(sheets: &[(&str, Vec<Placed<'_>>)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut put = |name: &str, text: &str| {
        zip.start_file(name, options).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    };
    let mut overrides = String::new();
    let mut entries = String::new();
    let mut rels = String::new();
    for (i, (name, _)) in sheets.iter().enumerate() {
        let n = i + 1;
        overrides.push_str(&format!(r#"<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#));
        entries.push_str(&format!(
            r#"<sheet name="{}" sheetId="{n}" r:id="rId{n}"/>"#,
            escape(name)
        ));
        rels.push_str(&format!(r#"<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{n}.xml"/>"#));
    }
    put(
        "[Content_Types].xml",
        &format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>{overrides}</Types>"#
        ),
    );
    put(
        "_rels/.rels",
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
    );
    put(
        "xl/workbook.xml",
        &format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>{entries}</sheets></workbook>"#
        ),
    );
    put(
        "xl/_rels/workbook.xml.rels",
        &format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rIdT" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#
        ),
    );
    put(
        "xl/styles.xml",
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>"#,
    );
    let mut shared = Shared::default();
    for (i, (_, cells)) in sheets.iter().enumerate() {
        put(
            &format!("xl/worksheets/sheet{}.xml", i + 1),
            &sheet_xml(cells, &mut shared),
        );
    }
    put(
        "xl/sharedStrings.xml",
        &format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" uniqueCount="{}">{}</sst>"#,
            shared.numbers.len(),
            shared.xml
        ),
    );
    zip.finish().unwrap().into_inner()
}
