//! Where things are in a statement: tokens' byte offsets from sqlparser's line and column
//! locations, and the clause a token starts.

use std::ops::Range;

use sqlparser::tokenizer::Location;

use super::Statement;

/// A code token of a statement: where it starts (as the parser locates it, and as a byte offset),
/// where it ends, and whether it opens or closes a nesting level or separates a list.
#[derive(Debug, Clone, Copy)]
pub(super) struct Mark {
    pub(super) location: Location,
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) kind: MarkKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum MarkKind {
    Open,
    Close,
    Comma,
    Other,
}

impl Statement {
    /// Whether the statement runs inside a transaction.
    pub fn in_transaction(&self) -> bool {
        self.transaction != 0
    }

    /// The statement's code with comments dropped and whitespace normalised: equal for two
    /// statements that differ only in layout. `text` is the file the statement is in.
    pub fn fingerprint(&self, text: &str) -> String {
        if self.marks.is_empty() {
            // A statement kept without its tokens: whitespace is all that can be normalised.
            let words: Vec<&str> = text
                .get(self.span.clone())
                .unwrap_or_default()
                .split_whitespace()
                .collect();
            return words.join(" ");
        }
        let parts: Vec<&str> = self
            .marks
            .iter()
            .filter_map(|m| text.get(m.start..m.end).map(str::trim_end))
            .collect();
        parts.join(" ")
    }

    /// The byte offset of the token that starts at `location`, if it is in this statement.
    pub fn offset_of(&self, location: Location) -> Option<usize> {
        let index = self
            .marks
            .binary_search_by(|m| m.location.cmp(&location))
            .ok()?;
        Some(self.marks[index].start)
    }

    /// The clause starting at the token at `location`: up to the next `,` or unmatched `)` at its
    /// nesting level, or the end of the statement. A column definition, say.
    pub fn clause_at(&self, location: Location) -> Option<Range<usize>> {
        let first = self
            .marks
            .binary_search_by(|m| m.location.cmp(&location))
            .ok()?;
        let mut depth = 0usize;
        let mut last = first;
        for (index, mark) in self.marks.iter().enumerate().skip(first) {
            match mark.kind {
                MarkKind::Open => depth += 1,
                MarkKind::Close if depth == 0 => break,
                MarkKind::Close => depth -= 1,
                MarkKind::Comma if depth == 0 => break,
                _ => {}
            }
            last = index;
        }
        Some(self.marks[first].start..self.marks[last].end)
    }
}

/// Converts sqlparser's locations (1-based line, 1-based column counted in characters) to byte
/// offsets. Tokens arrive in order, so a cursor moves forward; a location behind it restarts
/// from the start of its line.
pub(super) struct Locator<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
    /// (line, column, offset) of the last conversion.
    cursor: (u64, u64, usize),
}

impl<'a> Locator<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Locator {
            text,
            line_starts,
            cursor: (1, 1, 0),
        }
    }

    pub(super) fn offset(&mut self, location: Location) -> Option<usize> {
        let line_index = usize::try_from(location.line.checked_sub(1)?).ok()?;
        let line_start = *self.line_starts.get(line_index)?;
        let (mut column, mut offset) = match self.cursor {
            (line, column, offset) if line == location.line && column <= location.column => {
                (column, offset)
            }
            _ => (1, line_start),
        };
        let mut chars = self.text.get(offset..)?.chars();
        while column < location.column {
            match chars.next() {
                Some('\n') | None => break,
                Some(c) => {
                    offset += c.len_utf8();
                    column += 1;
                }
            }
        }
        self.cursor = (location.line, column, offset);
        Some(offset)
    }
}
