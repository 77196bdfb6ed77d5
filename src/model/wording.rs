//! Plain wording for counts, shared by the UI, session messages and the CLI: "1 article",
//! "2 articles", "1,000 positions".

/// `n` with a comma between each group of three digits: "1,000", "50,000".
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    grouped
}

/// "1 article", "0 articles", "1,000 articles": the count with the singular or plural word.
pub fn count(n: usize, singular: &str, plural: &str) -> String {
    format!("{} {}", thousands(n), if n == 1 { singular } else { plural })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_read_plainly() {
        assert_eq!(count(1, "article", "articles"), "1 article");
        assert_eq!(count(0, "article", "articles"), "0 articles");
        assert_eq!(count(2, "coder", "coders"), "2 coders");
        assert_eq!(count(1000, "article", "articles"), "1,000 articles");
        assert_eq!(count(1, "word selected", "words selected"), "1 word selected");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(50_000), "50,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(thousands(100_000), "100,000");
    }
}
