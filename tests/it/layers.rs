//! The layers of the crate, as the codemap in `src/lib.rs` states them: each top-level module
//! imports only the modules listed for it here, a kind never imports another kind, `core`
//! imports nothing, and no import cycle joins files of different folders. Test code
//! (`#[cfg(test)]` items and the files they declare) may reach anywhere, as tests go through the
//! front door.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

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
        &[
            "core", "catalog", "input", "analyzer", "suppress", "error", "schema",
        ],
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
            "schema",
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
    let crate_files = CrateFiles::read();
    let mut crossings = BTreeSet::new();
    for file in &crate_files.files {
        let module = file.module.first().map_or("lib", String::as_str);
        let Some(may) = allowed.get(module) else {
            crossings.insert(format!(
                "{}: module `{module}` has no place in LAYERS",
                file.relative
            ));
            continue;
        };
        if may.contains(&"*") {
            continue;
        }
        for used in crate_files.imported_modules(file) {
            if used != module && !may.contains(&used.as_str()) {
                crossings.insert(format!("{}: `{module}` imports `{used}`", file.relative));
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
fn no_import_cycle_joins_files_of_different_folders() {
    let crate_files = CrateFiles::read();
    let edges: Vec<BTreeSet<usize>> = crate_files
        .files
        .iter()
        .map(|file| crate_files.imported_files(file))
        .collect();
    let mut cycles = Vec::new();
    for component in strongly_connected(&edges) {
        let folders: BTreeSet<&str> = component
            .iter()
            .map(|&i| crate_files.files[i].folder.as_str())
            .collect();
        if folders.len() > 1 {
            let mut names: Vec<&str> = component
                .iter()
                .map(|&i| crate_files.files[i].relative.as_str())
                .collect();
            names.sort_unstable();
            cycles.push(names.join(", "));
        }
    }
    assert!(
        cycles.is_empty(),
        "files of different folders that import each other, through a cycle (a rule must import only what does not import the rules):\n{}",
        cycles.join("\n")
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
fn the_scan_sees_imports_through_crate_super_and_names_bound_to_modules() {
    let own = module_of(Path::new("openapi/rules/a.rs"));
    let code = "use crate::{core::Span, input::{Tree, config}};\nuse super::super::super::proto::x;\nuse super::super::model;\nfn f() { crate::sql::a(); model::b(); }\n";
    let mut heads: Vec<String> = named_paths(code, &own, &BTreeSet::new())
        .into_iter()
        .filter_map(|p| p.first().cloned())
        .collect();
    heads.sort();
    heads.dedup();
    assert_eq!(heads, ["core", "input", "openapi", "proto", "sql"]);
    let modules: BTreeSet<Vec<String>> = [vec!["openapi".to_owned(), "model".to_owned()]].into();
    let paths = named_paths(code, &own, &modules);
    assert!(paths.contains(&vec!["openapi".into(), "model".into(), "b".into()]));
    let test_only =
        "use crate::core::Span;\n#[cfg(test)]\nmod tests {\n    use crate::sql::x;\n}\n";
    let paths = named_paths(&production_code(test_only), &own, &BTreeSet::new());
    assert_eq!(paths, [vec!["core".to_owned(), "Span".to_owned()]]);
}

/// One source file of the library.
struct SourceFile {
    /// Relative to `src/`, with `/`.
    relative: String,
    folder: String,
    /// `sql/rules/x.rs` is `["sql", "rules", "x"]`, `sql/mod.rs` is `["sql"]`.
    module: Vec<String>,
    code: String,
}

/// The library's files, without those only tests compile.
struct CrateFiles {
    files: Vec<SourceFile>,
    /// The index of each module's file.
    by_module: BTreeMap<Vec<String>, usize>,
}

impl CrateFiles {
    fn read() -> CrateFiles {
        let src = root().join("src");
        let mut paths = Vec::new();
        let mut test_only = BTreeSet::new();
        let mut stack = vec![src.clone()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).expect("src is readable") {
                let path = entry.expect("entry").path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&path).expect("source is UTF-8");
                    test_only.extend(test_module_files(&path, &text));
                    paths.push(path);
                }
            }
        }
        paths.retain(|p| !test_only.contains(p));
        paths.sort();
        let files: Vec<SourceFile> = paths
            .iter()
            .map(|path| {
                let relative = path.strip_prefix(&src).expect("under src");
                SourceFile {
                    relative: relative.to_string_lossy().replace('\\', "/"),
                    folder: relative
                        .parent()
                        .map(|p| p.to_string_lossy().replace('\\', "/"))
                        .unwrap_or_default(),
                    module: module_of(relative),
                    code: production_code(&std::fs::read_to_string(path).expect("UTF-8")),
                }
            })
            .collect();
        let by_module = files
            .iter()
            .enumerate()
            .map(|(i, f)| (f.module.clone(), i))
            .collect();
        CrateFiles { files, by_module }
    }

    fn modules(&self) -> BTreeSet<Vec<String>> {
        self.by_module.keys().cloned().collect()
    }

    /// The top-level modules a file names.
    fn imported_modules(&self, file: &SourceFile) -> BTreeSet<String> {
        named_paths(&file.code, &file.module, &self.modules())
            .into_iter()
            .filter_map(|path| path.into_iter().next())
            .map(|head| {
                ROOT_ITEMS
                    .iter()
                    .find(|(item, _)| *item == head)
                    .map_or(head, |(_, module)| (*module).to_owned())
            })
            .collect()
    }

    /// The files a file names: for each path, the file of its longest module prefix.
    fn imported_files(&self, file: &SourceFile) -> BTreeSet<usize> {
        let own = self.by_module.get(&file.module).copied();
        named_paths(&file.code, &file.module, &self.modules())
            .into_iter()
            .filter_map(|path| {
                (1..=path.len())
                    .rev()
                    .find_map(|n| self.by_module.get(&path[..n]).copied())
            })
            .filter(|&target| Some(target) != own)
            .collect()
    }
}

/// `sql/rules/x.rs` -> `["sql", "rules", "x"]`; `sql/mod.rs` -> `["sql"]`; `lib.rs` -> `[]`.
fn module_of(relative: &Path) -> Vec<String> {
    let mut module: Vec<String> = relative
        .with_extension("")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if module
        .last()
        .is_some_and(|l| l == "mod" || l == "lib" || l == "main")
    {
        module.pop();
    }
    module
}

/// The files of the `mod x;` declarations under `#[cfg(test)]` in `file`.
fn test_module_files(file: &Path, text: &str) -> Vec<PathBuf> {
    let parent = if file
        .file_name()
        .is_some_and(|n| n == "mod.rs" || n == "lib.rs")
    {
        file.parent().expect("a folder").to_path_buf()
    } else {
        file.with_extension("")
    };
    let mut found = Vec::new();
    let mut lines = text.lines().map(str::trim);
    while let Some(line) = lines.next() {
        if line != "#[cfg(test)]" {
            continue;
        }
        let declared = lines.next().and_then(|next| {
            next.strip_prefix("pub(crate) mod ")
                .or_else(|| next.strip_prefix("mod "))
                .and_then(|rest| rest.strip_suffix(';'))
        });
        if let Some(name) = declared {
            found.push(parent.join(format!("{name}.rs")));
            found.push(parent.join(name).join("mod.rs"));
        }
    }
    found
}

/// The text without comments and without `#[cfg(test)]` items.
fn production_code(text: &str) -> String {
    let code: String = text
        .lines()
        .map(|line| line.find("//").map_or(line, |at| &line[..at]))
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

/// The crate-rooted paths a file's code names: through `use` trees, `crate::`, `super::` and
/// `self::` paths, and names a `use` binds to a module of `modules` or that are child modules.
fn named_paths(code: &str, own: &[String], modules: &BTreeSet<Vec<String>>) -> Vec<Vec<String>> {
    let mut written = Vec::new();
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
            expand(&code[start..end], String::new(), &mut written);
        }
        offset += line.len();
    }
    let used: Vec<String> = written.clone();
    let words: Vec<&str> = code
        .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
        .filter(|w| w.contains("::"))
        .collect();
    // Names bound to modules: what a `use` names that is a module.
    let mut aliases: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for path in &used {
        let Some(absolute) = absolute(path, own, modules, &BTreeMap::new()) else {
            continue;
        };
        if modules.contains(&absolute)
            && let Some(last) = absolute.last()
        {
            aliases.insert(last.clone(), absolute.clone());
        }
    }
    written.extend(words.into_iter().map(str::to_owned));
    let mut paths: Vec<Vec<String>> = written
        .iter()
        .filter_map(|path| absolute(path, own, modules, &aliases))
        .collect();
    paths.sort();
    paths.dedup();
    paths
}

/// A path as the crate-rooted segments it names, when it names something of the crate.
fn absolute(
    path: &str,
    own: &[String],
    modules: &BTreeSet<Vec<String>>,
    aliases: &BTreeMap<String, Vec<String>>,
) -> Option<Vec<String>> {
    let mut segments = path.split("::").filter(|s| !s.is_empty());
    let mut at: Vec<String> = match segments.next()? {
        "crate" => Vec::new(),
        "self" => own.to_vec(),
        "super" => {
            let mut at = own.to_vec();
            at.pop()?;
            at
        }
        head => {
            let mut child = own.to_vec();
            child.push(head.to_owned());
            if modules.contains(&child) {
                child
            } else {
                aliases.get(head)?.clone()
            }
        }
    };
    for segment in segments {
        match segment {
            "super" => {
                at.pop()?;
            }
            "self" => {}
            name => at.push(name.to_owned()),
        }
    }
    Some(at)
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

/// The strongly connected components of a graph (Tarjan's algorithm, with an explicit stack).
fn strongly_connected(edges: &[BTreeSet<usize>]) -> Vec<Vec<usize>> {
    let count = edges.len();
    let mut index = vec![usize::MAX; count];
    let mut low = vec![0; count];
    let mut on_stack = vec![false; count];
    let mut stack = Vec::new();
    let mut components = Vec::new();
    let mut next = 0;
    for start in 0..count {
        if index[start] != usize::MAX {
            continue;
        }
        let mut work: Vec<(usize, Vec<usize>)> = Vec::new();
        index[start] = next;
        low[start] = next;
        next += 1;
        stack.push(start);
        on_stack[start] = true;
        work.push((start, edges[start].iter().copied().collect()));
        while let Some((node, pending)) = work.last_mut() {
            let node = *node;
            if let Some(target) = pending.pop() {
                if index[target] == usize::MAX {
                    index[target] = next;
                    low[target] = next;
                    next += 1;
                    stack.push(target);
                    on_stack[target] = true;
                    work.push((target, edges[target].iter().copied().collect()));
                } else if on_stack[target] {
                    low[node] = low[node].min(index[target]);
                }
                continue;
            }
            work.pop();
            if let Some((parent, _)) = work.last() {
                low[*parent] = low[*parent].min(low[node]);
            }
            if low[node] == index[node] {
                let mut component = Vec::new();
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component.push(member);
                    if member == node {
                        break;
                    }
                }
                components.push(component);
            }
        }
    }
    components
}
