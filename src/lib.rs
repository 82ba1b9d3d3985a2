//! `compat` compares the old and the new version of the contracts a release changes (SQL
//! migrations, payload schemas, API schemas) and classifies every change by what it does while
//! old and new code run side by side, and after a rollback.
//!
//! # Map of the crate
//!
//! A run goes `input` -> [`engine`] -> one analyzer per kind -> [`report::Report`] -> `render`.
//! The modules, from the ground floor up; each may import only the layers below it, as listed
//! (`tests/it/layers.rs` keeps it so):
//!
//! | module | what | may import |
//! | --- | --- | --- |
//! | [`core`] | the vocabulary: [`core::Class`], [`core::Window`], [`core::Effect`], [`core::RuleId`], [`core::Finding`], [`core::Sources`] (files of both sides, one line index each), [`core::Change`], [`core::InputError`]; no IO | nothing |
//! | `error` | [`Error`]: usage, configuration, git and unreadable input | nothing |
//! | [`catalog`] | the rule pages of `rules/`, read at build time; a rule's class, windows and effect are decided there and nowhere else | `core` |
//! | [`report`] | the findings of a run resolved against the catalog and the configuration | `core`, `catalog` |
//! | [`suppress`] | `compat:allow <rule> reason: ...` comments and keys, shared by every kind, and the `core/` rules about them | `core`, `catalog`, `report` |
//! | [`input`] | trees to compare (a directory, a git revision, the index), `compat.toml`, the discovery of artifacts; [`input::Tree`] knows nothing of git | `core`, `catalog`, `error` |
//! | [`analyzer`] | what every kind implements ([`analyzer::Analyzer`]) and receives ([`analyzer::Input`], [`analyzer::Output`]) | `core`, `input`, `suppress` |
//! | [`schema`] | JSON Schemas for the payload and API kinds: documents with spans, `$ref`/`$id` resolution, the model, the containment checker and its structured facts, `x-compat-allow` keys | `core`, `input`, `suppress`, `analyzer` |
//! | [`sql`] | SQL migrations | `core`, `catalog`, `input`, `suppress`, `analyzer`, `error` |
//! | [`proto`], [`jsonschema`], [`openapi`] | the payload and API kinds (proto reads buf.yaml with `schema`'s YAML documents) | the same, and `schema` |
//! | [`engine`] | finds the artifact sets, hands each to the analyzer of its kind, applies the suppressions (inline, and compat.toml's `[[allow]]`, whose JSON pointers `schema`'s documents resolve) and builds the report | `core`, `catalog`, `report`, `suppress`, `input`, `analyzer`, `schema`, and the four kinds |
//! | [`render`] | the output formats; the only module that knows miette's rendering | `core`, `catalog`, `report`, `error` |
//! | [`run`] | the commands as library calls | `core`, `catalog`, `report`, `input`, `engine`, `error` |
//! | `main.rs`, `cli.rs` | arguments, printing and the exit code; the only code that prints; `main.rs` picks the global allocator (mimalloc), which every bench declares as well | anything |
//!
//! # The shape of a kind
//!
//! Each kind (`sql`, `jsonschema`, `proto`, `openapi`) loads both versions into a typed model with
//! spans, pairs old and new elements by identity into [`core::Change`]s once, and hands each
//! change to the rules registered for its element. A rule is one file, `<kind>/rules/<name>.rs`,
//! beside its page `rules/<kind>/<name>.md`: it declares its `ID`, guards itself (the element's
//! role, the kind of change, what changed) and words what it finds. Its kind's `rules/mod.rs`
//! declares it (`pub mod <name>;`) and lists it in the registry of its element. The ids are
//! generated from the pages, and `build.rs` fails the build on a page without its file or its
//! `pub mod` line, on a file of a rules folder without its page, and on a rule that declares
//! another page's id. The registries, in each `rules/mod.rs`:
//!
//! - `sql`: `STATEMENT_RULES`, called on each statement of a script the release adds, with the
//!   schema as it stands before it (`statements::context::Context`); `TABLE_RULES`,
//!   `COLUMN_RULES`, `ENUM_RULES`, `OBJECT_RULES` on the elements of two schema dumps. The
//!   migration rules (history, down scripts) are called by the pipeline where their case arises.
//! - `proto`: `FIELD_RULES`, `VALUE_RULES`, `MESSAGE_RULES`, `ENUM_RULES`, `SERVICE_RULES`,
//!   `METHOD_RULES`, `EXTENSION_RULES`, `DIFF_RULES`, on the pairs of `proto::diff`.
//! - `jsonschema`: `CHECKER_RULES` and `ASSUMPTION_RULES` name what the containment checker found,
//!   by constraint and direction (exactly one rule names each, a unit test checks); `FILE_RULES`
//!   on schema files added or removed; `SAMPLE_RULES` on rejected samples.
//! - `openapi`: `API_RULES`, `OPERATION_RULES`, `KEPT_OPERATION_RULES`, `PARAMETER_RULES`,
//!   `BODY_RULES`, `REQUEST_MEDIA_RULES`, `RESPONSE_RULES`, `RESPONSE_MEDIA_RULES`,
//!   `HEADER_RULES` on the pairs of `openapi::diff`, walked by `openapi::walk`;
//!   `DECLARATION_RULES` on a message whose schema one version declares and the other does not;
//!   `SCHEMA_RULES` and `ASSUMPTION_RULES` (each rule a `RULE` constant: a guard and, where it
//!   words the fact its own way, a wording) name what the checker found in a message, by who
//!   writes it and in which pairing of old and new (see `openapi::found`).
//! - `core` (in `suppress/rules/`): the findings about suppressions themselves, worded there and
//!   called by `suppress::apply` where it matches suppressions to findings.
//!
//! # Invariants
//!
//! - Kinds do not import each other; what the payload and API kinds share is the `schema` layer.
//! - The library never prints and never exits; it returns a [`report::Report`] or an [`Error`].
//!   Unparseable input is an [`core::InputError`] in the report, never a panic.
//! - Nothing here opens a network connection or writes to the files it checks.
//! - Output is deterministic: ordered maps, findings sorted by file, position and rule.
//! - Threads never change the result: file ids are assigned before two versions load in
//!   parallel, and a comparison split over threads merges its parts in the one-pass order. What
//!   an analyzer built may be freed in the background ([`analyzer::drop_in_background`]).
//! - Every span points into a file in [`core::Sources`] with byte offsets into its exact text. A
//!   kind that parses a rewritten text (protobuf editions lowered to proto2, SQL placeholders
//!   filled in) maps its spans back onto the original ([`core::Rewrite`]); SQL registers the
//!   rewrite with [`analyzer::Output::record_rewrite`] and the engine moves them when it finishes.

pub mod analyzer;
pub mod catalog;
pub mod core;
pub mod engine;
mod error;
pub mod input;
pub mod jsonschema;
pub mod openapi;
pub mod proto;
pub mod render;
pub mod report;
pub mod run;
pub mod schema;
pub mod sql;
pub mod suppress;

pub use error::{Error, FileDiagnostic};
