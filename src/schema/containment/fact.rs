//! What the checker found, as data: which keyword of the reader the writer does not guarantee,
//! with the values involved. The checker knows only a writer and a reader; each kind names them
//! for its own parties (a producer and a consumer, a client and a server) when it words a fact
//! with [`Fact::describe`].

use std::fmt::Write as _;

use serde_json::Value;

use crate::core::{Capped, capped};
use crate::schema::model::Types;

/// What kind of constraint a reader places that the writer does not guarantee: what the rules
/// of the kinds are named after.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Constraint {
    /// The writer may send a type the reader rejects.
    Type,
    /// The writer may send a value outside the reader's `enum`/`const` (or a value a reader
    /// combinator provably rejects).
    Value,
    /// A numeric, length, count, `multipleOf`, `uniqueItems` or `contains` constraint.
    Bound,
    /// A `pattern` the writer does not guarantee.
    Pattern,
    /// A `format` the writer does not guarantee.
    Format,
    /// A property the reader requires and the writer may omit.
    Required,
    /// A property the writer may send and the reader forbids.
    PropertyRejected,
    /// Under [`super::Undeclared::Any`]: the writer may send any value where the reader
    /// constrains one.
    UndeclaredProperty,
    /// Containment could not be proven either way.
    Unproven,
}

/// A writer's numeric bound as a fact reports it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NumberBound {
    pub value: f64,
    pub exclusive: bool,
}

/// One way the reader may reject what the writer sends.
#[derive(Debug, Clone, PartialEq)]
pub enum Fact {
    /// The reader's schema is `false`.
    ReaderAdmitsNothing,
    /// The writer may send `values` (of a finite set), which a reader keyword rejects, as `why`
    /// says; `by_type` when it is the reader's `type` that rejects them.
    ValueRejected {
        /// The values one keyword rejects for the same reason (an enum that lost three values
        /// is one finding).
        values: Vec<Value>,
        why: String,
        by_type: bool,
    },
    /// Whether the reader accepts `value` cannot be decided (`why`).
    ValueUndecided {
        value: Value,
        why: String,
    },
    /// The writer may send values of the types `extra`; the reader's `type` is `accepted`.
    TypeRejected {
        extra: Types,
        accepted: Types,
    },
    /// The writer may send any value of `types`; the reader lists the values it accepts.
    ValueNotListed {
        types: Types,
        accepted: Vec<Value>,
    },
    /// A numeric bound of the reader (`keyword`) the writer's bound does not meet.
    NumberBound {
        keyword: &'static str,
        reader: f64,
        writer: Option<NumberBound>,
    },
    MultipleOf {
        reader: f64,
    },
    MinLength {
        reader: u64,
        writer: Option<u64>,
    },
    MaxLength {
        reader: u64,
        writer: Option<u64>,
    },
    /// The reader's `pattern`, and the writer's patterns (compared as text).
    Pattern {
        reader: String,
        writer: Vec<String>,
    },
    Format {
        reader: String,
    },
    /// `contentEncoding` or `contentMediaType` (`keyword`) differs: the string is read another
    /// way.
    Content {
        keyword: &'static str,
        reader: Option<String>,
        writer: Option<String>,
    },
    /// The reader requires `name`, which the writer may leave out.
    Required {
        name: String,
    },
    /// When `key` is present the reader requires `name`.
    DependentRequired {
        key: String,
        name: String,
    },
    MinProperties {
        reader: u64,
        guaranteed: u64,
    },
    MaxProperties {
        reader: u64,
    },
    /// The writer sends any value here (no schema constrained it); the reader constrains it.
    AnyValueConstrained,
    /// The writer sends any value under `names` (its map's values have no schema); the reader
    /// constrains each.
    FreeValuesConstrained {
        names: Vec<String>,
    },
    /// A property the writer's open object does not declare and the reader constrains.
    UndeclaredProperty {
        name: String,
    },
    PatternNotEvaluated {
        pattern: String,
    },
    /// Names the writer allows through `source` (a pattern or `additionalProperties`) may match
    /// the reader's `pattern`.
    PatternPropertyUnproven {
        source: String,
        pattern: String,
    },
    /// The writer's object is open, so names matching the reader's `pattern` carry any value.
    OpenObjectMatches {
        pattern: String,
    },
    /// The reader's closed object does not allow `name`.
    PropertyNotAllowed {
        name: String,
    },
    /// The writer allows names matching `pattern`, which the reader's `additionalProperties`
    /// may reject.
    PatternNotAllowed {
        pattern: String,
    },
    /// The writer allows undeclared properties that the reader's `additionalProperties` rejects.
    AdditionalNotAllowed,
    /// The writer's object is open; the reader restricts undeclared properties.
    OpenObjectRestricted,
    PropertyNameRejected {
        name: String,
        why: String,
    },
    PropertyNameUndecided {
        name: String,
        why: String,
    },
    PropertyNamesUnproven,
    MinItems {
        reader: u64,
        writer: Option<u64>,
    },
    MaxItems {
        reader: u64,
        writer: Option<u64>,
    },
    UniqueItems,
    Contains,
    /// The writer may send `types`, which no branch of the reader's `keyword` accepts.
    NoBranchAccepts {
        types: Types,
        keyword: &'static str,
    },
    /// Whether every value of `types` matches a branch (exactly one, for `oneOf`) is not proven.
    BranchesUnproven {
        types: Types,
        one_of: bool,
    },
    /// The reader's `not` may exclude what the writer sends.
    NotUnproven,
    /// Which of the reader's `then`/`else` applies cannot be told.
    ConditionUnproven,
    /// The reader uses a keyword the checker does not model.
    Unsupported {
        keyword: String,
    },
    /// The schemas nest deeper than the checker goes (`limit` levels).
    TooDeep {
        limit: usize,
    },
}

impl Constraint {
    pub const ALL: &'static [Constraint] = &[
        Constraint::Type,
        Constraint::Value,
        Constraint::Bound,
        Constraint::Pattern,
        Constraint::Format,
        Constraint::Required,
        Constraint::PropertyRejected,
        Constraint::UndeclaredProperty,
        Constraint::Unproven,
    ];
}

impl Fact {
    pub fn constraint(&self) -> Constraint {
        use Fact::*;
        match self {
            // A string encoded another way is another type of content.
            ReaderAdmitsNothing
            | TypeRejected { .. }
            | NoBranchAccepts { .. }
            | Content { .. }
            | FreeValuesConstrained { .. }
            | AnyValueConstrained => Constraint::Type,
            ValueRejected { by_type: true, .. } => Constraint::Type,
            ValueRejected { .. } | ValueNotListed { .. } => Constraint::Value,
            NumberBound { .. }
            | MultipleOf { .. }
            | MinLength { .. }
            | MaxLength { .. }
            | MinProperties { .. }
            | MaxProperties { .. }
            | MinItems { .. }
            | MaxItems { .. }
            | UniqueItems
            | Contains => Constraint::Bound,
            Pattern { .. } => Constraint::Pattern,
            Format { .. } => Constraint::Format,
            Required { .. } | DependentRequired { .. } => Constraint::Required,
            PropertyNotAllowed { .. }
            | PatternNotAllowed { .. }
            | AdditionalNotAllowed
            | OpenObjectRestricted
            | PropertyNameRejected { .. } => Constraint::PropertyRejected,
            UndeclaredProperty { .. } | OpenObjectMatches { .. } => Constraint::UndeclaredProperty,
            ValueUndecided { .. }
            | PatternNotEvaluated { .. }
            | PatternPropertyUnproven { .. }
            | PropertyNameUndecided { .. }
            | PropertyNamesUnproven
            | BranchesUnproven { .. }
            | NotUnproven
            | ConditionUnproven
            | Unsupported { .. }
            | TooDeep { .. } => Constraint::Unproven,
        }
    }

    /// The property the reader requires, for a fact about one.
    pub fn required_property(&self) -> Option<&str> {
        match self {
            Fact::Required { name } | Fact::DependentRequired { name, .. } => Some(name),
            _ => None,
        }
    }

    /// The fact in words, the writer and the reader named as the kind names them ("the old
    /// producer", "the new server").
    pub fn describe(&self, writer: &str, reader: &str) -> String {
        use Fact::*;
        match self {
            ReaderAdmitsNothing => format!("{reader} admits nothing here (`false`)"),
            ValueRejected { values, why, .. } => {
                let sent = values_in_words(values);
                format!("{writer} may send {sent}, which {reader} rejects: {why}")
            }
            ValueUndecided { value, why } => {
                format!("cannot tell whether {reader} accepts {value}: {why}")
            }
            TypeRejected { extra, accepted } => {
                // "types other than string" reads better than a list of five types.
                let sent = if extra.or(*accepted) == Types::ALL && extra.0.count_ones() > 2 {
                    format!("types other than {accepted}")
                } else {
                    format!("values of type {extra}")
                };
                format!("{writer} may send {sent}, {reader} accepts only {accepted}")
            }
            ValueNotListed { types, accepted } => {
                let sent = if *types == Types::ALL {
                    "any value".to_owned()
                } else {
                    format!("any {types} value")
                };
                format!(
                    "{writer} may send {sent}, {reader} accepts only {}",
                    show_values(accepted)
                )
            }
            NumberBound {
                keyword,
                reader: bound,
                writer: own,
            } => {
                let own = own.map_or_else(
                    || "no such bound".to_owned(),
                    |b| format!("{}{}", if b.exclusive { "exclusive " } else { "" }, b.value),
                );
                format!("{reader} has `{keyword}: {bound}`, {writer} has {own}")
            }
            MultipleOf { reader: m } => {
                format!("{reader} requires multiples of {m}, {writer} does not guarantee them")
            }
            MinLength {
                reader: m,
                writer: w,
            } => format!(
                "{reader} requires at least {m} characters, {writer} {}",
                at_least(*w)
            ),
            MaxLength {
                reader: m,
                writer: w,
            } => format!(
                "{reader} allows at most {m} characters, {writer} {}",
                at_most(*w)
            ),
            Pattern {
                reader: pattern,
                writer: own,
            } => {
                let own = match own.as_slice() {
                    [] => "has no pattern".to_owned(),
                    list => format!("has `{}`", list.join("`, `")),
                };
                format!(
                    "{reader} requires the pattern `{pattern}`, {writer} {own}; containment of different patterns is not proven"
                )
            }
            Format { reader: format } => {
                format!("{reader} declares `format: {format}`, which {writer} does not")
            }
            Content {
                keyword,
                reader: read_as,
                writer: written_as,
            } => {
                let named = |value: &Option<String>| match value {
                    Some(v) => format!("`{keyword}: {v}`"),
                    None => format!("no `{keyword}`"),
                };
                format!(
                    "{writer} writes the string with {}, {reader} reads it with {}",
                    named(written_as),
                    named(read_as)
                )
            }
            Required { name } => {
                format!("{reader} requires `{name}`, which {writer} does not always send")
            }
            DependentRequired { key, name } => format!(
                "when `{key}` is present {reader} requires `{name}`, which {writer} does not guarantee"
            ),
            MinProperties {
                reader: m,
                guaranteed,
            } => format!(
                "{reader} requires at least {m} properties, {writer} guarantees {guaranteed}"
            ),
            MaxProperties { reader: m } => {
                format!("{reader} allows at most {m} properties, {writer} may send more")
            }
            AnyValueConstrained => format!(
                "{writer} may send any value here (no schema constrained it), {reader} constrains it"
            ),
            FreeValuesConstrained { names } => {
                let listed = in_words(names.iter().map(|n| format!("`{n}`")));
                format!(
                    "{writer} may send any value as {listed} (no schema constrained them), {reader} constrains each of them"
                )
            }
            UndeclaredProperty { name } => format!(
                "{writer} does not declare `{name}`, so it may send any value there; {reader} constrains it"
            ),
            PatternNotEvaluated { pattern } => {
                format!("{reader}'s pattern `{pattern}` cannot be evaluated")
            }
            PatternPropertyUnproven { source, pattern } => format!(
                "names {writer} allows through `{source}` may match {reader}'s pattern `{pattern}`, whose schema {writer}'s values are not proven to satisfy"
            ),
            OpenObjectMatches { pattern } => format!(
                "{writer}'s object is open, so names matching `{pattern}` may carry any value"
            ),
            PropertyNotAllowed { name } => {
                format!("{reader} does not allow the property `{name}`, which {writer} may send")
            }
            PatternNotAllowed { pattern } => format!(
                "{writer} allows properties matching `{pattern}`, which {reader}'s `additionalProperties` may reject"
            ),
            AdditionalNotAllowed => format!(
                "{writer} allows undeclared properties, {reader}'s `additionalProperties` rejects some"
            ),
            OpenObjectRestricted => {
                format!("{writer}'s object is open, {reader} restricts undeclared properties")
            }
            PropertyNameRejected { name, why } => {
                format!("{reader}'s `propertyNames` rejects `{name}`: {why}")
            }
            PropertyNameUndecided { name, why } => {
                format!("cannot tell whether `propertyNames` accepts `{name}`: {why}")
            }
            PropertyNamesUnproven => format!(
                "{writer} allows property names that {reader}'s `propertyNames` is not proven to accept"
            ),
            MinItems {
                reader: m,
                writer: w,
            } => format!(
                "{reader} requires at least {m} items, {writer} {}",
                at_least(*w)
            ),
            MaxItems {
                reader: m,
                writer: w,
            } => format!(
                "{reader} allows at most {m} items, {writer} {}",
                at_most(*w)
            ),
            UniqueItems => format!("{reader} requires unique items, {writer} does not"),
            Contains => format!("{reader}'s `contains` is not guaranteed by {writer}"),
            NoBranchAccepts { types, keyword } => {
                format!("{writer} may send {types}, which no branch of `{keyword}` accepts")
            }
            BranchesUnproven { types, one_of } => format!(
                "cannot prove that every {types} value {writer} sends matches {} of the `{}` branches",
                if *one_of { "exactly one" } else { "one" },
                if *one_of { "oneOf" } else { "anyOf" }
            ),
            NotUnproven => format!(
                "{reader}'s `not` may exclude values {writer} sends; disjointness is not proven"
            ),
            ConditionUnproven => format!(
                "cannot tell which of {reader}'s `then`/`else` applies to what {writer} sends"
            ),
            Unsupported { keyword } => format!(
                "{reader} uses `{keyword}`, which cannot be compared unless {writer} has the identical schema"
            ),
            TooDeep { limit } => format!(
                "the schemas nest more than {limit} levels deep here (through references), so what lies deeper is not compared"
            ),
        }
    }
}

fn at_least(n: Option<u64>) -> String {
    n.map_or_else(
        || "has no minimum".to_owned(),
        |n| format!("only at least {n}"),
    )
}

fn at_most(n: Option<u64>) -> String {
    n.map_or_else(|| "has no maximum".to_owned(), |n| format!("up to {n}"))
}

/// `["a", "b"]`, shortened when long.
fn show_values(values: &[Value]) -> String {
    let Capped { shown, more } = capped(values);
    let mut text = String::from("[");
    for (i, value) in shown.into_iter().enumerate() {
        if i > 0 {
            text.push_str(", ");
        }
        let _ = write!(text, "{value}");
    }
    if more > 0 {
        text.push_str(", ...");
    }
    text.push(']');
    text
}

/// `"a"`, or `"a", "b" and "c"` (at most a few, then how many more): values in a sentence.
pub fn values_in_words(values: &[Value]) -> String {
    in_words(values.iter().map(Value::to_string))
}

/// Items already written out, in a sentence: `a`, `a and b`, `a, b, c and 4 more`.
fn in_words(items: impl IntoIterator<Item = String>) -> String {
    let Capped { shown, more } = capped(items);
    match (shown.as_slice(), more) {
        ([one], 0) => one.clone(),
        ([init @ .., last], 0) => format!("{} and {last}", init.join(", ")),
        (all, more) => format!("{} and {more} more", all.join(", ")),
    }
}
