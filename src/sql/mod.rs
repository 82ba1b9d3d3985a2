//! SQL migrations: order the files of a migration directory, replay the old history into a
//! schema model, and check each statement the release adds against what already exists.
//!
//! - `parse`: a script to statements with byte spans and transaction state, in phases: split
//!   (tokens, chunks, `DO` bodies), recognise (sqlparser, and squawk for the PostgreSQL it
//!   rejects), locate (byte offsets inside a statement).
//! - `placeholders`: what a tool fills in before it runs a script (`${schema}`), filled in
//!   before parsing; the analysis reports in the filled-in text and the engine moves every span
//!   back onto the original (`core::Rewrite`, `Output::record_rewrite`).
//! - `statements`: the statement engine: the schema model a history builds, the statement
//!   rules' context, and the runner that checks a script statement by statement.
//! - `layout`: which files are migrations, in which order, and which file undoes which, per
//!   tool, and how the tools that keep both directions (dbmate, goose, sql-migrate) or several
//!   migrations (Liquibase) in one file cut it; `scripts` reads, cuts and parses them.
//! - `migrations`: the pipeline of a migration directory; `schema_file` the one of a file that
//!   holds the whole schema; `release` checks a script the release adds for both.
//! - `rules`: one file per rule.
//!
//! # The parsers, and how they share the work
//!
//! sqlparser alone fails on valid PostgreSQL in real histories: measured with each crate alone, statements
//! rejected in lemmy (up and down), harbor, supabase/auth (placeholders filled in) and documenso
//! (prisma):
//!
//! | | sqlparser 0.64.0 | squawk-syntax 2.68.0 | pg_query 18.1.0 |
//! | --- | --- | --- | --- |
//! | statements rejected (lemmy / harbor / auth / documenso) | 102 / 32 / 37 / 1 | 0 / 0 / 3 / 0 | 0 / 0 / 3 / 0 |
//! | byte spans | line and column; none on types | start..end on every node and token | a start on most nodes, rarely an end |
//! | 6.6 MB of `INSERT`s, time and peak | 0.71 s, 270 MiB | 0.58 s, 173 MiB | 1.37 s, 1.0 GiB |
//! | 67.7 MB of `INSERT`s, time and peak | 7.7 s, 2.6 GiB | 6.4 s, 1.7 GiB | 23.3 s, 10.2 GiB |
//! | clean release build of the crate alone (2 cores) | 116-127 s | 34-40 s | 149-166 s, plus a C compiler and libclang |
//! | crates it brings | 2 | 19 | 65 |
//! | stripped binary of a probe | 8.0 MiB | 1.9 MiB | 3.4 MiB |
//! | minimum Rust | none declared | 1.94 | none declared |
//! | MySQL, SQLite | yes | no | no |
//!
//! The failures of sqlparser are all valid PostgreSQL: `DO` blocks, PostgreSQL 18's `CONSTRAINT x
//! NOT NULL col`, `ALTER CONSTRAINT ... DEFERRABLE`, `ALTER SEQUENCE ... AS`, `REINDEX`,
//! `CREATE`/`DROP STATISTICS`, `COST` in `CREATE FUNCTION`, `COMMENT ON FUNCTION f()`. The 3 in
//! auth for the PostgreSQL parsers hold a marker the measurement left unfilled
//! (`{{index .Options ...}}`, without a space).
//!
//! **Decision: both, each where it is strong.** sqlparser stays the parser of every dialect:
//! its tree is what the replay and the ~40 statement rules read, it reads MySQL and SQLite
//! (neither PostgreSQL parser does), and of the PostgreSQL of real histories it rejects only the
//! forms above. squawk-syntax (pinned at 2.68.0 with squawk-parser,
//! squawk-lexer and squawk-line-index) reads the PostgreSQL statements sqlparser rejects
//! (`parse::postgres`): each becomes an operation of compat's own (`parse::Recognized`:
//! statistics, a constraint's deferrability, a function by name, `DROP INDEX CONCURRENTLY`,
//! `REINDEX`, `CLUSTER`, objects renamed or moved), or is lowered to what sqlparser reads plus
//! what the cut elements did (PostgreSQL 18's `CONSTRAINT x NOT NULL col` is the column's
//! `NOT NULL`; `ADD CONSTRAINT x NOT NULL col` is `ALTER COLUMN col SET NOT NULL`). With it,
//! the whole histories of lemmy, harbor, supabase/auth (placeholders filled in), documenso and
//! kestra's PostgreSQL folder replay from empty with no statement unread. pg_query was not
//! taken: it needs libclang on every build machine, and turning its tree into Rust values
//! costs it 3x the time and 6x the memory on a data migration.
//!
//! The costs: the minimum Rust moves from 1.85 to 1.94 (squawk declares it); squawk adds 34-40 s
//! to a clean release build on 2 cores, measured alone (in parallel with the rest, less); squawk
//! accepts some SQL PostgreSQL rejects (`DROP TABLE;`, `varchar(1,2,3)`), which matters little
//! to a checker of migrations that ran; its PL/pgSQL parser misreads `INTO` targets, so `DO`
//! bodies stay with `parse::do_block`. Statements are cut by compat's own splitter and handed to
//! squawk one by one, since its recovery splits broken input into fragments.
//!
//! Making squawk the only PostgreSQL parser would mean porting the replay and every rule from
//! sqlparser's tree to compat's operations, for the few statements sqlparser rejects; the
//! operations grow instead, one form at a time, where real histories show one. What neither
//! parser reads keeps the object its first words create or drop (`parse::opaque`).
//!
//! Data statements are split but not parsed (`parse::StatementKind::NotParsed`), and a long
//! script is tokenized and parsed chunk by chunk, so a migration of 1.5 million `INSERT`s
//! (54 MB) costs its split: `compat diff` on it takes 2.7 s and 750 MiB at peak (it took 24.9 s
//! and 19 GiB when every statement was parsed and every token held), where squawk takes 16.0 s
//! on the same file (`SQUAWK=/path/to/squawk BENCH_CASES=data ./bench sql` times both).

pub mod layout;
mod migrations;
pub mod parse;
pub mod placeholders;
mod release;
pub mod rules;
mod schema_file;
pub mod script_config;
pub mod scripts;
pub mod statements;

use crate::analyzer::{Analyzer, Input, Output};
use crate::input::config::{Kind, Layout};
use crate::input::discover::{ArtifactSet, HEAD_BYTES, SetOptions};
use layout::{detect_layout, layout_in_text, natural_cmp};
use statements::Settings;

/// The SQL analyzer.
pub struct SqlAnalyzer;

impl Analyzer for SqlAnalyzer {
    fn kind(&self) -> Kind {
        Kind::Sql
    }

    fn analyze(&self, set: &ArtifactSet, input: &Input<'_>, out: &mut Output<'_>) {
        let SetOptions::Sql(options) = &set.options else {
            return;
        };
        let layout = options
            .layout
            .unwrap_or_else(|| detect(&options.path, set, input));
        let settings = Settings::new(options, layout);
        out.read_as = Some(format!("{}, {}", layout.as_str(), options.dialect.as_str()));
        if layout == Layout::SchemaFile {
            schema_file::analyze(&settings, set, input, out);
        } else {
            migrations::analyze(&settings, options, set, input, out);
        }
    }
}

/// The layout of a migration directory: from its file names, else from the markers in its
/// first file (goose, sql-migrate, dbmate and Liquibase name files freely). Only the start of
/// one file is read: every file of those layouts carries its markers at the top.
fn detect(root: &str, set: &ArtifactSet, input: &Input<'_>) -> Layout {
    let by_name = detect_layout(root, &set.files);
    if by_name != Layout::Plain {
        return by_name;
    }
    let first = set
        .files
        .iter()
        .filter(|p| p.ends_with(".sql"))
        .min_by(|a, b| natural_cmp(a, b));
    let head = first.and_then(|path| {
        let tree = if input.new.contains(path) {
            input.new
        } else {
            input.old
        };
        tree.read_prefix(path, HEAD_BYTES).ok()
    });
    head.and_then(|bytes| layout_in_text(&String::from_utf8_lossy(&bytes)))
        .unwrap_or(Layout::Plain)
}
