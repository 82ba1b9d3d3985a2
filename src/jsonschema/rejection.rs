//! A sample payload of one version that the other version's schema rejects, as the sample
//! rules word it.

use crate::core::{Finding, RuleId, Side, Span};

/// A sample of one side that the other side's schema rejects.
pub struct Rejection<'a> {
    pub sample: &'a str,
    /// The side the sample belongs to.
    pub side: Side,
    /// The rejected value in the sample.
    pub at: Span,
    pub instance_path: &'a str,
    /// The validator's message.
    pub message: &'a str,
    /// The keyword that rejects it, as a path in the schema.
    pub schema_path: &'a str,
    /// ` in schemas/x.json:12:5`, where that keyword is, when found.
    pub keyword: String,
}

impl Rejection<'_> {
    /// The finding, the sample framed on its own side. `from` says where the sample comes from
    /// ("queued before the release"), `schema` which schema rejects it ("new").
    pub fn finding(&self, rule: RuleId, from: &str, schema: &str) -> Finding {
        let path = if self.instance_path.is_empty() {
            "/"
        } else {
            self.instance_path
        };
        let finding = Finding::new(
            rule,
            format!(
                "the sample {} ({from}) fails validation at `{path}`: {}",
                self.sample, self.message
            ),
        )
        .with_note(format!(
            "rejected by `{}` of the {schema} schema{}",
            self.schema_path, self.keyword
        ));
        let label = format!("the {schema} schema rejects this value");
        match self.side {
            Side::Old => finding.at_old(self.at, label),
            Side::New => finding.at_new(self.at, label),
        }
    }
}
