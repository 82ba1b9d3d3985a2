//! Pairs the old and the new version of every message, enum, service, field and enum value of
//! the changed files, once. Types are paired by full name (with a file's package change applied),
//! then removed and added types with an identical structure are paired as renamed or moved.
//! Fields are paired by number, then a removed and an added field of the same name as renumbered.

use std::collections::{BTreeMap, HashMap, HashSet};

use prost_reflect::{
    EnumDescriptor, EnumValueDescriptor, ExtensionDescriptor, FieldDescriptor, FileDescriptor,
    Kind, MessageDescriptor, MethodDescriptor, ServiceDescriptor,
};

use super::model::Schema;
use crate::core::{Change, Side};

/// A message or enum present on both sides, possibly under another name.
#[derive(Debug, Clone)]
pub struct Pair<T> {
    pub old: T,
    pub new: T,
    /// Paired by structure, not by name: renamed or moved.
    pub renamed: bool,
}

/// Old full names -> new full names of the types present on both sides.
#[derive(Debug, Default)]
pub struct TypeMap {
    old_to_new: HashMap<String, String>,
}

impl TypeMap {
    /// Whether an old type and a new type are the same type (renames and moves included). Types
    /// outside the compared files keep their names.
    pub fn same(&self, old: &str, new: &str) -> bool {
        self.old_to_new.get(old).map_or(old == new, |n| n == new)
    }

    /// Whether an old type is present on the new side.
    pub fn contains_old(&self, old: &str) -> bool {
        self.old_to_new.contains_key(old)
    }
}

/// What the release changed, element by element.
pub struct Diff {
    /// Files changed on both sides, as (old, new).
    pub files: Vec<(FileDescriptor, FileDescriptor)>,
    pub messages: Vec<Pair<MessageDescriptor>>,
    pub removed_messages: Vec<MessageDescriptor>,
    pub enums: Vec<Pair<EnumDescriptor>>,
    pub removed_enums: Vec<EnumDescriptor>,
    pub services: Vec<Change<ServiceDescriptor>>,
    /// Extension fields declared in the changed files, paired by full name, else by the
    /// message they extend and their number.
    pub extensions: Vec<ExtensionChange>,
    pub types: TypeMap,
}

/// An extension field of the old side and what became of it.
#[derive(Debug, Clone)]
pub enum ExtensionChange {
    Kept {
        old: ExtensionDescriptor,
        new: ExtensionDescriptor,
    },
    /// Same name, another number.
    Renumbered {
        old: ExtensionDescriptor,
        new: ExtensionDescriptor,
    },
    Removed(ExtensionDescriptor),
}

/// A field of a message present on both sides.
#[derive(Debug, Clone)]
pub enum FieldChange {
    /// Same number on both sides.
    Kept {
        old: FieldDescriptor,
        new: FieldDescriptor,
    },
    /// Same name, another number.
    Renumbered {
        old: FieldDescriptor,
        new: FieldDescriptor,
    },
    Added(FieldDescriptor),
    Removed(FieldDescriptor),
}

pub fn diff(old: &Schema, new: &Schema) -> Diff {
    let mut packages: HashMap<String, (String, String)> = HashMap::new();
    let mut files = Vec::new();
    let new_by_path: HashMap<&str, FileDescriptor> = new
        .pool
        .files()
        .filter(|f| new.in_scope(f))
        .filter_map(|f| new.files.get(f.name()).map(|l| (l.path.as_str(), f)))
        .collect();
    // A file is the same file at the same path, or under the same import name when its module
    // root moved (buf.yaml's roots changed between the versions).
    let old_paths: HashSet<&str> = old.files.values().map(|l| l.path.as_str()).collect();
    let counterpart_of = |file: &FileDescriptor, path: &str| {
        new_by_path.get(path).cloned().or_else(|| {
            let moved = new.pool.get_file_by_name(file.name())?;
            let moved_path = new.files.get(moved.name())?.path.as_str();
            (new.in_scope(&moved) && !old_paths.contains(moved_path)).then_some(moved)
        })
    };
    for file in old.pool.files().filter(|f| old.in_scope(f)) {
        let Some(path) = old.files.get(file.name()).map(|l| l.path.as_str()) else {
            continue;
        };
        if let Some(counterpart) = counterpart_of(&file, path) {
            if file.package_name() != counterpart.package_name() {
                packages.insert(
                    file.name().to_owned(),
                    (
                        file.package_name().to_owned(),
                        counterpart.package_name().to_owned(),
                    ),
                );
            }
            files.push((file, counterpart));
        }
    }
    // The name an old element would have on the new side, its file's package change applied.
    let key = |file: &FileDescriptor, full_name: &str| -> String {
        match packages.get(file.name()) {
            Some((from, to)) => {
                let rest = full_name
                    .strip_prefix(from.as_str())
                    .unwrap_or(full_name)
                    .trim_start_matches('.');
                if to.is_empty() {
                    rest.to_owned()
                } else {
                    format!("{to}.{rest}")
                }
            }
            None => full_name.to_owned(),
        }
    };

    let old_messages: BTreeMap<String, MessageDescriptor> = old
        .pool
        .all_messages()
        .filter(|m| !m.is_map_entry() && old.in_scope(&m.parent_file()))
        .map(|m| (key(&m.parent_file(), m.full_name()), m))
        .collect();
    let new_messages: BTreeMap<String, MessageDescriptor> = new
        .pool
        .all_messages()
        .filter(|m| !m.is_map_entry() && new.in_scope(&m.parent_file()))
        .map(|m| (m.full_name().to_owned(), m))
        .collect();
    let (messages, removed_messages) = pair_types(old_messages, new_messages, |side, m| {
        let schema = match side {
            Side::Old => old,
            Side::New => new,
        };
        message_shape(schema, m)
    });

    let old_enums: BTreeMap<String, EnumDescriptor> = old
        .pool
        .all_enums()
        .filter(|e| old.in_scope(&e.parent_file()))
        .map(|e| (key(&e.parent_file(), e.full_name()), e))
        .collect();
    let new_enums: BTreeMap<String, EnumDescriptor> = new
        .pool
        .all_enums()
        .filter(|e| new.in_scope(&e.parent_file()))
        .map(|e| (e.full_name().to_owned(), e))
        .collect();
    let (enums, removed_enums) = pair_types(old_enums, new_enums, |_, e| enum_shape(e));

    let mut old_services: BTreeMap<String, ServiceDescriptor> = old
        .pool
        .services()
        .filter(|s| old.in_scope(&s.parent_file()))
        .map(|s| (key(&s.parent_file(), s.full_name()), s))
        .collect();
    let mut services = Vec::new();
    for service in new
        .pool
        .services()
        .filter(|s| new.in_scope(&s.parent_file()))
    {
        services.push(match old_services.remove(service.full_name()) {
            Some(old) => Change::Kept { old, new: service },
            None => Change::Added { new: service },
        });
    }
    services.extend(
        old_services
            .into_values()
            .map(|old| Change::Removed { old }),
    );

    let mut old_to_new = HashMap::new();
    for pair in &messages {
        old_to_new.insert(
            pair.old.full_name().to_owned(),
            pair.new.full_name().to_owned(),
        );
    }
    for pair in &enums {
        old_to_new.insert(
            pair.old.full_name().to_owned(),
            pair.new.full_name().to_owned(),
        );
    }
    let types = TypeMap { old_to_new };
    let old_extensions: BTreeMap<String, ExtensionDescriptor> = old
        .pool
        .all_extensions()
        .filter(|e| old.in_scope(&e.parent_file()))
        .map(|e| (key(&e.parent_file(), e.full_name()), e))
        .collect();
    let new_extensions: BTreeMap<String, ExtensionDescriptor> = new
        .pool
        .all_extensions()
        .filter(|e| new.in_scope(&e.parent_file()))
        .map(|e| (e.full_name().to_owned(), e))
        .collect();
    let extensions = pair_extensions(old_extensions, new_extensions, &types);
    Diff {
        files,
        messages,
        removed_messages,
        enums,
        removed_enums,
        services,
        extensions,
        types,
    }
}

fn pair_extensions(
    old: BTreeMap<String, ExtensionDescriptor>,
    mut new: BTreeMap<String, ExtensionDescriptor>,
    types: &TypeMap,
) -> Vec<ExtensionChange> {
    let mut changes = Vec::new();
    let mut unpaired = Vec::new();
    for (key, old) in old {
        match new.remove(&key) {
            Some(new) if new.number() == old.number() => {
                changes.push(ExtensionChange::Kept { old, new });
            }
            Some(new) => changes.push(ExtensionChange::Renumbered { old, new }),
            None => unpaired.push(old),
        }
    }
    for old in unpaired {
        let extends = old.containing_message();
        let same_place = new.iter().find_map(|(key, new)| {
            (new.number() == old.number()
                && types.same(extends.full_name(), new.containing_message().full_name()))
            .then(|| key.clone())
        });
        match same_place.and_then(|key| new.remove(&key)) {
            Some(new) => changes.push(ExtensionChange::Kept { old, new }),
            None => changes.push(ExtensionChange::Removed(old)),
        }
    }
    changes
}

/// Pairs types by key, then the unpaired ones by structure when exactly one candidate fits
/// (one with the same short name first: a move).
fn pair_types<T: Clone + Named>(
    mut old: BTreeMap<String, T>,
    mut new: BTreeMap<String, T>,
    shape: impl Fn(Side, &T) -> String,
) -> (Vec<Pair<T>>, Vec<T>) {
    let mut pairs = Vec::new();
    let keys: Vec<String> = old.keys().cloned().collect();
    for key in keys {
        if let Some(n) = new.remove(&key)
            && let Some(o) = old.remove(&key)
        {
            pairs.push(Pair {
                old: o,
                new: n,
                renamed: false,
            });
        }
    }
    let mut added_by_shape: HashMap<String, Vec<T>> = HashMap::new();
    for added in new.into_values() {
        added_by_shape
            .entry(shape(Side::New, &added))
            .or_default()
            .push(added);
    }
    let mut removed = Vec::new();
    for candidate in old.into_values() {
        let fits = added_by_shape.get_mut(&shape(Side::Old, &candidate));
        let chosen = fits.and_then(|fits| {
            let same_name: Vec<usize> = (0..fits.len())
                .filter(|&i| fits[i].short_name() == candidate.short_name())
                .collect();
            let at = match (same_name.as_slice(), fits.len()) {
                ([one], _) => Some(*one),
                ([], 1) => Some(0),
                _ => None,
            };
            at.map(|at| fits.remove(at))
        });
        match chosen {
            Some(new) => pairs.push(Pair {
                old: candidate,
                new,
                renamed: true,
            }),
            None => removed.push(candidate),
        }
    }
    (pairs, removed)
}

trait Named {
    fn short_name(&self) -> &str;
}

impl Named for MessageDescriptor {
    fn short_name(&self) -> &str {
        self.name()
    }
}

impl Named for EnumDescriptor {
    fn short_name(&self) -> &str {
        self.name()
    }
}

/// Fields by number, name, cardinality and type (referenced types by short name, so a moved
/// type keeps its shape) and presence (resolved by features in an edition). Empty messages have
/// no shape worth matching.
fn message_shape(schema: &Schema, message: &MessageDescriptor) -> String {
    let presence = |f: &FieldDescriptor| {
        if schema.in_edition(&f.parent_file()) {
            super::editions::features::explicit_presence(f)
        } else {
            f.supports_presence()
        }
    };
    if message.fields().len() == 0 {
        return format!("empty:{}", message.full_name());
    }
    let mut fields: Vec<String> = message
        .fields()
        .map(|f| {
            let kind = match f.kind() {
                Kind::Message(m) => format!("m:{}", m.name()),
                Kind::Enum(e) => format!("e:{}", e.name()),
                other => super::types::describe(&other),
            };
            format!(
                "{}:{}:{:?}:{}:{}",
                f.number(),
                f.name(),
                f.cardinality(),
                kind,
                presence(&f)
            )
        })
        .collect();
    fields.sort();
    fields.join(";")
}

fn enum_shape(e: &EnumDescriptor) -> String {
    let mut values: Vec<String> = e
        .values()
        .map(|v| format!("{}={}", v.name(), v.number()))
        .collect();
    values.sort();
    values.join(";")
}

/// The fields of a message pair.
pub fn fields(pair: &Pair<MessageDescriptor>) -> Vec<FieldChange> {
    let mut changes = Vec::new();
    let mut removed = Vec::new();
    for old in pair.old.fields() {
        match pair.new.get_field(old.number()) {
            Some(new) => changes.push(FieldChange::Kept { old, new }),
            None => removed.push(old),
        }
    }
    let mut added: Vec<FieldDescriptor> = pair
        .new
        .fields()
        .filter(|f| pair.old.get_field(f.number()).is_none())
        .collect();
    for old in removed {
        match added.iter().position(|f| f.name() == old.name()) {
            Some(at) => {
                let new = added.remove(at);
                changes.push(FieldChange::Renumbered { old, new });
            }
            None => changes.push(FieldChange::Removed(old)),
        }
    }
    changes.extend(added.into_iter().map(FieldChange::Added));
    changes
}

/// A value of an enum present on both sides.
#[derive(Debug, Clone)]
pub enum ValueChange {
    /// Same number on both sides (the first name of an alias set).
    Kept {
        old: EnumValueDescriptor,
        new: EnumValueDescriptor,
    },
    /// Same name, another number.
    Renumbered {
        old: EnumValueDescriptor,
        new: EnumValueDescriptor,
    },
    Added(EnumValueDescriptor),
    Removed(EnumValueDescriptor),
}

/// The values of an enum pair, by number, then a removed and an added value of the same name
/// as renumbered.
pub fn values(pair: &Pair<EnumDescriptor>) -> Vec<ValueChange> {
    let mut changes = Vec::new();
    let mut removed = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for old in pair.old.values() {
        if !seen.insert(old.number()) {
            continue;
        }
        match pair.new.get_value(old.number()) {
            Some(new) => changes.push(ValueChange::Kept { old, new }),
            None => removed.push(old),
        }
    }
    let mut added_seen = std::collections::HashSet::new();
    let mut added: Vec<EnumValueDescriptor> = pair
        .new
        .values()
        .filter(|v| pair.old.get_value(v.number()).is_none() && added_seen.insert(v.number()))
        .collect();
    for old in removed {
        match added.iter().position(|v| v.name() == old.name()) {
            Some(at) => {
                let new = added.remove(at);
                changes.push(ValueChange::Renumbered { old, new });
            }
            None => changes.push(ValueChange::Removed(old)),
        }
    }
    changes.extend(added.into_iter().map(ValueChange::Added));
    changes
}

/// The methods of a service pair, by name.
pub fn methods(old: &ServiceDescriptor, new: &ServiceDescriptor) -> Vec<Change<MethodDescriptor>> {
    let mut changes: Vec<Change<MethodDescriptor>> = old
        .methods()
        .map(|m| match new.methods().find(|n| n.name() == m.name()) {
            Some(n) => Change::Kept { old: m, new: n },
            None => Change::Removed { old: m },
        })
        .collect();
    changes.extend(
        new.methods()
            .filter(|n| old.methods().all(|m| m.name() != n.name()))
            .map(|new| Change::Added { new }),
    );
    changes
}
