//! Errors that stop a run: usage, configuration, git and unreadable input. Findings are not errors;
//! a file that cannot be parsed is an [`crate::core::InputError`] inside the report.

use std::ops::Range;
use std::sync::Arc;

/// An error about a place in a file the user wrote (compat.toml, mostly), shown as a code frame.
#[derive(Debug, Clone)]
pub struct FileDiagnostic {
    /// The path as the user would type it.
    pub path: String,
    pub text: Arc<str>,
    /// Byte range in `text`.
    pub span: Range<usize>,
    pub message: String,
    /// The label under the frame.
    pub label: String,
    pub help: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Arguments that do not make sense together, an unknown rule id, an unknown kind.
    #[error("{message}")]
    Usage {
        message: String,
        help: Option<String>,
    },
    /// A bad compat.toml, with a frame into it.
    #[error("{}: {}", .0.path, .0.message)]
    Config(Box<FileDiagnostic>),
    /// git failed or the revision does not exist.
    #[error("git: {message}")]
    Git {
        message: String,
        help: Option<String>,
    },
    /// A path that cannot be read at all.
    #[error("{path}: {message}")]
    Io { path: String, message: String },
}

impl Error {
    pub fn usage(message: impl Into<String>) -> Self {
        Error::Usage {
            message: message.into(),
            help: None,
        }
    }

    pub fn usage_with_help(message: impl Into<String>, help: impl Into<String>) -> Self {
        Error::Usage {
            message: message.into(),
            help: Some(help.into()),
        }
    }

    pub fn git(message: impl Into<String>) -> Self {
        Error::Git {
            message: message.into(),
            help: None,
        }
    }

    pub fn io(path: impl Into<String>, error: &std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            message: error.to_string(),
        }
    }

    /// The hint shown under the message, if any.
    pub fn help(&self) -> Option<&str> {
        match self {
            Error::Usage { help, .. } | Error::Git { help, .. } => help.as_deref(),
            Error::Config(diagnostic) => diagnostic.help.as_deref(),
            Error::Io { .. } => None,
        }
    }
}
