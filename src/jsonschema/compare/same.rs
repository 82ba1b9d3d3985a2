//! Structural equality of two schemas across graphs, spans and key order ignored. Equal schemas
//! admit the same values whatever they contain, so identical complex keywords (two equal
//! patterns, the same `oneOf`) are proven without being understood.

use std::collections::HashMap;

use crate::jsonschema::model::{Body, Graph, Keywords, Kw, SchemaId};
use crate::jsonschema::resolve::json_eq;

/// Memoised, cycle-safe equality. A pair met again while it is being compared is assumed equal
/// (bisimulation); results that leaned on an assumption are forgotten when it fails.
#[derive(Default)]
pub struct Sameness {
    memo: HashMap<(SchemaId, SchemaId), Option<bool>>,
    log: Vec<(SchemaId, SchemaId)>,
}

impl Sameness {
    pub fn same(&mut self, a: &Graph, x: SchemaId, b: &Graph, y: SchemaId) -> bool {
        match self.memo.get(&(x, y)) {
            Some(None) => return true,
            Some(Some(result)) => return *result,
            None => {}
        }
        let mark = self.log.len();
        self.memo.insert((x, y), None);
        self.log.push((x, y));
        let result = match (&a.get(x).body, &b.get(y).body) {
            (Body::Bool(p), Body::Bool(q)) => p == q,
            (Body::Keywords(k), Body::Keywords(l)) => self.keywords(a, k, b, l),
            _ => false,
        };
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
            && value(&k.minimum, &l.minimum)
            && value(&k.maximum, &l.maximum)
            && value(&k.exclusive_minimum, &l.exclusive_minimum)
            && value(&k.exclusive_maximum, &l.exclusive_maximum)
            && value(&k.multiple_of, &l.multiple_of)
            && value(&k.min_length, &l.min_length)
            && value(&k.max_length, &l.max_length)
            && value(&k.pattern, &l.pattern)
            && value(&k.format, &l.format)
            && value(&k.min_properties, &l.min_properties)
            && value(&k.max_properties, &l.max_properties)
            && value(&k.min_contains, &l.min_contains)
            && value(&k.max_contains, &l.max_contains)
            && value(&k.min_items, &l.min_items)
            && value(&k.max_items, &l.max_items)
            && value(&k.unique_items, &l.unique_items)
            && k.nullable == l.nullable
            && k.read_only == l.read_only
            && k.write_only == l.write_only
            && same_set(&k.required, &l.required)
            && same_set(&k.dependent_required, &l.dependent_required)
            && same_set(&k.unsupported, &l.unsupported)
            && k.properties.len() == l.properties.len()
            && k.pattern_properties.len() == l.pattern_properties.len();
        if !scalars {
            return false;
        }
        for p in &k.properties {
            let Some(q) = l.property(&p.name) else {
                return false;
            };
            if !self.same(a, p.schema, b, q.schema) {
                return false;
            }
        }
        for (pattern, schema) in &k.pattern_properties {
            let Some((_, other)) = l
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
        let kw = |x: &Option<Kw<SchemaId>>| x.as_ref().map(|k| k.value);
        let list = |x: &Option<Kw<Vec<SchemaId>>>| x.as_ref().map(|k| k.value.clone());
        let refs = |x: &[Kw<SchemaId>]| x.iter().map(|r| r.value).collect::<Vec<_>>();
        self.opt(
            a,
            kw(&k.additional_properties),
            b,
            kw(&l.additional_properties),
        ) && self.opt(a, kw(&k.property_names), b, kw(&l.property_names))
            && self.ids(a, &k.prefix_items, b, &l.prefix_items)
            && self.opt(a, kw(&k.items), b, kw(&l.items))
            && self.opt(a, kw(&k.contains), b, kw(&l.contains))
            && self.ids(a, &k.all_of, b, &l.all_of)
            && self.opt_list(a, list(&k.any_of), b, list(&l.any_of))
            && self.opt_list(a, list(&k.one_of), b, list(&l.one_of))
            && self.opt(a, kw(&k.not), b, kw(&l.not))
            && self.ids(a, &refs(&k.refs), b, &refs(&l.refs))
            && match (&k.conditional, &l.conditional) {
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
