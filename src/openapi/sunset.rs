//! `x-sunset` dates: the day after which a deprecated operation may be removed.

use std::time::{SystemTime, UNIX_EPOCH};

/// A calendar day, comparable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Day {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl std::fmt::Display for Day {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Day {
    /// The start of an RFC 3339 date or date-time (`2025-06-30`, `2025-06-30T00:00:00Z`).
    pub fn parse(text: &str) -> Option<Day> {
        let date = text.trim().get(..10)?;
        let mut parts = date.split('-');
        let year: i32 = parts.next()?.parse().ok()?;
        let month: u32 = parts.next()?.parse().ok()?;
        let day: u32 = parts.next()?.parse().ok()?;
        let valid = (1..=12).contains(&month) && (1..=31).contains(&day) && year > 0;
        valid.then_some(Day { year, month, day })
    }

    /// Today in UTC, by the system clock.
    pub fn today() -> Day {
        let seconds = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Day::from_days(i64::try_from(seconds / 86_400).unwrap_or(0))
    }

    /// The civil date of a count of days since 1970-01-01 (Howard Hinnant's algorithm).
    fn from_days(days: i64) -> Day {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Day {
            year: i32::try_from(year).unwrap_or(i32::MAX),
            month: u32::try_from(month).unwrap_or(1),
            day: u32::try_from(day).unwrap_or(1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_and_order() {
        let day = Day::parse("2025-06-30T12:00:00Z").expect("date-time");
        assert_eq!(day.to_string(), "2025-06-30");
        assert!(Day::parse("2024-12-31").expect("date") < day);
        assert_eq!(Day::parse("30.06.2025"), None);
        assert_eq!(Day::parse("2025-13-01"), None);
    }

    #[test]
    fn days_since_the_epoch_become_dates() {
        assert_eq!(Day::from_days(0).to_string(), "1970-01-01");
        assert_eq!(Day::from_days(19_723).to_string(), "2024-01-01");
        assert_eq!(Day::from_days(11_016).to_string(), "2000-02-29");
        assert!(Day::today().year >= 2024);
    }
}
