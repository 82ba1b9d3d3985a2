//! Array keywords of a reader, against the writer's items, prefix and counts.

use super::facts::Facts;
use super::{Checker, Fact, View};
use crate::core::Span;
use crate::schema::model::{Keywords, SchemaId};

impl Checker<'_> {
    /// The writer's schemas for array position `index`; `None` when no array is that long.
    fn writer_item(&self, facts: &Facts, index: usize) -> Option<Vec<SchemaId>> {
        if facts.max_items.is_some_and(|m| (index as u64) >= m) {
            return None;
        }
        let mut schemas = Vec::new();
        for k in facts
            .conj
            .iter()
            .filter_map(|&id| self.w.get(id).keywords())
        {
            if let Some(&s) = k.arrays().prefix_items.get(index) {
                schemas.push(s);
            } else if let Some(items) = k.rest_items() {
                if self.w.get(items.value).is_false() {
                    return None;
                }
                schemas.push(items.value);
            }
        }
        Some(schemas)
    }

    fn writer_prefix_len(&self, facts: &Facts) -> usize {
        facts
            .conj
            .iter()
            .filter_map(|&id| self.w.get(id).keywords())
            .map(|k| k.arrays().prefix_items.len())
            .max()
            .unwrap_or(0)
    }

    /// The most items the writer sends, from `maxItems` or a closed prefix.
    fn writer_max_items(&self, facts: &Facts) -> Option<u64> {
        let closed_prefix = facts
            .conj
            .iter()
            .filter_map(|&id| self.w.get(id).keywords())
            .filter(|k| {
                k.rest_items()
                    .is_some_and(|i| self.w.get(i.value).is_false())
            })
            .map(|k| k.arrays().prefix_items.len() as u64)
            .min();
        match (facts.max_items, closed_prefix) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Whether the writer has the reader's `additionalItems` (beside no `items` array) too.
    fn writer_has_same_stray_items(&mut self, facts: &Facts, reader: SchemaId) -> bool {
        let (w, r) = (self.w, self.r);
        facts
            .conj
            .iter()
            .filter_map(|&id| w.get(id).keywords())
            .filter_map(|k| k.extra().stray_additional_items.as_ref())
            .any(|stray| self.sameness.same(w, stray.value, r, reader))
    }

    pub(super) fn arrays(&mut self, facts: &Facts, k: &Keywords, path: &mut Vec<String>) -> bool {
        let mut ok = true;
        let positions = self
            .writer_prefix_len(facts)
            .max(k.arrays().prefix_items.len());
        let items = k.rest_items().map(|i| i.value);
        for index in 0..positions {
            let reader = k.arrays().prefix_items.get(index).copied().or(items);
            let Some(reader) = reader else { continue };
            let Some(writer) = self.writer_item(facts, index) else {
                break;
            };
            path.push(index.to_string());
            let holds = self.sub(&View::of(writer, facts.span), reader, path);
            path.pop();
            step!(self, ok, holds);
        }
        if let Some(reader) = items
            && let Some(writer) = self.writer_item(facts, positions)
        {
            path.push("*".to_owned());
            let holds = self.sub(&View::of(writer, facts.span), reader, path);
            path.pop();
            step!(self, ok, holds);
        }
        if let Some(stray) = &k.extra().stray_additional_items
            && !self.writer_has_same_stray_items(facts, stray.value)
        {
            let fact = || Fact::Unsupported {
                keyword: "additionalItems".to_owned(),
            };
            step!(self, ok, self.fail(fact, path, facts.span, stray.span));
        }
        let max_items = self.writer_max_items(facts);
        if let Some(m) = &k.arrays().min_items
            && facts.min_items.unwrap_or(0) < m.value
        {
            let fact = || Fact::MinItems {
                reader: m.value,
                writer: facts.min_items,
            };
            step!(self, ok, self.fail(fact, path, facts.span, m.span));
        }
        if let Some(m) = &k.arrays().max_items
            && max_items.is_none_or(|w| w > m.value)
        {
            let fact = || Fact::MaxItems {
                reader: m.value,
                writer: max_items,
            };
            step!(self, ok, self.fail(fact, path, facts.span, m.span));
        }
        if let Some(u) = k.arrays().unique_items.as_ref().filter(|u| u.value)
            && !facts.unique
            && max_items.is_none_or(|m| m > 1)
        {
            step!(
                self,
                ok,
                self.fail(|| Fact::UniqueItems, path, facts.span, u.span)
            );
        }
        if let Some(contains) = &k.arrays().contains {
            step!(
                self,
                ok,
                self.contains(facts, k, contains.value, contains.span, max_items, path)
            );
        }
        ok
    }

    fn contains(
        &mut self,
        facts: &Facts,
        k: &Keywords,
        reader: SchemaId,
        span: Span,
        max_items: Option<u64>,
        path: &mut Vec<String>,
    ) -> bool {
        let min = k.arrays().min_contains.as_ref().map_or(1, |m| m.value);
        let min_holds = min == 0
            || facts
                .contains
                .clone()
                .into_iter()
                .any(|(writer, writer_min)| {
                    writer_min >= min
                        && self.trial(|c| c.sub(&View::of(vec![writer], facts.span), reader, path))
                })
            || (facts.min_items.unwrap_or(0) >= min && self.every_item_within(facts, reader, path));
        let max_holds = k
            .arrays()
            .max_contains
            .as_ref()
            .is_none_or(|m| max_items.is_some_and(|w| w <= m.value));
        if min_holds && max_holds {
            return true;
        }
        self.fail(|| Fact::Contains, path, facts.span, span)
    }

    fn every_item_within(
        &mut self,
        facts: &Facts,
        reader: SchemaId,
        path: &mut Vec<String>,
    ) -> bool {
        let positions = self.writer_prefix_len(facts);
        for index in 0..=positions {
            let Some(writer) = self.writer_item(facts, index) else {
                return true;
            };
            if !self.trial(|c| c.sub(&View::of(writer, facts.span), reader, path)) {
                return false;
            }
        }
        true
    }
}
