//! Byte spans of descriptor elements, from the `SourceCodeInfo` protox records while parsing.
//!
//! A location is addressed by its descriptor path (`[4, 0, 2, 1]`: message 0, field 1). The
//! locations are sorted by path once, so a binary search finds one without building a map;
//! their columns are byte offsets from the start of the line (a tab is one byte, a multi-byte
//! character several), so line start + column is the exact byte offset.

use prost_reflect::prost_types::{FileDescriptorProto, SourceCodeInfo};

use crate::core::{FileId, SourceFile, Span};

/// Descriptor field numbers used in location paths.
pub mod tag {
    pub const FILE_PACKAGE: i32 = 2;
    pub const FILE_MESSAGE: i32 = 4;
    pub const FILE_ENUM: i32 = 5;
    pub const FILE_SERVICE: i32 = 6;
    pub const NAME: i32 = 1;
    pub const MESSAGE_FIELD: i32 = 2;
    pub const MESSAGE_RESERVED_RANGE: i32 = 9;
    pub const MESSAGE_RESERVED_NAME: i32 = 10;
    pub const FIELD_NUMBER: i32 = 3;
    pub const FIELD_LABEL: i32 = 4;
    pub const FIELD_TYPE: i32 = 5;
    pub const FIELD_TYPE_NAME: i32 = 6;
    pub const FIELD_DEFAULT: i32 = 7;
    pub const FIELD_JSON_NAME: i32 = 10;
    pub const ENUM_VALUE: i32 = 2;
    pub const ENUM_RESERVED_RANGE: i32 = 4;
    pub const ENUM_RESERVED_NAME: i32 = 5;
    pub const VALUE_NUMBER: i32 = 2;
    pub const METHOD_INPUT: i32 = 2;
    pub const METHOD_OUTPUT: i32 = 3;
}

/// A file's source locations without their comments, sorted by path, in flat arrays: a file
/// has hundreds of locations, and one allocation each would dominate a large tree's memory.
#[derive(Debug, Default)]
pub struct Locations {
    /// Every location's path, concatenated.
    paths: Vec<i32>,
    /// Where each location's path ends in `paths`.
    ends: Vec<u32>,
    /// `[line, column, end line, end column]`, 0-based, columns in bytes.
    spans: Vec<[i32; 4]>,
}

impl Locations {
    pub fn new(info: SourceCodeInfo) -> Locations {
        let mut all: Vec<(Vec<i32>, [i32; 4])> = info
            .location
            .into_iter()
            .filter_map(|location| {
                let span = match *location.span.as_slice() {
                    [line, column, end_column] => [line, column, line, end_column],
                    [line, column, end_line, end_column] => [line, column, end_line, end_column],
                    _ => return None,
                };
                Some((location.path, span))
            })
            .collect();
        // Of several locations with one path (an option and its value, repeated statements),
        // the widest comes first: the first in the file, the whole option.
        all.sort_by(|(a, a_span), (b, b_span)| {
            a.cmp(b)
                .then_with(|| a_span[..2].cmp(&b_span[..2]))
                .then_with(|| b_span[2..].cmp(&a_span[2..]))
        });
        let mut locations = Locations {
            paths: Vec::with_capacity(all.iter().map(|(path, _)| path.len()).sum()),
            ends: Vec::with_capacity(all.len()),
            spans: Vec::with_capacity(all.len()),
        };
        for (path, span) in all {
            let Ok(end) = u32::try_from(locations.paths.len() + path.len()) else {
                break;
            };
            locations.paths.extend_from_slice(&path);
            locations.ends.push(end);
            locations.spans.push(span);
        }
        locations
    }

    /// Takes a file's locations out of its descriptor.
    pub fn take(file: &mut FileDescriptorProto) -> Locations {
        Locations::new(file.source_code_info.take().unwrap_or_default())
    }

    fn path(&self, index: usize) -> &[i32] {
        let start = index
            .checked_sub(1)
            .and_then(|i| self.ends.get(i))
            .map_or(0, |&e| e as usize);
        let end = self.ends.get(index).map_or(start, |&e| e as usize);
        self.paths.get(start..end).unwrap_or_default()
    }

    /// The locations whose path starts with `prefix`, the widest of a path first.
    fn within<'a>(&'a self, prefix: &'a [i32]) -> impl Iterator<Item = [i32; 4]> + 'a {
        let at = partition_point(self.spans.len(), |i| self.path(i) < prefix);
        (at..self.spans.len())
            .take_while(move |&i| self.path(i).starts_with(prefix))
            .filter_map(|i| self.spans.get(i).copied())
    }

    /// The first location with this path.
    fn find(&self, path: &[i32]) -> Option<[i32; 4]> {
        let at = partition_point(self.spans.len(), |i| self.path(i) < path);
        self.spans
            .get(at)
            .copied()
            .filter(|_| self.path(at) == path)
    }
}

/// The first index in `0..len` for which `before` is false (`before` must be true for a prefix).
fn partition_point(len: usize, before: impl Fn(usize) -> bool) -> usize {
    let (mut low, mut high) = (0, len);
    while low < high {
        let mid = low + (high - low) / 2;
        if before(mid) {
            low = mid + 1;
        } else {
            high = mid;
        }
    }
    low
}

/// The span of the element at `path`, among a file's locations; the file's text is `source`
/// (registered as `id`).
pub fn span_of(
    locations: &Locations,
    source: &SourceFile,
    id: FileId,
    path: &[i32],
) -> Option<Span> {
    let range = byte_range(source, locations.find(path)?)?;
    Some(Span::new(id, range))
}

/// The spans of every location at or below `prefix`, the widest of a path first.
pub fn spans_within<'a>(
    locations: &'a Locations,
    source: &'a SourceFile,
    id: FileId,
    prefix: &'a [i32],
) -> impl Iterator<Item = Span> + 'a {
    locations
        .within(prefix)
        .filter_map(move |span| Some(Span::new(id, byte_range(source, span)?)))
}

/// `[line, column, end line, end column]`, 0-based, to bytes.
fn byte_range(source: &SourceFile, span: [i32; 4]) -> Option<std::ops::Range<usize>> {
    let at = |line: i32, column: i32| -> Option<usize> {
        let line = usize::try_from(line).ok()?;
        let column = usize::try_from(column).ok()?;
        if line >= source.line_count() {
            return None;
        }
        let start = source.line_range(line).start;
        let offset = (start + column).min(source.text().len());
        source.text().is_char_boundary(offset).then_some(offset)
    };
    let [line, column, end_line, end_column] = span;
    let (start, end) = (at(line, column)?, at(end_line, end_column)?);
    (start <= end).then_some(start..end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::{Side, Sources};

    #[test]
    fn columns_are_bytes_so_tabs_and_multibyte_text_land_exactly() {
        let text = "syntax = \"proto3\";\n// größe\nmessage M {\n\tstring größe_x = 1;\n\tint32 ä = 2;\n}\n";
        // Non-ASCII identifiers are not valid protobuf; keep them in comments and strings only.
        let text = text
            .replace("größe_x", "size")
            .replace("int32 ä", "int32 b");
        let text = text.replace("string size", "string /* ü */ size");
        let file = protox::file::File::from_source("m.proto", &text).expect("parses");
        let mut proto = file.file_descriptor_proto().clone();
        let descriptor = Locations::take(&mut proto);
        let mut sources = Sources::new();
        let id = sources.add("m.proto", Side::New, text.as_str());
        let source = sources.get(id);
        let field = span_of(&descriptor, source, id, &[4, 0, 2, 0]).expect("field span");
        assert_eq!(&text[field.range()], "string /* ü */ size = 1;");
        let name = span_of(&descriptor, source, id, &[4, 0, 2, 1, 1]).expect("name span");
        assert_eq!(&text[name.range()], "b");
        let message = span_of(&descriptor, source, id, &[4, 0, 1]).expect("message name");
        assert_eq!(&text[message.range()], "M");
    }

    #[test]
    fn of_several_locations_with_one_path_the_widest_is_found() {
        let text =
            "syntax = \"proto3\";\nmessage M {\n  string email = 2 [json_name = \"mail\"];\n}\n";
        let file = protox::file::File::from_source("m.proto", text).expect("parses");
        let mut proto = file.file_descriptor_proto().clone();
        let locations = Locations::take(&mut proto);
        let mut sources = Sources::new();
        let id = sources.add("m.proto", Side::New, text);
        let json_name = span_of(&locations, sources.get(id), id, &[4, 0, 2, 0, 10]).expect("span");
        assert_eq!(&text[json_name.range()], "json_name = \"mail\"");
        assert!(span_of(&locations, sources.get(id), id, &[4, 0, 2, 7]).is_none());
    }
}
