//! A script to statements with exact byte spans: tokenize once, split on `;` at the token level
//! (so semicolons in strings, comments and dollar-quoted bodies do not split), parse each
//! statement on its own and require the end of input after it.

use std::ops::Range;

use rayon::prelude::*;
use sqlparser::ast;
use sqlparser::dialect::{Dialect as SqlDialect, MySqlDialect, PostgreSqlDialect, SQLiteDialect};
use sqlparser::keywords::Keyword;
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::{Location, Token, TokenWithSpan, Tokenizer};

use super::do_block::Inner;
use super::opaque::{Touch, touches};
use crate::input::config::Dialect;

/// One statement of a script.
#[derive(Debug)]
pub struct Statement {
    /// Byte range in the file, from the first token to the last one before the `;`.
    pub span: Range<usize>,
    pub kind: StatementKind,
    /// Which transaction the statement runs in (explicit, the tool's per-file one, or the one a
    /// `DO` block runs in): statements with the same number share one; 0 outside any.
    pub transaction: u32,
    /// The offset of the `DO` block the statement comes from, if it does.
    block: Option<usize>,
    /// Where each code token is, for spans inside the statement.
    marks: Vec<Mark>,
}

/// A statement's code tokens and where each is.
pub(super) type StatementTokens = (Vec<TokenWithSpan>, Vec<Mark>);

/// A code token of a statement: where it starts (as the parser locates it, and as a byte offset),
/// where it ends, and whether it opens or closes a nesting level or separates a list.
#[derive(Debug, Clone, Copy)]
pub(super) struct Mark {
    location: Location,
    pub(super) start: usize,
    end: usize,
    kind: MarkKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MarkKind {
    Open,
    Close,
    Comma,
    Other,
}

#[derive(Debug)]
pub enum StatementKind {
    Parsed(Box<ast::Statement>),
    /// Not understood by the parser, but recognised from its tokens.
    Recognized(Recognized),
    /// Neither parsed nor recognised; the parser's message says why. What it creates or drops
    /// is still read from its first words, for the schema model.
    Unparsed {
        reason: String,
        touches: Option<Touch>,
    },
    /// `EXECUTE` in a `DO` block: SQL that the block builds as a string when it runs.
    Dynamic,
    /// Nested deeper than the parser goes ([`MAX_NESTING`]): bad input, reported as an input
    /// error at `at`, the byte offset where the nesting passes the limit (or the statement's
    /// start).
    TooDeep {
        at: usize,
    },
    /// Split but not parsed, since nothing needs its structure: a data statement (INSERT,
    /// UPDATE, DELETE, COPY, VALUES), which changes no schema and which no rule reads; and in a
    /// history that is only replayed, any statement that changes no schema (grants, comments,
    /// SET, ...). A data migration of a million rows costs its split, not a million trees.
    NotParsed,
}

/// Statements the parser rejects that rules need to know about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recognized {
    /// `DROP INDEX CONCURRENTLY [IF EXISTS] name [, ...]`
    DropIndexConcurrently { names: Vec<String> },
    /// `REINDEX [(options)] {INDEX|TABLE|SCHEMA|DATABASE|SYSTEM} [CONCURRENTLY] name`
    Reindex { concurrently: bool },
    /// `CLUSTER [VERBOSE] [table [USING index]]`
    Cluster { table: Option<String> },
    /// `ALTER {TABLE|TYPE|SEQUENCE|...} [IF EXISTS] name SET SCHEMA schema`
    SetSchema {
        object: String,
        name: String,
        schema: String,
    },
    /// `ALTER SEQUENCE` other than a rename or a move: `OWNED BY`, `RESTART`, `INCREMENT`. They
    /// change no table and block no query.
    AlterSequence,
    /// `COMMENT ON ... IS ...` in a form the parser rejects (`COMMENT ON FUNCTION f(int)`): it
    /// changes documentation only.
    Comment,
    /// `ALTER {SEQUENCE|...} [IF EXISTS] name RENAME TO new_name`
    Rename {
        object: String,
        name: String,
        to: String,
    },
}

/// How the migration tool runs a script, transaction-wise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wrap {
    /// Each statement commits on its own (`psql -f`, any MySQL DDL).
    None,
    /// The tool opens a transaction around the file.
    File,
    /// The tool sends the file as one batch, which PostgreSQL runs as one implicit transaction
    /// when it holds more than one statement (golang-migrate, Prisma).
    Batch,
}

/// A script that could not even be tokenized (an unterminated string or comment).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptError {
    pub message: String,
    pub offset: usize,
}

/// How deep the parser recurses into nested expressions and queries before it gives up:
/// sqlparser's default, which keeps its stack use well inside a worker thread's stack.
pub const MAX_NESTING: usize = 50;

/// Statements of one script from which parsing them in parallel pays.
const PARALLEL_STATEMENTS: usize = 512;

/// The configured dialect a parser dialect stands for, to make one per thread.
fn config_dialect(dialect: &dyn SqlDialect) -> Option<Dialect> {
    if dialect.is::<PostgreSqlDialect>() {
        Some(Dialect::Postgres)
    } else if dialect.is::<MySqlDialect>() {
        Some(Dialect::Mysql)
    } else if dialect.is::<SQLiteDialect>() {
        Some(Dialect::Sqlite)
    } else {
        None
    }
}

pub fn sql_dialect(dialect: Dialect) -> Box<dyn SqlDialect> {
    match dialect {
        Dialect::Postgres => Box::new(PostgreSqlDialect {}),
        Dialect::Mysql => Box::new(MySqlDialect {}),
        Dialect::Sqlite => Box::new(SQLiteDialect {}),
    }
}

/// Splits and parses `text[range]` (the whole text when `range` is `None`). Spans are offsets in
/// `text`. `wrap` says whether the script starts inside a transaction.
pub fn statements(
    text: &str,
    range: Option<Range<usize>>,
    dialect: &dyn SqlDialect,
    wrap: Wrap,
) -> Result<Vec<Statement>, ScriptError> {
    split(text, range, dialect, wrap, false)
}

/// [`statements`] for a history that is only replayed: statements that cannot change the schema
/// are split but not parsed ([`StatementKind::NotParsed`]), which halves the work on histories
/// full of data migrations.
pub fn statements_to_replay(
    text: &str,
    range: Option<Range<usize>>,
    dialect: &dyn SqlDialect,
    wrap: Wrap,
) -> Result<Vec<Statement>, ScriptError> {
    split(text, range, dialect, wrap, true)
}

fn split(
    text: &str,
    range: Option<Range<usize>>,
    dialect: &dyn SqlDialect,
    wrap: Wrap,
    replay_only: bool,
) -> Result<Vec<Statement>, ScriptError> {
    let range = range
        .filter(|r| r.start <= r.end && text.get(r.clone()).is_some())
        .unwrap_or(0..text.len());
    let builder = StatementBuilder { text, replay_only };
    let mut statements = match in_chunks(&builder, range.clone(), dialect) {
        Some(statements) => statements,
        None => {
            let script = &text[range.clone()];
            let (tokens, offsets) = tokenize(script, range.start, dialect)?;
            builder.statements(tokens, &offsets, range.end, dialect)
        }
    };
    number_transactions(&mut statements, wrap);
    Ok(statements)
}

/// Which transaction each statement runs in. A `DO` block is one statement to the server: it
/// runs in the open transaction, or in one of its own; what its body does to transactions stays
/// inside it.
fn number_transactions(statements: &mut [Statement], wrap: Wrap) {
    let mut last = 0u32;
    let mut new_transaction = || {
        last += 1;
        last
    };
    // What the server sees as statements: a `DO` block counts once.
    let top_level = statements
        .iter()
        .enumerate()
        .filter(|(i, s)| s.block.is_none() || *i == 0 || statements[i - 1].block != s.block)
        .count();
    let mut open = match wrap {
        Wrap::None => None,
        Wrap::File => Some(new_transaction()),
        Wrap::Batch => (top_level > 1).then(&mut new_transaction),
    };
    let mut block = None;
    for statement in statements.iter_mut() {
        if statement.block.is_some() {
            if statement.block != block.map(|(at, _)| at) {
                block = statement
                    .block
                    .map(|at| (at, open.unwrap_or_else(&mut new_transaction)));
            }
            statement.transaction = block.map_or(0, |(_, id)| id);
            continue;
        }
        block = None;
        statement.transaction = open.unwrap_or(0);
        open = match transaction_after(&statement.kind, open.is_some()) {
            true => Some(open.unwrap_or_else(&mut new_transaction)),
            false => None,
        };
    }
}

/// Builds the statements of every run of tokens of one script.
struct StatementBuilder<'a> {
    /// The file's text: spans are offsets in it.
    text: &'a str,
    replay_only: bool,
}

impl StatementBuilder<'_> {
    /// The statements of a run of tokens that ends at a statement's end (`end` is the offset
    /// just past the run); parsed in parallel when there are many.
    fn statements(
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
const CHUNKED_BYTES: usize = 256 * 1024;

/// The size chunks are cut to: small enough that the tokens of the chunks in flight stay a
/// few hundred megabytes, large enough that a chunk is a task worth scheduling.
const CHUNK_BYTES: usize = 1024 * 1024;

/// The statements of a long script, chunk by chunk; `None` when the script is short, or when a
/// chunk does not tokenize on its own (the caller then tokenizes the whole script, which also
/// locates a tokenizer error).
fn in_chunks(
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
fn tokenize_piece(
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

/// Parses one statement's code tokens; `text` is the statement, re-tokenized only when the
/// parser fails and the statement may still be recognised.
fn parse_one(
    dialect: &dyn SqlDialect,
    stream: Vec<TokenWithSpan>,
    text: &str,
    marks: &[Mark],
) -> StatementKind {
    let mut parser = Parser::new(dialect)
        .with_recursion_limit(MAX_NESTING)
        .with_tokens_with_locations(stream);
    let error = match parser.parse_statement() {
        Ok(statement) => match parser.peek_token_ref().token {
            Token::EOF => return StatementKind::Parsed(Box::new(statement)),
            ref token => format!("unexpected `{token}` after the end of the statement"),
        },
        Err(ParserError::RecursionLimitExceeded) => {
            return StatementKind::TooDeep {
                at: too_deep_at(marks),
            };
        }
        Err(e) => e.to_string(),
    };
    let tokens = Tokenizer::new(dialect, text).tokenize().unwrap_or_default();
    match recognize(&tokens) {
        Some(recognized) => StatementKind::Recognized(recognized),
        None => {
            let code: Vec<&Token> = tokens.iter().filter(|t| is_code(t)).collect();
            StatementKind::Unparsed {
                reason: without_location(error.trim_start_matches("sql parser error: ")),
                touches: touches(&code),
            }
        }
    }
}

/// The parser's message without its `at Line: L, Column: C`: the tokens of a chunk or of a `DO`
/// body are located from where that text starts, not the file, and the finding's frame shows
/// where the statement is.
fn without_location(message: &str) -> String {
    match message.rsplit_once(" at Line: ") {
        Some((before, location)) if location.contains(", Column: ") => before.to_owned(),
        _ => message.to_owned(),
    }
}

/// Where a statement the parser found too deep passes [`MAX_NESTING`] open parentheses, or
/// where it starts when parentheses are not what nests (a chain of `NOT`, say).
fn too_deep_at(marks: &[Mark]) -> usize {
    let mut depth = 0usize;
    for mark in marks {
        match mark.kind {
            MarkKind::Open => depth += 1,
            MarkKind::Close => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth > MAX_NESTING {
            return mark.start;
        }
    }
    marks.first().map_or(0, |m| m.start)
}

fn recognize(tokens: &[Token]) -> Option<Recognized> {
    let words: Vec<&Token> = tokens.iter().filter(|t| is_code(t)).collect();
    let keyword = |i: usize| match words.get(i) {
        Some(Token::Word(word)) => word.keyword,
        _ => Keyword::NoKeyword,
    };
    match (keyword(0), keyword(1), keyword(2)) {
        (Keyword::DROP, Keyword::INDEX, Keyword::CONCURRENTLY) => {
            let mut rest = 3;
            if keyword(3) == Keyword::IF && keyword(4) == Keyword::EXISTS {
                rest = 5;
            }
            let names = words[rest.min(words.len())..]
                .split(|t| **t == Token::Comma)
                .filter_map(|name| {
                    let text: String = name
                        .iter()
                        .take_while(|t| !matches!(t, Token::Word(w) if matches!(w.keyword, Keyword::CASCADE | Keyword::RESTRICT)))
                        .map(|t| t.to_string())
                        .collect();
                    (!text.is_empty()).then_some(text)
                })
                .collect();
            Some(Recognized::DropIndexConcurrently { names })
        }
        (Keyword::REINDEX, _, _) => Some(Recognized::Reindex {
            concurrently: words
                .iter()
                .any(|t| matches!(t, Token::Word(w) if w.keyword == Keyword::CONCURRENTLY)),
        }),
        (Keyword::CLUSTER, _, _) => {
            let start = if keyword(1) == Keyword::VERBOSE { 2 } else { 1 };
            let table = name_from(&words, start);
            Some(Recognized::Cluster {
                table: (!table.is_empty()).then_some(table),
            })
        }
        (Keyword::ALTER, _, _) => recognize_alter(&words, keyword(1)),
        (Keyword::COMMENT, Keyword::ON, _) => Some(Recognized::Comment),
        _ => None,
    }
}

/// `ALTER <object> [IF EXISTS] name {SET SCHEMA s | RENAME TO n}`, for objects the parser does
/// not support these forms on.
fn recognize_alter(words: &[&Token], object: Keyword) -> Option<Recognized> {
    let keyword = |i: usize| match words.get(i) {
        Some(Token::Word(word)) => word.keyword,
        _ => Keyword::NoKeyword,
    };
    let object_name = match words.get(1) {
        Some(Token::Word(word)) if object != Keyword::NoKeyword => word.value.to_uppercase(),
        _ => return None,
    };
    let mut at = 2;
    if keyword(at) == Keyword::IF && keyword(at + 1) == Keyword::EXISTS {
        at += 2;
    }
    let name = name_from(words, at);
    let ends_name = |t: &&&Token| matches!(t, Token::Word(w) if matches!(w.keyword, Keyword::SET | Keyword::RENAME));
    let Some(name_end) = words[at.min(words.len())..]
        .iter()
        .position(|t| ends_name(&t))
        .map(|i| at + i)
    else {
        return (object == Keyword::SEQUENCE).then_some(Recognized::AlterSequence);
    };
    match (
        keyword(name_end),
        keyword(name_end + 1),
        keyword(name_end + 2),
    ) {
        (Keyword::SET, Keyword::SCHEMA, _) => Some(Recognized::SetSchema {
            object: object_name,
            name,
            schema: name_from(words, name_end + 2),
        }),
        (Keyword::RENAME, Keyword::TO, _) => Some(Recognized::Rename {
            object: object_name,
            name,
            to: name_from(words, name_end + 2),
        }),
        _ if object == Keyword::SEQUENCE => Some(Recognized::AlterSequence),
        _ => None,
    }
}

/// A possibly qualified name starting at word `start`: name parts separated by dots, up to the
/// first keyword that ends a name.
pub(super) fn name_from(words: &[&Token], start: usize) -> String {
    const ENDS_NAME: &[Keyword] = &[
        Keyword::USING,
        Keyword::SET,
        Keyword::RENAME,
        Keyword::TO,
        Keyword::CASCADE,
        Keyword::RESTRICT,
    ];
    let mut name = String::new();
    let mut expect_part = true;
    for token in words.iter().skip(start) {
        match token {
            Token::Word(w)
                if expect_part && (w.quote_style.is_some() || !ENDS_NAME.contains(&w.keyword)) =>
            {
                name.push_str(&token.to_string());
                expect_part = false;
            }
            Token::Period if !expect_part => {
                name.push('.');
                expect_part = true;
            }
            _ => break,
        }
    }
    name.trim_end_matches('.').to_owned()
}

/// The transaction state after a statement.
fn transaction_after(kind: &StatementKind, inside: bool) -> bool {
    match kind {
        StatementKind::Parsed(statement) => match statement.as_ref() {
            ast::Statement::StartTransaction { .. } => true,
            ast::Statement::Commit { .. } => false,
            ast::Statement::Rollback { savepoint, .. } => savepoint.is_some() && inside,
            _ => inside,
        },
        _ => inside,
    }
}

impl Statement {
    /// Whether the statement runs inside a transaction.
    pub fn in_transaction(&self) -> bool {
        self.transaction != 0
    }

    /// The statement's code with comments dropped and whitespace normalised: equal for two
    /// statements that differ only in layout. `text` is the file the statement is in.
    pub fn fingerprint(&self, text: &str) -> String {
        if self.marks.is_empty() {
            // A statement kept without its tokens: whitespace is all that can be normalised.
            let words: Vec<&str> = text
                .get(self.span.clone())
                .unwrap_or_default()
                .split_whitespace()
                .collect();
            return words.join(" ");
        }
        let parts: Vec<&str> = self
            .marks
            .iter()
            .filter_map(|m| text.get(m.start..m.end).map(str::trim_end))
            .collect();
        parts.join(" ")
    }

    /// The byte offset of the token that starts at `location`, if it is in this statement.
    pub fn offset_of(&self, location: Location) -> Option<usize> {
        let index = self
            .marks
            .binary_search_by(|m| m.location.cmp(&location))
            .ok()?;
        Some(self.marks[index].start)
    }

    /// The clause starting at the token at `location`: up to the next `,` or unmatched `)` at its
    /// nesting level, or the end of the statement. A column definition, say.
    pub fn clause_at(&self, location: Location) -> Option<Range<usize>> {
        let first = self
            .marks
            .binary_search_by(|m| m.location.cmp(&location))
            .ok()?;
        let mut depth = 0usize;
        let mut last = first;
        for (index, mark) in self.marks.iter().enumerate().skip(first) {
            match mark.kind {
                MarkKind::Open => depth += 1,
                MarkKind::Close if depth == 0 => break,
                MarkKind::Close => depth -= 1,
                MarkKind::Comma if depth == 0 => break,
                _ => {}
            }
            last = index;
        }
        Some(self.marks[first].start..self.marks[last].end)
    }
}

/// Converts sqlparser's locations (1-based line, 1-based column counted in characters) to byte
/// offsets. Tokens arrive in order, so a cursor moves forward; a location behind it restarts
/// from the start of its line.
struct Locator<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
    /// (line, column, offset) of the last conversion.
    cursor: (u64, u64, usize),
}

impl<'a> Locator<'a> {
    fn new(text: &'a str) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Locator {
            text,
            line_starts,
            cursor: (1, 1, 0),
        }
    }

    fn offset(&mut self, location: Location) -> Option<usize> {
        let line_index = usize::try_from(location.line.checked_sub(1)?).ok()?;
        let line_start = *self.line_starts.get(line_index)?;
        let (mut column, mut offset) = match self.cursor {
            (line, column, offset) if line == location.line && column <= location.column => {
                (column, offset)
            }
            _ => (1, line_start),
        };
        let mut chars = self.text.get(offset..)?.chars();
        while column < location.column {
            match chars.next() {
                Some('\n') | None => break,
                Some(c) => {
                    offset += c.len_utf8();
                    column += 1;
                }
            }
        }
        self.cursor = (location.line, column, offset);
        Some(offset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    impl Statement {
        fn kind_recognized(&self) -> Option<&Recognized> {
            match &self.kind {
                StatementKind::Recognized(r) => Some(r),
                _ => None,
            }
        }
    }

    fn parse(text: &str) -> Vec<Statement> {
        statements(text, None, &PostgreSqlDialect {}, Wrap::None).expect("tokenizes")
    }

    fn texts<'a>(text: &'a str, found: &[Statement]) -> Vec<&'a str> {
        found.iter().map(|s| &text[s.span.clone()]).collect()
    }

    #[test]
    fn splits_on_semicolons_outside_strings_comments_and_bodies() {
        let text = "-- a; comment\nCREATE TABLE t (a text DEFAULT ';');\n\
                    CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;\n\
                    /* ; */ DROP TABLE t";
        let found = parse(text);
        assert_eq!(
            texts(text, &found),
            [
                "CREATE TABLE t (a text DEFAULT ';')",
                "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql",
                "DROP TABLE t",
            ]
        );
        assert!(
            found
                .iter()
                .all(|s| matches!(s.kind, StatementKind::Parsed(_)))
        );
    }

    #[test]
    fn spans_are_bytes_after_tabs_and_multibyte_text() {
        let text = "-- café ☕\n\t\tDROP TABLE \"naïve\";\n\tALTER TABLE t DROP COLUMN c;";
        let found = parse(text);
        assert_eq!(
            texts(text, &found),
            ["DROP TABLE \"naïve\"", "ALTER TABLE t DROP COLUMN c"]
        );
    }

    #[test]
    fn clauses_stop_at_commas_at_their_level() {
        let text = "CREATE TABLE t (\n  é numeric(10, 2) NOT NULL,\n  b text\n);";
        let found = parse(text);
        let StatementKind::Parsed(statement) = &found[0].kind else {
            panic!("parsed");
        };
        let ast::Statement::CreateTable(table) = statement.as_ref() else {
            panic!("create table");
        };
        let first = found[0]
            .clause_at(table.columns[0].name.span.start)
            .expect("clause");
        assert_eq!(&text[first], "é numeric(10, 2) NOT NULL");
        let second = found[0]
            .clause_at(table.columns[1].name.span.start)
            .expect("clause");
        assert_eq!(&text[second], "b text");
    }

    #[test]
    fn a_do_block_becomes_the_sql_of_its_body_with_file_spans() {
        let text = "DO $body$\nDECLARE\n  n int;\nBEGIN\n  <<outer>>\n  \
                    IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 't') THEN\n    \
                    CREATE TYPE t AS ENUM ('a');\n  END IF;\n  \
                    FOR n IN 1..2 LOOP PERFORM 1; END LOOP;\n  n := 3;\n  \
                    EXECUTE format('DROP TABLE %I', 'x');\n\
                    EXCEPTION WHEN others THEN RAISE NOTICE 'no';\nEND\n$body$ LANGUAGE plpgsql;\n\
                    COMMENT ON FUNCTION f(int) IS 'doc';";
        let found = parse(text);
        assert_eq!(
            texts(text, &found),
            [
                "CREATE TYPE t AS ENUM ('a')",
                "EXECUTE format('DROP TABLE %I', 'x')",
                "COMMENT ON FUNCTION f(int) IS 'doc'",
            ]
        );
        assert!(matches!(found[0].kind, StatementKind::Parsed(_)));
        assert!(found[0].in_transaction(), "a DO block runs atomically");
        assert!(matches!(found[1].kind, StatementKind::Dynamic));
        assert!(matches!(
            found[2].kind,
            StatementKind::Recognized(Recognized::Comment)
        ));
        assert!(!found[2].in_transaction());
    }

    #[test]
    fn plpgsql_into_targets_are_not_tables() {
        let text = "DO $$ DECLARE v int; r record; BEGIN\n\
                    SELECT INTO r * FROM t WHERE id = 1;\n\
                    SELECT count(*) INTO STRICT v FROM t;\n\
                    INSERT INTO t (a) VALUES (1) RETURNING id, a INTO v, r.a;\n\
                    END $$;";
        let found = parse(text);
        assert_eq!(found.len(), 3);
        assert_eq!(
            &text[found[2].span.clone()],
            "INSERT INTO t (a) VALUES (1) RETURNING id, a"
        );
        for statement in &found[..2] {
            let StatementKind::Parsed(parsed) = &statement.kind else {
                panic!("{:?} parses", &text[statement.span.clone()]);
            };
            if let ast::Statement::Query(query) = parsed.as_ref() {
                let ast::SetExpr::Select(select) = query.body.as_ref() else {
                    panic!("a select");
                };
                assert!(select.into.is_none(), "no table is created");
            }
        }
    }

    #[test]
    fn unparseable_statements_are_kept_with_their_span() {
        let text =
            "DROP INDEX CONCURRENTLY IF EXISTS a, s.b;\nREINDEX INDEX a;\nFROB t;\nSELECT 1 2;";
        let found = parse(text);
        assert_eq!(found.len(), 4);
        assert!(matches!(
            &found[0].kind,
            StatementKind::Recognized(Recognized::DropIndexConcurrently { names }) if names == &["a", "s.b"]
        ));
        assert!(matches!(
            found[1].kind,
            StatementKind::Recognized(Recognized::Reindex {
                concurrently: false
            })
        ));
        assert!(
            matches!(&found[2].kind, StatementKind::Unparsed { reason, touches: None } if reason.contains("FROB"))
        );
        assert_eq!(&text[found[2].span.clone()], "FROB t");
        assert!(matches!(&found[3].kind, StatementKind::Unparsed { .. }));
    }

    #[test]
    fn long_scripts_parse_in_parallel_in_order() {
        let text: String = (0..PARALLEL_STATEMENTS + 10)
            .map(|i| format!("CREATE TABLE t{i} (a int);\n"))
            .collect();
        let found = parse(&text);
        assert_eq!(found.len(), PARALLEL_STATEMENTS + 10);
        assert_eq!(&text[found[515].span.clone()], "CREATE TABLE t515 (a int)");
        assert!(
            found
                .iter()
                .all(|s| matches!(s.kind, StatementKind::Parsed(_)))
        );
    }

    #[test]
    fn long_scripts_are_tokenized_in_pieces_with_file_offsets() {
        let block = |i: usize| {
            [
                format!(
                    "-- step {i}; still a comment\nCREATE TABLE t{i} (\n  é{i} text DEFAULT ';'\n)"
                ),
                format!("CREATE FUNCTION f{i}() RETURNS int AS $b$ SELECT {i}; $b$ LANGUAGE sql"),
                format!("INSERT INTO t{i} VALUES (E'\\';', \"q;{i}\")"),
            ]
        };
        let count = CHUNKED_BYTES / 150 + 50;
        let expected: Vec<String> = (0..count).flat_map(block).collect();
        let text: String = expected.iter().map(|s| format!("{s};\n")).collect();
        assert!(text.len() > CHUNKED_BYTES);
        // The pieces tokenize on their own, so the parallel path is the one taken.
        let pieces = crate::sql::chunk::pieces(&text, Dialect::Postgres, CHUNKED_BYTES / 8);
        assert!(pieces.len() > 2);
        for range in &pieces[..pieces.len() - 1] {
            let (tokens, _) =
                tokenize_piece(&text[range.clone()], range.start, &PostgreSqlDialect {})
                    .expect("tokenizes");
            assert_eq!(tokens.last().map(|t| &t.token), Some(&Token::SemiColon));
        }
        let found = parse(&text);
        assert_eq!(found.len(), expected.len());
        for (statement, source) in found.iter().zip(&expected) {
            let source = source.trim_start_matches(|c| c != 'C' && c != 'I');
            assert_eq!(&text[statement.span.clone()], source);
            let data = source.starts_with("INSERT");
            assert!(
                match statement.kind {
                    StatementKind::Parsed(_) => !data,
                    StatementKind::NotParsed => data,
                    _ => false,
                },
                "{source}"
            );
        }
        // Locations inside a statement of a later piece still find their bytes.
        let last_table = &found[found.len() - 3];
        let StatementKind::Parsed(statement) = &last_table.kind else {
            panic!("parsed");
        };
        let ast::Statement::CreateTable(table) = statement.as_ref() else {
            panic!("create table");
        };
        let clause = last_table
            .clause_at(table.columns[0].name.span.start)
            .expect("clause");
        assert_eq!(&text[clause], format!("é{} text DEFAULT ';'", count - 1));
    }

    #[test]
    fn replaying_skips_what_cannot_change_the_schema() {
        let text = "INSERT INTO t VALUES (1);\nCREATE TABLE u (a int);\nBEGIN;\nSELECT 1;\nCOMMIT;";
        let found =
            statements_to_replay(text, None, &PostgreSqlDialect {}, Wrap::None).expect("tokenizes");
        let kinds: Vec<bool> = found
            .iter()
            .map(|s| matches!(s.kind, StatementKind::NotParsed))
            .collect();
        assert_eq!(kinds, [true, false, false, true, false]);
        assert!(found[3].in_transaction());
    }

    #[test]
    fn transaction_state_follows_begin_and_commit() {
        let text = "CREATE TABLE a (x int);\nBEGIN;\nCREATE TABLE b (x int);\nCOMMIT;\nCREATE TABLE c (x int);";
        let inside: Vec<bool> = parse(text).iter().map(|s| s.in_transaction()).collect();
        assert_eq!(inside, [false, false, true, true, false]);
        let wrapped = statements(
            "CREATE TABLE a (x int);",
            None,
            &PostgreSqlDialect {},
            Wrap::File,
        )
        .expect("tokenizes");
        assert!(wrapped[0].in_transaction());
        let batch = |text| -> Vec<bool> {
            statements(text, None, &PostgreSqlDialect {}, Wrap::Batch)
                .expect("tokenizes")
                .iter()
                .map(|s| s.in_transaction())
                .collect()
        };
        assert_eq!(batch("CREATE INDEX CONCURRENTLY i ON t (a);"), [false]);
        assert_eq!(batch("SELECT 1;\nSELECT 2;"), [true, true]);
        // A DO block is one statement of the batch, even one with no SQL in it.
        assert_eq!(
            batch("DO $$ BEGIN RAISE NOTICE 'hi'; END $$;\nCREATE INDEX CONCURRENTLY i ON t (a);"),
            [true, true]
        );
        assert_eq!(
            batch("DO $$ BEGIN CREATE TABLE a (x int); CREATE TABLE b (x int); END $$;"),
            [true, true]
        );
    }

    #[test]
    fn each_do_block_outside_a_transaction_runs_in_its_own() {
        let text = "DO $$ BEGIN CREATE TABLE a (x int); CREATE TABLE b (x int); END $$;\n\
                    DO $$ BEGIN CREATE TABLE c (x int); COMMIT; END $$;\n\
                    CREATE TABLE d (x int);\nBEGIN;\n\
                    DO $$ BEGIN CREATE TABLE e (x int); END $$;\nCREATE TABLE f (x int);\nCOMMIT;";
        let numbers: Vec<(bool, u32)> = parse(text)
            .iter()
            .map(|s| (s.in_transaction(), s.transaction))
            .collect();
        assert_eq!(
            numbers,
            [
                (true, 1),
                (true, 1),
                (true, 2),
                // A COMMIT inside a block is the block's own business.
                (false, 0),
                (false, 0),
                (true, 3),
                (true, 3),
                (true, 3)
            ]
        );
    }

    #[test]
    fn the_control_flow_of_a_do_body_is_not_sql() {
        let text = "DO $$\n<<outer>>\nDECLARE x int;\nBEGIN\n  \
                    CASE x WHEN 1 THEN CREATE TABLE a (x int); WHEN 2 THEN CREATE TABLE b (x int); END CASE;\n  \
                    IF CASE WHEN x > 0 THEN true ELSE false END THEN CREATE TABLE c (x int); END IF;\n  \
                    BEGIN\n    DECLARE y int;\n  BEGIN\n    y := 2; outer.x := 1; \
                    CREATE TABLE d (x int);\n  END;\n  END;\n  \
                    EXECUTE $q$CREATE TABLE e (x int)$q$;\nEND $$;";
        let found = parse(text);
        assert_eq!(
            texts(text, &found),
            [
                "CREATE TABLE a (x int)",
                "CREATE TABLE b (x int)",
                "CREATE TABLE c (x int)",
                "CREATE TABLE d (x int)",
                "CREATE TABLE e (x int)",
            ]
        );
        assert!(
            found
                .iter()
                .all(|s| matches!(s.kind, StatementKind::Parsed(_)))
        );
    }

    #[test]
    fn statements_the_parser_lacks_are_recognised() {
        let text = "CLUSTER VERBOSE orders USING orders_pkey;\nALTER TABLE IF EXISTS s.orders SET SCHEMA archive;\n\
                    ALTER SEQUENCE order_seq RENAME TO order_id_seq;";
        let found = parse(text);
        assert_eq!(
            found[0].kind_recognized(),
            Some(&Recognized::Cluster {
                table: Some("orders".into())
            })
        );
        assert_eq!(
            found[1].kind_recognized(),
            Some(&Recognized::SetSchema {
                object: "TABLE".into(),
                name: "s.orders".into(),
                schema: "archive".into()
            })
        );
        assert_eq!(
            found[2].kind_recognized(),
            Some(&Recognized::Rename {
                object: "SEQUENCE".into(),
                name: "order_seq".into(),
                to: "order_id_seq".into()
            })
        );
        assert_eq!(
            found[1].fingerprint(text),
            "ALTER TABLE IF EXISTS s . orders SET SCHEMA archive"
        );
        let sequence = parse("ALTER SEQUENCE order_seq OWNED BY orders.id;");
        assert_eq!(
            sequence[0].kind_recognized(),
            Some(&Recognized::AlterSequence)
        );
    }

    #[test]
    fn a_range_limits_the_script_and_keeps_file_offsets() {
        let text = "-- migrate:up\nDROP TABLE a;\n-- migrate:down\nCREATE TABLE a (x int);\n";
        let start = text.find("DROP").expect("drop");
        let end = text.find("-- migrate:down").expect("down");
        let found = statements(text, Some(start..end), &PostgreSqlDialect {}, Wrap::None)
            .expect("tokenizes");
        assert_eq!(texts(text, &found), ["DROP TABLE a"]);
    }

    #[test]
    fn nesting_past_the_limit_is_marked_where_it_passes_the_limit() {
        let deep = format!(
            "SELECT 1;\nSELECT {}1{};",
            "(".repeat(MAX_NESTING * 4),
            ")".repeat(MAX_NESTING * 4)
        );
        let found = parse(&deep);
        let StatementKind::TooDeep { at } = found[1].kind else {
            panic!("too deep: {:?}", found[1].kind);
        };
        assert_eq!(at, deep.find('(').expect("paren") + MAX_NESTING);
        let shallow = format!("SELECT {}1{};", "(".repeat(10), ")".repeat(10));
        assert!(matches!(parse(&shallow)[0].kind, StatementKind::Parsed(_)));
    }

    #[test]
    fn an_unterminated_string_is_a_script_error_at_its_offset() {
        let text = "SELECT 1;\n\tSELECT 'é";
        let error = statements(text, None, &PostgreSqlDialect {}, Wrap::None).expect_err("error");
        assert!(error.offset <= text.len());
        assert!(text.is_char_boundary(error.offset));
    }
}
