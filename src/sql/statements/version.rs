//! The database server version a migration directory targets: which operations lock, rewrite or
//! have an online form depends on it.

use crate::input::config::Dialect;

/// `major.minor.patch`; missing parts are 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct ServerVersion {
    pub major: u32,
    pub minor: u32,
    pub patch: u32,
}

impl ServerVersion {
    pub const fn new(major: u32, minor: u32, patch: u32) -> Self {
        ServerVersion {
            major,
            minor,
            patch,
        }
    }

    /// The configured version, or the default of the dialect: a recent supported release
    /// (PostgreSQL 16, MySQL 8.4), since that is what a new project runs. SQLite has no version
    /// that matters to the rules. An unreadable version falls back to the default.
    pub fn resolve(configured: Option<&str>, dialect: Dialect) -> Self {
        configured
            .and_then(Self::parse)
            .unwrap_or_else(|| Self::default_for(dialect))
    }

    pub fn default_for(dialect: Dialect) -> Self {
        match dialect {
            Dialect::Postgres => ServerVersion::new(16, 0, 0),
            Dialect::Mysql => ServerVersion::new(8, 4, 0),
            Dialect::Sqlite => ServerVersion::new(3, 45, 0),
        }
    }

    /// `"16"`, `"8.0.32"`, `"v14.2"`, `"15beta1"`.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim().trim_start_matches(['v', 'V']);
        let mut parts = text.split('.').map(|part| {
            let digits: String = part.chars().take_while(char::is_ascii_digit).collect();
            digits.parse::<u32>().ok()
        });
        let major = parts.next().flatten()?;
        let minor = parts.next().flatten().unwrap_or(0);
        let patch = parts.next().flatten().unwrap_or(0);
        Some(ServerVersion::new(major, minor, patch))
    }

    pub fn at_least(self, major: u32, minor: u32, patch: u32) -> bool {
        self >= ServerVersion::new(major, minor, patch)
    }
}

impl std::fmt::Display for ServerVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)?;
        if self.patch > 0 {
            write!(f, ".{}", self.patch)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_parse_and_default_per_dialect() {
        assert_eq!(
            ServerVersion::parse("8.0.32"),
            Some(ServerVersion::new(8, 0, 32))
        );
        assert_eq!(
            ServerVersion::parse("15beta1"),
            Some(ServerVersion::new(15, 0, 0))
        );
        assert_eq!(ServerVersion::parse("latest"), None);
        assert_eq!(
            ServerVersion::resolve(Some("latest"), Dialect::Postgres),
            ServerVersion::new(16, 0, 0)
        );
        assert!(ServerVersion::resolve(Some("11"), Dialect::Postgres).at_least(11, 0, 0));
        assert!(!ServerVersion::resolve(Some("10.4"), Dialect::Postgres).at_least(11, 0, 0));
        assert_eq!(ServerVersion::new(8, 0, 29).to_string(), "8.0.29");
    }
}
