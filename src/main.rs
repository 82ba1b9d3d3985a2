//! The `compat` binary: parses arguments, calls the library, prints, and picks the exit code.

mod cli;

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;
use compat::Error;
use compat::catalog::catalog;
use compat::core::Class;
use compat::input::config::{FailOn, Kind, Mode};
use compat::render::{self, CatalogFormat, Format, Style};
use compat::run::{self, CheckRequest, Head};

use cli::{Cli, ColorArg, Command, Common, FailOnArg, FormatArg, KindArg, ModeArg, RulesFormat};

/// With glibc's allocator a large check spends a quarter to half of its time in malloc and free,
/// most of it freeing parse trees and descriptor pools built on other threads; mimalloc halves the
/// proto and SQL benchmarks. Its v2 line returns freed pages to the system after 10 ms where v3
/// waits a second, which keeps the peak memory of a large OpenAPI comparison lower (by about a
/// tenth) at the same speed. Every bench declares the same allocator, so that it measures what
/// ships.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Exit codes: nothing at or above `--fail-on`; findings at or above it; usage, config, git or
/// input errors.
const OK: u8 = 0;
const FINDINGS: u8 = 1;
const ERROR: u8 = 2;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { ERROR } else { OK });
        }
    };
    ExitCode::from(run(cli))
}

fn run(cli: Cli) -> u8 {
    let cwd = match std::env::current_dir() {
        Ok(dir) => dir,
        Err(e) => return fail(&Error::io(".", &e), &stderr_style(ColorArg::Auto)),
    };
    match cli.command {
        Command::Check(args) => {
            let request = CheckRequest {
                cwd,
                base: args.base,
                head: match (args.staged, args.head) {
                    (true, _) => Head::Staged,
                    (false, Some(rev)) => Head::Revision(rev),
                    (false, None) => Head::WorkingTree,
                },
                paths: args.paths,
                config: args.common.config.clone(),
            };
            finish(run::check(&request), &args.common)
        }
        Command::Diff(args) => {
            let kind = args.kind.map(kind_of);
            finish(
                run::diff(
                    &args.old,
                    &args.new,
                    kind,
                    args.mode.map(mode_of),
                    args.common.config.as_deref(),
                    &cwd,
                ),
                &args.common,
            )
        }
        Command::Explain { rule } => match catalog().get(&rule) {
            Some(rule) => print(&rule.explain()),
            None => {
                let close = catalog().closest(&rule);
                let error = if close.is_empty() {
                    Error::usage_with_help(
                        format!("unknown rule `{rule}`"),
                        "`compat rules` lists every rule",
                    )
                } else {
                    let list: Vec<String> = close.iter().map(|id| format!("`{id}`")).collect();
                    Error::usage_with_help(
                        format!("unknown rule `{rule}`"),
                        format!("did you mean {}?", list.join(", ")),
                    )
                };
                fail(&error, &stderr_style(ColorArg::Auto))
            }
        },
        Command::Rules { format } => {
            let format = match format {
                RulesFormat::Table => CatalogFormat::Table,
                RulesFormat::Json => CatalogFormat::Json,
                RulesFormat::Markdown => CatalogFormat::Markdown,
            };
            print(&render::catalog(catalog(), format))
        }
        Command::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(
                shell,
                &mut <Cli as clap::CommandFactory>::command(),
                "compat",
                &mut script,
            );
            print(&String::from_utf8_lossy(&script))
        }
        Command::Init { stdout, force } => match run::init(&cwd) {
            Err(e) => fail(&e, &stderr_style(ColorArg::Auto)),
            Ok((text, _)) if stdout => print(&text),
            Ok((text, path)) => {
                let target = path.unwrap_or_else(|| cwd.join(compat::input::config::FILE_NAME));
                if target.exists() && !force {
                    let error = Error::usage_with_help(
                        format!("{} already exists", target.display()),
                        "pass --force to overwrite it, or --stdout to print the detected setup",
                    );
                    return fail(&error, &stderr_style(ColorArg::Auto));
                }
                match std::fs::write(&target, text) {
                    Ok(()) => {
                        let _ = writeln!(std::io::stderr(), "wrote {}", target.display());
                        OK
                    }
                    Err(e) => fail(
                        &Error::io(target.display().to_string(), &e),
                        &stderr_style(ColorArg::Auto),
                    ),
                }
            }
        },
    }
}

fn finish(
    result: Result<(compat::report::Report, compat::input::config::Config), Error>,
    common: &Common,
) -> u8 {
    let style = stdout_style(common);
    let (report, config) = match result {
        Ok(done) => done,
        Err(e) => return fail(&e, &stderr_style(common.color)),
    };
    let fail_on = match common.fail_on {
        Some(FailOnArg::Breaking) => Some(Class::Breaking),
        Some(FailOnArg::Tolerant) => Some(Class::Tolerant),
        Some(FailOnArg::Additive) => Some(Class::Additive),
        Some(FailOnArg::Never) => None,
        None => config
            .fail_on
            .unwrap_or(FailOn::Class(Class::Breaking))
            .threshold(),
    };
    let format = match common.format {
        FormatArg::Human => Format::Human,
        FormatArg::Json => Format::Json,
        FormatArg::Sarif => Format::Sarif,
        FormatArg::Github => Format::Github,
        FormatArg::Junit => Format::Junit,
        FormatArg::Markdown => Format::Markdown,
        FormatArg::Concise => Format::Concise,
    };
    let printed = print(&render::report(&report, format, &style, fail_on));
    if printed != OK || !report.errors.is_empty() {
        ERROR
    } else if report.fails(fail_on) {
        FINDINGS
    } else {
        OK
    }
}

fn mode_of(mode: ModeArg) -> Mode {
    match mode {
        ModeArg::Backward => Mode::Backward,
        ModeArg::BackwardTransitive => Mode::BackwardTransitive,
        ModeArg::Forward => Mode::Forward,
        ModeArg::ForwardTransitive => Mode::ForwardTransitive,
        ModeArg::Full => Mode::Full,
        ModeArg::FullTransitive => Mode::FullTransitive,
    }
}

fn kind_of(kind: KindArg) -> Kind {
    match kind {
        KindArg::Sql => Kind::Sql,
        KindArg::Jsonschema => Kind::Jsonschema,
        KindArg::Proto => Kind::Proto,
        KindArg::Openapi => Kind::Openapi,
    }
}

/// Writes to stdout; a closed pipe (`compat ... | head`) is not an error worth a message.
fn print(text: &str) -> u8 {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => OK,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => OK,
        Err(_) => ERROR,
    }
}

fn fail(error: &Error, style: &Style) -> u8 {
    let _ = std::io::stderr().write_all(render::error(error, style).as_bytes());
    ERROR
}

fn color_enabled(choice: ColorArg, is_terminal: bool) -> bool {
    match choice {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    }
}

fn stdout_style(common: &Common) -> Style {
    Style {
        color: color_enabled(common.color, std::io::stdout().is_terminal()),
        width: terminal_width(),
        quiet: common.quiet,
        full: common.full,
    }
}

fn stderr_style(color: ColorArg) -> Style {
    Style {
        color: color_enabled(color, std::io::stderr().is_terminal()),
        width: terminal_width(),
        quiet: false,
        full: true,
    }
}

/// `COLUMNS` when the shell exports it, else a width that fits most terminals and CI logs.
fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|&w| w >= 40)
        .unwrap_or(100)
}
