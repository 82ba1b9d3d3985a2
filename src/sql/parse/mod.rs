//! A script to statements with exact byte spans, in three phases:
//!
//! - `split`: tokenize once (long scripts chunk by chunk) and split on `;` at the token level,
//!   so semicolons in strings, comments and dollar-quoted bodies do not split; `DO` blocks are
//!   replaced by the statements of their bodies.
//! - `recognize`: parse each statement on its own with sqlparser and require the end of input
//!   after it; a PostgreSQL statement sqlparser rejects is read with squawk (`postgres`).
//! - `locate`: byte offsets of tokens and clauses inside a statement, for frames.

pub mod chunk;
mod do_block;
mod locate;
pub mod opaque;
mod postgres;
mod recognize;
mod split;
#[cfg(test)]
mod tests;

use std::ops::Range;

use sqlparser::ast;
use sqlparser::dialect::{Dialect as SqlDialect, MySqlDialect, PostgreSqlDialect, SQLiteDialect};
use sqlparser::tokenizer::TokenWithSpan;

use crate::input::config::Dialect;
use locate::Mark;
use opaque::Touch;
use recognize::name_from;
use split::{StatementBuilder, in_chunks};
use split::{is_code, mark, tokenize};

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
type StatementTokens = (Vec<TokenWithSpan>, Vec<Mark>);

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

/// PostgreSQL statements sqlparser rejects, as squawk read them (`postgres`): the operations the
/// replay and the rules need from them, names as written.
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
    /// `ALTER TABLE t ALTER CONSTRAINT c [NOT] DEFERRABLE ...`: when a constraint is checked,
    /// which neither the schema model nor old code sees.
    AlterConstraint,
    /// `CREATE`, `ALTER` or `DROP STATISTICS`: what the planner gathers, not the schema.
    Statistics,
    /// A statement that defines an object compat keeps by name only (a function whose options
    /// sqlparser lacks, `COST 100` say).
    Object(Touch),
}

/// How the database compares an identifier: unquoted names fold to lower case, quoted names are
/// exact.
pub fn ident_key(ident: &ast::Ident) -> String {
    match ident.quote_style {
        Some(_) => ident.value.clone(),
        None => ident.value.to_lowercase(),
    }
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
