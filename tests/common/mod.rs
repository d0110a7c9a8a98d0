//! What the tests share: a logbook in a temporary folder driven through the real binary, a
//! finished run of that binary, and dates written as text.

#![allow(dead_code)] // each test file uses its own part

pub mod pdfs;
pub mod window;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use chrono::NaiveDate;
use serde_json::Value;

/// A date written as the program writes it, `2025-03-01`.
pub fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .unwrap_or_else(|e| panic!("not a date ({e}): {text:?}"))
}

/// A command line as it would be typed in a shell: words split on whitespace, an argument
/// with spaces (or an empty one) in single quotes, no escapes:
/// `add --title 'Hand hygiene' --points 1` gives `["add", "--title", "Hand hygiene", …]`.
pub fn words(line: &str) -> Vec<&str> {
    let mut words = Vec::new();
    let mut rest = line.trim_start();
    while !rest.is_empty() {
        let (word, after) = match rest.strip_prefix('\'') {
            Some(quoted) => quoted
                .split_once('\'')
                .unwrap_or_else(|| panic!("a quote left open in {line:?}")),
            None => rest.split_once(char::is_whitespace).unwrap_or((rest, "")),
        };
        words.push(word);
        rest = after.trim_start();
    }
    words
}

/// Attaches `n` small PDF certificates, `card-0.pdf` onwards, to activity `id`.
pub fn attach_cards(store: &mut ce_logbook::store::Store, id: i64, n: usize) {
    use ce_logbook::domain::proof::FileType;
    for i in 0..n {
        let bytes = format!("%PDF-1.4 certificate {i}");
        let name = format!("card-{i}.pdf");
        store
            .attach(id, &name, bytes.as_bytes(), FileType::Pdf)
            .unwrap();
    }
}

/// The built binary, blind to a logbook named by the environment of whoever runs the tests.
pub fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_ce-logbook"));
    c.env_remove("CE_LOGBOOK_DB");
    c
}

/// Runs the built binary on the logbook `db` with `args`.
pub fn run_at(db: &Path, args: &[&str]) -> Run {
    bin()
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .unwrap()
        .into()
}

/// A logbook file in its own temporary folder, used through the command line.
pub struct Logbook {
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
    today: Option<&'static str>,
}

impl Logbook {
    /// `logbook.sqlite3` directly in the temporary folder.
    pub fn new() -> Self {
        Self::at("logbook.sqlite3")
    }

    /// The logbook at `relative` inside the temporary folder, e.g. `data/logbook.sqlite3`.
    pub fn at(relative: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join(relative);
        Logbook {
            dir,
            db,
            today: None,
        }
    }

    /// Every run passes `--today today` before its own arguments.
    pub fn today(self, today: &'static str) -> Self {
        Logbook {
            today: Some(today),
            ..self
        }
    }

    pub fn run(&self, args: &[&str]) -> Run {
        match self.today {
            Some(today) => run_at(&self.db, &[&["--today", today], args].concat()),
            None => run_at(&self.db, args),
        }
    }

    /// A path in the temporary folder; nothing is written.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Writes `content` to `name` in the temporary folder and returns its path.
    pub fn file(&self, name: &str, content: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(name);
        std::fs::write(&path, content).unwrap();
        path
    }

    pub fn list(&self) -> Value {
        self.run(&["list", "--json"]).json()
    }

    /// Runs a command that prints an id alone, and returns the id.
    pub fn id(&self, args: &[&str]) -> i64 {
        let out = self.run(args).ok();
        out.trim()
            .parse()
            .unwrap_or_else(|_| panic!("expected an id alone, got {out:?}"))
    }
}

/// The first credential of `status --json --today today`, after checking the day it used.
pub fn status_of(book: &Logbook, today: &str) -> Value {
    let status = book.run(&["status", "--json", "--today", today]).json();
    assert_eq!(status["today"], today);
    status["credentials"][0].clone()
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn ok(self) -> String {
        assert_eq!(self.code, 0, "expected success; stderr: {}", self.stderr);
        self.stdout
    }

    pub fn json(self) -> Value {
        let out = self.ok();
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("not JSON ({e}): {out}"))
    }
}

impl From<Output> for Run {
    fn from(o: Output) -> Self {
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

/// Whether the tests run as root (CI does): only root may mount a filesystem of its own.
pub fn is_root() -> bool {
    #[cfg(unix)]
    {
        std::fs::metadata("/proc/self").is_ok_and(|m| std::os::unix::fs::MetadataExt::uid(&m) == 0)
    }
    #[cfg(not(unix))]
    false
}

/// A tmpfs mounted at `at` (created if need be) with `options` (`size=320k`, `ro`), unmounted
/// when dropped whatever happens in the test. `None` (with a message) where only root could
/// mount it: a full or read-only disk of its own, without touching the machine's.
#[cfg(target_os = "linux")]
pub fn tmpfs(at: &Path, options: &str) -> Option<Mounted> {
    if !is_root() {
        let message = format!("mounting a small filesystem at {} needs root", at.display());
        assert!(std::env::var_os("CI").is_none(), "CI is set: {message}");
        skipped(&message);
        return None;
    }
    std::fs::create_dir_all(at).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", options, "tmpfs"])
        .arg(at)
        .status()
        .unwrap();
    assert!(mounted.success(), "mount a tmpfs at {}", at.display());
    Some(Mounted(at.to_owned()))
}

/// Unmounts the filesystem a test mounted.
pub struct Mounted(PathBuf);

impl Drop for Mounted {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

/// Whether `tool` can be run (`tool --version` succeeds). When it cannot, says so in the test's
/// output (past the test harness's capture, so a skip is never silent) and, under CI, where
/// `.ci/run` installs `package`, fails the test instead.
pub fn has_tool(tool: &str, package: &str, why: &str) -> bool {
    let found = Command::new(tool)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        let message = format!("{tool} not found ({why}); install it: apt-get install {package}");
        assert!(std::env::var_os("CI").is_none(), "CI is set: {message}");
        skipped(&message);
    }
    found
}

/// Prints "SKIPPED: …" where the person running the tests sees it: straight to stderr, which
/// libtest does not capture (it captures only `print!` and `eprint!`).
pub fn skipped(message: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "\nSKIPPED: {message}");
}
