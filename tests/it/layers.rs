//! The layers of the crate, as the codemap in `src/lib.rs` states them: each top-level module
//! imports only the modules listed for it here. A kind never imports another kind, and `core`
//! imports nothing. Test code (`#[cfg(test)]` items and the files they declare) may reach
//! anywhere, as tests go through the front door.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::support::root;

/// Each module and the modules it may import; `*` for the binary's own files, which may import
/// anything. A module absent from this table fails the test, so a new one gets a place.
const LAYERS: &[(&str, &[&str])] = &[
    ("core", &[]),
    ("error", &[]),
    ("catalog", &["core"]),
    ("report", &["core", "catalog"]),
    ("suppress", &["core", "catalog", "report"]),
    ("input", &["core", "catalog", "error"]),
    ("analyzer", &["core", "input", "suppress"]),
    ("schema", &["core", "analyzer", "input", "suppress"]),
    (
        "sql",
        &["core", "catalog", "input", "analyzer", "suppress", "error"],
    ),
    (
        "proto",
        &["core", "catalog", "input", "analyzer", "suppress", "error"],
    ),
    (
        "jsonschema",
        &[
            "core", "catalog", "input", "analyzer", "suppress", "error", "schema",
        ],
    ),
    (
        "openapi",
        &[
            "core", "catalog", "input", "analyzer", "suppress", "error", "schema",
        ],
    ),
    (
        "engine",
        &[
            "core",
            "catalog",
            "report",
            "suppress",
            "input",
            "analyzer",
            "sql",
            "proto",
            "jsonschema",
            "openapi",
        ],
    ),
    ("render", &["core", "catalog", "report", "error"]),
    (
        "run",
        &["core", "catalog", "report", "input", "engine", "error"],
    ),
    ("lib", &["*"]),
    ("main", &["*"]),
    ("cli", &["*"]),
];

const KINDS: [&str; 4] = ["sql", "proto", "jsonschema", "openapi"];

/// Items `lib.rs` re-exports at the crate root, by the module they come from.
const ROOT_ITEMS: [(&str, &str); 2] = [("Error", "error"), ("FileDiagnostic", "error")];

#[test]
fn modules_import_only_the_layers_below_them() {
    let allowed: BTreeMap<&str, &[&str]> = LAYERS.iter().copied().collect();
    let mut crossings = BTreeSet::new();
    for file in library_files() {
        let relative = file.strip_prefix(root().join("src")).expect("under src");
        let module = top_module(relative);
        let Some(may) = allowed.get(module.as_str()) else {
            crossings.insert(format!(
                "{}: module `{module}` has no place in LAYERS",
                relative.display()
            ));
            continue;
        };
        if may.contains(&"*") {
            continue;
        }
        let text = std::fs::read_to_string(&file).expect("source is UTF-8");
        for used in imported_modules(&production_code(&text), relative) {
            if used != module && !may.contains(&used.as_str()) {
                crossings.insert(format!(
                    "{}: `{module}` imports `{used}`",
                    relative.display()
                ));
            }
        }
    }
    assert!(
        crossings.is_empty(),
        "imports across the layers (see the codemap in src/lib.rs):\n{}",
        crossings.into_iter().collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn no_kind_may_import_another_and_core_imports_nothing() {
    for (module, may) in LAYERS {
        if KINDS.contains(module) {
            assert!(
                may.iter().all(|m| !KINDS.contains(m)),
                "LAYERS lets the kind `{module}` import another kind"
            );
        }
    }
    assert!(LAYERS.iter().any(|(m, may)| *m == "core" && may.is_empty()));
}

#[test]
fn the_scan_sees_imports_through_crate_and_super() {
    let code = "use crate::{core::Span, input::{Tree, config}};\nuse super::super::super::proto::x;\nuse super::super::model;\nfn f() { crate::sql::a(); }\n";
    let found = imported_modules(code, Path::new("openapi/rules/a.rs"));
    assert_eq!(found, ["core", "input", "openapi", "proto", "sql"]);
    let test_only =
        "use crate::core::Span;\n#[cfg(test)]\nmod tests {\n    use crate::sql::x;\n}\n";
    assert_eq!(
        imported_modules(&production_code(test_only), Path::new("openapi/a.rs")),
        ["core"]
    );
}

/// The library's source files, without the files only tests compile.
fn library_files() -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    let mut test_only = BTreeSet::new();
    let mut stack = vec![root().join("src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("src is readable") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).expect("source is UTF-8");
                for name in test_modules(&text) {
                    let parent = if path
                        .file_name()
                        .is_some_and(|n| n == "mod.rs" || n == "lib.rs")
                    {
                        path.parent().expect("a folder").to_path_buf()
                    } else {
                        path.with_extension("")
                    };
                    test_only.insert(parent.join(format!("{name}.rs")));
                    test_only.insert(parent.join(&name).join("mod.rs"));
                }
                files.push(path);
            }
        }
    }
    files.retain(|f| !test_only.contains(f));
    files.sort();
    files
}

/// `src/sql/rules/x.rs` -> `sql`; `src/run.rs` -> `run`.
fn top_module(relative: &Path) -> String {
    let first = relative
        .components()
        .next()
        .expect("a path")
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_owned()
}

/// The names of `mod x;` declarations under `#[cfg(test)]`.
fn test_modules(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut lines = text.lines().map(str::trim);
    while let Some(line) = lines.next() {
        if line != "#[cfg(test)]" {
            continue;
        }
        if let Some(next) = lines.next() {
            let declared = next
                .strip_prefix("pub(crate) mod ")
                .or_else(|| next.strip_prefix("mod "))
                .and_then(|rest| rest.strip_suffix(';'));
            names.extend(declared.map(str::to_owned));
        }
    }
    names
}

/// The text without comments and without `#[cfg(test)]` items.
fn production_code(text: &str) -> String {
    let code: String = text
        .lines()
        .map(|line| match line.find("//") {
            Some(at) => &line[..at],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n");
    let mut out = String::new();
    let mut rest = code.as_str();
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let semicolon = rest.find(';');
        let brace = rest.find('{');
        match (semicolon, brace) {
            (Some(s), Some(b)) if s < b => rest = &rest[s + 1..],
            (Some(s), None) => rest = &rest[s + 1..],
            (_, Some(b)) => rest = &rest[skip_block(rest, b)..],
            (None, None) => rest = "",
        }
    }
    out.push_str(rest);
    out
}

/// The offset just past the block that opens at `open`.
fn skip_block(text: &str, open: usize) -> usize {
    let mut depth = 0usize;
    for (i, c) in text[open..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return open + i + 1;
                }
            }
            _ => {}
        }
    }
    text.len()
}

/// The top-level modules a file names through `crate::` or `super::` paths, sorted.
fn imported_modules(code: &str, relative: &Path) -> Vec<String> {
    // The file's module path: `sql/rules/x.rs` is `sql::rules::x`, `sql/mod.rs` is `sql`.
    let mut own: Vec<String> = relative
        .with_extension("")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if own
        .last()
        .is_some_and(|l| l == "mod" || l == "lib" || l == "main")
    {
        own.pop();
    }
    let mut paths = Vec::new();
    let mut offset = 0;
    for line in code.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let after_visibility = ["pub ", "pub(crate) ", "pub(super) "]
            .iter()
            .find_map(|v| trimmed.strip_prefix(v))
            .unwrap_or(trimmed);
        if let Some(tree) = after_visibility.strip_prefix("use ") {
            let start = offset + (line.len() - tree.len());
            let end = code[start..].find(';').map_or(code.len(), |e| start + e);
            expand(&code[start..end], String::new(), &mut paths);
        }
        offset += line.len();
    }
    paths.extend(
        code.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
            .filter(|w| w.starts_with("crate::") || w.starts_with("super::"))
            .map(str::to_owned),
    );
    let mut found = BTreeSet::new();
    for path in paths {
        let segments: Vec<&str> = path.split("::").filter(|s| !s.is_empty()).collect();
        let head = match segments.first() {
            Some(&"crate") => segments.get(1).copied(),
            Some(&"super") => {
                let ups = segments.iter().take_while(|s| **s == "super").count();
                if ups < own.len() {
                    own.first().map(String::as_str)
                } else {
                    segments.get(ups).copied()
                }
            }
            _ => None,
        };
        let head = head.map(|h| {
            ROOT_ITEMS
                .iter()
                .find(|(item, _)| *item == h)
                .map_or(h, |(_, module)| *module)
        });
        if let Some(head) = head.filter(|h| *h != "self") {
            found.insert(head.to_owned());
        }
    }
    found.into_iter().collect()
}

/// The paths of a use tree: `a::{b, c::{d}}` -> `a::b`, `a::c::d`.
fn expand(tree: &str, prefix: String, out: &mut Vec<String>) {
    let mut depth = 0;
    let mut start = 0;
    let tree = tree.trim();
    let mut parts = Vec::new();
    for (i, c) in tree.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&tree[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&tree[start..]);
    for part in parts.into_iter().map(str::trim).filter(|p| !p.is_empty()) {
        let part = part.split(" as ").next().unwrap_or(part).trim();
        match part.find('{') {
            Some(open) => {
                let head = part[..open].trim().trim_end_matches("::");
                let close = part.rfind('}').filter(|&c| c > open).unwrap_or(part.len());
                expand(&part[open + 1..close], join(&prefix, head), out);
            }
            None => out.push(join(&prefix, part)),
        }
    }
}

fn join(prefix: &str, path: &str) -> String {
    match (prefix.is_empty(), path.is_empty()) {
        (true, _) => path.to_owned(),
        (_, true) => prefix.to_owned(),
        _ => format!("{prefix}::{path}"),
    }
}
