//! Compares the schema of a body, parameter or header across versions with the JSON Schema
//! containment checker, in the two pairings the window has (see [`super::found`]), and has the
//! schema rules name each answer.

use std::collections::{HashMap, HashSet};
use std::rc::Rc;
use std::sync::OnceLock;

use foldhash::fast::FixedState;

use super::context::{Cx, Out};
use super::found::{Assumed, Found, Message, Pairing, SchemaPair, Schemas, Writer};
use super::load::Version;
use super::model::Role;
use super::reach::ReachId;
use super::rules::{
    ASSUMPTION_RULES, AssumptionRule, DECLARATION_RULES, SCHEMA_RULES, SchemaRule,
    request_property_default_changed, request_type_changed, response_type_changed,
};
use crate::core::{Finding, RuleId, Side, Span};
use crate::schema::containment::{
    Assumption, Incompatibility, Options, PropertyFilter, Reached, Session, Undeclared, shown_path,
};
use crate::schema::defaults;
use crate::schema::model::{Body, Graph, SchemaId, Types};
use crate::schema::resolve::json_eq;
use serde_json::Value;

/// The rules of a changed type: where one fires, bounds, values or nullability of the same value
/// compare two different things.
const TYPE_RULES: [RuleId; 2] = [request_type_changed::ID, response_type_changed::ID];

/// Which graphs a session compares: whether the old version writes, the old and the new graph,
/// and the message (its `readOnly`/`writeOnly` filter).
type SessionKey = (bool, usize, usize, u8);

static REQUEST: Options = Options {
    undeclared: Undeclared::NotSent,
    filter: PropertyFilter::Request,
};
static RESPONSE: Options = Options {
    undeclared: Undeclared::NotSent,
    filter: PropertyFilter::Response,
};

type Map<K, V> = HashMap<K, V, FixedState>;
type Set<T> = HashSet<T, FixedState>;

/// Checker sessions and answers shared by every comparison of a run (of one thread): a
/// component reached from many operations is compared and named once.
pub struct Sessions<'a> {
    sessions: Map<SessionKey, Session<'a>>,
    reached: Map<(SessionKey, SchemaId, SchemaId), Rc<Reached>>,
    /// The rule and spans of each incompatibility, by session, writer and position.
    named: Map<(SessionKey, Writer, usize), Named>,
    assumed: Map<(SessionKey, Writer, usize), Named>,
    /// The walks for request defaults that change, by old and new graph.
    defaults: Map<(usize, usize), defaults::Walk<'a>>,
    paths: Map<String, u32>,
    ix: &'a Indexes,
}

impl<'a> Sessions<'a> {
    pub fn new(ix: &'a Indexes) -> Self {
        Sessions {
            sessions: Map::default(),
            reached: Map::default(),
            named: Map::default(),
            assumed: Map::default(),
            defaults: Map::default(),
            paths: Map::default(),
            ix,
        }
    }
}

/// What an incompatibility is called: its rule, its spans (new, old) and its words (interned in
/// the run's [`Out`]), which together tell one change from another.
#[derive(Clone, Copy)]
struct Named {
    rule: RuleId,
    new: Span,
    old: Span,
    /// What the finding says apart from where in the API.
    words: u32,
    /// The instance path, interned: paths through reference cycles grow long.
    path: u32,
}

/// Per side and schema graph: the `type` and `enum`/`const` keywords of each schema by span, and
/// each schema by head. Each is built when first needed, once for all the threads of a comparison.
#[derive(Default)]
pub struct Indexes {
    types: [OnceLock<Map<Span, Types>>; 4],
    values: [OnceLock<Map<Span, Vec<Value>>>; 4],
    heads: [OnceLock<Map<Span, SchemaId>>; 4],
}

impl Indexes {
    /// The slot of a side's graph (there are two graphs per version, one per dialect).
    fn slot(side: Side, graph_index: usize) -> usize {
        usize::from(side == Side::New) * 2 + graph_index.min(1)
    }

    fn heads(&self, version: &Version, side: Side, graph_index: usize) -> &Map<Span, SchemaId> {
        self.heads[Self::slot(side, graph_index)]
            .get_or_init(|| index_heads(version.graph(graph_index)))
    }

    /// The types a `type` keyword at `span` declares.
    fn types_at(
        &self,
        version: &Version,
        side: Side,
        graph_index: usize,
        span: Span,
    ) -> Option<Types> {
        let index = self.types[Self::slot(side, graph_index)].get_or_init(|| {
            let graph = version.graph(graph_index);
            ids(graph)
                .filter_map(|id| graph.get(id).keywords()?.types.as_ref())
                .map(|t| (t.span, t.value))
                .collect()
        });
        index.get(&span).copied()
    }

    /// The values an `enum` or `const` keyword at `span` lists.
    fn values_at(
        &self,
        version: &Version,
        side: Side,
        graph_index: usize,
        span: Span,
    ) -> Option<&[Value]> {
        let index = self.values[Self::slot(side, graph_index)].get_or_init(|| {
            let graph = version.graph(graph_index);
            ids(graph)
                .filter_map(|id| graph.get(id).keywords()?.values.as_ref())
                .map(|v| (v.span, v.value.clone()))
                .collect()
        });
        index.get(&span).map(Vec::as_slice)
    }
}

/// Compares one schema pair and reports what it finds.
pub fn compare<'a>(cx: &Cx<'a>, state: &mut Sessions<'a>, place: &SchemaPair<'_>, out: &mut Out) {
    let writer = match (place.message, place.op.role()) {
        (Message::Request, Role::Server) | (Message::Response, Role::Subscriber) => Writer::Client,
        (Message::Response, Role::Server) | (Message::Request, Role::Subscriber) => Writer::Server,
    };
    let (Some(old), Some(new)) = (place.old, place.new) else {
        for rule in DECLARATION_RULES {
            rule(place, writer, out);
        }
        return;
    };
    let options: &'static Options = match place.message {
        Message::Request => &REQUEST,
        Message::Response => &RESPONSE,
    };
    let old_graph: &'a Graph = cx.old.graph(place.old_graph);
    let new_graph: &'a Graph = cx.new.graph(place.new_graph);
    let (old, new) = (canonical(old_graph, old), canonical(new_graph, new));
    if place.message == Message::Request {
        let walk = state
            .defaults
            .entry((place.old_graph, place.new_graph))
            .or_insert_with(|| defaults::Walk::new(old_graph, new_graph, true));
        request_property_default_changed::report_all(place, walk, (old, new), out);
    }
    let side = Sides { cx, place, writer };
    // Where this is in the API is interned with its first finding: most comparisons find
    // nothing.
    let mut at = None;
    let mut breaking_paths: Set<u32> = Set::default();
    for pairing in [Pairing::Breaking, Pairing::Reverse] {
        let old_writes = (writer == Writer::Client) == (pairing == Pairing::Breaking);
        let key = (
            old_writes,
            place.old_graph,
            place.new_graph,
            place.message as u8,
        );
        let roots = if old_writes { (old, new) } else { (new, old) };
        let session = state.sessions.entry(key).or_insert_with(|| {
            if old_writes {
                Session::new(old_graph, new_graph, options)
            } else {
                Session::new(new_graph, old_graph, options)
            }
        });
        let reached = Rc::clone(
            state
                .reached
                .entry((key, roots.0, roots.1))
                .or_insert_with(|| Rc::new(session.reach(roots.0, roots.1))),
        );
        let session = &state.sessions[&key];
        let found = session.incompatibilities();
        // Each incompatibility is named once per session and writer.
        let mut items: Vec<(usize, Named)> = Vec::with_capacity(reached.incompatibilities.len());
        for &i in &reached.incompatibilities {
            let named = *state.named.entry((key, writer, i)).or_insert_with(|| {
                let incompatibility = &found[i];
                let rule = side.rule(state.ix, pairing, incompatibility);
                let (writer_span, reader_span) = side.normalised(
                    state.ix,
                    pairing,
                    incompatibility.writer,
                    incompatibility.reader,
                );
                let (new, old) = side.spans(pairing, writer_span, reader_span);
                let words = side.words(state.ix, rule, pairing, incompatibility);
                let next = u32::try_from(state.paths.len()).unwrap_or(u32::MAX);
                let path = *state
                    .paths
                    .entry(incompatibility.path.clone())
                    .or_insert(next);
                Named {
                    rule,
                    new,
                    old,
                    words: out.text(&words),
                    path,
                }
            });
            items.push((i, named));
        }
        if pairing == Pairing::Breaking {
            breaking_paths = items.iter().map(|(_, n)| n.path).collect();
        } else {
            // Where the breaking pairing already fails, the reverse adds nothing to act on.
            items.retain(|(_, n)| !breaking_paths.contains(&n.path));
        }
        // One finding per rule and value; a changed type is what to act on, as bounds, values or
        // nullability of the same value then compare two different things.
        let typed: Set<u32> = items
            .iter()
            .filter(|(_, n)| TYPE_RULES.contains(&n.rule))
            .map(|(_, n)| n.path)
            .collect();
        // Required properties are values of their own: each name is reported.
        let mut kept: Set<(u32, RuleId, Option<&str>)> = Set::default();
        for (i, named) in &items {
            let property = found[*i].fact.required_property();
            if (!TYPE_RULES.contains(&named.rule) && typed.contains(&named.path))
                || !kept.insert((named.path, named.rule, property))
            {
                continue;
            }
            let reach = reach(&mut at, place, out);
            match out.group(named.rule, Some(named.new), Some(named.old), named.words) {
                Some(group) => out.add(group, reach),
                None => {
                    let words = out.text_of(named.words).to_owned();
                    let finding = side.finding(*named, pairing, &found[*i], &words);
                    out.push_reach(finding, named.words, Some(reach));
                }
            }
        }
        let assumed = session.assumptions();
        for &i in &reached.assumptions {
            let named = *state.assumed.entry((key, writer, i)).or_insert_with(|| {
                let a = &assumed[i];
                let (writer_span, reader_span) =
                    side.normalised(state.ix, pairing, a.writer, a.reader);
                let (new, old) = side.spans(pairing, writer_span, reader_span);
                Named {
                    rule: assumption_rule(writer, pairing, a.property.is_none()).id,
                    new,
                    old,
                    words: out.text(a.property.as_deref().unwrap_or_default()),
                    path: u32::MAX,
                }
            });
            let reach = reach(&mut at, place, out);
            match out.group(named.rule, Some(named.new), Some(named.old), named.words) {
                Some(group) => out.add(group, reach),
                None => {
                    let finding = side.assumption(named, pairing, &assumed[i]);
                    out.push_reach(finding, named.words, Some(reach));
                }
            }
        }
    }
}

/// Where a finding is: the operation and message of `place`, interned once into `at`.
///
/// Not the instance path: the checker finds an incompatibility once per session, at the path of
/// the first message that reaches it, and shares it with every later one.
fn reach(at: &mut Option<ReachId>, place: &SchemaPair<'_>, out: &mut Out) -> ReachId {
    *at.get_or_insert_with(|| ReachId {
        op: out.operation(place.op),
        message: out.text(&place.what),
    })
}

/// A schema that is only a `$ref` is its target: comparisons of the same components are shared.
fn canonical(graph: &Graph, mut id: SchemaId) -> SchemaId {
    for _ in 0..16 {
        let Some(k) = graph.get(id).keywords() else {
            return id;
        };
        if k.refs.len() != 1 || !k.asserts_only_refs() {
            return id;
        }
        id = k.refs[0].value;
    }
    id
}

struct Sides<'a> {
    cx: &'a Cx<'a>,
    place: &'a SchemaPair<'a>,
    writer: Writer,
}

impl Sides<'_> {
    fn version(&self, side: Side) -> &Version {
        match side {
            Side::Old => self.cx.old,
            Side::New => self.cx.new,
        }
    }

    fn graph_index(&self, side: Side) -> usize {
        match side {
            Side::Old => self.place.old_graph,
            Side::New => self.place.new_graph,
        }
    }

    /// Which version writes in a pairing.
    fn writer_side(&self, pairing: Pairing) -> Side {
        pairing.writer_side(self.writer)
    }

    fn nouns(&self) -> (&'static str, &'static str) {
        match self.place.op.role() {
            Role::Server => ("client", "server"),
            Role::Subscriber => ("subscriber", "server"),
        }
    }

    /// (writer, reader) in words, singular.
    fn parties(&self, pairing: Pairing) -> (String, String) {
        let (client, server) = self.nouns();
        let (writer, reader) = match self.writer {
            Writer::Client => (client, server),
            Writer::Server => (server, client),
        };
        let age = |side: Side, party: &str| match (side, party == "server") {
            (Side::New, true) => format!("the new {party}"),
            (Side::Old, true) => format!("an old {party}"),
            (Side::New, false) => format!("a new {party}"),
            (Side::Old, false) => format!("an old {party}"),
        };
        let writer_side = self.writer_side(pairing);
        let reader_side = match writer_side {
            Side::Old => Side::New,
            Side::New => Side::Old,
        };
        (age(writer_side, writer), age(reader_side, reader))
    }

    /// The schema rule that names an incompatibility found in a pairing.
    fn rule(&self, ix: &Indexes, pairing: Pairing, i: &Incompatibility) -> RuleId {
        let schemas = Judge { sides: self, ix };
        let found = Found {
            writer: self.writer,
            pairing,
            incompatibility: i,
            schemas: &schemas,
        };
        SCHEMA_RULES
            .iter()
            .find(|rule| (rule.names)(&found))
            .map_or_else(
                || unreachable!("a schema rule names every incompatibility (tested)"),
                |rule| rule.id,
            )
    }

    /// Whether the reader's schema at a span is declared extensible.
    fn extensible(&self, reader: Span) -> bool {
        self.cx.old.extensible.contains(&reader)
    }

    /// A type incompatibility in the breaking pairing of a server-written message whose only
    /// extra type is `null` (writer new, reader old).
    fn only_null_added(&self, ix: &Indexes, i: &Incompatibility) -> bool {
        let writer = ix.types_at(
            self.cx.new,
            Side::New,
            self.graph_index(Side::New),
            i.writer,
        );
        let reader = ix.types_at(
            self.cx.old,
            Side::Old,
            self.graph_index(Side::Old),
            i.reader,
        );
        match (writer, reader) {
            (Some(w), Some(r)) => w.without(r) == Types::NULL,
            _ => false,
        }
    }

    /// A value incompatibility in the breaking pairing of a server-written message (writer new,
    /// reader old) where the new writer's `enum`/`const` keeps none of the old reader's values.
    fn value_replaced(&self, ix: &Indexes, i: &Incompatibility) -> bool {
        let writer = ix.values_at(
            self.cx.new,
            Side::New,
            self.graph_index(Side::New),
            i.writer,
        );
        let reader = ix.values_at(
            self.cx.old,
            Side::Old,
            self.graph_index(Side::Old),
            i.reader,
        );
        match (writer, reader) {
            (Some(w), Some(r)) => !r.iter().any(|r| w.iter().any(|w| json_eq(w, r))),
            _ => false,
        }
    }

    /// Whether the new writer still declares the property an old reader requires.
    fn still_declared(&self, ix: &Indexes, i: &Incompatibility) -> bool {
        let Some(name) = i.fact.required_property() else {
            return false;
        };
        let graph_index = self.graph_index(Side::New);
        let graph = self.cx.new.graph(graph_index);
        let Some(&object) = ix.heads(self.cx.new, Side::New, graph_index).get(&i.writer) else {
            return false;
        };
        declares(graph, object, name)
    }

    /// (new span, old span) of a writer and a reader span.
    fn spans(&self, pairing: Pairing, writer: Span, reader: Span) -> (Span, Span) {
        match self.writer_side(pairing) {
            Side::New => (writer, reader),
            Side::Old => (reader, writer),
        }
    }

    /// The head of the schema a `$ref`-only schema points at, for a span that is such a head:
    /// the same object reached through different references is one place.
    fn through_refs(&self, ix: &Indexes, side: Side, span: Span) -> Span {
        let graph_index = self.graph_index(side);
        let graph = self.version(side).graph(graph_index);
        match ix.heads(self.version(side), side, graph_index).get(&span) {
            Some(&id) => graph.get(canonical(graph, id)).head,
            None => span,
        }
    }

    fn normalised(
        &self,
        ix: &Indexes,
        pairing: Pairing,
        writer: Span,
        reader: Span,
    ) -> (Span, Span) {
        let writer_side = self.writer_side(pairing);
        let reader_side = match writer_side {
            Side::Old => Side::New,
            Side::New => Side::Old,
        };
        (
            self.through_refs(ix, writer_side, writer),
            self.through_refs(ix, reader_side, reader),
        )
    }

    /// What a rule says of an incompatibility, wherever in the API it is.
    fn words(&self, ix: &Indexes, rule: RuleId, pairing: Pairing, i: &Incompatibility) -> String {
        let rule = schema_rule(rule);
        let (writer, reader) = self.parties(pairing);
        let schemas = Judge { sides: self, ix };
        let found = Found {
            writer: self.writer,
            pairing,
            incompatibility: i,
            schemas: &schemas,
        };
        match rule.words {
            Some(words) => words(&found, &writer, &reader),
            None => i.fact.describe(&writer, &reader),
        }
    }

    /// The finding of an incompatibility, with its words.
    fn finding(&self, named: Named, pairing: Pairing, i: &Incompatibility, text: &str) -> Finding {
        let rule = schema_rule(named.rule);
        let (writer, reader) = self.parties(pairing);
        let (new, old) = (named.new, named.old);
        let (new_label, old_label) = match self.writer_side(pairing) {
            Side::Old => (
                format!("{reader} rejects it here"),
                format!("what {writer} sends"),
            ),
            Side::New => (
                format!("what {writer} may send"),
                format!("{reader} rejects it here"),
            ),
        };
        let at = if i.path == "/" {
            String::new()
        } else {
            format!(" at `{}`", shown_path(&i.path))
        };
        let finding = Finding::new(
            rule.id,
            format!(
                "{} of {}{at}: {text}",
                self.place.what,
                self.place.op.label()
            ),
        )
        .at_new(new, new_label)
        .at_old(old, old_label);
        match rule.note {
            Some(note) => finding.with_note(note),
            None => finding,
        }
    }

    fn assumption(&self, named: Named, pairing: Pairing, a: &Assumption) -> Finding {
        // The assumption's writer and reader, as the finding's sides.
        let (writer_span, reader_span) = match self.writer_side(pairing) {
            Side::New => (named.new, named.old),
            Side::Old => (named.old, named.new),
        };
        let at = if a.path == "/" {
            String::new()
        } else {
            format!(" at `{}`", shown_path(&a.path))
        };
        let context = format!("{} of {}{at}", self.place.what, self.place.op.label());
        let (client, _) = self.nouns();
        let (writer, reader) = self.parties(pairing);
        let assumed = Assumed {
            context: &context,
            client,
            property: a.property.as_deref().unwrap_or_default(),
            writer_span,
            reader_span,
            writer: &writer,
            reader: &reader,
            reader_is_new: self.writer_side(pairing) == Side::Old,
        };
        (assumption_rule(self.writer, pairing, a.property.is_none()).finding)(&assumed)
    }
}

fn schema_rule(id: RuleId) -> &'static SchemaRule {
    SCHEMA_RULES
        .iter()
        .find(|rule| rule.id == id)
        .unwrap_or_else(|| unreachable!("named by a schema rule"))
}

/// The assumption rule of a writer and pairing, about a property or an object's undeclared ones.
fn assumption_rule(writer: Writer, pairing: Pairing, closed: bool) -> &'static AssumptionRule {
    ASSUMPTION_RULES
        .iter()
        .find(|rule| (rule.names)(writer, pairing, closed))
        .unwrap_or_else(|| unreachable!("an assumption rule names every pairing (tested)"))
}

/// What naming asks of the schemas of one comparison.
struct Judge<'a> {
    sides: &'a Sides<'a>,
    ix: &'a Indexes,
}

impl Schemas for Judge<'_> {
    fn only_null_added(&self, found: &Incompatibility) -> bool {
        self.sides.only_null_added(self.ix, found)
    }

    fn extensible(&self, found: &Incompatibility) -> bool {
        self.sides.extensible(found.reader)
    }

    fn still_declared(&self, found: &Incompatibility) -> bool {
        self.sides.still_declared(self.ix, found)
    }

    fn value_replaced(&self, found: &Incompatibility) -> bool {
        self.sides.value_replaced(self.ix, found)
    }
}

fn ids(graph: &Graph) -> impl Iterator<Item = SchemaId> {
    (0..u32::try_from(graph.len()).unwrap_or(u32::MAX)).map(SchemaId)
}

fn index_heads(graph: &Graph) -> Map<Span, SchemaId> {
    let mut index = Map::default();
    for id in ids(graph) {
        index.entry(graph.get(id).head).or_insert(id);
    }
    index
}

/// Whether a schema, through its references and `allOf`, declares a property.
fn declares(graph: &Graph, root: SchemaId, name: &str) -> bool {
    let mut stack = vec![root];
    let mut seen = Set::default();
    while let Some(id) = stack.pop() {
        if !seen.insert(id) {
            continue;
        }
        if let Body::Keywords(k) = &graph.get(id).body {
            if k.property(name).is_some() {
                return true;
            }
            stack.extend(k.applicators().all_of.iter().copied());
            stack.extend(k.refs.iter().map(|r| r.value));
        }
    }
    false
}
