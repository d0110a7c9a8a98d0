//! The text layer of a PDF (a certificate), read with lopdf. A PDF from the outside may be
//! damaged, locked, enormous or built to hurt: it is read on a thread of its own, with a bound
//! on the time it may take and on what its streams may inflate to, and a panic in the parser
//! comes back as an error instead of taking the program down.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc;
use std::time::Duration;

use lopdf::{Document, LoadOptions};

/// How long one PDF may take to read; a certificate takes milliseconds.
pub const TIME_LIMIT: Duration = Duration::from_secs(10);
/// What all of a PDF's compressed streams may inflate to, together per page or font.
pub const INFLATE_LIMIT: usize = 64 * 1024 * 1024;
/// Only the first pages are read: a certificate says what it says on page one or two.
pub const MAX_PAGES: u32 = 5;
/// The reading thread's stack: deeply nested objects recurse.
const STACK: usize = 32 * 1024 * 1024;

/// Why a PDF gave no text. Messages name the problem; the front ends say what to do.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    #[error("not a PDF file")]
    NotPdf,
    #[error("a picture has no text to read; fill in the form")]
    Picture,
    #[error("this PDF is damaged and cannot be read ({0})")]
    Damaged(String),
    #[error("this PDF is locked with a password")]
    Locked,
    #[error("no text in this PDF; fill in the form")]
    NoText,
    #[error("this PDF took longer than {} seconds to read", TIME_LIMIT.as_secs())]
    TooSlow,
}

/// The text of the first pages of `bytes`, one line per line of text where the PDF says so.
pub fn text(bytes: &[u8]) -> Result<String, TextError> {
    text_within(bytes, TIME_LIMIT)
}

/// [`text`] with a time limit of the caller's (tests use a short one).
pub fn text_within(bytes: &[u8], limit: Duration) -> Result<String, TextError> {
    // Readers accept the header anywhere in the first kilobyte.
    let head = &bytes[..bytes.len().min(1024)];
    if !head.windows(5).any(|w| w == b"%PDF-") {
        return Err(TextError::NotPdf);
    }
    let owned = bytes.to_vec();
    let (send, receive) = mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name("pdf-text".into())
        .stack_size(STACK)
        .spawn(move || {
            // The parser's state is thrown away with the thread: nothing it touched is used
            // after a panic.
            let result = catch_unwind(AssertUnwindSafe(|| read(&owned)))
                .unwrap_or_else(|_| Err(TextError::Damaged("the PDF reader failed on it".into())));
            // The caller may have stopped waiting.
            let _ = send.send(result);
        });
    if spawned.is_err() {
        return Err(TextError::Damaged("no thread to read it on".into()));
    }
    // A PDF over the time limit is left to finish on its own thread: it holds no lock and
    // writes nothing, and its answer is dropped.
    match receive.recv_timeout(limit) {
        Ok(result) => result,
        Err(mpsc::RecvTimeoutError::Timeout) => Err(TextError::TooSlow),
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            Err(TextError::Damaged("the PDF reader failed on it".into()))
        }
    }
}

fn read(bytes: &[u8]) -> Result<String, TextError> {
    let options = LoadOptions {
        max_decompressed_size: Some(INFLATE_LIMIT),
        ..LoadOptions::default()
    };
    let doc = Document::load_mem_with_options(bytes, options).map_err(|e| match e {
        lopdf::Error::InvalidPassword | lopdf::Error::Decryption(_) => TextError::Locked,
        other => TextError::Damaged(other.to_string()),
    })?;
    let pages: Vec<u32> = doc
        .get_pages()
        .keys()
        .copied()
        .take(MAX_PAGES as usize)
        .collect();
    if pages.is_empty() {
        return Err(if doc.is_encrypted() {
            TextError::Locked
        } else {
            TextError::Damaged("it has no pages".into())
        });
    }
    // A font or page that cannot be decoded costs its own text, not the rest.
    let text: String = doc
        .extract_text_chunks_with_limit(&pages, INFLATE_LIMIT)
        .into_iter()
        .filter_map(Result::ok)
        .collect();
    if text.chars().any(char::is_alphanumeric) {
        Ok(text)
    } else if doc.is_encrypted() && doc.encryption_state.is_none() {
        Err(TextError::Locked)
    } else {
        Err(TextError::NoText)
    }
}
