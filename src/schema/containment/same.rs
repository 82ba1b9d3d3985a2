//! Structural equality of two schemas across graphs, spans and key order ignored. Equal schemas
//! admit the same values whatever they contain, so identical complex keywords (two equal
//! patterns, the same `oneOf`) are proven without being understood.

use std::collections::HashMap;

use foldhash::fast::FixedState;

use crate::schema::model::{Body, Graph, Keywords, Kw, SchemaId};
use crate::schema::resolve::json_eq;

/// Memoised, cycle-safe equality. A pair met again while it is being compared is assumed equal
/// (bisimulation); results that leaned on an assumption are forgotten when it fails. Pairs
/// nested past [`super::MAX_DEPTH`] are not proven equal, which only sends them to the full
/// comparison.
#[derive(Default)]
pub struct Sameness {
    memo: HashMap<(SchemaId, SchemaId), Option<bool>, FixedState>,
    log: Vec<(SchemaId, SchemaId)>,
    depth: usize,
}

impl Sameness {
    pub fn same(&mut self, a: &Graph, x: SchemaId, b: &Graph, y: SchemaId) -> bool {
        match self.memo.get(&(x, y)) {
            Some(None) => return true,
            Some(Some(result)) => return *result,
            None => {}
        }
        if self.depth >= super::MAX_DEPTH {
            return false;
        }
        let mark = self.log.len();
        self.memo.insert((x, y), None);
        self.log.push((x, y));
        self.depth += 1;
        let result = match (&a.get(x).body, &b.get(y).body) {
            (Body::Bool(p), Body::Bool(q)) => p == q,
            (Body::Keywords(k), Body::Keywords(l)) => self.keywords(a, k, b, l),
            _ => false,
        };
        self.depth -= 1;
        if !result {
            for key in self.log.drain(mark..) {
                self.memo.remove(&key);
            }
        }
        self.memo.insert((x, y), Some(result));
        result
    }

    fn ids(&mut self, a: &Graph, xs: &[SchemaId], b: &Graph, ys: &[SchemaId]) -> bool {
        xs.len() == ys.len() && xs.iter().zip(ys).all(|(x, y)| self.same(a, *x, b, *y))
    }

    fn opt(&mut self, a: &Graph, x: Option<SchemaId>, b: &Graph, y: Option<SchemaId>) -> bool {
        match (x, y) {
            (Some(x), Some(y)) => self.same(a, x, b, y),
            (None, None) => true,
            _ => false,
        }
    }

    fn keywords(&mut self, a: &Graph, k: &Keywords, b: &Graph, l: &Keywords) -> bool {
        let scalars = value(&k.types, &l.types)
            && match (&k.values, &l.values) {
                (Some(x), Some(y)) => {
                    x.value.len() == y.value.len()
                        && x.value
                            .iter()
                            .all(|v| y.value.iter().any(|w| json_eq(v, w)))
                }
                (None, None) => true,
                _ => false,
            }
            && value(&k.numbers().minimum, &l.numbers().minimum)
            && value(&k.numbers().maximum, &l.numbers().maximum)
            && value(
                &k.numbers().exclusive_minimum,
                &l.numbers().exclusive_minimum,
            )
            && value(
                &k.numbers().exclusive_maximum,
                &l.numbers().exclusive_maximum,
            )
            && value(&k.numbers().multiple_of, &l.numbers().multiple_of)
            && value(&k.strings().min_length, &l.strings().min_length)
            && value(&k.strings().max_length, &l.strings().max_length)
            && value(&k.strings().pattern, &l.strings().pattern)
            && value(&k.strings().format, &l.strings().format)
            && value(&k.extra().content_encoding, &l.extra().content_encoding)
            && value(&k.extra().content_media_type, &l.extra().content_media_type)
            && value(&k.objects().min_properties, &l.objects().min_properties)
            && value(&k.objects().max_properties, &l.objects().max_properties)
            && value(&k.arrays().min_contains, &l.arrays().min_contains)
            && value(&k.arrays().max_contains, &l.arrays().max_contains)
            && value(&k.arrays().min_items, &l.arrays().min_items)
            && value(&k.arrays().max_items, &l.arrays().max_items)
            && value(&k.arrays().unique_items, &l.arrays().unique_items)
            && k.nullable == l.nullable
            && k.read_only == l.read_only
            && k.write_only == l.write_only
            && same_set(&k.objects().required, &l.objects().required)
            && same_set(
                &k.objects().dependent_required,
                &l.objects().dependent_required,
            )
            && same_set(&k.unsupported, &l.unsupported)
            && k.objects().properties.len() == l.objects().properties.len()
            && k.objects().pattern_properties.len() == l.objects().pattern_properties.len()
            && k.extra().dependent_schemas.len() == l.extra().dependent_schemas.len();
        if !scalars {
            return false;
        }
        for p in &k.objects().properties {
            let Some(q) = l.property(&p.name) else {
                return false;
            };
            if !self.same(a, p.schema, b, q.schema) {
                return false;
            }
        }
        for (pattern, schema) in &k.objects().pattern_properties {
            let Some((_, other)) = l
                .objects()
                .pattern_properties
                .iter()
                .find(|(q, _)| q.value == pattern.value)
            else {
                return false;
            };
            if !self.same(a, *schema, b, *other) {
                return false;
            }
        }
        for (key, schema) in &k.extra().dependent_schemas {
            let Some((_, other)) = l
                .extra()
                .dependent_schemas
                .iter()
                .find(|(q, _)| q.value == key.value)
            else {
                return false;
            };
            if !self.same(a, *schema, b, *other) {
                return false;
            }
        }
        let kw = |x: &Option<Kw<SchemaId>>| x.as_ref().map(|k| k.value);
        let list = |x: &Option<Kw<Vec<SchemaId>>>| x.as_ref().map(|k| k.value.clone());
        let refs = |x: &[Kw<SchemaId>]| x.iter().map(|r| r.value).collect::<Vec<_>>();
        self.opt(
            a,
            kw(&k.objects().additional_properties),
            b,
            kw(&l.objects().additional_properties),
        ) && self.opt(
            a,
            kw(&k.extra().unevaluated_properties),
            b,
            kw(&l.extra().unevaluated_properties),
        ) && self.opt(
            a,
            kw(&k.extra().content_schema),
            b,
            kw(&l.extra().content_schema),
        ) && self.opt(
            a,
            kw(&k.extra().unevaluated_items),
            b,
            kw(&l.extra().unevaluated_items),
        ) && self.opt(
            a,
            kw(&k.extra().stray_additional_items),
            b,
            kw(&l.extra().stray_additional_items),
        ) && self.opt(
            a,
            kw(&k.objects().property_names),
            b,
            kw(&l.objects().property_names),
        ) && self.ids(a, &k.arrays().prefix_items, b, &l.arrays().prefix_items)
            && self.opt(a, kw(&k.arrays().items), b, kw(&l.arrays().items))
            && self.opt(a, kw(&k.arrays().contains), b, kw(&l.arrays().contains))
            && self.ids(a, &k.applicators().all_of, b, &l.applicators().all_of)
            && self.opt_list(
                a,
                list(&k.applicators().any_of),
                b,
                list(&l.applicators().any_of),
            )
            && self.opt_list(
                a,
                list(&k.applicators().one_of),
                b,
                list(&l.applicators().one_of),
            )
            && self.opt(a, kw(&k.applicators().not), b, kw(&l.applicators().not))
            && self.ids(a, &refs(&k.refs), b, &refs(&l.refs))
            && match (&k.applicators().conditional, &l.applicators().conditional) {
                (Some(x), Some(y)) => {
                    self.same(a, x.condition.value, b, y.condition.value)
                        && self.opt(a, x.then, b, y.then)
                        && self.opt(a, x.otherwise, b, y.otherwise)
                }
                (None, None) => true,
                _ => false,
            }
    }

    fn opt_list(
        &mut self,
        a: &Graph,
        x: Option<Vec<SchemaId>>,
        b: &Graph,
        y: Option<Vec<SchemaId>>,
    ) -> bool {
        match (x, y) {
            (Some(x), Some(y)) => self.ids(a, &x, b, &y),
            (None, None) => true,
            _ => false,
        }
    }
}

fn value<T: PartialEq>(x: &Option<Kw<T>>, y: &Option<Kw<T>>) -> bool {
    x.as_ref().map(|k| &k.value) == y.as_ref().map(|k| &k.value)
}

fn same_set<T: PartialEq>(x: &[Kw<T>], y: &[Kw<T>]) -> bool {
    x.len() == y.len()
        && x.iter().all(|a| y.iter().any(|b| a.value == b.value))
        && y.iter().all(|b| x.iter().any(|a| a.value == b.value))
}
