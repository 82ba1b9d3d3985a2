//! A resolved schema graph: every subschema of every loaded document once, its keywords typed and
//! spanned, `$ref`s replaced by the ids of their targets. Drafts differ only in how documents are
//! read into this model ([`super::resolve`]); the checker sees one vocabulary.

mod keywords;

use std::collections::HashMap;
use std::fmt;

use foldhash::fast::FixedState;

use serde_json::Value;

use crate::core::Span;
pub use keywords::{
    Applicators, Arrays, Conditional, Extra, Keywords, Numbers, Objects, Property, Strings,
};

/// The JSON Schema dialect a document is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Draft {
    Draft4,
    Draft6,
    Draft7,
    Draft201909,
    Draft202012,
    /// OpenAPI 3.0's Schema Object: draft 4 plus `nullable`, siblings of `$ref` ignored.
    OpenApi30,
}

impl Draft {
    /// The draft a `$schema` URI names; `None` for an unknown meta-schema.
    pub fn from_uri(uri: &str) -> Option<Draft> {
        let uri = uri.trim_end_matches('#');
        let uri = uri
            .strip_prefix("https://")
            .or_else(|| uri.strip_prefix("http://"))?;
        Some(match uri {
            "json-schema.org/draft-04/schema" => Draft::Draft4,
            "json-schema.org/draft-06/schema" => Draft::Draft6,
            "json-schema.org/draft-07/schema" => Draft::Draft7,
            "json-schema.org/draft/2019-09/schema" => Draft::Draft201909,
            "json-schema.org/draft/2020-12/schema" => Draft::Draft202012,
            _ => return None,
        })
    }

    /// Whether `$ref` replaces its sibling keywords (draft 7 and earlier, OpenAPI 3.0).
    pub fn ref_overrides_siblings(self) -> bool {
        matches!(
            self,
            Draft::Draft4 | Draft::Draft6 | Draft::Draft7 | Draft::OpenApi30
        )
    }

    /// Whether `exclusiveMinimum`/`exclusiveMaximum` are booleans modifying the bounds.
    pub fn boolean_exclusive_bounds(self) -> bool {
        matches!(self, Draft::Draft4 | Draft::OpenApi30)
    }

    /// The keyword that declares a resource's URI.
    pub fn id_keyword(self) -> &'static str {
        match self {
            Draft::Draft4 | Draft::OpenApi30 => "id",
            _ => "$id",
        }
    }
}

/// A set of JSON types. `number` is `NUMBER | INTEGER`, so "integer within number" is a subset.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Types(pub u8);

impl Types {
    pub const NULL: Types = Types(1);
    pub const BOOLEAN: Types = Types(2);
    pub const OBJECT: Types = Types(4);
    pub const ARRAY: Types = Types(8);
    /// Numbers with a fractional part.
    pub const FRACTION: Types = Types(16);
    pub const INTEGER: Types = Types(32);
    pub const STRING: Types = Types(64);
    pub const NUMBER: Types = Types(16 | 32);
    pub const ALL: Types = Types(127);
    pub const NONE: Types = Types(0);

    pub fn from_name(name: &str) -> Option<Types> {
        Some(match name {
            "null" => Types::NULL,
            "boolean" => Types::BOOLEAN,
            "object" => Types::OBJECT,
            "array" => Types::ARRAY,
            "number" => Types::NUMBER,
            "integer" => Types::INTEGER,
            "string" => Types::STRING,
            _ => return None,
        })
    }

    /// The type of a value; integers are numbers without a fractional part (`1.0` included).
    pub fn of(value: &Value) -> Types {
        match value {
            Value::Null => Types::NULL,
            Value::Bool(_) => Types::BOOLEAN,
            Value::Object(_) => Types::OBJECT,
            Value::Array(_) => Types::ARRAY,
            Value::String(_) => Types::STRING,
            Value::Number(n) => {
                if n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|f| f.fract() == 0.0) {
                    Types::INTEGER
                } else {
                    Types::FRACTION
                }
            }
        }
    }

    pub fn and(self, other: Types) -> Types {
        Types(self.0 & other.0)
    }

    pub fn or(self, other: Types) -> Types {
        Types(self.0 | other.0)
    }

    pub fn without(self, other: Types) -> Types {
        Types(self.0 & !other.0)
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn intersects(self, other: Types) -> bool {
        !self.and(other).is_empty()
    }

    pub fn contains(self, other: Types) -> bool {
        self.and(other) == other
    }

    /// The smallest sets a value's type falls in, for case splits.
    pub fn split(self) -> impl Iterator<Item = Types> {
        [
            Types::NULL,
            Types::BOOLEAN,
            Types::OBJECT,
            Types::ARRAY,
            Types::STRING,
            Types::INTEGER,
            Types::FRACTION,
        ]
        .into_iter()
        .filter(move |t| self.contains(*t))
    }
}

impl fmt::Display for Types {
    /// `string`, `number or null`, `any type`: the words a finding uses.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if *self == Types::ALL {
            return f.write_str("any type");
        }
        if self.is_empty() {
            return f.write_str("no type");
        }
        let mut names = Vec::new();
        for (set, name) in [
            (Types::NULL, "null"),
            (Types::BOOLEAN, "boolean"),
            (Types::OBJECT, "object"),
            (Types::ARRAY, "array"),
            (Types::STRING, "string"),
        ] {
            if self.contains(set) {
                names.push(name);
            }
        }
        if self.contains(Types::NUMBER) {
            names.push("number");
        } else if self.contains(Types::INTEGER) {
            names.push("integer");
        } else if self.contains(Types::FRACTION) {
            names.push("non-integer number");
        }
        f.write_str(&names.join(" or "))
    }
}

impl fmt::Debug for Types {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Types({self})")
    }
}

/// Index of a schema in a [`Graph`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SchemaId(pub u32);

/// A keyword's value and the span of the whole keyword (key and value).
#[derive(Debug, Clone, PartialEq)]
pub struct Kw<T> {
    pub value: T,
    pub span: Span,
}

/// A schema: a boolean or keywords.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    Bool(bool),
    Keywords(Box<Keywords>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Schema {
    /// The whole schema node.
    pub span: Span,
    /// Its first line: what a code frame shows of a schema that spans many.
    pub head: Span,
    pub body: Body,
}

impl Schema {
    pub fn keywords(&self) -> Option<&Keywords> {
        match &self.body {
            Body::Keywords(k) => Some(k),
            Body::Bool(_) => None,
        }
    }

    /// `true`, `{}` or a schema with nothing that asserts.
    pub fn is_trivially_true(&self) -> bool {
        match &self.body {
            Body::Bool(b) => *b,
            Body::Keywords(k) => k.is_annotation_only(),
        }
    }

    pub fn is_false(&self) -> bool {
        matches!(self.body, Body::Bool(false))
    }
}

/// Every schema of one version, in an arena. Ids are stable for the graph's lifetime.
#[derive(Debug, Default)]
pub struct Graph {
    schemas: Vec<Schema>,
    /// The `default` of each schema that declares one. An annotation, not an assertion, so it
    /// lives beside the keywords, which the containment checker reads: what a reader assumes
    /// for a property left out ([`crate::schema::defaults`]).
    defaults: HashMap<SchemaId, Kw<Value>, FixedState>,
}

impl Graph {
    pub fn shrink_to_fit(&mut self) {
        self.schemas.shrink_to_fit();
    }

    pub fn get(&self, id: SchemaId) -> &Schema {
        &self.schemas[id.0 as usize]
    }

    pub fn len(&self) -> usize {
        self.schemas.len()
    }

    pub fn is_empty(&self) -> bool {
        self.schemas.is_empty()
    }

    /// Reserves an id, so that cyclic references can point at a schema before it is built.
    pub fn reserve(&mut self, span: Span) -> SchemaId {
        let id = SchemaId(u32::try_from(self.schemas.len()).unwrap_or(u32::MAX));
        self.schemas.push(Schema {
            span,
            head: span,
            body: Body::Bool(true),
        });
        id
    }

    pub fn set(&mut self, id: SchemaId, schema: Schema) {
        self.schemas[id.0 as usize] = schema;
    }

    pub fn set_default(&mut self, id: SchemaId, default: Kw<Value>) {
        self.defaults.insert(id, default);
    }

    pub fn default_of(&self, id: SchemaId) -> Option<&Kw<Value>> {
        self.defaults.get(&id)
    }

    /// Whether any schema declares a `default` (most graphs have none).
    pub fn declares_defaults(&self) -> bool {
        !self.defaults.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn integer_is_within_number() {
        assert!(Types::NUMBER.contains(Types::INTEGER));
        assert!(!Types::INTEGER.contains(Types::NUMBER));
        assert_eq!(Types::of(&json!(1.0)), Types::INTEGER);
        assert_eq!(Types::of(&json!(1.5)), Types::FRACTION);
        assert_eq!(Types::NUMBER.or(Types::NULL).to_string(), "null or number");
    }

    #[test]
    fn drafts_come_from_schema_uris() {
        assert_eq!(
            Draft::from_uri("http://json-schema.org/draft-07/schema#"),
            Some(Draft::Draft7)
        );
        assert_eq!(
            Draft::from_uri("https://json-schema.org/draft/2020-12/schema"),
            Some(Draft::Draft202012)
        );
        assert_eq!(Draft::from_uri("https://example.com/meta"), None);
    }
}
