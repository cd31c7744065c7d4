use serde::Serialize;

/// A 1-based line and column. Columns count Unicode scalar values (characters), which is what
/// editors show and what SARIF's `unicodeCodePoints` column kind means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct LineCol {
    pub line: u32,
    pub column: u32,
}

/// The byte offsets at which each line starts, for turning offsets into [`LineCol`].
#[derive(Debug, Clone)]
pub struct LineIndex {
    line_starts: Vec<u32>,
    ascii: bool,
}

impl LineIndex {
    #[must_use]
    pub fn new(text: &str) -> Self {
        let mut line_starts = vec![0];
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                line_starts.push(u32::try_from(i + 1).unwrap_or(u32::MAX));
            }
        }
        Self {
            line_starts,
            ascii: text.is_ascii(),
        }
    }

    /// The number of lines (a trailing newline does not start a counted line of its own).
    #[must_use]
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The 0-based line that holds byte `offset`.
    #[must_use]
    pub fn line_of(&self, offset: u32) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// The byte offset at which 0-based `line` starts.
    #[must_use]
    pub fn line_start(&self, line: usize) -> u32 {
        self.line_starts[line.min(self.line_starts.len() - 1)]
    }

    /// The 1-based line and column of byte `offset` in `text` (the text this index was built from).
    #[must_use]
    pub fn line_col(&self, text: &str, offset: u32) -> LineCol {
        let offset = offset.min(u32::try_from(text.len()).unwrap_or(u32::MAX));
        let line = self.line_of(offset);
        let start = self.line_starts[line];
        let column = if self.ascii {
            offset - start
        } else {
            let slice = text.get(start as usize..offset as usize).unwrap_or("");
            u32::try_from(slice.chars().count()).unwrap_or(u32::MAX)
        };
        LineCol {
            line: u32::try_from(line + 1).unwrap_or(u32::MAX),
            column: column + 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_and_count_characters() {
        let text = "a: 1\nnamé: x\n";
        let index = LineIndex::new(text);
        assert_eq!(index.line_col(text, 0), LineCol { line: 1, column: 1 });
        assert_eq!(index.line_col(text, 5), LineCol { line: 2, column: 1 });
        // "x" sits after "namé: " which is 6 characters but 7 bytes.
        let x = u32::try_from(text.find('x').unwrap()).unwrap();
        assert_eq!(index.line_col(text, x), LineCol { line: 2, column: 7 });
        assert_eq!(index.line_count(), 3);
    }
}
