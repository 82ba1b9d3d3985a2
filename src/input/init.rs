//! `compat init`: the detected artifact sets written out as a commented compat.toml.

use std::fmt::Write as _;

use super::config::{Encoding, Mode};
use super::discover::{ArtifactSet, SetOptions};

/// A compat.toml that declares `sets` explicitly, with every option shown at its default.
pub fn render(sets: &[ArtifactSet]) -> String {
    let mut out = String::from(
        "# compat.toml: what `compat check` compares, and how.\n\
         # Paths are relative to the repository root. `compat explain <rule>` documents each rule.\n\n\
         # Paths that are never artifacts (globs).\n\
         ignore = []\n\
         # Vendored and test-data trees: never artifacts of their own, still read where an\n\
         # artifact imports from them. The default, with what .gitattributes marks linguist-vendored:\n\
         # vendored = [\"**/vendor/**\", \"**/third_party/**\", \"**/node_modules/**\", \"**/testdata/**\"]\n\n\
         [check]\n\
         # base = \"origin/main\"    # the default --base\n\
         # fail_on = \"breaking\"    # breaking | tolerant | additive | never\n",
    );
    if sets.is_empty() {
        out.push_str("\n# No artifacts were detected. Declare them, e.g.:\n# [[sql]]\n# path = \"db/migrations\"\n");
    }
    for set in sets {
        out.push('\n');
        match &set.options {
            SetOptions::Sql(s) => {
                let _ = write!(
                    out,
                    "# {} migration files detected.\n[[sql]]\npath = {}\ndialect = {}              # postgres | mysql | sqlite\n\
                     # version = \"16\"                 # server version: decides which operations lock or rewrite\n\
                     # layout = \"flyway\"              # auto-detected when absent\n\
                     run = \"before-deploy\"          # migrations run before (usual) or after the code deploys\n\
                     # transaction_per_file = true      # whether the migration tool wraps each file in a transaction (default: what the layout's tool does)\n",
                    set.files.len(),
                    quote(&s.path),
                    quote(s.dialect.as_str()),
                );
            }
            SetOptions::Jsonschema(s) => {
                let _ = write!(
                    out,
                    "# Job and message payloads.\n[[jsonschema]]\nname = {}\npaths = {}\nmode = {}          # backward | forward | full, or *_transitive\n\
                     # transitive_depth = {}  # how many recent versions of a file a *_transitive mode compares with\n\
                     # samples = [\"samples/jobs\"]  # captured messages to validate across versions\n",
                    quote(&set.name),
                    list(&s.paths),
                    quote(mode(s.mode)),
                    s.transitive_depth,
                );
            }
            SetOptions::Proto(s) => {
                let _ = write!(
                    out,
                    "# Protobuf payloads and gRPC services ({} files).\n[[proto]]\nroots = {}               # import roots; detected when empty\n\
                     # encoding = {}        # binary | json | both\n",
                    set.files.len(),
                    list(&s.roots),
                    quote(encoding(s.encoding.unwrap_or_default())),
                );
            }
            SetOptions::Openapi(s) => {
                let _ = write!(
                    out,
                    "# API schemas.\n[[openapi]]\nname = {}\npaths = {}\n",
                    quote(&set.name),
                    list(&s.paths)
                );
            }
        }
    }
    out.push_str("\n# Per-rule settings: a class, or \"off\".\n[rules]\n# \"core/unused-suppression\" = \"off\"\n");
    out
}

fn quote(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

fn list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| quote(i)).collect();
    format!("[{}]", quoted.join(", "))
}

fn mode(m: Mode) -> &'static str {
    match m {
        Mode::Backward => "backward",
        Mode::BackwardTransitive => "backward_transitive",
        Mode::Forward => "forward",
        Mode::ForwardTransitive => "forward_transitive",
        Mode::Full => "full",
        Mode::FullTransitive => "full_transitive",
    }
}

fn encoding(e: Encoding) -> &'static str {
    match e {
        Encoding::Binary => "binary",
        Encoding::Json => "json",
        Encoding::Both => "both",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::catalog;
    use crate::input::config::Dialect;
    use crate::input::config::{Config, SqlSet};

    #[test]
    fn the_written_file_parses_back_to_the_same_sets() {
        let sql = SqlSet {
            name: None,
            path: "db/migrations".into(),
            dialect: Dialect::Postgres,
            version: None,
            layout: None,
            run: Default::default(),
            transaction_per_file: None,
            lock_timeout: None,
            placeholders: Default::default(),
        };
        let sets = vec![ArtifactSet {
            name: "db/migrations".into(),
            options: SetOptions::Sql(sql.clone()),
            files: vec!["db/migrations/1.sql".into()],
        }];
        let text = render(&sets);
        let config = Config::parse("compat.toml", &text, catalog()).expect("init output parses");
        assert_eq!(config.file.sql, [sql]);
    }
}
