//! Renames judged by what the whole release does: a column or table renamed and renamed back
//! within the release (`sidebar` to `description` in one migration, back to `sidebar` in the
//! next) changes nothing old code sees, and a chain (`a` to `b` to `c`) is one rename.
//!
//! Columns and tables keep their definition's origin through renames, so the origin is their
//! identity: a rename finding's old frame is that origin, and the schema after the release says
//! what the object is called in the end.

use std::collections::BTreeMap;

use crate::core::{Finding, Span};
use crate::sql::rules::{rename_column, rename_table};
use crate::sql::statements::model::Schema;

/// Drops the rename findings of `findings` whose object ends the release under its old name,
/// and keeps one finding per chain (the first), with a note naming the final name.
pub fn collapse(base: &Schema, after: &Schema, findings: &mut Vec<Finding>) {
    let mut chains: BTreeMap<Span, Vec<usize>> = BTreeMap::new();
    for (index, finding) in findings.iter().enumerate() {
        if finding.rule != rename_column::ID && finding.rule != rename_table::ID {
            continue;
        }
        if let Some(label) = &finding.old {
            chains.entry(label.span).or_default().push(index);
        }
    }
    if chains.is_empty() {
        return;
    }
    let names = |schema: &Schema| -> BTreeMap<Span, String> {
        let mut names = BTreeMap::new();
        for (key, table) in &schema.tables {
            names.insert(table.origin.span, key.clone());
            // A column is judged by its own name: the table may be renamed around it.
            for column in &table.columns {
                names.insert(column.origin.span, column.key.clone());
            }
        }
        names
    };
    let (before, end) = (names(base), names(after));
    let mut keep = vec![true; findings.len()];
    for (origin, chain) in chains {
        let (Some(old_name), Some((first, rest))) = (before.get(&origin), chain.split_first())
        else {
            continue;
        };
        let final_name = end.get(&origin);
        rest.iter().for_each(|&i| keep[i] = false);
        match final_name {
            Some(name) if name == old_name => keep[*first] = false,
            Some(name) if !rest.is_empty() => {
                let last = name.rsplit('.').next().unwrap_or(name);
                findings[*first].notes.push(format!(
                    "the release renames it again later: it ends as `{last}`"
                ));
            }
            _ => {}
        }
    }
    let mut index = 0;
    findings.retain(|_| {
        index += 1;
        keep[index - 1]
    });
}
