//! One compiled side: the descriptor pool, where its files are, which of them the release
//! changed, and which encodings reach each message and enum.

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};
use std::sync::Arc;

use prost_reflect::{DescriptorPool, FileDescriptor, Kind, MessageDescriptor, MethodDescriptor};

use super::load::{Compiled, Located};
use super::spans::Locations;
use crate::core::{Side, Sources, Span};
use crate::input::config::Encoding;

/// Which encodings of a message cross the version boundary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Encodings {
    pub binary: bool,
    pub json: bool,
}

impl Encodings {
    pub fn union(self, other: Encodings) -> Encodings {
        Encodings {
            binary: self.binary || other.binary,
            json: self.json || other.json,
        }
    }

    pub fn configured(encoding: Encoding) -> Encodings {
        Encodings {
            binary: matches!(encoding, Encoding::Binary | Encoding::Both),
            json: matches!(encoding, Encoding::Json | Encoding::Both),
        }
    }

    /// The note that says which encodings a verdict assumed.
    pub fn describe(self) -> &'static str {
        match (self.binary, self.json) {
            (true, true) => "binary and ProtoJSON",
            (false, true) => "ProtoJSON only",
            _ => "the binary encoding only",
        }
    }
}

/// Who refers to a message or enum.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Referrer {
    /// A field of this message (full name).
    Message(String),
    /// The request (`true`) or response of a method (`pkg.Service.Method`).
    Rpc { method: String, request: bool },
}

/// One side of the comparison.
pub struct Schema {
    pub side: Side,
    pub pool: DescriptorPool,
    /// Import name -> place in the tree and the report.
    pub files: HashMap<String, Located>,
    /// Import names of the files this release changed.
    pub changed: HashSet<String>,
    locations: HashMap<String, Locations>,
    referrers: HashMap<String, Vec<Referrer>>,
    /// Types a method without HTTP annotations reaches, and types an annotated one reaches.
    rpc_binary: HashSet<String>,
    rpc_json: HashSet<String>,
    /// Types a payload root (a message nothing refers to) reaches, itself excluded.
    in_payload: HashSet<String>,
    /// [`Schema::users`] by type: a type deep in a large tree has thousands of users, and every
    /// finding about it names them.
    users: RefCell<HashMap<String, Arc<BTreeSet<Referrer>>>>,
    /// Whether any file is in an edition: most trees have none, and rules ask per field.
    has_editions: bool,
}

impl Schema {
    pub fn new(side: Side, compiled: Compiled) -> Schema {
        let Compiled {
            pool,
            files,
            changed,
            locations,
        } = compiled;
        let mut referrers: HashMap<String, Vec<Referrer>> = HashMap::new();
        for message in pool.all_messages() {
            for field in message.fields() {
                if let Some(target) = type_name(&field.kind()) {
                    referrers
                        .entry(target)
                        .or_default()
                        .push(Referrer::Message(message.full_name().to_owned()));
                }
            }
        }
        let mut rpc_binary = HashSet::new();
        let mut rpc_json = HashSet::new();
        for service in pool.services() {
            for method in service.methods() {
                for (request, message) in [(true, method.input()), (false, method.output())] {
                    referrers
                        .entry(message.full_name().to_owned())
                        .or_default()
                        .push(Referrer::Rpc {
                            method: method.full_name().to_owned(),
                            request,
                        });
                    let reached = if has_http_annotation(&method) {
                        &mut rpc_json
                    } else {
                        &mut rpc_binary
                    };
                    reach(&message, reached);
                }
            }
        }
        let mut in_payload = HashSet::new();
        for root in pool.all_messages() {
            if !referrers.contains_key(root.full_name()) {
                for field in root.fields() {
                    match field.kind() {
                        Kind::Message(m) => reach(&m, &mut in_payload),
                        Kind::Enum(e) => {
                            in_payload.insert(e.full_name().to_owned());
                        }
                        _ => {}
                    }
                }
            }
        }
        let has_editions = files.values().any(|located| located.edition.is_some());
        Schema {
            has_editions,
            side,
            pool,
            files,
            changed,
            locations,
            referrers,
            rpc_binary,
            rpc_json,
            in_payload,
            users: RefCell::default(),
        }
    }

    /// Whether an element of this file is compared: only files the release changed are.
    pub fn in_scope(&self, file: &FileDescriptor) -> bool {
        self.changed.contains(file.name())
    }

    /// The span of an element, in the report's sources.
    pub fn span(&self, sources: &Sources, file: &FileDescriptor, path: &[i32]) -> Option<Span> {
        let located = self.files.get(file.name())?;
        let locations = self.locations.get(file.name())?;
        super::spans::span_of(locations, sources.get(located.id), located.id, path)
    }

    /// The spans of an element and everything below it (`prefix` is its path), widest first.
    pub fn spans_within<'a>(
        &'a self,
        sources: &'a Sources,
        file: &FileDescriptor,
        prefix: &'a [i32],
    ) -> impl Iterator<Item = Span> + 'a {
        let found = self.files.get(file.name()).and_then(|located| {
            let locations = self.locations.get(file.name())?;
            Some(super::spans::spans_within(
                locations,
                sources.get(located.id),
                located.id,
                prefix,
            ))
        });
        found.into_iter().flatten()
    }

    /// Whether a file is written in an edition (and compiled lowered to proto2): its features
    /// decide presence, message encoding and JSON format, not its descriptors' proto2 syntax.
    pub fn in_edition(&self, file: &FileDescriptor) -> bool {
        self.has_editions
            && self
                .files
                .get(file.name())
                .is_some_and(|located| located.edition.is_some())
    }

    /// The encodings that reach a type when compat.toml does not say: binary for what gRPC
    /// methods exchange, ProtoJSON too where a method has HTTP transcoding annotations, and both
    /// for payloads (types no method reaches, or that a payload root also embeds).
    pub fn encodings(&self, type_name: &str) -> Encodings {
        let by_rpc = self.rpc_binary.contains(type_name) || self.rpc_json.contains(type_name);
        Encodings {
            binary: true,
            json: !by_rpc
                || self.rpc_json.contains(type_name)
                || self.in_payload.contains(type_name),
        }
    }

    /// The methods and payload roots (messages nothing refers to) that reach a type.
    pub fn users(&self, type_name: &str) -> Arc<BTreeSet<Referrer>> {
        if let Some(users) = self.users.borrow().get(type_name) {
            return Arc::clone(users);
        }
        let users = Arc::new(self.find_users(type_name));
        self.users
            .borrow_mut()
            .insert(type_name.to_owned(), Arc::clone(&users));
        users
    }

    fn find_users(&self, type_name: &str) -> BTreeSet<Referrer> {
        let mut roots = BTreeSet::new();
        let mut seen = HashSet::new();
        let mut queue = VecDeque::from([type_name.to_owned()]);
        while let Some(name) = queue.pop_front() {
            if !seen.insert(name.clone()) {
                continue;
            }
            let referrers = self.referrers.get(&name).map(Vec::as_slice).unwrap_or(&[]);
            if referrers.is_empty() && name != type_name {
                roots.insert(Referrer::Message(name.clone()));
            }
            for referrer in referrers {
                match referrer {
                    Referrer::Message(message) => queue.push_back(message.clone()),
                    rpc @ Referrer::Rpc { .. } => {
                        roots.insert(rpc.clone());
                    }
                }
            }
        }
        roots
    }

    /// Whether anything other than the type itself refers to it.
    pub fn is_referenced(&self, type_name: &str) -> bool {
        self.referrers.get(type_name).is_some_and(|r| !r.is_empty())
    }

    pub fn referrers(&self, type_name: &str) -> &[Referrer] {
        self.referrers.get(type_name).map_or(&[], Vec::as_slice)
    }
}

/// The message or enum a field's type names.
pub fn type_name(kind: &Kind) -> Option<String> {
    match kind {
        Kind::Message(m) => Some(m.full_name().to_owned()),
        Kind::Enum(e) => Some(e.full_name().to_owned()),
        _ => None,
    }
}

fn reach(root: &MessageDescriptor, reached: &mut HashSet<String>) {
    let mut stack = vec![root.clone()];
    while let Some(message) = stack.pop() {
        if !reached.insert(message.full_name().to_owned()) {
            continue;
        }
        for field in message.fields() {
            match field.kind() {
                Kind::Message(m) => stack.push(m),
                Kind::Enum(e) => {
                    reached.insert(e.full_name().to_owned());
                }
                _ => {}
            }
        }
    }
}

fn has_http_annotation(method: &MethodDescriptor) -> bool {
    method
        .options()
        .extensions()
        .any(|(extension, _)| extension.full_name() == "google.api.http")
}
