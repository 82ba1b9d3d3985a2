//! The protobuf comparison: the input is `old\0new[\0file...]`: the old and the new text of
//! `proto/acme/v1/event.proto`, then files present in both versions (`proto/acme/v1/depN.proto`), which `$ref`s and
//! imports can reach. Without a NUL the file is new in the release.

#![no_main]

use compat_fuzz::{MemTree, compare_and_render, parts};
use libfuzzer_sys::fuzz_target;

const MAX_FILES: usize = 6;

fuzz_target!(|data: &[u8]| {
    let parts = parts(data);
    let (old_main, new_main) = match parts.as_slice() {
        [only] => (None, *only),
        [old, new, ..] => (Some(*old), *new),
        [] => return,
    };
    let main = "proto/acme/v1/event.proto".to_owned();
    let extra_names: Vec<String> = (0..parts.len().saturating_sub(2).min(MAX_FILES))
        .map(|i| format!("proto/acme/v1/dep{i}.proto"))
        .collect();
    let extras: Vec<(&str, &[u8])> = extra_names
        .iter()
        .map(String::as_str)
        .zip(parts.iter().skip(2).copied())
        .collect();
    let mut old_files = extras.clone();
    if let Some(old_main) = old_main {
        old_files.push((&main, old_main));
    }
    let mut new_files = extras;
    new_files.push((&main, new_main));
    let old = MemTree::new("old", &old_files);
    let new = MemTree::new("new", &new_files);
    compare_and_render("[[proto]]\nroots = [\"proto\"]\n", &old, &new);
});
