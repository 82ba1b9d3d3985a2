//! A script to statements with exact byte spans: tokenize once, split on `;` at the token level
//! (so semicolons in strings, comments and dollar-quoted bodies do not split), parse each
//! statement on its own and require the end of input after it.

use std::ops::Range;

use sqlparser::ast;
use sqlparser::dialect::{Dialect as SqlDialect, MySqlDialect, PostgreSqlDialect, SQLiteDialect};
use sqlparser::keywords::Keyword;
use sqlparser::parser::Parser;
use sqlparser::tokenizer::{Location, Token, TokenWithSpan, Tokenizer};

use crate::input::config::Dialect;

/// One statement of a script.
#[derive(Debug)]
pub struct Statement {
    /// Byte range in the file, from the first token to the last one before the `;`.
    pub span: Range<usize>,
    pub kind: StatementKind,
    /// Whether the statement runs inside a transaction (explicit, or the tool's per-file one).
    pub in_transaction: bool,
    /// The statement's tokens, with the byte offset each starts at, for spans inside it.
    tokens: Vec<(TokenWithSpan, usize)>,
}

#[derive(Debug)]
pub enum StatementKind {
    Parsed(Box<ast::Statement>),
    /// Not understood by the parser, but recognised from its tokens.
    Recognized(Recognized),
    /// Neither parsed nor recognised; the parser's message says why.
    Unparsed(String),
}

/// Statements the parser rejects that rules need to know about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recognized {
    /// `DROP INDEX CONCURRENTLY [IF EXISTS] name [, ...]`
    DropIndexConcurrently { names: Vec<String> },
    /// `REINDEX [(options)] {INDEX|TABLE|SCHEMA|DATABASE|SYSTEM} [CONCURRENTLY] name`
    Reindex { concurrently: bool },
}

/// A script that could not even be tokenized (an unterminated string or comment).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptError {
    pub message: String,
    pub offset: usize,
}

pub fn sql_dialect(dialect: Dialect) -> Box<dyn SqlDialect> {
    match dialect {
        Dialect::Postgres => Box::new(PostgreSqlDialect {}),
        Dialect::Mysql => Box::new(MySqlDialect {}),
        Dialect::Sqlite => Box::new(SQLiteDialect {}),
    }
}

/// Splits and parses `text[range]` (the whole text when `range` is `None`). Spans are offsets in
/// `text`. `transaction_per_file` is the state each script starts in.
pub fn statements(
    text: &str,
    range: Option<Range<usize>>,
    dialect: &dyn SqlDialect,
    transaction_per_file: bool,
) -> Result<Vec<Statement>, ScriptError> {
    let range = range
        .filter(|r| r.start <= r.end && text.get(r.clone()).is_some())
        .unwrap_or(0..text.len());
    let script = &text[range.clone()];
    let tokens = Tokenizer::new(dialect, script)
        .tokenize_with_location()
        .map_err(|e| {
            let offset = Locator::new(script).offset(e.location).unwrap_or(0);
            ScriptError {
                message: e.message,
                offset: range.start + offset,
            }
        })?;
    let mut locator = Locator::new(script);
    let mut located = Vec::with_capacity(tokens.len());
    for token in tokens {
        let offset = range.start + locator.offset(token.span.start).unwrap_or(script.len());
        located.push((token, offset));
    }
    let end = range.end;
    let mut statements = Vec::new();
    let mut in_transaction = transaction_per_file;
    for piece in located.split(|(token, _)| *token == Token::SemiColon) {
        let Some(first) = piece.iter().position(|(t, _)| is_code(&t.token)) else {
            continue;
        };
        let last = piece
            .iter()
            .rposition(|(t, _)| is_code(&t.token))
            .unwrap_or(first);
        let tokens = piece[first..=last].to_vec();
        let start = tokens[0].1;
        let stop = piece.get(last + 1).map_or_else(
            || next_offset(&located, &piece[last], end),
            |(_, offset)| *offset,
        );
        let kind = parse_one(dialect, &tokens);
        let running = in_transaction;
        in_transaction = transaction_after(&kind, in_transaction);
        statements.push(Statement {
            span: start..stop.max(start),
            kind,
            in_transaction: running,
            tokens,
        });
    }
    Ok(statements)
}

/// The offset where the token after `token` starts (the `;` or the end of the script).
fn next_offset(
    all: &[(TokenWithSpan, usize)],
    token: &(TokenWithSpan, usize),
    end: usize,
) -> usize {
    let index = all.partition_point(|(_, offset)| *offset <= token.1);
    all.get(index).map_or(end, |(_, offset)| *offset)
}

fn is_code(token: &Token) -> bool {
    !matches!(token, Token::Whitespace(_) | Token::EOF)
}

fn parse_one(dialect: &dyn SqlDialect, tokens: &[(TokenWithSpan, usize)]) -> StatementKind {
    let stream: Vec<TokenWithSpan> = tokens.iter().map(|(t, _)| t.clone()).collect();
    let mut parser = Parser::new(dialect).with_tokens_with_locations(stream);
    let error = match parser.parse_statement() {
        Ok(statement) => match parser.peek_token_ref().token {
            Token::EOF => return StatementKind::Parsed(Box::new(statement)),
            ref token => format!("unexpected `{token}` after the end of the statement"),
        },
        Err(e) => e.to_string(),
    };
    match recognize(tokens) {
        Some(recognized) => StatementKind::Recognized(recognized),
        None => StatementKind::Unparsed(error.trim_start_matches("sql parser error: ").to_owned()),
    }
}

fn recognize(tokens: &[(TokenWithSpan, usize)]) -> Option<Recognized> {
    let words: Vec<&Token> = tokens
        .iter()
        .map(|(t, _)| &t.token)
        .filter(|t| is_code(t))
        .collect();
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
        _ => None,
    }
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
    /// The byte offset of the token that starts at `location`, if it is in this statement.
    pub fn offset_of(&self, location: Location) -> Option<usize> {
        let index = self
            .tokens
            .binary_search_by(|(t, _)| t.span.start.cmp(&location))
            .ok()?;
        Some(self.tokens[index].1)
    }

    /// The clause starting at the token at `location`: up to the next `,` or unmatched `)` at its
    /// nesting level, or the end of the statement. A column definition, say.
    pub fn clause_at(&self, location: Location) -> Option<Range<usize>> {
        let first = self
            .tokens
            .binary_search_by(|(t, _)| t.span.start.cmp(&location))
            .ok()?;
        let mut depth = 0usize;
        let mut last = first;
        for (index, (token, _)) in self.tokens.iter().enumerate().skip(first) {
            match token.token {
                Token::LParen => depth += 1,
                Token::RParen if depth == 0 => break,
                Token::RParen => depth -= 1,
                Token::Comma if depth == 0 => break,
                _ => {}
            }
            if is_code(&token.token) {
                last = index;
            }
        }
        let start = self.tokens[first].1;
        let end = self
            .tokens
            .get(last + 1)
            .map_or(self.span.end, |(_, offset)| *offset);
        Some(start..end)
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

    fn parse(text: &str) -> Vec<Statement> {
        statements(text, None, &PostgreSqlDialect {}, false).expect("tokenizes")
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
        assert!(matches!(&found[2].kind, StatementKind::Unparsed(m) if m.contains("FROB")));
        assert_eq!(&text[found[2].span.clone()], "FROB t");
        assert!(matches!(&found[3].kind, StatementKind::Unparsed(_)));
    }

    #[test]
    fn transaction_state_follows_begin_and_commit() {
        let text = "CREATE TABLE a (x int);\nBEGIN;\nCREATE TABLE b (x int);\nCOMMIT;\nCREATE TABLE c (x int);";
        let inside: Vec<bool> = parse(text).iter().map(|s| s.in_transaction).collect();
        assert_eq!(inside, [false, false, true, true, false]);
        let wrapped = statements("CREATE TABLE a (x int);", None, &PostgreSqlDialect {}, true)
            .expect("tokenizes");
        assert!(wrapped[0].in_transaction);
    }

    #[test]
    fn a_range_limits_the_script_and_keeps_file_offsets() {
        let text = "-- migrate:up\nDROP TABLE a;\n-- migrate:down\nCREATE TABLE a (x int);\n";
        let start = text.find("DROP").expect("drop");
        let end = text.find("-- migrate:down").expect("down");
        let found =
            statements(text, Some(start..end), &PostgreSqlDialect {}, false).expect("tokenizes");
        assert_eq!(texts(text, &found), ["DROP TABLE a"]);
    }

    #[test]
    fn an_unterminated_string_is_a_script_error_at_its_offset() {
        let text = "SELECT 1;\n\tSELECT 'é";
        let error = statements(text, None, &PostgreSqlDialect {}, false).expect_err("error");
        assert!(error.offset <= text.len());
        assert!(text.is_char_boundary(error.offset));
    }
}
