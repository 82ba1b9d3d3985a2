//! Which findings each suppression covers, and what is wrong with the suppressions that cover
//! none.

use std::collections::BTreeMap;

use super::rules;
use super::suppression::Suppression;
use crate::catalog::Catalog;
use crate::core::{FileId, Finding, RuleId, Span};
use crate::report::RawFinding;

/// Marks the findings each suppression covers and reports the suppressions that are void (no
/// reason) or match nothing. A void suppression suppresses nothing.
pub fn apply(
    findings: &mut [RawFinding],
    suppressions: &[Suppression],
    catalog: &Catalog,
) -> Vec<Finding> {
    // Findings by new-side file and rule, so each suppression looks only at its candidates.
    let mut candidates: BTreeMap<(FileId, RuleId), Vec<usize>> = BTreeMap::new();
    for (index, raw) in findings.iter().enumerate() {
        if let Some(label) = &raw.finding.new {
            candidates
                .entry((label.span.file, raw.finding.rule))
                .or_default()
                .push(index);
        }
    }
    let mut reported = Vec::new();
    for suppression in suppressions {
        let Some(reason) = &suppression.reason else {
            reported.push(rules::suppression_without_reason::finding(suppression));
            continue;
        };
        if suppression.rules.is_empty() {
            reported.push(rules::unused_suppression::names_no_rule(suppression));
            continue;
        }
        for name in &suppression.rules {
            let Some(rule) = RuleId::parse(name) else {
                let closest = catalog.closest(name);
                let finding = rules::unused_suppression::names_no_known_rule(
                    suppression,
                    name,
                    closest.first().copied(),
                );
                reported.push(finding);
                continue;
            };
            let mut used = false;
            for covered in &suppression.covers {
                let key = (covered.file, rule);
                for &index in candidates.get(&key).map_or(&[][..], Vec::as_slice) {
                    let raw = &mut findings[index];
                    if covers(*covered, &raw.finding) {
                        raw.suppressed.get_or_insert_with(|| reason.clone());
                        used = true;
                    }
                }
            }
            if !used && suppression.report_unused {
                reported.push(rules::unused_suppression::matches_nothing(
                    suppression,
                    rule,
                ));
            }
        }
    }
    reported
}

/// Whether the finding's new-side span touches the covered place: a trailing comment on the last
/// line of a long statement covers the statement's finding too.
fn covers(covered: Span, finding: &Finding) -> bool {
    finding.new.as_ref().is_some_and(|label| {
        let span = label.span;
        span.file == covered.file
            && span.start() <= covered.end()
            && span.end().max(span.start() + 1) > covered.start()
    })
}
