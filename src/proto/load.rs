//! Compiles one side of a comparison into a `DescriptorPool`, reading every file through the
//! side's [`Tree`](crate::input::Tree) (a directory or a git revision), never through the
//! filesystem.
//!
//! Files are read and parsed in parallel; protox then only links them. Import names are paths
//! relative to an import root: roots come from compat.toml or are detected from the imports and
//! packages the files declare.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::{Arc, Mutex};

use miette::Diagnostic;
use prost_reflect::DescriptorPool;
use prost_reflect::prost_types::FileDescriptorProto;
use protox::Compiler;
use protox::file::{File, FileResolver, GoogleFileResolver};
use rayon::iter::Either;
use rayon::prelude::*;

use super::header::{self, Header};
use super::spans::Locations;
use crate::analyzer::{Input, Output};
use crate::core::{FileId, InputError, Side, Span};

/// Stand-ins for the googleapis files that HTTP transcoding annotations import, for trees that
/// do not vendor them.
const BUILTIN: &[(&str, &str)] = &[
    (
        "google/api/annotations.proto",
        include_str!("builtin/annotations.proto"),
    ),
    ("google/api/http.proto", include_str!("builtin/http.proto")),
];

/// A file of the set on one side, read and scanned.
pub struct SideFile {
    pub path: String,
    pub text: Arc<str>,
    pub header: Header,
}

/// Every `.proto` file of the set present on one side, read in parallel. Unreadable files are
/// returned as errors.
pub fn read_side(
    input: &Input<'_>,
    side: Side,
    paths: &[String],
) -> (Vec<SideFile>, Vec<InputError>) {
    let tree = input.tree(side);
    let results: Vec<Result<SideFile, InputError>> = paths
        .par_iter()
        .filter(|p| tree.contains(p))
        .map(|path| {
            let text = tree.read_text(path)?;
            let header = header::scan(&text);
            Ok(SideFile {
                path: path.clone(),
                text,
                header,
            })
        })
        .collect();
    let mut files = Vec::with_capacity(results.len());
    let mut errors = Vec::new();
    for result in results {
        match result {
            Ok(file) => files.push(file),
            Err(error) => errors.push(error),
        }
    }
    (files, errors)
}

/// Import roots: the configured ones, else the directory prefixes that make the files' imports
/// and packages resolve (`proto/` for `proto/acme/v1/a.proto` in package `acme.v1`, or when
/// another file imports it as `acme/v1/a.proto`). The repository root is always a fallback.
pub fn detect_roots(files: &[SideFile]) -> Vec<String> {
    // Paths by file name, so an import is matched against the few paths that can end with it.
    let mut by_file_name: HashMap<&str, Vec<&str>> = HashMap::new();
    for file in files {
        by_file_name
            .entry(file_name(&file.path))
            .or_default()
            .push(&file.path);
    }
    let mut roots = BTreeSet::new();
    for file in files {
        for import in &file.header.imports {
            let candidates = by_file_name.get(file_name(import)).into_iter().flatten();
            for path in candidates.filter(|p| p.ends_with(import.as_str())) {
                let prefix = &path[..path.len() - import.len()];
                if prefix.is_empty() {
                    roots.insert(String::new());
                } else if let Some(root) = prefix.strip_suffix('/') {
                    roots.insert(root.to_owned());
                }
            }
        }
        if let Some(package) = &file.header.package {
            let dir = file.path.rsplit_once('/').map_or("", |(dir, _)| dir);
            let package_dir = package.replace('.', "/");
            if dir == package_dir {
                roots.insert(String::new());
            } else if let Some(root) = dir
                .strip_suffix(package_dir.as_str())
                .and_then(|r| r.strip_suffix('/'))
            {
                roots.insert(root.to_owned());
            }
        }
    }
    roots.insert(String::new());
    roots.into_iter().collect()
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// The import name of a path: relative to the longest root that contains it.
pub fn import_name(path: &str, roots: &[String]) -> String {
    roots
        .iter()
        .filter(|r| !r.is_empty())
        .filter_map(|r| {
            path.strip_prefix(r.as_str())
                .and_then(|rest| rest.strip_prefix('/'))
        })
        .min_by_key(|rest| rest.len())
        .unwrap_or(path)
        .to_owned()
}

/// A compiled side.
pub struct Compiled {
    pub pool: DescriptorPool,
    /// Import name -> where the file is in the report.
    pub files: HashMap<String, Located>,
    /// Import names of the files the release changed: only their elements are compared.
    pub changed: HashSet<String>,
    /// Import name -> source locations, of the changed files only (kept out of the pool:
    /// linking copies what it holds).
    pub locations: HashMap<String, Locations>,
}

/// A compiled file's place in the tree and in the report's sources.
#[derive(Debug, Clone)]
pub struct Located {
    pub path: String,
    pub id: FileId,
}

/// A file to compile, registered in the report's sources.
struct Source {
    name: String,
    path: String,
    text: Arc<str>,
    edition: Option<std::ops::Range<usize>>,
    id: FileId,
}

/// One side's files to compile: the targets and everything they import, found lexically and
/// registered in the report's sources. Compiling it needs no access to the report, so both
/// sides compile at the same time.
pub struct Prepared {
    sources: Vec<Source>,
    targets: BTreeSet<String>,
    changed: HashSet<String>,
}

pub fn prepare(
    input: &Input<'_>,
    side: Side,
    out: &mut Output<'_>,
    files: &[SideFile],
    roots: &[String],
    targets: BTreeSet<String>,
    changed: HashSet<String>,
) -> Prepared {
    let by_name: HashMap<String, &SideFile> = files
        .iter()
        .map(|f| (import_name(&f.path, roots), f))
        .collect();
    let mut needed: BTreeSet<String> = BTreeSet::new();
    let mut extra: BTreeMap<String, SideFile> = BTreeMap::new();
    let mut stack: Vec<String> = targets.iter().cloned().collect();
    while let Some(name) = stack.pop() {
        if !needed.insert(name.clone()) {
            continue;
        }
        let imports = match by_name.get(&name) {
            Some(file) => file.header.imports.clone(),
            None => match read_outside_set(input, side, &name, roots) {
                Some(file) => {
                    let imports = file.header.imports.clone();
                    extra.insert(name.clone(), file);
                    imports
                }
                None => continue,
            },
        };
        stack.extend(imports.into_iter().filter(|i| !needed.contains(i)));
    }
    let sources = needed
        .into_iter()
        .filter_map(|name| {
            let file = by_name.get(&name).copied().or_else(|| extra.get(&name))?;
            let id = out.add_source(input, side, &file.path, Arc::clone(&file.text));
            Some(Source {
                path: file.path.clone(),
                text: Arc::clone(&file.text),
                edition: file.header.edition.clone(),
                id,
                name,
            })
        })
        .collect();
    Prepared {
        sources,
        targets,
        changed,
    }
}

/// Parses in parallel and links in one batch. A side that does not compile is not compared
/// (a half-linked pool would make its elements look removed): its errors are returned instead,
/// each in its own file with a code frame.
pub fn compile(prepared: Prepared) -> Result<Compiled, Vec<InputError>> {
    let Prepared {
        sources,
        targets,
        changed,
    } = prepared;
    let (parsed, failed): (Vec<_>, Vec<_>) =
        sources
            .par_iter()
            .partition_map(|source| match parse(source) {
                Ok(file) => Either::Left(file),
                Err(error) => Either::Right((source.name.clone(), error)),
            });
    if !failed.is_empty() {
        let (failed, mut errors): (HashSet<String>, Vec<InputError>) = failed.into_iter().unzip();
        errors.extend(link_errors(&sources, &targets, failed));
        return Err(errors);
    }
    // Source info is taken out before linking (the pool would copy it) and kept, compactly,
    // for the changed files only: spans are only asked of elements the release changed.
    let split: Vec<(FileDescriptorProto, Option<(String, Locations)>)> = parsed
        .into_par_iter()
        .zip(&sources)
        .map(|(file, source)| {
            let mut proto: FileDescriptorProto = file.into();
            let info = proto.source_code_info.take();
            let locations = changed.contains(&source.name).then(|| {
                (
                    source.name.clone(),
                    Locations::new(info.unwrap_or_default()),
                )
            });
            (proto, locations)
        })
        .collect();
    let mut protos = Vec::with_capacity(split.len());
    let mut locations = HashMap::with_capacity(changed.len());
    for (proto, located) in split {
        protos.push(proto);
        locations.extend(located);
    }
    match link_all(protos) {
        Some(pool) => Ok(Compiled {
            pool,
            files: sources
                .iter()
                .map(|s| {
                    let place = Located {
                        path: s.path.clone(),
                        id: s.id,
                    };
                    (s.name.clone(), place)
                })
                .collect(),
            changed,
            locations,
        }),
        None => {
            let mut errors = link_errors(&sources, &targets, HashSet::new());
            if errors.is_empty() {
                errors.push(InputError::new(
                    None,
                    "these protobuf files parse but do not link together (a name defined twice, or a type used without its import)",
                ));
            }
            Err(errors)
        }
    }
}

/// Why a side does not link: each target linked on its own with its source, so that every
/// error lands in its own file with a code frame. Files that `failed` to parse are reported
/// already; their importers are not reported again.
fn link_errors(
    sources: &[Source],
    targets: &BTreeSet<String>,
    failed: HashSet<String>,
) -> Vec<InputError> {
    let parsed = sources
        .iter()
        .filter(|s| !failed.contains(&s.name))
        .filter_map(|s| Some((s.name.clone(), File::from_source(&s.name, &s.text).ok()?)))
        .collect();
    let by_name: HashMap<&str, &Source> = sources.iter().map(|s| (s.name.as_str(), s)).collect();
    let mut compiler = Compiler::with_file_resolver(TreeResolver {
        parsed: Mutex::new(parsed),
        failed,
        google: GoogleFileResolver::new(),
    });
    let mut errors = Vec::new();
    let mut reported: BTreeSet<(Option<String>, String)> = BTreeSet::new();
    for name in targets.iter().filter(|t| by_name.contains_key(t.as_str())) {
        if let Err(error) = compiler.open_file(name) {
            let Some(input_error) = compile_error(&error, &by_name) else {
                continue;
            };
            if reported.insert((input_error.file.clone(), input_error.message.clone())) {
                errors.push(input_error);
            }
        }
    }
    errors
}

/// Links every parsed file, plus the well-known and built-in files they import, in one batch;
/// `None` when anything fails to link.
fn link_all(mut files: Vec<FileDescriptorProto>) -> Option<DescriptorPool> {
    let google = GoogleFileResolver::new();
    let names: HashSet<String> = files.iter().map(|f| f.name().to_owned()).collect();
    let mut missing: Vec<String> = files
        .iter()
        .flat_map(|f| f.dependency.iter().cloned())
        .filter(|d| !names.contains(d))
        .collect();
    let mut added = BTreeSet::new();
    while let Some(name) = missing.pop() {
        if !added.insert(name.clone()) {
            continue;
        }
        let file = match google.open_file(&name) {
            Ok(file) => file,
            Err(_) => {
                let (_, source) = BUILTIN.iter().find(|(builtin, _)| *builtin == name)?;
                File::from_source(&name, source).ok()?
            }
        };
        let descriptor = file.file_descriptor_proto().clone();
        missing.extend(
            descriptor
                .dependency
                .iter()
                .filter(|d| !names.contains(*d))
                .cloned(),
        );
        files.push(descriptor);
    }
    let mut pool = DescriptorPool::new();
    pool.add_file_descriptor_protos(files).ok()?;
    Some(pool)
}

/// An imported file outside the set (a vendored dependency, say), looked up under each root.
fn read_outside_set(
    input: &Input<'_>,
    side: Side,
    name: &str,
    roots: &[String],
) -> Option<SideFile> {
    let tree = input.tree(side);
    roots
        .iter()
        .map(|root| {
            if root.is_empty() {
                name.to_owned()
            } else {
                format!("{root}/{name}")
            }
        })
        .find(|path| tree.contains(path))
        .and_then(|path| {
            let text = tree.read_text(&path).ok()?;
            let header = header::scan(&text);
            Some(SideFile { path, text, header })
        })
}

fn parse(source: &Source) -> Result<File, InputError> {
    if let Some(edition) = &source.edition {
        return Err(InputError::new(
            Some(source.path.clone()),
            format!(
                "{} uses protobuf editions, which compat cannot compile yet (only proto2 and proto3)",
                source.path
            ),
        )
        .at(Span::new(source.id, edition.clone()))
        .with_help(
            "keep this file on `syntax = \"proto3\"` or exclude it with `ignore` in compat.toml",
        ));
    }
    File::from_source(&source.name, &source.text).map_err(|error| {
        // The one parse error without a label is the end of the file reached inside a
        // statement: its frame is the file's last character.
        let end = source.text.len();
        let range = first_label(&error).unwrap_or(end..end);
        does_not_compile(Some(source), Some(range), &error)
    })
}

/// The input error of a file that does not compile, framed where protox points. The path is in
/// the message when there is a frame; without one the report prefixes it.
fn does_not_compile(
    source: Option<&Source>,
    range: Option<std::ops::Range<usize>>,
    error: &dyn Diagnostic,
) -> InputError {
    let mut input_error = match (source, range) {
        (Some(source), Some(range)) => InputError::new(
            Some(source.path.clone()),
            format!("{} does not compile: {error}", source.path),
        )
        .at(Span::new(source.id, frame_range(&source.text, range))),
        (Some(source), None) => InputError::new(
            Some(source.path.clone()),
            format!("does not compile: {error}"),
        ),
        (None, _) => InputError::new(None, format!("protobuf files do not compile: {error}")),
    };
    if let Some(help) = error.help() {
        input_error = input_error.with_help(help.to_string());
    }
    input_error
}

/// An error of the linking step (unknown type, duplicate name, missing import), in the file it
/// names; `None` for a file that failed to parse, reported already.
fn compile_error(error: &protox::Error, sources: &HashMap<&str, &Source>) -> Option<InputError> {
    if error.to_string() == ALREADY_REPORTED {
        return None;
    }
    let file = error.file().and_then(|name| sources.get(name)).copied();
    let range = file.and_then(|_| first_label(error));
    Some(does_not_compile(file, range, error))
}

fn first_label(error: &dyn Diagnostic) -> Option<std::ops::Range<usize>> {
    error
        .labels()
        .and_then(|mut labels| labels.next())
        .map(|label| label.offset()..label.offset() + label.len())
}

/// A range inside the text, on character boundaries, that a code frame can show: an empty
/// range at the end of the file (a statement left open) moves onto the last character.
fn frame_range(text: &str, range: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let floor = |mut at: usize| {
        at = at.min(text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        at
    };
    let start = floor(range.start);
    let end = floor(range.end).max(start);
    let content_end = text.trim_end().len();
    if start == end && start >= content_end {
        if let Some(last) = text[..content_end].chars().next_back() {
            return content_end - last.len_utf8()..content_end;
        }
    }
    start..end
}

/// Hands protox the files parsed in advance, then the well-known types, then the built-in
/// stand-ins for googleapis' HTTP annotations.
struct TreeResolver {
    parsed: Mutex<HashMap<String, File>>,
    /// Files whose parse error is reported already.
    failed: HashSet<String>,
    google: GoogleFileResolver,
}

const ALREADY_REPORTED: &str = "this file was reported as not parsing";

impl FileResolver for TreeResolver {
    fn open_file(&self, name: &str) -> Result<File, protox::Error> {
        // protox opens each name once, so the parsed file can be moved out.
        let parsed = match self.parsed.lock() {
            Ok(mut map) => map.remove(name),
            Err(poisoned) => poisoned.into_inner().remove(name),
        };
        if let Some(file) = parsed {
            return Ok(file);
        }
        if self.failed.contains(name) {
            return Err(protox::Error::new(ALREADY_REPORTED));
        }
        match self.google.open_file(name) {
            Ok(file) => Ok(file),
            Err(error) if error.is_file_not_found() => {
                match BUILTIN.iter().find(|(builtin, _)| *builtin == name) {
                    Some((_, source)) => File::from_source(name, source),
                    None => Err(error),
                }
            }
            Err(error) => Err(error),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn side_file(path: &str, text: &str) -> SideFile {
        SideFile {
            path: path.into(),
            text: Arc::from(text),
            header: header::scan(text),
        }
    }

    #[test]
    fn a_frame_at_the_end_of_the_file_lands_on_its_last_character() {
        let text = "message M {\n  string a = 1;\n  \n";
        let end = text.len();
        let range = frame_range(text, end..end);
        assert_eq!(&text[range.clone()], ";");
        assert_eq!(
            range.end,
            text.find(";\n").map(|at| at + 1).unwrap_or_default()
        );
        // Inside the text, an empty range stays where it is.
        assert_eq!(frame_range(text, 3..3), 3..3);
        assert_eq!(frame_range("", 0..0), 0..0);
    }

    #[test]
    fn roots_come_from_imports_and_packages() {
        let files = [
            side_file(
                "proto/acme/orders/v1/orders.proto",
                "syntax = \"proto3\";\npackage acme.orders.v1;\nimport \"acme/common/v1/money.proto\";\n",
            ),
            side_file(
                "proto/acme/common/v1/money.proto",
                "syntax = \"proto3\";\npackage acme.common.v1;\n",
            ),
            side_file("misc/loose.proto", "syntax = \"proto3\";\n"),
        ];
        let roots = detect_roots(&files);
        assert_eq!(roots, ["", "proto"]);
        assert_eq!(
            import_name("proto/acme/orders/v1/orders.proto", &roots),
            "acme/orders/v1/orders.proto"
        );
        assert_eq!(import_name("misc/loose.proto", &roots), "misc/loose.proto");
    }
}
