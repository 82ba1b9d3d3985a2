//! YAML documents through saphyr, whose character offsets become byte offsets here.

use std::ops::Range;
use std::sync::Arc;

use saphyr::{LoadableYamlNode, MarkedYaml, Scalar, YamlData};

use crate::core::{Edit, Rewrite};
use serde_json::Number;

use super::{Member, Node, NodeValue, ParseError, Strings};

/// Byte offset of each character index, plus the text's length at the end.
struct CharOffsets(Vec<usize>);

impl CharOffsets {
    /// The offsets of `text`; where `text` is a rewrite of the file, offsets in the file.
    fn new(text: &str, rewrite: Option<&Rewrite>) -> Self {
        let mut offsets: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        offsets.push(text.len());
        if let Some(rewrite) = rewrite {
            for offset in &mut offsets {
                *offset = rewrite.original(*offset);
            }
        }
        CharOffsets(offsets)
    }

    fn byte(&self, char_index: usize) -> usize {
        self.0
            .get(char_index)
            .or(self.0.last())
            .copied()
            .unwrap_or(0)
    }
}

/// The message saphyr gives a quoted scalar whose next line is not indented past its key.
const QUOTED_CONTINUATION: &str = "invalid indentation in quoted scalar";

pub(super) fn parse(text: &str) -> Result<Node, ParseError> {
    match parse_as(text, None) {
        // libyaml and PyYAML read a quoted scalar continued at its key's indentation (real specs
        // hold it, harbor's among them); saphyr follows the spec's letter and refuses it. Read
        // liberally: the continuation lines indented one space past the key, which changes no
        // value (a flow scalar folds the leading spaces of its lines) and no span (offsets are
        // mapped back).
        Err(error) if error.message == QUOTED_CONTINUATION => match indent_continuations(text) {
            Some(rewrite) => parse_as(text, Some(&rewrite)).map_err(|_| error),
            None => Err(error),
        },
        parsed => parsed,
    }
}

fn parse_as(text: &str, rewrite: Option<&Rewrite>) -> Result<Node, ParseError> {
    let parsed = rewrite.map_or(text, |r| r.text.as_str());
    let offsets = CharOffsets::new(parsed, rewrite);
    let docs = MarkedYaml::load_from_str(parsed).map_err(|e| {
        let at = offsets.byte(e.marker().index());
        ParseError {
            span: at..at,
            message: e.info().to_owned(),
        }
    })?;
    let mut docs = docs.into_iter();
    let Some(first) = docs.next() else {
        return Err(ParseError {
            span: 0..0,
            message: "the file holds no YAML document".into(),
        });
    };
    if let Some(second) = docs.next() {
        let at = offsets.byte(second.span.start.index());
        return Err(ParseError {
            span: at..at,
            message: "a schema file must hold one YAML document, this one holds several".into(),
        });
    }
    from_yaml(&first, &offsets, text, &mut Strings::default())
}

fn from_yaml(
    node: &MarkedYaml<'_>,
    offsets: &CharOffsets,
    text: &str,
    strings: &mut Strings,
) -> Result<Node, ParseError> {
    let start = offsets.byte(node.span.start.index());
    let end = offsets.byte(node.span.end.index()).max(start);
    let error = |message: String| ParseError {
        span: start..end,
        message,
    };
    let value = match &node.data {
        YamlData::Value(scalar) => scalar_value(scalar, strings).ok_or_else(|| {
            error("this number cannot be represented in JSON (not finite)".into())
        })?,
        YamlData::Sequence(items) => NodeValue::Array(
            items
                .iter()
                .map(|item| from_yaml(item, offsets, text, strings))
                .collect::<Result<_, _>>()?,
        ),
        YamlData::Mapping(mapping) => {
            let mut members = Vec::with_capacity(mapping.len());
            for (key, value) in mapping {
                let key_node = from_yaml(key, offsets, text, strings)?;
                let name = match &key_node.value {
                    NodeValue::String(s) => Arc::clone(s),
                    NodeValue::Number(n) => strings.key(&n.to_string()),
                    NodeValue::Bool(b) => strings.key(&b.to_string()),
                    NodeValue::Null => strings.key("null"),
                    _ => {
                        return Err(ParseError {
                            span: key_node.span(),
                            message: "a mapping key must be a scalar to be a JSON property name"
                                .into(),
                        });
                    }
                };
                members.push(Member::new(
                    name,
                    trim_span(text, key_node.span()),
                    from_yaml(value, offsets, text, strings)?,
                ));
            }
            NodeValue::Object(members.into())
        }
        YamlData::Tagged(_, inner) => return from_yaml(inner, offsets, text, strings),
        YamlData::Alias(_) => {
            return Err(error(
                "YAML aliases are not supported in schemas: write the value out".into(),
            ));
        }
        YamlData::BadValue | YamlData::Representation(..) => {
            return Err(error("this YAML value cannot be read".into()));
        }
    };
    // Collections may carry only their start; stretch them over their children.
    let child_end = match &value {
        NodeValue::Array(items) => items.last().map(|n| n.span().end),
        NodeValue::Object(members) => members.last().map(|m| m.value.span().end),
        _ => None,
    };
    let end = end.max(child_end.unwrap_or(end));
    Ok(Node::new(trim_span(text, start..end), value))
}

/// Drops trailing whitespace from a span, which block scalars and collections may include.
/// `text` with the continuation lines of every multi-line quoted scalar indented one space past
/// the line the scalar opens on, where they are not already; `None` when none needed it. A
/// line-by-line scan: it follows quotes and comments, not YAML's whole grammar, and is only
/// tried on a document saphyr refused for this reason.
fn indent_continuations(text: &str) -> Option<Rewrite> {
    let mut edits = Vec::new();
    // The quote of the scalar the scan is in, and the indentation of the line it opened on.
    let mut open: Option<(char, usize)> = None;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let mut chars = line.char_indices().peekable();
        if let Some((_, key_indent)) = open
            && indent <= key_indent
            && !line.trim().is_empty()
        {
            edits.push(Edit {
                at,
                removed: 0,
                inserted: " ".repeat(key_indent + 1 - indent),
            });
        }
        let mut previous = ' ';
        while let Some((i, c)) = chars.next() {
            match open {
                Some(('\'', _)) if c == '\'' => {
                    if chars.peek().is_some_and(|&(_, n)| n == '\'') {
                        chars.next();
                    } else {
                        open = None;
                    }
                }
                Some(('"', _)) if c == '\\' => {
                    chars.next();
                }
                Some(('"', _)) if c == '"' => open = None,
                Some(_) => {}
                None if c == '#' && previous.is_whitespace() => break,
                // A quote that opens a value: after `key: `, `- `, `[`, `{` or `,`.
                None if (c == '\'' || c == '"')
                    && previous.is_whitespace()
                    && line[..i].trim_end().ends_with([':', '-', '[', '{', ',']) =>
                {
                    open = Some((c, indent));
                }
                None => {}
            }
            previous = c;
        }
        at += line.len();
    }
    (!edits.is_empty()).then(|| Rewrite::apply(text, edits))
}

fn trim_span(text: &str, span: Range<usize>) -> Range<usize> {
    let Some(slice) = text.get(span.clone()) else {
        return span;
    };
    span.start..span.start + slice.trim_end().len()
}

fn scalar_value(scalar: &Scalar<'_>, strings: &mut Strings) -> Option<NodeValue> {
    Some(match scalar {
        Scalar::Null => NodeValue::Null,
        Scalar::Boolean(b) => NodeValue::Bool(*b),
        Scalar::Integer(i) => NodeValue::Number(Number::from(*i)),
        Scalar::FloatingPoint(f) => NodeValue::Number(Number::from_f64(f.into_inner())?),
        Scalar::String(s) => NodeValue::String(strings.value(s)),
    })
}
