//! Bad input never breaks compat: the corpus in `fixtures/bad-input/` and the inputs generated
//! here (deep nesting, a 100 MB file, symlink loops, git trouble) each end with exit code 2 and a
//! message naming the problem, with a code frame where there is a text file to point into. No
//! case panics, opens a network connection or writes a file.

use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::{ErrorKind, Read};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::support::{root, write_files};

/// Nesting depth of the generated deep documents.
const DEPTH: usize = 10_000;
/// Longer than any case takes in a debug build; a case that runs this long hangs.
const TIMEOUT: Duration = Duration::from_secs(30);

/// A local port that every remote reference and proxy setting of a run points at: a connection
/// to it is a network access compat must never make.
struct Network {
    listener: TcpListener,
}

impl Network {
    fn watch() -> Network {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a local port");
        listener.set_nonblocking(true).expect("non-blocking");
        Network { listener }
    }

    fn url(&self, path: &str) -> String {
        let port = self.listener.local_addr().expect("address").port();
        format!("http://127.0.0.1:{port}/{path}")
    }

    #[track_caller]
    fn assert_untouched(&self) {
        match self.listener.accept() {
            Err(e) if e.kind() == ErrorKind::WouldBlock => {}
            Ok((_, peer)) => panic!("compat opened a network connection (from {peer})"),
            Err(e) => panic!("accept: {e}"),
        }
    }
}

/// Every entry under `dir` (symlinks not followed) with its kind, size and content hash; files
/// over 1 MiB by size and modification time, to keep generated large files cheap.
fn listing(dir: &Path) -> BTreeMap<PathBuf, String> {
    let mut entries = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in std::fs::read_dir(&current).expect("read dir") {
            let path = entry.expect("entry").path();
            let meta = std::fs::symlink_metadata(&path).expect("metadata");
            let description = if meta.is_symlink() {
                format!(
                    "link to {}",
                    std::fs::read_link(&path).expect("link").display()
                )
            } else if meta.is_dir() {
                stack.push(path.clone());
                "dir".to_owned()
            } else if meta.len() > 1 << 20 {
                format!("{} bytes, modified {:?}", meta.len(), meta.modified().ok())
            } else {
                let mut hasher = DefaultHasher::new();
                std::fs::read(&path).expect("read").hash(&mut hasher);
                format!("{} bytes, hash {:x}", meta.len(), hasher.finish())
            };
            entries.insert(path, description);
        }
    }
    entries
}

/// Runs the built binary in `cwd` with every proxy pointed at `network` and git kept from
/// finding a repository above `cwd`, kills it after [`TIMEOUT`], and checks that nothing under
/// `cwd` changed and no connection was made.
fn run(network: &Network, cwd: &Path, args: &[&str]) -> Output {
    let before = listing(cwd);
    let proxy = network.url("");
    let mut child = Command::new(env!("CARGO_BIN_EXE_compat"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        // Wide enough that no message wraps.
        .env("COLUMNS", "1000")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env("GIT_CEILING_DIRECTORIES", cwd.parent().unwrap_or(cwd))
        .envs(
            [
                "http_proxy",
                "https_proxy",
                "HTTP_PROXY",
                "HTTPS_PROXY",
                "ALL_PROXY",
            ]
            .map(|name| (name, proxy.as_str())),
        )
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the compat binary runs");
    // Drained while the child runs, so a long report cannot block it on a full pipe.
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            pipe.read_to_end(&mut bytes).map(|_| bytes)
        })
    };
    let stdout = drain(Box::new(child.stdout.take().expect("piped")));
    let stderr = drain(Box::new(child.stderr.take().expect("piped")));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            panic!("compat {args:?} in {} hangs", cwd.display());
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let out = Output {
        status,
        stdout: stdout.join().expect("stdout reader").expect("stdout"),
        stderr: stderr.join().expect("stderr reader").expect("stderr"),
    };
    network.assert_untouched();
    assert_eq!(
        before,
        listing(cwd),
        "compat {args:?} changed files under {}",
        cwd.display()
    );
    out
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Asserts an input error: exit code 2 (never a panic's 101), the message, and a code frame into
/// `frame` when given (`path:line`).
#[track_caller]
fn assert_error(out: &Output, message: &str, frame: Option<&str>) {
    let text = text(out);
    assert!(!text.contains("panicked"), "a panic:\n{text}");
    assert_eq!(out.status.code(), Some(2), "exit code:\n{text}");
    assert!(text.contains(message), "no `{message}` in:\n{text}");
    if let Some(frame) = frame {
        assert!(
            text.contains(&format!("╭─[{frame}:")),
            "no code frame into {frame}:\n{text}"
        );
    }
}

/// `compat diff old new` on a case of `fixtures/bad-input/`.
fn diff_case(network: &Network, case: &str) -> Output {
    let dir = root().join("fixtures/bad-input").join(case);
    run(network, &dir, &["diff", "old", "new"])
}

#[test]
fn truncated_files_are_reported_at_the_cut() {
    let network = Network::watch();
    for (case, message, frame) in [
        (
            "truncated-json",
            "cannot parse schemas/order.schema.json: Unterminated string literal",
            "schemas/order.schema.json:6",
        ),
        (
            "truncated-yaml",
            "cannot parse schemas/order.schema.yaml",
            "schemas/order.schema.yaml:9",
        ),
        (
            "truncated-sql",
            "cannot split this SQL file into statements: Unterminated string literal",
            "db/migrations/0002_notes.up.sql:1",
        ),
        (
            "truncated-openapi",
            "cannot parse api/openapi.yaml",
            "api/openapi.yaml:19",
        ),
        (
            "truncated-proto",
            "proto/shop/v1/order.proto does not compile: expected a message field",
            "proto/shop/v1/order.proto:6",
        ),
    ] {
        assert_error(&diff_case(&network, case), message, Some(frame));
    }
}

#[test]
fn binary_files_and_invalid_utf8_are_refused_by_name() {
    let network = Network::watch();
    for (case, message) in [
        (
            "binary-json",
            "schemas/order.schema.json is a binary file, not text (NUL byte at offset 8)",
        ),
        (
            "binary-sql",
            "db/migrations/0002_notes.up.sql is a binary file, not text",
        ),
        (
            "binary-proto",
            "proto/shop/v1/order.proto is a binary file, not text",
        ),
        (
            "invalid-utf8-sql",
            "db/migrations/0002_notes.up.sql is not valid UTF-8 (invalid byte at offset 50)",
        ),
        (
            "invalid-utf8-yaml",
            "schemas/order.schema.yaml is not valid UTF-8",
        ),
        (
            "invalid-utf8-proto",
            "proto/shop/v1/order.proto is not valid UTF-8",
        ),
    ] {
        let out = diff_case(&network, case);
        assert_error(&out, message, None);
        assert_eq!(
            text(&out).matches(message).count(),
            1,
            "{case}: the error is reported once"
        );
    }
}

#[test]
fn references_out_of_the_repository_are_refused() {
    let network = Network::watch();
    assert_error(
        &diff_case(&network, "ref-leaves-repository-jsonschema"),
        "`../../../money.schema.json` leaves the repository",
        Some("schemas/order.schema.json:6"),
    );
    assert_error(
        &diff_case(&network, "ref-leaves-repository-openapi"),
        "`../../shared/money.yaml` leaves the repository",
        Some("api/openapi.yaml:29"),
    );
}

#[test]
fn reference_cycles_that_never_describe_a_value_are_refused() {
    let network = Network::watch();
    let message = "a cycle of references closes here without describing a value";
    assert_error(
        &diff_case(&network, "cyclic-ref-jsonschema"),
        message,
        Some("schemas/order.schema.json:6"),
    );
    assert_error(
        &diff_case(&network, "cyclic-ref-openapi"),
        message,
        Some("api/openapi.yaml:26"),
    );
}

#[test]
fn remote_references_are_never_fetched() {
    let network = Network::watch();
    let dir = tempfile::tempdir().expect("temp dir");
    let remote = network.url("money.schema.json");
    let schema = |total: &str| {
        format!(
            r#"{{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object", "properties": {{"total": {total}}}}}"#
        )
    };
    let api = |total: &str| {
        format!(
            "openapi: 3.0.3\ninfo: {{title: Shop, version: \"1\"}}\npaths:\n  /orders:\n    get:\n      responses:\n        \"200\":\n          description: ok\n          content:\n            application/json:\n              schema:\n                type: object\n                properties:\n                  total: {total}\n"
        )
    };
    let new_schema = schema(&format!(r#"{{"$ref": "{remote}"}}"#));
    let new_api = api(&format!("{{$ref: \"{remote}\"}}"));
    write_files(
        dir.path(),
        &[
            (
                "old/schemas/order.schema.json",
                &schema(r#"{"type": "number"}"#),
            ),
            ("new/schemas/order.schema.json", &new_schema),
            ("old/api/openapi.yaml", &api("{type: number}")),
            ("new/api/openapi.yaml", &new_api),
        ],
    );
    let out = run(&network, dir.path(), &["diff", "old", "new"]);
    let message = format!("`{remote}` is a remote reference, and remote schemas are never fetched");
    assert_error(&out, &message, Some("schemas/order.schema.json:1"));
    assert_error(&out, &message, Some("api/openapi.yaml:14"));
}

/// `DEPTH` nested arrays in JSON and YAML, and a `DEPTH`-deep expression and message nesting.
#[test]
fn deep_nesting_is_refused_without_overflowing_the_stack() {
    let network = Network::watch();
    let dir = tempfile::tempdir().expect("temp dir");
    let open = "[".repeat(DEPTH);
    let close = "]".repeat(DEPTH);
    let migration = "CREATE TABLE orders (id bigserial PRIMARY KEY);\n";
    write_files(
        dir.path(),
        &[
            ("old/schemas/order.schema.json", r#"{"type": "object"}"#),
            (
                "new/schemas/order.schema.json",
                &format!(r#"{{"type": "object", "examples": {open}{close}}}"#),
            ),
            ("old/schemas/item.schema.yaml", "type: object\n"),
            (
                "new/schemas/item.schema.yaml",
                &format!("type: object\nexamples: {open}{close}\n"),
            ),
            ("old/proto/shop/v1/order.proto", "syntax = \"proto3\";\n"),
            (
                "new/proto/shop/v1/order.proto",
                &format!(
                    "syntax = \"proto3\";\n{}{}\n",
                    "message M { ".repeat(DEPTH),
                    "}".repeat(DEPTH)
                ),
            ),
            ("old/db/migrations/0001_orders.up.sql", migration),
            ("new/db/migrations/0001_orders.up.sql", migration),
            (
                "new/db/migrations/0002_total.up.sql",
                &format!(
                    "ALTER TABLE orders ADD COLUMN total int DEFAULT {}1{};\n",
                    "(".repeat(DEPTH),
                    ")".repeat(DEPTH)
                ),
            ),
        ],
    );
    let out = run(
        &network,
        dir.path(),
        &["diff", "old", "new", "--format", "human"],
    );
    assert_error(
        &out,
        "cannot parse schemas/order.schema.json: Maximum nesting depth exceeded",
        Some("schemas/order.schema.json:1"),
    );
    assert_error(
        &out,
        "cannot parse schemas/item.schema.yaml: recursion limit exceeded",
        Some("schemas/item.schema.yaml:2"),
    );
    assert_error(
        &out,
        "reached maximum recursion limit for nested messages",
        Some("proto/shop/v1/order.proto:2"),
    );
    // Unlike a statement the parser does not support, one nested past its limit is bad input.
    assert_error(
        &out,
        "cannot parse db/migrations/0002_total.up.sql: this statement nests expressions or \
         queries more than 50 levels deep",
        Some("db/migrations/0002_total.up.sql:1"),
    );
    assert!(
        !text(&out).contains("sql/unparsed-statement"),
        "{}",
        text(&out)
    );
}

#[test]
fn a_file_over_the_size_limit_is_refused_unread() {
    let network = Network::watch();
    let dir = tempfile::tempdir().expect("temp dir");
    let migration = "CREATE TABLE orders (id bigserial PRIMARY KEY);\n";
    write_files(
        dir.path(),
        &[
            ("old/db/migrations/0001_orders.up.sql", migration),
            ("new/db/migrations/0001_orders.up.sql", migration),
        ],
    );
    // Sparse: 100 MB on paper, nothing on disk.
    let big = std::fs::File::create(dir.path().join("new/db/migrations/0002_seed.up.sql"))
        .expect("create");
    big.set_len(100 << 20).expect("set length");
    let out = run(&network, dir.path(), &["diff", "old", "new"]);
    let message = "db/migrations/0002_seed.up.sql is 100 MiB, over the 64 MiB limit";
    assert_error(&out, message, None);
    assert_eq!(text(&out).matches(message).count(), 1, "reported once");

    // Two files given on the command line.
    write_files(
        dir.path(),
        &[("order.schema.json", r#"{"type": "object"}"#)],
    );
    let big = std::fs::File::create(dir.path().join("big.schema.json")).expect("create");
    big.set_len(100 << 20).expect("set length");
    assert_error(
        &run(
            &network,
            dir.path(),
            &["diff", "order.schema.json", "big.schema.json"],
        ),
        "big.schema.json is 100 MiB, over the 64 MiB limit",
        None,
    );
}

#[test]
fn symlink_loops_are_not_followed() {
    let network = Network::watch();
    let dir = tempfile::tempdir().expect("temp dir");
    let migration = "CREATE TABLE orders (id bigserial PRIMARY KEY);\n";
    write_files(
        dir.path(),
        &[
            ("old/db/migrations/0001_orders.up.sql", migration),
            ("new/db/migrations/0001_orders.up.sql", migration),
        ],
    );
    let new = dir.path().join("new");
    for (link, target) in [
        ("new/loop", "."),
        ("new/db/up", ".."),
        ("new/db/migrations/a.sql", "b.sql"),
        ("new/db/migrations/b.sql", "a.sql"),
    ] {
        std::os::unix::fs::symlink(target, dir.path().join(link)).expect("symlink");
    }
    let out = run(&network, dir.path(), &["diff", "old", "new"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("no findings"), "{}", text(&out));
    assert!(new.join("loop").is_symlink());
}

#[test]
fn a_malformed_compat_toml_is_shown_where_it_is_wrong() {
    let network = Network::watch();
    for (case, message, line) in [
        ("config-syntax-error", "unclosed array table", 1),
        ("config-unknown-key", "unknown field `run_before_deploy`", 4),
        (
            "config-wrong-type",
            "invalid type: string \"schemas/*.json\", expected a sequence",
            2,
        ),
    ] {
        let out = diff_case(&network, case);
        assert_error(&out, "invalid compat.toml", None);
        assert_error(&out, message, None);
        assert!(
            text(&out).contains(&format!("compat.toml:{line}:")),
            "{case}: no code frame at line {line}:\n{}",
            text(&out)
        );
    }
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.com"])
        .args([
            "-c",
            "init.defaultBranch=main",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn git_trouble_is_a_clear_error() {
    let network = Network::watch();
    let dir = tempfile::tempdir().expect("temp dir");
    let repo = dir.path().join("repo");
    write_files(
        &repo,
        &[(
            "db/migrations/0001_orders.up.sql",
            "CREATE TABLE orders (id bigserial PRIMARY KEY);\n",
        )],
    );
    git(&repo, &["init", "-q"]);
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "-qm", "base"]);
    // A remote that would be contacted if compat fetched.
    git(
        &repo,
        &["remote", "add", "origin", &network.url("shop.git")],
    );

    for base in ["no-such-branch", "origin/main", "v9.9.9"] {
        assert_error(
            &run(&network, &repo, &["check", "--base", base]),
            &format!("unknown revision `{base}`"),
            None,
        );
    }
    assert_error(
        &run(&network, &repo, &["check", "--head", "no-such-branch"]),
        "unknown revision `no-such-branch`",
        None,
    );

    // The working tree, read from disk, has the same size limit and loop safety as `diff`.
    let big = std::fs::File::create(repo.join("db/migrations/0002_seed.up.sql")).expect("create");
    big.set_len(100 << 20).expect("set length");
    std::os::unix::fs::symlink(".", repo.join("db/loop")).expect("symlink");
    assert_error(
        &run(&network, &repo, &["check", "--base", "HEAD"]),
        "db/migrations/0002_seed.up.sql is 100 MiB, over the 64 MiB limit",
        None,
    );

    let plain = dir.path().join("plain");
    write_files(
        &plain,
        &[("db/migrations/0001_orders.up.sql", "SELECT 1;\n")],
    );
    let out = run(&network, &plain, &["check"]);
    assert_error(&out, "is not inside a git repository", None);
    assert_error(&out, "compat diff OLD NEW", None);
}

#[test]
fn a_buf_configuration_compat_cannot_read_is_framed_in_it() {
    let network = Network::watch();
    for (case, message, frame) in [
        (
            "buf-yaml-unknown-version",
            "proto/buf.yaml declares version `v3`, which buf does not have",
            "proto/buf.yaml:1",
        ),
        (
            "buf-yaml-syntax-error",
            "proto/buf.yaml does not parse",
            "proto/buf.yaml:4",
        ),
    ] {
        assert_error(&diff_case(&network, case), message, Some(frame));
    }
}

#[test]
fn an_edition_compat_does_not_know_is_framed_at_its_name() {
    let network = Network::watch();
    let out = diff_case(&network, "proto-edition-unknown");
    assert_error(
        &out,
        "shop/v1/order.proto declares edition `UNSTABLE`, which compat does not know",
        Some("shop/v1/order.proto:1"),
    );
}

#[test]
fn an_import_two_directories_could_mean_names_both() {
    let network = Network::watch();
    let out = diff_case(&network, "proto-import-ambiguous");
    assert_error(
        &out,
        "import 'common/money.proto' not found",
        Some("shop/v1/order.proto:5"),
    );
    assert!(
        text(&out).contains("`a/common/") && text(&out).contains("`b/common/"),
        "{}",
        text(&out)
    );
}
