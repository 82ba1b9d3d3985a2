//! `compat check` as a pre-commit hook and a CI step run it: in a generated monorepo of 20,000
//! files in git, of which 1,000 are migrations (500 versions with up and down scripts), 2,000
//! .proto files, 300 JSON Schema payloads and 20 OpenAPI specs; the rest is application code.
//!
//! - `staged-migration`: one new migration staged (`compat check --staged`).
//! - `staged-unrelated`: one application file staged; no artifact changed, so this is the cost
//!   of discovery alone, paid on every commit.
//! - `branch`: the working tree against the previous commit, where one migration, one proto
//!   file, one payload and one spec changed (`compat check --base HEAD~1`).
//!
//! `cargo bench --bench check`; `BENCH_REPO_FILES=2000` for a smaller repository (the kinds keep
//! their proportions).

#![allow(
    clippy::print_stdout,
    clippy::expect_used,
    reason = "a benchmark reports on stdout"
)]

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use compat::run::{CheckRequest, Head, check};

/// The allocator the `compat` binary ships with (src/main.rs).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const RUNS: usize = 5;

fn main() {
    let files: usize = std::env::var("BENCH_REPO_FILES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(20_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let repo = dir.path();
    let counts = Counts::for_repository(files);
    git(repo, &["init", "--quiet"]);
    counts.write(repo);
    git(repo, &["add", "--all"]);
    git(repo, &["commit", "--quiet", "-m", "base"]);
    println!(
        "{files} files in git: {} migrations, {} .proto, {} payload schemas, {} OpenAPI specs",
        counts.versions * 2,
        counts.protos,
        counts.schemas,
        counts.specs
    );

    // One new migration, staged.
    let version = counts.versions + 1;
    write(
        repo,
        &format!("db/migrations/{version:06}_add_index.up.sql"),
        "CREATE INDEX CONCURRENTLY t1_c1_idx ON t1 (c1);\n",
    );
    write(
        repo,
        &format!("db/migrations/{version:06}_add_index.down.sql"),
        "DROP INDEX CONCURRENTLY t1_c1_idx;\n",
    );
    git(repo, &["add", "db/migrations"]);
    measure("staged-migration", repo, Head::Staged, None);
    git(repo, &["commit", "--quiet", "-m", "migration"]);

    write(repo, "src/app/0.rs", "// edited\nfn f0() {}\n");
    git(repo, &["add", "src/app/0.rs"]);
    measure("staged-unrelated", repo, Head::Staged, None);
    git(repo, &["commit", "--quiet", "-m", "unrelated"]);

    // A feature branch touching one artifact of each kind, checked from the working tree.
    write(
        repo,
        &format!("db/migrations/{:06}_drop.up.sql", version + 1),
        "ALTER TABLE t2 DROP COLUMN c2;\n",
    );
    write(
        repo,
        &format!("db/migrations/{:06}_drop.down.sql", version + 1),
        "ALTER TABLE t2 ADD COLUMN c2 text;\n",
    );
    write(repo, "proto/p0/f0.proto", &proto(0, 0, true));
    write(repo, "schemas/job0.schema.json", &schema(0, true));
    write(repo, "api/service0.yaml", &spec(0, true));
    measure("branch", repo, Head::WorkingTree, Some("HEAD~1".to_owned()));
}

fn measure(name: &str, repo: &Path, head: Head, base: Option<String>) {
    let request = CheckRequest {
        cwd: repo.to_path_buf(),
        base,
        head,
        paths: Vec::new(),
        config: None,
    };
    let mut times = Vec::with_capacity(RUNS);
    let mut rules = Vec::new();
    for _ in 0..RUNS {
        let start = Instant::now();
        let (report, _) = check(&request).expect("check runs");
        times.push(start.elapsed());
        assert!(report.errors.is_empty(), "{name}: {:?}", report.errors);
        rules = report.findings.iter().map(|f| f.rule.id.as_str()).collect();
    }
    times.sort();
    println!(
        "{name:>16}: median {} over {RUNS} runs (min {}, max {}), findings: {rules:?}",
        ms(times[RUNS / 2]),
        ms(times[0]),
        ms(times[RUNS - 1]),
    );
}

/// How many files of each kind a repository of `files` files holds.
struct Counts {
    versions: usize,
    protos: usize,
    schemas: usize,
    specs: usize,
    other: usize,
}

impl Counts {
    fn for_repository(files: usize) -> Counts {
        let versions = files / 40;
        let protos = files / 10;
        let schemas = (files * 3 / 200).max(1);
        let specs = (files / 1000).max(1);
        let other = files.saturating_sub(versions * 2 + protos + schemas + specs);
        Counts {
            versions,
            protos,
            schemas,
            specs,
            other,
        }
    }

    fn write(&self, repo: &Path) {
        for v in 1..=self.versions {
            let (up, down) = migration(v);
            write(repo, &format!("db/migrations/{v:06}_step.up.sql"), &up);
            write(repo, &format!("db/migrations/{v:06}_step.down.sql"), &down);
        }
        for i in 0..self.protos {
            let package = i / 10;
            write(
                repo,
                &format!("proto/p{package}/f{}.proto", i % 10),
                &proto(package, i % 10, false),
            );
        }
        for i in 0..self.schemas {
            write(
                repo,
                &format!("schemas/job{i}.schema.json"),
                &schema(i, false),
            );
        }
        for i in 0..self.specs {
            write(repo, &format!("api/service{i}.yaml"), &spec(i, false));
        }
        for i in 0..self.other {
            write(
                repo,
                &format!("src/app/{i}.rs"),
                &format!("fn f{i}() {{}}\n"),
            );
        }
    }
}

fn migration(v: usize) -> (String, String) {
    (
        format!("CREATE TABLE t{v} (id bigint PRIMARY KEY, c{v} text);\n"),
        format!("DROP TABLE t{v};\n"),
    )
}

fn proto(package: usize, file: usize, edited: bool) -> String {
    let extra = if edited { "  string added = 3;\n" } else { "" };
    format!(
        "syntax = \"proto3\";\npackage p{package};\n\nmessage M{file} {{\n  string id = 1;\n  \
         int64 at = 2;\n{extra}}}\n"
    )
}

fn schema(i: usize, edited: bool) -> String {
    let required = if edited { r#", "at""# } else { "" };
    format!(
        r#"{{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "title": "job {i}",
  "type": "object",
  "properties": {{ "id": {{ "type": "string" }}, "at": {{ "type": "integer" }} }},
  "required": ["id"{required}]
}}
"#
    )
}

fn spec(i: usize, edited: bool) -> String {
    let limit = if edited {
        "\n          required: true"
    } else {
        ""
    };
    format!(
        r#"openapi: 3.0.3
info: {{ title: service {i}, version: "1" }}
paths:
  /items:
    get:
      operationId: listItems{i}
      parameters:
        - name: limit
          in: query{limit}
          schema: {{ type: integer }}
      responses:
        "200":
          description: the items
          content:
            application/json:
              schema: {{ type: array, items: {{ type: string }} }}
"#
    )
}

fn write(repo: &Path, path: &str, text: &str) {
    let path = repo.join(path);
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("create directory");
    std::fs::write(path, text).expect("write file");
}

fn git(repo: &Path, args: &[&str]) {
    let status = Command::new("git")
        .current_dir(repo)
        .args([
            "-c",
            "user.name=bench",
            "-c",
            "user.email=bench@example.com",
        ])
        .args(args)
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?} failed");
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}
