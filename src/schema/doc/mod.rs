//! A JSON or YAML document with the byte range of every node, so that any keyword, value or
//! sample field can be shown in a code frame.
//!
//! JSON is parsed strictly (no comments, trailing commas or JSON5 extensions) from jsonc-parser's
//! tokens (`json`); YAML by saphyr, whose character offsets are converted to byte offsets
//! (`yaml`).
//!
//! A large API document has hundreds of thousands of nodes, so they are kept small: offsets are
//! `u32` (files of 4 GiB or more are refused), keys and short strings are shared within a
//! document, children are boxed slices, and the member index of a large object sits behind one
//! thin pointer. A member with its value is 64 bytes.

mod json;
mod yaml;

use std::borrow::Cow;
use std::collections::HashSet;
use std::ops::Range;
use std::sync::Arc;

use foldhash::fast::FixedState;

use serde_json::{Map, Number, Value};

/// One node of a document.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    span: Offsets,
    pub value: NodeValue,
    /// `(hash of the key, position)` of every member, sorted, for objects large enough that a
    /// scan would dominate.
    index: Option<Box<MemberIndex>>,
}

type MemberIndex = Box<[(u64, u32)]>;

#[derive(Debug, Clone, PartialEq)]
pub enum NodeValue {
    Null,
    Bool(bool),
    Number(Number),
    String(Arc<str>),
    Array(Box<[Node]>),
    /// Members in document order; on duplicate keys the last one counts, as in serde_json.
    Object(Box<[Member]>),
}

/// A key and its value.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub key: Arc<str>,
    key_span: Offsets,
    pub value: Node,
}

impl Member {
    pub fn new(key: impl Into<Arc<str>>, key_span: Range<usize>, value: Node) -> Member {
        Member {
            key: key.into(),
            key_span: Offsets::of(key_span),
            value,
        }
    }

    /// The byte range of the key (with its quotes, in JSON).
    pub fn key_span(&self) -> Range<usize> {
        self.key_span.range()
    }

    /// From the key to the end of the value: what a keyword's code frame underlines.
    pub fn span(&self) -> Range<usize> {
        let key = self.key_span();
        key.start..self.value.span().end.max(key.end)
    }
}

/// The keys and short strings of a document, each allocated once: a large API document repeats a
/// few hundred distinct keys (`type`, `properties`, `$ref`, ...) and values (`string`, `object`)
/// over hundreds of thousands of members, and an allocation per string would cost more than
/// the strings themselves.
#[derive(Default)]
struct Strings(HashSet<Arc<str>, FixedState>);

impl Strings {
    /// Values longer than this (descriptions, patterns) are seldom repeated and not interned.
    const SHORT: usize = 32;

    fn key(&mut self, key: &str) -> Arc<str> {
        if let Some(known) = self.0.get(key) {
            return Arc::clone(known);
        }
        let new: Arc<str> = Arc::from(key);
        self.0.insert(Arc::clone(&new));
        new
    }

    fn value(&mut self, value: &str) -> Arc<str> {
        if value.len() <= Self::SHORT {
            self.key(value)
        } else {
            Arc::from(value)
        }
    }
}

/// A byte range in a file of less than 4 GiB.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Offsets {
    start: u32,
    end: u32,
}

impl Offsets {
    /// Files of 4 GiB or more are refused before parsing, so offsets fit.
    fn of(range: Range<usize>) -> Offsets {
        let narrow = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Offsets {
            start: narrow(range.start),
            end: narrow(range.end),
        }
    }

    fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// Why a document could not be parsed, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub span: Range<usize>,
    pub message: String,
}

/// The syntax of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    Json,
    Yaml,
}

impl Syntax {
    /// From the file's name, and for a name that does not say YAML, from the text: a document
    /// that does not open with `{` or `[` is YAML whatever its name (a two-file diff reads both
    /// files under the new one's name, and `api.json` may hold YAML).
    pub fn of(path: &str, text: &str) -> Syntax {
        if path.ends_with(".yaml") || path.ends_with(".yml") {
            return Syntax::Yaml;
        }
        let start = text.trim_start_matches('\u{feff}').trim_start();
        if start.is_empty() || start.starts_with(['{', '[']) {
            Syntax::Json
        } else {
            Syntax::Yaml
        }
    }
}

pub fn parse(text: &str, syntax: Syntax) -> Result<Node, ParseError> {
    if u32::try_from(text.len()).is_err() {
        return Err(ParseError {
            span: 0..0,
            message: "files of 4 GiB or more are not supported".into(),
        });
    }
    match syntax {
        Syntax::Json => json::parse(text),
        Syntax::Yaml => yaml::parse(text),
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
                Some(Box::new(index.into_boxed_slice()))
            }
            _ => None,
        };
        Node {
            span: Offsets::of(span),
            value,
            index,
        }
    }

    /// The byte range of the whole node in its file.
    pub fn span(&self) -> Range<usize> {
        self.span.range()
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
                    .find(|&i| &*members[i].key == key)
            }
            None => members.iter().rposition(|m| &*m.key == key),
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
            NodeValue::String(s) => Value::String(s.to_string()),
            NodeValue::Array(items) => Value::Array(items.iter().map(Node::to_json).collect()),
            NodeValue::Object(members) => {
                let mut map = Map::new();
                for member in members {
                    map.insert(member.key.to_string(), member.value.to_json());
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_nodes_carry_byte_ranges() {
        let text = "{\n\t\"tïtle\": \"é\",\n  \"n\": [1, 2.5]\n}";
        let root = parse(text, Syntax::Json).expect("parses");
        let title = root.member("tïtle").expect("member");
        assert_eq!(&text[title.key_span()], "\"tïtle\"");
        assert_eq!(&text[title.value.span()], "\"é\"");
        let n = root.at(["n", "1"]).expect("pointer");
        assert_eq!(&text[n.span()], "2.5");
        assert_eq!(root.to_json()["n"][0], 1);
    }

    #[test]
    fn json_is_parsed_strictly() {
        let error = parse("{\"a\": 1,}", Syntax::Json).expect_err("trailing comma");
        assert!(!error.message.is_empty());
        assert!(parse("{// c\n}", Syntax::Json).is_err());
    }

    #[test]
    fn a_quoted_scalar_continued_at_its_key_indentation_is_read_as_libyaml_does() {
        let text = "a:\n  text: 'first line\n  second line'\n  other: \"x\n  y\" # 'c\n  é: 1\n";
        let root = parse(text, Syntax::Yaml).expect("parses");
        let a = root.get("a").expect("a");
        assert_eq!(
            a.get("text").and_then(Node::as_str),
            Some("first line second line")
        );
        assert_eq!(a.get("other").and_then(Node::as_str), Some("x y"));
        // Spans are the file's, though the text parsed was indented.
        let e = a.member("é").expect("é");
        assert_eq!(&text[e.key_span()], "é");
        assert_eq!(
            &text[a.get("text").expect("text").span()],
            "'first line\n  second line'"
        );
    }

    #[test]
    fn yaml_character_offsets_become_byte_offsets() {
        let text = "title: ünïcode\nproperties:\n  naïve:\n    type: string\n";
        let root = parse(text, Syntax::Yaml).expect("parses");
        let naive = root
            .at(["properties"])
            .and_then(|p| p.member("naïve"))
            .expect("member");
        assert_eq!(&text[naive.key_span()], "naïve");
        let ty = naive.value.get("type").expect("type");
        assert_eq!(&text[ty.span()], "string");
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
