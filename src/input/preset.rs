//! Named presets of `[rules]` settings, for teams whose registry or gateway applies a policy of
//! its own: `preset = "confluent"` makes breaking every change Confluent Schema Registry rejects
//! under its default (STRICT) JSON Schema policy, so CI fails before the registry does.

use std::collections::BTreeMap;

use crate::catalog::Catalog;
use crate::core::{Class, RuleId, RuleSetting};

/// The presets, by the name compat.toml gives them.
pub const NAMES: &[&str] = &["confluent"];

/// The difference types compat's rules name (their pages' `equivalents`) that Confluent Schema
/// Registry accepts under STRICT (`SchemaDiff.COMPATIBLE_CHANGES_STRICT`); every other type a
/// rule names is one it rejects.
const CONFLUENT_ACCEPTS: &[&str] = &[
    "MAXIMUM_INCREASED",
    "MINIMUM_DECREASED",
    "MAX_LENGTH_INCREASED",
    "MIN_LENGTH_DECREASED",
    "ENUM_ARRAY_EXTENDED",
    "PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL",
    "TYPE_EXTENDED",
    "ADDITIONAL_PROPERTIES_ADDED",
    "UNEVALUATED_PROPERTIES_ADDED",
];

/// The settings a preset adds; `None` for an unknown name. Settings written in `[rules]` win.
pub fn settings(name: &str, catalog: &Catalog) -> Option<BTreeMap<RuleId, RuleSetting>> {
    match name {
        "confluent" => Some(
            catalog
                .iter()
                .filter(|rule| rule.class != Class::Breaking)
                .filter(|rule| {
                    rule.equivalents
                        .get("confluent_schema_registry")
                        .iter()
                        .any(|t| !CONFLUENT_ACCEPTS.contains(t))
                })
                .map(|rule| (rule.id, RuleSetting::Class(Class::Breaking)))
                .collect(),
        ),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::catalog;

    #[test]
    fn confluent_makes_breaking_what_the_registry_rejects_and_nothing_it_accepts() {
        let confluent = settings("confluent", catalog()).expect("known");
        let escalated = |id: &str| confluent.contains_key(&catalog().get(id).expect("rule").id);
        assert!(escalated("jsonschema/optional-property-added"));
        assert!(!escalated("jsonschema/optional-property-removed"));
        assert!(!escalated("jsonschema/enum-value-added"));
        assert!(!escalated("jsonschema/object-closed"));
        assert!(!escalated("openapi/request-property-added"));
        assert!(settings("strict", catalog()).is_none());
    }
}
