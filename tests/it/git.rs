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
