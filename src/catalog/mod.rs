//! The rule catalog: one Markdown page per rule under `rules/<kind>/<id>.md`, embedded at compile
//! time. A page's TOML front matter is the only place a rule's class, windows and effect are
//! decided; detection code only names the rule id (and may narrow the windows to one of the
//! page's, see `Finding::only_in`).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::core::{Class, Effect, Window};

mod pages {
    include!(concat!(env!("OUT_DIR"), "/rule_pages.rs"));
}

/// Whether an id may still be reported. A retired id keeps its page, marked removed, and is never
/// reused for something else.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Active,
    Removed,
}

/// A rule as its page declares it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// `kind/pattern`, kebab-case; the page's path is `rules/<id>.md`.
    pub id: String,
    pub class: Class,
    pub windows: Vec<Window>,
    pub effect: Effect,
    /// One line: what the rule flags.
    pub summary: String,
    /// One line: the safe way to ship the same change; shown as the finding's help.
    pub help: String,
    /// Rule ids of other tools that flag the same thing, by tool name.
    #[serde(default)]
    pub equivalents: BTreeMap<String, Vec<String>>,
    #[serde(default = "active")]
    pub status: Status,
    /// The Markdown body after the front matter.
    #[serde(skip)]
    pub body: String,
    /// Where the page lives in the repository.
    #[serde(skip)]
    pub path: &'static str,
}

fn active() -> Status {
    Status::Active
}

impl Rule {
    /// The kind the rule belongs to: the part of the id before the `/`.
    pub fn kind(&self) -> &str {
        self.id.split_once('/').map_or("", |(kind, _)| kind)
    }

    /// The page as `compat explain` prints it.
    pub fn explain(&self) -> String {
        let windows: Vec<&str> = self.windows.iter().map(|w| w.as_str()).collect();
        let mut text = format!(
            "# {}\n\nclass: {}\nwindows: {}\neffect: {}\n\n{}\n",
            self.id,
            self.class,
            windows.join(", "),
            self.effect,
            self.summary
        );
        if self.status == Status::Removed {
            text.push_str("\nThis rule was removed; its id is never reported again.\n");
        }
        text.push('\n');
        text.push_str(self.body.trim());
        text.push('\n');
        if !self.equivalents.is_empty() {
            text.push_str("\n## Equivalents\n\n");
            for (tool, ids) in &self.equivalents {
                text.push_str(&format!("- {tool}: {}\n", ids.join(", ")));
            }
        }
        text
    }
}

/// A page that could not be read as a rule. Only the catalog test and `catalog()` meet these: the
/// pages are part of the source, so a bad one is a bug in the build, not a user error.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {message}")]
pub struct PageError {
    pub path: String,
    pub message: String,
}

/// All rules, by id.
#[derive(Debug)]
pub struct Catalog {
    rules: BTreeMap<String, Rule>,
}

impl Catalog {
    /// Parses a set of `(path, text)` pages.
    pub fn parse(pages: &[(&'static str, &'static str)]) -> Result<Catalog, PageError> {
        let mut rules = BTreeMap::new();
        for &(path, text) in pages {
            let rule = parse_page(path, text)?;
            let expected = format!("rules/{}.md", rule.id);
            if path.replace('\\', "/") != expected {
                return Err(PageError {
                    path: path.into(),
                    message: format!("id `{}` must live at {expected}", rule.id),
                });
            }
            rules.insert(rule.id.clone(), rule);
        }
        Ok(Catalog { rules })
    }

    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rules.get(id)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Rule> {
        self.rules.values()
    }

    /// Ids close to a mistyped one, closest first, for "did you mean" hints.
    pub fn closest(&self, id: &str) -> Vec<&str> {
        let mut scored: Vec<(f64, &str)> = self
            .rules
            .keys()
            .map(|known| {
                let tail = known.split_once('/').map_or(known.as_str(), |(_, t)| t);
                let score = strsim::normalized_damerau_levenshtein(id, known)
                    .max(strsim::normalized_damerau_levenshtein(id, tail));
                (score, known.as_str())
            })
            .filter(|(score, _)| *score >= 0.7)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
        scored.into_iter().take(3).map(|(_, id)| id).collect()
    }
}

fn parse_page(path: &'static str, text: &str) -> Result<Rule, PageError> {
    let error = |message: String| PageError {
        path: path.into(),
        message,
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // A checkout with CRLF line endings must not break the catalog.
    let text = &text.replace("\r\n", "\n");
    let rest = text
        .strip_prefix("+++\n")
        .ok_or_else(|| error("a rule page starts with a `+++` line".into()))?;
    let (front, body) = rest
        .split_once("\n+++\n")
        .ok_or_else(|| error("the front matter ends with a `+++` line".into()))?;
    let mut rule: Rule = toml::from_str(front).map_err(|e| error(e.to_string()))?;
    if rule.windows.is_empty() {
        return Err(error("`windows` names at least one window".into()));
    }
    rule.body = body.to_owned();
    rule.path = path;
    Ok(rule)
}

/// The catalog embedded in this build.
pub fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        Catalog::parse(pages::PAGES)
            .unwrap_or_else(|e| panic!("the embedded rule catalog is invalid: {e}"))
    })
}

/// The embedded pages, for tests that check them against the code and the fixtures.
pub fn pages() -> &'static [(&'static str, &'static str)] {
    pages::PAGES
}
