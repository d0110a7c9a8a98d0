//! What long work (a packet, a transcript, an export, checking every certificate) says as it
//! goes, and how it is asked to stop. The service reports each step to whoever listens (the
//! window's progress bar, the command line's), and stops at the next step once cancelled,
//! before anything is put in place: files are written whole or not at all, so a stopped job
//! leaves nothing behind.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

use super::error::{Error, Result};

/// One step of long work: what is being done, and how far along it is.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Step {
    /// What is being done, as a sentence fragment: "Copying certificate 12 of 60".
    pub doing: String,
    pub done: usize,
    /// How many steps there are; zero when not known.
    pub total: usize,
}

type Listener = Arc<dyn Fn(&Step) + Send + Sync>;

/// Passed to long work: it reports steps to a listener and answers whether to stop.
#[derive(Clone, Default)]
pub struct Tracker {
    listener: Option<Listener>,
    cancelled: Arc<AtomicBool>,
    gate: Option<Gate>,
}

impl Tracker {
    /// Nobody listens and nobody stops it.
    pub fn none() -> Tracker {
        Tracker::default()
    }

    /// Reports every step to `listener`.
    pub fn new(listener: impl Fn(&Step) + Send + Sync + 'static) -> Tracker {
        Tracker {
            listener: Some(Arc::new(listener)),
            ..Tracker::default()
        }
    }

    /// Makes every step wait while `gate` is closed: how a test holds long work in flight.
    pub fn held_by(mut self, gate: Gate) -> Tracker {
        self.gate = Some(gate);
        self
    }

    /// Asks the work to stop at its next step.
    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::SeqCst);
        if let Some(gate) = &self.gate {
            gate.wake();
        }
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::SeqCst)
    }

    /// Says a step begins; [`Error::Cancelled`] when the work was asked to stop.
    pub fn step(&self, doing: impl Into<String>, done: usize, total: usize) -> Result<()> {
        if let Some(gate) = &self.gate {
            gate.wait_open(&self.cancelled);
        }
        if self.is_cancelled() {
            return Err(Error::Cancelled);
        }
        if let Some(listener) = &self.listener {
            listener(&Step {
                doing: doing.into(),
                done,
                total,
            });
        }
        Ok(())
    }

    /// Stops here if asked to, without a new step (the last check before a file is put in
    /// place).
    pub fn check(&self) -> Result<()> {
        match self.is_cancelled() {
            true => Err(Error::Cancelled),
            false => Ok(()),
        }
    }
}

/// The longest a [`Gate`] holds work.
const GATE_LIMIT: Duration = Duration::from_secs(30);

/// Holds long work at its next step until opened (or cancelled).
#[derive(Clone, Default)]
pub struct Gate(Arc<(Mutex<bool>, Condvar)>);

impl Gate {
    pub fn closed() -> Gate {
        Gate::default()
    }

    pub fn open(&self) {
        let (open, wake) = &*self.0;
        *open.lock().unwrap_or_else(PoisonError::into_inner) = true;
        wake.notify_all();
    }

    fn wake(&self) {
        // Under the lock, so a step between its check and its wait cannot miss it.
        let _held = self.0.0.lock().unwrap_or_else(PoisonError::into_inner);
        self.0.1.notify_all();
    }

    /// Waits until opened or cancelled, but at most [`GATE_LIMIT`]: work held by mistake on
    /// the thread that would open the gate goes on rather than hanging forever.
    fn wait_open(&self, cancelled: &AtomicBool) {
        let (open, wake) = &*self.0;
        let deadline = Instant::now() + GATE_LIMIT;
        let mut is_open = open.lock().unwrap_or_else(PoisonError::into_inner);
        while !*is_open && !cancelled.load(Ordering::SeqCst) {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return;
            }
            is_open = wake
                .wait_timeout(is_open, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_reach_the_listener_until_cancelled() {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = seen.clone();
        let tracker = Tracker::new(move |s| log.lock().unwrap().push(s.doing.clone()));
        tracker.step("one", 0, 2).unwrap();
        tracker.clone().cancel();
        assert!(matches!(tracker.step("two", 1, 2), Err(Error::Cancelled)));
        assert!(matches!(tracker.check(), Err(Error::Cancelled)));
        assert_eq!(*seen.lock().unwrap(), ["one"]);
    }

    #[test]
    fn a_closed_gate_holds_the_work_until_opened_or_cancelled() {
        let gate = Gate::closed();
        let tracker = Tracker::none().held_by(gate.clone());
        let worker = {
            let tracker = tracker.clone();
            std::thread::spawn(move || tracker.step("held", 0, 1).is_ok())
        };
        std::thread::sleep(std::time::Duration::from_millis(50));
        assert!(!worker.is_finished());
        gate.open();
        assert!(worker.join().unwrap());
        let gate = Gate::closed();
        let tracker = Tracker::none().held_by(gate);
        let worker = {
            let tracker = tracker.clone();
            std::thread::spawn(move || tracker.step("held", 0, 1).is_ok())
        };
        tracker.cancel();
        assert!(!worker.join().unwrap());
    }
}
