//! An enum renamed or moved with the same values: neither encoding carries an enum's own name.

use prost_reflect::EnumDescriptor;

use super::Cx;
use crate::core::{Finding, RuleId, Side};
use crate::proto::diff::Pair;

pub const ID: RuleId = RuleId::ProtoEnumRenamed;

pub fn check(cx: &Cx<'_>, pair: &Pair<EnumDescriptor>, out: &mut Vec<Finding>) {
    if !pair.renamed {
        return;
    }
    let finding = Finding::new(
        ID,
        format!(
            "enum `{}` is now `{}` with the same values; neither encoding carries the enum's name",
            pair.old.full_name(),
            pair.new.full_name()
        ),
    );
    let finding = cx.at_new(
        finding,
        cx.name_span(Side::New, &pair.new),
        "renamed or moved here",
    );
    let finding = cx.at_old(finding, cx.name_span(Side::Old, &pair.old), "before");
    out.push(cx.notes(finding, pair.new.full_name(), cx.enum_encodings(pair)));
}
