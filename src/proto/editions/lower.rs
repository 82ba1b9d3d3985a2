//! Lowers a file written in protobuf editions (2023, 2024) to proto2, which protox compiles,
//! with a map from every offset of the lowered text back to the original.
//!
//! protox 0.10 has no editions support, and no crate parses editions; the syntax differs from
//! proto2 in few places, so this is a token-level rewrite rather than a parser of our own:
//!
//! - `edition = "2023";` becomes `syntax = "proto2";`;
//! - a field without a label gets `optional` (or `required` when its own options say
//!   `features.field_presence = LEGACY_REQUIRED`), as proto2 requires; fields in a oneof and map
//!   fields keep none;
//! - reserved names, identifiers in editions, become string literals;
//! - 2024's `export` and `local` visibility keywords and the `option` of `import option` are
//!   blanked out (spaces of the same length).
//!
//! Features (`option features.x = Y;`, `[features.x = Y]`) stay as they are: protox reads them as
//! options, and `features` resolves them per element; 2024's `enforce_naming_style` and
//! `default_symbol_visibility`, which the compiler does not know, are blanked. Edits keep every
//! newline of the text they replace, so a line keeps its number and only columns move.
//!
//! Not covered: groups (editions have none), custom features of other languages' extension
//! files beyond keeping their options, and editions after 2024 (refused by the caller).

use std::ops::Range;

use prost_reflect::prost_types::SourceCodeInfo;

use crate::core::{Edit, Rewrite};
use crate::proto::header::{Token, tokens};

/// A lowered file and the way back to the original offsets.
pub type Lowered = Rewrite;

/// Moves the columns of source locations, taken of the lowered text, onto the original (lines
/// are the same in both).
pub fn remap(lowered: &Lowered, original: &str, info: &mut SourceCodeInfo) {
    let lowered_lines = line_starts(&lowered.text);
    let original_lines = line_starts(original);
    let column = |line: i32, column: i32| -> i32 {
        let (Ok(l), Ok(c)) = (usize::try_from(line), usize::try_from(column)) else {
            return column;
        };
        let (Some(&from), Some(&to)) = (lowered_lines.get(l), original_lines.get(l)) else {
            return column;
        };
        let moved = lowered.original(from + c).saturating_sub(to);
        i32::try_from(moved).unwrap_or(column)
    };
    for location in &mut info.location {
        match location.span.as_mut_slice() {
            [line, start, end] => {
                (*start, *end) = (column(*line, *start), column(*line, *end));
            }
            [line, start, end_line, end] => {
                *start = column(*line, *start);
                *end = column(*end_line, *end);
            }
            _ => {}
        }
    }
}

/// What encloses a statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Block {
    File,
    Message,
    Enum,
    Oneof,
    Extend,
    /// A service, an rpc body, or an aggregate option value: nothing to lower inside.
    Other,
}

/// Lowers a file that declares an edition compat knows.
pub fn lower(text: &str) -> Lowered {
    let tokens = tokens(text);
    let word = |i: usize| -> &str { tokens.get(i).map_or("", |(_, range)| &text[range.clone()]) };
    let mut edits: Vec<Edit> = Vec::new();
    let mut stack = vec![Block::File];
    // The block that the next `{` opens.
    let mut opening = Block::Other;
    let mut statement_start = true;
    let mut brackets = 0usize;
    let mut i = 0;
    while i < tokens.len() {
        let (kind, range) = &tokens[i];
        let here = *stack.last().unwrap_or(&Block::File);
        let token = word(i);
        if *kind == Token::Punct {
            match token {
                "{" => {
                    // An aggregate option value (`= {`, `: {`, inside `[...]`) declares nothing.
                    let aggregate = i > 0 && matches!(word(i - 1), "=" | ":") || brackets > 0;
                    stack.push(if aggregate { Block::Other } else { opening });
                    opening = Block::Other;
                    statement_start = true;
                }
                "[" => {
                    brackets += 1;
                    statement_start = false;
                }
                "]" => {
                    brackets = brackets.saturating_sub(1);
                    statement_start = false;
                }
                "}" => {
                    if stack.len() > 1 {
                        stack.pop();
                    }
                    statement_start = true;
                }
                ";" => statement_start = true,
                // A field whose type is fully qualified: `.acme.v1.Money total = 1;`.
                "." if statement_start && matches!(here, Block::Message | Block::Extend) => {
                    let end = statement_end(&tokens, text, i);
                    edits.push(insert(range.start, label(&tokens, text, i, end)));
                    statement_start = false;
                }
                _ => statement_start = false,
            }
            i += 1;
            continue;
        }
        if !statement_start || *kind != Token::Word || here == Block::Other {
            statement_start = false;
            i += 1;
            continue;
        }
        statement_start = false;
        let mut first = i;
        if matches!(token, "export" | "local") && matches!(word(i + 1), "message" | "enum") {
            edits.push(blank(range.clone()));
            first = i + 1;
        }
        match (here, word(first)) {
            (Block::File, "edition") => {
                // The keyword through the edition's name; a missing `;` stays missing.
                let name = tokens[first..]
                    .iter()
                    .find(|(kind, _)| *kind == Token::Str)
                    .map_or(range.end, |(_, r)| r.end);
                let statement = tokens[first].1.start..name;
                let newlines = "\n".repeat(text[statement.clone()].matches('\n').count());
                edits.push(Edit {
                    at: statement.start,
                    removed: statement.len(),
                    inserted: format!("syntax = \"proto2\"{newlines}"),
                });
            }
            (Block::File, "import") if word(first + 1) == "option" => {
                edits.push(blank(tokens[first + 1].1.clone()));
            }
            (_, "option")
                if matches!(
                    word(first + 3),
                    "enforce_naming_style" | "default_symbol_visibility"
                ) && word(first + 1) == "features" =>
            {
                // Edition 2024 features of naming and visibility, which the compiler's
                // descriptor.proto predates and which change nothing on the wire.
                let end = statement_end(&tokens, text, first);
                let stop = tokens.get(end).map_or(text.len(), |(_, r)| r.end);
                edits.push(blank_keeping_lines(text, tokens[first].1.start..stop));
            }
            (_, "message") => opening = Block::Message,
            (_, "enum") => opening = Block::Enum,
            (_, "oneof") => opening = Block::Oneof,
            (_, "extend") => opening = Block::Extend,
            (_, "service") => opening = Block::Other,
            (Block::Message | Block::Enum, "reserved") => {
                let end = statement_end(&tokens, text, first);
                for (kind, range) in &tokens[first + 1..end] {
                    let name = &text[range.clone()];
                    let is_name = *kind == Token::Word
                        && !matches!(name, "to" | "max")
                        && !name.starts_with(|c: char| c.is_ascii_digit());
                    if is_name {
                        edits.push(insert(range.start, "\""));
                        edits.push(insert(range.end, "\""));
                    }
                }
            }
            (Block::Message | Block::Extend, keyword) if needs_label(keyword, word(first + 1)) => {
                let end = statement_end(&tokens, text, first);
                edits.push(insert(
                    tokens[first].1.start,
                    label(&tokens, text, first, end),
                ));
            }
            _ => {}
        }
        i = first + 1;
    }
    edits.extend(feature_definitions(&tokens, text));
    Rewrite::apply(text, edits)
}

/// A file in proto2 or proto3 that defines features (`google/protobuf/cpp_features.proto` is
/// proto2): only its feature definitions are blanked. `None` when it defines none.
pub fn without_feature_definitions(text: &str) -> Option<Lowered> {
    if !text.contains("edition_defaults") && !text.contains("feature_support") {
        return None;
    }
    let edits = feature_definitions(&tokens(text), text);
    (!edits.is_empty()).then(|| Rewrite::apply(text, edits))
}

/// Blanks the `edition_defaults` and `feature_support` options of fields, with a comma next to
/// each. Only the files that define features (`google/protobuf/cpp_features.proto`, say) have
/// them; they say which default each edition takes, which compat does not read from them, and
/// prost-reflect cannot interpret a repeated option written as several aggregate values.
fn feature_definitions(tokens: &[(Token, Range<usize>)], text: &str) -> Vec<Edit> {
    let word = |i: usize| tokens.get(i).map_or("", |(_, r)| &text[r.clone()]);
    let mut edits = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let defines = matches!(word(i), "edition_defaults" | "feature_support")
            && word(i + 1) == "="
            && word(i + 2) == "{";
        if !defines {
            i += 1;
            continue;
        }
        let mut depth = 0usize;
        let mut end = i + 2;
        while end < tokens.len() {
            match word(end) {
                "{" => depth += 1,
                "}" => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                _ => {}
            }
            end += 1;
        }
        // The comma before the option goes with it, else the one after (first in its list); the
        // only option of a list goes with the brackets.
        let mut start = tokens[i].1.start;
        let mut stop = tokens.get(end).map_or(text.len(), |(_, r)| r.end);
        if i > 0 && word(i - 1) == "," {
            start = tokens[i - 1].1.start;
        } else if word(end + 1) == "," {
            stop = tokens[end + 1].1.end;
        } else if i > 0 && word(i - 1) == "[" && word(end + 1) == "]" {
            start = tokens[i - 1].1.start;
            stop = tokens[end + 1].1.end;
        }
        edits.push(blank_keeping_lines(text, start..stop));
        i = end + 1;
    }
    edits
}

/// Spaces in place of a range, its newlines kept.
fn blank_keeping_lines(text: &str, range: Range<usize>) -> Edit {
    let inserted: String = text[range.clone()]
        .chars()
        .map(|c| if c == '\n' { '\n' } else { ' ' })
        .collect();
    // Multi-byte characters become one space each: pad to the same byte length.
    let inserted = format!("{inserted:<width$}", width = range.len());
    Edit {
        at: range.start,
        removed: range.len(),
        inserted,
    }
}

/// Whether a statement in a message starting with `first` (then `second`) declares a field
/// without a label.
fn needs_label(first: &str, second: &str) -> bool {
    const NOT_FIELDS: &[&str] = &[
        "message",
        "enum",
        "oneof",
        "extend",
        "extensions",
        "reserved",
        "option",
        "optional",
        "required",
        "repeated",
        "map",
        "group",
    ];
    !NOT_FIELDS.contains(&first) || (first == "map" && second != "<")
}

/// The proto2 label of a field declared in `first..end`: `required` when its options set
/// `features.field_presence = LEGACY_REQUIRED`, else `optional`.
fn label(tokens: &[(Token, Range<usize>)], text: &str, first: usize, end: usize) -> &'static str {
    let words: Vec<&str> = tokens[first..end]
        .iter()
        .map(|(_, r)| &text[r.clone()])
        .collect();
    if words
        .windows(3)
        .any(|w| w[0] == "field_presence" && matches!(w[1], "=" | ":") && w[2] == "LEGACY_REQUIRED")
    {
        "required "
    } else {
        "optional "
    }
}

/// The index of the `;` that ends the statement starting at `first` (or of the last token).
fn statement_end(tokens: &[(Token, Range<usize>)], text: &str, first: usize) -> usize {
    tokens[first..]
        .iter()
        .position(|(kind, range)| *kind == Token::Punct && &text[range.clone()] == ";")
        .map_or(tokens.len(), |at| first + at)
}

fn insert(at: usize, text: &str) -> Edit {
    Edit {
        at,
        removed: 0,
        inserted: text.to_owned(),
    }
}

fn blank(range: Range<usize>) -> Edit {
    Edit {
        at: range.start,
        removed: range.len(),
        inserted: " ".repeat(range.len()),
    }
}

fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(at, _)| at + 1))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editions_syntax_becomes_proto2_with_offsets_back_to_the_original() {
        let text = "edition = \"2023\";\npackage a;\nmessage M {\n  reserved foo, bar;\n  int32 x = 1 [features.field_presence = IMPLICIT];\n  M2 y = 2 [features.field_presence = LEGACY_REQUIRED];\n  repeated int32 r = 3;\n  map<string, int32> m = 4;\n  oneof o {\n    string s = 5;\n  }\n  message M2 {}\n}\n";
        let lowered = lower(text);
        assert_eq!(
            lowered.text,
            "syntax = \"proto2\";\npackage a;\nmessage M {\n  reserved \"foo\", \"bar\";\n  optional int32 x = 1 [features.field_presence = IMPLICIT];\n  required M2 y = 2 [features.field_presence = LEGACY_REQUIRED];\n  repeated int32 r = 3;\n  map<string, int32> m = 4;\n  oneof o {\n    string s = 5;\n  }\n  message M2 {}\n}\n"
        );
        assert_eq!(lowered.text.lines().count(), text.lines().count());
        let x = lowered.text.find("int32 x").expect("field");
        assert_eq!(&text[lowered.original(x)..][..7], "int32 x");
        // Inside an insertion, the offset it was inserted at.
        let optional = lowered.text.find("optional int32 x").expect("label");
        assert_eq!(
            lowered.original(optional + 3),
            text.find("int32 x").expect("x")
        );
        let package = lowered.text.find("package").expect("package");
        assert_eq!(
            lowered.original(package),
            text.find("package").expect("package")
        );
    }

    #[test]
    fn edition_2024_visibility_and_option_imports_are_blanked() {
        let text = "edition = \"2024\";\nimport option \"opts.proto\";\nexport message M {\n  local enum E { E_UNSPECIFIED = 0; }\n}\n";
        let lowered = lower(text);
        assert_eq!(
            lowered.text,
            "syntax = \"proto2\";\nimport        \"opts.proto\";\n       message M {\n        enum E { E_UNSPECIFIED = 0; }\n}\n"
        );
    }

    #[test]
    fn feature_definitions_are_blanked_with_their_commas() {
        let text = "syntax = \"proto2\";\nmessage F {\n  optional bool b = 1 [\n    targets = TARGET_TYPE_FIELD,\n    edition_defaults = { edition: EDITION_PROTO2, value: \"true\" },\n    edition_defaults = { edition: EDITION_2024, value: \"false\" }\n  ];\n  optional bool c = 2 [edition_defaults = { edition: EDITION_PROTO2, value: \"true\" }, deprecated = true];\n}\n";
        let lowered = without_feature_definitions(text).expect("defines features");
        let squeezed: String = lowered
            .text
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            squeezed.contains("[ targets = TARGET_TYPE_FIELD ];"),
            "{squeezed}"
        );
        assert!(squeezed.contains("[ deprecated = true];"), "{squeezed}");
        assert_eq!(lowered.text.lines().count(), text.lines().count());
        assert!(protox::file::File::from_source("f.proto", &lowered.text).is_ok());
    }

    #[test]
    fn aggregate_option_values_declare_nothing() {
        let text = "edition = \"2023\";\nmessage M {\n  int32 age = 1 [(cel) = { message: \"positive\" nested { id: 2 } }];\n  string name = 2 [(cel) = { id: \"name\" }];\n  option (x) = { message: \"m\" };\n  int32 z = 3;\n}\n";
        let lowered = lower(text);
        assert!(
            lowered.text.contains("  optional int32 age = 1"),
            "{}",
            lowered.text
        );
        assert!(
            lowered
                .text
                .contains("  optional string name = 2 [(cel) = { id:"),
            "{}",
            lowered.text
        );
        assert!(
            lowered.text.contains("  optional int32 z = 3;"),
            "{}",
            lowered.text
        );
    }

    #[test]
    fn a_missing_semicolon_after_the_edition_stays_missing() {
        let lowered = lower("edition = \"2023\"\npackage a;\n");
        assert_eq!(lowered.text, "syntax = \"proto2\"\npackage a;\n");
        assert!(protox::file::File::from_source("a.proto", &lowered.text).is_err());
    }

    #[test]
    fn the_only_feature_definition_of_a_list_goes_with_its_brackets() {
        let text = "syntax = \"proto2\";\nenum E {\n  A = 0;\n  LEGACY = 3 [feature_support = { edition_introduced: EDITION_2024 }];\n}\n";
        let lowered = without_feature_definitions(text).expect("defines features");
        assert!(
            protox::file::File::from_source("e.proto", &lowered.text).is_ok(),
            "{}",
            lowered.text
        );
    }

    #[test]
    fn extensions_get_labels_and_services_are_left_alone() {
        let text = "edition = \"2023\";\nimport \"google/protobuf/descriptor.proto\";\nextend google.protobuf.FieldOptions {\n  string tag = 50000;\n}\nservice S {\n  rpc Get(M) returns (M) {\n    option idempotency_level = NO_SIDE_EFFECTS;\n  }\n}\nmessage M {\n  option (x) = { a: 1 };\n  .a.M m = 1;\n}\n";
        let lowered = lower(text);
        assert!(lowered.text.contains("  optional string tag = 50000;"));
        assert!(lowered.text.contains("    option idempotency_level"));
        assert!(lowered.text.contains("  optional .a.M m = 1;"));
    }
}
