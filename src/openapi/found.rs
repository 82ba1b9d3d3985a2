//! What the schema rules judge: an incompatibility or assumption the containment checker found
//! in one message, with who writes that message and which pairing of old and new it came from.
//!
//! Who writes decides the pairings. A client-written message (a request, or a subscriber's
//! response to a webhook) must be accepted by the new reader from every old writer (the breaking
//! pairing) and should be accepted by old readers from new writers, which happens only while the
//! rollout is partial or after a rollback (the reverse pairing). A server-written message (a
//! response, or a webhook's request) must be accepted by old readers from the new writer, and new
//! readers meet old writers only during a partial rollout or after a rollback.

use super::model::Operation;
use crate::core::{Side, Span};
use crate::schema::containment::{Constraint, Incompatibility};
use crate::schema::model::SchemaId;

/// Which part of an HTTP exchange a schema describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Message {
    Request,
    Response,
}

/// A schema of both versions and where it sits.
pub struct SchemaPair<'a> {
    /// The operation, as the new version declares it.
    pub op: &'a Operation,
    /// `request body (application/json)`, `the query parameter `limit``.
    pub what: String,
    pub message: Message,
    pub old: Option<SchemaId>,
    pub new: Option<SchemaId>,
    pub old_graph: usize,
    pub new_graph: usize,
    /// Where to point when one side has no schema.
    pub old_span: Span,
    pub new_span: Span,
}

/// Who writes a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Writer {
    Client,
    Server,
}

/// One of the two pairings of old and new.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pairing {
    /// Old writers, new readers for client-written messages; new writers, old readers for
    /// server-written ones.
    Breaking,
    /// The reverse: only during a partial rollout or after a rollback.
    Reverse,
}

impl Pairing {
    /// Which version writes in this pairing of a message `writer` writes.
    pub fn writer_side(self, writer: Writer) -> Side {
        match (writer, self) {
            (Writer::Client, Pairing::Breaking) | (Writer::Server, Pairing::Reverse) => Side::Old,
            (Writer::Client, Pairing::Reverse) | (Writer::Server, Pairing::Breaking) => Side::New,
        }
    }
}

/// What naming an incompatibility may need to know beyond the fact: the schemas it points at.
pub trait Schemas {
    /// Whether the new writer's `type` adds only `null` to the old reader's.
    fn only_null_added(&self, found: &Incompatibility) -> bool;
    /// Whether the old reader's enum is declared extensible (`x-extensible-enum`).
    fn extensible(&self, found: &Incompatibility) -> bool;
    /// Whether the new writer still declares the property the old reader requires.
    fn still_declared(&self, found: &Incompatibility) -> bool;
    /// Whether the new writer's `enum`/`const` keeps none of the values the old reader lists.
    fn value_replaced(&self, found: &Incompatibility) -> bool;
}

/// An incompatibility of one message in one pairing.
pub struct Found<'a> {
    pub writer: Writer,
    pub pairing: Pairing,
    pub incompatibility: &'a Incompatibility,
    pub schemas: &'a dyn Schemas,
}

impl Found<'_> {
    pub fn constraint(&self) -> Constraint {
        self.incompatibility.constraint()
    }

    /// A message clients write, in the pairing that must hold.
    pub fn client_breaking(&self) -> bool {
        self.writer == Writer::Client && self.pairing == Pairing::Breaking
    }

    /// A message the server writes, in the pairing that must hold.
    pub fn server_breaking(&self) -> bool {
        self.writer == Writer::Server && self.pairing == Pairing::Breaking
    }

    pub fn only_null_added(&self) -> bool {
        self.schemas.only_null_added(self.incompatibility)
    }

    pub fn extensible(&self) -> bool {
        self.schemas.extensible(self.incompatibility)
    }

    pub fn still_declared(&self) -> bool {
        self.schemas.still_declared(self.incompatibility)
    }

    pub fn value_replaced(&self) -> bool {
        self.schemas.value_replaced(self.incompatibility)
    }
}

/// An assumption the checker made about one message in one pairing: a property that the reader
/// declares and the writer's open object does not, or (`property` empty) the undeclared
/// properties of that object, which the reader restricts.
pub struct Assumed<'a> {
    /// Where in the API: `the request body (application/json) of `createOrder` (POST /orders)`,
    /// with the instance path when not at the top.
    pub context: &'a str,
    /// What the API calls its callers: `client`, or `subscriber` for webhooks and callbacks.
    pub client: &'static str,
    pub property: &'a str,
    /// The object that does not declare the property (the writer's).
    pub writer_span: Span,
    /// The property (the reader's).
    pub reader_span: Span,
    /// The writer and the reader in words (`an old client`, `the new server`).
    pub writer: &'a str,
    pub reader: &'a str,
    /// Whether the reader is the new version.
    pub reader_is_new: bool,
}
