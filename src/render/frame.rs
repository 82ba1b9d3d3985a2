//! A miette [`SourceCode`] that cuts a span's context out of a [`SourceFile`] through the file's
//! line index.
//!
//! miette's own impls for `str` scan the text from its start for every span they read, which makes
//! a report of many findings in one large file quadratic. This one costs the size of the frame. It
//! returns what miette's `str` impl returns (same bytes, span and line), with three deliberate
//! differences: the column of a span read without context counts characters, not bytes, so the
//! `[path:line:column]` header agrees with the json and sarif formats; like [`SourceFile`], only
//! `\n` ends a line (miette also breaks on a lone `\r`); and `line_count` is the frame's own, as
//! the trait documents it (miette's counts from the start of the file).

use std::ops::Range;

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

use crate::core::SourceFile;

/// Lines longer than this (in bytes) are shown as a window around the span.
const LONG_LINE: usize = 512;
/// How much of a long line is shown on each side of a span, and the longest label on one.
const WINDOW: usize = 120;

#[derive(Debug, Clone, Copy)]
pub(crate) struct FrameSource<'a> {
    file: &'a SourceFile,
}

impl<'a> FrameSource<'a> {
    pub(crate) fn new(file: &'a SourceFile) -> Self {
        FrameSource { file }
    }

    /// The span as miette wants it: within the text and on character boundaries, so that a
    /// slightly wrong span still draws a frame instead of an error.
    pub(crate) fn span(&self, range: Range<usize>) -> SourceSpan {
        let range = clamp(self.file.text(), range);
        let line = self.file.line_range(self.file.line_of(range.start));
        if line.len() <= LONG_LINE {
            return SourceSpan::from(range);
        }
        // On a very long line (minified JSON, a generated statement) the label is cut to the
        // first part of the span on its first line, so the frame stays readable.
        let end = range.end.min(line.end).min(range.start + WINDOW);
        SourceSpan::from(clamp(self.file.text(), range.start..end))
    }

    /// The part of a long line around a span: miette draws whole lines, and it cannot draw
    /// columns past 65,535 at all.
    fn window(&self, start: usize, end: usize) -> Option<(Range<usize>, usize)> {
        let first = self.file.line_of(start);
        let line = self.file.line_range(first);
        if line.len() <= LONG_LINE || end > line.end {
            return None;
        }
        let text = self.file.text();
        let window = clamp(
            text,
            start.saturating_sub(WINDOW).max(line.start)..(end + WINDOW).min(line.end),
        );
        Some((window, first))
    }

    fn line_start(&self, line: usize) -> Option<usize> {
        (line < self.file.line_count()).then(|| self.file.line_range(line).start)
    }

    /// The line miette treats as the span's last: the line of its last byte, or the next one when
    /// that byte ends a line. An empty span's "last byte" is the one before it.
    fn last_line(&self, end: usize) -> usize {
        let bytes = self.file.text().as_bytes();
        let Some(last) = end.checked_sub(1).or((!bytes.is_empty()).then_some(0)) else {
            return 0;
        };
        let ends_line =
            bytes[last] == b'\n' || (bytes[last] == b'\r' && bytes.get(last + 1) == Some(&b'\n'));
        self.file.line_of(last) + usize::from(ends_line)
    }
}

impl SourceCode for FrameSource<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let text = self.file.text();
        let (start, end) = (span.offset(), span.offset() + span.len());
        if end > text.len() {
            return Err(MietteError::OutOfBounds);
        }
        let wants_context = context_lines_before > 0 || context_lines_after > 0;
        if let Some((window, line)) = self.window(start, end).filter(|_| wants_context) {
            let column = text[self.file.line_range(line).start..window.start]
                .chars()
                .count();
            return Ok(Box::new(MietteSpanContents::new_named(
                self.file.path().to_owned(),
                &text.as_bytes()[window.clone()],
                SourceSpan::from(window),
                line,
                column,
                1,
            )));
        }
        let first = self.file.line_of(start);
        let (from, line, column) = if context_lines_before == 0 {
            let line_start = self.file.line_range(first).start;
            let column = text
                .get(line_start..start)
                .map_or(start - line_start, |s| s.chars().count());
            (start, first, column)
        } else {
            let line = first.saturating_sub(context_lines_before);
            (self.file.line_range(line).start, line, 0)
        };
        let (to, to_line) = if context_lines_after == 0 {
            (end, self.file.line_of(end))
        } else {
            let line = self.last_line(end) + context_lines_after;
            match self.line_start(line + 1) {
                Some(next) => (next, line),
                None => (text.len(), self.file.line_count() - 1),
            }
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.file.path().to_owned(),
            &text.as_bytes()[from..to],
            SourceSpan::from(from..to),
            line,
            column,
            to_line.saturating_sub(line) + 1,
        )))
    }
}

/// `range` cut to the text and widened to character boundaries.
pub(crate) fn clamp(text: &str, range: Range<usize>) -> Range<usize> {
    let mut start = range.start.min(text.len());
    let mut end = range.end.clamp(start, text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    while !text.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

#[cfg(test)]
mod tests {
    use std::fmt;

    use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan};

    use super::*;
    use crate::core::Side;

    const TEXT: &str =
        "create table t (\n\tid int,\r\n\tname\ttext\n);\n\nalter table t\n  add x int;";
    const UNICODE: &str = "-- é\ncreate table ü (\n\tnäme text, -- ça\n\tid int\n);\n";

    /// Every non-empty span on character boundaries, and a few empty ones.
    fn spans(text: &str) -> Vec<Range<usize>> {
        let bounds: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        let mut spans = Vec::new();
        for (i, &start) in bounds.iter().enumerate() {
            spans.push(start..start);
            spans.extend(bounds[i + 1..].iter().map(|&end| start..end));
        }
        spans
    }

    /// What miette uses of a read: the text, span and first line of a frame's context; only the
    /// position of a read without context (the `[path:line:column]` header).
    fn contents(source: &dyn SourceCode, span: &Range<usize>, context: usize) -> String {
        let span = SourceSpan::from(span.clone());
        match source.read_span(&span, context, context) {
            Ok(c) if context == 0 => format!("line {} column {}", c.line(), c.column()),
            Ok(c) => format!(
                "{:?} {:?} line {}",
                String::from_utf8_lossy(c.data()),
                c.span(),
                c.line()
            ),
            Err(e) => format!("{e}"),
        }
    }

    #[test]
    fn spans_far_into_a_long_line_draw_a_window() {
        let text = format!(
            "{}drop table t; -- é{}\n",
            " ".repeat(70_000),
            "x".repeat(3_000)
        );
        let file = SourceFile::new("long.sql", Side::New, text.as_str());
        let source = FrameSource::new(&file);
        let span = source.span(70_000..70_013);
        let contents = source.read_span(&span, 1, 1).expect("readable");
        assert!(contents.data().len() < 300);
        let header = source.read_span(&span, 0, 0).expect("readable");
        assert_eq!(header.column(), 70_000);
    }

    #[test]
    fn reads_the_same_context_as_miette_for_every_span() {
        for text in [TEXT, UNICODE] {
            let file = SourceFile::new("a.sql", Side::New, text);
            let ours = FrameSource::new(&file);
            for span in spans(text) {
                // Columns are compared where bytes and characters agree (see
                // `columns_count_characters`) and where the span does not start between `\r` and
                // `\n`, a column miette gives the `\r` and `SourceFile::position` does not.
                let inside_crlf = text[..span.start].ends_with('\r');
                let contexts: &[usize] = if text.is_ascii() && !inside_crlf {
                    &[0, 1, 2]
                } else {
                    &[1, 2]
                };
                for &context in contexts {
                    assert_eq!(
                        contents(&ours, &span, context),
                        contents(&text, &span, context),
                        "span {span:?} with {context} lines of context in {text:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn columns_count_characters() {
        let file = SourceFile::new("a.sql", Side::New, UNICODE);
        let ours = FrameSource::new(&file);
        let offset = UNICODE.find("ça").unwrap();
        let read = ours
            .read_span(&SourceSpan::from(offset..offset + 3), 0, 0)
            .unwrap();
        assert_eq!(
            (read.line(), read.column()),
            (2, "\tnäme text, -- ".chars().count())
        );
        assert_eq!(read.data(), "ça".as_bytes());
        assert_eq!(read.name(), Some("a.sql"));
    }

    #[test]
    fn spans_past_the_end_are_out_of_bounds() {
        let file = SourceFile::new("a.sql", Side::New, "abc");
        let span = SourceSpan::from(2..5);
        assert!(FrameSource::new(&file).read_span(&span, 1, 1).is_err());
        assert_eq!(clamp("aé", 2..9), 1..3);
    }

    #[derive(Debug)]
    struct Frame<S> {
        source: S,
        span: Range<usize>,
    }

    impl<S> fmt::Display for Frame<S> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("message")
        }
    }

    impl<S: fmt::Debug> std::error::Error for Frame<S> {}

    impl<S: SourceCode + fmt::Debug> Diagnostic for Frame<S> {
        fn source_code(&self) -> Option<&dyn SourceCode> {
            Some(&self.source)
        }

        fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
            let label = LabeledSpan::new_primary_with_span(Some("here".into()), self.span.clone());
            Some(Box::new(std::iter::once(label)))
        }
    }

    fn draw(diagnostic: &dyn Diagnostic) -> String {
        let handler = GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor());
        let mut out = String::new();
        handler.render_report(&mut out, diagnostic).unwrap();
        out
    }

    #[test]
    fn draws_the_same_frames_as_miette() {
        let file = SourceFile::new("a.sql", Side::New, TEXT);
        let named = miette::NamedSource::new("a.sql", TEXT.to_owned());
        for span in spans(TEXT) {
            if TEXT[..span.start].ends_with('\r') {
                continue;
            }
            let ours = draw(&Frame {
                source: FrameSource::new(&file),
                span: span.clone(),
            });
            let theirs = draw(&Frame {
                source: named.clone(),
                span: span.clone(),
            });
            assert_eq!(ours, theirs, "span {span:?}");
            assert!(span.is_empty() || ours.contains("here"), "{ours}");
        }
    }

    #[test]
    fn draws_tabs_and_wide_characters_like_miette_but_counts_columns_in_characters() {
        let file = SourceFile::new("a.sql", Side::New, UNICODE);
        let named = miette::NamedSource::new("a.sql", UNICODE.to_owned());
        let start = UNICODE.find("text").unwrap();
        let span = start..start + 4;
        let ours = draw(&Frame {
            source: FrameSource::new(&file),
            span: span.clone(),
        });
        let theirs = draw(&Frame {
            source: named,
            span,
        });
        // miette counts the two bytes of `ä` as two columns; a tab is one character.
        assert!(ours.contains("[a.sql:3:7]"), "{ours}");
        assert!(theirs.contains("[a.sql:3:8]"), "{theirs}");
        assert_eq!(ours.replace("[a.sql:3:7]", "[a.sql:3:8]"), theirs);
    }
}
