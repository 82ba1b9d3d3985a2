#![allow(clippy::expect_used, clippy::unwrap_used, clippy::print_stdout)]

//! The one integration test binary: fixtures, the catalog, the CLI, git, bad input and
//! determinism, all through the front door.

mod bad_input;
mod catalog;
mod cli;
mod determinism;
mod fixtures;
mod git;
mod layers;
mod modes;
mod support;
