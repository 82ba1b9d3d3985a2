//! Byte spans of descriptor elements, from the `SourceCodeInfo` protox records while parsing.
//!
//! A location is addressed by its descriptor path (`[4, 0, 2, 1]`: message 0, field 1). protox
//! stores the locations sorted by path, so a binary search finds one without building a map;
//! its columns are byte offsets from the start of the line (a tab is one byte, a multi-byte
//! character several), so line start + column is the exact byte offset.

use prost_reflect::prost_types::source_code_info::Location;

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

/// The span of the element at `path`, among a file's locations; the file's text is `source`
/// (registered as `id`).
pub fn span_of(
    locations: &[Location],
    source: &SourceFile,
    id: FileId,
    path: &[i32],
) -> Option<Span> {
    let location = find(locations, path)?;
    let range = byte_range(source, &location.span)?;
    Some(Span::new(id, range))
}

/// The locations of a file without their comments, which spans do not need.
pub fn locations(file: &mut prost_reflect::prost_types::FileDescriptorProto) -> Vec<Location> {
    let info = file.source_code_info.take().unwrap_or_default();
    info.location
        .into_iter()
        .map(|l| Location {
            path: l.path,
            span: l.span,
            ..Location::default()
        })
        .collect()
}

fn find<'a>(locations: &'a [Location], path: &[i32]) -> Option<&'a Location> {
    match locations.binary_search_by(|l| l.path.as_slice().cmp(path)) {
        Ok(at) => locations.get(at),
        // Not sorted after all (a descriptor from elsewhere): fall back to a scan.
        Err(_) => locations.iter().find(|l| l.path == path),
    }
}

/// `[line, column, end column]` or `[line, column, end line, end column]`, 0-based, to bytes.
fn byte_range(source: &SourceFile, span: &[i32]) -> Option<std::ops::Range<usize>> {
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
    let (start, end) = match *span {
        [line, column, end_column] => (at(line, column)?, at(line, end_column)?),
        [line, column, end_line, end_column] => (at(line, column)?, at(end_line, end_column)?),
        _ => return None,
    };
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
        let descriptor = locations(&mut proto);
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
}
