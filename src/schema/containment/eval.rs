//! Evaluates a concrete value against a reader schema: used where the writer admits a finite set
//! of values (`enum`, `const`, booleans) and for property names the writer declares. Says which
//! keyword rejects, or that it cannot tell.

use std::collections::HashMap;

use regex::Regex;
use serde_json::Value;

use super::Constraint;
use crate::core::Span;
use crate::schema::model::{Body, Graph, Keywords, SchemaId, Types};
use crate::schema::resolve::json_eq;

/// Deep enough for any real payload; only a reference cycle that never descends reaches it.
const MAX_DEPTH: usize = 128;

#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    Accept,
    /// The keyword's kind, its span and why.
    Reject(Constraint, Span, String),
    /// The schema uses something this evaluator cannot decide (an unknown keyword, a pattern the
    /// regex engine refuses).
    Unknown(Span, String),
}

/// Compiled patterns, shared by a whole comparison. `None` for patterns that do not compile.
#[derive(Default)]
pub struct Patterns(HashMap<String, Option<Regex>>);

impl Patterns {
    pub fn get(&mut self, pattern: &str) -> Option<&Regex> {
        self.0
            .entry(pattern.to_owned())
            .or_insert_with(|| Regex::new(pattern).ok())
            .as_ref()
    }
}

pub fn eval(graph: &Graph, id: SchemaId, value: &Value, patterns: &mut Patterns) -> Verdict {
    Evaluator { graph, patterns }.schema(id, value, 0)
}

struct Evaluator<'a> {
    graph: &'a Graph,
    patterns: &'a mut Patterns,
}

macro_rules! check {
    ($verdict:expr) => {
        match $verdict {
            Verdict::Accept => {}
            other => return other,
        }
    };
}

impl Evaluator<'_> {
    fn schema(&mut self, id: SchemaId, value: &Value, depth: usize) -> Verdict {
        let schema = self.graph.get(id);
        if depth > MAX_DEPTH {
            return Verdict::Unknown(schema.span, "the references never reach a value".into());
        }
        match &schema.body {
            Body::Bool(true) => Verdict::Accept,
            Body::Bool(false) => Verdict::Reject(
                Constraint::Type,
                schema.span,
                "the schema `false` admits nothing".into(),
            ),
            Body::Keywords(k) => self.keywords(k, value, depth),
        }
    }

    fn keywords(&mut self, k: &Keywords, value: &Value, depth: usize) -> Verdict {
        if let Some(kw) = k.unsupported.first() {
            return Verdict::Unknown(kw.span, format!("`{}` is not supported", kw.value));
        }
        for r in &k.refs {
            check!(self.schema(r.value, value, depth + 1));
        }
        for &s in &k.applicators().all_of {
            check!(self.schema(s, value, depth + 1));
        }
        if let Some(t) = &k.types
            && !t.value.contains(Types::of(value))
        {
            return Verdict::Reject(Constraint::Type, t.span, format!("`type` is {}", t.value));
        }
        if let Some(values) = &k.values
            && !values.value.iter().any(|v| json_eq(v, value))
        {
            return Verdict::Reject(Constraint::Value, values.span, "it is not in `enum`".into());
        }
        check!(match value {
            Value::Number(n) => self.number(k, n.as_f64().unwrap_or(0.0)),
            Value::String(s) => self.string(k, s),
            Value::Object(map) => self.object(k, map, depth),
            Value::Array(items) => self.array(k, items, depth),
            _ => Verdict::Accept,
        });
        self.combinators(k, value, depth)
    }

    fn number(&mut self, k: &Keywords, n: f64) -> Verdict {
        let bounds = [
            (
                &k.numbers().minimum,
                n >= k.numbers().minimum.as_ref().map_or(f64::MIN, |m| m.value),
            ),
            (
                &k.numbers().maximum,
                n <= k.numbers().maximum.as_ref().map_or(f64::MAX, |m| m.value),
            ),
            (
                &k.numbers().exclusive_minimum,
                k.numbers()
                    .exclusive_minimum
                    .as_ref()
                    .is_none_or(|m| n > m.value),
            ),
            (
                &k.numbers().exclusive_maximum,
                k.numbers()
                    .exclusive_maximum
                    .as_ref()
                    .is_none_or(|m| n < m.value),
            ),
        ];
        for (kw, ok) in bounds {
            if let (Some(kw), false) = (kw, ok) {
                return Verdict::Reject(
                    Constraint::Bound,
                    kw.span,
                    format!("the bound is {}", kw.value),
                );
            }
        }
        if let Some(m) = &k.numbers().multiple_of {
            let q = n / m.value;
            if !q.is_finite() {
                return Verdict::Unknown(m.span, "`multipleOf` overflows".into());
            }
            if q.fract() != 0.0 {
                return Verdict::Reject(
                    Constraint::Bound,
                    m.span,
                    format!("not a multiple of {}", m.value),
                );
            }
        }
        Verdict::Accept
    }

    fn string(&mut self, k: &Keywords, s: &str) -> Verdict {
        let length = s.chars().count() as u64;
        if let Some(m) = k.strings().min_length.as_ref().filter(|m| length < m.value) {
            return Verdict::Reject(
                Constraint::Bound,
                m.span,
                format!("shorter than {}", m.value),
            );
        }
        if let Some(m) = k.strings().max_length.as_ref().filter(|m| length > m.value) {
            return Verdict::Reject(
                Constraint::Bound,
                m.span,
                format!("longer than {}", m.value),
            );
        }
        if let Some(p) = &k.strings().pattern {
            match self.patterns.get(&p.value) {
                Some(re) if re.is_match(s) => {}
                Some(_) => {
                    return Verdict::Reject(
                        Constraint::Pattern,
                        p.span,
                        format!("it does not match `{}`", p.value),
                    );
                }
                None => {
                    return Verdict::Unknown(
                        p.span,
                        format!("the pattern `{}` cannot be evaluated", p.value),
                    );
                }
            }
        }
        if let Some(f) = &k.strings().format {
            return Verdict::Unknown(
                f.span,
                format!("whether it is a valid `{}` is not checked", f.value),
            );
        }
        Verdict::Accept
    }

    fn object(
        &mut self,
        k: &Keywords,
        map: &serde_json::Map<String, Value>,
        depth: usize,
    ) -> Verdict {
        for name in &k.objects().required {
            if !map.contains_key(&name.value) {
                return Verdict::Reject(
                    Constraint::Required,
                    name.span,
                    format!("`{}` is required", name.value),
                );
            }
        }
        for dependency in &k.objects().dependent_required {
            let (key, names) = &dependency.value;
            if map.contains_key(key) && names.iter().any(|n| !map.contains_key(n)) {
                return Verdict::Reject(
                    Constraint::Required,
                    dependency.span,
                    format!("`{key}` needs {names:?}"),
                );
            }
        }
        let count = map.len() as u64;
        if let Some(m) = k
            .objects()
            .min_properties
            .as_ref()
            .filter(|m| count < m.value)
        {
            return Verdict::Reject(
                Constraint::Bound,
                m.span,
                format!("fewer than {} properties", m.value),
            );
        }
        if let Some(m) = k
            .objects()
            .max_properties
            .as_ref()
            .filter(|m| count > m.value)
        {
            return Verdict::Reject(
                Constraint::Bound,
                m.span,
                format!("more than {} properties", m.value),
            );
        }
        for (key, schema) in &k.extra().dependent_schemas {
            if map.contains_key(&key.value) {
                check!(self.schema(*schema, &Value::Object(map.clone()), depth + 1));
            }
        }
        for (name, value) in map {
            if let Some(names) = &k.objects().property_names {
                check!(self.schema(names.value, &Value::String(name.clone()), depth + 1));
            }
            let mut covered = false;
            if let Some(p) = k.property(name) {
                covered = true;
                check!(self.schema(p.schema, value, depth + 1));
            }
            for (pattern, schema) in &k.objects().pattern_properties {
                match self.patterns.get(&pattern.value) {
                    Some(re) if re.is_match(name) => {
                        covered = true;
                        check!(self.schema(*schema, value, depth + 1));
                    }
                    Some(_) => {}
                    None => {
                        return Verdict::Unknown(
                            pattern.span,
                            "the pattern cannot be evaluated".into(),
                        );
                    }
                }
            }
            if let (false, Some(additional)) = (covered, k.additional()) {
                match self.schema(additional.value, value, depth + 1) {
                    Verdict::Accept => {}
                    Verdict::Reject(..) => {
                        return Verdict::Reject(
                            Constraint::PropertyRejected,
                            additional.span,
                            format!("the property `{name}` is not allowed"),
                        );
                    }
                    unknown => return unknown,
                }
            }
        }
        Verdict::Accept
    }

    fn array(&mut self, k: &Keywords, items: &[Value], depth: usize) -> Verdict {
        let count = items.len() as u64;
        if let Some(m) = k.arrays().min_items.as_ref().filter(|m| count < m.value) {
            return Verdict::Reject(
                Constraint::Bound,
                m.span,
                format!("fewer than {} items", m.value),
            );
        }
        if let Some(m) = k.arrays().max_items.as_ref().filter(|m| count > m.value) {
            return Verdict::Reject(
                Constraint::Bound,
                m.span,
                format!("more than {} items", m.value),
            );
        }
        for (i, item) in items.iter().enumerate() {
            let rest = k.rest_items().map(|s| s.value);
            let schema = k.arrays().prefix_items.get(i).copied().or(rest);
            if let Some(schema) = schema {
                check!(self.schema(schema, item, depth + 1));
            }
        }
        if let Some(u) = k.arrays().unique_items.as_ref().filter(|u| u.value) {
            for (i, a) in items.iter().enumerate() {
                if items[..i].iter().any(|b| json_eq(a, b)) {
                    return Verdict::Reject(
                        Constraint::Bound,
                        u.span,
                        "the items are not unique".into(),
                    );
                }
            }
        }
        if let Some(contains) = &k.arrays().contains {
            let mut matched = 0u64;
            for item in items {
                match self.schema(contains.value, item, depth + 1) {
                    Verdict::Accept => matched += 1,
                    Verdict::Reject(..) => {}
                    unknown => return unknown,
                }
            }
            let min = k.arrays().min_contains.as_ref().map_or(1, |m| m.value);
            let max = k
                .arrays()
                .max_contains
                .as_ref()
                .map_or(u64::MAX, |m| m.value);
            if matched < min || matched > max {
                return Verdict::Reject(
                    Constraint::Bound,
                    contains.span,
                    "`contains` is not satisfied".into(),
                );
            }
        }
        Verdict::Accept
    }

    fn combinators(&mut self, k: &Keywords, value: &Value, depth: usize) -> Verdict {
        if let Some(any_of) = &k.applicators().any_of {
            let mut unknown = None;
            let mut matched = false;
            for &branch in &any_of.value {
                match self.schema(branch, value, depth + 1) {
                    Verdict::Accept => {
                        matched = true;
                        break;
                    }
                    Verdict::Reject(..) => {}
                    u @ Verdict::Unknown(..) => unknown = Some(u),
                }
            }
            if !matched {
                return unknown.unwrap_or_else(|| {
                    Verdict::Reject(
                        Constraint::Value,
                        any_of.span,
                        "no branch of `anyOf` accepts it".into(),
                    )
                });
            }
        }
        if let Some(one_of) = &k.applicators().one_of {
            let mut matches = 0;
            for &branch in &one_of.value {
                match self.schema(branch, value, depth + 1) {
                    Verdict::Accept => matches += 1,
                    Verdict::Reject(..) => {}
                    unknown => return unknown,
                }
            }
            if matches != 1 {
                return Verdict::Reject(
                    Constraint::Value,
                    one_of.span,
                    format!("{matches} branches of `oneOf` accept it, not exactly one"),
                );
            }
        }
        if let Some(not) = &k.applicators().not {
            match self.schema(not.value, value, depth + 1) {
                Verdict::Accept => {
                    return Verdict::Reject(
                        Constraint::Value,
                        not.span,
                        "`not` excludes it".into(),
                    );
                }
                Verdict::Reject(..) => {}
                unknown => return unknown,
            }
        }
        if let Some(conditional) = &k.applicators().conditional {
            let branch = match self.schema(conditional.condition.value, value, depth + 1) {
                Verdict::Accept => conditional.then,
                Verdict::Reject(..) => conditional.otherwise,
                unknown => return unknown,
            };
            if let Some(branch) = branch {
                check!(self.schema(branch, value, depth + 1));
            }
        }
        Verdict::Accept
    }
}
