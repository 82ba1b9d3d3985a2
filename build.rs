#![allow(clippy::expect_used, clippy::unwrap_used, clippy::print_stdout)]
//! Reads the rule pages under `rules/` and generates the rule catalog as Rust:
//!
//! - `rule_ids.rs`: the `RuleId` enum, one variant per page, in id order (`core::RuleId`);
//! - `rule_pages.rs`: every page's front matter and body as static data (`catalog`);
//! - `rules_<kind>.rs`: an assertion per active rule of a kind that its module declares the page's
//!   id (included by the kind's `rules/mod.rs`).
//!
//! It also checks each kind's rules folder: every active page has its file and its `pub mod` line
//! in the folder's `mod.rs`, and every file there is the rule of an active page, or a helper.
//!
//! So a rule without a page, a page without a rule file, or a page that does not parse fails the
//! build, and nothing about the catalog is parsed or checked at run time.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs};

use serde::Deserialize;

/// The folders of `rules/`, with the module whose `rules` submodule holds their rule files.
const KINDS: [(&str, &str); 5] = [
    ("core", "suppress"),
    ("jsonschema", "jsonschema"),
    ("openapi", "openapi"),
    ("proto", "proto"),
    ("sql", "sql"),
];

/// The files of a kind's rules folder that are not rules, by kind: every other file there is the
/// rule of a page.
const HELPERS: [(&str, &str); 4] = [
    ("proto", "field_type.rs"),
    ("proto", "tests.rs"),
    ("sql", "types.rs"),
    ("sql", "tests.rs"),
];

/// A page's front matter, as the catalog's module docs (`src/catalog/mod.rs`) describe it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Front {
    id: String,
    class: Keyword<Class>,
    windows: Vec<Keyword<Window>>,
    effect: Keyword<Effect>,
    summary: String,
    help: String,
    #[serde(default)]
    equivalents: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    status: Option<Keyword<Status>>,
}

/// A keyword of the front matter and the Rust path of its value.
#[derive(Deserialize)]
#[serde(transparent)]
struct Keyword<T>(T);

macro_rules! keywords {
    ($ty:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        #[derive(Deserialize, Clone, Copy, PartialEq)]
        enum $ty { $(#[serde(rename = $text)] $variant),+ }

        impl Keyword<$ty> {
            fn path(&self) -> String {
                match self.0 { $($ty::$variant => format!("{}::{}", stringify!($ty), stringify!($variant))),+ }
            }
        }
    };
}

keywords!(Class { Additive => "additive", Tolerant => "tolerant", Breaking => "breaking" });
keywords!(Window { Rollout => "rollout", Rollback => "rollback" });
keywords!(Effect { Contract => "contract", Availability => "availability", DataLoss => "data-loss" });
keywords!(Status { Active => "active", Removed => "removed" });

struct Page {
    path: String,
    front: Front,
    body: String,
}

impl Page {
    /// `sql/drop-column` -> `SqlDropColumn`.
    fn variant(&self) -> String {
        self.front
            .id
            .split(['/', '-'])
            .map(|word| {
                let mut chars = word.chars();
                chars.next().map_or_else(String::new, |first| {
                    first.to_ascii_uppercase().to_string() + chars.as_str()
                })
            })
            .collect()
    }

    fn kind(&self) -> &str {
        self.front.id.split_once('/').map_or("", |(kind, _)| kind)
    }

    /// `sql/drop-column` -> `crate::sql::rules::drop_column`.
    fn module(&self) -> String {
        let (kind, name) = self.front.id.split_once('/').unwrap();
        let (_, module) = KINDS.iter().find(|(k, _)| *k == kind).unwrap();
        format!("crate::{module}::rules::{}", name.replace('-', "_"))
    }

    fn active(&self) -> bool {
        !matches!(self.front.status, Some(Keyword(Status::Removed)))
    }
}

fn main() {
    println!("cargo:rerun-if-changed=rules");
    version_with_commit();
    let mut files = Vec::new();
    collect(Path::new("rules"), &mut files);
    let mut pages: Vec<Page> = files.iter().map(|file| read_page(file)).collect();
    pages.sort_by(|a, b| a.front.id.cmp(&b.front.id));
    for pair in pages.windows(2) {
        if pair[0].front.id == pair[1].front.id {
            fail(
                &pair[1].path,
                &format!("id `{}` is used twice", pair[1].front.id),
            );
        }
    }
    check_rule_folders(&pages);
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("OUT_DIR"));
    fs::write(out.join("rule_ids.rs"), rule_ids(&pages)).expect("write rule_ids.rs");
    fs::write(out.join("rule_pages.rs"), rule_pages(&pages)).expect("write rule_pages.rs");
    for (kind, _) in KINDS {
        let file = format!("rules_{kind}.rs");
        fs::write(out.join(&file), rule_modules(&pages, kind)).expect("write rules_<kind>.rs");
    }
}

/// `compat --version` names the commit it was built from: `git rev-parse` where the source is a
/// git checkout, else `unknown` (a source archive, a registry download).
fn version_with_commit() {
    let commit = std::process::Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .output()
        .ok()
        .filter(|out| out.status.success())
        .and_then(|out| String::from_utf8(out.stdout).ok())
        .map(|hash| hash.trim().to_owned())
        .filter(|hash| !hash.is_empty())
        .unwrap_or_else(|| "unknown".to_owned());
    let version = env::var("CARGO_PKG_VERSION").unwrap_or_default();
    println!("cargo:rustc-env=COMPAT_VERSION={version} ({commit})");
    // Rebuilt when HEAD moves. A path that does not exist would rerun this on every build.
    let git = Path::new(".git");
    if git.is_dir() {
        println!("cargo:rerun-if-changed=.git/HEAD");
        let head = fs::read_to_string(git.join("HEAD")).unwrap_or_default();
        if let Some(reference) = head.trim().strip_prefix("ref: ") {
            let file = git.join(reference);
            if file.exists() {
                println!("cargo:rerun-if-changed={}", file.display());
            }
        }
        if git.join("packed-refs").exists() {
            println!("cargo:rerun-if-changed=.git/packed-refs");
        }
    }
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries {
        let path = entry.expect("read rules/").path();
        println!("cargo:rerun-if-changed={}", path.display());
        if path.is_dir() {
            collect(&path, files);
        } else if path.extension().is_some_and(|e| e == "md") {
            files.push(path);
        }
    }
}

/// Stops the build with a message naming the page.
fn fail(path: &str, message: &str) -> ! {
    panic!("{path}: {message}");
}

fn read_page(file: &Path) -> Page {
    let path = file.display().to_string().replace('\\', "/");
    let text = fs::read_to_string(file).unwrap_or_else(|e| fail(&path, &e.to_string()));
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    // A checkout with CRLF line endings must not break the catalog.
    let text = text.replace("\r\n", "\n");
    let Some(rest) = text.strip_prefix("+++\n") else {
        fail(&path, "a rule page starts with a `+++` line");
    };
    let Some((front, body)) = rest.split_once("\n+++\n") else {
        fail(&path, "the front matter ends with a `+++` line");
    };
    let front: Front = toml::from_str(front).unwrap_or_else(|e| fail(&path, &e.to_string()));
    let expected = format!("rules/{}.md", front.id);
    if path != expected {
        fail(&path, &format!("id `{}` must live at {expected}", front.id));
    }
    if front.windows.is_empty() {
        fail(&path, "`windows` names at least one window");
    }
    let page = Page {
        path,
        front,
        body: body.to_owned(),
    };
    if !KINDS.iter().any(|(kind, _)| *kind == page.kind()) {
        fail(&page.path, &format!("unknown kind `{}`", page.kind()));
    }
    let name = page.front.id.split_once('/').map_or("", |(_, name)| name);
    let kebab = name.split('-').all(|part| {
        !part.is_empty()
            && part
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
    });
    if !kebab {
        fail(&page.path, "ids are `kind/name`, the name in kebab-case");
    }
    page
}

/// Every active page has its rule file and its `pub mod` line, and every file of a rules folder is
/// the rule of an active page, or a helper: a rule file without a page, or the file of a retired
/// rule, would otherwise be left out of the build unnoticed.
fn check_rule_folders(pages: &[Page]) {
    for (kind, module) in KINDS {
        let dir = Path::new("src").join(module).join("rules");
        println!("cargo:rerun-if-changed={}", dir.display());
        let registry = dir.join("mod.rs");
        let declared = fs::read_to_string(&registry).unwrap_or_default();
        for page in pages.iter().filter(|p| p.active() && p.kind() == kind) {
            let name = page
                .front
                .id
                .split_once('/')
                .map_or("", |(_, n)| n)
                .replace('-', "_");
            if !dir.join(format!("{name}.rs")).exists() {
                fail(
                    &page.path,
                    &format!("its rule file {}/{name}.rs is missing", dir.display()),
                );
            }
            if !declared
                .lines()
                .any(|line| line.trim() == format!("pub mod {name};"))
            {
                fail(
                    &page.path,
                    &format!(
                        "declare its rule with `pub mod {name};` in {}",
                        registry.display()
                    ),
                );
            }
        }
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry.expect("read a rules folder").path();
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if !name.ends_with(".rs")
                || name == "mod.rs"
                || HELPERS.contains(&(kind, name.as_str()))
            {
                continue;
            }
            let id = format!("{kind}/{}", name.trim_end_matches(".rs").replace('_', "-"));
            let display = path.display().to_string();
            match pages.iter().find(|p| p.front.id == id) {
                None => fail(
                    &display,
                    &format!(
                        "a rule file without a page: write rules/{id}.md (or list the file in HELPERS of build.rs if it is not a rule)"
                    ),
                ),
                Some(page) if !page.active() => fail(
                    &display,
                    &format!("`{id}` is retired: its file goes, its page stays"),
                ),
                Some(_) => {}
            }
        }
    }
}

fn rule_ids(pages: &[Page]) -> String {
    let mut out = String::from(
        "/// A rule of the catalog: one variant per page under `rules/`, in id order.\n\
         #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]\n\
         pub enum RuleId {\n",
    );
    for page in pages {
        writeln!(out, "    /// `{}`", page.front.id).unwrap();
        if !page.active() {
            // A retired id keeps its variant for pages, settings and old suppressions; code that
            // reports it fails the lint gate.
            writeln!(
                out,
                "    #[deprecated = \"a retired rule is never reported\"]"
            )
            .unwrap();
        }
        writeln!(out, "    {},", page.variant()).unwrap();
    }
    out.push_str("}\n\n#[allow(deprecated)]\nimpl RuleId {\n    /// Every rule, in id order.\n    pub const ALL: &'static [RuleId] = &[\n");
    for page in pages {
        writeln!(out, "        RuleId::{},", page.variant()).unwrap();
    }
    out.push_str("    ];\n\n    /// `kind/name`, as pages, configurations and reports spell it.\n    pub const fn as_str(self) -> &'static str {\n        match self {\n");
    for page in pages {
        writeln!(
            out,
            "            RuleId::{} => {:?},",
            page.variant(),
            page.front.id
        )
        .unwrap();
    }
    out.push_str("        }\n    }\n}\n");
    out
}

fn rule_pages(pages: &[Page]) -> String {
    let mut out = String::from(
        "/// Every page, in [`RuleId`] order.\n#[allow(deprecated)]\npub static RULES: &[Rule] = &[\n",
    );
    for page in pages {
        let front = &page.front;
        let windows: Vec<String> = front.windows.iter().map(|w| w.path()).collect();
        let equivalents: Vec<String> = front
            .equivalents
            .iter()
            .map(|(tool, ids)| format!("({tool:?}, &{ids:?})"))
            .collect();
        let status = front
            .status
            .as_ref()
            .map_or_else(|| "Status::Active".to_owned(), |s| s.path());
        writeln!(
            out,
            "    Rule {{ id: RuleId::{}, class: {}, windows: &[{}], effect: {}, summary: {:?}, help: {:?}, equivalents: Equivalents(&[{}]), status: {status}, body: {:?}, path: {:?} }},",
            page.variant(),
            front.class.path(),
            windows.join(", "),
            front.effect.path(),
            front.summary,
            front.help,
            equivalents.join(", "),
            page.body,
            page.path,
        )
        .unwrap();
    }
    out.push_str("];\n");
    out
}

/// One assertion per active rule of a kind that its module declares the page's id.
fn rule_modules(pages: &[Page], kind: &str) -> String {
    let mut out = format!("// The rules of `rules/{kind}/` declare their pages' ids (build.rs).\n");
    for page in pages.iter().filter(|p| p.active() && p.kind() == kind) {
        let module = page.module();
        let name = module.rsplit("::").next().unwrap_or_default();
        writeln!(
            out,
            "const _: () = assert!(matches!({name}::ID, crate::core::RuleId::{}), {:?});",
            page.variant(),
            format!("{module} declares another rule's id"),
        )
        .unwrap();
    }
    out
}
