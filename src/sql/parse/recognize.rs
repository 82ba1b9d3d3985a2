//! Parsing one statement: sqlparser first; what it rejects in PostgreSQL is read with squawk.

use std::ops::Range;

use sqlparser::ast;
use sqlparser::dialect::{Dialect as SqlDialect, PostgreSqlDialect};
use sqlparser::keywords::Keyword;
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::{Token, TokenWithSpan};

use super::locate::{Mark, MarkKind};
use super::opaque::touches;
use super::postgres::{self, Lowering, Reading};
use super::{MAX_NESTING, StatementKind, ident_key};

/// Parses one statement's code tokens (`text` is the statement): with sqlparser, and what it
/// rejects in PostgreSQL with squawk (`postgres`).
pub(super) fn parse_one(
    dialect: &dyn SqlDialect,
    stream: Vec<TokenWithSpan>,
    text: &str,
    marks: &[Mark],
) -> StatementKind {
    let (error, tokens) = match parse_tokens(dialect, stream) {
        Ok(statement) => return StatementKind::Parsed(statement),
        Err((ParseFailure::TooDeep, _)) => {
            return StatementKind::TooDeep {
                at: too_deep_at(marks),
            };
        }
        Err((ParseFailure::Rejected(error), tokens)) => (error, tokens),
    };
    if dialect.is::<PostgreSqlDialect>() {
        match postgres::read(text) {
            Reading::Recognized(recognized) => return StatementKind::Recognized(recognized),
            Reading::Lowered(lowering) => {
                let lowered = lower(tokens.clone(), marks, &lowering);
                if let Ok(mut statement) = parse_tokens(dialect, lowered) {
                    restate(&mut statement, &lowering);
                    return StatementKind::Parsed(statement);
                }
            }
            Reading::Unread => {}
        }
    }
    let code: Vec<&Token> = tokens.iter().map(|t| &t.token).collect();
    StatementKind::Unparsed {
        reason: without_location(error.trim_start_matches("sql parser error: ")),
        touches: touches(&code),
    }
}

enum ParseFailure {
    TooDeep,
    Rejected(String),
}

/// One statement from its tokens, which must all be read; on failure, the tokens back.
fn parse_tokens(
    dialect: &dyn SqlDialect,
    tokens: Vec<TokenWithSpan>,
) -> Result<Box<ast::Statement>, (ParseFailure, Vec<TokenWithSpan>)> {
    let mut parser = Parser::new(dialect)
        .with_recursion_limit(MAX_NESTING)
        .with_tokens_with_locations(tokens);
    let failure = match parser.parse_statement() {
        Ok(statement) => match parser.peek_token_ref().token {
            Token::EOF => return Ok(Box::new(statement)),
            ref token => ParseFailure::Rejected(format!(
                "unexpected `{token}` after the end of the statement"
            )),
        },
        Err(ParserError::RecursionLimitExceeded) => ParseFailure::TooDeep,
        Err(e) => ParseFailure::Rejected(e.to_string()),
    };
    Err((failure, parser.into_tokens()))
}

/// The statement's tokens with squawk's lowering applied: elements cut, and each
/// `ADD CONSTRAINT name NOT NULL column` restated as `ALTER COLUMN column SET NOT NULL`, its
/// tokens placed where the action was written so that frames land on it. `marks` are the
/// tokens' places, one per token.
fn lower(tokens: Vec<TokenWithSpan>, marks: &[Mark], lowering: &Lowering) -> Vec<TokenWithSpan> {
    let base = marks.first().map_or(0, |m| m.start);
    let within = |range: &Range<usize>| -> Vec<usize> {
        (0..marks.len().min(tokens.len()))
            .filter(|&i| range.contains(&(marks[i].start - base)))
            .collect()
    };
    let mut keep = vec![true; tokens.len()];
    for range in &lowering.cut {
        let inside = within(range);
        let (Some(&first), Some(&last)) = (inside.first(), inside.last()) else {
            continue;
        };
        inside.iter().for_each(|&i| keep[i] = false);
        if first > 0 && keep[first - 1] && tokens[first - 1].token == Token::Comma {
            keep[first - 1] = false;
        } else if tokens
            .get(last + 1)
            .is_some_and(|t| t.token == Token::Comma)
        {
            keep[last + 1] = false;
        }
    }
    let mut restated: Vec<(usize, Vec<TokenWithSpan>)> = Vec::new();
    for (action, column) in &lowering.set_not_null {
        let inside = within(action);
        let (Some(&first), Some(&name)) = (inside.first(), within(column).first()) else {
            continue;
        };
        inside.iter().for_each(|&i| keep[i] = false);
        let at = tokens[first].span;
        let keyword = |word: &str| TokenWithSpan::new(Token::make_keyword(word), at);
        restated.push((
            first,
            vec![
                keyword("ALTER"),
                keyword("COLUMN"),
                tokens[name].clone(),
                keyword("SET"),
                keyword("NOT"),
                keyword("NULL"),
            ],
        ));
    }
    let mut lowered = Vec::with_capacity(tokens.len());
    for (index, token) in tokens.into_iter().enumerate() {
        if let Some((_, replacement)) = restated.iter_mut().find(|(at, _)| *at == index) {
            lowered.append(replacement);
        }
        if keep[index] {
            lowered.push(token);
        }
    }
    lowered
}

/// What the cut elements did, restated on the parsed statement.
fn restate(statement: &mut ast::Statement, lowering: &Lowering) {
    let ast::Statement::CreateTable(create) = statement else {
        return;
    };
    for written in &lowering.not_null {
        let key = written_key(written);
        if let Some(column) = create
            .columns
            .iter_mut()
            .find(|c| ident_key(&c.name) == key)
        {
            column.options.push(ast::ColumnOptionDef {
                name: None,
                option: ast::ColumnOption::NotNull,
            });
        }
    }
}

fn written_key(written: &str) -> String {
    match written.strip_prefix('"').and_then(|w| w.strip_suffix('"')) {
        Some(quoted) => quoted.replace("\"\"", "\""),
        None => written.to_lowercase(),
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
