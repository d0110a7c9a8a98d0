//! The transcript as a printable PDF (US Letter), with DejaVu Sans embedded from `assets/` so
//! it prints the same everywhere and its text can be extracted.

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::rc::Rc;
use std::sync::Arc;

use krilla::Document;
use krilla::geom::{PathBuilder, Rect};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::surface::Surface;

use super::face::{Face, Font1, fill, text};
use super::{Row, Transcript};
use crate::domain::State;
use crate::domain::proof::Lack;

// Subsets of DejaVu Sans (scripts/subset_fonts.sh): the Latin, Greek and Cyrillic letters,
// punctuation and symbols a US transcript uses, 1.2 MB smaller than the whole fonts. Anything
// else in a title comes from an installed font (src/report/face.rs).
static REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-subset.ttf");
static BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold-subset.ttf");
/// Between the parts of the footer.
const SEPARATOR: &str = " · ";

/// US Letter, in points.
const PAGE_W: f32 = 612.0;
const PAGE_H: f32 = 792.0;
const MARGIN: f32 = 48.0;
const BODY: f32 = 8.5;
const LINE: f32 = 11.0;
const ROW_PAD: f32 = 4.0;

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("the transcript font in assets/ cannot be read; reinstall CE Logbook")]
    Font,
    #[error("the transcript could not be written as PDF: {0}")]
    Write(String),
}

struct Column {
    title: &'static str,
    width: f32,
    right: bool,
}

const COLUMNS: [Column; 8] = [
    Column {
        title: "Date",
        width: 58.0,
        right: false,
    },
    Column {
        title: "Title",
        width: 124.0,
        right: false,
    },
    Column {
        title: "Provider",
        width: 74.0,
        right: false,
    },
    Column {
        title: "Kind",
        width: 38.0,
        right: false,
    },
    Column {
        title: "Category",
        width: 72.0,
        right: false,
    },
    Column {
        title: "Approved",
        width: 50.0,
        right: false,
    },
    Column {
        title: "Points",
        width: 38.0,
        right: true,
    },
    Column {
        title: "Proof",
        width: 62.0,
        right: false,
    },
];
const COLUMN_GAP: f32 = 0.0;

/// A row laid out: its cells' lines and its height.
struct Laid {
    cells: Vec<Vec<String>>,
    height: f32,
}

/// A transcript rendered: the PDF, and the characters no font could print.
pub struct Rendered {
    pub bytes: Vec<u8>,
    pub unprintable: Vec<char>,
}

/// Renders the transcript as PDF bytes with the embedded font alone.
pub fn render(t: &Transcript) -> Result<Rendered, PdfError> {
    render_with(t, &[])
}

/// Renders the transcript, taking characters the embedded font lacks from `fallbacks` (font
/// files with the index of the face inside, in the order to try them). A font file that
/// cannot be read is passed over.
pub fn render_with(t: &Transcript, fallbacks: &[(Vec<u8>, u32)]) -> Result<Rendered, PdfError> {
    let fallbacks: Vec<Font1> = fallbacks
        .iter()
        .filter_map(|(data, index)| Font1::load(Arc::new(data.clone()), *index))
        .collect();
    let unprintable = Rc::new(RefCell::new(BTreeSet::new()));
    let regular = Face::load(REGULAR, &fallbacks, &unprintable).ok_or(PdfError::Font)?;
    let bold = Face::load(BOLD, &fallbacks, &unprintable).ok_or(PdfError::Font)?;

    let laid: Vec<Laid> = t.rows.iter().map(|r| lay_out(&regular, r)).collect();
    // Pages: the first has the header above the table; every page repeats the column titles.
    let header_h = 118.0;
    let table_head_h = LINE + ROW_PAD * 2.0;
    let totals_h = 40.0 + LINE * 1.5 * (t.totals.len() as f32 + 2.0);
    let footer = MARGIN + 14.0;
    let mut pages: Vec<std::ops::Range<usize>> = Vec::new();
    let mut start = 0;
    let mut y = MARGIN + header_h + table_head_h;
    for (i, row) in laid.iter().enumerate() {
        if y + row.height > PAGE_H - footer {
            pages.push(start..i);
            start = i;
            y = MARGIN + table_head_h;
        }
        y += row.height;
    }
    pages.push(start..laid.len());
    let totals_on_new_page = y + totals_h > PAGE_H - footer;
    let page_count = pages.len() + usize::from(totals_on_new_page);

    let mut doc = Document::new();
    let mut title = format!("CE transcript: {}", t.credential);
    if let Some(p) = &t.person {
        title = format!("{title}, {p}");
    }
    doc.set_metadata(
        Metadata::new()
            .title(title)
            .creator("CE Logbook".into())
            .language("en-US".into()),
    );
    let settings = || PageSettings::from_wh(PAGE_W, PAGE_H).ok_or(PdfError::Font);
    for (n, range) in pages.iter().enumerate() {
        let mut page = doc.start_page_with(settings()?);
        let mut s = page.surface();
        let mut y = MARGIN;
        if n == 0 {
            y = header(&mut s, &regular, &bold, t);
        }
        y = table_head(&mut s, &bold, y);
        for (i, row) in laid[range.clone()].iter().enumerate() {
            let source = &t.rows[range.start + i];
            y = table_row(&mut s, &regular, row, source, y, i % 2 == 1);
        }
        if t.rows.is_empty() && n == 0 {
            text(
                &mut s,
                &regular,
                BODY,
                MARGIN,
                y + LINE,
                GREY,
                "No activity counts toward this cycle yet.",
            );
            y += LINE * 2.0;
        }
        if n + 1 == pages.len() && !totals_on_new_page {
            totals(&mut s, &regular, &bold, t, y + 18.0);
        }
        footer_line(&mut s, &regular, t, n + 1, page_count);
        s.finish();
        page.finish();
    }
    if totals_on_new_page {
        let mut page = doc.start_page_with(settings()?);
        let mut s = page.surface();
        totals(&mut s, &regular, &bold, t, MARGIN);
        footer_line(&mut s, &regular, t, page_count, page_count);
        s.finish();
        page.finish();
    }
    let bytes = doc
        .finish()
        .map_err(|e| PdfError::Write(format!("{e:?}")))?;
    let unprintable = unprintable.borrow().iter().copied().collect();
    Ok(Rendered { bytes, unprintable })
}

const BLACK: (u8, u8, u8) = (20, 20, 20);
const GREY: (u8, u8, u8) = (100, 100, 100);
const RED: (u8, u8, u8) = (170, 30, 30);
const GREEN: (u8, u8, u8) = (20, 110, 50);

fn rect(s: &mut Surface, x: f32, y: f32, w: f32, h: f32, colour: (u8, u8, u8)) {
    let Some(r) = Rect::from_xywh(x, y, w, h) else {
        return;
    };
    let mut pb = PathBuilder::new();
    pb.push_rect(r);
    if let Some(path) = pb.finish() {
        fill(s, colour);
        s.draw_path(&path);
    }
}

fn header(s: &mut Surface, regular: &Face, bold: &Face, t: &Transcript) -> f32 {
    let mut y = MARGIN + 16.0;
    text(
        s,
        bold,
        16.0,
        MARGIN,
        y,
        BLACK,
        "Continuing-education transcript",
    );
    y += 22.0;
    if let Some(p) = &t.person {
        text(s, bold, 11.0, MARGIN, y, BLACK, p);
        y += 15.0;
    }
    text(s, regular, 11.0, MARGIN, y, BLACK, &t.credential);
    y += 15.0;
    let mut cycle = format!(
        "Cycle {} to {} (expiry)",
        t.cycle_start.format("%B %-d, %Y"),
        t.expires.format("%B %-d, %Y")
    );
    if t.ce_deadline != t.expires {
        cycle.push_str(&format!(
            "; CE route open until {}",
            t.ce_deadline.format("%B %-d, %Y")
        ));
    }
    text(s, regular, 9.5, MARGIN, y, BLACK, &cycle);
    y += 13.0;
    let state = format!(
        "State on {}: {}",
        t.today.format("%B %-d, %Y"),
        state_text(t.state)
    );
    text(s, bold, 9.5, MARGIN, y, state_colour(t.state), &state);
    y += 13.0;
    let proof = match t.lacking_proof() {
        0 => "Every counted activity is documented.".to_owned(),
        1 => "1 activity lacks proof (see the Proof column).".to_owned(),
        n => format!("{n} activities lack proof (see the Proof column)."),
    };
    text(s, regular, 9.5, MARGIN, y, GREY, &proof);
    MARGIN + 118.0
}

fn table_head(s: &mut Surface, bold: &Face, y: f32) -> f32 {
    let h = LINE + ROW_PAD * 2.0;
    rect(s, MARGIN, y, PAGE_W - 2.0 * MARGIN, h, (225, 230, 238));
    let mut x = MARGIN;
    for c in &COLUMNS {
        let tx = if c.right {
            x + c.width - 4.0 - bold.width(c.title, BODY)
        } else {
            x + 3.0
        };
        text(s, bold, BODY, tx, y + ROW_PAD + BODY, BLACK, c.title);
        x += c.width + COLUMN_GAP;
    }
    y + h
}

fn lay_out(face: &Face, r: &Row) -> Laid {
    let cells = [
        r.date.format("%Y-%m-%d").to_string(),
        r.title.clone(),
        r.provider.clone(),
        r.kind.clone(),
        r.category.clone(),
        if r.approved { "yes" } else { "no" }.to_owned(),
        r.points.to_string(),
        proof_text(&r.lacks),
    ];
    let cells: Vec<Vec<String>> = cells
        .iter()
        .zip(COLUMNS.iter())
        .map(|(text, c)| face.wrap(text, BODY, c.width - 7.0))
        .collect();
    let lines = cells.iter().map(Vec::len).max().unwrap_or(1) as f32;
    Laid {
        cells,
        height: lines * LINE + ROW_PAD * 2.0,
    }
}

fn proof_text(lacks: &[Lack]) -> String {
    if lacks.is_empty() {
        return "complete".into();
    }
    let parts: Vec<&str> = lacks
        .iter()
        .map(|l| match l {
            Lack::Certificate => "certificate",
            Lack::CertificateMissing(_) => "file missing",
            Lack::CertificateAltered(_) => "file changed",
            Lack::Provider => "provider",
            Lack::Description => "description",
            Lack::ContactHour => "1 contact hour",
            Lack::OutsideCycle => "date",
        })
        .collect();
    format!("missing: {}", parts.join(", "))
}

fn table_row(s: &mut Surface, face: &Face, laid: &Laid, row: &Row, y: f32, shade: bool) -> f32 {
    if shade {
        rect(
            s,
            MARGIN,
            y,
            PAGE_W - 2.0 * MARGIN,
            laid.height,
            (244, 246, 249),
        );
    }
    let mut x = MARGIN;
    for (i, (lines, c)) in laid.cells.iter().zip(COLUMNS.iter()).enumerate() {
        let colour = if i == 7 && !row.lacks.is_empty() {
            RED
        } else {
            BLACK
        };
        for (n, line) in lines.iter().enumerate() {
            let tx = if c.right {
                x + c.width - 4.0 - face.width(line, BODY)
            } else {
                x + 3.0
            };
            let ty = y + ROW_PAD + BODY + n as f32 * LINE;
            text(s, face, BODY, tx, ty, colour, line);
        }
        x += c.width + COLUMN_GAP;
    }
    y + laid.height
}

fn totals(s: &mut Surface, regular: &Face, bold: &Face, t: &Transcript, y: f32) {
    let mut y = y + 12.0;
    text(
        s,
        bold,
        11.0,
        MARGIN,
        y,
        BLACK,
        "Totals against the requirements",
    );
    y += 18.0;
    for total in &t.totals {
        text(s, regular, 9.5, MARGIN, y, BLACK, &total.label);
        let amount = format!("{} of {}", total.earned, total.required);
        text(s, regular, 9.5, MARGIN + 170.0, y, BLACK, &amount);
        let (verdict, colour) = if total.met() {
            ("met".to_owned(), GREEN)
        } else {
            (format!("{} short", total.required - total.earned), RED)
        };
        text(s, bold, 9.5, MARGIN + 260.0, y, colour, &verdict);
        y += LINE * 1.5;
    }
    y += 4.0;
    let needed = if t.still_needed.is_positive() {
        format!("Points still needed: {}", t.still_needed)
    } else {
        "Points still needed: none".to_owned()
    };
    text(s, bold, 9.5, MARGIN, y, BLACK, &needed);
    y += LINE * 1.5;
    text(
        s,
        bold,
        9.5,
        MARGIN,
        y,
        state_colour(t.state),
        &format!("State: {}", state_text(t.state)),
    );
    if t.not_counted > 0 {
        y += LINE * 1.5;
        text(
            s,
            regular,
            8.5,
            MARGIN,
            y,
            GREY,
            &format!(
                "{} more activit{} of this cycle did not count (over a cap, e.g. more than 3 CPR cards).",
                t.not_counted,
                if t.not_counted == 1 { "y" } else { "ies" }
            ),
        );
    }
}

fn footer_line(s: &mut Surface, face: &Face, t: &Transcript, page: usize, pages: usize) {
    let y = PAGE_H - MARGIN + 10.0;
    let left = format!(
        "CE Logbook{SEPARATOR}{}{SEPARATOR}made {}",
        t.credential, t.today
    );
    text(s, face, 7.5, MARGIN, y, GREY, &left);
    let right = format!("Page {page} of {pages}");
    let x = PAGE_W - MARGIN - face.width(&right, 7.5);
    text(s, face, 7.5, x, y, GREY, &right);
}

fn state_text(state: State) -> &'static str {
    match state {
        State::Complete => "complete: every requirement is met",
        State::InProgress => "in progress",
        State::Grace => "expired; in the grace period (CE route still open)",
        State::Lapsed => "lapsed: the CE route has closed",
    }
}

fn state_colour(state: State) -> (u8, u8, u8) {
    match state {
        State::Complete => GREEN,
        State::InProgress => BLACK,
        State::Grace | State::Lapsed => RED,
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::domain::Points;

    static WHOLE_REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
    static WHOLE_BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

    /// What the embedded fonts promise (scripts/subset_fonts.sh makes them so): every
    /// character DejaVu Sans has in these blocks.
    const NEEDED: [(char, char); 16] = [
        (' ', '~'),               // Basic Latin
        ('\u{a0}', '\u{ff}'),     // Latin-1 Supplement
        ('\u{100}', '\u{17f}'),   // Latin Extended-A
        ('\u{180}', '\u{24f}'),   // Latin Extended-B
        ('\u{2b0}', '\u{2ff}'),   // Spacing Modifier Letters
        ('\u{300}', '\u{36f}'),   // Combining Diacritical Marks
        ('\u{370}', '\u{3ff}'),   // Greek
        ('\u{400}', '\u{4ff}'),   // Cyrillic
        ('\u{2000}', '\u{206f}'), // General Punctuation
        ('\u{20a0}', '\u{20cf}'), // Currency Symbols
        ('\u{2100}', '\u{214f}'), // Letterlike Symbols
        ('\u{2190}', '\u{2193}'), // arrows
        ('\u{2212}', '\u{2212}'), // minus
        ('\u{2264}', '\u{2265}'), // ≤ ≥
        ('\u{2713}', '\u{2714}'), // ✓ ✔
        ('\u{fffd}', '\u{fffd}'), // the replacement character
    ];

    fn font(data: &[u8]) -> Font1 {
        Font1::load(Arc::new(data.to_vec()), 0).expect("the font loads")
    }

    /// Everything the transcript writes of its own, whatever the data.
    fn own_text() -> String {
        let mut own = vec![SEPARATOR.to_owned(), "Page 1 of 1".to_owned()];
        own.extend(COLUMNS.iter().map(|c| c.title.to_owned()));
        own.extend(
            [
                State::Complete,
                State::InProgress,
                State::Grace,
                State::Lapsed,
            ]
            .map(|s| state_text(s).to_owned()),
        );
        own.push(proof_text(&[Lack::Certificate, Lack::ContactHour]));
        own.concat()
    }

    #[test]
    fn embedded_fonts_have_every_character_the_transcript_needs() {
        for (name, embedded, whole) in [
            ("regular", REGULAR, WHOLE_REGULAR),
            ("bold", BOLD, WHOLE_BOLD),
        ] {
            let (embedded, whole) = (font(embedded), font(whole));
            let needed: Vec<char> = NEEDED
                .iter()
                .flat_map(|&(first, last)| first..=last)
                .filter(|&c| whole.has(c))
                .collect();
            // DejaVu Sans has about 1,300 of them: an empty list would prove nothing.
            assert!(needed.len() > 1000, "{name}: {}", needed.len());
            let lost: Vec<char> = needed.into_iter().filter(|&c| !embedded.has(c)).collect();
            assert!(lost.is_empty(), "{name} lacks {lost:?}");
            assert_eq!(embedded.lacking(&own_text()), Vec::<char>::new(), "{name}");
            assert!(
                embedded
                    .lacking("Café – “Ελληνικά”, Русский, ½ €")
                    .is_empty()
            );
        }
    }

    fn transcript_titled(title: &str) -> Transcript {
        let date = |d| NaiveDate::parse_from_str(d, "%Y-%m-%d").expect("a date");
        Transcript {
            person: Some("Jane Doe".into()),
            credential: "CMA (AAMA)".into(),
            cycle_start: date("2021-04-01"),
            expires: date("2026-03-31"),
            ce_deadline: date("2026-06-30"),
            today: date("2025-11-27"),
            state: State::InProgress,
            rows: vec![Row {
                id: 1,
                date: date("2025-06-01"),
                title: title.into(),
                provider: "County".into(),
                kind: "course".into(),
                category: "general".into(),
                approved: false,
                points: "1".parse::<Points>().expect("points"),
                lacks: Vec::new(),
            }],
            totals: Vec::new(),
            still_needed: "59".parse::<Points>().expect("points"),
            not_counted: 0,
        }
    }

    #[test]
    fn a_letter_left_out_of_the_embedded_fonts_comes_from_another_font() {
        // Georgian: in the whole DejaVu Sans, not in the subset.
        let t = transcript_titled("Training in Tbilisi: ქართული");
        let alone = render(&t).expect("renders");
        let georgian: BTreeSet<char> = "ქართული".chars().collect();
        assert_eq!(alone.unprintable, georgian.into_iter().collect::<Vec<_>>());
        let with = render_with(&t, &[(WHOLE_REGULAR.to_vec(), 0)]).expect("renders");
        assert!(with.unprintable.is_empty(), "{:?}", with.unprintable);
        assert!(with.bytes.len() > alone.bytes.len());
    }
}
