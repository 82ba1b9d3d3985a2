//! Sample payloads (captured queued jobs) validated across versions: samples of the base against
//! the new schema (old jobs still queued reach new consumers), samples of the head against the
//! old schema (new jobs reach old consumers during the rollout and after a rollback).
//!
//! Validation is the `jsonschema` crate's, offline, with a registry of the documents the
//! version's schemas loaded. A sample belongs to the schema whose name (without `.schema.json`,
//! `.json`, `.yaml`) is a directory of its path or starts its file name; with one schema in the
//! set, every sample belongs to it.

use jsonschema::{Registry, Retrieve, Uri};
use serde_json::Value;

use super::rejection::Rejection;
use super::rules;
use super::{Findings, Version};
use crate::analyzer::{Input, Output};
use crate::core::{FileId, InputError, Side, Span};
use crate::schema::doc::{self, Node, Syntax, pointer_segments};

/// Refuses every retrieval: the registry holds everything validation may use.
struct Offline;

impl Retrieve for Offline {
    fn retrieve(
        &self,
        uri: &Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        Err(format!("{uri} is not in the repository, and schemas are never fetched").into())
    }
}

pub(super) fn check(
    dirs: &[String],
    schemas: &[&String],
    input: &Input<'_>,
    out: &mut Output<'_>,
    [old, new]: [&mut Version; 2],
    findings: &mut Findings,
) {
    if dirs.is_empty() {
        return;
    }
    for side in [Side::Old, Side::New] {
        let (sample_side, schema_version) = match side {
            Side::Old => (Side::Old, &mut *new),
            Side::New => (Side::New, &mut *old),
        };
        let tree = input.tree(sample_side);
        let samples: Vec<String> = tree
            .paths()
            .iter()
            .filter(|p| p.ends_with(".json"))
            .filter(|p| {
                dirs.iter()
                    .any(|d| p.starts_with(&format!("{}/", d.trim_end_matches('/'))))
            })
            .cloned()
            .collect();
        for sample in samples {
            let Some(schema) = schema_of(&sample, schemas) else {
                continue;
            };
            if !input.tree(schema_version.side).contains(schema) {
                continue;
            }
            // Unchanged schema and sample: the sample was checked when it was added.
            if !input.changed(schema) && !input.changed(&sample) {
                continue;
            }
            validate(
                &sample,
                sample_side,
                schema,
                input,
                out,
                schema_version,
                findings,
            );
        }
    }
}

fn schema_of<'a>(sample: &str, schemas: &[&'a String]) -> Option<&'a String> {
    if let [only] = schemas {
        return Some(only);
    }
    let segments: Vec<&str> = sample.split('/').collect();
    let file = segments.last().copied().unwrap_or_default();
    schemas.iter().copied().find(|schema| {
        let name = schema.rsplit('/').next().unwrap_or(schema);
        let stem = [".schema.json", ".schema.yaml", ".json", ".yaml", ".yml"]
            .iter()
            .find_map(|ext| name.strip_suffix(ext))
            .unwrap_or(name);
        segments[..segments.len() - 1].contains(&stem) || file.starts_with(stem)
    })
}

fn validate(
    sample: &str,
    sample_side: Side,
    schema: &str,
    input: &Input<'_>,
    out: &mut Output<'_>,
    version: &mut Version,
    findings: &mut Findings,
) {
    let Some(root) = version.root(input, out, schema) else {
        return;
    };
    let Some((sample_file, text)) = out.load(input, sample_side, sample) else {
        return;
    };
    let instance = match doc::parse(&text, Syntax::Json) {
        Ok(node) => node,
        Err(error) => {
            out.errors.push(
                InputError::new(
                    Some(sample.to_owned()),
                    format!("cannot parse the sample: {}", error.message),
                )
                .at(Span::new(sample_file, error.span)),
            );
            return;
        }
    };
    let documents = version.builder.documents().to_vec();
    let values: Vec<(String, Value)> = documents
        .iter()
        .map(|d| (crate::schema::uri::file_uri(&d.path), d.root.to_json()))
        .collect();
    let built = Registry::new()
        .retriever(Offline)
        .retrieve_known_draft_meta_schemas(false)
        .extend(values.iter().map(|(uri, value)| (uri.as_str(), value)))
        .and_then(|builder| builder.prepare());
    let schema_span = version.builder.graph.get(root).span;
    let Some(schema_doc) = documents.iter().find(|d| d.path == schema) else {
        return;
    };
    let validator = built.map_err(|e| e.to_string()).and_then(|registry| {
        let root_value = schema_doc.root.to_json();
        jsonschema::options()
            .with_registry(&registry)
            .with_base_uri(crate::schema::uri::file_uri(schema))
            .with_retriever(Offline)
            .build(&root_value)
            .map_err(|e| e.to_string())
            .map(|validator| {
                let value = instance.to_json();
                validator
                    .iter_errors(&value)
                    .map(|e| {
                        (
                            e.instance_path().as_str().to_owned(),
                            e.schema_path().as_str().to_owned(),
                            e.to_string(),
                        )
                    })
                    .collect::<Vec<_>>()
            })
    });
    let errors = match validator {
        Ok(errors) => errors,
        Err(message) => {
            out.errors.push(
                InputError::new(
                    Some(schema.to_owned()),
                    format!("cannot validate samples against {schema}: {message}"),
                )
                .at(schema_span),
            );
            return;
        }
    };
    for (instance_path, schema_path, message) in errors {
        let at = node_at(&instance, &instance_path).map_or(instance.span(), |n| n.span());
        let rejection = Rejection {
            sample,
            side: sample_side,
            at: Span::new(sample_file, at),
            instance_path: &instance_path,
            message: &message,
            schema_path: &schema_path,
            keyword: keyword_location(&documents, schema_doc.file, &schema_path, out),
        };
        let finding = rules::SAMPLE_RULES.iter().find_map(|rule| rule(&rejection));
        if let Some(finding) = finding {
            findings.push(finding);
        }
    }
}

fn node_at<'a>(root: &'a Node, pointer: &str) -> Option<&'a Node> {
    let segments = pointer_segments(pointer)?;
    root.at(segments.iter().map(String::as_str))
}

/// ` in schemas/x.json:12:5`, where the keyword a schema path names is found.
fn keyword_location(
    documents: &[std::sync::Arc<crate::schema::resolve::Document>],
    root_file: FileId,
    schema_path: &str,
    out: &Output<'_>,
) -> String {
    let Some(segments) = pointer_segments(schema_path) else {
        return String::new();
    };
    let ordered = documents
        .iter()
        .filter(|d| d.file == root_file)
        .chain(documents.iter().filter(|d| d.file != root_file));
    for document in ordered {
        let (parent, last) = segments.split_at(segments.len().saturating_sub(1));
        let Some(node) = document.root.at(parent.iter().map(String::as_str)) else {
            continue;
        };
        let start = match last.first().and_then(|k| node.member(k)) {
            Some(member) => member.key_span().start,
            None => continue,
        };
        let position = out.sources().get(document.file).position(start);
        return format!(
            " in {}:{}:{}",
            out.sources().get(document.file).path(),
            position.line,
            position.column
        );
    }
    String::new()
}
