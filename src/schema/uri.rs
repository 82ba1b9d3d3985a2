//! The little of RFC 3986 that `$id` and `$ref` need: resolving a reference against a base,
//! splitting off the fragment, and mapping `file:` URIs to repository paths. Documents without an
//! `$id` get the base `file:///<path in the repository>`, so relative file references resolve
//! inside the tree, and a reference that climbs above the root is recognisable.

/// The scheme of documents identified by their repository path.
pub const FILE_SCHEME: &str = "file:///";

/// The base URI of a document without `$id`.
pub fn file_uri(path: &str) -> String {
    format!("{FILE_SCHEME}{path}")
}

/// The repository path a `file:` URI names, or `None` for other schemes.
pub fn file_path(uri: &str) -> Option<String> {
    uri.strip_prefix(FILE_SCHEME).map(percent_decode)
}

/// `(uri without fragment, fragment)`; the fragment is percent-decoded.
pub fn split_fragment(uri: &str) -> (&str, String) {
    match uri.split_once('#') {
        Some((base, fragment)) => (base, percent_decode(fragment)),
        None => (uri, String::new()),
    }
}

/// A JSON Schema meta-schema (`http://json-schema.org/draft-07/schema#`,
/// `https://json-schema.org/draft/2020-12/schema`): what a property holding a schema references.
pub fn is_meta_schema(uri: &str) -> bool {
    let rest = uri
        .strip_prefix("http://json-schema.org/")
        .or_else(|| uri.strip_prefix("https://json-schema.org/"));
    rest.is_some_and(|rest| {
        let resource = split_fragment(rest).0;
        resource.starts_with("draft") && resource.ends_with("schema")
    })
}

pub fn is_remote(uri: &str) -> bool {
    uri.starts_with("http://") || uri.starts_with("https://")
}

/// Why a reference could not be resolved against its base.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UriError {
    /// A `..` climbed above the root of the path.
    LeavesRoot,
}

/// Resolves `reference` against the absolute `base` (RFC 3986 section 5.2, without queries).
pub fn resolve(base: &str, reference: &str) -> Result<String, UriError> {
    let base = split_fragment(base).0;
    if reference.is_empty() {
        return Ok(base.to_owned());
    }
    if let Some(fragment) = reference.strip_prefix('#') {
        return Ok(format!("{base}#{fragment}"));
    }
    let (reference, fragment) = match reference.split_once('#') {
        Some((r, f)) => (r, Some(f)),
        None => (reference, None),
    };
    let with_fragment = |uri: String| match fragment {
        Some(f) => format!("{uri}#{f}"),
        None => uri,
    };
    if has_scheme(reference) {
        let (scheme_authority, path) = split_authority(reference);
        return Ok(with_fragment(format!(
            "{scheme_authority}{}",
            normalize(path)?
        )));
    }
    let (scheme_authority, base_path) = split_authority(base);
    if let Some(rest) = reference.strip_prefix("//") {
        let scheme = base.split_once(':').map_or("", |(s, _)| s);
        let full = format!("{scheme}://{rest}");
        let (scheme_authority, path) = split_authority(&full);
        return Ok(with_fragment(format!(
            "{scheme_authority}{}",
            normalize(path)?
        )));
    }
    let path = if reference.starts_with('/') {
        reference.to_owned()
    } else {
        let dir = base_path.rfind('/').map_or("/", |i| &base_path[..=i]);
        format!("{dir}{reference}")
    };
    Ok(with_fragment(format!(
        "{scheme_authority}{}",
        normalize(&path)?
    )))
}

fn has_scheme(reference: &str) -> bool {
    let Some(colon) = reference.find(':') else {
        return false;
    };
    let scheme = &reference[..colon];
    !scheme.is_empty()
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
}

/// `https://host/a/b` -> (`https://host`, `/a/b`); `file:///a` -> (`file://`, `/a`);
/// `urn:x` -> (`urn:`, `x`).
fn split_authority(uri: &str) -> (&str, &str) {
    let Some(colon) = uri.find(':') else {
        return ("", uri);
    };
    let after = &uri[colon + 1..];
    if let Some(rest) = after.strip_prefix("//") {
        let path_start = rest.find('/').map_or(uri.len(), |i| colon + 3 + i);
        (&uri[..path_start], &uri[path_start..])
    } else {
        (&uri[..=colon], after)
    }
}

/// Removes `.` and `..` segments; `..` above the root is an error, not silently dropped.
fn normalize(path: &str) -> Result<String, UriError> {
    let absolute = path.starts_with('/');
    let mut out: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').collect();
    let last = segments.len().saturating_sub(1);
    for (i, segment) in segments.iter().enumerate() {
        match *segment {
            "." => {
                if i == last {
                    out.push("");
                }
            }
            ".." => {
                if out.len() <= usize::from(absolute) {
                    return Err(UriError::LeavesRoot);
                }
                out.pop();
                if i == last {
                    out.push("");
                }
            }
            s => out.push(s),
        }
    }
    Ok(out.join("/"))
}

pub fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_owned();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Some(byte) = std::str::from_utf8(&bytes[i + 1..i + 3])
                .ok()
                .and_then(|hex| u8::from_str_radix(hex, 16).ok())
        {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Maps `target` to a repository path through a document whose `$id` is `id` and whose path is
/// `path`, when both URIs share scheme and host: `$id`s usually mirror the repository layout.
pub fn path_via_id(id: &str, path: &str, target: &str) -> Option<Result<String, UriError>> {
    let (id_origin, id_path) = split_authority(split_fragment(id).0);
    let (target_origin, target_path) = split_authority(target);
    if id_origin != target_origin || id_origin.is_empty() {
        return None;
    }
    let id_dir = id_path.rfind('/').map_or("", |i| &id_path[..=i]);
    let relative = relative_path(id_dir, target_path)?;
    let dir = path.rfind('/').map_or("", |i| &path[..=i]);
    let joined = format!("/{dir}{relative}");
    Some(normalize(&joined).map(|p| percent_decode(p.trim_start_matches('/'))))
}

/// The path from directory `from` (ending in `/`) to `to`, with `..` where needed.
fn relative_path(from: &str, to: &str) -> Option<String> {
    let from: Vec<&str> = from
        .trim_matches('/')
        .split('/')
        .filter(|s| !s.is_empty())
        .collect();
    let to_parts: Vec<&str> = to.trim_start_matches('/').split('/').collect();
    let common = from
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    if common == to_parts.len() {
        return None;
    }
    let mut parts: Vec<&str> = vec![".."; from.len() - common];
    parts.extend(&to_parts[common..]);
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_resolve_against_bases() {
        let base = "file:///schemas/jobs/a.json";
        assert_eq!(
            resolve(base, "b.json#/x").as_deref(),
            Ok("file:///schemas/jobs/b.json#/x")
        );
        assert_eq!(
            resolve(base, "../common/c.json").as_deref(),
            Ok("file:///schemas/common/c.json")
        );
        assert_eq!(
            resolve(base, "#/$defs/a").as_deref(),
            Ok("file:///schemas/jobs/a.json#/$defs/a")
        );
        assert_eq!(
            resolve("https://h.example/s/a.json", "b.json").as_deref(),
            Ok("https://h.example/s/b.json")
        );
        assert_eq!(
            resolve(base, "https://x.example/y.json").as_deref(),
            Ok("https://x.example/y.json")
        );
        assert_eq!(
            resolve(base, "../../../etc/passwd"),
            Err(UriError::LeavesRoot)
        );
    }

    #[test]
    fn ids_that_mirror_the_tree_map_to_paths() {
        let id = "https://h.example/jobs/a.json";
        assert_eq!(
            path_via_id(
                id,
                "schemas/jobs/a.json",
                "https://h.example/jobs/common/b.json"
            ),
            Some(Ok("schemas/jobs/common/b.json".to_owned()))
        );
        assert_eq!(
            path_via_id(id, "schemas/jobs/a.json", "https://other.example/b.json"),
            None
        );
        assert_eq!(
            path_via_id(id, "a.json", "https://h.example/b.json"),
            Some(Err(UriError::LeavesRoot))
        );
    }

    #[test]
    fn fragments_are_decoded() {
        assert_eq!(
            split_fragment("file:///a.json#/$defs/a%20b"),
            ("file:///a.json", "/$defs/a b".to_owned())
        );
        assert_eq!(file_path("file:///a%20b.json").as_deref(), Some("a b.json"));
    }

    #[test]
    fn meta_schemas_are_known_by_their_uris() {
        assert!(is_meta_schema("http://json-schema.org/draft-07/schema#"));
        assert!(is_meta_schema(
            "https://json-schema.org/draft/2020-12/schema"
        ));
        assert!(!is_meta_schema(
            "https://json-schema.org/learn/examples/address.schema.json"
        ));
        assert!(!is_meta_schema("https://example.com/draft-07/schema"));
    }
}
