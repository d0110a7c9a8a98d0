//! The transcript's fonts: the embedded DejaVu Sans (a subset: Latin, Greek, Cyrillic,
//! punctuation), then installed fonts for what it lacks, each run of text drawn and measured
//! with the font that has it, and what none has noted.

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::rc::Rc;
use std::sync::Arc;

use krilla::color::rgb;
use krilla::geom::Point;
use krilla::paint::Fill;
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};
use skrifa::MetadataProvider;
use skrifa::instance::{LocationRef, Size};

/// A font: what krilla draws with, and the bytes skrifa measures from.
#[derive(Clone)]
pub(super) struct Font1 {
    font: Font,
    data: Arc<Vec<u8>>,
    index: u32,
}

impl Font1 {
    pub(super) fn load(data: Arc<Vec<u8>>, index: u32) -> Option<Font1> {
        skrifa::FontRef::from_index(&data, index).ok()?;
        let font = Font::new(data.clone().into(), index)?;
        Some(Font1 { font, data, index })
    }

    pub(super) fn font_ref(&self) -> Option<skrifa::FontRef<'_>> {
        skrifa::FontRef::from_index(&self.data, self.index).ok()
    }

    pub(super) fn has(&self, c: char) -> bool {
        self.font_ref()
            .is_some_and(|f| f.charmap().map(c).is_some_and(|g| g.to_u32() != 0))
    }

    /// The characters of `text` this font has no glyph for (spaces aside).
    pub(super) fn lacking(&self, text: &str) -> Vec<char> {
        let Some(font) = self.font_ref() else {
            return text.chars().collect();
        };
        let charmap = font.charmap();
        text.chars()
            .filter(|c| !c.is_whitespace() && charmap.map(*c).is_none_or(|g| g.to_u32() == 0))
            .collect()
    }

    pub(super) fn width(&self, text: &str, size: f32) -> f32 {
        let Some(font) = self.font_ref() else {
            return 0.0;
        };
        let charmap = font.charmap();
        let metrics = font.glyph_metrics(Size::new(size), LocationRef::default());
        text.chars()
            .map(|c| {
                let gid = charmap.map(c).unwrap_or_default();
                metrics.advance_width(gid).unwrap_or(0.0)
            })
            .sum()
    }
}

/// A face: the embedded font, then the installed fonts that have what it lacks. Characters
/// none of them has are noted, so the transcript never drops one in silence.
#[derive(Clone)]
pub(super) struct Face {
    fonts: Vec<Font1>,
    unprintable: Rc<RefCell<BTreeSet<char>>>,
}

impl Face {
    pub(super) fn load(
        data: &'static [u8],
        fallbacks: &[Font1],
        unprintable: &Rc<RefCell<BTreeSet<char>>>,
    ) -> Option<Face> {
        let own = Font1::load(Arc::new(data.to_vec()), 0)?;
        Some(Face {
            fonts: std::iter::once(own)
                .chain(fallbacks.iter().cloned())
                .collect(),
            unprintable: unprintable.clone(),
        })
    }

    /// `text` cut into runs, each with the first font that has its characters (the embedded
    /// one where none has them).
    pub(super) fn runs<'a>(&self, text: &'a str) -> Vec<(&Font1, &'a str)> {
        // The common case, no fallback: one run, no lookups per character.
        if self.fonts.len() == 1 {
            return vec![(&self.fonts[0], text)];
        }
        let mut runs: Vec<(usize, usize, usize)> = Vec::new(); // (font, start, end)
        for (i, c) in text.char_indices() {
            let font = if c.is_whitespace() {
                runs.last().map_or(0, |r| r.0)
            } else {
                self.fonts.iter().position(|f| f.has(c)).unwrap_or(0)
            };
            match runs.last_mut() {
                Some(run) if run.0 == font => run.2 = i + c.len_utf8(),
                _ => runs.push((font, i, i + c.len_utf8())),
            }
        }
        runs.into_iter()
            .map(|(f, a, b)| (&self.fonts[f], &text[a..b]))
            .collect()
    }

    /// The width of `text` at `size`, from the fonts' advances (no kerning: close enough to
    /// wrap and align columns).
    pub(super) fn width(&self, text: &str, size: f32) -> f32 {
        self.runs(text).iter().map(|(f, t)| f.width(t, size)).sum()
    }

    /// `text` broken into lines no wider than `width`, at spaces where possible.
    pub(super) fn wrap(&self, text: &str, size: f32, width: f32) -> Vec<String> {
        let mut lines = Vec::new();
        let mut line = String::new();
        for word in text.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if self.width(&candidate, size) <= width {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            // A word wider than the column is cut where it must be.
            let mut piece = String::new();
            for c in word.chars() {
                piece.push(c);
                if self.width(&piece, size) > width && piece.chars().count() > 1 {
                    piece.pop();
                    lines.push(std::mem::take(&mut piece));
                    piece.push(c);
                }
            }
            line = piece;
        }
        if !line.is_empty() || lines.is_empty() {
            lines.push(line);
        }
        lines
    }
}

/// Draws `t` with its baseline at `y` (from the top of the page), each run in the font that
/// has it; a character no font has is noted as unprintable.
pub(super) fn text(
    s: &mut Surface,
    face: &Face,
    size: f32,
    x: f32,
    y: f32,
    colour: (u8, u8, u8),
    t: &str,
) {
    if t.is_empty() {
        return;
    }
    fill(s, colour);
    let mut x = x;
    for (font, run) in face.runs(t) {
        face.unprintable.borrow_mut().extend(font.lacking(run));
        s.draw_text(
            Point::from_xy(x, y),
            font.font.clone(),
            size,
            run,
            false,
            TextDirection::Auto,
        );
        x += font.width(run, size);
    }
}

/// Sets the colour the next shapes and text are filled with.
pub(super) fn fill(s: &mut Surface, (r, g, b): (u8, u8, u8)) {
    s.set_fill(Some(Fill {
        paint: rgb::Color::new(r, g, b).into(),
        ..Default::default()
    }));
}
