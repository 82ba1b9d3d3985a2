//! The pairing of an element of the old version with the same element of the new one.

/// An element matched by identity across the two versions. Each kind's `diff` produces these once;
/// rules receive pairs and never search the other tree themselves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change<T> {
    Added {
        new: T,
    },
    Removed {
        old: T,
    },
    /// Present on both sides. Whether anything differs is for the rules to decide.
    Kept {
        old: T,
        new: T,
    },
}

impl<T> Change<T> {
    /// Pairs two optional sides; `None` when the element exists on neither.
    pub fn from_sides(old: Option<T>, new: Option<T>) -> Option<Self> {
        match (old, new) {
            (Some(old), Some(new)) => Some(Change::Kept { old, new }),
            (Some(old), None) => Some(Change::Removed { old }),
            (None, Some(new)) => Some(Change::Added { new }),
            (None, None) => None,
        }
    }

    pub fn old(&self) -> Option<&T> {
        match self {
            Change::Removed { old } | Change::Kept { old, .. } => Some(old),
            Change::Added { .. } => None,
        }
    }

    #[allow(clippy::new_ret_no_self, clippy::wrong_self_convention)]
    pub fn new(&self) -> Option<&T> {
        match self {
            Change::Added { new } | Change::Kept { new, .. } => Some(new),
            Change::Removed { .. } => None,
        }
    }

    pub fn as_ref(&self) -> Change<&T> {
        match self {
            Change::Added { new } => Change::Added { new },
            Change::Removed { old } => Change::Removed { old },
            Change::Kept { old, new } => Change::Kept { old, new },
        }
    }

    pub fn map<U>(self, mut f: impl FnMut(T) -> U) -> Change<U> {
        match self {
            Change::Added { new } => Change::Added { new: f(new) },
            Change::Removed { old } => Change::Removed { old: f(old) },
            Change::Kept { old, new } => Change::Kept {
                old: f(old),
                new: f(new),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Change;

    #[test]
    fn sides_pair_into_changes() {
        assert_eq!(
            Change::from_sides(Some(1), Some(2)),
            Some(Change::Kept { old: 1, new: 2 })
        );
        assert_eq!(
            Change::from_sides(Some(1), None).and_then(|c| c.new().copied()),
            None
        );
        assert_eq!(
            Change::from_sides(None, Some(2)).map(|c| c.map(|v| v * 10)),
            Some(Change::Added { new: 20 })
        );
        assert_eq!(Change::<u8>::from_sides(None, None), None);
    }
}
