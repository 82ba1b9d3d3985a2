//! The SQL comparison: the NUL-separated parts of the input are the migrations of a history; the
//! old version has all but the last, the release adds the last. The dialect varies with the
//! input's length so every parser is reached.

#![no_main]

use compat_fuzz::{MemTree, compare_and_render, parts};
use libfuzzer_sys::fuzz_target;

const MAX_MIGRATIONS: usize = 8;

fuzz_target!(|data: &[u8]| {
    let migrations: Vec<&[u8]> = parts(data).into_iter().take(MAX_MIGRATIONS).collect();
    let names: Vec<String> = (1..=migrations.len())
        .map(|i| format!("db/migrations/{i:04}_step.up.sql"))
        .collect();
    let files: Vec<(&str, &[u8])> = names
        .iter()
        .map(String::as_str)
        .zip(migrations.iter().copied())
        .collect();
    let dialect = ["postgres", "mysql", "sqlite"][data.len() % 3];
    let config = format!("[[sql]]\npath = \"db/migrations\"\ndialect = \"{dialect}\"\n");
    let old = MemTree::new("old", &files[..files.len() - 1]);
    let new = MemTree::new("new", &files);
    compare_and_render(&config, &old, &new);
});
