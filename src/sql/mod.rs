//! SQL migrations: order the files of a migration directory, replay the old history into a
//! schema model, and check each statement the release adds against what already exists.
//!
//! - `parse` (and `chunk`): a script to statements with byte spans and transaction state.
//! - `placeholders`: what a tool fills in before it runs a script (`${schema}`), filled in
//!   before parsing; the analysis reports in the filled-in text and the engine moves every span
//!   back onto the original (`core::Rewrite`, `Output::rewritten`).
//! - `statements`: the statement engine: the schema model a history builds, the statement
//!   rules' context, and the runner that checks a script statement by statement.
//! - `layout`: which files are migrations, in which order, and which file undoes which, per
//!   tool; `scripts` reads and parses them.
//! - `migrations`: the pipeline of a migration directory; `schema_file` the one of a file that
//!   holds the whole schema; `release` checks a script the release adds for both.
//! - `rules`: one file per rule.

pub mod chunk;
mod do_block;
pub mod layout;
mod migrations;
pub mod opaque;
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
use crate::input::discover::{ArtifactSet, SetOptions};
use layout::detect_layout;
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
            .unwrap_or_else(|| detect_layout(&options.path, &set.files));
        let settings = Settings::new(options, layout);
        if layout == Layout::SchemaFile {
            schema_file::analyze(&settings, set, input, out);
        } else {
            migrations::analyze(&settings, options, set, input, out);
        }
    }
}
