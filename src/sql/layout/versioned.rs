//! Directories of versioned schema updates, as temporal's schema tool reads them:
//! `versioned/v1.0/`, `versioned/v1.1/`, ... each one version, ordered by its number, holding a
//! `manifest.json` whose `SchemaUpdateCqlFiles` lists the files of that version in the order
//! they run. A `.sql` file the manifest leaves out does not run. The tool records only the
//! version a database reached and runs the directories above it, each statement on its own,
//! outside any transaction.
//!
//! Each file is a migration of its own (`v1.7/tiered_storage_tasks`): the statements of a
//! version run one after another whichever file holds them, so the files in order replay and
//! check as the version does.

use std::sync::Arc;

use super::Migration;

/// `v1`, `v1.10`, `v2.0.1`: a directory that holds one version.
pub fn is_version_dir(name: &str) -> bool {
    name.strip_prefix('v').is_some_and(|rest| {
        !rest.is_empty()
            && rest
                .split('.')
                .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
    })
}

/// The version directory of a migration id (`v1.7` of `v1.7/tiered_storage_tasks`).
pub fn version_dir(id: &str) -> &str {
    id.split_once('/').map_or(id, |(dir, _)| dir)
}

/// The file names a `manifest.json` lists, in the order they run; `None` when it does not
/// read as a manifest (the files then run in the order of their names).
pub fn manifest_files(json: &str) -> Option<Vec<String>> {
    let value: serde_json::Value = serde_json::from_str(json).ok()?;
    let files = value.get("SchemaUpdateCqlFiles")?.as_array()?;
    files
        .iter()
        .map(|file| file.as_str().map(str::to_owned))
        .collect()
}

/// The migrations of each version directory as its manifest lists them: in its order, without
/// the files it leaves out. `manifest` reads `<directory>/manifest.json` (`None` when absent or
/// unreadable: the directory's files then run in the order of their names).
pub fn follow_manifests(
    migrations: Vec<Migration>,
    mut manifest: impl FnMut(&str) -> Option<Arc<str>>,
) -> Vec<Migration> {
    let mut ordered = Vec::with_capacity(migrations.len());
    let mut rest = migrations.into_iter().peekable();
    while let Some(first) = rest.next() {
        let version = version_dir(&first.id).to_owned();
        let mut group = vec![first];
        while rest.peek().is_some_and(|m| version_dir(&m.id) == version) {
            group.extend(rest.next());
        }
        let dir = group[0]
            .up
            .as_ref()
            .and_then(|up| up.path.rsplit_once('/'))
            .map(|(dir, _)| dir.to_owned());
        let listed = dir
            .as_deref()
            .and_then(&mut manifest)
            .and_then(|json| manifest_files(&json));
        match listed {
            Some(files) => {
                for file in files {
                    let stem = file.strip_suffix(".sql").unwrap_or(&file);
                    let id = format!("{version}/{stem}");
                    if let Some(at) = group.iter().position(|m| m.id == id) {
                        ordered.push(group.swap_remove(at));
                    }
                }
            }
            None => ordered.extend(group),
        }
    }
    ordered
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sql::layout::Script;

    #[test]
    fn version_directories_are_v_and_numbers() {
        assert!(is_version_dir("v1.0"));
        assert!(is_version_dir("v1.19"));
        assert!(is_version_dir("v2"));
        assert!(!is_version_dir("v1."));
        assert!(!is_version_dir("visibility"));
        assert!(!is_version_dir("v"));
        assert_eq!(version_dir("v1.7/tiered_storage_tasks"), "v1.7");
    }

    #[test]
    fn the_manifest_lists_the_files_in_order() {
        let json = r#"{"CurrVersion": "1.7", "MinCompatibleVersion": "1.0",
            "SchemaUpdateCqlFiles": ["b.sql", "a.sql"]}"#;
        assert_eq!(
            manifest_files(json),
            Some(vec!["b.sql".to_owned(), "a.sql".to_owned()])
        );
        assert_eq!(manifest_files("{\"CurrVersion\": \"1.0\"}"), None);
        assert_eq!(manifest_files("not json"), None);
    }

    #[test]
    fn manifests_order_and_select_the_files() {
        let migration = |id: &str| Migration {
            up: Some(Script::whole(&format!("versioned/{id}.sql"))),
            ..Migration::new(id.to_owned())
        };
        let found = vec![
            migration("v1.0/schema"),
            migration("v1.1/a"),
            migration("v1.1/b"),
            migration("v1.1/combined"),
        ];
        let read = |dir: &str| match dir {
            "versioned/v1.1" => Some(Arc::from(
                r#"{"SchemaUpdateCqlFiles": ["combined.sql", "a.sql"]}"#,
            )),
            _ => None,
        };
        let ids: Vec<String> = follow_manifests(found, read)
            .into_iter()
            .map(|m| m.id)
            .collect();
        assert_eq!(ids, ["v1.0/schema", "v1.1/combined", "v1.1/a"]);
    }
}
