//! Number and string keywords of a reader, against the writer's bounds, patterns, formats and
//! content encodings.

use super::facts::{Facts, effective_lower, effective_upper, integers_only};
use super::{Checker, Fact, NumberBound, View};
use crate::core::Span;
use crate::schema::model::{Extra, SchemaId, Types};

impl Checker<'_> {
    pub(super) fn numbers(
        &mut self,
        facts: &Facts,
        types: Types,
        k: &crate::schema::model::Keywords,
        path: &[String],
    ) -> bool {
        let numbers = types.and(Types::NUMBER);
        let lower = effective_lower(facts.lower, numbers);
        let upper = effective_upper(facts.upper, numbers);
        let mut ok = true;
        let checks = [
            (&k.numbers().minimum, false, true, "minimum"),
            (
                &k.numbers().exclusive_minimum,
                true,
                true,
                "exclusiveMinimum",
            ),
            (&k.numbers().maximum, false, false, "maximum"),
            (
                &k.numbers().exclusive_maximum,
                true,
                false,
                "exclusiveMaximum",
            ),
        ];
        for (kw, exclusive, is_lower, name) in checks {
            let Some(kw) = kw else { continue };
            let writer = if is_lower { lower } else { upper };
            let holds = writer.is_some_and(|b| {
                let beyond = if is_lower {
                    b.value > kw.value
                } else {
                    b.value < kw.value
                };
                beyond || (b.value == kw.value && (!exclusive || b.exclusive))
            });
            if !holds {
                let fact = || Fact::NumberBound {
                    keyword: name,
                    reader: kw.value,
                    writer: writer.map(|b| NumberBound {
                        value: b.value,
                        exclusive: b.exclusive,
                    }),
                };
                let writer_span = writer.map_or(facts.span, |b| b.span);
                ok = self.fail(fact, path, writer_span, kw.span) && ok;
                if !self.recording {
                    return false;
                }
            }
        }
        if let Some(m) = &k.numbers().multiple_of {
            let divides = |d: f64| {
                let q = d / m.value;
                d == m.value || (d.fract() == 0.0 && m.value.fract() == 0.0 && q.fract() == 0.0)
            };
            let holds = facts.multiples.iter().any(|&d| divides(d))
                || (integers_only(types) && divides(1.0));
            if !holds {
                let fact = || Fact::MultipleOf { reader: m.value };
                ok = self.fail(fact, path, facts.span, m.span) && ok;
            }
        }
        ok
    }

    pub(super) fn strings(
        &mut self,
        facts: &Facts,
        k: &crate::schema::model::Keywords,
        at: Span,
        path: &mut Vec<String>,
    ) -> bool {
        let mut ok = true;
        if let Some(m) = &k.strings().min_length
            && facts.min_length.is_none_or(|w| w < m.value)
        {
            let fact = || Fact::MinLength {
                reader: m.value,
                writer: facts.min_length,
            };
            ok = self.fail(fact, path, facts.span, m.span) && ok;
        }
        if let Some(m) = &k.strings().max_length
            && facts.max_length.is_none_or(|w| w > m.value)
        {
            let fact = || Fact::MaxLength {
                reader: m.value,
                writer: facts.max_length,
            };
            ok = self.fail(fact, path, facts.span, m.span) && ok;
        }
        if let Some(p) = &k.strings().pattern
            && !facts.patterns.contains(&p.value.as_str())
        {
            let fact = || Fact::Pattern {
                reader: p.value.clone(),
                writer: facts.patterns.iter().map(|&w| w.to_owned()).collect(),
            };
            let writer_span = facts.string_span.unwrap_or(facts.span);
            ok = self.fail(fact, path, writer_span, p.span) && ok;
        }
        ok = self.content(facts, k, at, path) && ok;
        if let Some(f) = &k.strings().format
            && !facts.formats.contains(&f.value.as_str())
        {
            let fact = || Fact::Format {
                reader: f.value.clone(),
            };
            let writer_span = facts.string_span.unwrap_or(facts.span);
            ok = self.fail(fact, path, writer_span, f.span) && ok;
        }
        ok
    }
    /// `contentEncoding`, `contentMediaType` and `contentSchema`: the same reading of the string
    /// on both sides, and decoded content the reader accepts.
    fn content(
        &mut self,
        facts: &Facts,
        k: &crate::schema::model::Keywords,
        at: Span,
        path: &mut Vec<String>,
    ) -> bool {
        if !k.has_extra() && !facts.has_extra {
            return true;
        }
        let w = self.w;
        let writer: Vec<&Extra> = facts
            .conj
            .iter()
            .filter_map(|&id| w.get(id).keywords())
            .map(|k| k.extra())
            .collect();
        let mut ok = true;
        let readings = [
            (
                "contentEncoding",
                &k.extra().content_encoding,
                writer.iter().find_map(|s| s.content_encoding.as_ref()),
            ),
            (
                "contentMediaType",
                &k.extra().content_media_type,
                writer.iter().find_map(|s| s.content_media_type.as_ref()),
            ),
        ];
        for (keyword, read, written) in readings {
            let (read_as, written_as) =
                (read.as_ref().map(|r| &r.value), written.map(|w| &w.value));
            if read_as.map(|r| r.to_ascii_lowercase()) == written_as.map(|w| w.to_ascii_lowercase())
            {
                continue;
            }
            let reader_span = read.as_ref().map_or(at, |r| r.span);
            let writer_span = written.map_or(facts.span, |w| w.span);
            let fact = || Fact::Content {
                keyword,
                reader: read_as.cloned(),
                writer: written_as.cloned(),
            };
            ok = self.fail(fact, path, writer_span, reader_span) && ok;
        }
        if let Some(schema) = &k.extra().content_schema {
            let own: Vec<SchemaId> = writer
                .iter()
                .filter_map(|s| s.content_schema.as_ref().map(|c| c.value))
                .collect();
            path.push("<content>".to_owned());
            ok = self.sub(&View::of(own, facts.span), schema.value, path) && ok;
            path.pop();
        }
        ok
    }
}
