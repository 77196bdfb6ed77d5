//! Post-processing of the extractor's text: paragraphs, whitespace, repeated header lines.

use super::meta::normalize_date;
use super::scan::collapse_ws;

/// How many leading paragraphs may be recognised as header lines and dropped.
const MAX_HEADER_PARAGRAPHS: usize = 6;

/// Turn extractor output into StanceMap's article text: one paragraph per non-blank line,
/// whitespace collapsed, paragraphs joined by `"\n\n"`. Leading paragraphs that only repeat
/// the headline, the byline or a date line are dropped, unless
/// that would leave nothing.
pub(super) fn clean_article_text(raw: &str, title: &str, byline: &str) -> String {
    let paragraphs: Vec<String> =
        raw.lines().map(|l| collapse_ws(&l.replace('\u{ad}', ""))).filter(|l| !l.is_empty()).collect();
    let title_key = key(title);
    let byline_key = key(byline);
    let mut skip = 0;
    for p in paragraphs.iter().take(MAX_HEADER_PARAGRAPHS) {
        if is_header_line(p, &title_key, &byline_key) {
            skip += 1;
        } else {
            break;
        }
    }
    if skip == paragraphs.len() {
        // Only a headline, byline or date: keep the text unless it merely repeats the title.
        if paragraphs.iter().all(|p| !title_key.is_empty() && key(p).replace(&title_key, "").is_empty()) {
            return String::new();
        }
        skip = 0;
    }
    paragraphs[skip..].join("\n\n")
}

fn is_header_line(p: &str, title_key: &str, byline_key: &str) -> bool {
    let k = key(p);
    if k.is_empty() {
        return true;
    }
    if k == title_key || k == byline_key || (!title_key.is_empty() && k.replace(title_key, "").is_empty()) {
        return true;
    }
    // Note: a paragraph equal to <meta name=description> is NOT dropped: news sites often use
    // the lede itself as the description (measured: dropping it lowers recall on the benchmark).
    let words = p.split_whitespace().count();
    let lower = p.to_lowercase();
    if words <= 8 {
        // "By Jane Doe", "Published 18 November 2019", "Updated: 10:08 am", "18/11/2019"
        let starts = ["by ", "published", "updated", "posted", "last updated"];
        if lower == "by" || starts.iter().any(|s| lower.starts_with(s)) {
            return true;
        }
        if !byline_key.is_empty() && k.contains(byline_key) && words <= 4 {
            return true;
        }
        if normalize_date(p).is_some() && p.chars().filter(|c| c.is_alphabetic()).count() <= 12 {
            return true;
        }
    }
    false
}

/// Lower-case alphanumerics only, for comparing lines that differ in punctuation or spacing.
fn key(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_and_whitespace() {
        let raw = "  First   line\u{a0}here \n\n\n  \nSecond\tline\n";
        assert_eq!(clean_article_text(raw, "", ""), "First line here\n\nSecond line");
    }

    #[test]
    fn drops_repeated_header_lines() {
        let raw = "Big headline\nBy\nJane Doe\nPublished 18 November 2019\nBody text starts here.\nMore.";
        let text = clean_article_text(raw, "Big Headline", "Jane Doe");
        assert_eq!(text, "Body text starts here.\n\nMore.");
    }

    #[test]
    fn keeps_header_only_text_unless_it_is_just_the_title() {
        assert_eq!(clean_article_text("By Jane Doe", "Big headline", ""), "By Jane Doe");
        assert_eq!(clean_article_text("Big headline\nBig headline", "Big headline", ""), "");
    }
}
