//! Lists cut short: a note names the first few of the places a change reaches (operations,
//! methods, values) and counts the rest.

/// How many items a list in a message or note names before it counts the rest.
const LISTED: usize = 8;

/// The first `LISTED` items, and how many more there are.
#[derive(Debug, PartialEq, Eq)]
pub struct Capped<T> {
    pub shown: Vec<T>,
    pub more: usize,
}

/// `` `a`, `b` and `c` ``: the items, each in backticks, the last joined by "and".
pub fn and_list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| format!("`{i}`")).collect();
    match quoted.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    }
}

pub fn capped<T>(items: impl IntoIterator<Item = T>) -> Capped<T> {
    let mut shown = Vec::new();
    let mut more = 0;
    for item in items {
        if shown.len() < LISTED {
            shown.push(item);
        } else {
            more += 1;
        }
    }
    Capped { shown, more }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_name_eight_and_count_the_rest() {
        assert_eq!(
            capped(1..=3),
            Capped {
                shown: vec![1, 2, 3],
                more: 0
            }
        );
        let long = capped(1..=11);
        assert_eq!(long.shown, (1..=8).collect::<Vec<_>>());
        assert_eq!(long.more, 3);
    }
}
