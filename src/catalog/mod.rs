//! The rule catalog: one Markdown page per rule under `rules/<kind>/<name>.md`, read at build
//! time (`build.rs`) into static data. A page's TOML front matter is the only place a rule's
//! class, windows and effect are decided; detection code only names the rule (and may narrow the
//! windows to one of the page's, see `Finding::only_in`).
//!
//! A page starts with its front matter between `+++` lines (`id`, `class`, `windows`, `effect`,
//! `summary`, `help`, optionally `equivalents` and `status`), then the sections `compat explain`
//! prints. A page that does not parse, or whose id is not its path, fails the build.

use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::core::{Class, Effect, RuleId, Window};

include!(concat!(env!("OUT_DIR"), "/rule_pages.rs"));

/// Whether an id may still be reported. A retired id keeps its page, marked removed, and is never
/// reused for something else.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Active,
    Removed,
}

/// A rule as its page declares it.
#[derive(Debug)]
pub struct Rule {
    pub id: RuleId,
    pub class: Class,
    pub windows: &'static [Window],
    pub effect: Effect,
    /// One line: what the rule flags.
    pub summary: &'static str,
    /// One line: the safe way to ship the same change; shown as the finding's help.
    pub help: &'static str,
    pub equivalents: Equivalents,
    pub status: Status,
    /// The Markdown body after the front matter.
    pub body: &'static str,
    /// Where the page lives in the repository.
    pub path: &'static str,
}

impl Rule {
    /// The kind the rule belongs to: the part of the id before the `/`.
    pub fn kind(&self) -> &'static str {
        self.id.kind()
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
            for (tool, ids) in self.equivalents.0 {
                text.push_str(&format!("- {tool}: {}\n", ids.join(", ")));
            }
        }
        text
    }
}

/// Rule ids of other tools that flag the same thing, by tool name, in tool order. Serialized
/// as a map from tool to ids.
#[derive(Debug, Clone, Copy)]
pub struct Equivalents(pub &'static [(&'static str, &'static [&'static str])]);

impl Equivalents {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &'static [&'static str])> + use<> {
        self.0.iter().copied()
    }

    /// One tool's ids; empty when the page names none.
    pub fn get(&self, tool: &str) -> &'static [&'static str] {
        self.0
            .iter()
            .find(|(name, _)| *name == tool)
            .map_or(&[], |(_, ids)| ids)
    }
}

impl Serialize for Equivalents {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (tool, ids) in self.0 {
            map.serialize_entry(tool, ids)?;
        }
        map.end()
    }
}

/// All rules, in id order.
#[derive(Debug)]
pub struct Catalog {
    rules: &'static [Rule],
}

impl Catalog {
    /// The page of a rule.
    pub fn rule(&self, id: RuleId) -> &'static Rule {
        &self.rules[id.index()]
    }

    /// The rule a user named (in compat.toml, an allow comment, `compat explain`), if any.
    pub fn get(&self, id: &str) -> Option<&'static Rule> {
        RuleId::parse(id).map(|id| self.rule(id))
    }

    pub fn iter(&self) -> impl Iterator<Item = &'static Rule> + use<> {
        self.rules.iter()
    }

    /// Ids close to a mistyped one, closest first, for "did you mean" hints.
    pub fn closest(&self, id: &str) -> Vec<&'static str> {
        let mut scored: Vec<(f64, &str)> = self
            .rules
            .iter()
            .map(|rule| {
                let known = rule.id.as_str();
                let tail = known.split_once('/').map_or(known, |(_, t)| t);
                let score = strsim::normalized_damerau_levenshtein(id, known)
                    .max(strsim::normalized_damerau_levenshtein(id, tail));
                (score, known)
            })
            .filter(|(score, _)| *score >= 0.7)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
        scored.into_iter().take(3).map(|(_, id)| id).collect()
    }
}

impl Catalog {
    /// A catalog of other rules than this build's, for the renderers' tests.
    #[cfg(test)]
    pub(crate) fn of(rules: &'static [Rule]) -> Catalog {
        Catalog { rules }
    }
}

/// The catalog of this build.
pub fn catalog() -> &'static Catalog {
    static CATALOG: Catalog = Catalog { rules: RULES };
    &CATALOG
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_id_has_its_page_at_its_index() {
        assert_eq!(catalog().iter().count(), RuleId::ALL.len());
        for &id in RuleId::ALL {
            let rule = catalog().rule(id);
            assert_eq!(rule.id, id);
            assert_eq!(rule.path, format!("rules/{id}.md"));
        }
        assert_eq!(
            catalog().get("sql/drop-column").map(|r| r.id),
            Some(RuleId::SqlDropColumn)
        );
        assert!(catalog().get("sql/drop-colum").is_none());
        assert_eq!(catalog().closest("sql/drop-colum")[0], "sql/drop-column");
    }
}
