//! What the rules of the kind see ([`Cx`]) and where they put their findings ([`Out`]).

use std::collections::HashMap;

use foldhash::fast::FixedState;

use super::load::Version;
use super::model::Operation;
use super::reach::{Interned, NO_TEXT, ReachId, distinct};
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

/// Findings, one per change: a change to a shared component reached from many operations is
/// one finding that lists them. Findings are the same change when they have the same rule,
/// spans and words (what they say apart from the operation, message and instance path).
#[derive(Default)]
pub struct Out {
    groups: Vec<Group>,
    index: HashMap<GroupKey, usize, FixedState>,
    interned: Interned,
    /// Operations whose clients accept breaking changes, with why (`x-stability-level`).
    unstable: HashMap<u32, String, FixedState>,
}

/// A finding and what it reaches.
struct Group {
    finding: Finding,
    words: u32,
    reaches: Vec<ReachId>,
}

/// The findings of a comparison: those that count, and those that reach only unstable
/// operations, with the reason they are suppressed.
#[derive(Debug, Default)]
pub struct Compared {
    pub findings: Vec<Finding>,
    pub unstable: Vec<(Finding, String)>,
}

/// Rule, new span, old span and words.
type GroupKey = (RuleId, Option<Span>, Option<Span>, u32);

fn group_key(finding: &Finding, words: u32) -> GroupKey {
    (
        finding.rule,
        finding.new.as_ref().map(|l| l.span),
        finding.old.as_ref().map(|l| l.span),
        words,
    )
}

impl Out {
    /// The id of an operation.
    pub fn operation(&mut self, op: &Operation) -> u32 {
        self.interned.op(op)
    }

    /// The id of a text: a message, the words of a finding.
    pub fn text(&mut self, text: &str) -> u32 {
        self.interned.text(text)
    }

    pub fn text_of(&self, id: u32) -> &str {
        self.interned.text_of(id).unwrap_or_default()
    }

    /// Marks an operation as one whose clients accept breaking changes.
    pub fn unstable(&mut self, op: &Operation, reason: String) {
        let id = self.operation(op);
        self.unstable.insert(id, reason);
    }

    /// Adds a finding about an operation as a whole, or adds the operation to the finding
    /// already made about the same change (the words are the message without the operation).
    pub fn push(&mut self, finding: Finding, op: &Operation) {
        let id = self.operation(op);
        let words = finding.message.replacen(self.interned.label(id), "", 1);
        let words = self.text(&words);
        let reach = ReachId {
            op: id,
            message: NO_TEXT,
        };
        self.push_reach(finding, words, Some(reach));
    }

    /// Adds a finding about no operation (a discriminator, wherever it is used).
    pub fn push_alone(&mut self, finding: Finding) {
        let words = self.text(&finding.message);
        self.push_reach(finding, words, None);
    }

    /// The finding already made about a change.
    pub fn group(
        &self,
        rule: RuleId,
        new: Option<Span>,
        old: Option<Span>,
        words: u32,
    ) -> Option<usize> {
        self.index.get(&(rule, new, old, words)).copied()
    }

    /// Adds a reach to a finding.
    pub fn add(&mut self, group: usize, reach: ReachId) {
        let reaches = &mut self.groups[group].reaches;
        if reaches.last() != Some(&reach) {
            reaches.push(reach);
        }
    }

    /// Adds a finding with its words, or the reach to the finding already made about the same
    /// change; returns the finding's group.
    pub fn push_reach(&mut self, finding: Finding, words: u32, reach: Option<ReachId>) -> usize {
        let key = group_key(&finding, words);
        let group = match self.index.get(&key) {
            Some(&group) => group,
            None => {
                self.index.insert(key, self.groups.len());
                self.groups.push(Group {
                    finding,
                    words,
                    reaches: Vec::new(),
                });
                self.groups.len() - 1
            }
        };
        if let Some(reach) = reach {
            self.add(group, reach);
        }
        group
    }

    /// Adds the findings of a later part of the same pass, as if it had been made into `self`.
    pub fn append(&mut self, later: Out) {
        let remap = self.interned.absorb(later.interned);
        for (op, reason) in later.unstable {
            self.unstable.insert(remap.op(op), reason);
        }
        for group in later.groups {
            let words = remap.text(group.words);
            let mut reaches = group.reaches.iter().map(|&r| remap.reach(r));
            // The first reach goes with the finding; a finding of no operation has none.
            let at = self.push_reach(group.finding, words, reaches.next());
            for reach in reaches {
                self.add(at, reach);
            }
        }
    }

    /// The findings, each naming the other operations it reaches; a finding that reaches only
    /// unstable operations is set apart.
    pub fn finish(self) -> Compared {
        let mut found = Compared::default();
        for group in self.groups {
            let reaches = distinct(&group.reaches);
            let ops: Vec<u32> = distinct(&reaches.iter().map(|r| r.op).collect::<Vec<_>>());
            let reason = ops
                .iter()
                .map(|op| self.unstable.get(op))
                .collect::<Option<Vec<_>>>()
                .and_then(|reasons| reasons.first().map(|r| (*r).clone()));
            let names: Vec<&str> = ops.iter().map(|&op| self.interned.label(op)).collect();
            let mut finding = reaching(group.finding, &names);
            finding.reaches = reaches.iter().map(|&r| self.interned.reach(r)).collect();
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
