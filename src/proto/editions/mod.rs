//! Protobuf editions (2023, 2024): a front end that lowers them to proto2 for protox (`lower`),
//! and the features an element of such a file resolves to (`features`): field presence, enum
//! openness, message encoding, JSON format and UTF-8 validation. Packing needs none: packed and
//! expanded are wire-compatible.

pub mod features;
pub mod lower;

use std::ops::Range;

use super::header::{Token, tokens};

/// The editions compat compiles.
pub const KNOWN: &[&str] = &["2023", "2024"];

/// The edition a file declares after its `edition` keyword (at `keyword`), and the range of the
/// string literal that names it.
pub fn declared(text: &str, keyword: Range<usize>) -> Option<(String, Range<usize>)> {
    let rest = &text[keyword.end..];
    let (_, literal) = tokens(rest)
        .into_iter()
        .find(|(kind, _)| *kind == Token::Str)?;
    let range = keyword.end + literal.start..keyword.end + literal.end;
    let value = text[range.clone()].trim_matches(|c| c == '"' || c == '\'');
    Some((value.to_owned(), range))
}
