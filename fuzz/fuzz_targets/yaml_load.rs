//! The YAML loader of JSON Schema documents: parsing with spans, `x-compat-allow` keys, and
//! resolving the document into a schema graph (`$ref`s, `$id`s, anchors, drafts).

#![no_main]

use compat::core::Side;
use compat::schema::allow::suppressions;
use compat::schema::doc::{Syntax, parse};
use compat::schema::model::Draft;
use compat::schema::resolve::{Builder, MemorySource};
use libfuzzer_sys::fuzz_target;

const PATH: &str = "schemas/event.schema.yaml";

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(root) = parse(text, Syntax::Yaml) else {
        return;
    };
    let mut source = MemorySource::new(Side::New);
    source.insert(PATH, text);
    let Some((file, _)) = compat::schema::resolve::DocSource::read(&mut source, PATH) else {
        return;
    };
    for suppression in suppressions(&root, file) {
        assert!(
            suppression
                .covers
                .iter()
                .all(|covered| text.get(covered.range()).is_some())
        );
    }
    for draft in [Draft::Draft7, Draft::Draft202012, Draft::OpenApi30] {
        let mut builder = Builder::new(draft);
        if let Some(doc) = builder.load(&mut source, PATH) {
            let _ = builder.schema(&mut source, doc, "");
        }
    }
});
