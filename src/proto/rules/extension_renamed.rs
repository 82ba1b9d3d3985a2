//! An extension field keeps its number and extendee but changes its full name (renamed, or moved
//! into another message or package scope), where ProtoJSON crosses: ProtoJSON writes an extension
//! under its full name, `"[acme.v1.Order.priority]"`.

use prost_reflect::ExtensionDescriptor;

use super::Cx;
use crate::core::{Finding, RuleId, Side};
use crate::proto::diff::ExtensionChange;
use crate::proto::spans::tag::NAME;

pub const ID: RuleId = RuleId::ProtoExtensionRenamed;

pub fn check(cx: &Cx<'_>, change: &ExtensionChange, out: &mut Vec<Finding>) {
    let consequence = |new: &ExtensionDescriptor| {
        format!(
            "ProtoJSON readers of one version reject the key `[{}]` the other writes",
            new.full_name()
        )
    };
    report(cx, change, ID, |json| json, consequence, out);
}

/// Reports `rule` for an extension whose full name changed, when `applies` says the encodings
/// (whether ProtoJSON crosses) make it this rule's; `consequence` ends the message.
pub fn report(
    cx: &Cx<'_>,
    change: &ExtensionChange,
    rule: RuleId,
    applies: impl Fn(bool) -> bool,
    consequence: impl Fn(&ExtensionDescriptor) -> String,
    out: &mut Vec<Finding>,
) {
    let Some((old, new)) = renamed(cx, change) else {
        return;
    };
    let extends = new.containing_message();
    let encodings = cx.encodings(old.containing_message().full_name(), extends.full_name());
    if !applies(encodings.json) {
        return;
    }
    let finding = Finding::new(
        rule,
        format!(
            "extension {} of `{}` changes its full name from `{}` to `{}`: {}",
            new.number(),
            extends.name(),
            old.full_name(),
            new.full_name(),
            consequence(new)
        ),
    );
    let finding = cx.at_new(finding, cx.span(Side::New, new, &[NAME]), "new name");
    let finding = cx.at_old(finding, cx.span(Side::Old, old, &[NAME]), "old name");
    out.push(cx.notes(finding, extends.full_name(), encodings));
}

/// The pair when the extension's full name changed beyond its file's package.
fn renamed<'c>(
    cx: &Cx<'_>,
    change: &'c ExtensionChange,
) -> Option<(&'c ExtensionDescriptor, &'c ExtensionDescriptor)> {
    let ExtensionChange::Kept { old, new } = change else {
        return None;
    };
    let (old_file, new_file) = (old.parent_file(), new.parent_file());
    cx.renamed(
        (old.full_name(), old_file.package_name()),
        (new.full_name(), new_file.package_name()),
    )
    .then_some((old, new))
}
