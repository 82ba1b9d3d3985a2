//! `compat` compares the old and the new version of the contracts a release changes (SQL
//! migrations, payload schemas, API schemas) and classifies every change by what it does while
//! old and new code run side by side, and after a rollback.
//!
//! # Map of the crate
//!
//! A run goes `input` -> one analyzer per kind -> [`report::Report`] -> `render`:
//!
//! - [`core`]: the shared vocabulary: [`core::Class`], [`core::Window`], [`core::Effect`],
//!   [`core::RuleId`], [`core::Finding`], [`core::Sources`] (files of both sides, one line index
//!   each), [`core::Change`], [`core::InputError`]. No IO, and no import of another module.
//! - [`catalog`]: the rule pages of `rules/`, read at build time. A rule's class, windows and
//!   effect are decided there and nowhere else; a finding may only narrow the windows to the one
//!   it threatens (an availability rule on an up script: rollout; on a down script: rollback).
//! - [`report`]: the findings of a run resolved against the catalog and the configuration.
//! - [`input`]: trees to compare (a directory, a git revision, the index), `compat.toml`, and the
//!   discovery of artifacts in a tree.
//! - [`analyze`]: runs the analyzer of each artifact's kind on the old and new tree, applies inline
//!   suppressions and builds the report.
//! - [`suppress`]: `compat:allow <rule> reason: ...` comments and keys, shared by every kind.
//! - [`render`]: the output formats. The only module that knows miette's rendering.
//! - `main.rs` and `cli.rs`: arguments, printing and the exit code. The only code that prints.
//!   `main.rs` also picks the global allocator (mimalloc), which every bench declares as well.
//!
//! Each kind of artifact (`sql`, `jsonschema`, `proto`, `openapi`) is a module of the same shape:
//! `load` (files to a typed model with spans), `diff` (pairs old and new elements by identity into
//! `Change<T>`), `rules/<rule>.rs` (one small function per rule).
//!
//! # Invariants
//!
//! - Kinds do not import each other, except `openapi`, which uses `jsonschema`'s comparison for
//!   bodies.
//! - The library never prints and never exits; it returns a [`report::Report`] or an [`Error`].
//!   Unparseable input is an [`core::InputError`] in the report, never a panic.
//! - Nothing here opens a network connection or writes to the files it checks.
//! - Output is deterministic: ordered maps, findings sorted by file, position and rule.
//! - Threads never change the result: file ids are assigned before two versions load in
//!   parallel, and a comparison split over threads merges its parts in the one-pass order. What
//!   an analyzer built may be freed on a thread of its own ([`analyzer::drop_in_background`]).
//! - Every span points into a file in [`core::Sources`] with byte offsets into its exact text.

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
