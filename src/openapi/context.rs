//! What the rules of the kind see ([`Cx`]) and where they put their findings ([`Out`]).

use std::collections::HashMap;

use foldhash::fast::FixedState;

use super::load::Version;
use super::model::Operation;
use super::sunset::Day;
use crate::core::{Capped, Finding, RuleId, Span, capped};

/// What every rule sees.
pub struct Cx<'a> {
    pub old: &'a Version,
    pub new: &'a Version,
    /// From compat.toml: whether a past `x-sunset` on a deprecated operation makes its removal
    /// acceptable.
    pub honor_sunset: bool,
    pub today: Day,
}

impl Cx<'_> {
    /// Whether an operation was deprecated with a sunset date before today, and the configuration
    /// honours it.
    pub fn sunset_passed(&self, op: &Operation) -> bool {
        self.honor_sunset
            && op.deprecated
            && op
                .sunset
                .as_ref()
                .and_then(|s| Day::parse(&s.value))
                .is_some_and(|day| day < self.today)
    }
}

/// Findings, one per rule and pair of spans: a change to a shared component reached from many
/// operations is one finding that names them.
#[derive(Default)]
pub struct Out {
    groups: Vec<(Finding, Vec<u32>)>,
    index: HashMap<GroupKey, usize, FixedState>,
    labels: Vec<String>,
    label_ids: HashMap<String, u32, FixedState>,
    /// Operations whose clients accept breaking changes, with why (`x-stability-level`).
    unstable: HashMap<u32, String, FixedState>,
}

/// The findings of a comparison: those that count, and those that reach only unstable
/// operations, with the reason they are suppressed.
#[derive(Debug, Default)]
pub struct Compared {
    pub findings: Vec<Finding>,
    pub unstable: Vec<(Finding, String)>,
}

type GroupKey = (RuleId, Option<Span>, Option<Span>);

/// Findings about the same rule and spans are one finding.
fn group_key(finding: &Finding) -> GroupKey {
    (
        finding.rule,
        finding.new.as_ref().map(|l| l.span),
        finding.old.as_ref().map(|l| l.span),
    )
}

impl Out {
    /// The id of an operation, by its label.
    pub fn operation(&mut self, label: String) -> u32 {
        if let Some(&id) = self.label_ids.get(&label) {
            return id;
        }
        let id = u32::try_from(self.labels.len()).unwrap_or(u32::MAX);
        self.labels.push(label.clone());
        self.label_ids.insert(label, id);
        id
    }

    /// Marks an operation (its label) as one whose clients accept breaking changes.
    pub fn unstable(&mut self, operation: String, reason: String) {
        let id = self.operation(operation);
        self.unstable.insert(id, reason);
    }

    /// Adds a finding about an operation (its label), or adds the operation to the finding
    /// already made about the same spans.
    pub fn push(&mut self, finding: Finding, operation: String) {
        let id = self.operation(operation);
        self.push_id(finding, id);
    }

    /// The finding already made about a rule and spans.
    pub fn group(&self, rule: RuleId, new: Option<Span>, old: Option<Span>) -> Option<usize> {
        self.index.get(&(rule, new, old)).copied()
    }

    /// Adds an operation to a finding.
    pub fn add(&mut self, group: usize, operation: u32) {
        let ops = &mut self.groups[group].1;
        if ops.last() != Some(&operation) {
            ops.push(operation);
        }
    }

    pub fn push_id(&mut self, finding: Finding, operation: u32) {
        let key = group_key(&finding);
        match self.index.get(&key) {
            Some(&group) => self.add(group, operation),
            None => {
                self.index.insert(key, self.groups.len());
                self.groups.push((finding, vec![operation]));
            }
        }
    }

    /// Adds the findings of a later part of the same pass, as if it had been made into `self`.
    pub fn append(&mut self, later: Out) {
        let ids: Vec<u32> = later
            .labels
            .into_iter()
            .map(|label| self.operation(label))
            .collect();
        for (op, reason) in later.unstable {
            self.unstable.insert(ids[op as usize], reason);
        }
        for (finding, operations) in later.groups {
            let group = match self.index.get(&group_key(&finding)) {
                Some(&group) => group,
                None => {
                    self.index.insert(group_key(&finding), self.groups.len());
                    self.groups.push((finding, Vec::new()));
                    self.groups.len() - 1
                }
            };
            for op in operations {
                self.add(group, ids[op as usize]);
            }
        }
    }

    /// The findings, each naming the other operations it reaches; a finding that reaches only
    /// unstable operations is set apart.
    pub fn finish(self) -> Compared {
        let labels = self.labels;
        let unstable = self.unstable;
        let mut found = Compared::default();
        for (finding, ops) in self.groups {
            let mut seen = std::collections::HashSet::new();
            let ops: Vec<u32> = ops.into_iter().filter(|op| seen.insert(*op)).collect();
            let reason = ops
                .iter()
                .map(|op| unstable.get(op))
                .collect::<Option<Vec<_>>>()
                .and_then(|reasons| reasons.first().map(|r| (*r).clone()));
            let names: Vec<&str> = ops.iter().map(|&op| labels[op as usize].as_str()).collect();
            let finding = reaching(finding, &names);
            match reason {
                Some(reason) => found.unstable.push((finding, reason)),
                None => found.findings.push(finding),
            }
        }
        found
    }
}

/// A finding with a note naming the other operations it reaches.
fn reaching(finding: Finding, ops: &[&str]) -> Finding {
    if ops.len() < 2 {
        return finding;
    }
    let Capped {
        shown: mut named,
        more,
    } = capped(ops[1..].iter().copied());
    let rest = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
    let last = if more == 0 && named.len() > 1 {
        named.pop()
    } else {
        None
    };
    let list = match last {
        Some(last) => format!("{} and {last}", named.join(", ")),
        None => named.join(", "),
    };
    finding.with_note(format!(
        "the same change reaches {} operations: also {list}{rest}",
        ops.len()
    ))
}
