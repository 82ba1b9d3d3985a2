//! The OpenAPI loader: one document, parsed as JSON or YAML by its first character, its version
//! and dialect read, its operations, parameters, bodies and responses collected and its schemas
//! resolved into a graph.

#![no_main]

use compat::core::Side;
use compat::openapi::load::Version;
use compat::schema::resolve::MemorySource;
use compat_fuzz::json_or_yaml;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = format!("api/openapi.{}", json_or_yaml(data));
    let mut source = MemorySource::new(Side::New);
    source.insert(&path, text);
    let mut version = Version::new(Side::New);
    version.load_root(&mut source, &path);
    for error in version.take_errors() {
        if let Some(span) = error.span {
            let file = source.sources.get(span.file);
            assert!(file.text().get(span.range()).is_some(), "{error:?}");
        }
    }
});
