//! A text rewritten before it is parsed (an edition lowered to proto2, SQL placeholders
//! replaced by their values) and the way from offsets of the rewritten text back to the
//! original, so that every frame points at what the user wrote.

use std::ops::Range;

/// One change to the original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub at: usize,
    /// Bytes of the original replaced.
    pub removed: usize,
    pub inserted: String,
}

/// A rewritten text and the way back to the original offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rewrite {
    pub text: String,
    /// `(rewritten offset, original offset)` at the start of each edit and just after it,
    /// sorted; between two entries, offsets move together.
    anchors: Vec<(usize, usize)>,
}

impl Rewrite {
    /// Applies `edits` to `original`; an edit that overlaps one before it is dropped.
    pub fn apply(original: &str, mut edits: Vec<Edit>) -> Rewrite {
        edits.sort_by_key(|e| e.at);
        let grown: usize = edits.iter().map(|e| e.inserted.len()).sum();
        let mut text = String::with_capacity(original.len() + grown);
        let mut anchors = Vec::with_capacity(edits.len() * 2);
        let mut from = 0;
        for edit in edits {
            if edit.at < from || original.get(edit.at..edit.at + edit.removed).is_none() {
                continue;
            }
            text.push_str(&original[from..edit.at]);
            anchors.push((text.len(), edit.at));
            text.push_str(&edit.inserted);
            from = edit.at + edit.removed;
            anchors.push((text.len(), from));
        }
        text.push_str(&original[from..]);
        Rewrite { text, anchors }
    }

    /// The original offset of a rewritten offset. Inside an inserted piece it is the offset the
    /// piece was inserted at, moved along the replaced text as far as it goes.
    pub fn original(&self, rewritten: usize) -> usize {
        let at = self.anchors.partition_point(|&(r, _)| r <= rewritten);
        match at.checked_sub(1).map(|i| self.anchors[i]) {
            Some((r, o)) => {
                let next = self.anchors.get(at).copied();
                match next {
                    // Inside an edit: clamp to where the original piece ends.
                    Some((nr, no)) if no < o + (nr - r) => o + (rewritten - r).min(no - o),
                    _ => o + (rewritten - r),
                }
            }
            None => rewritten,
        }
    }

    /// The original range of a rewritten range.
    pub fn original_range(&self, rewritten: Range<usize>) -> Range<usize> {
        let start = self.original(rewritten.start);
        start..self.original(rewritten.end).max(start)
    }

    /// The rewritten range of an original range; an edit's whole original piece maps to its whole
    /// insertion, so [`Rewrite::original_range`] takes it back.
    pub fn rewritten_range(&self, original: Range<usize>) -> Range<usize> {
        let forward = |offset: usize| {
            let at = self.anchors.partition_point(|&(_, o)| o <= offset);
            match at.checked_sub(1).map(|i| self.anchors[i]) {
                Some((r, o)) => r + (offset - o),
                None => offset,
            }
        };
        let start = forward(original.start);
        start..forward(original.end).max(start)
    }

    /// Whether the text was changed at all.
    pub fn is_identity(&self) -> bool {
        self.anchors.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_after_an_edit_move_back_by_its_growth() {
        let original = "select ${schema}.users;";
        let rewrite = Rewrite::apply(
            original,
            vec![Edit {
                at: 7,
                removed: 9,
                inserted: "auth".to_owned(),
            }],
        );
        assert_eq!(rewrite.text, "select auth.users;");
        let users = rewrite.text.find("users").unwrap();
        assert_eq!(&original[rewrite.original(users)..], "users;");
        // The whole replacement maps to the whole placeholder.
        assert_eq!(&original[rewrite.original_range(7..11)], "${schema}");
        assert_eq!(
            rewrite.original_range(0..rewrite.text.len()),
            0..original.len()
        );
        assert_eq!(rewrite.rewritten_range(7..16), 7..11);
    }

    #[test]
    fn a_longer_insertion_clamps_to_the_text_it_replaced() {
        let original = "a ${s} b";
        let rewrite = Rewrite::apply(
            original,
            vec![Edit {
                at: 2,
                removed: 4,
                inserted: "a_long_schema".to_owned(),
            }],
        );
        assert_eq!(rewrite.original(2 + 10), 6);
        assert_eq!(rewrite.original(rewrite.text.len()), original.len());
    }
}
