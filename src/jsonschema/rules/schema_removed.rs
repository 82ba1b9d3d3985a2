//! A payload schema is removed while jobs of its type may still be queued.

use super::SchemaFile;
use crate::core::{Change, Finding, RuleId};

pub const ID: RuleId = RuleId::JsonschemaSchemaRemoved;

/// A schema file the new version no longer has.
pub fn check(change: &Change<SchemaFile<'_>>) -> Option<Finding> {
    let Change::Removed { old } = change else {
        return None;
    };
    let path = old.path;
    let finding = Finding::new(
        ID,
        format!("the payload schema {path} is removed while jobs of this type may still be queued"),
    )
    .at_old(old.head, "removed schema");
    Some(finding)
}
