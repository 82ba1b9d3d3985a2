//! The protobuf comparison. The input is `old\0new[\0shared...]`: the old and the new text of
//! the file the release changes, then files both versions share, which imports can reach.

#![no_main]

use compat_fuzz::{compare_and_render, versions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (old, new) = versions(
        data,
        |_| "proto/acme/v1/event.proto".to_owned(),
        |i| format!("proto/acme/v1/dep{i}.proto"),
    );
    compare_and_render("[[proto]]\nroots = [\"proto\"]\n", &old, &new);
});
