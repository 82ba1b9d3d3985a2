//! `compat check` against throwaway git repositories.

use std::path::Path;
use std::process::Command;

use crate::support::{assert_exit, compat, stderr, stdout, write_files};

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.com",
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

const USERS: &str = "CREATE TABLE users (\n    id bigserial PRIMARY KEY,\n    nickname text\n);\n";
/// A new migration whose suppression matches nothing: one tolerant finding.
const STALE_ALLOW: &str = "-- compat:allow sql/drop-column reason: taken out later\nCREATE TABLE courses (id bigserial PRIMARY KEY);\n";

/// A repository whose `main` has one migration, on a branch `feature`.
fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    git(dir.path(), &["init", "-q"]);
    write_files(
        dir.path(),
        &[
            ("db/migrations/0001_users.up.sql", USERS),
            ("db/migrations/0001_users.down.sql", "DROP TABLE users;\n"),
        ],
    );
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-qm", "base"]);
    git(dir.path(), &["checkout", "-qb", "feature"]);
    dir
}

fn add_stale_allow(dir: &Path) {
    write_files(
        dir,
        &[
            ("db/migrations/0002_courses.up.sql", STALE_ALLOW),
            (
                "db/migrations/0002_courses.down.sql",
                "DROP TABLE courses;\n",
            ),
        ],
    );
}

#[test]
fn the_working_tree_is_compared_with_the_merge_base_of_main() {
    let repo = repository();
    add_stale_allow(repo.path());
    let out = compat(
        repo.path(),
        &["check", "--fail-on", "tolerant", "--format", "json"],
    );
    assert_exit(&out, 1);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    assert_eq!(json["findings"][0]["rule"], "core/unused-suppression");
    assert_eq!(
        json["findings"][0]["new"]["file"],
        "db/migrations/0002_courses.up.sql"
    );
}

#[test]
fn check_runs_from_a_subdirectory() {
    let repo = repository();
    add_stale_allow(repo.path());
    let out = compat(
        &repo.path().join("db"),
        &["check", "--base", "main", "--fail-on", "tolerant"],
    );
    assert_exit(&out, 1);
}

#[test]
fn head_and_staged_select_other_versions() {
    let repo = repository();
    add_stale_allow(repo.path());
    // Nothing staged yet: the index equals HEAD.
    assert_exit(
        &compat(repo.path(), &["check", "--staged", "--fail-on", "tolerant"]),
        0,
    );
    git(repo.path(), &["add", "."]);
    assert_exit(
        &compat(repo.path(), &["check", "--staged", "--fail-on", "tolerant"]),
        1,
    );
    git(repo.path(), &["commit", "-qm", "courses"]);
    assert_exit(
        &compat(
            repo.path(),
            &[
                "check",
                "--base",
                "main",
                "--head",
                "feature",
                "--fail-on",
                "tolerant",
            ],
        ),
        1,
    );
    assert_exit(
        &compat(
            repo.path(),
            &[
                "check",
                "--base",
                "feature",
                "--head",
                "HEAD",
                "--fail-on",
                "tolerant",
            ],
        ),
        0,
    );
}

#[test]
fn an_unknown_ref_is_an_error() {
    let repo = repository();
    let out = compat(repo.path(), &["check", "--base", "origin/nope"]);
    assert_exit(&out, 2);
    assert!(
        stderr(&out).contains("unknown revision `origin/nope`"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn without_a_base_the_error_says_how_to_pass_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    git(dir.path(), &["init", "-q", "-b", "trunk"]);
    write_files(dir.path(), &[("a.txt", "x\n")]);
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-qm", "first"]);
    let out = compat(dir.path(), &["check"]);
    assert_exit(&out, 2);
    assert!(stderr(&out).contains("--base"), "{}", stderr(&out));
}

#[test]
fn outside_a_repository_check_is_an_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = compat(dir.path(), &["check"]);
    assert_exit(&out, 2);
    assert!(
        stderr(&out).contains("not inside a git repository"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn paths_restrict_the_check_to_artifacts_under_them() {
    let repo = repository();
    add_stale_allow(repo.path());
    write_files(
        repo.path(),
        &[
            (
                "other/migrations/0001_x.up.sql",
                "CREATE TABLE x (id int);\n",
            ),
            ("other/migrations/0001_x.down.sql", "DROP TABLE x;\n"),
        ],
    );
    assert_exit(
        &compat(repo.path(), &["check", "--fail-on", "tolerant", "db"]),
        1,
    );
    assert_exit(
        &compat(repo.path(), &["check", "--fail-on", "tolerant", "other"]),
        0,
    );
    let missing = compat(repo.path(), &["check", "no-such-dir"]);
    assert_exit(&missing, 2);
    assert!(
        stderr(&missing).contains("matches no file"),
        "{}",
        stderr(&missing)
    );
}

#[test]
fn a_config_in_a_subdirectory_is_relative_to_its_directory() {
    let dir = tempfile::tempdir().expect("temp dir");
    git(dir.path(), &["init", "-q"]);
    let users = ("svc/db/migrations/0001_users.up.sql", USERS);
    write_files(
        dir.path(),
        &[
            users,
            ("svc/compat.toml", "[[sql]]\npath = \"db/migrations\"\n"),
        ],
    );
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-qm", "base"]);
    write_files(
        dir.path(),
        &[("svc/db/migrations/0002_courses.up.sql", STALE_ALLOW)],
    );
    let out = compat(
        &dir.path().join("svc"),
        &[
            "check",
            "--base",
            "main",
            "--fail-on",
            "tolerant",
            "--format",
            "json",
        ],
    );
    assert_exit(&out, 1);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    assert_eq!(
        json["findings"][0]["new"]["file"],
        "svc/db/migrations/0002_courses.up.sql"
    );

    write_files(
        dir.path(),
        &[("svc/compat.toml", "[[sql]]\npath = \"nowhere\"\n")],
    );
    let out = compat(&dir.path().join("svc"), &["check", "--base", "main"]);
    assert_exit(&out, 2);
    assert!(stdout(&out).contains("matches no file"), "{}", stdout(&out));
}

#[test]
fn a_repository_without_commits_compares_against_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    git(dir.path(), &["init", "-q"]);
    add_stale_allow(dir.path());
    assert_exit(&compat(dir.path(), &["check", "--fail-on", "tolerant"]), 1);
    git(dir.path(), &["add", "."]);
    assert_exit(
        &compat(dir.path(), &["check", "--staged", "--fail-on", "tolerant"]),
        1,
    );
}

/// The first ten characters of a commit id, as the report names versions (`path@<commit>`).
fn short_id(dir: &Path, rev: &str) -> String {
    let out = Command::new("git")
        .args(["rev-parse", rev])
        .current_dir(dir)
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .output()
        .expect("git runs");
    String::from_utf8_lossy(&out.stdout).trim()[..10].to_owned()
}

const ORDER: &str = "schemas/order.schema.json";

/// An order payload with `currency` as given, under a title that tells the versions apart.
fn order(title: &str, currency: &str, extra: &str) -> String {
    format!(
        "{{\n  \"$schema\": \"https://json-schema.org/draft/2020-12/schema\",\n  \"title\": \"{title}\",\n  \"type\": \"object\",\n  \"required\": [\"order_id\"],\n  \"properties\": {{\n    \"order_id\": {{ \"type\": \"string\" }},\n    \"currency\": {currency}{extra}\n  }}\n}}\n"
    )
}

/// A repository whose `main` holds one commit per version of `schemas/order.schema.json`, with
/// a compat.toml declaring the set in `mode`; returns it with the short id of each commit.
fn schema_history(mode: &str, versions: &[&[(&str, &str)]]) -> (tempfile::TempDir, Vec<String>) {
    let dir = tempfile::tempdir().expect("temp dir");
    git(dir.path(), &["init", "-q"]);
    let config =
        format!("[[jsonschema]]\npaths = [\"schemas/*.schema.json\"]\nmode = \"{mode}\"\n");
    write_files(dir.path(), &[("compat.toml", &config)]);
    let mut commits = Vec::new();
    for (n, files) in versions.iter().enumerate() {
        write_files(dir.path(), files);
        git(dir.path(), &["add", "-A"]);
        git(
            dir.path(),
            &["commit", "-qm", &format!("version {}", n + 1)],
        );
        commits.push(short_id(dir.path(), "HEAD"));
    }
    (dir, commits)
}

/// `compat check --base main --format json`: the exit code, and each finding's rule with the
/// old side's file.
fn check_json(dir: &Path) -> (i32, Vec<(String, String)>, serde_json::Value) {
    let out = compat(dir, &["check", "--base", "main", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out))
        .unwrap_or_else(|e| panic!("json: {e}\n{}\n{}", stdout(&out), stderr(&out)));
    let found = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or_default().to_owned(),
                f["old"]["file"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    (out.status.code().unwrap_or(-1), found, json)
}

#[test]
fn backward_transitive_compares_with_every_earlier_version() {
    let free = r#"{ "type": "string" }"#;
    let listed = r#"{ "type": "string", "enum": ["EUR", "USD"] }"#;
    let (repo, commits) = schema_history(
        "backward_transitive",
        &[
            &[(ORDER, &order("v1", free, ""))],
            &[(ORDER, &order("v2", free, ""))],
            &[(ORDER, &order("v3", listed, ""))],
        ],
    );
    // The release adds an optional property: fine against v3, the version deployed now; v1 and
    // v2 producers may still have jobs queued with any currency.
    let note = ",\n    \"note\": { \"type\": \"string\" }";
    write_files(repo.path(), &[(ORDER, &order("v4", listed, note))]);
    let (code, found, _) = check_json(repo.path());
    assert_eq!(code, 1);
    assert_eq!(
        found,
        [
            (
                "jsonschema/enum-value-removed".to_owned(),
                format!("{ORDER}@{}", commits[1])
            ),
            (
                "jsonschema/optional-property-added".to_owned(),
                ORDER.to_owned()
            ),
        ]
    );
    // The newest version that breaks is reported; the older one that breaks the same way is
    // named in a note instead of a second finding.
    let human = stdout(&compat(repo.path(), &["check", "--base", "main"]));
    assert!(
        human.contains(&format!(
            "also found against 1 earlier version: `{ORDER}@{}`",
            commits[0]
        )),
        "{human}"
    );
    assert!(
        human.contains(&format!(
            "found against the earlier version {ORDER}@{}, older than the base",
            commits[1]
        )),
        "{human}"
    );

    // `backward` alone sees only v3.
    write_files(
        repo.path(),
        &[(
            "compat.toml",
            "[[jsonschema]]\npaths = [\"schemas/*.schema.json\"]\nmode = \"backward\"\n",
        )],
    );
    let (code, found, _) = check_json(repo.path());
    assert_eq!(code, 0);
    assert_eq!(
        found,
        [(
            "jsonschema/optional-property-added".to_owned(),
            ORDER.to_owned()
        )]
    );
}

#[test]
fn transitive_depth_bounds_the_versions_compared() {
    let free = r#"{ "type": "string" }"#;
    let listed = r#"{ "type": "string", "enum": ["EUR", "USD"] }"#;
    let (repo, _) = schema_history(
        "backward_transitive",
        &[
            &[(ORDER, &order("v1", free, ""))],
            &[(ORDER, &order("v2", listed, ""))],
            &[(ORDER, &order("v3", listed, ""))],
        ],
    );
    write_files(
        repo.path(),
        &[
            (ORDER, &order("v4", listed, "")),
            (
                "compat.toml",
                "[[jsonschema]]\npaths = [\"schemas/*.schema.json\"]\nmode = \"backward_transitive\"\ntransitive_depth = 2\n",
            ),
        ],
    );
    // v3 and v2 are the last two versions; v1, which allowed any currency, is out of reach.
    assert_eq!(check_json(repo.path()).1, []);
    write_files(
        repo.path(),
        &[(
            "compat.toml",
            "[[jsonschema]]\npaths = [\"schemas/*.schema.json\"]\nmode = \"backward_transitive\"\ntransitive_depth = 3\n",
        )],
    );
    let (_, found, _) = check_json(repo.path());
    assert_eq!(
        found
            .iter()
            .map(|(rule, _)| rule.as_str())
            .collect::<Vec<_>>(),
        ["jsonschema/enum-value-removed"]
    );
}

#[test]
fn forward_transitive_protects_consumers_of_older_versions() {
    let closed = ",\n    \"additionalProperties\": false";
    let strict = format!(
        "{{\n  \"type\": \"object\",\n  \"properties\": {{ \"order_id\": {{ \"type\": \"string\" }} }}{closed}\n}}\n"
    );
    let declared = "{\n  \"type\": \"object\",\n  \"properties\": {\n    \"order_id\": { \"type\": \"string\" },\n    \"coupon\": { \"type\": \"string\" }\n  }\n}\n";
    let (repo, commits) = schema_history(
        "forward_transitive",
        &[&[(ORDER, &strict)], &[(ORDER, declared)]],
    );
    // The release starts to send `coupon`, declared since v2; a v1 consumer rejects it.
    let sends = declared.replace(
        "\"type\": \"object\",",
        "\"type\": \"object\",\n  \"required\": [\"coupon\"],",
    );
    write_files(repo.path(), &[(ORDER, &sends)]);
    let (code, found, _) = check_json(repo.path());
    assert_eq!(code, 1);
    assert_eq!(
        found,
        [(
            "jsonschema/property-added-to-closed-object".to_owned(),
            format!("{ORDER}@{}", commits[0])
        )]
    );
}

#[test]
fn earlier_versions_resolve_references_in_their_own_commit() {
    let (repo, commits) = schema_history(
        "full_transitive",
        &[
            &[
                (
                    ORDER,
                    &order("v1", r#"{ "$ref": "common.json#/$defs/currency" }"#, ""),
                ),
                (
                    "schemas/common.json",
                    "{\n  \"$defs\": {\n    \"currency\": { \"type\": \"string\", \"maxLength\": 3 }\n  }\n}\n",
                ),
            ],
            &[(
                ORDER,
                &order("v2", r#"{ "type": "string", "maxLength": 8 }"#, ""),
            )],
        ],
    );
    git(repo.path(), &["rm", "-q", "schemas/common.json"]);
    git(repo.path(), &["commit", "-qm", "common.json unused"]);
    write_files(
        repo.path(),
        &[(
            ORDER,
            &order("v3", r#"{ "type": "string", "maxLength": 8 }"#, ""),
        )],
    );
    // v1's consumers allow 3 characters, in a file that exists only in v1's commit.
    let (code, found, _) = check_json(repo.path());
    assert_eq!(code, 1);
    assert_eq!(
        found,
        [(
            "jsonschema/bound-loosened".to_owned(),
            format!("schemas/common.json@{}", commits[0])
        )]
    );
}

#[test]
fn an_earlier_version_that_does_not_load_is_reported_not_an_error() {
    let (repo, commits) = schema_history(
        "backward_transitive",
        &[
            &[(ORDER, "{ \"type\": \"object\",\n")],
            &[(ORDER, &order("v2", r#"{ "type": "string" }"#, ""))],
        ],
    );
    write_files(
        repo.path(),
        &[(ORDER, &order("v3", r#"{ "type": "string" }"#, ""))],
    );
    let (code, found, json) = check_json(repo.path());
    assert_eq!(code, 0, "{json:#}");
    // The related frame shows where that version fails to parse.
    assert_eq!(
        found,
        [(
            "jsonschema/transitive-check-incomplete".to_owned(),
            format!("{ORDER}@{}", commits[0])
        )]
    );
    let message = json["findings"][0]["message"].as_str().expect("message");
    assert!(
        message.contains(&format!("{ORDER}@{}", commits[0])),
        "{message}"
    );
    // A reviewer who knows that version never shipped says so on the schema's root.
    let allowed = order("v3", r#"{ "type": "string" }"#, "").replacen(
        "{\n",
        "{\n  \"x-compat-allow\": [{\"rule\": \"jsonschema/transitive-check-incomplete\", \"reason\": \"v1 never shipped\"}],\n",
        1,
    );
    write_files(repo.path(), &[(ORDER, &allowed)]);
    let (code, _, json) = check_json(repo.path());
    assert_eq!(code, 0);
    assert_eq!(json["findings"][0]["suppressed"], true, "{json:#}");
}

#[test]
fn a_shallow_clone_says_that_older_versions_were_not_compared() {
    let (origin, _) = schema_history(
        "full_transitive",
        &[
            &[(ORDER, &order("v1", r#"{ "type": "string" }"#, ""))],
            &[(ORDER, &order("v2", r#"{ "type": "string" }"#, ""))],
        ],
    );
    let clone = tempfile::tempdir().expect("temp dir");
    let url = format!("file://{}", origin.path().display());
    git(clone.path(), &["clone", "-q", "--depth", "1", &url, "."]);
    write_files(
        clone.path(),
        &[(ORDER, &order("v3", r#"{ "type": "string" }"#, ""))],
    );
    let out = compat(
        clone.path(),
        &["check", "--base", "HEAD", "--format", "json"],
    );
    assert_exit(&out, 0);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    assert_eq!(
        json["findings"][0]["rule"],
        "jsonschema/transitive-check-incomplete"
    );
    assert!(
        json["findings"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("shallow clone")),
        "{json:#}"
    );
}

#[test]
fn earlier_versions_are_compared_only_when_the_schema_or_its_references_changed() {
    let common = |description: &str| {
        format!(
            "{{\n  \"$defs\": {{\n    \"currency\": {{ \"type\": \"string\", \"enum\": [\"EUR\", \"USD\"], \"description\": \"{description}\" }}\n  }}\n}}\n"
        )
    };
    let by_ref = r#"{ "$ref": "common.json#/$defs/currency" }"#;
    let (repo, commits) = schema_history(
        "backward_transitive",
        &[
            &[(ORDER, &order("v1", r#"{ "type": "string" }"#, ""))],
            &[
                (ORDER, &order("v2", by_ref, "")),
                ("schemas/common.json", &common("ISO 4217")),
            ],
        ],
    );
    // Nothing the schema reads changed: v2 was compared with v1 when it was released.
    write_files(repo.path(), &[("README.md", "docs\n")]);
    assert_eq!(check_json(repo.path()).1, []);
    // A referenced file changed: the schema as a whole is new, and v1 producers still break.
    write_files(
        repo.path(),
        &[("schemas/common.json", &common("ISO 4217 code"))],
    );
    let (code, found, _) = check_json(repo.path());
    assert_eq!(code, 1);
    assert_eq!(
        found,
        [(
            "jsonschema/enum-value-removed".to_owned(),
            format!("{ORDER}@{}", commits[0])
        )]
    );
}

const MONEY_V1: &str = "syntax = \"proto3\";\npackage acme.common.v1;\nmessage Money {\n  string currency = 1;\n  int64 units = 2;\n}\n";
const ORDERS: &str = "syntax = \"proto3\";\npackage acme.orders.v1;\nimport \"acme/common/v1/money.proto\";\nservice Orders {\n  rpc Get(Order) returns (Order);\n}\nmessage Order {\n  acme.common.v1.Money total = 1;\n}\n";

/// Only the changed file is read on the old side; the unchanged file that imports it is found
/// through the new side's imports, and its gRPC service decides that only the binary encoding
/// reaches the change (without it, ProtoJSON would be assumed and the rename breaking).
#[test]
fn a_proto_change_reaches_the_services_of_unchanged_importers() {
    let dir = tempfile::tempdir().expect("temp dir");
    git(dir.path(), &["init", "-q"]);
    write_files(
        dir.path(),
        &[
            ("proto/acme/common/v1/money.proto", MONEY_V1),
            ("proto/acme/orders/v1/orders.proto", ORDERS),
        ],
    );
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-qm", "base"]);
    let renamed = MONEY_V1.replace("int64 units", "int64 amount");
    write_files(
        dir.path(),
        &[("proto/acme/common/v1/money.proto", &renamed)],
    );
    for args in [
        &["check", "--base", "HEAD", "--format", "json"][..],
        &["check", "--staged", "--format", "json"][..],
    ] {
        if args.contains(&"--staged") {
            git(dir.path(), &["add", "."]);
        }
        let out = compat(dir.path(), args);
        assert_exit(&out, 0);
        let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
        assert_eq!(json["findings"].as_array().map(Vec::len), Some(1), "{json}");
        assert_eq!(
            json["findings"][0]["rule"],
            "proto/field-renamed-binary-only"
        );
    }
}
