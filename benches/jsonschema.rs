//! Comparing JSON Schemas: 1,000 generated pairs of about 50 KB each and one pair of about 5 MB,
//! each pair parsed, resolved and checked in both directions (`full` mode). The new version of a
//! pair adds optional properties, widens enums and tightens bounds, so the checker walks the whole
//! schema rather than stopping at an identical root.
//!
//! `cargo bench --bench jsonschema`; `BENCH_PAIRS=100` for a smaller run.

#![allow(
    clippy::print_stdout,
    clippy::expect_used,
    reason = "a benchmark reports on stdout"
)]

use std::fmt::Write;
use std::time::{Duration, Instant};

use compat::core::Side;
use compat::schema::containment::{Options, check};
use compat::schema::model::{Draft, Graph, SchemaId};
use compat::schema::resolve::{Builder, MemorySource};

/// The allocator the `compat` binary ships with (src/main.rs).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const RUNS: usize = 5;

fn main() {
    let pairs = std::env::var("BENCH_PAIRS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1000);
    let small: Vec<(String, String)> = (0..pairs)
        .map(|seed| (schema(seed, 110, false), schema(seed, 110, true)))
        .collect();
    let bytes: usize = small.iter().map(|(a, b)| a.len() + b.len()).sum();
    println!(
        "{pairs} pairs, {} KB per schema on average",
        bytes / pairs.max(1) / 2 / 1024
    );
    let mut totals = Vec::new();
    let mut per_pair = Vec::new();
    for _ in 0..RUNS {
        let start = Instant::now();
        for (old, new) in &small {
            let one = Instant::now();
            compare(old, new);
            per_pair.push(one.elapsed());
        }
        totals.push(start.elapsed());
    }
    println!(
        "1,000-pair run: median {:?}; one pair: median {:?}",
        median(&mut totals),
        median(&mut per_pair)
    );

    let (old, new) = (schema(7, 11_000, false), schema(7, 11_000, true));
    println!(
        "large pair: {} MB and {} MB",
        old.len() / 1_000_000,
        new.len() / 1_000_000
    );
    let mut large = Vec::new();
    let mut found = 0;
    for _ in 0..RUNS {
        let start = Instant::now();
        found = compare(&old, &new);
        large.push(start.elapsed());
    }
    println!(
        "large pair: median {:?} ({found} incompatibilities)",
        median(&mut large)
    );
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn graph(side: Side, text: &str) -> (Graph, SchemaId) {
    let mut source = MemorySource::new(side);
    source.insert("payload.schema.json", text);
    let mut builder = Builder::new(Draft::Draft202012);
    let doc = builder
        .load(&mut source, "payload.schema.json")
        .expect("parses");
    let root = builder.schema(&mut source, doc, "").expect("root");
    (builder.graph, root)
}

/// Builds both versions and checks both directions; returns the number of incompatibilities.
fn compare(old: &str, new: &str) -> usize {
    let (old_graph, old_root) = graph(Side::Old, old);
    let (new_graph, new_root) = graph(Side::New, new);
    let options = Options::default();
    let backward = check(&old_graph, old_root, &new_graph, new_root, &options);
    let forward = check(&new_graph, new_root, &old_graph, old_root, &options);
    backward.incompatibilities.len() + forward.incompatibilities.len()
}

/// A payload schema with `properties` objects of five fields each, shared `$defs` behind
/// `$ref`s, enums, bounds and patterns. `changed` makes the new version of the same seed.
fn schema(seed: usize, properties: usize, changed: bool) -> String {
    let mut out = String::from(
        "{\n  \"$schema\": \"https://json-schema.org/draft/2020-12/schema\",\n  \"type\": \"object\",\n  \"properties\": {\n",
    );
    for i in 0..properties {
        let mix = (seed * 31 + i * 17) % 10;
        let max = if changed && mix == 3 { 500 } else { 1000 };
        let status = if changed && mix == 5 {
            r#"["open", "paid", "refunded", "void"]"#
        } else {
            r#"["open", "paid", "refunded"]"#
        };
        let extra = if changed && mix == 7 {
            format!(",\n        \"note_{i}\": {{ \"type\": \"string\", \"maxLength\": 200 }}")
        } else {
            String::new()
        };
        let comma = if i + 1 == properties { "" } else { "," };
        write!(
            out,
            r##"    "field_{i}": {{
      "type": "object",
      "description": "Generated property {i} of payload {seed}.",
      "required": ["id", "amount"],
      "properties": {{
        "id": {{ "$ref": "#/$defs/id" }},
        "amount": {{ "type": "integer", "minimum": 0, "maximum": {max} }},
        "status": {{ "type": "string", "enum": {status} }},
        "code": {{ "type": "string", "pattern": "^[A-Z]{{3}}-[0-9]+$" }},
        "tags": {{ "type": "array", "items": {{ "type": "string", "minLength": 1 }}, "maxItems": 10 }}{extra}
      }}
    }}{comma}
"##
        )
        .expect("writing to a string");
    }
    out.push_str(
        "  },\n  \"$defs\": {\n    \"id\": { \"type\": \"string\", \"format\": \"uuid\" }\n  }\n}\n",
    );
    out
}
