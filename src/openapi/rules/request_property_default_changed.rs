//! An optional request property whose `default` changes: a request that leaves it out means one
//! value to the old version and another to the new one.

use crate::core::{Finding, RuleId};
use crate::openapi::context::Out;
use crate::openapi::found::SchemaPair;
use crate::openapi::reach::{NO_TEXT, ReachId};
use crate::schema::containment::{path_string, shown_path};
use crate::schema::defaults::{DefaultChange, Walk, shown};
use crate::schema::model::{Kw, SchemaId};
use serde_json::Value;

pub const ID: RuleId = RuleId::OpenapiRequestPropertyDefaultChanged;

/// Reports the changed defaults below a request schema (found by [`crate::schema::defaults`]).
/// The same default reached from other operations, media types or paths is the same finding,
/// which reaches them; only a first report needs the search for its path.
pub fn report_all(
    place: &SchemaPair<'_>,
    walk: &mut Walk<'_>,
    (old, new): (SchemaId, SchemaId),
    out: &mut Out,
) {
    // Most request bodies have no changed default below them: nothing is interned for those.
    if !walk.reaches_any(old, new) {
        return;
    }
    let words = out.text(WORDS);
    let reach = ReachId {
        op: out.operation(place.op),
        message: NO_TEXT,
    };
    let group =
        |out: &Out, o: &Kw<Value>, n: &Kw<Value>| out.group(ID, Some(n.span), Some(o.span), words);
    let (found, known) = walk.changed_unless(old, new, |o, n| group(out, o, n).is_some());
    for (o, n) in known {
        if let Some(at) = group(out, o, n) {
            out.add(at, reach);
        }
    }
    for change in &found {
        report(place, change, out);
    }
}

/// Rule and spans tell the change; the words only need to be the same wherever it is met.
const WORDS: &str = "default changed";

fn report(place: &SchemaPair<'_>, change: &DefaultChange, out: &mut Out) {
    let readers = super::parameter_default_changed::readers(place.op);
    let (old, new) = (shown(&change.old.value), shown(&change.new.value));
    let finding = Finding::new(
        ID,
        format!(
            "{} of {} at `{}`: the default changes from {old} to {new}, so a request that leaves it out means {new} to {} and {old} to {}",
            place.what,
            place.op.label(),
            shown_path(&path_string(&change.path)),
            readers.0,
            readers.1,
        ),
    )
    .at_new(change.new.span, "the new default")
    .at_old(change.old.span, "the old default");
    let words = out.text(WORDS);
    let reach = ReachId {
        op: out.operation(place.op),
        message: NO_TEXT,
    };
    out.push_reach(finding, words, Some(reach));
}
