//! Per-migration settings a tool reads from a file beside the script: diesel's
//! `<migration>/metadata.toml` (`run_in_transaction = false`) and Flyway's script configuration
//! file `<script>.sql.conf` (`executeInTransaction=false`); and those a whole script says at its
//! top (sqlx's `-- no-transaction`, Flyway's `-- flyway:executeInTransaction=false`). They
//! decide whether the tool wraps the script in a transaction, which the rules about
//! `CONCURRENTLY` and locks depend on.

use std::collections::BTreeMap;
use std::ops::Range;

use crate::analyzer::{Input, Output};
use crate::core::{InputError, Side, Span};
use crate::input::config::Layout;
use crate::sql::layout::Script;

/// What the settings files beside the new version's `scripts` say, by script path. A settings
/// file the tool would refuse is an input error with a code frame.
pub fn read_settings<'s>(
    layout: Layout,
    input: &Input<'_>,
    out: &mut Output<'_>,
    scripts: impl Iterator<Item = &'s Script>,
) -> BTreeMap<String, bool> {
    let mut by_file: BTreeMap<String, Option<bool>> = BTreeMap::new();
    let mut by_script = BTreeMap::new();
    for script in scripts {
        let Some(path) = settings_path(&script.path, layout) else {
            continue;
        };
        if !input.new.contains(&path) {
            continue;
        }
        if !by_file.contains_key(&path) {
            let setting = out.load(input, Side::New, &path).and_then(|(file, text)| {
                runs_in_transaction(layout, &text)
                    .map_err(|error| {
                        let display = out.sources().get(file).path().to_owned();
                        out.errors.push(
                            InputError::new(
                                Some(display.clone()),
                                format!("cannot read {display}: {}", error.message),
                            )
                            .at(Span::new(file, error.span)),
                        );
                    })
                    .ok()
                    .flatten()
            });
            by_file.insert(path.clone(), setting);
        }
        if let Some(Some(setting)) = by_file.get(&path) {
            by_script.insert(script.path.clone(), *setting);
        }
    }
    by_script
}

/// What a whole file's text tells its tool about the transaction: sqlx's `-- no-transaction`
/// first line, Flyway's `-- flyway:executeInTransaction=false` header comment. `None` when it
/// says nothing. The markers of a file cut in parts come with each part
/// ([`Script::transaction`]).
pub fn transaction_marker(text: &str, layout: Layout) -> Option<bool> {
    match layout {
        Layout::Sqlx => text
            .lines()
            .next()
            .is_some_and(|line| line.trim() == "-- no-transaction")
            .then_some(false),
        Layout::Flyway => flyway_directive(text),
        _ => None,
    }
}

/// The settings file that governs the script at `path`, when the layout has one.
pub fn settings_path(path: &str, layout: Layout) -> Option<String> {
    match layout {
        Layout::Diesel => {
            let (dir, _) = path.rsplit_once('/')?;
            Some(format!("{dir}/metadata.toml"))
        }
        Layout::Flyway => Some(format!("{path}.conf")),
        _ => None,
    }
}

/// A settings file the tool would refuse: the message and the bytes it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingsError {
    pub message: String,
    pub span: Range<usize>,
}

/// Whether the settings file's text says to run the script in a transaction (`None` when it
/// does not say).
pub fn runs_in_transaction(layout: Layout, text: &str) -> Result<Option<bool>, SettingsError> {
    match layout {
        Layout::Diesel => diesel_metadata(text),
        Layout::Flyway => Ok(flyway_script_config(text)),
        _ => Ok(None),
    }
}

/// diesel's `metadata.toml`: a TOML table whose `run_in_transaction` key is a boolean.
fn diesel_metadata(text: &str) -> Result<Option<bool>, SettingsError> {
    let table: toml::Table = toml::from_str(text).map_err(|e| SettingsError {
        message: e.message().to_owned(),
        span: e.span().unwrap_or(0..0),
    })?;
    match table.get("run_in_transaction") {
        None => Ok(None),
        Some(toml::Value::Boolean(value)) => Ok(Some(*value)),
        Some(_) => {
            let start = text.find("run_in_transaction").unwrap_or(0);
            Err(SettingsError {
                message: "`run_in_transaction` must be `true` or `false`".to_owned(),
                span: start..start + "run_in_transaction".len(),
            })
        }
    }
}

/// Flyway's script configuration: `key=value` lines, `#` comments. Flyway reads booleans
/// case-insensitively; anything else under this key fails the migration, and is left to it.
fn flyway_script_config(text: &str) -> Option<bool> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| line.split_once('='))
        .filter(|(key, _)| key.trim() == "executeInTransaction")
        .filter_map(|(_, value)| parse_bool(value.trim()))
        .next_back()
}

/// Flyway's in-script form of the same setting: a `-- flyway:executeInTransaction=false`
/// comment among the comments that open the script.
pub fn flyway_directive(text: &str) -> Option<bool> {
    text.lines()
        .map(str::trim)
        .take_while(|line| line.is_empty() || line.starts_with("--"))
        .filter_map(|line| {
            let directive = line.trim_start_matches('-').trim();
            let value = directive.strip_prefix("flyway:executeInTransaction")?;
            parse_bool(value.trim_start().strip_prefix('=')?.trim())
        })
        .last()
}

fn parse_bool(value: &str) -> Option<bool> {
    if value.eq_ignore_ascii_case("true") {
        Some(true)
    } else if value.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_tool_keeps_its_settings_beside_the_script() {
        assert_eq!(
            settings_path("m/2024-01-01-000000_index/up.sql", Layout::Diesel).as_deref(),
            Some("m/2024-01-01-000000_index/metadata.toml")
        );
        assert_eq!(
            settings_path("sql/V2__index.sql", Layout::Flyway).as_deref(),
            Some("sql/V2__index.sql.conf")
        );
        assert_eq!(settings_path("db/1_a.up.sql", Layout::GolangMigrate), None);
    }

    #[test]
    fn diesel_metadata_sets_the_transaction() {
        let read = |text| runs_in_transaction(Layout::Diesel, text);
        assert_eq!(read("run_in_transaction = false\n"), Ok(Some(false)));
        assert_eq!(read("# nothing\n"), Ok(None));
        let wrong = read("run_in_transaction = \"no\"\n").expect_err("not a boolean");
        assert_eq!(wrong.span, 0..18);
        let broken = read("run_in_transaction = \n").expect_err("not TOML");
        assert!(!broken.message.is_empty());
    }

    #[test]
    fn flyway_reads_the_conf_file_and_the_script_header() {
        let conf = |text| runs_in_transaction(Layout::Flyway, text);
        assert_eq!(
            conf("# no transaction\nexecuteInTransaction=FALSE\n"),
            Ok(Some(false))
        );
        assert_eq!(conf("#executeInTransaction=false\n"), Ok(None));
        assert_eq!(conf("encoding=UTF-8\n"), Ok(None));

        assert_eq!(
            flyway_directive(
                "-- V4: index\n-- flyway:executeInTransaction=false\n\nCREATE INDEX CONCURRENTLY i ON t (a);"
            ),
            Some(false)
        );
        assert_eq!(
            flyway_directive("--flyway:executeInTransaction = false\nSELECT 1;"),
            Some(false)
        );
        assert_eq!(
            flyway_directive("SELECT 1;\n-- flyway:executeInTransaction=false\n"),
            None
        );
        assert_eq!(
            transaction_marker(
                "-- no-transaction\nCREATE INDEX CONCURRENTLY i ON t (a);",
                Layout::Sqlx
            ),
            Some(false)
        );
    }
}
