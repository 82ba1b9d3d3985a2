//! A discriminator whose `propertyName` changes, or whose mapping no longer sends a value to the
//! schema it selected: writers and readers of different versions pick different schemas for the
//! same object. Discriminators are paired by where they sit in the document.

use crate::core::{Finding, RuleId};
use crate::openapi::context::Out;
use crate::openapi::diff::Apis;
use crate::openapi::model::Discriminator;
use crate::schema::doc::pointer_segments;

pub const ID: RuleId = RuleId::OpenapiDiscriminatorChanged;

/// Discriminators both versions declare at the same place, changed in the property they select
/// by or in what a value maps to.
pub fn check(apis: &Apis<'_>, out: &mut Out) {
    for (pointer, old) in &apis.old.discriminators {
        let Some(new) = apis.new.discriminators.get(pointer) else {
            continue;
        };
        compare(&subject(pointer), old, new, out);
    }
}

/// What a finding calls the discriminator at a JSON pointer: a component schema by its name.
fn subject(pointer: &str) -> String {
    match pointer_segments(pointer).as_deref() {
        Some([components, schemas, name]) if components == "components" && schemas == "schemas" => {
            format!("the discriminator of the schema `{name}`")
        }
        _ => format!("the discriminator at `#{pointer}`"),
    }
}

fn compare(subject: &str, old: &Discriminator, new: &Discriminator, out: &mut Out) {
    if old.property.value != new.property.value {
        let finding = Finding::new(
            ID,
            format!(
                "{subject}: its `propertyName` `{}` becomes `{}`; readers of one version look for the schema of an object in a property that writers of the other do not set",
                old.property.value, new.property.value
            ),
        )
        .at_new(new.property.span, "selects by this property now")
        .at_old(old.property.span, "selected by this property before");
        out.push_alone(finding);
        return;
    }
    for (value, before) in &old.mapping {
        let (what, new_span, label) = match new.mapping.get(value) {
            Some(after) if after.value == before.value => continue,
            Some(after) => (
                format!(
                    "maps `{value}` to `{}` instead of `{}`",
                    after.value, before.value
                ),
                after.span,
                "maps it elsewhere now",
            ),
            None => (
                format!("no longer maps `{value}` to `{}`", before.value),
                new.span,
                "mapping without it",
            ),
        };
        let finding = Finding::new(
            ID,
            format!(
                "{subject} {what}: objects with `{}: {value}` from writers of one version are read as another schema, or rejected, by readers of the other",
                new.property.value
            ),
        )
        .at_new(new_span, label)
        .at_old(before.span, "mapped here before");
        out.push_alone(finding);
    }
}
