//! The three verdicts and the two axes every finding is described by.
//!
//! These values come from a rule's catalog page, never from the code that detects the change.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// How dangerous a change is while old and new versions coexist. Ordered: `Additive < Tolerant <
/// Breaking`, so `--fail-on` is a simple comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Class {
    /// Safe in every pairing of old and new code, data and messages.
    Additive,
    /// Safe only under an assumption the finding names.
    Tolerant,
    /// Some pairing in the window fails, loses data or blocks traffic.
    Breaking,
}

/// The period of coexistence a finding threatens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Window {
    /// Old and new code run side by side while the release rolls out.
    Rollout,
    /// Old code runs again, against the data and messages the new version left behind.
    Rollback,
}

/// What goes wrong when the finding's pairing happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Effect {
    /// Old and new disagree on shape or meaning.
    Contract,
    /// Applying the change blocks or rejects live traffic (locks, rewrites, long scans).
    Availability,
    /// Data written by one version is destroyed.
    DataLoss,
}

macro_rules! keyword_enum {
    ($ty:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        impl $ty {
            /// Every value, in order.
            pub const ALL: &'static [$ty] = &[$($ty::$variant),+];

            /// The lowercase keyword used in the catalog, the config and every output format.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($ty::$variant => $text),+
                }
            }
        }

        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $ty {
            type Err = String;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($text => Ok($ty::$variant),)+
                    _ => Err(format!(
                        "expected one of {}, found `{s}`",
                        [$($text),+].map(|t| format!("`{t}`")).join(", ")
                    )),
                }
            }
        }
    };
}

keyword_enum!(Class { Additive => "additive", Tolerant => "tolerant", Breaking => "breaking" });
keyword_enum!(Window { Rollout => "rollout", Rollback => "rollback" });
keyword_enum!(Effect { Contract => "contract", Availability => "availability", DataLoss => "data-loss" });

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_are_ordered_by_danger() {
        assert!(Class::Additive < Class::Tolerant);
        assert!(Class::Tolerant < Class::Breaking);
    }

    #[test]
    fn keywords_round_trip() {
        for class in Class::ALL {
            assert_eq!(class.as_str().parse::<Class>(), Ok(*class));
        }
        assert_eq!("data-loss".parse::<Effect>(), Ok(Effect::DataLoss));
        assert!("fatal".parse::<Class>().unwrap_err().contains("`breaking`"));
    }
}
