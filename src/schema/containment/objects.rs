//! Object keywords of a reader, against what the writer declares.

use std::collections::BTreeSet;

use super::eval::{Verdict, eval};
use super::facts::Facts;
use super::{Assumption, Checker, Fact, PropertyFilter, Undeclared, View};
use crate::core::Span;
use crate::schema::model::{Keywords, Property, SchemaId};

/// What the writer may send under one property name.
enum WriterProperty {
    /// Never: the writer's object is closed to it, or the direction filters it out.
    Never,
    /// Declared (by name, pattern or `additionalProperties`): the value satisfies all of these
    /// (none: any value, as a pattern the checker cannot read may say).
    Declared(Vec<SchemaId>),
    /// Declared with no constraint on the value (`{}`, `additionalProperties: true`), or sent by
    /// a writer that constrains nothing: any value.
    Free,
    /// Not declared by an open object.
    Undeclared,
}

impl WriterProperty {
    /// What the writer sends under the name, if it sends it by declaration: the schemas its
    /// value satisfies (none: any value).
    fn sent(self) -> Option<Vec<SchemaId>> {
        match self {
            WriterProperty::Declared(schemas) => Some(schemas),
            WriterProperty::Free => Some(Vec::new()),
            WriterProperty::Never | WriterProperty::Undeclared => None,
        }
    }
}

/// Names the writer may send beyond its declared properties.
struct OtherNames {
    /// `patternProperties` of the writer.
    patterns: Vec<(String, SchemaId)>,
    /// `additionalProperties` schemas (not `true`, not `false`) of the writer.
    additional: Vec<SchemaId>,
    /// No writer schema restricts other names.
    open: bool,
    /// And one says so (`additionalProperties: true`): a map, whose writers send names it does
    /// not declare, rather than an object left open.
    declared_open: bool,
}

impl Checker<'_> {
    fn filtered(&self, graph: &crate::schema::model::Graph, schema: SchemaId) -> bool {
        let Some(k) = graph.get(schema).keywords() else {
            return false;
        };
        let flags = |k: &Keywords| match self.options.filter {
            PropertyFilter::All => false,
            PropertyFilter::Request => k.read_only,
            PropertyFilter::Response => k.write_only,
        };
        flags(k)
            || k.refs
                .iter()
                .filter_map(|r| graph.get(r.value).keywords())
                .any(flags)
    }

    fn writer_property(&mut self, facts: &Facts, name: &str) -> WriterProperty {
        let w = self.w;
        if self.writer_is_free(facts) {
            return WriterProperty::Free;
        }
        let mut schemas = Vec::new();
        let mut declared = false;
        let mut unread_pattern = false;
        for &id in &facts.conj {
            let Some(k) = w.get(id).keywords() else {
                continue;
            };
            if let Some(p) = k.property(name) {
                if self.filtered(w, p.schema) || w.get(p.schema).is_false() {
                    return WriterProperty::Never;
                }
                schemas.push(p.schema);
                declared = true;
                continue;
            }
            let mut matched = false;
            for (pattern, schema) in &k.objects().pattern_properties {
                match self.patterns.get(&pattern.value) {
                    Some(re) if re.is_match(name) => {
                        schemas.push(*schema);
                        matched = true;
                    }
                    Some(_) => {}
                    // Unknown: it may match, with any value.
                    None => {
                        matched = true;
                        unread_pattern = true;
                    }
                }
            }
            if matched {
                declared = true;
                continue;
            }
            if let Some(additional) = k.additional() {
                let schema = w.get(additional.value);
                if schema.is_false() {
                    return WriterProperty::Never;
                }
                // Declared, even as `true`: a map's writers send names of their own.
                if !schema.is_trivially_true() {
                    schemas.push(additional.value);
                }
                declared = true;
            }
        }
        let free = schemas.iter().all(|&id| w.get(id).is_trivially_true());
        match (declared, free && !unread_pattern) {
            (false, _) => WriterProperty::Undeclared,
            (true, true) => WriterProperty::Free,
            (true, false) => WriterProperty::Declared(schemas),
        }
    }

    /// Whether the writer constrains nothing here (`true`, `{}`, the value of a map declared
    /// with `additionalProperties: true`): it may send any name with any value, which is not an
    /// object that leaves names undeclared, so no open-content assumption is made about it.
    fn writer_is_free(&self, facts: &Facts) -> bool {
        facts
            .conj
            .iter()
            .all(|&id| self.w.get(id).is_trivially_true())
    }

    /// Whether the writer declares any property by name or pattern.
    fn writer_names_properties(&self, facts: &Facts) -> bool {
        facts
            .conj
            .iter()
            .filter_map(|&id| self.w.get(id).keywords())
            .any(|k| {
                !k.objects().properties.is_empty() || !k.objects().pattern_properties.is_empty()
            })
    }

    /// The names the writer declares and may send (a property declared `false` is never sent).
    fn writer_names(&self, facts: &Facts) -> BTreeSet<String> {
        facts
            .conj
            .iter()
            .filter_map(|&id| self.w.get(id).keywords())
            .flat_map(|k| &k.objects().properties)
            .filter(|p| !self.w.get(p.schema).is_false())
            .map(|p| p.name.to_string())
            .collect()
    }

    fn other_names(&self, facts: &Facts) -> OtherNames {
        let mut names = OtherNames {
            patterns: Vec::new(),
            additional: Vec::new(),
            open: true,
            declared_open: self.writer_is_free(facts),
        };
        for k in facts
            .conj
            .iter()
            .filter_map(|&id| self.w.get(id).keywords())
        {
            names.patterns.extend(
                k.objects()
                    .pattern_properties
                    .iter()
                    .map(|(p, s)| (p.value.clone(), *s)),
            );
            if let Some(additional) = k.additional() {
                let schema = self.w.get(additional.value);
                if schema.is_false() {
                    names.open = false;
                    names.additional.clear();
                } else if !schema.is_trivially_true() && names.open {
                    names.additional.push(additional.value);
                } else {
                    names.declared_open = true;
                }
            }
        }
        if !names.additional.is_empty() {
            names.open = false;
        }
        names.declared_open &= names.open;
        names
    }

    /// Whether a reader property is left out in this direction.
    fn reader_filtered(&self, k: &Keywords, name: &str) -> bool {
        k.property(name)
            .is_some_and(|p| self.filtered(self.r, p.schema))
    }

    pub(super) fn objects(
        &mut self,
        w: &View,
        facts: &Facts,
        k: &Keywords,
        path: &mut Vec<String>,
    ) -> bool {
        let mut ok = true;
        let any = self.options.undeclared == Undeclared::Any;
        for required in &k.objects().required {
            let name = &required.value;
            if facts.required.contains(name.as_str()) || self.reader_filtered(k, name) {
                continue;
            }
            let fact = || Fact::Required { name: name.clone() };
            step!(self, ok, self.fail(fact, path, facts.span, required.span));
        }
        for dependency in &k.objects().dependent_required {
            let (key, names) = &dependency.value;
            let never = match self.writer_property(facts, key) {
                WriterProperty::Never => true,
                WriterProperty::Undeclared => !any,
                WriterProperty::Declared(_) | WriterProperty::Free => false,
            };
            for name in names {
                if never
                    || facts.required.contains(name.as_str())
                    || facts.dependent.contains(&(key.as_str(), name.as_str()))
                {
                    continue;
                }
                let fact = || Fact::DependentRequired {
                    key: key.clone(),
                    name: name.clone(),
                };
                step!(self, ok, self.fail(fact, path, facts.span, dependency.span));
            }
        }
        for (key, schema) in &k.extra().dependent_schemas {
            step!(
                self,
                ok,
                self.dependent_schema(w, facts, &key.value, *schema, path)
            );
        }
        let reader_required: BTreeSet<&str> = k
            .objects()
            .required
            .iter()
            .map(|r| r.value.as_str())
            .collect();
        let mut free: Vec<&Property> = Vec::new();
        for property in &k.objects().properties {
            if self.filtered(self.r, property.schema) {
                continue;
            }
            path.push(property.name.to_string());
            let result = match self.writer_property(facts, &property.name) {
                WriterProperty::Never => true,
                WriterProperty::Free => {
                    free.push(property);
                    true
                }
                WriterProperty::Declared(schemas) => {
                    self.sub(&View::of(schemas, facts.span), property.schema, path)
                }
                WriterProperty::Undeclared => self.undeclared(
                    facts,
                    property.schema,
                    property.span,
                    &reader_required,
                    path,
                ),
            };
            path.pop();
            step!(self, ok, result);
        }
        // A writer that names no property (`{}`, a map of anything) gives any value under the
        // names a reader declares: the value got a schema, one cause however many properties it
        // constrains. (Properties added beside declared ones are each a change of their own.)
        if !free.is_empty() && !self.writer_names_properties(facts) {
            step!(self, ok, self.free_values(facts, &free, path));
        } else {
            for &property in &free {
                step!(self, ok, self.free_values(facts, &[property], path));
            }
        }
        step!(self, ok, self.pattern_properties(facts, k, path));
        step!(self, ok, self.additional_properties(facts, k, path));
        step!(self, ok, self.property_names(facts, k, path));
        if let Some(m) = &k.objects().min_properties {
            let guaranteed = facts
                .min_properties
                .unwrap_or(0)
                .max(facts.required.len() as u64);
            if guaranteed < m.value {
                let fact = || Fact::MinProperties {
                    reader: m.value,
                    guaranteed,
                };
                step!(self, ok, self.fail(fact, path, facts.span, m.span));
            }
        }
        if let Some(m) = &k.objects().max_properties {
            let others = self.other_names(facts);
            // An object that is open by declaration (or a writer that constrains nothing) sends
            // names of its own even where undeclared names are taken as never sent.
            let countable = others.patterns.is_empty()
                && others.additional.is_empty()
                && (!others.open || (!any && !others.declared_open));
            let bound = facts
                .max_properties
                .or_else(|| countable.then(|| self.writer_names(facts).len() as u64));
            if bound.is_none_or(|b| b > m.value) {
                let fact = || Fact::MaxProperties { reader: m.value };
                step!(self, ok, self.fail(fact, path, facts.span, m.span));
            }
        }
        ok
    }

    /// Reader properties whose writer sends any value under their names. Where the reader
    /// restricts the value's type, it plainly constrains what could be anything: one fact for
    /// the property, or one naming them all when several are (the value got a schema). Any
    /// other failure is compared in full, so that what cannot be proven is still named so.
    fn free_values(&mut self, facts: &Facts, free: &[&Property], path: &mut Vec<String>) -> bool {
        let anything = View::of(Vec::new(), facts.span);
        let mut typed: Vec<&Property> = Vec::new();
        let mut ok = true;
        for &property in free {
            path.push(property.name.to_string());
            let holds = self.recording && self.trial(|s| s.sub(&anything, property.schema, path));
            if !holds {
                if self.recording && self.reader_restricts_types(property.schema) {
                    typed.push(property);
                } else {
                    step!(self, ok, self.sub(&anything, property.schema, path));
                }
            }
            path.pop();
        }
        match typed.as_slice() {
            [] => ok,
            [one] => {
                path.push(one.name.to_string());
                let reader = self.r.get(one.schema).head;
                let writer = self
                    .writer_property_span(facts, &one.name)
                    .unwrap_or(facts.span);
                self.fail(|| Fact::AnyValueConstrained, path, writer, reader);
                path.pop();
                false
            }
            [first, ..] => {
                let fact = || Fact::FreeValuesConstrained {
                    names: typed.iter().map(|p| p.name.to_string()).collect(),
                };
                self.fail(fact, path, facts.span, first.span);
                false
            }
        }
    }

    /// Whether a reader schema admits fewer than all types (its unions' branches counted) or a
    /// finite set of values.
    fn reader_restricts_types(&self, schema: SchemaId) -> bool {
        let view = View::of(vec![schema], self.r.get(schema).head);
        let facts = super::facts::facts(self.r, &view);
        facts.types != crate::schema::model::Types::ALL || facts.values.is_some()
    }

    /// The writer's object schema, where it declares its properties, rather than the place
    /// that refers to it: the same object reached from many places is one thing to point at.
    fn object_span(&self, facts: &Facts) -> Span {
        facts
            .conj
            .iter()
            .find(|&&id| {
                self.w
                    .get(id)
                    .keywords()
                    .is_some_and(|k| !k.objects().properties.is_empty())
            })
            .map_or(facts.span, |&id| self.w.get(id).head)
    }

    /// A reader's `dependentSchemas` entry: an object the writer sends with `key` must be
    /// valid against `schema`, as far as the writer's own entry for `key` guarantees. The key
    /// is taken to be sent unless the writer forbids it: naming it in a dependency says
    /// payloads carry it. The writer is not narrowed to objects, so that a dependent schema
    /// written as if it were the property's own (`{"foo": {"type": "string"}}`, a common slip)
    /// still has its changes reported.
    fn dependent_schema(
        &mut self,
        w: &View,
        facts: &Facts,
        key: &str,
        schema: SchemaId,
        path: &mut Vec<String>,
    ) -> bool {
        if let WriterProperty::Never = self.writer_property(facts, key) {
            return true;
        }
        let own: Vec<SchemaId> = facts
            .conj
            .iter()
            .filter_map(|&id| self.w.get(id).keywords())
            .flat_map(|k| &k.extra().dependent_schemas)
            .filter(|(k, _)| k.value == key)
            .map(|(_, s)| *s)
            .collect();
        let view = own.into_iter().fold(w.clone(), |view, s| view.with(s));
        self.sub(&view, schema, path)
    }

    /// Names a reader's in-place subschemas declare (`allOf`, `$ref`, the branches of `anyOf`
    /// and `oneOf`, `then`/`else`, `dependentSchemas`): what its `unevaluatedProperties` may
    /// find evaluated. Taking them all errs towards a reader that accepts more, so it is used
    /// only to spare names from `unevaluatedProperties`, never to prove a value valid.
    fn evaluated_elsewhere(&self, k: &Keywords) -> BTreeSet<String> {
        let r = self.r;
        let mut names = BTreeSet::new();
        let mut seen = std::collections::HashSet::new();
        let mut stack = in_place(k);
        while let Some(id) = stack.pop() {
            if !seen.insert(id) {
                continue;
            }
            if let Some(k) = r.get(id).keywords() {
                names.extend(k.objects().properties.iter().map(|p| p.name.to_string()));
                stack.extend(in_place(k));
            }
        }
        names
    }

    /// A reader property the writer's open object does not declare.
    fn undeclared(
        &mut self,
        facts: &Facts,
        reader: SchemaId,
        reader_span: Span,
        reader_required: &BTreeSet<&str>,
        path: &[String],
    ) -> bool {
        if self.r.get(reader).is_trivially_true() {
            return true;
        }
        let name = path.last().cloned().unwrap_or_default();
        match self.options.undeclared {
            Undeclared::NotSent => {
                // A required one is reported as required; nothing is assumed about it.
                if !reader_required.contains(name.as_str()) {
                    let parent = &path[..path.len().saturating_sub(1)];
                    self.assume(Assumption {
                        property: Some(name),
                        path: super::path_string(parent),
                        writer: self.object_span(facts),
                        reader: reader_span,
                    });
                }
                true
            }
            Undeclared::Any => {
                let fact = || Fact::UndeclaredProperty { name };
                self.fail(fact, path, facts.span, reader_span)
            }
        }
    }

    fn pattern_properties(&mut self, facts: &Facts, k: &Keywords, path: &mut Vec<String>) -> bool {
        let mut ok = true;
        for (pattern, reader) in &k.objects().pattern_properties {
            if self.r.get(*reader).is_trivially_true() {
                continue;
            }
            let Some(re) = self.patterns.get(&pattern.value).cloned() else {
                let fact = || Fact::PatternNotEvaluated {
                    pattern: pattern.value.clone(),
                };
                ok = self.fail(fact, path, facts.span, pattern.span) && ok;
                continue;
            };
            for name in self.writer_names(facts) {
                if !re.is_match(&name) {
                    continue;
                }
                if let Some(schemas) = self.writer_property(facts, &name).sent() {
                    path.push(name);
                    ok = self.sub(&View::of(schemas, facts.span), *reader, path) && ok;
                    path.pop();
                }
            }
            let others = self.other_names(facts);
            let writer_has_it = others.patterns.iter().any(|(p, _)| *p == pattern.value);
            let mut sources: Vec<(String, SchemaId)> = others.patterns;
            sources.extend(
                others
                    .additional
                    .iter()
                    .map(|&s| ("additionalProperties".to_owned(), s)),
            );
            for (source, writer) in sources {
                if anchored_apart(&source, &pattern.value) {
                    continue;
                }
                path.push(format!("<{}>", pattern.value));
                let holds = if source == pattern.value {
                    self.sub(&View::of(vec![writer], facts.span), *reader, path)
                } else {
                    self.trial(|c| c.sub(&View::of(vec![writer], facts.span), *reader, path))
                };
                path.pop();
                // The same pattern on both sides was compared value by value above.
                if !holds && source != pattern.value {
                    let fact = || Fact::PatternPropertyUnproven {
                        source,
                        pattern: pattern.value.clone(),
                    };
                    ok = self.fail(fact, path, facts.span, pattern.span) && ok;
                }
            }
            if others.open && (others.declared_open || self.options.undeclared == Undeclared::Any) {
                let fact = || Fact::OpenObjectMatches {
                    pattern: pattern.value.clone(),
                };
                ok = self.fail(fact, path, facts.span, pattern.span) && ok;
            } else if others.open && !writer_has_it {
                self.assume(Assumption {
                    property: None,
                    path: super::path_string(path),
                    writer: self.object_span(facts),
                    reader: pattern.span,
                });
            }
            if !ok && !self.recording {
                return false;
            }
        }
        ok
    }

    /// Whether the reader's `properties` or `patternProperties` take `name` (or may).
    fn reader_covers(&mut self, k: &Keywords, name: &str) -> bool {
        k.property(name).is_some()
            || k.objects().pattern_properties.iter().any(|(p, _)| {
                self.patterns
                    .get(&p.value)
                    .is_some_and(|re| re.is_match(name))
            })
    }

    fn additional_properties(
        &mut self,
        facts: &Facts,
        k: &Keywords,
        path: &mut Vec<String>,
    ) -> bool {
        let Some(additional) = k.additional() else {
            return true;
        };
        let evaluated = if k.objects().additional_properties.is_none() {
            self.evaluated_elsewhere(k)
        } else {
            BTreeSet::new()
        };
        let reader = self.r.get(additional.value);
        if reader.is_trivially_true() {
            return true;
        }
        let closed = reader.is_false();
        let mut ok = true;
        for name in self.writer_names(facts) {
            if self.reader_covers(k, &name)
                || evaluated.contains(&name)
                || self.reader_filtered(k, &name)
            {
                continue;
            }
            let Some(schemas) = self.writer_property(facts, &name).sent() else {
                continue;
            };
            if closed {
                let writer_span = self
                    .writer_property_span(facts, &name)
                    .unwrap_or(facts.span);
                let fact = || Fact::PropertyNotAllowed { name };
                ok = self.fail(fact, path, writer_span, additional.span) && ok;
            } else {
                path.push(name);
                ok = self.sub(&View::of(schemas, facts.span), additional.value, path) && ok;
                path.pop();
            }
            if !ok && !self.recording {
                return false;
            }
        }
        let others = self.other_names(facts);
        for (pattern, writer) in others.patterns {
            if k.objects()
                .pattern_properties
                .iter()
                .any(|(p, _)| p.value == pattern)
            {
                continue;
            }
            let holds = !closed
                && self
                    .trial(|c| c.sub(&View::of(vec![writer], facts.span), additional.value, path));
            if !holds {
                let fact = || Fact::PatternNotAllowed { pattern };
                ok = self.fail(fact, path, facts.span, additional.span) && ok;
            }
        }
        for writer in others.additional {
            if closed {
                let fact = || Fact::AdditionalNotAllowed;
                ok = self.fail(fact, path, facts.span, additional.span) && ok;
            } else {
                // A map's values on both sides: what changed in them is found where it is.
                path.push("*".to_owned());
                let view = View::of(vec![writer], facts.span);
                ok = self.sub(&view, additional.value, path) && ok;
                path.pop();
            }
        }
        if others.open && (others.declared_open || self.options.undeclared == Undeclared::Any) {
            let fact = || Fact::OpenObjectRestricted;
            ok = self.fail(fact, path, facts.span, additional.span) && ok;
        } else if others.open {
            self.assume(Assumption {
                property: None,
                path: super::path_string(path),
                writer: self.object_span(facts),
                reader: additional.span,
            });
        }
        ok
    }

    fn writer_property_span(&self, facts: &Facts, name: &str) -> Option<Span> {
        facts
            .conj
            .iter()
            .filter_map(|&id| self.w.get(id).keywords())
            .find_map(|k| k.property(name))
            .map(|p| p.span)
    }

    fn property_names(&mut self, facts: &Facts, k: &Keywords, path: &mut Vec<String>) -> bool {
        let Some(names) = &k.objects().property_names else {
            return true;
        };
        if self.r.get(names.value).is_trivially_true() {
            return true;
        }
        let mut ok = true;
        for name in self.writer_names(facts) {
            if matches!(self.writer_property(facts, &name), WriterProperty::Never) {
                continue;
            }
            let value = serde_json::Value::String(name.clone());
            let writer_span = self
                .writer_property_span(facts, &name)
                .unwrap_or(facts.span);
            match eval(self.r, names.value, &value, &mut self.patterns) {
                Verdict::Accept => {}
                Verdict::Reject(_, span, why) => {
                    let fact = || Fact::PropertyNameRejected { name, why };
                    ok = self.fail(fact, path, writer_span, span) && ok;
                }
                Verdict::Unknown(span, why) => {
                    let fact = || Fact::PropertyNameUndecided { name, why };
                    ok = self.fail(fact, path, writer_span, span) && ok;
                }
            }
        }
        let others = self.other_names(facts);
        let unbounded = !others.patterns.is_empty()
            || !others.additional.is_empty()
            || (others.open
                && (others.declared_open || self.options.undeclared == Undeclared::Any));
        if !unbounded && others.open {
            self.assume(Assumption {
                property: None,
                path: super::path_string(path),
                writer: self.object_span(facts),
                reader: names.span,
            });
        }
        if unbounded {
            let writer_names: Vec<SchemaId> = facts
                .conj
                .iter()
                .filter_map(|&id| self.w.get(id).keywords())
                .filter_map(|k| k.objects().property_names.as_ref().map(|n| n.value))
                .collect();
            let holds = !writer_names.is_empty()
                && self.trial(|c| c.sub(&View::of(writer_names, facts.span), names.value, path));
            if !holds {
                let fact = || Fact::PropertyNamesUnproven;
                ok = self.fail(fact, path, facts.span, names.span) && ok;
            }
        }
        ok
    }
}

/// The subschemas that apply to the same value as the schema of `k`.
fn in_place(k: &Keywords) -> Vec<SchemaId> {
    let applicators = k.applicators();
    let mut ids: Vec<SchemaId> = applicators.all_of.clone();
    ids.extend(k.refs.iter().map(|r| r.value));
    for list in [&applicators.any_of, &applicators.one_of]
        .into_iter()
        .flatten()
    {
        ids.extend(&list.value);
    }
    if let Some(c) = &applicators.conditional {
        ids.extend(c.then.iter().chain(&c.otherwise));
    }
    ids.extend(k.extra().dependent_schemas.iter().map(|(_, s)| *s));
    ids
}

/// Whether two patterns match no name in common because both are anchored at the start to
/// fixed texts that differ (`^S_` and `^I_`). Written by hand: a regex crate answers whether
/// one pattern matches a text, not whether two patterns overlap.
fn anchored_apart(a: &str, b: &str) -> bool {
    match (fixed_start(a), fixed_start(b)) {
        (Some(a), Some(b)) => !a.starts_with(&b) && !b.starts_with(&a),
        _ => false,
    }
}

/// The text every match of an anchored pattern starts with; `None` when it is not anchored.
fn fixed_start(pattern: &str) -> Option<String> {
    let rest = pattern.strip_prefix('^')?;
    let mut fixed = String::new();
    let mut chars = rest.chars().peekable();
    while let Some(c) = chars.next() {
        if "\\.[](){}*+?|^$".contains(c) {
            // A quantifier makes the character before it optional.
            if "*?{".contains(c) {
                fixed.pop();
            }
            break;
        }
        if chars.peek().is_some_and(|n| "*?{".contains(*n)) {
            break;
        }
        fixed.push(c);
    }
    Some(fixed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchored_patterns_with_different_fixed_starts_are_apart() {
        assert!(anchored_apart("^S_", "^I_"));
        assert!(anchored_apart("^x-[a-z]+$", "^y"));
        assert!(!anchored_apart("^S_", "^S_[0-9]+$"));
        assert!(!anchored_apart("^S_", "I_"));
        assert!(!anchored_apart("^ab?c", "^ac"));
        assert!(!anchored_apart("^a.c", "^abc"));
        assert!(!anchored_apart("^(a|b)", "^b"));
    }
}
