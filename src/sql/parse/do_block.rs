//! The SQL inside a PostgreSQL `DO` block, so that it is replayed and checked like the
//! statements around it.
//!
//! No Rust crate parses PL/pgSQL, and the parser sees a `DO` body as one string. The body's
//! statements are SQL wrapped in a little control flow, so this is a skim at the token level
//! rather than a PL/pgSQL parser: the body is tokenized in place (spans stay offsets in the file),
//! cut at `;`, and each piece loses the control flow that leads it (`DECLARE ...`, `BEGIN`,
//! `IF ... THEN`, `ELSIF ... THEN`, `ELSE`, `LOOP`, `FOR ... LOOP`, `EXCEPTION WHEN ... THEN`,
//! `<<label>>`). What is left is SQL, handed to the parser as a statement of its own; the
//! statements of PL/pgSQL alone (`END IF`, `RAISE`, `PERFORM`, `RETURN`, assignments, ...) are
//! not SQL and are dropped. `EXECUTE 'sql'` with a plain literal is read as the statement in
//! the quotes; any other `EXECUTE` runs a string built at run time and is kept as
//! [`Inner::Dynamic`] so that a rule can say it was not checked.
//!
//! Statements under an `IF` are taken as run: the usual guard asks whether the change was made
//! already, and a replay that skipped them would lose the objects they create.

use std::ops::Range;

use sqlparser::dialect::Dialect as SqlDialect;
use sqlparser::tokenizer::{Token, TokenWithSpan};

use super::{Mark, StatementTokens, is_code, mark, tokenize};

/// A statement of a `DO` body.
pub enum Inner {
    /// SQL, to parse as a statement.
    Sql(StatementTokens),
    /// `EXECUTE ...`: SQL built at run time.
    Dynamic(StatementTokens),
}

/// The statements of `piece` when it is a `DO` block in PL/pgSQL whose body tokenizes, else
/// `None` (the block stays one statement for the parser to refuse).
pub fn expand(text: &str, piece: &StatementTokens, dialect: &dyn SqlDialect) -> Option<Vec<Inner>> {
    let (tokens, marks) = piece;
    if !is(tokens.first()?, "DO") {
        return None;
    }
    let body_at = tokens
        .iter()
        .position(|t| matches!(t.token, Token::DollarQuotedString(_)))?;
    let language = tokens
        .iter()
        .position(|t| is(t, "LANGUAGE"))
        .and_then(|at| tokens.get(at + 1));
    if language.is_some_and(|l| !is(l, "PLPGSQL")) {
        return None;
    }
    let Token::DollarQuotedString(body) = &tokens[body_at].token else {
        return None;
    };
    let open = 2 + body.tag.as_ref().map_or(0, String::len);
    let start = marks[body_at].start + open;
    let end = start + body.value.len();
    let code = code_tokens(text, start..end, dialect)?;
    let mut inner = Vec::new();
    let mut declaring = false;
    for statement in code.split(|(t, _)| t.token == Token::SemiColon) {
        let mut rest = statement;
        if declaring {
            // Declarations run up to the `BEGIN` that opens the block.
            match rest.iter().position(|(t, _)| is(t, "BEGIN")) {
                Some(begin) => {
                    rest = &rest[begin..];
                    declaring = false;
                }
                None => continue,
            }
        }
        let mut rest = strip_control(rest);
        if starts_with(rest, "DECLARE") {
            match rest.iter().position(|(t, _)| is(t, "BEGIN")) {
                Some(begin) => rest = strip_control(&rest[begin..]),
                None => {
                    declaring = true;
                    continue;
                }
            }
        }
        if rest.is_empty() || is_plpgsql_only(rest) {
            continue;
        }
        let piece: StatementTokens = without_into(rest).into_iter().unzip();
        if !starts_with(rest, "EXECUTE") {
            inner.push(Inner::Sql(piece));
        } else if let Some(literal) = literal_sql(text, rest, dialect) {
            inner.push(Inner::Sql(literal));
        } else {
            inner.push(Inner::Dynamic(piece));
        }
    }
    Some(inner)
}

/// The statement of `EXECUTE 'literal'` (or `$q$literal$q$`), tokenized inside the quotes, when
/// the literal is the whole argument and holds no escaped quote (so its text is the file's,
/// offset for offset).
fn literal_sql(
    text: &str,
    statement: &[(TokenWithSpan, Mark)],
    dialect: &dyn SqlDialect,
) -> Option<StatementTokens> {
    let [_, (literal, at)] = statement else {
        return None;
    };
    let (sql, open, close) = match &literal.token {
        Token::SingleQuotedString(sql) => (sql, 1, "'"),
        Token::DollarQuotedString(quoted) => (
            &quoted.value,
            2 + quoted.tag.as_ref().map_or(0, String::len),
            "$",
        ),
        _ => return None,
    };
    let start = at.start + open;
    let end = start + sql.len();
    // A single-quoted literal with a doubled quote is not the file's text offset for offset.
    if text.get(start..end) != Some(sql.as_str()) || !text[end..].starts_with(close) {
        return None;
    }
    let mut code = code_tokens(text, start..end, dialect)?;
    if code
        .last()
        .is_some_and(|(t, _)| t.token == Token::SemiColon)
    {
        code.pop();
    }
    // More than one statement in the string: left to a person, like any built SQL.
    if code.is_empty() || code.iter().any(|(t, _)| t.token == Token::SemiColon) {
        return None;
    }
    Some(code.into_iter().unzip())
}

/// The code tokens of `text[range]`, each with its mark (offsets in `text`).
fn code_tokens(
    text: &str,
    range: Range<usize>,
    dialect: &dyn SqlDialect,
) -> Option<Vec<(TokenWithSpan, Mark)>> {
    let end = range.end;
    let (tokens, offsets) = tokenize(text.get(range.clone())?, range.start, dialect).ok()?;
    let code = tokens
        .into_iter()
        .enumerate()
        .filter(|(_, t)| is_code(&t.token))
        .map(|(index, t)| {
            let m = mark(&t, &offsets, index, end);
            (t, m)
        })
        .collect();
    Some(code)
}

/// A query without PL/pgSQL's `INTO [STRICT] target[, ...]`, which stores a row into variables
/// (`SELECT count(*) INTO n FROM t`, `INSERT ... RETURNING id INTO new_id`): in plain SQL a
/// `SELECT INTO` would create a table. The `INTO` of `INSERT INTO` and `MERGE INTO` stays.
fn without_into(statement: &[(TokenWithSpan, Mark)]) -> Vec<(TokenWithSpan, Mark)> {
    let query = ["SELECT", "INSERT", "UPDATE", "DELETE", "WITH"]
        .iter()
        .any(|w| starts_with(statement, w));
    let mut kept = Vec::with_capacity(statement.len());
    let mut depth = 0usize;
    let mut at = 0;
    while at < statement.len() {
        let (token, _) = &statement[at];
        match token.token {
            Token::LParen => depth += 1,
            Token::RParen => depth = depth.saturating_sub(1),
            _ => {}
        }
        let after_insert = at > 0
            && ["INSERT", "MERGE"]
                .iter()
                .any(|w| is(&statement[at - 1].0, w));
        if query && depth == 0 && is(token, "INTO") && !after_insert {
            let right_after_select = at > 0 && is(&statement[at - 1].0, "SELECT");
            at = past_targets(statement, at + 1, !right_after_select);
            continue;
        }
        kept.push(statement[at].clone());
        at += 1;
    }
    kept
}

/// Past `[STRICT] name[.name...]`, and further `, name` when `list` (a target list that ends the
/// select list, not one between `SELECT` and its columns).
fn past_targets(statement: &[(TokenWithSpan, Mark)], mut at: usize, list: bool) -> usize {
    let name =
        |at: usize| matches!(statement.get(at), Some((t, _)) if matches!(t.token, Token::Word(_)));
    if statement.get(at).is_some_and(|(t, _)| is(t, "STRICT")) {
        at += 1;
    }
    loop {
        if !name(at) {
            return at;
        }
        at += 1;
        while statement
            .get(at)
            .is_some_and(|(t, _)| t.token == Token::Period)
            && name(at + 1)
        {
            at += 2;
        }
        let more = list
            && statement
                .get(at)
                .is_some_and(|(t, _)| t.token == Token::Comma)
            && name(at + 1);
        if !more {
            return at;
        }
        at += 1;
    }
}

/// `statement` without the control flow that leads it.
fn strip_control(mut statement: &[(TokenWithSpan, Mark)]) -> &[(TokenWithSpan, Mark)] {
    loop {
        let Some((first, _)) = statement.first() else {
            return statement;
        };
        let past = match word(first).as_deref() {
            Some("BEGIN" | "ELSE" | "LOOP" | "EXCEPTION") => 1,
            Some("IF" | "ELSIF" | "ELSEIF" | "WHEN") => match past_word(statement, "THEN") {
                Some(past) => past,
                None => return statement,
            },
            Some("FOR" | "WHILE" | "FOREACH") => match past_word(statement, "LOOP") {
                Some(past) => past,
                None => return statement,
            },
            // `CASE [x] WHEN ...`: on to its first `WHEN`, stripped on the next turn.
            Some("CASE") => match past_word(&statement[1..], "WHEN") {
                Some(past) => past,
                None => return statement,
            },
            _ if first.token == Token::ShiftLeft => {
                // `<<label>>`
                match statement
                    .iter()
                    .position(|(t, _)| t.token == Token::ShiftRight)
                {
                    Some(close) => close + 1,
                    None => return statement,
                }
            }
            _ => return statement,
        };
        statement = &statement[past..];
    }
}

/// Just past the first `word` outside parentheses and `CASE ... END` expressions.
fn past_word(statement: &[(TokenWithSpan, Mark)], wanted: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (index, (token, _)) in statement.iter().enumerate() {
        match token.token {
            Token::LParen => depth += 1,
            Token::RParen => depth = depth.saturating_sub(1),
            _ if depth == 0 && is(token, wanted) => return Some(index + 1),
            _ if is(token, "CASE") => depth += 1,
            _ if is(token, "END") => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// Statements of PL/pgSQL that are not SQL and change no schema: block ends, messages,
/// assignments, cursor and loop control.
fn is_plpgsql_only(statement: &[(TokenWithSpan, Mark)]) -> bool {
    let first = &statement[0].0;
    if let Some((second, _)) = statement.get(1)
        && second.token == Token::Eq
        && matches!(first.token, Token::Word(_))
    {
        return true;
    }
    // `x := ...`, `r.a := ...`, `a[1] := ...`; SQL has `:=` only inside a call's parentheses.
    let mut depth = 0usize;
    for (token, _) in statement {
        match token.token {
            Token::LParen | Token::LBracket => depth += 1,
            Token::RParen | Token::RBracket => depth = depth.saturating_sub(1),
            Token::Assignment if depth == 0 => return true,
            _ => {}
        }
    }
    matches!(
        word(first).as_deref(),
        Some(
            "END"
                | "RAISE"
                | "PERFORM"
                | "RETURN"
                | "NULL"
                | "GET"
                | "OPEN"
                | "FETCH"
                | "CLOSE"
                | "CONTINUE"
                | "EXIT"
                | "ASSERT"
                // Transaction control in a block commits the block's own work so far: it
                // changes no schema.
                | "COMMIT"
                | "ROLLBACK"
        )
    )
}

fn starts_with(statement: &[(TokenWithSpan, Mark)], wanted: &str) -> bool {
    statement.first().is_some_and(|(t, _)| is(t, wanted))
}

/// An unquoted word, upper-cased.
fn word(token: &TokenWithSpan) -> Option<String> {
    match &token.token {
        Token::Word(word) if word.quote_style.is_none() => Some(word.value.to_ascii_uppercase()),
        _ => None,
    }
}

/// Whether a token is the unquoted word `wanted` (upper case), or `'wanted'` for a language name.
fn is(token: &TokenWithSpan, wanted: &str) -> bool {
    match &token.token {
        Token::Word(word) if word.quote_style.is_none() => word.value.eq_ignore_ascii_case(wanted),
        Token::SingleQuotedString(s) => s.eq_ignore_ascii_case(wanted),
        _ => false,
    }
}
