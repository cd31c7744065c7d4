use std::sync::Arc;

use serde::Serialize;

use crate::{LineCol, LineIndex, TextRange};

/// One input text and the name it is reported under (a path relative to where the scan ran,
/// or `<stdin>`).
#[derive(Debug)]
pub struct SourceFile {
    path: String,
    text: Arc<str>,
    line_index: LineIndex,
}

impl SourceFile {
    #[must_use]
    pub fn new(path: impl Into<String>, text: impl Into<Arc<str>>) -> Self {
        let text = text.into();
        let line_index = LineIndex::new(&text);
        Self {
            path: path.into(),
            text,
            line_index,
        }
    }

    #[must_use]
    pub fn path(&self) -> &str {
        &self.path
    }

    #[must_use]
    pub fn text(&self) -> &str {
        &self.text
    }

    /// A shared handle on the text, for reports that quote source lines.
    #[must_use]
    pub fn shared_text(&self) -> Arc<str> {
        Arc::clone(&self.text)
    }

    #[must_use]
    pub fn line_index(&self) -> &LineIndex {
        &self.line_index
    }

    #[must_use]
    pub fn line_col(&self, offset: u32) -> LineCol {
        self.line_index.line_col(&self.text, offset)
    }

    /// The text of `range`, or `""` if it does not fall on character boundaries of this file.
    #[must_use]
    pub fn slice(&self, range: TextRange) -> &str {
        self.text.get(range.as_usize()).unwrap_or("")
    }

    /// The concrete location of `range` in this file.
    #[must_use]
    pub fn location(&self, range: TextRange) -> Location {
        Location {
            path: self.path.clone(),
            range,
            start: self.line_col(range.start),
            end: self.line_col(range.end),
        }
    }
}

/// A concrete place in a file: the byte range and its 1-based start and end (end exclusive).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Location {
    pub path: String,
    #[serde(skip)]
    pub range: TextRange,
    pub start: LineCol,
    pub end: LineCol,
}
