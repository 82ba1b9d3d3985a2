//! Strict JSON (no comments, trailing commas or JSON5 extensions) into [`Node`]s, built straight
//! from the tokens of jsonc-parser's scanner. Its own AST would be a second copy of the document
//! as large as the tree built from it, alive while that tree is built; the scanner already does
//! the delicate part (string escapes, number syntax), so only the nesting is done here.
//!
//! Nesting is bounded at 512 levels, the bound of jsonc-parser's own parser, so that the walks
//! over the tree (and dropping it) stay well within a thread's stack.

use jsonc_parser::errors::ParseErrorKind;
use jsonc_parser::tokens::Token;
use jsonc_parser::{Scanner, ScannerOptions};
use std::ops::Range;
use std::sync::Arc;

use serde_json::Number;

use super::{Member, Node, NodeValue, ParseError, Strings};

pub(super) fn parse(text: &str) -> Result<Node, ParseError> {
    let mut parser = Parser {
        scanner: Scanner::new(text, &STRICT),
        strings: Strings::default(),
    };
    let Some(first) = parser.next()? else {
        return Err(ParseError {
            span: 0..0,
            message: "the file holds no JSON value".into(),
        });
    };
    let root = parser.value(first)?;
    if parser.next()?.is_some() {
        return Err(parser.error(ParseErrorKind::MultipleRootJsonValues));
    }
    Ok(root)
}

const MAX_DEPTH: usize = 512;

/// Refuses to open one more container (whose bracket is at `start`) past [`MAX_DEPTH`].
fn deeper(open: &[Open], start: usize) -> Result<(), ParseError> {
    if open.len() >= MAX_DEPTH {
        return Err(ParseError {
            span: start..start + 1,
            message: ParseErrorKind::NestingDepthExceeded.to_string(),
        });
    }
    Ok(())
}

const STRICT: ScannerOptions = ScannerOptions {
    allow_single_quoted_strings: false,
    allow_hexadecimal_numbers: false,
    allow_unary_plus_numbers: false,
    allow_bare_decimal_point_numbers: false,
    allow_non_finite_numbers: false,
    allow_extended_string_escapes: false,
};

struct Parser<'a> {
    scanner: Scanner<'a>,
    strings: Strings,
}

/// The finished items and members of every open container, innermost last: a container's
/// children are moved out into one exactly sized slice when it closes, instead of each
/// container growing a vector of its own.
#[derive(Default)]
struct Finished {
    items: Vec<Node>,
    members: Vec<Member>,
}

/// An array or object whose closing bracket has not been reached yet.
enum Open {
    Array {
        start: usize,
        /// Where its items begin in [`Finished::items`].
        first: usize,
    },
    Object {
        start: usize,
        first: usize,
        /// The key of the member whose value is being parsed, with its span. (`None` rather
        /// than an empty `Arc`: the default `Arc<str>` is one shared allocation, and counting
        /// its references from two parsing threads made them wait on each other.)
        key: Option<(Arc<str>, Range<usize>)>,
    },
}

impl Open {
    fn array(start: usize, finished: &Finished) -> Self {
        Open::Array {
            start,
            first: finished.items.len(),
        }
    }

    fn object(start: usize, finished: &Finished) -> Self {
        Open::Object {
            start,
            first: finished.members.len(),
            key: None,
        }
    }

    fn push(&mut self, node: Node, finished: &mut Finished) {
        match self {
            Open::Array { .. } => finished.items.push(node),
            Open::Object { key, .. } => {
                // `member` recorded the key before the value was parsed.
                if let Some((name, span)) = key.take() {
                    finished.members.push(Member::new(name, span, node));
                }
            }
        }
    }

    fn closes_with(&self, token: &Token<'_>) -> bool {
        matches!(
            (self, token),
            (Open::Array { .. }, Token::CloseBracket) | (Open::Object { .. }, Token::CloseBrace)
        )
    }

    fn finish(self, end: usize, finished: &mut Finished) -> Node {
        match self {
            Open::Array { start, first } => {
                let items = finished.items.drain(first..).collect();
                Node::new(start..end, NodeValue::Array(items))
            }
            Open::Object { start, first, .. } => {
                let members = finished.members.drain(first..).collect();
                Node::new(start..end, NodeValue::Object(members))
            }
        }
    }

    fn unterminated(&self) -> ParseError {
        let (start, kind) = match self {
            Open::Object { start, .. } => (*start, ParseErrorKind::UnterminatedObject),
            Open::Array { start, .. } => (*start, ParseErrorKind::UnterminatedArray),
        };
        ParseError {
            span: start..start + 1,
            message: kind.to_string(),
        }
    }
}

impl<'a> Parser<'a> {
    /// The next token that is not a comment; comments are an error in strict JSON.
    fn next(&mut self) -> Result<Option<Token<'a>>, ParseError> {
        let token = self.scanner.scan().map_err(|e| ParseError {
            span: e.range().start..e.range().end,
            message: e.kind().to_string(),
        })?;
        match token {
            Some(Token::CommentLine(_) | Token::CommentBlock(_)) => {
                Err(self.error(ParseErrorKind::CommentsNotAllowed))
            }
            other => Ok(other),
        }
    }

    /// The next token inside `open`, which may not end there.
    fn next_in(&mut self, open: &Open) -> Result<Token<'a>, ParseError> {
        self.next()?.ok_or_else(|| open.unterminated())
    }

    fn span(&self) -> Range<usize> {
        self.scanner.token_start()..self.scanner.token_end()
    }

    /// An error at the current token.
    fn error(&self, kind: ParseErrorKind) -> ParseError {
        ParseError {
            span: self.span(),
            message: kind.to_string(),
        }
    }

    /// The value that starts with `token`, through its last token.
    fn value(&mut self, mut token: Token<'a>) -> Result<Node, ParseError> {
        let mut open: Vec<Open> = Vec::new();
        let mut finished = Finished::default();
        loop {
            // `token` starts a value: a scalar, an empty container, or the first item or member
            // of a container, which is then opened and parsing goes on inside it.
            let start = self.scanner.token_start();
            let mut done = match token {
                Token::OpenBracket => {
                    let array = Open::array(start, &finished);
                    match self.next_in(&array)? {
                        Token::CloseBracket => {
                            array.finish(self.scanner.token_end(), &mut finished)
                        }
                        first => {
                            deeper(&open, start)?;
                            open.push(array);
                            token = first;
                            continue;
                        }
                    }
                }
                Token::OpenBrace => {
                    let mut object = Open::object(start, &finished);
                    match self.next_in(&object)? {
                        Token::CloseBrace => object.finish(self.scanner.token_end(), &mut finished),
                        first => {
                            deeper(&open, start)?;
                            token = self.member(first, &mut object)?;
                            open.push(object);
                            continue;
                        }
                    }
                }
                scalar => self.scalar(scalar)?,
            };
            // A value is complete: it goes into the innermost open container, which either
            // continues after a comma or closes, completing a value in turn.
            loop {
                let Some(mut parent) = open.pop() else {
                    return Ok(done);
                };
                parent.push(done, &mut finished);
                match self.next_in(&parent)? {
                    Token::Comma => {
                        let comma = self.span();
                        let next = self.next_in(&parent)?;
                        if matches!(next, Token::CloseBracket | Token::CloseBrace) {
                            return Err(ParseError {
                                span: comma,
                                message: ParseErrorKind::TrailingCommasNotAllowed.to_string(),
                            });
                        }
                        token = match parent {
                            Open::Object { .. } => self.member(next, &mut parent)?,
                            Open::Array { .. } => next,
                        };
                        open.push(parent);
                        break;
                    }
                    close if parent.closes_with(&close) => {
                        done = parent.finish(self.scanner.token_end(), &mut finished);
                    }
                    _ => return Err(self.error(ParseErrorKind::ExpectedComma)),
                }
            }
        }
    }

    /// A member's key (`token`) and colon, recorded in `object`; returns the first token of
    /// the member's value.
    fn member(&mut self, token: Token<'a>, object: &mut Open) -> Result<Token<'a>, ParseError> {
        let Token::String(name) = token else {
            return Err(self.error(ParseErrorKind::ExpectedStringObjectProperty));
        };
        let span = self.span();
        if !matches!(self.next_in(object)?, Token::Colon) {
            return Err(self.error(ParseErrorKind::ExpectedColonAfterObjectKey));
        }
        if let Open::Object { key, .. } = object {
            *key = Some((self.strings.key(&name), span));
        }
        match self.next_in(object)? {
            Token::Comma | Token::CloseBrace => {
                Err(self.error(ParseErrorKind::ExpectedObjectValue))
            }
            value => Ok(value),
        }
    }

    fn scalar(&mut self, token: Token<'a>) -> Result<Node, ParseError> {
        let span = self.span();
        let value = match token {
            Token::Null => NodeValue::Null,
            Token::Boolean(b) => NodeValue::Bool(b),
            Token::String(s) => NodeValue::String(self.strings.value(&s)),
            Token::Number(n) => NodeValue::Number(n.parse::<Number>().map_err(|_| ParseError {
                span: span.clone(),
                message: format!("`{n}` is not a JSON number this tool can represent"),
            })?),
            Token::CloseBrace => return Err(self.error(ParseErrorKind::UnexpectedCloseBrace)),
            Token::CloseBracket => return Err(self.error(ParseErrorKind::UnexpectedCloseBracket)),
            Token::Comma => return Err(self.error(ParseErrorKind::UnexpectedComma)),
            Token::Colon => return Err(self.error(ParseErrorKind::UnexpectedColon)),
            Token::Word(_) => return Err(self.error(ParseErrorKind::UnexpectedWord)),
            Token::OpenBrace
            | Token::OpenBracket
            | Token::CommentLine(_)
            | Token::CommentBlock(_) => {
                return Err(self.error(ParseErrorKind::UnexpectedToken));
            }
        };
        Ok(Node::new(span, value))
    }
}

#[cfg(test)]
mod tests {
    use super::parse;

    fn error(text: &str) -> String {
        parse(text).expect_err(text).message
    }

    #[test]
    fn nested_and_empty_containers_keep_their_spans() {
        let text = r#"{"a": [], "b": {}, "c": [[1, {"d": null}], {}], "e\"f": "g\u00e9"}"#;
        let root = parse(text).expect("parses");
        let span = |segments: &[&str]| {
            let node = root.at(segments.iter().copied()).expect("node");
            &text[node.span()]
        };
        assert_eq!(span(&["a"]), "[]");
        assert_eq!(span(&["b"]), "{}");
        assert_eq!(span(&["c"]), r#"[[1, {"d": null}], {}]"#);
        assert_eq!(span(&["c", "0", "1", "d"]), "null");
        assert_eq!(span(&["c", "1"]), "{}");
        assert_eq!(root.get("e\"f").and_then(|n| n.as_str()), Some("gé"));
        let member = root.member("e\"f").expect("escaped key");
        assert_eq!(&text[member.key_span()], r#""e\"f""#);
        assert_eq!(&text[root.span()], text);
        assert_eq!(parse(" 3 ").expect("scalar").as_f64(), Some(3.0));
    }

    #[test]
    fn anything_beyond_strict_json_is_an_error() {
        assert_eq!(error(r#"{"a": 1,}"#), "Trailing commas are not allowed");
        assert_eq!(error("[1,]"), "Trailing commas are not allowed");
        assert_eq!(error("[1 2]"), "Expected comma");
        assert_eq!(error("{// c\n}"), "Comments are not allowed");
        assert_eq!(error("{a: 1}"), "Expected string for object property");
        assert_eq!(
            error(r#"{"a" 1}"#),
            "Expected colon after the string or word in object property"
        );
        assert_eq!(
            error(r#"{"a":}"#),
            "Expected value after colon in object property"
        );
        assert_eq!(error("[1, {\"a\": 2}"), "Unterminated array");
        assert_eq!(
            error("{} {}"),
            "Text cannot contain more than one JSON value"
        );
        assert_eq!(error("]"), "Unexpected close bracket");
        assert_eq!(error("'a'"), "Single-quoted strings are not allowed");
        assert_eq!(error(""), "the file holds no JSON value");
    }

    #[test]
    fn errors_point_at_the_offending_token() {
        let text = "[1, 2 3]";
        assert_eq!(&text[parse(text).expect_err("comma").span], "3");
        let text = "{\"a\": 1 ,\n}";
        assert_eq!(&text[parse(text).expect_err("trailing").span], ",");
        let text = "{\"a\": [1, ";
        assert_eq!(parse(text).expect_err("open").span, 6..7);
    }

    #[test]
    fn nesting_is_bounded() {
        let deep = |n: usize| format!("{}1{}", "[".repeat(n), "]".repeat(n));
        assert!(parse(&deep(512)).is_ok());
        assert_eq!(error(&deep(513)), "Maximum nesting depth exceeded");
        assert_eq!(parse(&deep(513)).expect_err("deep").span, 512..513);
    }
}
