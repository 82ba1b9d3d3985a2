//! What an analyzer reports: a rule id, a message and where, on either side of the release.

use std::ops::Range;

use super::class::Window;
use super::rule_id::RuleId;
use super::source::FileId;

/// A byte range in one file of [`super::Sources`]. Offsets are `u32`: a large API holds
/// hundreds of thousands of spans, and files of 4 GiB or more are not read (a span past that
/// would be cut at 4 GiB, never wrap).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub file: FileId,
    start: u32,
    end: u32,
}

impl Span {
    pub fn new(file: FileId, range: Range<usize>) -> Self {
        let narrow = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Span {
            file,
            start: narrow(range.start),
            end: narrow(range.end),
        }
    }

    pub fn start(&self) -> usize {
        self.start as usize
    }

    pub fn end(&self) -> usize {
        self.end as usize
    }

    pub fn range(&self) -> Range<usize> {
        self.start()..self.end()
    }

    pub fn len(&self) -> usize {
        self.end() - self.start()
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

/// A span with the short text shown under it in a code frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub text: Option<String>,
}

impl Label {
    pub fn new(span: Span) -> Self {
        Label { span, text: None }
    }

    pub fn with_text(span: Span, text: impl Into<String>) -> Self {
        Label {
            span,
            text: Some(text.into()),
        }
    }
}

/// One detected change, as a rule words it. Its class, windows and effect are not here: they are
/// the rule's, looked up in the catalog when the report is built. A finding may only narrow the
/// rule's windows to the one it threatens ([`Finding::only_in`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The rule, which has a page in `rules/`.
    pub rule: RuleId,
    pub message: String,
    /// Where the change is in the new version (the primary frame).
    pub new: Option<Label>,
    /// Where the changed thing was in the old version (the related frame).
    pub old: Option<Label>,
    /// A help text specific to this finding; the rule's one-line safe alternative otherwise.
    pub help: Option<String>,
    /// Further facts: the assumption a tolerant finding rests on, the objects it affects.
    pub notes: Vec<String>,
    /// The one window of the rule's this finding threatens, where the rule has two: an
    /// availability rule on an up script threatens the rollout, on a down script the rollback.
    pub window: Option<Window>,
    /// Every operation and message the change reaches, the one the message names first; empty
    /// where a finding is about no operation (every kind but OpenAPI).
    pub reaches: Vec<Reach>,
}

/// What a finding reaches: one change to a shared schema is one finding that reaches many
/// operations, or many payload schemas.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reach {
    /// An API operation, and where in it.
    Operation {
        /// `POST /pets`, `webhook newPet POST`.
        operation: String,
        operation_id: Option<String>,
        /// The message of the operation the change is in (`request body (application/json)`);
        /// `None` for a change to the operation itself, such as a parameter made required.
        message: Option<String>,
    },
    /// A payload schema whose comparison meets the change, and the instance path where.
    Schema { schema: String, path: String },
}

impl Finding {
    pub fn new(rule: RuleId, message: impl Into<String>) -> Self {
        Finding {
            rule,
            message: message.into(),
            new: None,
            old: None,
            help: None,
            notes: Vec::new(),
            window: None,
            reaches: Vec::new(),
        }
    }

    pub fn at_new(mut self, span: Span, label: impl Into<String>) -> Self {
        self.new = Some(Label::with_text(span, label));
        self
    }

    pub fn at_old(mut self, span: Span, label: impl Into<String>) -> Self {
        self.old = Some(Label::with_text(span, label));
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    pub fn only_in(mut self, window: Window) -> Self {
        self.window = Some(window);
        self
    }

    /// The span findings are sorted and suppressed by: the new side when there is one.
    pub fn primary_span(&self) -> Option<Span> {
        self.new.as_ref().or(self.old.as_ref()).map(|l| l.span)
    }
}
