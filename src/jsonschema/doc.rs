//! A JSON or YAML document with the byte range of every node, so that any keyword, value or
//! sample field can be shown in a code frame.
//!
//! JSON is parsed strictly (no comments, trailing commas or JSON5 extensions) by jsonc-parser;
//! YAML by saphyr, whose character offsets are converted to byte offsets here.

use std::borrow::Cow;
use std::ops::Range;

use saphyr::{LoadableYamlNode, MarkedYaml, Scalar, YamlData};
use serde_json::{Map, Number, Value};

/// One node of a document.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Byte range of the whole node in its file.
    pub span: Range<usize>,
    pub value: NodeValue,
    /// `(hash of the key, position)` of every member, sorted, for objects large enough that a
    /// scan would dominate.
    index: Option<Box<[(u64, u32)]>>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum NodeValue {
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    Array(Vec<Node>),
    /// Members in document order; on duplicate keys the last one counts, as in serde_json.
    Object(Vec<Member>),
}

/// A key and its value.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub key: String,
    pub key_span: Range<usize>,
    pub value: Node,
}

impl Member {
    /// From the key to the end of the value: what a keyword's code frame underlines.
    pub fn span(&self) -> Range<usize> {
        self.key_span.start..self.value.span.end.max(self.key_span.end)
    }
}

/// Why a document could not be parsed, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub span: Range<usize>,
    pub message: String,
}

/// The syntax of a document, from its file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    Json,
    Yaml,
}

impl Syntax {
    pub fn of_path(path: &str) -> Syntax {
        if path.ends_with(".yaml") || path.ends_with(".yml") {
            Syntax::Yaml
        } else {
            Syntax::Json
        }
    }
}

pub fn parse(text: &str, syntax: Syntax) -> Result<Node, ParseError> {
    match syntax {
        Syntax::Json => parse_json(text),
        Syntax::Yaml => parse_yaml(text),
    }
}

/// Objects with more members than this get an index.
const INDEXED: usize = 16;

fn key_hash(key: &str) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::default().hash_one(key)
}

impl Node {
    pub fn new(span: Range<usize>, value: NodeValue) -> Node {
        let index = match &value {
            NodeValue::Object(members) if members.len() > INDEXED => {
                let mut index: Vec<(u64, u32)> = members
                    .iter()
                    .zip(0..)
                    .map(|(m, i)| (key_hash(&m.key), i))
                    .collect();
                // Among repeated keys the last position stays last.
                index.sort_unstable();
                Some(index.into_boxed_slice())
            }
            _ => None,
        };
        Node { span, value, index }
    }

    pub fn members(&self) -> &[Member] {
        match &self.value {
            NodeValue::Object(members) => members,
            _ => &[],
        }
    }

    pub fn member(&self, key: &str) -> Option<&Member> {
        self.member_position(key).map(|i| &self.members()[i])
    }

    /// The position of the member [`Node::member`] finds.
    pub fn member_position(&self, key: &str) -> Option<usize> {
        let members = self.members();
        match &self.index {
            Some(index) => {
                let hash = key_hash(key);
                let after = index.partition_point(|&(h, _)| h <= hash);
                index[..after]
                    .iter()
                    .rev()
                    .take_while(|&&(h, _)| h == hash)
                    .map(|&(_, i)| i as usize)
                    .find(|&i| members[i].key == key)
            }
            None => members.iter().rposition(|m| m.key == key),
        }
    }

    /// The position among members or items that one JSON pointer segment names, as
    /// [`Node::at`] reads it.
    pub fn position_of(&self, segment: &str) -> Option<usize> {
        match &self.value {
            NodeValue::Object(_) => self.member_position(segment),
            NodeValue::Array(items) => {
                if segment.len() > 1 && segment.starts_with('0') {
                    return None;
                }
                let index = segment.parse::<usize>().ok()?;
                (index < items.len()).then_some(index)
            }
            _ => None,
        }
    }

    /// The member value or item at a position.
    pub fn child(&self, position: usize) -> Option<&Node> {
        match &self.value {
            NodeValue::Object(members) => members.get(position).map(|m| &m.value),
            NodeValue::Array(items) => items.get(position),
            _ => None,
        }
    }

    pub fn get(&self, key: &str) -> Option<&Node> {
        self.member(key).map(|m| &m.value)
    }

    pub fn items(&self) -> Option<&[Node]> {
        match &self.value {
            NodeValue::Array(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            NodeValue::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self.value {
            NodeValue::Bool(b) => Some(b),
            _ => None,
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match &self.value {
            NodeValue::Number(n) => n.as_f64(),
            _ => None,
        }
    }

    /// A non-negative integer (`1.0` counts), as length and count keywords take.
    pub fn as_count(&self) -> Option<u64> {
        let n = self.as_f64()?;
        (n >= 0.0 && n.fract() == 0.0 && n < 1e18).then_some(n as u64)
    }

    pub fn is_object(&self) -> bool {
        matches!(self.value, NodeValue::Object(_))
    }

    /// The node a JSON pointer (`/a/0/b`, already unescaped per segment) names.
    pub fn at<'a>(&self, segments: impl IntoIterator<Item = &'a str>) -> Option<&Node> {
        let mut node = self;
        for segment in segments {
            node = node.child(node.position_of(segment)?)?;
        }
        Some(node)
    }

    /// The same document as a plain JSON value.
    pub fn to_json(&self) -> Value {
        match &self.value {
            NodeValue::Null => Value::Null,
            NodeValue::Bool(b) => Value::Bool(*b),
            NodeValue::Number(n) => Value::Number(n.clone()),
            NodeValue::String(s) => Value::String(s.clone()),
            NodeValue::Array(items) => Value::Array(items.iter().map(Node::to_json).collect()),
            NodeValue::Object(members) => {
                let mut map = Map::new();
                for member in members {
                    map.insert(member.key.clone(), member.value.to_json());
                }
                Value::Object(map)
            }
        }
    }
}

/// Splits a JSON pointer (`/a~1b/0`) into unescaped segments; `None` unless it starts with `/`
/// or is empty.
pub fn pointer_segments(pointer: &str) -> Option<Vec<String>> {
    Some(pointer_steps(pointer)?.map(Cow::into_owned).collect())
}

/// The unescaped segments of a JSON pointer, borrowed where no escape needs undoing; `None`
/// unless it starts with `/` or is empty.
pub fn pointer_steps(pointer: &str) -> Option<impl Iterator<Item = Cow<'_, str>>> {
    let rest = match pointer {
        "" => None,
        _ => Some(pointer.strip_prefix('/')?),
    };
    Some(rest.into_iter().flat_map(|rest| rest.split('/')).map(|s| {
        if s.contains('~') {
            Cow::Owned(s.replace("~1", "/").replace("~0", "~"))
        } else {
            Cow::Borrowed(s)
        }
    }))
}

/// Escapes one segment for a JSON pointer.
pub fn escape_segment(segment: &str) -> Cow<'_, str> {
    if segment.contains(['~', '/']) {
        Cow::Owned(segment.replace('~', "~0").replace('/', "~1"))
    } else {
        Cow::Borrowed(segment)
    }
}

fn parse_json(text: &str) -> Result<Node, ParseError> {
    use jsonc_parser::{CollectOptions, CommentCollectionStrategy, ParseOptions, parse_to_ast};
    let strict = ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    };
    let collect = CollectOptions {
        comments: CommentCollectionStrategy::Off,
        tokens: false,
    };
    match parse_to_ast(text, &collect, &strict) {
        Ok(result) => match result.value {
            Some(value) => from_jsonc(value),
            None => Err(ParseError {
                span: 0..0,
                message: "the file holds no JSON value".into(),
            }),
        },
        Err(error) => Err(ParseError {
            span: error.range().start..error.range().end,
            message: error.kind().to_string(),
        }),
    }
}

fn from_jsonc(value: jsonc_parser::ast::Value<'_>) -> Result<Node, ParseError> {
    use jsonc_parser::ast::{ObjectPropName, Value as J};
    let range = |r: jsonc_parser::common::Range| r.start..r.end;
    Ok(match value {
        J::NullKeyword(n) => Node::new(range(n.range), NodeValue::Null),
        J::BooleanLit(b) => Node::new(range(b.range), NodeValue::Bool(b.value)),
        J::StringLit(s) => Node::new(range(s.range), NodeValue::String(s.value.into_owned())),
        J::NumberLit(n) => {
            let number = n.value.parse::<Number>().map_err(|_| ParseError {
                span: range(n.range),
                message: format!("`{}` is not a JSON number this tool can represent", n.value),
            })?;
            Node::new(range(n.range), NodeValue::Number(number))
        }
        J::Array(a) => Node::new(
            range(a.range),
            NodeValue::Array(
                a.elements
                    .into_iter()
                    .map(from_jsonc)
                    .collect::<Result<_, _>>()?,
            ),
        ),
        J::Object(o) => {
            let mut members = Vec::with_capacity(o.properties.len());
            for prop in o.properties {
                let (key, key_span) = match prop.name {
                    ObjectPropName::String(s) => (s.value.into_owned(), range(s.range)),
                    ObjectPropName::Word(w) => (w.value.to_owned(), range(w.range)),
                };
                members.push(Member {
                    key,
                    key_span,
                    value: from_jsonc(prop.value)?,
                });
            }
            Node::new(range(o.range), NodeValue::Object(members))
        }
    })
}

/// Byte offset of each character index, plus the text's length at the end.
struct CharOffsets(Vec<usize>);

impl CharOffsets {
    fn new(text: &str) -> Self {
        let mut offsets: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        offsets.push(text.len());
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

fn parse_yaml(text: &str) -> Result<Node, ParseError> {
    let offsets = CharOffsets::new(text);
    let docs = MarkedYaml::load_from_str(text).map_err(|e| {
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
    from_yaml(&first, &offsets, text)
}

fn from_yaml(node: &MarkedYaml<'_>, offsets: &CharOffsets, text: &str) -> Result<Node, ParseError> {
    let start = offsets.byte(node.span.start.index());
    let end = offsets.byte(node.span.end.index()).max(start);
    let error = |message: String| ParseError {
        span: start..end,
        message,
    };
    let value = match &node.data {
        YamlData::Value(scalar) => scalar_value(scalar).ok_or_else(|| {
            error("this number cannot be represented in JSON (not finite)".into())
        })?,
        YamlData::Sequence(items) => NodeValue::Array(
            items
                .iter()
                .map(|item| from_yaml(item, offsets, text))
                .collect::<Result<_, _>>()?,
        ),
        YamlData::Mapping(mapping) => {
            let mut members = Vec::with_capacity(mapping.len());
            for (key, value) in mapping {
                let key_node = from_yaml(key, offsets, text)?;
                let name = match &key_node.value {
                    NodeValue::String(s) => s.clone(),
                    NodeValue::Number(n) => n.to_string(),
                    NodeValue::Bool(b) => b.to_string(),
                    NodeValue::Null => "null".into(),
                    _ => {
                        return Err(ParseError {
                            span: key_node.span,
                            message: "a mapping key must be a scalar to be a JSON property name"
                                .into(),
                        });
                    }
                };
                members.push(Member {
                    key: name,
                    key_span: trim_span(text, key_node.span),
                    value: from_yaml(value, offsets, text)?,
                });
            }
            NodeValue::Object(members)
        }
        YamlData::Tagged(_, inner) => return from_yaml(inner, offsets, text),
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
        NodeValue::Array(items) => items.last().map(|n| n.span.end),
        NodeValue::Object(members) => members.last().map(|m| m.value.span.end),
        _ => None,
    };
    let end = end.max(child_end.unwrap_or(end));
    Ok(Node::new(trim_span(text, start..end), value))
}

/// Drops trailing whitespace from a span, which block scalars and collections may include.
fn trim_span(text: &str, span: Range<usize>) -> Range<usize> {
    let Some(slice) = text.get(span.clone()) else {
        return span;
    };
    span.start..span.start + slice.trim_end().len()
}

fn scalar_value(scalar: &Scalar<'_>) -> Option<NodeValue> {
    Some(match scalar {
        Scalar::Null => NodeValue::Null,
        Scalar::Boolean(b) => NodeValue::Bool(*b),
        Scalar::Integer(i) => NodeValue::Number(Number::from(*i)),
        Scalar::FloatingPoint(f) => NodeValue::Number(Number::from_f64(f.into_inner())?),
        Scalar::String(s) => NodeValue::String(s.to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_nodes_carry_byte_ranges() {
        let text = "{\n\t\"tïtle\": \"é\",\n  \"n\": [1, 2.5]\n}";
        let root = parse(text, Syntax::Json).expect("parses");
        let title = root.member("tïtle").expect("member");
        assert_eq!(&text[title.key_span.clone()], "\"tïtle\"");
        assert_eq!(&text[title.value.span.clone()], "\"é\"");
        let n = root.at(["n", "1"]).expect("pointer");
        assert_eq!(&text[n.span.clone()], "2.5");
        assert_eq!(root.to_json()["n"][0], 1);
    }

    #[test]
    fn json_is_parsed_strictly() {
        let error = parse("{\"a\": 1,}", Syntax::Json).expect_err("trailing comma");
        assert!(!error.message.is_empty());
        assert!(parse("{// c\n}", Syntax::Json).is_err());
    }

    #[test]
    fn yaml_character_offsets_become_byte_offsets() {
        let text = "title: ünïcode\nproperties:\n  naïve:\n    type: string\n";
        let root = parse(text, Syntax::Yaml).expect("parses");
        let naive = root
            .at(["properties"])
            .and_then(|p| p.member("naïve"))
            .expect("member");
        assert_eq!(&text[naive.key_span.clone()], "naïve");
        let ty = naive.value.get("type").expect("type");
        assert_eq!(&text[ty.span.clone()], "string");
        assert_eq!(
            root.to_json()["properties"]["naïve"]["type"],
            Value::String("string".into())
        );
    }

    #[test]
    fn large_objects_find_members_through_their_index() {
        let members: Vec<String> = (0..40).map(|i| format!("\"k{i}\": {i}")).collect();
        let text = format!("{{{}, \"k3\": \"last\"}}", members.join(", "));
        let root = parse(&text, Syntax::Json).expect("parses");
        assert_eq!(root.get("k17").and_then(Node::as_f64), Some(17.0));
        assert_eq!(root.get("k3").and_then(Node::as_str), Some("last"));
        assert!(root.get("k40").is_none());
    }

    #[test]
    fn pointers_unescape_segments() {
        assert_eq!(
            pointer_segments("/a~1b/c~0d"),
            Some(vec!["a/b".to_owned(), "c~d".to_owned()])
        );
        assert_eq!(pointer_segments("x"), None);
        assert_eq!(pointer_segments(""), Some(Vec::new()));
        assert_eq!(pointer_segments("/"), Some(vec![String::new()]));
        assert_eq!(escape_segment("a/b~"), "a~1b~0");
    }
}
