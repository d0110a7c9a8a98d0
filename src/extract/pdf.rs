//! The text layer of a PDF (a certificate), read with lopdf. A PDF from the outside may be
//! damaged, locked, enormous or built to hurt. The program reads it in a process of its own
//! (itself, started with [`READER_ARG`]; see [`read_in_child`]): killed at the time limit,
//! with a cap on its memory, and a parser that panics or aborts takes only that process down.
//! Without a reader process (the library's own tests, the fuzz targets, the benchmark) it is
//! read on a thread with the panic caught, which only a build that unwinds can do.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Command, ExitCode};
use std::sync::OnceLock;
use std::time::Duration;

use lopdf::{Document, LoadOptions};
use serde::{Deserialize, Serialize};

use super::child::{self, Failure};

/// How long one PDF may take to read; a certificate takes milliseconds.
pub const TIME_LIMIT: Duration = Duration::from_secs(10);
/// What all of a PDF's compressed streams may inflate to, together per page or font.
pub const INFLATE_LIMIT: usize = 64 * 1024 * 1024;
/// Only the first pages are read: a certificate says what it says on page one or two.
pub const MAX_PAGES: u32 = 5;
/// The reader process's address space: far above what a certificate needs (a few MB), far
/// below what would push the person's machine into swap.
pub const MEMORY_LIMIT: u64 = 1 << 30;
/// The reading thread's stack: deeply nested objects recurse.
const STACK: usize = 32 * 1024 * 1024;
/// The hidden first argument that makes the program a reader process ([`serve_reader`]).
pub const READER_ARG: &str = "__read-pdf-text";

/// The program that reads PDFs in a process of its own, once the program has said so.
static READER: OnceLock<PathBuf> = OnceLock::new();

/// Why a PDF gave no text. Messages name the problem; the front ends say what to do.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
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
    /// The reader itself could not run: nothing is known about the PDF.
    #[error("the PDF reader could not run ({0})")]
    NoReader(String),
}

/// What a reader that died or answered nonsense says about the PDF.
fn reader_failed() -> TextError {
    TextError::Damaged("the PDF reader failed on it".into())
}

/// Reads every PDF from now on in a process of `program`, started with [`READER_ARG`] (the
/// program itself: main calls this with [`this_program`]). The first call wins.
pub fn read_in_child(program: PathBuf) {
    // A second call names the same program; keeping the first is all it could mean.
    let _ = READER.set(program);
}

/// This program, as a file another process can start: on Linux `/proc/self/exe`, which still
/// starts this very binary after an upgrade has replaced the file on disk.
pub fn this_program() -> Option<PathBuf> {
    let proc = PathBuf::from("/proc/self/exe");
    if proc.exists() {
        return Some(proc);
    }
    std::env::current_exe().ok()
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
    match READER.get() {
        Some(program) => {
            let mut command = Command::new(program);
            command.arg(READER_ARG);
            text_from(command, bytes, limit)
        }
        None => on_a_thread(bytes, limit),
    }
}

/// The answer of a reader process started by `command` (the program itself with
/// [`READER_ARG`]; tests give others), killed at `limit`.
pub fn text_from(command: Command, bytes: &[u8], limit: Duration) -> Result<String, TextError> {
    match child::run(command, bytes.to_vec(), limit) {
        Ok(out) => serde_json::from_slice::<Result<String, TextError>>(&out)
            .unwrap_or_else(|_| Err(reader_failed())),
        Err(Failure::TooSlow) => Err(TextError::TooSlow),
        Err(Failure::Died) => Err(reader_failed()),
        Err(Failure::NotStarted(why)) => Err(TextError::NoReader(why)),
    }
}

/// The reader process (main calls this when the first argument is [`READER_ARG`], before
/// anything else): caps its own memory and CPU time, reads one PDF from stdin to its end, and
/// writes its answer to stdout as JSON (`{"Ok": text}` or `{"Err": reason}`).
pub fn serve_reader() -> ExitCode {
    cap_resources();
    let mut bytes = Vec::new();
    if std::io::stdin().lock().read_to_end(&mut bytes).is_err() {
        return ExitCode::FAILURE;
    }
    let reading = parser_thread(move || read(&bytes));
    // A panic that unwinds (a build without abort) ends here as a failure, like an abort.
    let Ok(Ok(answer)) = reading.map(std::thread::JoinHandle::join) else {
        return ExitCode::FAILURE;
    };
    let mut out = std::io::stdout().lock();
    match serde_json::to_writer(&mut out, &answer).map(|()| out.flush()) {
        Ok(Ok(())) => ExitCode::SUCCESS,
        _ => ExitCode::FAILURE,
    }
}

/// The thread the parser runs on, in the reader process or (without one) in this one: named,
/// and with the deep stack a deeply nested PDF needs.
fn parser_thread<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> std::io::Result<std::thread::JoinHandle<T>> {
    std::thread::Builder::new()
        .name("pdf-text".into())
        .stack_size(STACK)
        .spawn(work)
}

/// The reader's own bounds: its address space, and its CPU time (the parent kills it at the
/// time limit; this ends it too if the parent is gone first). A limit the system refuses
/// leaves the reader as it was: the parent's kill still bounds its time.
fn cap_resources() {
    #[cfg(unix)]
    {
        use rlimit::Resource;
        let _ = Resource::AS.set(MEMORY_LIMIT, MEMORY_LIMIT);
        let cpu = TIME_LIMIT.as_secs() + 5;
        let _ = Resource::CPU.set(cpu, cpu);
    }
}

/// Without a reader process: on a thread of its own, a panic in the parser caught (its state
/// is thrown away with the thread), and its answer dropped if it comes after the limit.
#[cfg(panic = "unwind")]
fn on_a_thread(bytes: &[u8], limit: Duration) -> Result<String, TextError> {
    use std::panic::{AssertUnwindSafe, catch_unwind};
    use std::sync::mpsc;

    let owned = bytes.to_vec();
    let (send, receive) = mpsc::channel();
    let spawned = parser_thread(move || {
        let result = catch_unwind(AssertUnwindSafe(|| read(&owned)))
            .unwrap_or_else(|_| Err(reader_failed()));
        // The caller may have stopped waiting.
        let _ = send.send(result);
    });
    if spawned.is_err() {
        return Err(TextError::NoReader("no thread to read it on".into()));
    }
    // A PDF over the time limit is left to finish on its own thread: it holds no lock and
    // writes nothing, and its answer is dropped.
    match receive.recv_timeout(limit) {
        Ok(result) => result,
        Err(mpsc::RecvTimeoutError::Timeout) => Err(TextError::TooSlow),
        Err(mpsc::RecvTimeoutError::Disconnected) => Err(reader_failed()),
    }
}

/// A build that aborts on panic cannot contain the parser in this process, and never reads an
/// outside PDF here: the program registers its reader process first.
#[cfg(not(panic = "unwind"))]
fn on_a_thread(_bytes: &[u8], _limit: Duration) -> Result<String, TextError> {
    Err(TextError::NoReader(
        "this build reads PDFs only in a reader process, and none was set up".into(),
    ))
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

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use crate::extract::child::sh;

    const PDF: &[u8] = b"%PDF-1.7\n";

    #[test]
    fn a_reader_that_answers_gives_its_text_or_its_reason() {
        // `%s`: the JSON's `\n` reaches the parent as written, an escaped line break.
        let script = r#"cat > /dev/null; printf %s '{"Ok":"Infection control\n2.0 CEUs"}'"#;
        let text = text_from(sh(script), PDF, Duration::from_secs(10));
        assert_eq!(text.as_deref(), Ok("Infection control\n2.0 CEUs"));
        let script = r#"cat > /dev/null; printf '{"Err":"Locked"}'"#;
        assert_eq!(
            text_from(sh(script), PDF, Duration::from_secs(10)),
            Err(TextError::Locked)
        );
    }

    #[test]
    fn a_reader_past_the_limit_is_too_slow_and_says_so_quickly() {
        let started = std::time::Instant::now();
        let text = text_from(sh("exec sleep 30"), PDF, Duration::from_millis(300));
        assert_eq!(text, Err(TextError::TooSlow));
        assert!(started.elapsed() < Duration::from_secs(3));
    }

    #[test]
    fn a_reader_that_dies_or_answers_nonsense_means_a_damaged_pdf() {
        for script in [
            "cat > /dev/null; kill -ABRT $$",
            "cat > /dev/null; kill -KILL $$",
            "cat > /dev/null; echo 'thread panicked'",
            r#"cat > /dev/null; printf '{"Ok":"cut sh'"#,
            "cat > /dev/null",
            r#"cat > /dev/null; printf '{"Ok":"text"}'; exit 101"#,
        ] {
            let text = text_from(sh(script), PDF, Duration::from_secs(10));
            assert_eq!(text, Err(reader_failed()), "{script}");
        }
    }

    #[test]
    fn a_reader_that_cannot_start_says_the_reader_could_not_run() {
        let text = text_from(
            Command::new("/nonexistent/reader"),
            PDF,
            Duration::from_secs(1),
        );
        let Err(err) = text else {
            panic!("started: {text:?}");
        };
        assert!(matches!(err, TextError::NoReader(_)), "{err:?}");
        assert!(
            err.to_string()
                .starts_with("the PDF reader could not run ("),
            "{err}"
        );
    }
}
