//! A script the release adds, checked: every statement rule on each of its statements.

use super::rules::STATEMENT_RULES;
use super::statements::model::Schema;
use super::statements::{ParsedScript, Settings, check_statements};
use crate::catalog::catalog;
use crate::core::{Effect, Finding, Window};

/// Runs every statement rule on each statement of a release script, then applies it.
pub fn check_script(
    settings: &Settings,
    base: &Schema,
    schema: &mut Schema,
    parsed: &ParsedScript,
    findings: &mut Vec<Finding>,
) {
    let first = findings.len();
    check_statements(settings, base, schema, parsed, STATEMENT_RULES, findings);
    // Availability rules run on down scripts too, where they threaten the rollback; on an up
    // script they threaten the rollout only.
    for finding in &mut findings[first..] {
        if catalog().rule(finding.rule).effect == Effect::Availability {
            finding.window = Some(Window::Rollout);
        }
    }
}
