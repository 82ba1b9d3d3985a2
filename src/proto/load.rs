//! Compiles one side of a comparison into a `DescriptorPool`, reading every file through the
//! side's [`Tree`](crate::input::Tree) (a directory or a git revision), never through the
//! filesystem.
//!
//! Files are read and parsed in parallel; protox then only links them. Which file an import
//! means is [`names`](super::names)' answer; a dependency resolved by the per-import fallback is
//! rewritten to its file's own name before linking.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::{Arc, Mutex};

use miette::Diagnostic;
use prost_reflect::DescriptorPool;
use prost_reflect::prost_types::FileDescriptorProto;
use protox::Compiler;
use protox::file::{File, FileResolver, GoogleFileResolver};
use rayon::iter::Either;
use rayon::prelude::*;

use super::editions::{self, lower::Lowered};
use super::header::{self, Header};
use super::names::{ImportNames, Resolved};
use super::spans::Locations;
use crate::analyzer::{Input, Output};
use crate::core::{Capped, FileId, InputError, Side, Span, capped};
use crate::input::Tree;

/// Stand-ins for the googleapis files that HTTP transcoding annotations import, and for the
/// language feature sets that editions files import, for trees that do not have them.
const BUILTIN: &[(&str, &str)] = &[
    (
        "google/api/annotations.proto",
        include_str!("builtin/annotations.proto"),
    ),
    ("google/api/http.proto", include_str!("builtin/http.proto")),
    (
        "google/protobuf/cpp_features.proto",
        include_str!("builtin/cpp_features.proto"),
    ),
    (
        "google/protobuf/go_features.proto",
        include_str!("builtin/go_features.proto"),
    ),
    (
        "google/protobuf/java_features.proto",
        include_str!("builtin/java_features.proto"),
    ),
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
    /// The edition the file is written in, when it is (it was lowered to proto2 to compile).
    pub edition: Option<String>,
}

/// A file to compile, registered in the report's sources.
struct Source {
    name: String,
    path: String,
    text: Arc<str>,
    /// The edition the file declares: the name and the range of its string literal.
    edition: Option<(String, std::ops::Range<usize>)>,
    /// The proto2 text protox compiles, for a file in a known edition.
    lowered: Option<Lowered>,
    id: FileId,
    /// Imports as written -> the name of the file they mean, where the two differ.
    renamed_imports: HashMap<String, String>,
}

/// One side's files to compile: the targets and everything they import, found lexically and
/// registered in the report's sources. Compiling it needs no access to the report, so both
/// sides compile at the same time.
pub struct Prepared {
    sources: Vec<Source>,
    targets: BTreeSet<String>,
    changed: HashSet<String>,
    /// Imports that resolve under no root and under several subdirectories.
    ambiguous: BTreeMap<String, Vec<String>>,
    /// Imported files that could not be read (binary, not UTF-8).
    unreadable: Vec<InputError>,
}

/// Registers the `targets` (paths) and every file they import, directly or not, found through
/// `names`. Files of the set are taken from `files`, others are read from the side's tree.
#[allow(clippy::too_many_arguments)]
pub fn prepare(
    input: &Input<'_>,
    side: Side,
    out: &mut Output<'_>,
    files: &[SideFile],
    names: &ImportNames,
    targets: &BTreeSet<String>,
    changed: &HashSet<String>,
) -> Prepared {
    let tree = input.tree(side);
    let by_path: HashMap<&str, &SideFile> = files.iter().map(|f| (f.path.as_str(), f)).collect();
    let mut extra: BTreeMap<String, SideFile> = BTreeMap::new();
    let mut needed: BTreeMap<String, HashMap<String, String>> = BTreeMap::new();
    let mut ambiguous = BTreeMap::new();
    let mut unreadable = Vec::new();
    let mut stack: Vec<String> = targets.iter().cloned().collect();
    while let Some(path) = stack.pop() {
        if needed.contains_key(&path) {
            continue;
        }
        let imports = match by_path.get(path.as_str()) {
            Some(file) => &file.header.imports,
            None => match read_outside_set(tree, &path) {
                Ok(file) => &extra.entry(path.clone()).or_insert(file).header.imports,
                Err(error) => {
                    unreadable.push(error);
                    continue;
                }
            },
        };
        let mut renamed = HashMap::new();
        for import in imports {
            match names.resolve(import) {
                Resolved::Path(dep) => {
                    let name = names.name_of(dep);
                    if name != import {
                        renamed.insert(import.clone(), name.to_owned());
                    }
                    if !needed.contains_key(dep) {
                        stack.push(dep.to_owned());
                    }
                }
                Resolved::Ambiguous(candidates) => {
                    let candidates = candidates.into_iter().map(str::to_owned).collect();
                    ambiguous.insert(import.clone(), candidates);
                }
                Resolved::Missing => {}
            }
        }
        needed.insert(path, renamed);
    }
    let sources = needed
        .into_iter()
        .filter_map(|(path, renamed_imports)| {
            let file = by_path
                .get(path.as_str())
                .copied()
                .or_else(|| extra.get(&path))?;
            let id = out.add_source(input, side, &file.path, Arc::clone(&file.text));
            let edition = file
                .header
                .edition
                .clone()
                .and_then(|keyword| editions::declared(&file.text, keyword));
            let known = edition
                .as_ref()
                .is_some_and(|(name, _)| editions::KNOWN.contains(&name.as_str()));
            Some(Source {
                name: names.name_of(&path).to_owned(),
                text: Arc::clone(&file.text),
                lowered: if known {
                    Some(editions::lower::lower(&file.text))
                } else {
                    editions::lower::without_feature_definitions(&file.text)
                },
                edition,
                id,
                renamed_imports,
                path,
            })
        })
        .collect();
    let name_of = |paths: &BTreeSet<String>| -> BTreeSet<String> {
        paths.iter().map(|p| names.name_of(p).to_owned()).collect()
    };
    Prepared {
        sources,
        targets: name_of(targets),
        changed: changed
            .iter()
            .filter(|p| tree.contains(p))
            .map(|p| names.name_of(p).to_owned())
            .collect(),
        ambiguous,
        unreadable,
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
        ambiguous,
        unreadable,
    } = prepared;
    if !unreadable.is_empty() {
        return Err(unreadable);
    }
    let (parsed, failed): (Vec<_>, Vec<_>) =
        sources
            .par_iter()
            .partition_map(|source| match parse(source) {
                Ok(file) => Either::Left(file),
                Err(error) => Either::Right((source.name.clone(), error)),
            });
    if !failed.is_empty() {
        let (failed, mut errors): (HashSet<String>, Vec<InputError>) = failed.into_iter().unzip();
        errors.extend(link_errors(&sources, &targets, failed, &ambiguous));
        return Err(errors);
    }
    // Source info is taken out before linking (the pool would copy it) and kept, compactly,
    // for the changed files only: spans are only asked of elements the release changed.
    let split: Vec<(FileDescriptorProto, Option<(String, Locations)>)> = parsed
        .into_par_iter()
        .zip(&sources)
        .map(|(file, source)| {
            let mut proto: FileDescriptorProto = file.into();
            rename_imports(&mut proto, source);
            let info = proto.source_code_info.take();
            let locations = changed.contains(&source.name).then(|| {
                let mut info = info.unwrap_or_default();
                if let Some(lowered) = &source.lowered {
                    editions::lower::remap(lowered, &source.text, &mut info);
                }
                (source.name.clone(), Locations::new(info))
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
                        edition: s
                            .lowered
                            .as_ref()
                            .and(s.edition.as_ref())
                            .map(|(name, _)| name.clone()),
                    };
                    (s.name.clone(), place)
                })
                .collect(),
            changed,
            locations,
        }),
        None => {
            let mut errors = link_errors(&sources, &targets, HashSet::new(), &ambiguous);
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
    ambiguous: &BTreeMap<String, Vec<String>>,
) -> Vec<InputError> {
    let parsed = sources
        .iter()
        .filter(|s| !failed.contains(&s.name))
        .filter_map(|s| Some((s.name.clone(), parse_renamed(s)?)))
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
            let Some(input_error) = compile_error(&error, &by_name, ambiguous) else {
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

/// An imported file that was not read up front (outside the set, or unchanged on the old side).
fn read_outside_set(tree: &dyn Tree, path: &str) -> Result<SideFile, InputError> {
    let text = tree.read_text(path)?;
    let header = header::scan(&text);
    Ok(SideFile {
        path: path.to_owned(),
        text,
        header,
    })
}

/// Points the file's dependencies at the names of the files its imports mean.
fn rename_imports(proto: &mut FileDescriptorProto, source: &Source) {
    if source.renamed_imports.is_empty() {
        return;
    }
    for dependency in &mut proto.dependency {
        if let Some(name) = source.renamed_imports.get(dependency.as_str()) {
            dependency.clone_from(name);
        }
    }
}

/// A file parsed for the error path, its dependencies renamed. A renamed file loses its source
/// text inside protox (its frames come from our own copy), the others keep it.
fn parse_renamed(source: &Source) -> Option<File> {
    let file = File::from_source(&source.name, source.compiled_text()).ok()?;
    if source.renamed_imports.is_empty() {
        return Some(file);
    }
    let mut proto = file.file_descriptor_proto().clone();
    rename_imports(&mut proto, source);
    Some(File::from_file_descriptor_proto(proto))
}

fn parse(source: &Source) -> Result<File, InputError> {
    if let Some((edition, range)) = &source.edition
        && !editions::KNOWN.contains(&edition.as_str())
    {
        return Err(InputError::new(
            Some(source.path.clone()),
            format!(
                "{} declares edition `{edition}`, which compat does not know (it compiles 2023 and 2024)",
                source.path
            ),
        )
        .at(Span::new(source.id, range.clone()))
        .with_help("compat reads proto2, proto3 and editions 2023 and 2024; exclude this file with `ignore` in compat.toml"));
    }
    File::from_source(&source.name, source.compiled_text()).map_err(|error| {
        // The one parse error without a label is the end of the file reached inside a
        // statement: its frame is the file's last character.
        let end = source.compiled_text().len();
        let range = first_label(&error).unwrap_or(end..end);
        does_not_compile(Some(source), Some(range), &error)
    })
}

impl Source {
    /// The text protox compiles: the lowered one for a file in an edition.
    fn compiled_text(&self) -> &str {
        self.lowered
            .as_ref()
            .map_or(&self.text, |l| l.text.as_str())
    }

    /// An offset range of the compiled text, in the original text.
    fn original_range(&self, range: std::ops::Range<usize>) -> std::ops::Range<usize> {
        match &self.lowered {
            Some(lowered) => lowered.original_range(range),
            None => range,
        }
    }
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
        .at(Span::new(
            source.id,
            frame_range(&source.text, source.original_range(range)),
        )),
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
fn compile_error(
    error: &protox::Error,
    sources: &HashMap<&str, &Source>,
    ambiguous: &BTreeMap<String, Vec<String>>,
) -> Option<InputError> {
    let message = error.to_string();
    if message == ALREADY_REPORTED {
        return None;
    }
    let file = error.file().and_then(|name| sources.get(name)).copied();
    let range = file.and_then(|_| first_label(error));
    let input_error = does_not_compile(file, range, error);
    let quoted = |import: &&String| {
        message.contains(&format!("'{import}'")) || message.contains(&format!("\"{import}\""))
    };
    let Some(import) = ambiguous.keys().find(quoted) else {
        return Some(input_error);
    };
    let Capped { shown, more } = capped(ambiguous[import].iter().map(|p| format!("`{p}`")));
    let more = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
    Some(input_error.with_help(format!(
        "`{import}` is under no import root, and several files end with it: {}{more}; set `roots` for this set in compat.toml",
        shown.join(", ")
    )))
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
    if start == end
        && start >= content_end
        && let Some(last) = text[..content_end].chars().next_back()
    {
        return content_end - last.len_utf8()..content_end;
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
}
