//! The command line, as clap derives it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "compat",
    version = env!("COMPAT_VERSION"),
    about = "Checks that a release is safe while old and new versions run side by side",
    long_about = "Compares the old and new version of SQL migrations, payload schemas (JSON Schema, protobuf) \
                  and API schemas (OpenAPI, gRPC), and classifies every change as additive, tolerant or breaking \
                  for the rollout window and for rollback."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Compare the working tree (or --head, or the index) against a git base.
    Check(CheckArgs),
    /// Compare two files or two directories, without git.
    Diff(DiffArgs),
    /// Print a rule's page.
    Explain {
        /// A rule id, e.g. core/unused-suppression.
        rule: String,
    },
    /// List the rule catalog.
    Rules {
        #[arg(long, value_enum, default_value_t = RulesFormat::Table)]
        format: RulesFormat,
    },
    /// Print a shell completion script, e.g. `compat completions bash > /etc/bash_completion.d/compat`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Write a compat.toml describing the artifacts detected in this repository.
    Init {
        /// Print it instead of writing compat.toml.
        #[arg(long)]
        stdout: bool,
        /// Overwrite an existing compat.toml.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The version that is deployed now [default: merge-base of HEAD with its upstream, else with
    /// main or master].
    #[arg(long, value_name = "REF")]
    pub base: Option<String>,
    /// The version to release [default: the working tree].
    #[arg(long, value_name = "REF", conflicts_with = "staged")]
    pub head: Option<String>,
    /// Compare the index (what `git commit` would record) against HEAD; for pre-commit hooks.
    #[arg(long)]
    pub staged: bool,
    /// Only the artifacts with files under these paths.
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The old file or directory.
    pub old: PathBuf,
    /// The new file or directory.
    pub new: PathBuf,
    /// The kind of artifact, when it cannot be told from the files.
    #[arg(long, value_enum)]
    pub kind: Option<KindArg>,
    /// The compatibility mode of two JSON Schema files [default: full]. The `_transitive` modes
    /// need git history: declare them in compat.toml for `compat check`.
    #[arg(long, value_enum, value_name = "MODE")]
    pub mode: Option<ModeArg>,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, Args)]
pub struct Common {
    #[arg(long, value_enum, default_value_t = FormatArg::Human, global = true)]
    pub format: FormatArg,
    /// Exit with 1 when a finding is at or above this class [default: breaking, or compat.toml's].
    #[arg(long, value_enum, global = true)]
    pub fail_on: Option<FailOnArg>,
    #[arg(long, value_enum, default_value_t = ColorArg::Auto, global = true)]
    pub color: ColorArg,
    /// Print only the findings, without the summary line.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Draw a code frame for every finding (by default each rule's first two findings get
    /// frames and the others one line each).
    #[arg(long, global = true)]
    pub full: bool,
    /// Use this configuration instead of the nearest compat.toml.
    #[arg(long, value_name = "FILE", global = true)]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Human,
    Json,
    Sarif,
    Github,
    Junit,
    Markdown,
    /// One line per finding: `path:line:col: class rule: message`.
    Concise,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    Table,
    Json,
    Markdown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOnArg {
    Breaking,
    Tolerant,
    Additive,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    Sql,
    Jsonschema,
    Proto,
    Openapi,
}

/// Schema-registry compatibility modes, spelled as in compat.toml (`-` works too).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ModeArg {
    /// The new schema reads what the old one admitted.
    Backward,
    #[value(name = "backward_transitive", alias = "backward-transitive")]
    BackwardTransitive,
    /// The old schema reads what the new one admits.
    Forward,
    #[value(name = "forward_transitive", alias = "forward-transitive")]
    ForwardTransitive,
    /// Both directions.
    Full,
    #[value(name = "full_transitive", alias = "full-transitive")]
    FullTransitive,
}
