//! A lexical look at a `.proto` file's top-level statements (imports, package, edition) without
//! parsing it: enough to find import roots and the files a change reaches before compiling.

use std::ops::Range;

/// What the top level of a file declares.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Header {
    /// Import paths, as written.
    pub imports: Vec<String>,
    pub package: Option<String>,
    /// The `edition` keyword, when the file declares one (protox compiles proto2 and proto3 only).
    pub edition: Option<Range<usize>>,
}

/// Scans the statements at brace depth 0. Comments and string contents never count as keywords.
pub fn scan(text: &str) -> Header {
    let tokens = tokens(text);
    let mut header = Header::default();
    let mut depth = 0usize;
    let mut i = 0;
    while i < tokens.len() {
        let (kind, range) = &tokens[i];
        let word = &text[range.clone()];
        match kind {
            Token::Punct if word == "{" => depth += 1,
            Token::Punct if word == "}" => depth = depth.saturating_sub(1),
            Token::Word if depth == 0 && (i == 0 || is_statement_start(text, &tokens, i)) => {
                match word {
                    "import" => {
                        let mut j = i + 1;
                        if tokens.get(j).is_some_and(|(k, r)| {
                            *k == Token::Word
                                && matches!(&text[r.clone()], "public" | "weak" | "option")
                        }) {
                            j += 1;
                        }
                        if let Some((Token::Str, r)) = tokens.get(j) {
                            header.imports.push(unquote(&text[r.clone()]));
                        }
                    }
                    "package" => {
                        let mut name = String::new();
                        for (k, r) in &tokens[i + 1..] {
                            let piece = &text[r.clone()];
                            if *k == Token::Word || piece == "." {
                                name.push_str(piece);
                            } else {
                                break;
                            }
                        }
                        header.package = Some(name);
                    }
                    "edition" => header.edition = Some(range.clone()),
                    _ => {}
                }
            }
            _ => {}
        }
        i += 1;
    }
    header
}

/// Whether the token starts a statement: it follows `;`, `{` or `}`.
fn is_statement_start(text: &str, tokens: &[(Token, Range<usize>)], i: usize) -> bool {
    i.checked_sub(1)
        .and_then(|p| tokens.get(p))
        .is_some_and(|(k, r)| *k == Token::Punct && matches!(&text[r.clone()], ";" | "{" | "}"))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Token {
    Word,
    Str,
    Punct,
}

pub(crate) fn tokens(text: &str) -> Vec<(Token, Range<usize>)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_whitespace() {
            i += 1;
        } else if bytes[i..].starts_with(b"//") {
            i = memchr(bytes, i, b'\n');
        } else if bytes[i..].starts_with(b"/*") {
            i = text[i + 2..]
                .find("*/")
                .map_or(bytes.len(), |end| i + 2 + end + 2);
        } else if b == b'"' || b == b'\'' {
            let start = i;
            i += 1;
            while i < bytes.len() && bytes[i] != b && bytes[i] != b'\n' {
                i += if bytes[i] == b'\\' { 2 } else { 1 };
            }
            i = (i + 1).min(bytes.len());
            out.push((Token::Str, start..i));
        } else if b.is_ascii_alphanumeric() || b == b'_' {
            let start = i;
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                i += 1;
            }
            out.push((Token::Word, start..i));
        } else {
            let len = text[i..].chars().next().map_or(1, char::len_utf8);
            out.push((Token::Punct, i..i + len));
            i += len;
        }
    }
    out
}

fn memchr(bytes: &[u8], from: usize, needle: u8) -> usize {
    bytes[from..]
        .iter()
        .position(|&b| b == needle)
        .map_or(bytes.len(), |at| from + at)
}

fn unquote(literal: &str) -> String {
    literal
        .get(1..literal.len().saturating_sub(1))
        .unwrap_or_default()
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_imports_package_and_edition_outside_comments() {
        let text = "// import \"no.proto\";\nsyntax = \"proto3\";\npackage a.b.v1;\n\
                    import public \"x/y.proto\";\n/* import \"z.proto\"; */\nimport 'q.proto';\n\
                    message M { string import = 1; }\n";
        let header = scan(text);
        assert_eq!(header.imports, ["x/y.proto", "q.proto"]);
        assert_eq!(header.package.as_deref(), Some("a.b.v1"));
        assert_eq!(header.edition, None);

        let text = "// c\nedition = \"2023\";\n";
        let edition = scan(text).edition.expect("edition found");
        assert_eq!(&text[edition], "edition");
    }
}
