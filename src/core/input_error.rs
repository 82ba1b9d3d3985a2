//! What a run meets besides findings: input it cannot read, and the settings that change a rule.

use super::class::Class;
use super::finding::Span;

/// How the configuration changes a rule: its class replaced, or the rule turned off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleSetting {
    Off,
    Class(Class),
}

/// A file that could not be read or understood. It makes the run exit with code 2, but the
/// findings of every other file are still reported.
#[derive(Debug, Clone)]
pub struct InputError {
    /// Path relative to the compared root, when the error is about one file.
    pub file: Option<String>,
    pub message: String,
    /// Where in the file, when the file is in the report's sources.
    pub span: Option<Span>,
    pub help: Option<String>,
}

impl InputError {
    pub fn new(file: Option<String>, message: impl Into<String>) -> Self {
        InputError {
            file,
            message: message.into(),
            span: None,
            help: None,
        }
    }

    pub fn at(mut self, span: Span) -> Self {
        self.span = Some(span);
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}
