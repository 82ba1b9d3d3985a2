//! The whole SQL check (discovery, parsing, replay, rules, human report) on generated
//! histories: 20,000 statements over 500 migration files, one 20,000-statement file, and a data
//! migration of 1.5 million `INSERT`s (about 54 MB) new in the release.
//!
//! `cargo bench --bench sql`; `BENCH_STATEMENTS=2000` and `BENCH_DATA_STATEMENTS=150000` for a
//! smaller run, `BENCH_CASES=one` for some of the cases (`many`, `all`, `one`, `data`). Prints
//! medians. With `SQUAWK=/path/to/squawk`, the data case also times `squawk` on the same file,
//! for a figure side by side (squawk is not a dependency; its releases ship the binary).

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
use compat::render::{self, Format, Style};
use compat::report::Report;

/// The allocator the `compat` binary ships with (src/main.rs).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const RUNS: usize = 7;
const FILES: usize = 500;

fn main() {
    let total: usize = std::env::var("BENCH_STATEMENTS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(20_000);
    let per_file = (total / FILES).max(1);
    let dir = tempfile::tempdir().expect("temp dir");

    // Many files: the old version has the first 90%, the release adds the rest.
    let files: Vec<String> = (0..FILES).map(|f| migration(f, per_file)).collect();
    let released = FILES / 10;
    write(&dir.path().join("many/old"), &files[..FILES - released]);
    write(&dir.path().join("many/new"), &files);
    // Many files, all new: every statement goes through every rule.
    write(&dir.path().join("all/old"), &[]);
    write(&dir.path().join("all/new"), &files);
    // One file of every statement, new in the release.
    let one = files.concat();
    write(&dir.path().join("one/old"), &[]);
    write(&dir.path().join("one/new"), std::slice::from_ref(&one));

    let data_statements = std::env::var("BENCH_DATA_STATEMENTS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1_500_000);
    let cases = std::env::var("BENCH_CASES").unwrap_or_default();
    let wanted = |name: &str| cases.is_empty() || cases.split(',').any(|c| c.trim() == name);
    if wanted("data") {
        let init = "CREATE TABLE e (id bigint PRIMARY KEY, kind text);\n";
        write(&dir.path().join("data/old"), &[init.to_owned()]);
        write(
            &dir.path().join("data/new"),
            &[init.to_owned(), data_migration(data_statements)],
        );
    }

    let statements = one.matches(";\n").count();
    println!(
        "{statements} statements, {} KiB of SQL, {FILES} files of {per_file} statements",
        one.len() / 1024
    );
    for (name, note) in [
        ("many", "500 files, the release adds the last 50"),
        ("all", "500 files, all new in the release"),
        ("one", "one file of every statement, new"),
    ] {
        if wanted(name) {
            measure(name, note, &dir.path().join(name), RUNS);
        }
    }
    if wanted("data") {
        let root = dir.path().join("data");
        let note = format!("{data_statements} INSERTs in one migration, new");
        measure("data", &note, &root, DATA_RUNS);
        if let Ok(squawk) = std::env::var("SQUAWK") {
            time_squawk(&squawk, &root.join("new/db/migrations/0002_step.sql"));
        }
    }
}

/// The data case takes seconds per run.
const DATA_RUNS: usize = 3;

/// `squawk FILE`, timed like the cases above.
fn time_squawk(squawk: &str, file: &Path) {
    let mut times = Vec::with_capacity(DATA_RUNS);
    for _ in 0..DATA_RUNS {
        let start = Instant::now();
        let status = std::process::Command::new(squawk)
            .arg(file)
            .stdout(std::process::Stdio::null())
            .status()
            .expect("runs squawk");
        times.push(start.elapsed());
        assert!(status.code().is_some(), "squawk was killed");
    }
    times.sort();
    println!(
        "squawk on data: median {} (min {}, max {}) over {DATA_RUNS} runs (the same file)",
        ms(times[DATA_RUNS / 2]),
        ms(times[0]),
        ms(times[DATA_RUNS - 1]),
    );
}

/// `statements` rows as one `INSERT` each, as a data migration or a dump holds them: 36 bytes
/// a statement, 54 MB for 1.5 million.
fn data_migration(statements: usize) -> String {
    let mut sql = String::with_capacity(statements * 36);
    for n in 1..=statements {
        let kind = ["a", "b", "''", "é"][n % 4];
        let _ = writeln!(sql, "INSERT INTO e VALUES ({n},'{kind}');");
    }
    sql
}

fn measure(name: &str, note: &str, root: &Path, runs: usize) {
    let old = DirTree::open(&root.join("old"), "old").expect("old tree");
    let new = DirTree::open(&root.join("new"), "new").expect("new tree");
    let style = Style {
        color: false,
        width: 100,
        quiet: false,
        full: true,
    };
    let mut times = Vec::with_capacity(runs);
    let mut findings = 0;
    let mut unparsed = 0;
    let mut errors = 0;
    let mut size = 0;
    for _ in 0..runs {
        let start = Instant::now();
        let report: Report = compare(&old, &new, &Config::default(), &Scope::default());
        let rendered = render::report(&report, Format::Human, &style, None);
        times.push(start.elapsed());
        findings = report.findings.len();
        unparsed = report
            .findings
            .iter()
            .filter(|r| r.finding.rule.as_str() == "sql/unparsed-statement")
            .count();
        errors = report.errors.len();
        size = std::hint::black_box(rendered).len();
    }
    times.sort();
    println!(
        "{name:>4}: median {} (min {}, max {}) over {runs} runs; {findings} findings \
         ({unparsed} unparsed statements), {errors} errors, {} KiB of report ({note})",
        ms(times[runs / 2]),
        ms(times[0]),
        ms(times[runs - 1]),
        size / 1024
    );
}

/// Migration `f`: a table and `per_file - 1` statements of the kinds real histories hold.
fn migration(f: usize, per_file: usize) -> String {
    let mut sql = format!(
        "-- Migration {f}: tables for feature {f}.\nCREATE TABLE t{f} (\n\tid bigint PRIMARY KEY,\n\
         \tname varchar(50) NOT NULL,\n\tnote text,\n\tcreated_at timestamptz NOT NULL DEFAULT now()\n);\n"
    );
    let previous = f.saturating_sub(1);
    for s in 1..per_file {
        let line = match s % 10 {
            0 => format!("ALTER TABLE t{f} ADD COLUMN c{s} text;\n"),
            1 => format!("CREATE INDEX CONCURRENTLY t{f}_i{s} ON t{f} (created_at);\n"),
            2 => format!("ALTER TABLE t{previous} ADD COLUMN p{f}_{s} integer DEFAULT 0;\n"),
            3 => {
                format!("INSERT INTO t{f} (id, name) VALUES ({s}, 'café ''{s}''; not a split');\n")
            }
            4 => format!(
                "CREATE FUNCTION f{f}_{s}() RETURNS int AS $$ SELECT {s}; $$ LANGUAGE sql;\n"
            ),
            5 => format!("ALTER TABLE t{f} ALTER COLUMN note SET DEFAULT 'n{s}';\n"),
            6 => format!("COMMENT ON TABLE t{f} IS 'table {f}, step {s}';\n"),
            7 => format!("ALTER TABLE t{f} ADD CONSTRAINT t{f}_k{s} CHECK (id > {s}) NOT VALID;\n"),
            8 => format!("UPDATE t{f} SET note = 'x' WHERE id = {s};\n"),
            _ => format!("CREATE VIEW v{f}_{s} AS SELECT id, name FROM t{f};\n"),
        };
        sql.push_str(&line);
    }
    sql
}

fn write(dir: &Path, files: &[String]) {
    let migrations = dir.join("db/migrations");
    std::fs::create_dir_all(&migrations).expect("mkdir");
    for (i, text) in files.iter().enumerate() {
        let mut name = String::new();
        let _ = write!(name, "{:04}_step.sql", i + 1);
        std::fs::write(migrations.join(name), text).expect("write migration");
    }
}

fn ms(duration: Duration) -> String {
    format!("{:.1} ms", duration.as_secs_f64() * 1000.0)
}
