//! The error every catalogue check reports.
use std::fmt;

/// A rubric file or catalogue entry that is not valid. `Display` is one line naming the file and
/// the field (as a JSON pointer).
#[derive(Debug, Clone, PartialEq)]
pub struct CatalogError {
    pub file: String,
    /// JSON pointer of the offending field, `""` for the whole file.
    pub field: String,
    pub message: String,
}

impl fmt::Display for CatalogError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let field = if self.field.is_empty() { "/" } else { &self.field };
        let msg: Vec<&str> = self.message.split_whitespace().collect();
        write!(f, "{}: {}: {}", self.file, field, msg.join(" "))
    }
}

impl std::error::Error for CatalogError {}

impl CatalogError {
    pub fn new(file: &str, field: &str, message: impl Into<String>) -> Self {
        CatalogError {
            file: file.to_string(),
            field: field.to_string(),
            message: message.into(),
        }
    }
}
