//! Pairs the elements of two versions by identity: operations by origin, normalised path and
//! method; parameters by location and name (path parameters by position); media types by name,
//! or by a range that covers them (`application/*`); responses by status, or by a range that
//! covers them (`2XX`); headers by name. Rules receive the pairs.

use crate::core::Change;
use crate::openapi::model::{Api, Media, Operation, Origin, Response, Role};
use crate::openapi::sorted::{Lookup, SortedMap};

/// The APIs of the two versions being compared.
#[derive(Clone, Copy)]
pub struct Apis<'a> {
    pub old: &'a Api,
    pub new: &'a Api,
}

/// An element both versions have, such as the request body or the response a media type belongs
/// to.
pub struct Both<'a, T> {
    pub old: &'a T,
    pub new: &'a T,
}

/// An operation both versions declare, and the APIs that declare it.
pub struct OperationPair<'a> {
    pub old: &'a Operation,
    pub new: &'a Operation,
    pub apis: Apis<'a>,
}

impl OperationPair<'_> {
    /// Whether clients call the operation (under `paths`), rather than the server calling
    /// subscribers (a webhook or callback): it decides who writes each part.
    pub fn server(&self) -> bool {
        self.new.role() == Role::Server
    }
}

/// Whether an operation is a callback of an operation that `api` does not declare: it comes and
/// goes with that operation, whose own finding covers it.
pub fn declared_by_missing_operation(op: &Operation, api: &Api) -> bool {
    match &op.origin {
        Origin::Callback { parent, .. } => !api.operations.contains_key(parent),
        Origin::Path | Origin::Webhook => false,
    }
}

/// Pairs two maps by key, in key order.
pub fn by_key<'a, K: Ord + Clone, V, M: Lookup<K, V>>(
    old: &'a M,
    new: &'a M,
) -> Vec<(K, Change<&'a V>)> {
    let mut keys: Vec<&K> = old.keys_in_order().chain(new.keys_in_order()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter_map(|k| Change::from_sides(old.value(k), new.value(k)).map(|c| (k.clone(), c)))
        .collect()
}

/// Pairs media types: an old one without an exact match pairs with the new range that covers it.
/// Then the media types of `new` that no media type of `old` covers, as added: content that one
/// side may now send and the other never received.
pub fn media<'a>(
    old: &'a SortedMap<String, Media>,
    new: &'a SortedMap<String, Media>,
) -> Vec<Change<&'a Media>> {
    let paired = old.iter().map(|(name, old)| match covering(new, name) {
        Some(new) => Change::Kept { old, new },
        None => Change::Removed { old },
    });
    let added = new
        .iter()
        .filter(|(name, _)| covering(old, name).is_none())
        .map(|(_, new)| Change::Added { new });
    paired.chain(added).collect()
}

/// The media type of `map` that covers `name`: itself, one with the same essence (parameters
/// such as `charset` aside), its range (`application/*`) or `*/*`.
fn covering<'a>(map: &'a SortedMap<String, Media>, name: &str) -> Option<&'a Media> {
    map.get(name).or_else(|| {
        let essence = essence(name);
        let range = essence.split_once('/').map(|(kind, _)| format!("{kind}/*"));
        map.iter()
            .find(|(other, _)| self::essence(other) == essence)
            .map(|(_, media)| media)
            .or_else(|| range.and_then(|r| map.get(&r)))
            .or_else(|| map.get("*/*"))
    })
}

/// `application/json; charset=utf-8` -> `application/json`.
fn essence(name: &str) -> &str {
    name.split(';').next().unwrap_or(name).trim()
}

/// Pairs responses by status: an old code without an exact match pairs with the new range that
/// covers it (`200` with `2XX`), an old range with the new codes inside it. New statuses without
/// an old counterpart are left out.
pub fn responses<'a>(
    old: &'a SortedMap<String, Response>,
    new: &'a SortedMap<String, Response>,
) -> Vec<Change<&'a Response>> {
    let mut pairs = Vec::new();
    for (status, old) in old {
        if let Some(new) = new.get(status) {
            pairs.push(Change::Kept { old, new });
            continue;
        }
        let range = status
            .chars()
            .next()
            .map(|c| format!("{c}XX"))
            .filter(|r| r != status);
        if let Some(new) = range.and_then(|r| new.get(&r)) {
            pairs.push(Change::Kept { old, new });
            continue;
        }
        let inside: Vec<&Response> = if status.ends_with("XX") {
            new.iter()
                .filter(|(code, _)| code.starts_with(&status[..1]))
                .map(|(_, r)| r)
                .collect()
        } else {
            Vec::new()
        };
        if inside.is_empty() {
            pairs.push(Change::Removed { old });
        } else {
            pairs.extend(inside.into_iter().map(|new| Change::Kept { old, new }));
        }
    }
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::{Side, Sources, Span};

    fn span() -> Span {
        let mut sources = Sources::new();
        Span::new(sources.add("a", Side::Old, "x"), 0..0)
    }

    fn response(status: &str) -> (String, Response) {
        (
            status.to_owned(),
            Response {
                status: status.to_owned(),
                span: span(),
                headers: SortedMap::new(),
                content: SortedMap::new(),
            },
        )
    }

    #[test]
    fn statuses_pair_with_the_ranges_that_cover_them() {
        let old: SortedMap<_, _> = [response("200"), response("404"), response("5XX")].into();
        let new: SortedMap<_, _> = [response("2XX"), response("500"), response("503")].into();
        let pairs: Vec<(String, Option<String>)> = responses(&old, &new)
            .iter()
            .map(|c| {
                (
                    c.old().map(|r| r.status.clone()).unwrap_or_default(),
                    c.new().map(|r| r.status.clone()),
                )
            })
            .collect();
        assert_eq!(
            pairs,
            [
                ("200".into(), Some("2XX".into())),
                ("404".into(), None),
                ("5XX".into(), Some("500".into())),
                ("5XX".into(), Some("503".into())),
            ]
        );
    }

    #[test]
    fn media_types_pair_with_covering_ranges() {
        let media = |name: &str| {
            (
                name.to_owned(),
                Media {
                    name: name.to_owned(),
                    span: span(),
                    schema: None,
                },
            )
        };
        let old: SortedMap<_, _> = [media("application/json"), media("text/csv")].into();
        let new: SortedMap<_, _> = [media("application/*")].into();
        let pairs = super::media(&old, &new);
        assert!(matches!(pairs[0], Change::Kept { .. }));
        assert!(matches!(pairs[1], Change::Removed { .. }));
        // A range covers what it names; the names it covers do not cover the range.
        let added = |old, new| {
            super::media(old, new)
                .into_iter()
                .filter_map(|c| match c {
                    Change::Added { new } => Some(new.name.clone()),
                    _ => None,
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(added(&new, &old), ["text/csv"]);
        assert_eq!(added(&old, &new), ["application/*"]);
    }
}
