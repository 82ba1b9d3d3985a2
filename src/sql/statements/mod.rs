//! The statement engine: replays statements into a schema model ([`model`], [`replay`]) and runs
//! statement rules on each statement of a script, with the schema as it stands just before it
//! ([`context`]) and what the earlier statements of the script left in effect ([`state`]).
//! Which scripts, in which order, is the pipelines' business (`migrations`, `schema_file`).

pub mod context;
pub mod differences;
pub mod model;
pub mod normal;
pub mod replay;
pub mod state;
pub mod version;

use std::sync::Arc;

use crate::core::{FileId, Finding, RuleId, Span};
use crate::input::config::{Dialect, Layout, SqlSet};
use crate::sql::parse::Statement;
use crate::sql::placeholders::Placeholders;
use context::{Check, Context};
use model::Schema;
use replay::{Provenance, apply};
use state::ScriptState;
use version::ServerVersion;

/// A set's options resolved: what every step needs to know about the database and the tool.
#[derive(Debug, Clone)]
pub struct Settings {
    pub dialect: Dialect,
    pub version: ServerVersion,
    pub layout: Layout,
    /// The configured transaction handling; the layout's default when `None`.
    pub transaction_per_file: Option<bool>,
    /// The tool or the migration role sets a lock_timeout for every migration session.
    pub lock_timeout: bool,
    pub placeholders: Placeholders,
}

impl Settings {
    pub fn new(options: &SqlSet, layout: Layout) -> Self {
        Settings {
            dialect: options.dialect,
            version: ServerVersion::resolve(options.version.as_deref(), options.dialect),
            layout,
            transaction_per_file: options.transaction_per_file,
            lock_timeout: options
                .lock_timeout
                .as_deref()
                .is_some_and(|value| !state::is_zero(value)),
            placeholders: Placeholders::new(&options.placeholders),
        }
    }
}

/// The statements of one script.
pub struct ParsedScript {
    pub file: FileId,
    pub text: Arc<str>,
    pub statements: Vec<Statement>,
}

/// Runs `rules` on each statement of a script, then applies it to `schema` as the release's.
pub fn check_statements(
    settings: &Settings,
    base: &Schema,
    schema: &mut Schema,
    parsed: &ParsedScript,
    rules: &[(RuleId, Check)],
    findings: &mut Vec<Finding>,
) {
    let place = Provenance {
        file: parsed.file,
        in_release: true,
    };
    let mut state = ScriptState::new(settings.lock_timeout);
    for (index, statement) in parsed.statements.iter().enumerate() {
        state.before(statement.transaction);
        let cx = Context {
            schema,
            base,
            statement,
            span: Span::new(parsed.file, statement.span.clone()),
            dialect: settings.dialect,
            version: settings.version,
            state: &state,
            rest: &parsed.statements[index + 1..],
            altered: Context::altered_key(statement),
        };
        for (_, check) in rules {
            check(&cx, findings);
        }
        let effects = state::effects(&cx);
        let line = || parsed.text[..statement.span.start].matches('\n').count() + 1;
        state.record(effects, cx.span, line, statement.in_transaction());
        apply(schema, statement, place);
    }
}
