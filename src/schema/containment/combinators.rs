//! `anyOf`, `oneOf`, `not` and `if`/`then`/`else` of a reader. Each is decomposed where a proof
//! is at hand (a branch that contains the writer, a case split by type, a tagged union told
//! apart by a `const` property); otherwise the finding says containment is not proven.

use super::eval::{Verdict, eval};
use super::facts::{self, Facts, facts, flatten};
use super::{Checker, Fact, View};
use crate::core::Span;
use crate::schema::model::{Keywords, SchemaId, Types};
use crate::schema::resolve::json_eq;

impl Checker<'_> {
    pub(super) fn combinators(
        &mut self,
        w: &View,
        facts: &Facts,
        k: &Keywords,
        path: &mut Vec<String>,
    ) -> bool {
        let mut ok = true;
        if let Some(any_of) = &k.applicators().any_of {
            ok = self.branches(w, facts, &any_of.value, any_of.span, false, path) && ok;
        }
        if let Some(one_of) = &k.applicators().one_of
            && (ok || self.recording)
        {
            ok = self.branches(w, facts, &one_of.value, one_of.span, true, path) && ok;
        }
        if let Some(not) = &k.applicators().not
            && (ok || self.recording)
            && !self.disjoint(w, not.value)
            && !self.writer_excludes(facts, not.value)
        {
            ok = self.fail(|| Fact::NotUnproven, path, facts.span, not.span) && ok;
        }
        if let Some(conditional) = &k.applicators().conditional
            && (ok || self.recording)
        {
            ok = self.conditional(w, facts, conditional, path) && ok;
        }
        ok
    }

    /// The types a reader schema admits at all.
    fn reader_types(&self, id: SchemaId) -> Types {
        let Some(conj) = flatten(self.r, &[id]) else {
            return Types::NONE;
        };
        let mut types = Types::ALL;
        for k in conj.iter().filter_map(|&c| self.r.get(c).keywords()) {
            if let Some(t) = &k.types {
                types = types.and(t.value);
            }
            // A union admits the types of its branches (an upper bound: nested unions are not
            // looked into).
            let a = k.applicators();
            for list in [&a.any_of, &a.one_of].into_iter().flatten() {
                types = types.and(facts::branch_types(self.r, &list.value));
            }
        }
        types
    }

    /// W ⊆ anyOf (or oneOf, with `exclusive`) of `branches`.
    fn branches(
        &mut self,
        w: &View,
        facts: &Facts,
        branches: &[SchemaId],
        span: Span,
        exclusive: bool,
        path: &mut Vec<String>,
    ) -> bool {
        let keyword = if exclusive { "oneOf" } else { "anyOf" };
        let nested;
        let branches = if exclusive {
            branches
        } else {
            nested = self.nested_any_of(branches);
            nested.as_slice()
        };
        // The branch the writer's value became is tried first: another branch may accept it
        // too, but only under assumptions that its own branch does not need.
        let first = self.paired(w, facts, branches);
        let order = first
            .into_iter()
            .chain(branches.iter().copied().filter(|&b| Some(b) != first));
        for branch in order {
            if self.fits(w, branch, branches, exclusive, path) {
                return true;
            }
        }
        // Split the writer by type: each type must fit a branch of its own.
        let mut ok = true;
        // The types no branch takes are one finding, not one per type.
        let mut unaccepted = Types::NONE;
        for t in facts.types.split() {
            let part = w.restricted(t);
            let candidates: Vec<SchemaId> = branches
                .iter()
                .copied()
                .filter(|&b| self.reader_types(b).contains(t))
                .collect();
            if candidates.is_empty() {
                unaccepted = unaccepted.or(t);
                ok = false;
                if !self.recording {
                    return false;
                }
            } else if candidates
                .iter()
                .any(|&b| self.fits(&part, b, &candidates, exclusive, path))
            {
                continue;
            } else if let Some(paired) =
                self.paired(&part, &facts::facts(self.w, &part), &candidates)
            {
                // The branch the writer's value became: its findings are the precise answer.
                let inside = self.sub(&part, paired, path);
                let alone = !exclusive || self.alone(&part, paired, &candidates);
                if inside && !alone {
                    let fact = || Fact::BranchesUnproven {
                        types: t,
                        one_of: exclusive,
                    };
                    ok = self.fail(fact, path, facts.span, span) && ok;
                }
                ok = inside && ok;
            } else {
                let fact = || Fact::BranchesUnproven {
                    types: t,
                    one_of: exclusive,
                };
                ok = self.fail(fact, path, facts.span, span) && ok;
            }
            if !ok && !self.recording {
                return false;
            }
        }
        if !unaccepted.is_empty() {
            let fact = || Fact::NoBranchAccepts {
                types: unaccepted,
                keyword,
            };
            let writer_span = facts.type_span.unwrap_or(facts.span);
            self.fail(fact, path, writer_span, span);
        }
        ok
    }

    /// An `anyOf`'s branches with the branches of the `anyOf`s among them in their place (the
    /// same union), so that the variants of `anyOf: [payment_source, deleted_payment_source]`
    /// are paired one by one.
    fn nested_any_of(&self, branches: &[SchemaId]) -> Vec<SchemaId> {
        const LEVELS: usize = 4;
        let mut out = Vec::with_capacity(branches.len());
        let mut stack: Vec<(SchemaId, usize)> = branches.iter().rev().map(|&b| (b, 0)).collect();
        while let Some((branch, level)) = stack.pop() {
            let inner = flatten(self.r, &[branch]).and_then(|conj| {
                let mut unions = conj.iter().filter_map(|&id| self.r.get(id).keywords());
                let union = unions.find_map(|k| k.only_any_of())?;
                let rest_assert_nothing = conj
                    .iter()
                    .filter_map(|&id| self.r.get(id).keywords())
                    .all(|k| k.only_any_of().is_some() || k.asserts_only_refs());
                let one_union = conj
                    .iter()
                    .filter_map(|&id| self.r.get(id).keywords())
                    .filter(|k| k.only_any_of().is_some())
                    .count()
                    == 1;
                (rest_assert_nothing && one_union).then(|| union.to_vec())
            });
            match inner {
                Some(inner) if level < LEVELS => {
                    stack.extend(inner.into_iter().rev().map(|b| (b, level + 1)));
                }
                _ => out.push(branch),
            }
        }
        out
    }

    /// Whether the writer fits `branch`, and for `oneOf` no other branch.
    fn fits(
        &mut self,
        w: &View,
        branch: SchemaId,
        branches: &[SchemaId],
        exclusive: bool,
        path: &mut Vec<String>,
    ) -> bool {
        if !self.trial(|c| c.sub(w, branch, path)) {
            return false;
        }
        let alone = !exclusive || self.alone(w, branch, branches);
        if alone && self.recording {
            // Proven in a trial: checked again to write down the assumptions it rests on.
            self.sub(w, branch, path);
        }
        alone
    }

    fn conditional(
        &mut self,
        w: &View,
        facts: &Facts,
        conditional: &crate::schema::model::Conditional,
        path: &mut Vec<String>,
    ) -> bool {
        let then = conditional.then;
        let otherwise = conditional.otherwise;
        let within = |c: &mut Self, branch: Option<SchemaId>, path: &mut Vec<String>| {
            branch.is_none_or(|b| c.trial(|c| c.sub(w, b, path)))
        };
        if within(self, then, path) && within(self, otherwise, path) {
            if self.recording {
                for branch in then.into_iter().chain(otherwise) {
                    self.sub(w, branch, path);
                }
            }
            return true;
        }
        let condition = conditional.condition.value;
        if self.trial(|c| c.sub(w, condition, path)) {
            return then.is_none_or(|b| self.sub(w, b, path));
        }
        if self.disjoint(w, condition) {
            return otherwise.is_none_or(|b| self.sub(w, b, path));
        }
        let condition = conditional.condition.span;
        self.fail(|| Fact::ConditionUnproven, path, facts.span, condition)
    }

    /// Whether no `oneOf` branch but `taken` accepts the writer's values. A branch that is
    /// another branch of the writer's own `oneOf` does not: the writer's value matched exactly
    /// one of those, so an overlap the two versions share is no new ambiguity, and only the other
    /// branches must be shown disjoint. A reader branch is the writer's when it is the same
    /// schema, or when it sits at the same place of a `oneOf` of as many branches and admits
    /// nothing that branch did not.
    fn alone(&mut self, w: &View, taken: SchemaId, branches: &[SchemaId]) -> bool {
        let lists = self.writer_one_ofs(w);
        let at = branches.iter().position(|&b| b == taken);
        (0..branches.len()).filter(|&k| Some(k) != at).all(|k| {
            let other = branches[k];
            let known = lists.iter().any(|list| {
                let sibling_is_it = self.is_writer_sibling(w, list, other);
                // At the same place, admitting nothing its writer counterpart did not:
                // a value that matched only the taken branch matches only it still.
                let aligned = list.len() == branches.len()
                    && at.is_some_and(|i| w.ids.contains(&list[i]))
                    && self.reader_within(other, list[k]);
                sibling_is_it || aligned
            });
            known || self.disjoint(w, other) || {
                let counterpart = lists
                    .iter()
                    .find(|list| list.len() == branches.len())
                    .map(|list| list[k]);
                self.parts_apart(w, other, counterpart)
            }
        })
    }

    /// Whether a reader branch that is a union keeps clear of the writer's values part by part:
    /// each of its branches is one of its writer counterpart's, unchanged, or admits nothing the
    /// writer sends (`Item: oneOf [message, ..., compaction]` changed only in `compaction`).
    /// An unchanged part is taken to keep matching what it matched: the writer's value did not
    /// satisfy the counterpart as a whole. (A part that stopped matching a value the counterpart
    /// rejected for matching two parts would let that value through; such a part has changed
    /// for the writer too, and is reported where it changed.)
    fn parts_apart(&mut self, w: &View, other: SchemaId, counterpart: Option<SchemaId>) -> bool {
        let parts = |graph: &crate::schema::model::Graph, id: SchemaId| -> Vec<SchemaId> {
            flatten(graph, &[id])
                .unwrap_or_default()
                .iter()
                .filter_map(|&id| graph.get(id).keywords())
                .filter_map(|k| {
                    let a = k.applicators();
                    a.one_of.as_ref().or(a.any_of.as_ref())
                })
                .flat_map(|list| list.value.iter().copied())
                .collect()
        };
        let reader_parts = parts(self.r, other);
        let writer_parts = counterpart.map(|c| parts(self.w, c)).unwrap_or_default();
        let (wg, rg) = (self.w, self.r);
        !reader_parts.is_empty()
            && reader_parts.into_iter().all(|part| {
                writer_parts
                    .iter()
                    .any(|&known| self.sameness.same(wg, known, rg, part))
                    || self.disjoint(w, part)
            })
    }

    /// Whether a reader branch is one of the branches of the writer's `list` the view did not
    /// take, unchanged.
    pub(super) fn is_writer_sibling(
        &mut self,
        w: &View,
        list: &[SchemaId],
        reader: SchemaId,
    ) -> bool {
        let (wg, rg) = (self.w, self.r);
        list.iter()
            .filter(|b| !w.ids.contains(b))
            .any(|&sibling| self.sameness.same(wg, sibling, rg, reader))
    }

    /// The writer's `oneOf` lists whose branches the view took (a `oneOf` nested in another took
    /// one of each).
    fn writer_one_ofs(&self, w: &View) -> Vec<Vec<SchemaId>> {
        self.writer_lists(w, false)
    }

    /// The writer's `anyOf` and `oneOf` lists whose branches the view took.
    pub(super) fn writer_unions(&self, w: &View) -> Vec<Vec<SchemaId>> {
        self.writer_lists(w, true)
    }

    fn writer_lists(&self, w: &View, any_of_too: bool) -> Vec<Vec<SchemaId>> {
        let Some(conj) = flatten(self.w, &w.ids) else {
            return Vec::new();
        };
        conj.iter()
            .filter_map(|&id| self.w.get(id).keywords())
            .flat_map(|k| {
                let a = k.applicators();
                let any_of = a.any_of.as_ref().filter(|_| any_of_too);
                [any_of, a.one_of.as_ref()].into_iter().flatten()
            })
            .filter(|list| list.value.iter().any(|b| w.ids.contains(b)))
            .map(|list| list.value.clone())
            .collect()
    }

    /// Whether a `not` of the writer already excludes all that the reader's `not` excludes
    /// (what the reader's `not` holds is within the writer's, compared the other way round).
    fn writer_excludes(&mut self, facts: &Facts, reader_not: SchemaId) -> bool {
        let nots: Vec<SchemaId> = facts
            .conj
            .iter()
            .filter_map(|&id| self.w.get(id).keywords())
            .filter_map(|k| k.applicators().not.as_ref().map(|n| n.value))
            .collect();
        nots.into_iter()
            .any(|writer_not| self.reader_within(reader_not, writer_not))
    }

    /// Whether every value the reader schema `reader` admits, the writer schema `writer` admits
    /// too: the check the other way round, on a checker of its own that keeps what it proved.
    fn reader_within(&mut self, reader: SchemaId, writer: SchemaId) -> bool {
        let (w, r, options) = (self.w, self.r, self.options);
        let reversed = self.reversed.get_or_insert_with(|| {
            let mut checker = Box::new(Checker::new(r, w, options));
            checker.recording = false;
            checker
        });
        let at = r.get(reader).head;
        reversed.sub(&View::of(vec![reader], at), writer, &mut Vec::new())
    }

    /// Whether no value of the writer satisfies the reader schema `other`.
    pub(super) fn disjoint(&mut self, w: &View, other: SchemaId) -> bool {
        let writer = facts(self.w, w);
        if writer.unsat {
            return true;
        }
        if let Some(values) = &writer.values {
            return values.iter().all(|v| {
                matches!(
                    eval(self.r, other, v, &mut self.patterns),
                    Verdict::Reject(..)
                )
            });
        }
        if !self.reader_types(other).intersects(writer.types) {
            return true;
        }
        let Some(conj) = flatten(self.r, &[other]) else {
            return true;
        };
        for c in conj {
            let Some(k) = self.r.get(c).keywords() else {
                continue;
            };
            if k.types
                .as_ref()
                .is_some_and(|t| !t.value.intersects(writer.types))
            {
                return true;
            }
            if self.discriminated(&writer, k) || self.closed_apart(&writer, k) {
                return true;
            }
        }
        false
    }

    /// Two objects apart by their names: the writer always sends a property the reader's closed
    /// object does not allow (a job's `runs-on` against a reusable job's closed keys), or the
    /// reader requires one the writer's closed object never sends.
    fn closed_apart(&mut self, writer: &Facts, k: &Keywords) -> bool {
        if writer.types != Types::OBJECT {
            return false;
        }
        let w = self.w;
        let closed_members: Vec<&Keywords> = writer
            .conj
            .iter()
            .filter_map(|&id| w.get(id).keywords())
            .filter(|wk| {
                wk.objects()
                    .additional_properties
                    .as_ref()
                    .is_some_and(|a| w.get(a.value).is_false())
            })
            .collect();
        for wk in closed_members {
            let never_sent = |name: &str, patterns: &mut super::eval::Patterns| {
                wk.property(name).is_none_or(|p| w.get(p.schema).is_false())
                    && !wk
                        .objects()
                        .pattern_properties
                        .iter()
                        .any(|(p, _)| patterns.get(&p.value).is_none_or(|re| re.is_match(name)))
            };
            if k.objects()
                .required
                .iter()
                .any(|name| never_sent(&name.value, &mut self.patterns))
            {
                return true;
            }
        }
        // `unevaluatedProperties` is left out: names its subschemas declare are allowed too.
        let closed = k
            .objects()
            .additional_properties
            .as_ref()
            .is_some_and(|a| self.r.get(a.value).is_false());
        closed
            && writer.required.iter().any(|name| {
                k.property(name).is_none()
                    && !k.objects().pattern_properties.iter().any(|(p, _)| {
                        self.patterns
                            .get(&p.value)
                            .is_none_or(|re| re.is_match(name))
                    })
            })
    }

    /// A tagged union: `other` needs property `p` with values the writer never sends there.
    fn discriminated(&mut self, writer: &Facts, k: &Keywords) -> bool {
        if !writer.types.contains(Types::OBJECT) || writer.types != Types::OBJECT {
            return false;
        }
        for property in &k.objects().properties {
            let present = writer.required.contains(&*property.name)
                || k.objects()
                    .required
                    .iter()
                    .any(|r| *r.value == *property.name);
            if !present {
                continue;
            }
            let Some(reader_values) = self.values_of(property.schema) else {
                continue;
            };
            let writer_schemas: Vec<SchemaId> = writer
                .conj
                .iter()
                .filter_map(|&id| self.w.get(id).keywords())
                .flat_map(|wk| &wk.objects().properties)
                .filter(|p| p.name == property.name)
                .map(|p| p.schema)
                .collect();
            if writer_schemas.is_empty() {
                continue;
            }
            let writer_values =
                facts::finite_values(self.w, &View::of(writer_schemas, writer.span));
            if let Some(writer_values) = writer_values
                && writer_values
                    .iter()
                    .all(|v| !reader_values.iter().any(|r| json_eq(v, r)))
            {
                // The reader needs the property; a writer that must send it sends other
                // values, one that may omit it fails the reader's `required`.
                return writer.required.contains(&*property.name)
                    || k.objects()
                        .required
                        .iter()
                        .any(|r| *r.value == *property.name);
            }
        }
        false
    }

    /// The finite values a reader schema admits, if it lists them.
    fn values_of(&self, id: SchemaId) -> Option<Vec<serde_json::Value>> {
        let conj = flatten(self.r, &[id])?;
        conj.iter()
            .filter_map(|&c| self.r.get(c).keywords())
            .find_map(|k| k.values.as_ref().map(|v| v.value.clone()))
    }
}
