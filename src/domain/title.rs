//! An activity's title ([`Title`]), and [`TitleBuffer`], which keeps the titles read together
//! in one buffer.

use std::fmt;
use std::sync::Arc;

use serde::Serialize;

/// An activity's title, read as a `str`. The titles read together (every activity, on opening
/// a logbook) are ranges of one shared buffer: 16 bytes each, as a `Box<str>` is, without an
/// allocation each, whose header and rounding took a third of the titles' memory (1.5 MB at
/// 100,000). A title typed in or imported has a buffer of its own.
#[derive(Clone)]
pub struct Title {
    text: Arc<String>,
    start: u32,
    len: u32,
}

impl std::ops::Deref for Title {
    type Target = str;
    fn deref(&self) -> &str {
        let start = self.start as usize;
        // Always a range of `text` on character boundaries (`TitleBuffer::add`, `From`).
        self.text
            .get(start..start + self.len as usize)
            .unwrap_or("")
    }
}

impl From<String> for Title {
    fn from(text: String) -> Title {
        // SQLite holds at most a billion bytes in a value, and a title is checked far shorter.
        let len = u32::try_from(text.len()).unwrap_or(u32::MAX);
        Title {
            text: Arc::new(text),
            start: 0,
            len,
        }
    }
}

impl Default for Title {
    fn default() -> Title {
        Title::from(String::new())
    }
}

impl From<&str> for Title {
    fn from(text: &str) -> Title {
        Title::from(text.to_owned())
    }
}

impl PartialEq for Title {
    fn eq(&self, other: &Title) -> bool {
        **self == **other
    }
}

impl Eq for Title {}

impl std::hash::Hash for Title {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        (**self).hash(state);
    }
}

impl fmt::Debug for Title {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

impl fmt::Display for Title {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self)
    }
}

impl Serialize for Title {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self)
    }
}

/// Titles read together, kept in one buffer: [`TitleBuffer::add`] each, then
/// [`TitleBuffer::share`] the buffer with all of them once every one is in.
pub struct TitleBuffer {
    text: String,
    /// What an added title points at until it is shared: it reads as empty till then.
    pending: Arc<String>,
}

impl Default for TitleBuffer {
    fn default() -> Self {
        TitleBuffer {
            text: String::new(),
            pending: Arc::new(String::new()),
        }
    }
}

impl TitleBuffer {
    /// `text` added to the buffer, as a title that reads as `text` once shared.
    pub fn add(&mut self, text: &str) -> Title {
        let end = self.text.len() + text.len();
        let (Ok(start), Ok(len), Ok(_)) = (
            u32::try_from(self.text.len()),
            u32::try_from(text.len()),
            u32::try_from(end),
        ) else {
            // Past 4 GB of titles: a buffer of its own.
            return Title::from(text);
        };
        self.text.push_str(text);
        Title {
            text: self.pending.clone(),
            start,
            len,
        }
    }

    /// Points each title added here at the buffer, now complete.
    pub fn share<'a>(mut self, titles: impl IntoIterator<Item = &'a mut Title>) {
        self.text.shrink_to_fit();
        let shared = Arc::new(self.text);
        for title in titles {
            if Arc::ptr_eq(&title.text, &self.pending) {
                title.text = shared.clone();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_read_together_share_one_buffer_and_read_as_themselves() {
        let mut buffer = TitleBuffer::default();
        let mut titles: Vec<Title> = ["BLS course", "", "Café – basics", "x"]
            .into_iter()
            .map(|t| buffer.add(t))
            .collect();
        titles.push(Title::from("typed in"));
        buffer.share(&mut titles);
        let read: Vec<&str> = titles.iter().map(|t| &**t).collect();
        assert_eq!(read, ["BLS course", "", "Café – basics", "x", "typed in"]);
        assert!(Arc::ptr_eq(&titles[0].text, &titles[3].text));
        assert!(!Arc::ptr_eq(&titles[0].text, &titles[4].text));
        assert_eq!(titles[2], Title::from("Café – basics"));
        assert_eq!(format!("{} {:?}", titles[0], titles[3]), "BLS course \"x\"");
        assert_eq!(
            serde_json::to_string(&titles[2]).unwrap(),
            "\"Café – basics\""
        );
        assert_eq!(size_of::<Title>(), 16);
    }
}
