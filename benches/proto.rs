//! Comparing a large protobuf tree: 7,000 generated files (about the size of googleapis) in
//! 700 packages of ten files, laid out as API trees are: every file imports one of the ten files
//! of a shared `common` package and the previous file of its own package, and the last file of
//! each package holds a gRPC service.
//!
//! - `full`: every file changed (a field added to one message of each), so both sides are
//!   compiled and compared completely.
//! - `one-file`: one file in the middle of the import graph changed; only it, its imports and
//!   the files importing it are compiled.
//!
//! `cargo bench --bench proto`; `BENCH_PROTO_FILES=700` for a smaller tree,
//! `BENCH_PROTO_SCENARIO=full|one-file` to run one scenario (for `/usr/bin/time -v`).
//!
//! Besides wall times it prints the CPU time of the process per run (all threads, from
//! `/proc/self/stat` on Linux): on a shared machine the wall time depends on the load, the CPU
//! time much less.

#![allow(
    clippy::print_stdout,
    clippy::expect_used,
    reason = "a benchmark reports on stdout"
)]

use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use compat::engine::{Scope, compare};
use compat::input::DirTree;
use compat::input::config::Config;

/// The allocator the `compat` binary ships with (src/main.rs).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const RUNS: usize = 3;

fn main() {
    let files = std::env::var("BENCH_PROTO_FILES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(7_000);
    let only = std::env::var("BENCH_PROTO_SCENARIO").ok();
    let dir = tempfile::tempdir().expect("temp dir");
    let base = dir.path().join("base");
    let all = dir.path().join("all");
    let one = dir.path().join("one");
    // A file in the middle of a package in the middle of the tree.
    let changed = files / 2 + 5;
    for i in 0..files {
        let text = file(i, false);
        let edited = file(i, true);
        write(&base, i, &text);
        write(&all, i, &edited);
        write(&one, i, if i == changed { &edited } else { &text });
    }
    println!("{files} generated .proto files per side");
    let config = Config::default();
    for (name, new) in [("full", &all), ("one-file", &one)] {
        if only.as_deref().is_some_and(|o| o != name) {
            continue;
        }
        let mut times = Vec::with_capacity(RUNS);
        let mut cpu = Vec::with_capacity(RUNS);
        let mut findings = 0;
        for _ in 0..RUNS {
            let cpu_start = cpu_time();
            let start = Instant::now();
            let old_tree = DirTree::open(&base, "old").expect("old tree");
            let new_tree = DirTree::open(new, "new").expect("new tree");
            let report = compare(&old_tree, &new_tree, &config, &Scope::default());
            times.push(start.elapsed());
            cpu.extend(cpu_start.zip(cpu_time()).map(|(a, b)| b.saturating_sub(a)));
            assert!(report.errors.is_empty(), "{:?}", report.errors.first());
            findings = report.findings.len();
        }
        times.sort();
        cpu.sort();
        let cpu = cpu
            .get(cpu.len() / 2)
            .map_or_else(String::new, |c| format!(", median CPU time {}", ms(*c)));
        println!(
            "{name:>8}: median {} over {RUNS} runs (min {}, max {}){cpu}, {findings} findings",
            ms(times[RUNS / 2]),
            ms(times[0]),
            ms(times[RUNS - 1])
        );
    }
}

/// User plus system time of the whole process so far; `None` off Linux. `/proc` counts in
/// USER_HZ ticks, which Linux fixes at 100 a second.
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The command name may hold spaces: fields are counted after its closing parenthesis.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i)?.parse::<u64>().ok();
    // utime and stime are fields 14 and 15 of the line; after the name, field 3 is index 0.
    Some(Duration::from_millis((ticks(11)? + ticks(12)?) * 10))
}

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

fn path(i: usize) -> String {
    format!("proto/gen/p{:03}/v1/file{i:05}.proto", i / 10)
}

fn write(root: &Path, i: usize, text: &str) {
    let path = root.join(path(i));
    std::fs::create_dir_all(path.parent().expect("parent")).expect("dirs");
    std::fs::write(path, text).expect("write");
}

/// File `i`: five messages and an enum, referring to the messages of the files it imports.
/// `changed` adds a field to the first message.
fn file(i: usize, changed: bool) -> String {
    let package = format!("gen.p{:03}.v1", i / 10);
    let mut text = format!("syntax = \"proto3\";\n\npackage {package};\n\n");
    let mut imports = Vec::new();
    if i >= 10 {
        imports.push(i % 10);
    }
    if !i.is_multiple_of(10) {
        imports.push(i - 1);
    }
    for j in &imports {
        let _ = writeln!(text, "import \"{}\";", &path(*j)["proto/".len()..]);
    }
    text.push_str("import \"google/protobuf/timestamp.proto\";\n\n");
    for m in 0..5 {
        let _ = writeln!(text, "// Message {m} of file {i}.\nmessage M{i}x{m} {{");
        let _ = writeln!(
            text,
            "  string id = 1;\n  int64 amount = 2;\n  State{i} state = 3;"
        );
        let _ = writeln!(
            text,
            "  google.protobuf.Timestamp at = 4;\n  repeated string tags = 5;"
        );
        let _ = writeln!(text, "  map<string, int32> counts = 6;");
        for (k, j) in imports.iter().enumerate() {
            let other = format!("gen.p{:03}.v1.M{j}x{m}", j / 10);
            let _ = writeln!(text, "  {other} ref{k} = {};", 7 + k);
        }
        if changed && m == 0 {
            text.push_str("  string note = 20;\n");
        }
        text.push_str("}\n\n");
    }
    let _ = writeln!(
        text,
        "enum State{i} {{\n  STATE{i}_UNSPECIFIED = 0;\n  STATE{i}_OPEN = 1;\n}}\n"
    );
    if i % 10 == 9 && i >= 10 {
        let _ = writeln!(
            text,
            "service S{i} {{\n  rpc Get(M{i}x0) returns (M{i}x1);\n  rpc List(M{i}x2) returns (stream M{i}x3);\n}}"
        );
    }
    text
}
