//! Rendering a large report: 20,000 findings, each with a new and an old span, into one generated
//! 20,000-statement migration on each side. Rendering must stay linear in the report: a finding's
//! frame is cut out through the file's line index, never by rescanning the file.
//!
//! `cargo bench --bench render`; `BENCH_FINDINGS=2000` for a smaller run.

#![allow(clippy::print_stdout, reason = "a benchmark reports on stdout")]

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use compat::catalog::catalog;
use compat::core::{Finding, Side, Sources, Span};
use compat::render::{self, Format, Style};
use compat::report::{Artifact, RawFinding, Report};

/// The allocator the `compat` binary ships with (src/main.rs).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const RUNS: usize = 5;

fn main() {
    let count = std::env::var("BENCH_FINDINGS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(20_000);
    let report = report(count);
    let style = Style {
        color: false,
        width: 100,
        quiet: false,
        full: true,
    };
    println!(
        "{count} findings, new file {} KiB, old file {} KiB",
        file_size(&report, Side::New) / 1024,
        file_size(&report, Side::Old) / 1024
    );
    for (name, format) in [("human", Format::Human), ("json", Format::Json)] {
        let mut times = Vec::with_capacity(RUNS);
        let mut size = 0;
        for _ in 0..RUNS {
            let start = Instant::now();
            size = std::hint::black_box(render::report(&report, format, &style, None)).len();
            times.push(start.elapsed());
        }
        times.sort();
        println!(
            "{name:>5}: median {} over {RUNS} runs (min {}, max {}), {} KiB of output",
            ms(times[RUNS / 2]),
            ms(times[0]),
            ms(times[RUNS - 1]),
            size / 1024
        );
    }
}

fn report(count: usize) -> Report {
    let mut new_text = String::new();
    let mut old_text = String::new();
    let mut spans = Vec::with_capacity(count);
    for i in 0..count {
        old_text.push_str(&format!(
            "CREATE TABLE t{i} (\n\tid bigint,\n\tc{i} text\n);\n"
        ));
        let old_start = old_text.len() - format!("c{i} text\n);\n").len();
        let old_span = old_start..old_start + format!("c{i}").len();
        new_text.push_str(&format!("ALTER TABLE t{i} DROP COLUMN c{i}; -- café\n"));
        let new_end = new_text.len() - " -- café\n".len() - 1;
        let new_span = new_end - format!("c{i}").len()..new_end;
        spans.push((new_span, old_span));
    }
    let mut sources = Sources::new();
    let new = sources.add("db/migrations/0002_drop.sql", Side::New, new_text);
    let old = sources.add("db/migrations/0001_init.sql", Side::Old, old_text);
    let raw = spans
        .into_iter()
        .enumerate()
        .map(|(i, (new_span, old_span))| RawFinding {
            finding: Finding::new(
                compat::core::RuleId::CoreUnusedSuppression,
                format!("column `c{i}` is dropped"),
            )
            .at_new(Span::new(new, new_span), "dropped here")
            .at_old(Span::new(old, old_span), "defined here"),
            artifact: Some(0),
            suppressed: None,
        })
        .collect();
    let artifacts = vec![Artifact {
        name: "db".into(),
        kind: "sql".into(),
        analyzed: true,
        read_as: Some("golang-migrate, postgres".into()),
        files: 2,
    }];
    Report::build(
        sources,
        artifacts,
        raw,
        Vec::new(),
        catalog(),
        &BTreeMap::new(),
    )
}

fn file_size(report: &Report, side: Side) -> usize {
    report
        .sources
        .iter()
        .filter(|(_, f)| f.side() == side)
        .map(|(_, f)| f.text().len())
        .sum()
}

fn ms(time: Duration) -> String {
    format!("{:.1} ms", time.as_secs_f64() * 1000.0)
}
