//! Which files of a migration directory are migrations, in which order, and which file undoes
//! which, per tool. Mostly from paths; the layouts that live inside the text are cut once the
//! files are read (`split`): `sections` (dbmate, goose, sql-migrate: both directions in one
//! file) and `liquibase` (changesets, their rollbacks in comments). `versioned` reads temporal's
//! version directories, and `detect` tells the layouts apart.

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

use super::parse::Wrap;
use crate::input::config::{Dialect, Layout};

mod detect;
pub mod liquibase;
pub mod sections;
mod split;
pub mod versioned;

pub use detect::{detect_layout, layout_in_text};
pub use split::{cuts_files, split_file};

/// A script to run: a whole file, or a part of it (a section, a changeset).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Script {
    /// Path relative to the tree root.
    pub path: String,
    /// `None` for the whole file.
    pub range: Option<Range<usize>>,
    /// What the file's own markers say about running this script in a transaction (dbmate's
    /// `transaction:false`, goose's `NO TRANSACTION`, sql-migrate's `notransaction`,
    /// Liquibase's `runInTransaction:false`), read when the file was cut; `None` when they say
    /// nothing.
    pub transaction: Option<bool>,
    /// When set, only these byte ranges of the file are the script's SQL and the rest is
    /// blanked before parsing, so that spans stay the file's offsets: a Liquibase rollback,
    /// written after `--rollback` prefixes among the changeset's own statements.
    pub only: Option<Vec<Range<usize>>>,
}

impl Script {
    pub fn whole(path: &str) -> Script {
        Script {
            path: path.to_owned(),
            range: None,
            transaction: None,
            only: None,
        }
    }

    fn part(path: &str, range: Range<usize>, transaction: Option<bool>) -> Script {
        Script {
            range: Some(range),
            transaction,
            ..Script::whole(path)
        }
    }

    /// The text the tool runs, given the file's: the file itself, or the file with everything
    /// outside [`Script::only`] blanked.
    pub fn text(&self, file: &Arc<str>) -> Arc<str> {
        match &self.only {
            Some(pieces) => Arc::from(liquibase::only(file, pieces)),
            None => Arc::clone(file),
        }
    }
}

/// One migration: what the tool applies going forward and what reverts it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Migration {
    /// The version and name as the tool sees them: `0001_init`, `V2__add_email`, `R__views`,
    /// Liquibase's `author:id`, `v1.7/tiered_storage_tasks`.
    pub id: String,
    pub up: Option<Script>,
    pub down: Option<Script>,
    /// Re-applied whenever its text changes (Flyway's `R__` migrations, Liquibase's
    /// `runOnChange`): editing it is how it works, and it takes no place in the version order.
    pub repeatable: bool,
}

impl Migration {
    fn new(id: String) -> Migration {
        Migration {
            id,
            up: None,
            down: None,
            repeatable: false,
        }
    }
}

/// The migrations of a directory, in the order the tool applies them. `paths` are the set's files
/// (relative to the tree root) that exist in one version of the tree.
pub fn migrations(root: &str, paths: &[String], layout: Layout) -> Vec<Migration> {
    let mut by_id: BTreeMap<String, Migration> = BTreeMap::new();
    let mut repeatable: Vec<Migration> = Vec::new();
    for path in paths.iter().filter(|p| p.ends_with(".sql")) {
        let relative = relative_to(root, path);
        let (dir, name) = relative.rsplit_once('/').unwrap_or(("", relative));
        let (id, direction) = match layout {
            Layout::Diesel | Layout::Prisma if !dir.is_empty() => {
                let id = dir.rsplit('/').next().unwrap_or(dir);
                match name {
                    "up.sql" | "migration.sql" => (id.to_owned(), Direction::Up),
                    "down.sql" => (id.to_owned(), Direction::Down),
                    _ => continue,
                }
            }
            Layout::Flyway if name.starts_with("R__") => {
                repeatable.push(Migration {
                    up: Some(Script::whole(path)),
                    repeatable: true,
                    ..Migration::new(stem(name).to_owned())
                });
                continue;
            }
            Layout::Flyway => flyway_id(name),
            // A file of a version directory; files elsewhere do not run.
            Layout::Versioned if versioned::is_version_dir(dir) => {
                (format!("{dir}/{}", stem(name)), Direction::Up)
            }
            Layout::Versioned => continue,
            _ => suffix_id(name),
        };
        let entry = by_id
            .entry(id.clone())
            .or_insert_with(|| Migration::new(id));
        let slot = match direction {
            Direction::Up => &mut entry.up,
            Direction::Down => &mut entry.down,
        };
        *slot = Some(Script::whole(path));
    }
    let mut ordered: Vec<Migration> = by_id.into_values().collect();
    ordered.sort_by(|a, b| {
        natural_cmp(&version(&a.id, layout), &version(&b.id, layout))
            .then_with(|| natural_cmp(&a.id, &b.id))
    });
    repeatable.sort_by(|a, b| natural_cmp(&a.id, &b.id));
    // Flyway applies repeatable migrations after every versioned one.
    ordered.extend(repeatable);
    ordered
}

/// Whether the layout's tool records a checksum of each applied migration and refuses to run when
/// an applied file changed (Flyway, sqlx, Prisma, Atlas's `atlas.sum`, Liquibase per changeset).
/// Without one, an edit the database cannot see (a comment) changes nothing.
pub fn keeps_checksums(layout: Layout) -> bool {
    match layout {
        Layout::Flyway | Layout::Sqlx | Layout::Prisma | Layout::Atlas | Layout::Liquibase => true,
        Layout::GolangMigrate
        | Layout::Diesel
        | Layout::Dbmate
        | Layout::Goose
        | Layout::SqlMigrate
        | Layout::Versioned
        | Layout::Plain
        | Layout::SchemaFile => false,
    }
}

/// The version the migration tool records a migration under, when it records one: two files with
/// the same version are one migration to the tool (or an error). `None` where the tool keys
/// migrations by their whole name.
pub fn version_key(id: &str, layout: Layout) -> Option<String> {
    let leading_number = |id: &str| {
        let digits: String = id.chars().take_while(char::is_ascii_digit).collect();
        let trimmed = digits.trim_start_matches('0');
        (!digits.is_empty()).then(|| if trimmed.is_empty() { "0" } else { trimmed }.to_owned())
    };
    match layout {
        Layout::Flyway if !id.starts_with("R__") => {
            let version = version(id, layout);
            let parts: Vec<&str> = version.split('.').collect();
            // Flyway compares versions numerically part by part: 1.01 is 1.1, 1.0 is 1.
            let mut numbers: Vec<String> = parts
                .iter()
                .map(|p| {
                    let t = p.trim_start_matches('0');
                    if t.is_empty() {
                        "0".to_owned()
                    } else {
                        t.to_owned()
                    }
                })
                .collect();
            while numbers.len() > 1 && numbers.last().is_some_and(|n| n == "0") {
                numbers.pop();
            }
            Some(numbers.join("."))
        }
        Layout::GolangMigrate | Layout::Sqlx | Layout::Dbmate | Layout::Atlas | Layout::Goose => {
            leading_number(id)
        }
        Layout::Diesel => Some(id.split('_').next().unwrap_or(id).replace('-', "")),
        _ => None,
    }
}

/// The migration of `others` that stands for `migration` under another name: where the tool
/// records a migration by its version alone (goose, golang-migrate, dbmate), a file renamed
/// under the same version is the same migration to it, already applied where the old name was.
/// `own` is the list `migration` belongs to: a name it still holds is another migration (two
/// files with one version, which `duplicate-migration-version` reports).
pub fn renamed<'m>(
    migration: &Migration,
    others: &'m [Migration],
    own: &[Migration],
    layout: Layout,
) -> Option<&'m Migration> {
    if !matches!(
        layout,
        Layout::Goose | Layout::GolangMigrate | Layout::Dbmate
    ) {
        return None;
    }
    let key = version_key(&migration.id, layout)?;
    others.iter().find(|other| {
        other.id != migration.id
            && version_key(&other.id, layout).as_ref() == Some(&key)
            && !own.iter().any(|m| m.id == other.id)
    })
}

/// How the layout's tool runs a migration file on this dialect, unless a file says otherwise.
/// MySQL commits around every DDL statement, so no tool can wrap its DDL in a transaction.
pub fn transaction_default(layout: Layout, dialect: Dialect) -> Wrap {
    if dialect == Dialect::Mysql {
        return Wrap::None;
    }
    match layout {
        Layout::Flyway
        | Layout::Diesel
        | Layout::Sqlx
        | Layout::Dbmate
        | Layout::Atlas
        | Layout::Goose
        | Layout::SqlMigrate
        | Layout::Liquibase => Wrap::File,
        Layout::GolangMigrate | Layout::Prisma => Wrap::Batch,
        Layout::Versioned | Layout::Plain | Layout::SchemaFile => Wrap::None,
    }
}

/// What a migration is ordered by: the id, except Flyway's `V1_2__x`, whose version is `1.2`,
/// and a file of a version directory, ordered by the directory's version.
pub fn version(id: &str, layout: Layout) -> String {
    match layout {
        Layout::Flyway => id
            .strip_prefix('V')
            .and_then(|rest| rest.split_once("__"))
            .map_or_else(|| id.to_owned(), |(v, _)| v.replace('_', ".")),
        Layout::Versioned => versioned::version_dir(id).to_owned(),
        _ => id.to_owned(),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Direction {
    Up,
    Down,
}

/// `0001_init.up.sql` -> (`0001_init`, up); `0001_init.sql` -> (`0001_init`, up).
fn suffix_id(name: &str) -> (String, Direction) {
    if let Some(id) = name.strip_suffix(".down.sql") {
        (id.to_owned(), Direction::Down)
    } else if let Some(id) = name.strip_suffix(".up.sql") {
        (id.to_owned(), Direction::Up)
    } else {
        (stem(name).to_owned(), Direction::Up)
    }
}

/// `V2__add.sql` -> (`V2__add`, up); `U2__add.sql` undoes it -> (`V2__add`, down).
fn flyway_id(name: &str) -> (String, Direction) {
    let stem = stem(name);
    match stem.strip_prefix('U') {
        Some(rest) if is_flyway_name(name) => (format!("V{rest}"), Direction::Down),
        _ => match stem.strip_prefix('v') {
            Some(rest) => (format!("V{rest}"), Direction::Up),
            None => (stem.to_owned(), Direction::Up),
        },
    }
}

fn is_flyway_name(name: &str) -> bool {
    if name.starts_with("R__") {
        return true;
    }
    name.strip_prefix(['V', 'v', 'U'])
        .and_then(|rest| rest.split_once("__"))
        .is_some_and(|(version, _)| {
            !version.is_empty()
                && version
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == '.' || c == '_')
        })
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

fn stem(name: &str) -> &str {
    name.strip_suffix(".sql").unwrap_or(name)
}

fn relative_to<'a>(root: &str, path: &'a str) -> &'a str {
    let root = root.trim_end_matches('/');
    if matches!(root, "" | ".") {
        return path;
    }
    path.strip_prefix(root)
        .and_then(|rest| rest.strip_prefix('/'))
        .unwrap_or(path)
}

/// Compares names with runs of digits compared as numbers, so `2_b` sorts before `10_a` and
/// `V1.10` after `V1.9`. Equal numbers with different zero padding fall back to the text.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (mut x, mut y) = (a.as_bytes(), b.as_bytes());
    loop {
        match (x.first(), y.first()) {
            (None, None) => return a.cmp(b),
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(c), Some(d)) if c.is_ascii_digit() && d.is_ascii_digit() => {
                let (m, rest_x) = split_digits(x);
                let (n, rest_y) = split_digits(y);
                let order = m.len().cmp(&n.len()).then_with(|| m.cmp(n));
                if order != Ordering::Equal {
                    return order;
                }
                (x, y) = (rest_x, rest_y);
            }
            (Some(c), Some(d)) => {
                if c != d {
                    return c.cmp(d);
                }
                (x, y) = (&x[1..], &y[1..]);
            }
        }
    }
}

/// The leading digits without their leading zeros, and the rest.
fn split_digits(s: &[u8]) -> (&[u8], &[u8]) {
    let end = s
        .iter()
        .position(|c| !c.is_ascii_digit())
        .unwrap_or(s.len());
    let (digits, rest) = s.split_at(end);
    let first_significant = digits
        .iter()
        .position(|&c| c != b'0')
        .unwrap_or(digits.len());
    (&digits[first_significant..], rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(list: &[&str]) -> Vec<String> {
        list.iter().map(|p| (*p).to_owned()).collect()
    }

    fn ids(migrations: &[Migration]) -> Vec<&str> {
        migrations.iter().map(|m| m.id.as_str()).collect()
    }

    fn path(script: &Option<Script>) -> Option<&str> {
        script.as_ref().map(|s| s.path.as_str())
    }

    #[test]
    fn golang_migrate_pairs_up_and_down_in_numeric_order() {
        let files = paths(&[
            "db/10_ten.down.sql",
            "db/10_ten.up.sql",
            "db/2_two.up.sql",
            "db/1_one.up.sql",
            "db/1_one.down.sql",
        ]);
        assert_eq!(detect_layout("db", &files), Layout::GolangMigrate);
        let found = migrations("db", &files, Layout::GolangMigrate);
        assert_eq!(ids(&found), ["1_one", "2_two", "10_ten"]);
        assert_eq!(path(&found[0].down), Some("db/1_one.down.sql"));
        assert_eq!(path(&found[1].down), None);
        assert_eq!(path(&found[2].up), Some("db/10_ten.up.sql"));
    }

    #[test]
    fn flyway_orders_versions_then_repeatables_and_pairs_undo() {
        let files = paths(&[
            "sql/R__views.sql",
            "sql/U1.2__add.sql",
            "sql/V1.10__late.sql",
            "sql/V1.2__add.sql",
            "sql/V1__init.sql",
        ]);
        assert_eq!(detect_layout("sql", &files), Layout::Flyway);
        let found = migrations("sql", &files, Layout::Flyway);
        assert_eq!(
            ids(&found),
            ["V1__init", "V1.2__add", "V1.10__late", "R__views"]
        );
        assert_eq!(path(&found[1].down), Some("sql/U1.2__add.sql"));
    }

    #[test]
    fn diesel_and_prisma_use_one_directory_per_migration() {
        let diesel = paths(&[
            "migrations/2024-02-01-000000_b/up.sql",
            "migrations/2024-01-01-000000_a/down.sql",
            "migrations/2024-01-01-000000_a/up.sql",
        ]);
        assert_eq!(detect_layout("migrations", &diesel), Layout::Diesel);
        let found = migrations("migrations", &diesel, Layout::Diesel);
        assert_eq!(ids(&found), ["2024-01-01-000000_a", "2024-02-01-000000_b"]);
        assert_eq!(
            path(&found[0].down),
            Some("migrations/2024-01-01-000000_a/down.sql")
        );

        let prisma = paths(&["prisma/migrations/20240101_init/migration.sql"]);
        assert_eq!(detect_layout("prisma/migrations", &prisma), Layout::Prisma);
        let found = migrations("prisma/migrations", &prisma, Layout::Prisma);
        assert_eq!(ids(&found), ["20240101_init"]);
    }

    #[test]
    fn plain_directories_sort_numeric_aware() {
        let files = paths(&["m/10_c.sql", "m/9_b.sql", "m/009_a.sql"]);
        assert_eq!(detect_layout("m", &files), Layout::Plain);
        assert_eq!(
            ids(&migrations("m", &files, Layout::Plain)),
            ["009_a", "9_b", "10_c"]
        );
        assert_eq!(
            ids(&migrations(
                ".",
                &paths(&["2_x.sql", "1_y.sql"]),
                Layout::Plain
            )),
            ["1_y", "2_x"]
        );
    }

    #[test]
    fn natural_order_compares_numbers_by_value() {
        assert_eq!(natural_cmp("2", "10"), Ordering::Less);
        assert_eq!(natural_cmp("V1.9", "V1.10"), Ordering::Less);
        assert_eq!(natural_cmp("a", "a1"), Ordering::Less);
        assert_eq!(natural_cmp("01", "1"), Ordering::Less);
        assert_eq!(natural_cmp("x", "x"), Ordering::Equal);
    }

    #[test]
    fn versions_are_what_the_tool_records() {
        assert_eq!(
            version_key("V1.01__a", Layout::Flyway).as_deref(),
            Some("1.1")
        );
        assert_eq!(version_key("V1_0__a", Layout::Flyway).as_deref(), Some("1"));
        assert_eq!(version_key("R__views", Layout::Flyway), None);
        assert_eq!(
            version_key("001_a", Layout::GolangMigrate).as_deref(),
            Some("1")
        );
        assert_eq!(
            version_key("2024-01-01-000000_a", Layout::Diesel).as_deref(),
            Some("20240101000000")
        );
        assert_eq!(version_key("001_a", Layout::Plain), None);
        assert_eq!(version_key("0042_x", Layout::Goose).as_deref(), Some("42"));
        assert_eq!(version_key("ana:1", Layout::Liquibase), None);
        assert_eq!(version_key("v1.7/a", Layout::Versioned), None);

        // goose records the version only: a file renamed under it is the same migration.
        let old = [Migration::new("0003_a".to_owned())];
        let new = [Migration::new("0003_b".to_owned())];
        assert_eq!(
            renamed(&old[0], &new, &old, Layout::Goose).map(|m| m.id.as_str()),
            Some("0003_b")
        );
        assert_eq!(renamed(&old[0], &new, &old, Layout::Flyway), None);
        let both = [old[0].clone(), new[0].clone()];
        assert_eq!(renamed(&new[0], &old, &both, Layout::Goose), None);
        assert_eq!(
            transaction_default(Layout::GolangMigrate, Dialect::Postgres),
            Wrap::Batch
        );
        assert_eq!(
            transaction_default(Layout::Flyway, Dialect::Mysql),
            Wrap::None
        );
    }

    #[test]
    fn version_directories_run_in_version_order_then_by_name() {
        let files = paths(&[
            "versioned/v1.10/b.sql",
            "versioned/v1.2/z.sql",
            "versioned/v1.2/a.sql",
            "versioned/v1.0/schema.sql",
            "versioned/README.sql",
            "versioned/v1.3/nested/x.sql",
        ]);
        assert_eq!(detect_layout("versioned", &files), Layout::Versioned);
        assert_eq!(
            ids(&migrations("versioned", &files, Layout::Versioned)),
            ["v1.0/schema", "v1.2/a", "v1.2/z", "v1.10/b"]
        );
        assert_eq!(version("v1.10/b", Layout::Versioned), "v1.10");
    }
}
