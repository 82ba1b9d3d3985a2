//! Comparing OpenAPI documents: one generated pair of about 5 MB each (thousands of operations
//! and component schemas, self- and mutually-recursive through `$ref`), run through the whole
//! pipeline (discovery, loading, schema graphs, containment checks, grouping, report). The new
//! version adds enum values, loosens and tightens bounds, adds optional and required parameters
//! and removes operations, so the checker walks every schema rather than stopping at identical
//! roots.
//!
//! `cargo bench --bench openapi`; `BENCH_RESOURCES=200` for a smaller run, `BENCH_RUNS=1` for one
//! run (to measure peak memory with `/usr/bin/time -v`), `BENCH_RING=1` to link every resource to
//! the next in one cycle through all of them (every operation then reaches every change, and each
//! finding names thousands of operations).

#![allow(
    clippy::print_stdout,
    clippy::expect_used,
    reason = "a benchmark reports on stdout"
)]

use std::time::{Duration, Instant};

use compat::analyze::{Scope, compare};
use compat::input::DirTree;
use compat::input::config::Config;

/// The allocator the `compat` binary ships with (src/main.rs).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let resources = env("BENCH_RESOURCES", 2500);
    let runs = env("BENCH_RUNS", 5);
    let ring = env("BENCH_RING", 0) == 1;
    let dir = tempfile::tempdir().expect("temporary directory");
    for (side, changed) in [("old", false), ("new", true)] {
        let api = dir.path().join(side).join("api");
        std::fs::create_dir_all(&api).expect("create dirs");
        std::fs::write(api.join("openapi.json"), spec(resources, changed, ring))
            .expect("write spec");
    }
    let size = |side: &str| {
        std::fs::metadata(dir.path().join(side).join("api/openapi.json"))
            .expect("written")
            .len()
            / 1_000_000
    };
    println!(
        "{resources} resources, {} operations: {} MB and {} MB",
        resources * 4,
        size("old"),
        size("new")
    );
    let old = DirTree::open(&dir.path().join("old"), "old").expect("old tree");
    let new = DirTree::open(&dir.path().join("new"), "new").expect("new tree");
    let mut times = Vec::new();
    let mut findings = 0;
    for _ in 0..runs {
        let start = Instant::now();
        let report = compare(&old, &new, &Config::default(), &Scope::default());
        times.push(start.elapsed());
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        findings = report.findings.len();
        drop(report);
        // The comparison frees its versions on a thread of its own; a command-line run ends
        // there, so the next measurement should not share the cores with that thread.
        std::thread::sleep(Duration::from_millis(300));
    }
    println!(
        "openapi pair: median {:?} over {runs} runs ({findings} findings)",
        median(&mut times)
    );
}

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// An API of `resources` resources, each with four operations and a component schema that
/// refers to itself (`parent`), to a partner resource that refers back (`related`; with `ring`,
/// the next resource, closing one cycle through all of them) and to a recursive shared `Line`.
/// `changed` makes the new version.
fn spec(resources: usize, changed: bool, ring: bool) -> String {
    let mut paths = Vec::new();
    let mut schemas = Vec::new();
    for i in 0..resources {
        let mix = i % 10;
        if !(changed && mix == 9 && i % 100 == 9) {
            paths.push(format!(
                r##""/r{i}/{{id}}": {{
      "get": {{"operationId": "get{i}", "parameters": [{{"$ref": "#/components/parameters/Id"}}],
        "responses": {{"200": {{"description": "One.", "content": {{"application/json": {{"schema": {{"$ref": "#/components/schemas/Resource{i}"}}}}}}}},
          "404": {{"$ref": "#/components/responses/NotFound"}}}}}},
      "put": {{"operationId": "put{i}", "parameters": [{{"$ref": "#/components/parameters/Id"}}],
        "requestBody": {{"required": true, "content": {{"application/json": {{"schema": {{"$ref": "#/components/schemas/Resource{i}"}}}}}}}},
        "responses": {{"200": {{"description": "Updated.", "content": {{"application/json": {{"schema": {{"$ref": "#/components/schemas/Resource{i}"}}}}}}}}}}}}
    }}"##
            ));
        }
        let extra = if changed && mix == 4 {
            r#",
          {"name": "tenant", "in": "header", "required": true, "schema": {"type": "string"}}"#
        } else {
            ""
        };
        paths.push(format!(
            r##""/r{i}": {{
      "get": {{"operationId": "list{i}", "parameters": [{{"name": "limit", "in": "query", "schema": {{"type": "integer", "minimum": 1, "maximum": {}}}}}{extra}],
        "responses": {{"200": {{"description": "A page.", "content": {{"application/json": {{"schema": {{"type": "object", "required": ["items"],
          "properties": {{"items": {{"type": "array", "items": {{"$ref": "#/components/schemas/Resource{i}"}}}}, "next": {{"type": ["string", "null"]}}}}}}}}}}}}}}}},
      "post": {{"operationId": "create{i}", "requestBody": {{"required": true, "content": {{"application/json": {{"schema": {{"$ref": "#/components/schemas/Resource{i}"}}}}}}}},
        "responses": {{"201": {{"description": "Created.", "headers": {{"Location": {{"required": true, "schema": {{"type": "string"}}}}}},
          "content": {{"application/json": {{"schema": {{"$ref": "#/components/schemas/Resource{i}"}}}}}}}}}}}}
    }}"##,
            if changed && mix == 2 { 50 } else { 100 }
        ));
        let status = if changed && mix == 5 {
            r#"["open", "active", "closed", "archived"]"#
        } else {
            r#"["open", "active", "closed"]"#
        };
        let name_max = if changed && mix == 3 { 400 } else { 200 };
        let note = if changed && mix == 7 {
            r#",
          "note": {"type": "string", "maxLength": 500}"#
        } else {
            ""
        };
        let next = if ring {
            (i + 1) % resources
        } else {
            (i ^ 1).min(resources - 1)
        };
        schemas.push(format!(
            r##""Resource{i}": {{
        "type": "object",
        "description": "Generated resource {i}.",
        "required": ["id", "name", "status"],
        "properties": {{
          "id": {{"type": "string", "format": "uuid", "readOnly": true}},
          "name": {{"type": "string", "minLength": 1, "maxLength": {name_max}}},
          "status": {{"type": "string", "enum": {status}}},
          "amount": {{"type": "integer", "minimum": 0, "maximum": 1000000}},
          "tags": {{"type": "array", "items": {{"type": "string", "pattern": "^[a-z0-9-]+$"}}, "maxItems": 20}},
          "secret": {{"type": "string", "writeOnly": true}},
          "parent": {{"$ref": "#/components/schemas/Resource{i}"}},
          "related": {{"$ref": "#/components/schemas/Resource{next}"}},
          "lines": {{"type": "array", "items": {{"$ref": "#/components/schemas/Line"}}}}{note}
        }}
      }}"##
        ));
    }
    let mut out = String::from(
        r#"{
  "openapi": "3.1.0",
  "info": {"title": "Generated", "version": "1.0.0"},
  "security": [{"bearer": []}],
  "paths": {
    "#,
    );
    out.push_str(&paths.join(",\n    "));
    out.push_str(
        r##"
  },
  "components": {
    "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
    "parameters": {"Id": {"name": "id", "in": "path", "required": true, "schema": {"type": "string", "format": "uuid"}}},
    "responses": {"NotFound": {"description": "Not found.", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}},
    "schemas": {
      "Problem": {"type": "object", "required": ["title"], "properties": {"title": {"type": "string"}, "detail": {"type": "string"}}},
      "Line": {"type": "object", "required": ["sku", "quantity"], "properties": {"sku": {"type": "string"}, "quantity": {"type": "integer", "minimum": 1}, "children": {"type": "array", "items": {"$ref": "#/components/schemas/Line"}}}},
      "##,
    );
    out.push_str(&schemas.join(",\n      "));
    out.push_str("\n    }\n  }\n}\n");
    out
}
