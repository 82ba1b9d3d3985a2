//! Source files of both sides, each with one line index, so that every byte offset maps to a
//! 1-based line and character column without rescanning the file.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;

/// Which version of the release a file belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Side {
    /// The base: what is deployed now.
    Old,
    /// The head: what the release ships.
    New,
}

impl Side {
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Old => "old",
            Side::New => "new",
        }
    }
}

/// Index of a file in [`Sources`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(u32);

impl FileId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// A 1-based line and column (in characters) plus the 0-based byte offset it was computed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
    pub offset: usize,
}

/// One file's text and the byte offset at which each of its lines starts.
#[derive(Debug)]
pub struct SourceFile {
    path: String,
    side: Side,
    text: Arc<str>,
    line_starts: Vec<usize>,
    /// Whether each line is ASCII, where a column is a byte count: keeps `position` constant-time
    /// on long minified lines, where counting characters per finding would be quadratic.
    ascii_lines: Vec<bool>,
}

impl SourceFile {
    pub fn new(path: impl Into<String>, side: Side, text: impl Into<Arc<str>>) -> Self {
        let text: Arc<str> = text.into();
        let line_starts: Vec<usize> = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let line_ends = line_starts
            .iter()
            .skip(1)
            .copied()
            .chain(std::iter::once(text.len()));
        let ascii_lines = line_starts
            .iter()
            .zip(line_ends)
            .map(|(&start, end)| text.as_bytes()[start..end].is_ascii())
            .collect();
        SourceFile {
            path: path.into(),
            side,
            text,
            line_starts,
            ascii_lines,
        }
    }

    /// The path relative to the compared root, with `/` separators.
    pub fn path(&self) -> &str {
        &self.path
    }

    pub fn side(&self) -> Side {
        self.side
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// A cheap handle on the text, for renderers that need to own it.
    pub fn shared_text(&self) -> Arc<str> {
        Arc::clone(&self.text)
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The 0-based line containing `offset` (offsets past the end clamp to the last line).
    pub fn line_of(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&start| start <= offset) - 1
    }

    /// Byte range of a 0-based line, without its line terminator.
    pub fn line_range(&self, line: usize) -> std::ops::Range<usize> {
        let start = self.line_starts[line];
        let end = self
            .line_starts
            .get(line + 1)
            .map_or(self.text.len(), |&next| next - 1);
        let end = if end > start && self.text.as_bytes()[end - 1] == b'\r' {
            end - 1
        } else {
            end
        };
        start..end
    }

    /// Line and column of a byte offset. Columns count characters, so a tab or a multi-byte
    /// character is one column, as editors and SARIF consumers expect. An offset inside a
    /// multi-byte character is moved back to the character's start.
    pub fn position(&self, offset: usize) -> Position {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let line = self.line_of(offset);
        let start = self.line_starts[line];
        let column = if self.ascii_lines[line] {
            offset - start
        } else {
            self.text[start..offset].chars().count()
        } + 1;
        Position {
            line: line + 1,
            column,
            offset,
        }
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Every file a report points into, old and new side alike.
#[derive(Debug, Default)]
pub struct Sources {
    files: Vec<SourceFile>,
    by_path: BTreeMap<(Side, String), FileId>,
}

impl Sources {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a file and returns its id. Adding the same path and side twice returns the first id,
    /// so loaders that meet a file again (an import, a `$ref`) do not index it twice.
    pub fn add(
        &mut self,
        path: impl Into<String>,
        side: Side,
        text: impl Into<Arc<str>>,
    ) -> FileId {
        let path = path.into();
        if let Some(id) = self.find(&path, side) {
            return id;
        }
        // More than 2^32 files cannot be held in memory at once, so the index always fits.
        let id = FileId(self.files.len() as u32);
        self.by_path.insert((side, path.clone()), id);
        self.files.push(SourceFile::new(path, side, text));
        id
    }

    pub fn find(&self, path: &str, side: Side) -> Option<FileId> {
        self.by_path.get(&(side, path.to_owned())).copied()
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.index()]
    }

    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| (FileId(i as u32), f))
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_not_bytes() {
        let file = SourceFile::new("a.sql", Side::New, "ab\n\tcé d\nlast");
        assert_eq!(
            file.position(0),
            Position {
                line: 1,
                column: 1,
                offset: 0
            }
        );
        assert_eq!(
            file.position(3),
            Position {
                line: 2,
                column: 1,
                offset: 3
            }
        );
        // `\t` is one column, `é` is two bytes but one column.
        assert_eq!(
            file.position(7),
            Position {
                line: 2,
                column: 4,
                offset: 7
            }
        );
        assert_eq!(
            file.position(8),
            Position {
                line: 2,
                column: 5,
                offset: 8
            }
        );
        assert_eq!(
            file.position(10),
            Position {
                line: 3,
                column: 1,
                offset: 10
            }
        );
    }

    #[test]
    fn offsets_inside_a_character_or_past_the_end_are_clamped() {
        let file = SourceFile::new("a.sql", Side::New, "é");
        assert_eq!(file.position(1).offset, 0);
        assert_eq!(
            file.position(99),
            Position {
                line: 1,
                column: 2,
                offset: 2
            }
        );
    }

    #[test]
    fn line_ranges_exclude_terminators() {
        let file = SourceFile::new("a.sql", Side::Old, "one\r\ntwo\n");
        assert_eq!(&file.text()[file.line_range(0)], "one");
        assert_eq!(&file.text()[file.line_range(1)], "two");
        assert_eq!(file.line_range(2), 9..9);
        assert_eq!(file.line_count(), 3);
    }

    #[test]
    fn adding_a_file_twice_returns_the_same_id() {
        let mut sources = Sources::new();
        let a = sources.add("a", Side::Old, "x");
        let b = sources.add("a", Side::New, "x");
        assert_ne!(a, b);
        assert_eq!(sources.add("a", Side::Old, "y"), a);
        assert_eq!(sources.len(), 2);
    }
}
