//! A reader in a process of its own, seen from the parent: the input goes to the child's stdin
//! (closed after), its answer comes back on its stdout, and a child still running at the time
//! limit is killed. Whatever the child does (abort, die of a signal, hang, never read its
//! input, print nonsense), the caller has an answer within the limit and no process is left.

use std::io::{Read, Write};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Why a child gave no answer.
#[derive(Debug, PartialEq, Eq)]
pub enum Failure {
    /// It could not be started (the program is gone, no processes left): the reason.
    NotStarted(String),
    /// It was still running at the time limit, and was killed.
    TooSlow,
    /// It died or exited with a failure before it answered.
    Died,
}

/// The longest pause between looks for the end of a child that has closed its stdout; the
/// first looks come sooner, as a child that has answered ends within a fraction of that.
const POLL: Duration = Duration::from_millis(5);

/// Runs `command` with `input` on its stdin and nothing inherited (stderr goes nowhere), and
/// returns what it wrote to stdout if it exited successfully within `limit`; otherwise it is
/// killed and waited for.
pub fn run(mut command: Command, input: Vec<u8>, limit: Duration) -> Result<Vec<u8>, Failure> {
    let deadline = Instant::now() + limit;
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| Failure::NotStarted(e.to_string()))?;
    // Writing and reading on threads of their own: a child that never reads its input or
    // never closes its output cannot hold the caller past the limit. Both end once the child
    // is gone (a broken pipe, the end of its output).
    if let Some(mut stdin) = child.stdin.take() {
        std::thread::spawn(move || {
            // A child that stops reading early is judged by its exit and its answer.
            let _ = stdin.write_all(&input);
        });
    }
    let (send, receive) = mpsc::channel();
    if let Some(mut stdout) = child.stdout.take() {
        std::thread::spawn(move || {
            let mut out = Vec::new();
            let read = stdout.read_to_end(&mut out).map(|_| out);
            // The caller may have stopped waiting.
            let _ = send.send(read);
        });
    }
    let answer = match receive.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
        Ok(Ok(out)) => out,
        Ok(Err(_)) | Err(mpsc::RecvTimeoutError::Disconnected) => Vec::new(),
        Err(mpsc::RecvTimeoutError::Timeout) => return Err(stop(&mut child)),
    };
    // Its output is closed: it is ending (or hanging on after it, which the limit covers).
    let mut pause = Duration::from_micros(50);
    loop {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => return Ok(answer),
            Ok(Some(_)) => return Err(Failure::Died),
            Ok(None) if Instant::now() < deadline => {
                std::thread::sleep(pause);
                pause = (pause * 2).min(POLL);
            }
            Ok(None) | Err(_) => return Err(stop(&mut child)),
        }
    }
}

/// Kills the child and waits for it, so that no process (nor zombie) is left.
fn stop(child: &mut Child) -> Failure {
    // It may have ended meanwhile; then there is nothing to kill, and waiting still reaps it.
    let _ = child.kill();
    let _ = child.wait();
    Failure::TooSlow
}

/// A child that runs `script` in the shell, for the tests of the parent's side.
#[cfg(all(test, unix))]
pub(crate) fn sh(script: &str) -> Command {
    let mut c = Command::new("sh");
    c.args(["-c", script]);
    c
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_child_that_answers_gives_its_answer_having_read_all_its_input() {
        // Larger than a pipe's buffer: the input is written while the answer is read.
        let input = vec![b'x'; 1 << 20];
        let out = run(sh("wc -c"), input, Duration::from_secs(10)).unwrap();
        assert_eq!(String::from_utf8_lossy(&out).trim(), "1048576");
    }

    #[test]
    fn a_child_past_the_limit_is_killed_and_gone_quickly() {
        let dir = tempfile::tempdir().unwrap();
        let pid_file = dir.path().join("pid");
        // `exec`: the shell becomes the sleep, so the process killed is the one that sleeps.
        let script = format!("echo $$ > '{}'; exec sleep 30", pid_file.display());
        let started = Instant::now();
        // A large input the child never reads: writing it must not hold the caller.
        let result = run(sh(&script), vec![0; 1 << 20], Duration::from_millis(300));
        assert_eq!(result, Err(Failure::TooSlow));
        assert!(
            started.elapsed() < Duration::from_secs(3),
            "{:?}",
            started.elapsed()
        );
        let pid = std::fs::read_to_string(&pid_file).unwrap();
        let proc = std::path::Path::new("/proc").join(pid.trim());
        assert!(!proc.exists(), "process {} is still there", pid.trim());
    }

    #[test]
    fn a_child_that_closes_its_output_and_hangs_on_is_killed_at_the_limit() {
        let started = Instant::now();
        let result = run(
            sh("exec >&-; exec sleep 30"),
            Vec::new(),
            Duration::from_millis(300),
        );
        assert_eq!(result, Err(Failure::TooSlow));
        assert!(started.elapsed() < Duration::from_secs(3));
    }

    #[test]
    fn a_child_that_dies_or_fails_has_died() {
        for script in [
            "kill -KILL $$",
            "kill -ABRT $$",
            "echo half an answer; exit 3",
        ] {
            let result = run(sh(script), b"%PDF-1.7".to_vec(), Duration::from_secs(10));
            assert_eq!(result, Err(Failure::Died), "{script}");
        }
    }

    #[test]
    fn a_program_that_is_not_there_is_not_started() {
        let result = run(
            Command::new("/nonexistent/ce-logbook"),
            Vec::new(),
            Duration::from_secs(1),
        );
        assert!(matches!(result, Err(Failure::NotStarted(_))), "{result:?}");
    }
}
