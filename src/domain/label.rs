//! Labels: the short texts many activities share (a category, a provider, an approving body),
//! one allocation per distinct text, and [`Labels`], which hands them out while many
//! activities are read or checked.

use std::fmt;
use std::sync::Arc;

use rustc_hash::FxHashMap;
use serde::Serialize;

/// A category, a provider or an approving body. Immutable and shared: the store hands out
/// one per distinct text, so 100,000 activities hold a handful of labels, and the progress
/// engine can recognise a label it has already judged by its address instead of comparing
/// text. A thin pointer (8 bytes, where `Arc<str>` takes 16): every activity holds three, and
/// the rows are most of the memory a large logbook takes.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Label(Arc<String>);

/// The bodies that approved an activity, shared the same way (and as thin).
pub type Bodies = Arc<Vec<Label>>;

impl std::ops::Deref for Label {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for Label {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Label {
    fn from(text: &str) -> Label {
        Label(Arc::new(text.to_owned()))
    }
}

impl From<String> for Label {
    fn from(text: String) -> Label {
        Label(Arc::new(text))
    }
}

impl fmt::Debug for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self)
    }
}

impl Serialize for Label {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self)
    }
}

/// Hands out one shared [`Label`] per distinct text, and one shared list per distinct set of
/// bodies, while many activities are read (the store) or checked (an import): a logbook has
/// a handful of categories and bodies and a few providers, repeated across all its rows.
/// Hashed with FxHash: the keys are a few short texts, looked up three times per activity,
/// where the standard hasher (built against hostile keys) was a tenth of reading them.
#[derive(Default)]
pub struct Labels {
    // Keyed by bytes: the store looks its texts up as SQLite hands them over, and only a
    // text not seen before is checked to be UTF-8 (it was once per field and row).
    labels: FxHashMap<Box<[u8]>, Label>,
    bodies: FxHashMap<Box<[u8]>, Bodies>,
}

impl Labels {
    pub fn label(&mut self, text: &str) -> Label {
        match self.label_from_bytes(text.as_bytes()) {
            Ok(label) => label,
            // A `&str` is UTF-8.
            Err(_) => Label::from(text),
        }
    }

    /// The bodies written as `A;B` (as the store keeps them; a body never holds `;`).
    pub fn bodies(&mut self, text: &str) -> Bodies {
        match self.bodies_from_bytes(text.as_bytes()) {
            Ok(bodies) => bodies,
            Err(_) => Arc::new(text.split(';').map(Label::from).collect()),
        }
    }

    /// [`Labels::label`] for text not yet known to be UTF-8 (as SQLite hands it over).
    pub fn label_from_bytes(&mut self, bytes: &[u8]) -> Result<Label, std::str::Utf8Error> {
        if let Some(label) = self.labels.get(bytes) {
            return Ok(label.clone());
        }
        let label = Label::from(std::str::from_utf8(bytes)?);
        self.labels.insert(bytes.into(), label.clone());
        Ok(label)
    }

    /// [`Labels::bodies`] for text not yet known to be UTF-8.
    pub fn bodies_from_bytes(&mut self, bytes: &[u8]) -> Result<Bodies, std::str::Utf8Error> {
        if let Some(bodies) = self.bodies.get(bytes) {
            return Ok(bodies.clone());
        }
        let list: Bodies = match std::str::from_utf8(bytes)? {
            "" => Bodies::default(),
            text => Arc::new(text.split(';').map(|b| self.label(b)).collect()),
        };
        self.bodies.insert(bytes.into(), list.clone());
        Ok(list)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_reads_as_its_text_and_is_shared_not_copied() {
        let a = Label::from("clinical");
        let b = a.clone();
        assert_eq!(&*b, "clinical");
        assert_eq!(format!("{b} {b:?}"), "clinical \"clinical\"");
        assert!(std::ptr::eq(a.as_ptr(), b.as_ptr()));
        assert_eq!(serde_json::to_string(&a).unwrap(), "\"clinical\"");
    }

    #[test]
    fn the_same_text_is_handed_out_once() {
        let mut labels = Labels::default();
        let (a, b) = (labels.label("AAMA"), labels.label("AAMA"));
        assert!(std::ptr::eq(a.as_ptr(), b.as_ptr()));
        let (x, y) = (labels.bodies("AAMA;NHA"), labels.bodies("AAMA;NHA"));
        assert!(Arc::ptr_eq(&x, &y));
        assert_eq!(x.iter().map(|l| &**l).collect::<Vec<_>>(), ["AAMA", "NHA"]);
        // A body inside a list is the same label as the body alone.
        assert!(std::ptr::eq(x[0].as_ptr(), a.as_ptr()));
        assert!(labels.bodies("").is_empty());
    }

    #[test]
    fn bytes_that_are_not_utf8_are_refused_each_time() {
        let mut labels = Labels::default();
        assert!(labels.label_from_bytes(b"clinical").is_ok());
        for _ in 0..2 {
            assert!(labels.label_from_bytes(b"clin\xffical").is_err());
            assert!(labels.bodies_from_bytes(b"AAMA;\xff").is_err());
        }
        let known = labels.label_from_bytes(b"clinical").unwrap();
        assert!(std::ptr::eq(
            known.as_ptr(),
            labels.label("clinical").as_ptr()
        ));
    }
}
