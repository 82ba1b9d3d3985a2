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
    let Some((old, new)) = renamed(change) else {
        return;
    };
    let encodings = cx.encodings(
        old.containing_message().full_name(),
        new.containing_message().full_name(),
    );
    if !encodings.json {
        return;
    }
    let finding = Finding::new(
        ID,
        format!(
            "extension {} of `{}` changes its full name from `{}` to `{}`: ProtoJSON readers of one version reject the key `[{}]` the other writes",
            new.number(),
            new.containing_message().name(),
            old.full_name(),
            new.full_name(),
            new.full_name()
        ),
    );
    out.push(cx.notes(
        frame(cx, finding, old, new),
        new.containing_message().full_name(),
        encodings,
    ));
}

/// The pair when the extension's name within its package changed (a package change alone is
/// `proto/package-changed`).
pub fn renamed(change: &ExtensionChange) -> Option<(&ExtensionDescriptor, &ExtensionDescriptor)> {
    let ExtensionChange::Kept { old, new } = change else {
        return None;
    };
    let local = |e: &ExtensionDescriptor| -> String {
        let package = e.parent_file().package_name().to_owned();
        let full = e.full_name();
        full.strip_prefix(package.as_str())
            .map_or(full, |rest| rest.trim_start_matches('.'))
            .to_owned()
    };
    (local(old) != local(new)).then_some((old, new))
}

pub fn frame(
    cx: &Cx<'_>,
    finding: Finding,
    old: &ExtensionDescriptor,
    new: &ExtensionDescriptor,
) -> Finding {
    let finding = cx.at_new(finding, cx.span(Side::New, new, &[NAME]), "new name");
    cx.at_old(finding, cx.span(Side::Old, old, &[NAME]), "old name")
}
