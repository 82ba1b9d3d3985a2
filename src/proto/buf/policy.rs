//! What a buf `breaking` section decides about compat's findings, through compat's own
//! mechanisms and never by changing a rule's class where it fires:
//!
//! - `ignore` and `build.excludes`: findings in those paths are dropped, as path ignores;
//! - `use` and `except`: a rule is off for the module when none of the buf rules its page names
//!   as `equivalents` is in use (rules with no buf counterpart stay on);
//! - `ignore_only`: the same, for the listed paths only;
//! - `ignore_unstable_packages`: findings in `alpha`, `beta` and `test` packages are kept but
//!   suppressed, with the reason named;
//! - a `use` without any ProtoJSON rule compares the binary encoding only.
//!
//! What maps to nothing in compat is named once, in a finding framed at the buf.yaml.

use std::collections::{BTreeSet, HashMap};

use super::ids::{self, WIRE, WIRE_JSON};
use super::{Breaking, BufLayout, relative_to};
use crate::catalog::catalog;
use crate::core::{Finding, RuleId, Side, Sources, Span};
use crate::input::discover::is_under;
use crate::proto::load::SideFile;
use crate::proto::rules::buf_policy_not_applied;

/// One side's layout with the packages of its files.
pub struct SidePolicy<'a> {
    pub layout: &'a BufLayout,
    /// Path -> package, for `ignore_unstable_packages`.
    pub packages: HashMap<&'a str, &'a str>,
}

impl<'a> SidePolicy<'a> {
    pub fn new(layout: &'a BufLayout, files: &'a [SideFile]) -> Self {
        let packages = files
            .iter()
            .filter_map(|f| Some((f.path.as_str(), f.header.package.as_deref()?)))
            .collect();
        SidePolicy { layout, packages }
    }
}

/// Both sides: locations of a finding are named by their own side's modules, and judged by the
/// new side's policy, as `buf breaking` judges by the current configuration.
pub struct Policy<'a> {
    pub old: SidePolicy<'a>,
    pub new: SidePolicy<'a>,
    /// compat.toml's `ignore_unstable_packages`, which wins over buf.yaml's.
    pub ignore_unstable: Option<bool>,
}

/// A location of a finding, named relative to its module.
struct Place<'a> {
    name: String,
    /// Left out of its module by `excludes`.
    excluded: bool,
    package: Option<&'a str>,
}

impl Policy<'_> {
    pub fn is_empty(&self) -> bool {
        self.new.layout.modules.is_empty()
            && self.old.layout.modules.is_empty()
            && self.ignore_unstable.is_none()
    }

    /// Splits findings into those kept, and those buf's policy suppresses with a reason; drops
    /// those it turns off or ignores.
    pub fn apply(
        &self,
        findings: Vec<Finding>,
        sources: &Sources,
    ) -> (Vec<Finding>, Vec<(Finding, String)>) {
        let mut kept = Vec::new();
        let mut waived = Vec::new();
        for finding in findings {
            let path_of = |span: Option<Span>| span.map(|s| sources.get(s.file).path().to_owned());
            let new_path = path_of(finding.new.as_ref().map(|l| l.span));
            let old_path = path_of(finding.old.as_ref().map(|l| l.span));
            let policy = new_path
                .as_deref()
                .or(old_path.as_deref())
                .and_then(|p| self.policy_for(p));
            let places: Vec<Place<'_>> = [(Side::New, new_path), (Side::Old, old_path)]
                .into_iter()
                .filter_map(|(side, path)| Some(self.place(side, path.as_deref()?)))
                .collect();
            // Excluded from its module, whatever the policy: buf does not compile it.
            if places.iter().any(|p| p.excluded) {
                continue;
            }
            if let Some(policy) = policy
                && (places.iter().any(|p| ignored(policy, p))
                    || !rule_on(policy, finding.rule, &places))
            {
                continue;
            }
            let ignore_unstable = match (self.ignore_unstable, policy) {
                (Some(set), _) => set.then_some("compat.toml"),
                (None, Some(policy)) => policy.ignore_unstable_packages.then_some("buf.yaml"),
                (None, None) => None,
            };
            let unstable = places
                .iter()
                .filter_map(|p| p.package)
                .find(|package| is_unstable(package));
            match (unstable, ignore_unstable) {
                (Some(package), Some(config)) => {
                    let reason = format!(
                        "package `{package}` is unstable and {config} sets `ignore_unstable_packages`"
                    );
                    waived.push((finding, reason));
                }
                _ => kept.push(finding),
            }
        }
        (kept, waived)
    }

    /// The buf ids the new side's policies name that compat has no counterpart for, once, framed
    /// at the first of them.
    pub fn unmapped(&self) -> Option<Finding> {
        let mapped: BTreeSet<&str> = mapped_ids();
        let mut unmapped = Vec::new();
        let mut seen = BTreeSet::new();
        for module in &self.new.layout.modules {
            let Some(breaking) = module.breaking.as_deref() else {
                continue;
            };
            let named = breaking
                .uses
                .iter()
                .chain(breaking.ignore_only.iter().map(|(entry, _)| entry));
            for entry in named {
                let known = ids::is_category(&entry.id)
                    || ids::expand(&entry.id).iter().any(|id| mapped.contains(id));
                if !known && seen.insert(entry.id.clone()) {
                    unmapped.push((breaking.file, entry.clone()));
                }
            }
        }
        let (file, first) = unmapped.first()?.clone();
        let ids: Vec<String> = unmapped.into_iter().map(|(_, e)| e.id).collect();
        Some(buf_policy_not_applied::finding(
            Span::new(file, first.span),
            &ids,
        ))
    }

    /// The policy of the module that holds the path; for a path outside every module (a file
    /// removed from one), the layout's only policy.
    fn policy_for(&self, path: &str) -> Option<&Breaking> {
        match self.new.layout.module_of(path) {
            Some(module) => module.breaking.as_deref(),
            None => single_policy(self.new.layout),
        }
    }

    fn place(&self, side: Side, path: &str) -> Place<'_> {
        let policy = match side {
            Side::Old => &self.old,
            Side::New => &self.new,
        };
        let module = policy.layout.module_of(path);
        Place {
            name: module
                .and_then(|m| relative_to(path, &m.root))
                .unwrap_or_else(|| path.to_owned()),
            excluded: module.is_some_and(|m| m.excludes.iter().any(|e| is_under(path, e))),
            package: policy.packages.get(path).copied(),
        }
    }
}

/// Whether `ignore` names the place or a directory above it.
fn ignored(policy: &Breaking, place: &Place<'_>) -> bool {
    policy.ignore.iter().any(|path| is_under(&place.name, path))
}

/// The only policy of a layout, for locations outside every module (a file removed from one).
fn single_policy(layout: &BufLayout) -> Option<&Breaking> {
    let mut policies = layout.modules.iter().filter_map(|m| m.breaking.as_deref());
    let first = policies.next()?;
    policies
        .all(|other| std::ptr::eq(other, first))
        .then_some(first)
}

/// The buf rules a policy uses: `use` (FILE when unset) less `except`.
pub(super) fn effective(policy: &Breaking) -> BTreeSet<&'static str> {
    let mut used: BTreeSet<&str> = if policy.uses.is_empty() {
        ids::expand("FILE").into_iter().collect()
    } else {
        policy
            .uses
            .iter()
            .flat_map(|e| ids::expand(&e.id))
            .collect()
    };
    for entry in &policy.except {
        for id in ids::expand(&entry.id) {
            used.remove(id);
        }
    }
    used
}

/// Whether the rule stays on at these places: it has no buf counterpart that a category holds
/// (buf checks those only when named), or one of its counterparts is in use and not ignored
/// there.
fn rule_on(policy: &Breaking, rule: RuleId, places: &[Place<'_>]) -> bool {
    let counterparts = catalog().rule(rule).equivalents.get("buf");
    if counterparts.iter().all(|id| !ids::in_a_category(id)) {
        return true;
    }
    counterparts.iter().any(|id| {
        policy.used.contains(id)
            && !policy.ignore_only.iter().any(|(entry, paths)| {
                ids::expand(&entry.id).contains(id)
                    && places
                        .iter()
                        .any(|p| paths.iter().any(|path| is_under(&p.name, path)))
            })
    })
}

/// Whether the new side's policies compare the binary encoding only: none of them uses a
/// ProtoJSON rule.
pub fn binary_only(layout: &BufLayout) -> bool {
    let json_only: BTreeSet<&str> = ids::members(WIRE_JSON)
        .into_iter()
        .filter(|id| !ids::members(WIRE).contains(id))
        .collect();
    // A module without a section of its own has buf's defaults, which check ProtoJSON.
    !layout.modules.is_empty()
        && layout.modules.iter().all(|m| {
            m.breaking
                .as_deref()
                .is_some_and(|b| b.used.is_disjoint(&json_only))
        })
}

/// Every buf id some compat rule names as its counterpart.
fn mapped_ids() -> BTreeSet<&'static str> {
    catalog()
        .iter()
        .flat_map(|rule| rule.equivalents.get("buf").iter().copied())
        .collect()
}

/// buf's unstable package versions: the last component of the package is `v<N>test...`,
/// `v<N>alpha[<K>]`, `v<N>beta[<K>]` or `v<N>p<M>alpha|beta[<K>]`, with N, M and K at least 1.
pub fn is_unstable(package: &str) -> bool {
    let Some((_, version)) = package.rsplit_once('.') else {
        return false;
    };
    let Some(rest) = version.strip_prefix('v') else {
        return false;
    };
    let (major, rest) = leading_number(rest);
    if major.is_none_or(|n| n < 1) {
        return false;
    }
    if rest.starts_with("test") {
        return true;
    }
    let rest = match rest.strip_prefix('p') {
        Some(after) => {
            let (minor, after) = leading_number(after);
            if minor.is_none_or(|n| n < 1) {
                return false;
            }
            after
        }
        None => rest,
    };
    let Some(after) = rest
        .strip_prefix("alpha")
        .or_else(|| rest.strip_prefix("beta"))
    else {
        return false;
    };
    match leading_number(after) {
        (None, "") => true,
        (Some(n), "") => n >= 1,
        _ => false,
    }
}

fn leading_number(text: &str) -> (Option<u64>, &str) {
    let end = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    (text[..end].parse().ok(), &text[end..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unstable_packages_are_buf_s() {
        for unstable in [
            "a.v1alpha",
            "a.v1alpha1",
            "a.b.v1beta2",
            "a.v1p1beta2",
            "a.v1test",
            "a.v2testfoo",
        ] {
            assert!(is_unstable(unstable), "{unstable}");
        }
        for stable in [
            "a.v1",
            "v1beta1",
            "a",
            "",
            "a.v0alpha1",
            "a.v1alpha0",
            "a.v1p0alpha1",
            "a.v1p1test",
            "a.vv1",
            "a.v1aalpha1",
            "a.b",
        ] {
            assert!(!is_unstable(stable), "{stable}");
        }
    }

    /// buf's default policy (`use: [FILE]`) catches every change compat's rules name a buf
    /// counterpart for, so it must leave every such rule on.
    #[test]
    fn the_default_policy_leaves_every_rule_on() {
        let used: BTreeSet<&str> = ids::expand("FILE").into_iter().collect();
        for rule in catalog().iter().filter(|r| r.kind() == "proto") {
            let counterparts = rule.equivalents.get("buf");
            let on = counterparts.iter().all(|id| !ids::in_a_category(id))
                || counterparts.iter().any(|id| used.contains(id));
            assert!(on, "{} is off under buf's default policy", rule.id.as_str());
        }
    }
}
