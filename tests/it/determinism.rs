//! The same input gives byte-identical output in every format: on the demo release and on the
//! richest fixture of each kind, run twice in separate processes (so hash maps are seeded
//! differently) and with different thread counts (so parallel parsing finishes in another order).

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output};

use crate::fixtures::cases;
use crate::support::root;

const FORMATS: [&str; 6] = ["human", "json", "sarif", "github", "junit", "markdown"];

fn run(args: &[&str], threads: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_compat"))
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .env("RAYON_NUM_THREADS", threads)
        .output()
        .expect("the compat binary runs")
}

#[track_caller]
fn assert_deterministic(old: &Path, new: &Path, config: Option<&Path>) {
    let (old, new) = (old.display().to_string(), new.display().to_string());
    for format in FORMATS {
        let mut args = vec!["diff", &old, &new, "--format", format, "--fail-on", "never"];
        let config = config.map(|c| c.display().to_string());
        if let Some(config) = &config {
            args.extend(["--config", config]);
        }
        let first = run(&args, "1");
        let second = run(&args, "4");
        assert_eq!(
            first.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&first.stderr)
        );
        assert!(!first.stdout.is_empty(), "{args:?} printed nothing");
        assert!(
            first.stdout == second.stdout && first.stderr == second.stderr,
            "{args:?} printed different output on the second run:\n--- first\n{}\n--- second\n{}",
            String::from_utf8_lossy(&first.stdout),
            String::from_utf8_lossy(&second.stdout)
        );
    }
}

#[test]
fn the_demo_release_renders_identically_every_time() {
    let demo = root().join("fixtures/demo/checkout");
    assert_deterministic(&demo.join("old"), &demo.join("new"), None);
}

/// Per kind, the case expecting the most findings (the first such case in path order).
#[test]
fn a_fixture_of_each_kind_renders_identically_every_time() {
    let mut richest = BTreeMap::new();
    for (dir, case) in cases() {
        let kind = dir
            .strip_prefix(root().join("fixtures"))
            .expect("under fixtures")
            .components()
            .next()
            .expect("a kind directory")
            .as_os_str()
            .to_string_lossy()
            .into_owned();
        let best =
            richest
                .entry(kind)
                .or_insert((dir.clone(), case.expect.len(), case.config.clone()));
        if case.expect.len() > best.1 {
            *best = (dir, case.expect.len(), case.config);
        }
    }
    assert!(richest.len() >= 2, "fixtures of several kinds: {richest:?}");
    let configs = tempfile::tempdir().expect("temp dir");
    for (kind, (dir, expected, config)) in richest {
        assert!(expected > 0, "{kind}: no fixture with findings");
        let config = config.map(|table| {
            let path = configs.path().join(format!("{kind}.toml"));
            std::fs::write(&path, toml::to_string(&table).expect("serializes")).expect("write");
            path
        });
        assert_deterministic(&dir.join("old"), &dir.join("new"), config.as_deref());
    }
}
