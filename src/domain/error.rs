//! The one kind of error every user input can produce: which field, and what is wrong with it.

use std::fmt;

/// A field the user filled in wrongly, and what to do about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// The name the user knows the field by (the command-line option or form label).
    pub field: &'static str,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &'static str, message: impl Into<String>) -> Self {
        FieldError {
            field,
            message: message.into(),
        }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl std::error::Error for FieldError {}

/// Every field that was wrong, so a form can mark each one and a command can name them all.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct InvalidInput(pub Vec<FieldError>);

impl InvalidInput {
    pub fn one(field: &'static str, message: impl Into<String>) -> Self {
        InvalidInput(vec![FieldError::new(field, message)])
    }

    /// The message for `field`, if that field was wrong.
    pub fn for_field(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }
}

impl fmt::Display for InvalidInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, error) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{error}")?;
        }
        Ok(())
    }
}

impl From<FieldError> for InvalidInput {
    fn from(error: FieldError) -> Self {
        InvalidInput(vec![error])
    }
}
