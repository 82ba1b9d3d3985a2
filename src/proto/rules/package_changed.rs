//! A file's `package` changes: every full name in it changes, and with them gRPC method paths and
//! type URLs.

use super::Cx;
use crate::core::{Finding, RuleId};
use crate::proto::spans::tag::FILE_PACKAGE;

pub const ID: RuleId = RuleId::ProtoPackageChanged;

pub fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    for (old, new) in &cx.diff.files {
        if old.package_name() == new.package_name() {
            continue;
        }
        let finding = Finding::new(
            ID,
            format!(
                "the package of `{}` changes from `{}` to `{}`: its services answer under new gRPC paths (`/{}.Service/Method`), so old clients get UNIMPLEMENTED, and its messages get new type URLs",
                new.name(),
                old.package_name(),
                new.package_name(),
                new.package_name()
            ),
        );
        let new_span = cx.new.span(cx.sources, new, &[FILE_PACKAGE]);
        let old_span = cx.old.span(cx.sources, old, &[FILE_PACKAGE]);
        let finding = cx.at_new(finding, new_span, "package changed");
        out.push(cx.at_old(finding, old_span, "before"));
    }
}
