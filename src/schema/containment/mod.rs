//! The containment checker: is every value that writer schema W admits also admitted by reader
//! schema R? It works on resolved graphs ([`crate::schema::model::Graph`]), not files, so
//! any kind that has JSON Schemas (payloads, OpenAPI bodies) can ask it.
//!
//! The answer is sound, not complete: [`Outcome::contained`] is `true` only when containment was
//! proven. Everything it cannot prove (two different patterns, a combinator it cannot decompose,
//! a keyword it does not model) is an [`Incompatibility`] of kind [`Constraint::Unproven`], never
//! silence. The one modelling choice is [`Undeclared`]: by default a writer is taken to send the
//! properties it declares and no others, which [`Outcome::assumptions`] lists where it mattered
//! (a property the reader adds, or an open object the reader restricts).
//!
//! Unions: the writer's `anyOf`/`oneOf` is split into its branches first, each compared on its
//! own, so that a change inside one is found where it is; a reader union is matched by the branch
//! the writer's value became (`pairing`: sameness, tags, shared properties), tried before any
//! other branch that would accept it only under assumptions. A `oneOf` branch must also be the
//! only one to accept the value, which holds for branches the writer's own `oneOf` had.
//!
//! Direction is the caller's: backward compatibility of a payload is `check(old, new)` (the new
//! reader reads what the old writer wrote), forward is `check(new, old)`.
//!
//! ```text
//! let outcome = check(&old_graph, old_root, &new_graph, new_root, &Options::default());
//! for incompatibility in &outcome.incompatibilities { /* kind, path, writer and reader spans */ }
//! ```

/// One step of a comparison that must hold: when it does not, `ok` turns false, and a trial run
/// (which only wants the answer, see `Checker::trial`) stops at once.
macro_rules! step {
    ($checker:expr, $ok:ident, $holds:expr) => {
        if !$holds {
            $ok = false;
            if !$checker.recording {
                return false;
            }
        }
    };
}

mod arrays;
mod combinators;
pub mod eval;
mod fact;
mod facts;
mod objects;
mod pairing;
mod same;
mod scalars;

use std::collections::HashMap;
use std::rc::Rc;

use foldhash::fast::FixedState;

use crate::core::{Capped, Span, capped};
use crate::schema::model::{Graph, SchemaId, Types};
use eval::{Patterns, Verdict, eval};
pub use fact::{Constraint, Fact, NumberBound, values_in_words};
use facts::{Facts, flatten};
use same::Sameness;

/// How undeclared properties of an open writer object are treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Undeclared {
    /// Writers send only the properties they declare (an open object tells readers to tolerate
    /// more; it does not mean writers send more). Where this matters it is an [`Assumption`].
    #[default]
    NotSent,
    /// Writers may send any property their schema does not forbid: the strict reading of the
    /// schemas as sets of values, as Confluent Schema Registry's JSON Schema check does.
    Any,
}

/// Which properties cross in the checked direction, by their `readOnly`/`writeOnly` flags
/// (OpenAPI: clients never send `readOnly` properties in requests, servers never send
/// `writeOnly` ones in responses).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PropertyFilter {
    #[default]
    All,
    /// A request: `readOnly` properties are neither sent nor required.
    Request,
    /// A response: `writeOnly` properties are neither sent nor required.
    Response,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    pub undeclared: Undeclared,
    pub filter: PropertyFilter,
}

/// One place where the reader may reject what the writer sends.
#[derive(Debug, Clone, PartialEq)]
pub struct Incompatibility {
    /// What the reader rejects.
    pub fact: Fact,
    /// The instance location, a JSON pointer with `*` for any array item (`/items/*/price`).
    pub path: String,
    /// The writer's keyword (or schema) in question.
    pub writer: Span,
    /// The reader's keyword that rejects.
    pub reader: Span,
}

impl Incompatibility {
    pub fn constraint(&self) -> Constraint {
        self.fact.constraint()
    }
}

/// A property the reader constrains and the writer does not declare, or (`property: None`) the
/// undeclared properties of the writer's open object, which the reader restricts: safe because
/// writers send only what they declare ([`Undeclared::NotSent`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Assumption {
    pub property: Option<String>,
    pub path: String,
    /// The writer object that does not declare it.
    pub writer: Span,
    /// The reader's property, or the keyword that restricts undeclared ones.
    pub reader: Span,
}

#[derive(Debug, Default)]
pub struct Outcome {
    pub incompatibilities: Vec<Incompatibility>,
    pub assumptions: Vec<Assumption>,
}

impl Outcome {
    /// Whether containment was proven.
    pub fn contained(&self) -> bool {
        self.incompatibilities.is_empty()
    }
}

/// How many comparisons may be open at once, each a property, item or branch one level deeper
/// in the value. Schemas written by hand stay far below; a chain of thousands of distinct
/// references (a generated API whose components all link to the next) stays below too, and
/// what lies deeper is reported as not proven ([`Constraint::Unproven`]) instead of overflowing the
/// stack.
pub const MAX_DEPTH: usize = 10_000;

/// A stack that holds [`MAX_DEPTH`] nested comparisons, unoptimised builds included (measured:
/// about 7 KiB a level there, far less optimised). Only the pages a check touches are
/// committed.
pub const STACK_SIZE: usize = 256 << 20;

/// Runs `f` on a thread with [`STACK_SIZE`] of stack (or on this one if no thread can be
/// started). Every [`Session`] is meant to live in such a call.
pub fn on_checker_stack<T: Send>(f: impl Fn() -> T + Sync) -> T {
    join_on_checker_stack(f, || ()).0
}

/// Runs `on_thread` as [`on_checker_stack`] does while `here` runs on this thread, and returns
/// both results.
pub fn join_on_checker_stack<A: Send, B>(
    on_thread: impl Fn() -> A + Sync,
    here: impl FnOnce() -> B,
) -> (A, B) {
    std::thread::scope(|scope| {
        let spawned = std::thread::Builder::new()
            .name("compat-checker".into())
            .stack_size(STACK_SIZE)
            .spawn_scoped(scope, &on_thread);
        let b = here();
        let a = match spawned {
            Ok(handle) => handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            Err(_) => on_thread(),
        };
        (a, b)
    })
}

/// Checks that every value `writer_root` admits is admitted by `reader_root`.
pub fn check(
    writer: &Graph,
    writer_root: SchemaId,
    reader: &Graph,
    reader_root: SchemaId,
    options: &Options,
) -> Outcome {
    on_checker_stack(|| Session::new(writer, reader, options).check(writer_root, reader_root))
}

/// Many checks between the same two graphs (the bodies of every operation of an API), sharing
/// what earlier checks proved, so that schemas reached from many roots are compared once. Each
/// outcome still lists everything found beneath its roots, including what an earlier check wrote
/// down first; only what is reachable solely through a reference cycle back into an earlier
/// check's roots may be missing from a later outcome.
pub struct Session<'a> {
    checker: Checker<'a>,
}

impl<'a> Session<'a> {
    pub fn new(writer: &'a Graph, reader: &'a Graph, options: &'a Options) -> Self {
        Session {
            checker: Checker::new(writer, reader, options),
        }
    }

    /// Checks a pair of roots and returns the positions, in [`Session::incompatibilities`] and
    /// [`Session::assumptions`], of what lies beneath them.
    pub fn reach(&mut self, writer_root: SchemaId, reader_root: SchemaId) -> Reached {
        let c = &mut self.checker;
        let start = c.mark();
        c.reached.clear();
        c.reached_assumptions.clear();
        c.reached_flags.clear();
        c.reached_assumption_flags.clear();
        let view = View::of(vec![writer_root], c.w.get(writer_root).head);
        c.sub(&view, reader_root, &mut Vec::new());
        let pick = |new: std::ops::Range<usize>, reached: &[usize]| {
            let mut ids: Vec<usize> = new.chain(reached.iter().copied()).collect();
            ids.sort_unstable();
            ids.dedup();
            ids
        };
        let (incompatibilities, assumptions) = c.mark();
        Reached {
            incompatibilities: pick(start.0..incompatibilities, &c.reached),
            assumptions: pick(start.1..assumptions, &c.reached_assumptions),
        }
    }

    /// Checks a pair of roots: the outcome of [`check`] for them.
    pub fn check(&mut self, writer_root: SchemaId, reader_root: SchemaId) -> Outcome {
        let reached = self.reach(writer_root, reader_root);
        let mut outcome = Outcome {
            incompatibilities: reached
                .incompatibilities
                .iter()
                .map(|&i| self.incompatibilities()[i].clone())
                .collect(),
            assumptions: reached
                .assumptions
                .iter()
                .map(|&i| self.assumptions()[i].clone())
                .collect(),
        };
        outcome
            .incompatibilities
            .sort_by_key(|i| (i.reader, i.writer, i.constraint()));
        outcome
    }

    /// Everything written down by the session's checks.
    pub fn incompatibilities(&self) -> &[Incompatibility] {
        &self.checker.out.incompatibilities
    }

    pub fn assumptions(&self) -> &[Assumption] {
        &self.checker.out.assumptions
    }
}

/// Positions of what one [`Session::reach`] found, sorted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reached {
    pub incompatibilities: Vec<usize>,
    pub assumptions: Vec<usize>,
}

/// What the writer sends at one place: the conjunction of `ids` (all of them hold), restricted
/// to the types in `only`. No ids: anything.
#[derive(Debug, Clone)]
pub struct View {
    pub ids: Vec<SchemaId>,
    pub only: Types,
    /// Where to point when the writer has no keyword to show.
    pub at: Span,
}

impl View {
    pub fn of(mut ids: Vec<SchemaId>, at: Span) -> View {
        ids.sort();
        ids.dedup();
        View {
            ids,
            only: Types::ALL,
            at,
        }
    }

    fn with(&self, id: SchemaId) -> View {
        let mut view = View::of(self.ids.iter().copied().chain([id]).collect(), self.at);
        view.only = self.only;
        view
    }

    fn restricted(&self, only: Types) -> View {
        View {
            ids: self.ids.clone(),
            only: self.only.and(only),
            at: self.at,
        }
    }
}

/// A pair being compared: the writer view (its ids interned, see [`Checker::view_key`]) and
/// its type restriction, and the reader schema.
type Key = (u32, Types, SchemaId);

#[derive(Clone)]
enum PairState {
    InProgress,
    Done {
        contained: bool,
        recorded: bool,
        /// Whether an assumption was made beneath it: a pair proven in a trial run is checked
        /// again when recording, so that its assumptions are written down.
        assumed: bool,
        /// What was written down while this pair was checked, for later checks that meet it.
        found: Recorded,
    },
}

/// Positions in [`Outcome::incompatibilities`] and [`Outcome::assumptions`].
#[derive(Clone, Default)]
struct Recorded {
    incompatibilities: std::ops::Range<usize>,
    assumptions: std::ops::Range<usize>,
    /// Written down before, by pairs met again beneath this one.
    earlier: Option<Rc<(Vec<usize>, Vec<usize>)>>,
}

pub(crate) struct Checker<'a> {
    w: &'a Graph,
    r: &'a Graph,
    options: &'a Options,
    /// The id of each writer view's list of schemas, for [`Key`]s that cost no allocation.
    views: HashMap<Box<[SchemaId]>, u32, FixedState>,
    memo: HashMap<Key, PairState, FixedState>,
    log: Vec<Key>,
    /// How many comparisons are open on the stack, for [`MAX_DEPTH`].
    depth: usize,
    /// Whether failures are written down; trial runs (which branch fits?) only want the answer.
    recording: bool,
    out: Outcome,
    /// Each incompatibility written down, by content, with its position.
    seen: HashMap<SeenKey, usize, FixedState>,
    /// Positions written down earlier that the current check met again.
    reached: Vec<usize>,
    reached_assumptions: Vec<usize>,
    /// Which positions `reached` holds, so each is there once.
    reached_flags: std::collections::HashSet<usize, FixedState>,
    reached_assumption_flags: std::collections::HashSet<usize, FixedState>,
    sameness: Sameness,
    patterns: Patterns,
    /// How many assumptions were made, trial runs included.
    assumed: usize,
    /// A checker of the reader's schemas against the writer's, for the questions asked the
    /// other way round (a `not`, a `oneOf` branch that must not overlap).
    reversed: Option<Box<Checker<'a>>>,
}

impl<'a> Checker<'a> {
    fn new(w: &'a Graph, r: &'a Graph, options: &'a Options) -> Self {
        Checker {
            w,
            r,
            options,
            views: HashMap::default(),
            memo: HashMap::default(),
            log: Vec::new(),
            depth: 0,
            recording: true,
            out: Outcome::default(),
            seen: HashMap::default(),
            reached: Vec::new(),
            reached_assumptions: Vec::new(),
            reached_flags: std::collections::HashSet::default(),
            reached_assumption_flags: std::collections::HashSet::default(),
            sameness: Sameness::default(),
            patterns: Patterns::default(),
            assumed: 0,
            reversed: None,
        }
    }

    /// Records an incompatibility (when recording) and returns `false` for the caller to pass on.
    /// The fact is built only when recording: trial runs fail often and only want the answer.
    fn fail(
        &mut self,
        fact: impl FnOnce() -> Fact,
        path: &[String],
        writer: Span,
        reader: Span,
    ) -> bool {
        if !self.recording {
            return false;
        }
        let fact = fact();
        let key = seen_key(&fact, writer, reader);
        if let Some(&at) = self.seen.get(&key) {
            if self.reached_flags.insert(at) {
                self.reached.push(at);
            }
            return false;
        }
        self.seen.insert(key, self.out.incompatibilities.len());
        self.out.incompatibilities.push(Incompatibility {
            fact,
            path: path_string(path),
            writer,
            reader,
        });
        false
    }

    /// Makes an assumption, written down when recording.
    fn assume(&mut self, assumption: Assumption) {
        self.assumed += 1;
        if self.recording {
            self.out.assumptions.push(assumption);
        }
    }

    /// Runs `f` without recording and returns its answer.
    fn trial<T>(&mut self, f: impl FnOnce(&mut Self) -> T) -> T {
        let was = self.recording;
        self.recording = false;
        let result = f(self);
        self.recording = was;
        result
    }

    /// The interned id of a writer view's schemas.
    fn view_key(&mut self, ids: &[SchemaId]) -> u32 {
        if let Some(&key) = self.views.get(ids) {
            return key;
        }
        let key = u32::try_from(self.views.len()).unwrap_or(u32::MAX);
        self.views.insert(ids.into(), key);
        key
    }

    /// W ⊆ R for a writer view and a reader schema.
    pub(crate) fn sub(&mut self, w: &View, r: SchemaId, path: &mut Vec<String>) -> bool {
        let key = (self.view_key(&w.ids), w.only, r);
        match self.memo.get(&key) {
            // Met again while being checked: assume it holds (values are finite trees, so the
            // assumption is only used one level deeper in the value).
            Some(PairState::InProgress) => return true,
            Some(PairState::Done {
                contained,
                recorded,
                assumed,
                found,
            }) if !self.recording || *recorded || (*contained && !*assumed) => {
                let contained = *contained;
                if self.recording && *recorded {
                    let found = found.clone();
                    self.reach(&found);
                }
                return contained;
            }
            _ => {}
        }
        if self.depth >= MAX_DEPTH {
            return self.too_deep(w, r, path);
        }
        let written = self.mark();
        let reached = (self.reached.len(), self.reached_assumptions.len());
        let mark = self.log.len();
        let assumed_before = self.assumed;
        self.memo.insert(key, PairState::InProgress);
        self.log.push(key);
        self.depth += 1;
        let at = path.len();
        let contained = self.sub_uncached(w, r, path);
        // A trial run stops at its first failure, where a segment may still be pushed.
        path.truncate(at);
        self.depth -= 1;
        if !contained {
            // Answers that leaned on this pair holding are void.
            for stale in self.log.drain(mark..) {
                if matches!(
                    self.memo.get(&stale),
                    Some(PairState::Done {
                        contained: true,
                        ..
                    })
                ) {
                    self.memo.remove(&stale);
                }
            }
        }
        let (incompatibilities, assumptions) = self.mark();
        let earlier = (
            self.reached[reached.0..].to_vec(),
            self.reached_assumptions[reached.1..].to_vec(),
        );
        let found = Recorded {
            incompatibilities: written.0..incompatibilities,
            assumptions: written.1..assumptions,
            earlier: (!earlier.0.is_empty() || !earlier.1.is_empty()).then(|| Rc::new(earlier)),
        };
        self.memo.insert(
            key,
            PairState::Done {
                contained,
                recorded: self.recording,
                assumed: self.assumed > assumed_before,
                found,
            },
        );
        contained
    }

    /// Past [`MAX_DEPTH`] nested comparisons: nothing below is checked, which is reported (at a
    /// path cut short, as thousands of segments would not help anyone).
    fn too_deep(&mut self, w: &View, r: SchemaId, path: &[String]) -> bool {
        let writer = w.ids.first().map_or(w.at, |&id| self.w.get(id).head);
        let Capped { mut shown, more } = capped(path.iter().cloned());
        if more > 0 {
            shown.push("...".to_owned());
        }
        let fact = || Fact::TooDeep { limit: MAX_DEPTH };
        self.fail(fact, &shown, writer, self.r.get(r).head)
    }

    /// Notes that the current check met again what an earlier one wrote down.
    fn reach(&mut self, found: &Recorded) {
        let earlier = found.earlier.as_deref();
        for i in found
            .incompatibilities
            .clone()
            .chain(earlier.into_iter().flat_map(|e| e.0.iter().copied()))
        {
            if self.reached_flags.insert(i) {
                self.reached.push(i);
            }
        }
        for i in found
            .assumptions
            .clone()
            .chain(earlier.into_iter().flat_map(|e| e.1.iter().copied()))
        {
            if self.reached_assumption_flags.insert(i) {
                self.reached_assumptions.push(i);
            }
        }
    }

    fn sub_uncached(&mut self, w: &View, r: SchemaId, path: &mut Vec<String>) -> bool {
        let facts = facts::facts(self.w, w);
        if facts.unsat {
            return true;
        }
        // The writer sends one of its branches: each is compared on its own, so that a change
        // inside one is found where it is (and paired with the reader's branch it became).
        if let Some(branches) = &facts.branches {
            let mut ok = true;
            for &branch in branches {
                step!(self, ok, self.sub(&w.with(branch), r, path));
            }
            return ok;
        }
        self.against_reader(w, &facts, r, path)
    }

    /// The writer's facts against each conjunct of the reader.
    fn against_reader(
        &mut self,
        w: &View,
        facts: &Facts,
        r: SchemaId,
        path: &mut Vec<String>,
    ) -> bool {
        let Some(reader_conj) = flatten(self.r, &[r]) else {
            let reader = self.r.get(r).head;
            return self.fail(|| Fact::ReaderAdmitsNothing, path, facts.span, reader);
        };
        let mut contained = true;
        for &c in &reader_conj {
            if !self.conjunct(w, facts, c, path) {
                contained = false;
                if !self.recording {
                    break;
                }
            }
        }
        contained
    }

    /// How much has been written down, for what one pair found.
    fn mark(&self) -> (usize, usize) {
        (self.out.incompatibilities.len(), self.out.assumptions.len())
    }

    fn same_as_writer(&mut self, facts: &Facts, c: SchemaId) -> bool {
        let (w, r) = (self.w, self.r);
        facts.conj.iter().any(|&id| self.sameness.same(w, id, r, c))
    }

    /// W ⊆ one reader schema's own keywords (its references and `allOf` are separate conjuncts).
    fn conjunct(&mut self, w: &View, facts: &Facts, c: SchemaId, path: &mut Vec<String>) -> bool {
        let r = self.r;
        let Some(k) = r.get(c).keywords() else {
            return true;
        };
        if self.same_as_writer(facts, c) {
            return true;
        }
        let mut ok = true;
        if let Some(values) = &facts.values {
            let writer_span = facts.values_span.or(facts.type_span).unwrap_or(facts.span);
            // The values each reader keyword rejects, for one finding per keyword and reason.
            let mut rejected: Vec<(Constraint, Span, String, Vec<serde_json::Value>)> = Vec::new();
            for value in values {
                match eval(r, c, value, &mut self.patterns) {
                    Verdict::Accept => {}
                    Verdict::Reject(kind, span, why) => {
                        if !self.recording {
                            return false;
                        }
                        match rejected
                            .iter_mut()
                            .find(|(k, s, w, _)| *k == kind && *s == span && *w == why)
                        {
                            Some((.., values)) => values.push(value.clone()),
                            None => rejected.push((kind, span, why, vec![value.clone()])),
                        }
                    }
                    Verdict::Unknown(span, why) => {
                        let value = value.clone();
                        let fact = || Fact::ValueUndecided { value, why };
                        step!(self, ok, self.fail(fact, path, writer_span, span));
                    }
                }
            }
            for (kind, span, why, values) in rejected {
                let fact = || Fact::ValueRejected {
                    values,
                    why,
                    by_type: kind == Constraint::Type,
                };
                ok = self.fail(fact, path, writer_span, span) && ok;
            }
            return ok;
        }
        let mut types = facts.types;
        if let Some(t) = &k.types {
            let extra = types.without(t.value);
            if !extra.is_empty() {
                let fact = || Fact::TypeRejected {
                    extra,
                    accepted: t.value,
                };
                let writer_span = facts.type_span.unwrap_or(facts.span);
                step!(self, ok, self.fail(fact, path, writer_span, t.span));
            }
            types = types.and(t.value);
            if types.is_empty() {
                return ok;
            }
        }
        if let Some(values) = &k.values {
            let fact = || Fact::ValueNotListed {
                types,
                accepted: values.value.clone(),
            };
            step!(self, ok, self.fail(fact, path, facts.span, values.span));
        }
        if types.intersects(Types::NUMBER) {
            step!(self, ok, self.numbers(facts, types, k, path));
        }
        if types.contains(Types::STRING) {
            step!(self, ok, self.strings(facts, k, self.r.get(c).head, path));
        }
        if types.contains(Types::OBJECT) {
            step!(self, ok, self.objects(w, facts, k, path));
        }
        if types.contains(Types::ARRAY) {
            step!(self, ok, self.arrays(facts, k, path));
        }
        step!(
            self,
            ok,
            self.combinators(&w.restricted(types), facts, k, path)
        );
        for unsupported in &k.unsupported {
            let fact = || Fact::Unsupported {
                keyword: unsupported.value.clone(),
            };
            step!(
                self,
                ok,
                self.fail(fact, path, facts.span, unsupported.span)
            );
        }
        ok
    }
}

/// An incompatibility by what it is and where: the same one met on another path is one.
type SeenKey = (Constraint, Span, Span, String);

fn seen_key(fact: &Fact, writer: Span, reader: Span) -> SeenKey {
    let words = fact.describe("the writer", "the reader");
    (fact.constraint(), writer, reader, words)
}

/// `/a/*/b`; the root is `/`.
pub fn path_string(path: &[String]) -> String {
    if path.is_empty() {
        return "/".to_owned();
    }
    path.iter()
        .map(|s| format!("/{}", crate::schema::doc::escape_segment(s)))
        .collect()
}

/// An instance path as a message shows it: whole when short, else its first segment and its last
/// few. A component reached through a cycle of references (Stripe's expandable objects) is first
/// met at the end of a long path, whose middle says nothing the frame does not.
pub fn shown_path(path: &str) -> std::borrow::Cow<'_, str> {
    const KEPT_AT_END: usize = 5;
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    if segments.len() <= KEPT_AT_END + 3 {
        return path.into();
    }
    let end = &segments[segments.len() - KEPT_AT_END..];
    format!("/{}/…/{}", segments[0], end.join("/")).into()
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod proptests;
