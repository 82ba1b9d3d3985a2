//! The OpenAPI comparison. The input is `old\0new[\0shared...]`: the old and the new text of
//! the file the release changes, then files both versions share, which `$ref`s can reach.

#![no_main]

use compat_fuzz::{compare_and_render, json_or_yaml, versions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (old, new) = versions(
        data,
        |new| format!("api/openapi.{}", json_or_yaml(new)),
        |i| format!("api/components{i}.yaml"),
    );
    compare_and_render("[[openapi]]\npaths = [\"api/openapi.*\"]\n", &old, &new);
});
