//! Rule ids, generated from the pages under `rules/` at build time: a finding can only name a
//! rule that has a page.

use std::fmt;

use serde::{Serialize, Serializer};

include!(concat!(env!("OUT_DIR"), "/rule_ids.rs"));

impl RuleId {
    /// The rule spelled `kind/name`, if there is one.
    pub fn parse(text: &str) -> Option<RuleId> {
        RuleId::ALL
            .binary_search_by(|id| id.as_str().cmp(text))
            .ok()
            .map(|at| RuleId::ALL[at])
    }

    /// The kind the rule belongs to: the part of the id before the `/`.
    pub fn kind(self) -> &'static str {
        self.as_str().split_once('/').map_or("", |(kind, _)| kind)
    }

    /// The position of the rule in [`RuleId::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for RuleId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::RuleId;

    #[test]
    fn ids_are_sorted_and_round_trip() {
        for pair in RuleId::ALL.windows(2) {
            assert!(pair[0].as_str() < pair[1].as_str());
            assert!(pair[0] < pair[1], "declaration order is id order");
        }
        for (index, id) in RuleId::ALL.iter().enumerate() {
            assert_eq!(RuleId::parse(id.as_str()), Some(*id));
            assert_eq!(id.index(), index);
        }
        assert_eq!(RuleId::parse("sql/drop-colum"), None);
        assert_eq!(RuleId::SqlDropColumn.kind(), "sql");
    }
}
