//! The protobuf loader: one `.proto` file, new in the release, read, scanned for its header
//! (syntax, package, imports), compiled and indexed for spans. The comparison against nothing
//! also runs every rule that fires on added elements.

#![no_main]

use compat_fuzz::{MemTree, compare_and_render};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let old = MemTree::new("old", &[]);
    let new = MemTree::new("new", &[("proto/acme/v1/event.proto", data)]);
    compare_and_render("[[proto]]\nroots = [\"proto\"]\n", &old, &new);
});
