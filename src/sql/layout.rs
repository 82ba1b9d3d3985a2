//! Which files of a migration directory are migrations, in which order, and which file undoes
//! which. Works on paths only; the one layout that lives inside the text (dbmate's
//! `-- migrate:up` / `-- migrate:down` sections) is split by [`dbmate_sections`].

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::ops::Range;

use super::parse::Wrap;
use crate::input::config::{Dialect, Layout};

/// A script to run: a whole file, or a byte range of it (a dbmate section).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Script {
    /// Path relative to the tree root.
    pub path: String,
    /// `None` for the whole file.
    pub range: Option<Range<usize>>,
}

impl Script {
    fn whole(path: &str) -> Script {
        Script {
            path: path.to_owned(),
            range: None,
        }
    }
}

/// One migration: what the tool applies going forward and what reverts it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Migration {
    /// The version and name as the tool sees them: `0001_init`, `V2__add_email`, `R__views`.
    pub id: String,
    pub up: Option<Script>,
    pub down: Option<Script>,
}

/// Detects the layout of a migration directory from the names of its files.
pub fn detect_layout(root: &str, paths: &[String]) -> Layout {
    let relative: Vec<&str> = paths.iter().map(|p| relative_to(root, p)).collect();
    if relative.contains(&"atlas.sum") {
        Layout::Atlas
    } else if relative
        .iter()
        .any(|p| p.contains('/') && matches!(file_name(p), "up.sql" | "down.sql"))
    {
        Layout::Diesel
    } else if relative
        .iter()
        .any(|p| p.contains('/') && file_name(p) == "migration.sql")
    {
        Layout::Prisma
    } else if relative.iter().any(|p| is_flyway_name(file_name(p))) {
        Layout::Flyway
    } else if relative
        .iter()
        .any(|p| p.ends_with(".up.sql") || p.ends_with(".down.sql"))
    {
        Layout::GolangMigrate
    } else {
        Layout::Plain
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
                    id: stem(name).to_owned(),
                    up: Some(Script::whole(path)),
                    down: None,
                });
                continue;
            }
            Layout::Flyway => flyway_id(name),
            _ => suffix_id(name),
        };
        let entry = by_id.entry(id.clone()).or_insert_with(|| Migration {
            id,
            up: None,
            down: None,
        });
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
/// an applied file changed (Flyway, sqlx, Prisma, Atlas's `atlas.sum`). Without one, an edit the
/// database cannot see (a comment) changes nothing.
pub fn keeps_checksums(layout: Layout) -> bool {
    match layout {
        Layout::Flyway | Layout::Sqlx | Layout::Prisma | Layout::Atlas => true,
        Layout::GolangMigrate
        | Layout::Diesel
        | Layout::Dbmate
        | Layout::Plain
        | Layout::SchemaFile => false,
    }
}

/// Flyway's repeatable migrations (`R__views`): re-applied whenever their text changes.
pub fn is_repeatable(id: &str, layout: Layout) -> bool {
    layout == Layout::Flyway && id.starts_with("R__")
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
        Layout::Flyway if !is_repeatable(id, layout) => {
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
        Layout::GolangMigrate | Layout::Sqlx | Layout::Dbmate | Layout::Atlas => leading_number(id),
        Layout::Diesel => Some(id.split('_').next().unwrap_or(id).replace('-', "")),
        _ => None,
    }
}

/// How the layout's tool runs a migration file on this dialect, unless a file says otherwise.
/// MySQL commits around every DDL statement, so no tool can wrap its DDL in a transaction.
pub fn transaction_default(layout: Layout, dialect: Dialect) -> Wrap {
    if dialect == Dialect::Mysql {
        return Wrap::None;
    }
    match layout {
        Layout::Flyway | Layout::Diesel | Layout::Sqlx | Layout::Dbmate | Layout::Atlas => {
            Wrap::File
        }
        Layout::GolangMigrate | Layout::Prisma => Wrap::Batch,
        Layout::Plain | Layout::SchemaFile => Wrap::None,
    }
}

/// What a script's own text tells its tool about the transaction: sqlx's `-- no-transaction`
/// first line, the `transaction:false` option of a dbmate section's marker line (`range` is the
/// section), Flyway's `-- flyway:executeInTransaction=false` header comment. `None` when it says
/// nothing.
pub fn transaction_marker(
    text: &str,
    range: Option<&Range<usize>>,
    layout: Layout,
) -> Option<bool> {
    match (layout, range) {
        (_, Some(section)) => {
            let marker = text.get(..section.start)?.lines().last()?;
            let options = marker.trim().strip_prefix("-- migrate:")?;
            options
                .split_whitespace()
                .any(|o| o == "transaction:false")
                .then_some(false)
        }
        (Layout::Sqlx, None) => text
            .lines()
            .next()
            .is_some_and(|line| line.trim() == "-- no-transaction")
            .then_some(false),
        (Layout::Flyway, None) => super::script_config::flyway_directive(text),
        _ => None,
    }
}

/// What a migration is ordered by: the id, except Flyway's `V1_2__x`, whose version is `1.2`.
pub fn version(id: &str, layout: Layout) -> String {
    match layout {
        Layout::Flyway => id
            .strip_prefix('V')
            .and_then(|rest| rest.split_once("__"))
            .map_or_else(|| id.to_owned(), |(v, _)| v.replace('_', ".")),
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

/// dbmate's sections: the byte ranges after the `-- migrate:up` and `-- migrate:down` marker
/// lines, each running to the next marker line or the end. `None` without a `-- migrate:up`.
pub fn dbmate_sections(text: &str) -> Option<(Range<usize>, Option<Range<usize>>)> {
    // (marker line start, section start, is_up)
    let mut markers: Vec<(usize, usize, bool)> = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let after = line_start + line.len();
        if let Some(options) = line.trim().strip_prefix("-- migrate:") {
            match options.split_whitespace().next() {
                Some("up") => markers.push((line_start, after, true)),
                Some("down") => markers.push((line_start, after, false)),
                _ => {}
            }
        }
        line_start = after;
    }
    let section = |index: usize| {
        let (_, start, _) = markers[index];
        let end = markers.get(index + 1).map_or(text.len(), |next| next.0);
        start..end
    };
    let up = markers.iter().position(|m| m.2).map(section)?;
    let down = markers.iter().position(|m| !m.2).map(section);
    Some((up, down))
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
        assert_eq!(
            transaction_marker(
                "-- no-transaction\nCREATE INDEX CONCURRENTLY i ON t (a);",
                None,
                Layout::Sqlx
            ),
            Some(false)
        );
        let dbmate = "-- migrate:up\nSELECT 1;\n-- migrate:down transaction:false\nSELECT 2;\n";
        let (up, down) = dbmate_sections(dbmate).expect("sections");
        assert_eq!(transaction_marker(dbmate, Some(&up), Layout::Dbmate), None);
        let down = down.expect("down");
        assert_eq!(
            transaction_marker(dbmate, Some(&down), Layout::Dbmate),
            Some(false)
        );
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
    fn dbmate_sections_split_at_the_markers() {
        let text = "-- migrate:up\nCREATE TABLE t (a int);\n\n-- migrate:down\nDROP TABLE t;\n";
        let (up, down) = dbmate_sections(text).expect("sections");
        assert_eq!(&text[up], "CREATE TABLE t (a int);\n\n");
        assert_eq!(&text[down.expect("down")], "DROP TABLE t;\n");
        assert_eq!(dbmate_sections("CREATE TABLE t (a int);"), None);

        let only_up = "-- migrate:up transaction:false\nSELECT 1;";
        let (up, down) = dbmate_sections(only_up).expect("sections");
        assert_eq!(&only_up[up], "SELECT 1;");
        assert_eq!(down, None);
    }
}
