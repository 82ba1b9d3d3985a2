//! Splitting a script into statements' tokens: tokenize (a long script chunk by chunk, on every
//! core), cut at `;`, and replace each `DO` block by the statements of its body.

use std::ops::Range;

use rayon::prelude::*;
use sqlparser::dialect::Dialect as SqlDialect;
use sqlparser::keywords::Keyword;
use sqlparser::tokenizer::{Token, TokenWithSpan, Tokenizer};

use super::do_block::Inner;
use super::locate::{Locator, Mark, MarkKind};
use super::recognize::parse_one;
use super::{ScriptError, Statement, StatementKind, StatementTokens, config_dialect, sql_dialect};
use crate::input::config::Dialect;

/// Statements of one script from which parsing them in parallel pays.
pub(super) const PARALLEL_STATEMENTS: usize = 512;

/// Builds the statements of every run of tokens of one script.
pub(super) struct StatementBuilder<'a> {
    /// The file's text: spans are offsets in it.
    pub(super) text: &'a str,
    pub(super) replay_only: bool,
}

impl StatementBuilder<'_> {
    /// The statements of a run of tokens that ends at a statement's end (`end` is the offset
    /// just past the run); parsed in parallel when there are many.
    pub(super) fn statements(
        &self,
        tokens: Vec<TokenWithSpan>,
        offsets: &[usize],
        end: usize,
        dialect: &dyn SqlDialect,
    ) -> Vec<Statement> {
        let mut pieces: Vec<StatementTokens> = Vec::new();
        let mut stream: Vec<TokenWithSpan> = Vec::new();
        let mut marks: Vec<Mark> = Vec::new();
        let count = offsets.len();
        for (index, token) in tokens.into_iter().enumerate() {
            let semicolon = token.token == Token::SemiColon;
            if !semicolon && is_code(&token.token) {
                marks.push(mark(&token, offsets, index, end));
                stream.push(token);
            }
            if (semicolon || index + 1 == count) && !marks.is_empty() {
                // The next statement is likely about as long: one allocation instead of several.
                let size = marks.len();
                pieces.push((
                    std::mem::replace(&mut stream, Vec::with_capacity(size)),
                    std::mem::replace(&mut marks, Vec::with_capacity(size)),
                ));
            }
        }
        let pieces = if config_dialect(dialect) == Some(Dialect::Postgres) {
            expand_do_blocks(self.text, pieces, dialect)
        } else {
            pieces.into_iter().map(|p| (p, Place::Script)).collect()
        };
        match config_dialect(dialect) {
            Some(config) if pieces.len() >= PARALLEL_STATEMENTS => pieces
                .into_par_iter()
                .map_init(
                    || sql_dialect(config),
                    |d, piece| self.build(d.as_ref(), piece),
                )
                .collect(),
            _ => pieces
                .into_iter()
                .map(|piece| self.build(dialect, piece))
                .collect(),
        }
    }

    fn build(
        &self,
        dialect: &dyn SqlDialect,
        ((stream, mut marks), place): (StatementTokens, Place),
    ) -> Statement {
        let span = marks.first().map_or(0, |m| m.start)..marks.last().map_or(0, |m| m.end);
        let skip = stream.first().is_some_and(|t| {
            is_data(&t.token) || (self.replay_only && !can_change_schema(&t.token))
        });
        let kind = match place {
            Place::Dynamic(_) => StatementKind::Dynamic,
            Place::EmptyBlock(_) => StatementKind::NotParsed,
            _ if skip => StatementKind::NotParsed,
            _ => parse_one(dialect, stream, &self.text[span.clone()], &marks),
        };
        if matches!(kind, StatementKind::NotParsed | StatementKind::Dynamic) {
            // Nothing will look inside: the span is all that is kept.
            marks = Vec::new();
        }
        let block = match place {
            Place::Script => None,
            Place::Block(at) | Place::Dynamic(at) | Place::EmptyBlock(at) => Some(at),
        };
        Statement {
            span,
            kind,
            // Numbered once the whole script is built (`number_transactions`).
            transaction: 0,
            block,
            marks,
        }
    }
}

/// Scripts from which cutting them into chunks pays: each chunk is tokenized, split and parsed
/// on its own, on every core, and its tokens are freed before the statements of the whole
/// script are collected, so memory follows the statements kept rather than the tokens of the
/// whole file.
pub(super) const CHUNKED_BYTES: usize = 256 * 1024;

/// The size chunks are cut to: small enough that the tokens of the chunks in flight stay a
/// few hundred megabytes, large enough that a chunk is a task worth scheduling.
const CHUNK_BYTES: usize = 1024 * 1024;

/// The statements of a long script, chunk by chunk; `None` when the script is short, or when a
/// chunk does not tokenize on its own (the caller then tokenizes the whole script, which also
/// locates a tokenizer error).
pub(super) fn in_chunks(
    builder: &StatementBuilder<'_>,
    range: Range<usize>,
    dialect: &dyn SqlDialect,
) -> Option<Vec<Statement>> {
    let config = config_dialect(dialect)?;
    if range.len() < CHUNKED_BYTES {
        return None;
    }
    let script = &builder.text[range.clone()];
    let target = (script.len() / (rayon::current_num_threads() * 4).max(1))
        .clamp(CHUNKED_BYTES / 8, CHUNK_BYTES);
    let chunks = super::chunk::pieces(script, config, target);
    if chunks.len() < 2 {
        return None;
    }
    let last = chunks.len() - 1;
    let built: Option<Vec<Vec<Statement>>> = chunks
        .into_par_iter()
        .enumerate()
        .map_init(
            || sql_dialect(config),
            |d, (index, chunk)| {
                let start = range.start + chunk.start;
                let end = range.start + chunk.end;
                let (tokens, offsets) = tokenize_piece(&script[chunk], start, d.as_ref())?;
                let whole =
                    index == last || tokens.last().is_some_and(|t| t.token == Token::SemiColon);
                whole.then(|| builder.statements(tokens, &offsets, end, d.as_ref()))
            },
        )
        .collect();
    Some(built?.into_iter().flatten().collect())
}

/// Where a statement stands in its script; a `DO` block is known by its offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Script,
    /// Inside a `DO` block.
    Block(usize),
    /// An `EXECUTE` inside a `DO` block.
    Dynamic(usize),
    /// A `DO` block without SQL (notices, assignments): kept, since the server runs it as a
    /// statement.
    EmptyBlock(usize),
}

/// Each `DO` block replaced by the statements of its body (see `do_block`).
fn expand_do_blocks(
    text: &str,
    pieces: Vec<StatementTokens>,
    dialect: &dyn SqlDialect,
) -> Vec<(StatementTokens, Place)> {
    let mut expanded = Vec::with_capacity(pieces.len());
    for piece in pieces {
        let at = piece.1.first().map_or(0, |m| m.start);
        match super::do_block::expand(text, &piece, dialect) {
            Some(inner) if inner.is_empty() => expanded.push((piece, Place::EmptyBlock(at))),
            Some(inner) => expanded.extend(inner.into_iter().map(|inner| match inner {
                Inner::Sql(piece) => (piece, Place::Block(at)),
                Inner::Dynamic(piece) => (piece, Place::Dynamic(at)),
            })),
            None => expanded.push((piece, Place::Script)),
        }
    }
    expanded
}

/// The tokens of `script` and the byte offset of each in the file (`base` is the script's
/// offset).
pub(super) fn tokenize(
    script: &str,
    base: usize,
    dialect: &dyn SqlDialect,
) -> Result<(Vec<TokenWithSpan>, Vec<usize>), ScriptError> {
    Tokenizer::new(dialect, script)
        .tokenize_with_location()
        .map(|tokens| {
            let offsets = offsets_of(script, base, &tokens);
            (tokens, offsets)
        })
        .map_err(|e| {
            let offset = Locator::new(script).offset(e.location).unwrap_or(0);
            ScriptError {
                message: e.message,
                offset: base + offset,
            }
        })
}

/// One piece of a long script, or `None` when it does not tokenize on its own.
pub(super) fn tokenize_piece(
    piece: &str,
    base: usize,
    dialect: &dyn SqlDialect,
) -> Option<(Vec<TokenWithSpan>, Vec<usize>)> {
    let tokens = Tokenizer::new(dialect, piece)
        .tokenize_with_location()
        .ok()?;
    let offsets = offsets_of(piece, base, &tokens);
    Some((tokens, offsets))
}

fn offsets_of(script: &str, base: usize, tokens: &[TokenWithSpan]) -> Vec<usize> {
    let mut locator = Locator::new(script);
    tokens
        .iter()
        .map(|t| base + locator.offset(t.span.start).unwrap_or(script.len()))
        .collect()
}

/// Whether a statement starting with `token` only reads or writes rows.
fn is_data(token: &Token) -> bool {
    matches!(
        token,
        Token::Word(word) if matches!(
            word.keyword,
            Keyword::INSERT | Keyword::UPDATE | Keyword::DELETE | Keyword::COPY | Keyword::VALUES
        )
    )
}

/// Whether a statement starting with `token` may change the schema or the transaction state.
fn can_change_schema(token: &Token) -> bool {
    let Token::Word(word) = token else {
        return true;
    };
    !matches!(
        word.keyword,
        Keyword::INSERT
            | Keyword::UPDATE
            | Keyword::DELETE
            | Keyword::SELECT
            | Keyword::WITH
            | Keyword::COPY
            | Keyword::COMMENT
            | Keyword::GRANT
            | Keyword::REVOKE
            | Keyword::ANALYZE
            | Keyword::VACUUM
            | Keyword::REFRESH
            | Keyword::SET
            | Keyword::TRUNCATE
            | Keyword::VALUES
    )
}

/// The mark of token `index`: it ends where the next token starts.
pub(super) fn mark(token: &TokenWithSpan, offsets: &[usize], index: usize, end: usize) -> Mark {
    Mark {
        location: token.span.start,
        start: offsets[index],
        end: offsets.get(index + 1).copied().unwrap_or(end),
        kind: match token.token {
            Token::LParen => MarkKind::Open,
            Token::RParen => MarkKind::Close,
            Token::Comma => MarkKind::Comma,
            _ => MarkKind::Other,
        },
    }
}

pub(super) fn is_code(token: &Token) -> bool {
    !matches!(token, Token::Whitespace(_) | Token::EOF)
}
