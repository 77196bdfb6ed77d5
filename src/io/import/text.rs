//! Plain-text import and text-encoding detection.
//!
//! Owns telling text from binary data (decoding itself is [`super::encoding`]'s), and turning plain text
//! into an [`ExtractedArticle`]: paragraphs, an optional short first-line title, an optional
//! `By …` byline (both kept in the text too) and a leading `Credited from: SOURCE` line taken as the source.

use super::article::ExtractedArticle;

/// Decode text bytes of unknown encoding into a string (see [`super::encoding`] for the order
/// of evidence). Never fails: undecodable bytes become U+FFFD.
pub fn decode_text(bytes: &[u8]) -> String {
    super::encoding::decode(bytes, None)
}

/// True when `bytes` look like binary data rather than text in some encoding
/// (zero bytes that are not UTF-16, or many control characters).
pub fn looks_binary(bytes: &[u8]) -> bool {
    if super::encoding::unicode_form(bytes).is_some() {
        return false;
    }
    let sample = &bytes[..bytes.len().min(8192)];
    if sample.is_empty() {
        return false;
    }
    let controls = sample.iter().filter(|b| **b < 0x20 && !matches!(**b, b'\t' | b'\n' | b'\r' | 0x0C | 0x1B)).count();
    sample.contains(&0) || controls * 20 > sample.len()
}

/// Replace CRLF and lone CR line ends with LF and drop a leading U+FEFF.
pub(crate) fn normalize_newlines(s: &str) -> String {
    let s = s.strip_prefix('\u{FEFF}').unwrap_or(s);
    s.replace("\r\n", "\n").replace('\r', "\n")
}

/// If `line` is a `Credited from: SOURCE` attribution, return SOURCE.
pub(crate) fn credited_source(line: &str) -> Option<String> {
    let t = line.trim();
    let head = t.get(..14)?;
    if head.eq_ignore_ascii_case("credited from:") {
        let src = t[14..].trim();
        (!src.is_empty()).then(|| src.to_owned())
    } else {
        None
    }
}

/// True when `line` can serve as a headline: under 15 words, no final sentence punctuation.
pub(crate) fn is_title_like(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty() && t.split_whitespace().count() < 15 && !t.ends_with(['.', ',', ';', ':']) && t.chars().count() <= 200
}

/// True when `line` reads as a headline: [`is_title_like`], at least two words, and neither a
/// dateline or byline, nor a web address, nor a list of links.
pub(crate) fn is_headline(line: &str) -> bool {
    let t = line.trim();
    is_title_like(t)
        && t.split_whitespace().count() >= 2
        && byline_of(t).is_none()
        && credited_source(t).is_none()
        && !super::is_date_line(t)
        && super::dates::dateline_date(t).is_none()
        && !t.split_whitespace().any(|w| w.contains("://") || w.starts_with("www."))
        && !is_link_list(t)
}

/// Openings of a line of links to other stories.
const LINK_LIST_OPENINGS: &[&str] = &[
    "related",
    "read more",
    "read also",
    "also read",
    "see also",
    "more from",
    "more on",
    "recommended",
    "trending",
    "most read",
    "watch:",
    "listen:",
    "latest:",
    "more stories",
];

/// True when `line` is a list of links rather than a sentence or a headline: it opens like a
/// "Related" box, or strings three or more items together with `|`, `•`, `·` or `»` (as AP's
/// related-story lines do).
pub(crate) fn is_link_list(line: &str) -> bool {
    let lower = line.trim().to_lowercase();
    if LINK_LIST_OPENINGS.iter().any(|o| lower.starts_with(o)) {
        return true;
    }
    ['|', '\u{2022}', '\u{00B7}', '\u{00BB}'].iter().any(|sep| lower.matches(*sep).count() >= 2)
}

/// Words that do not end a headline: a line ending in one is a sentence wrapped onto the next line.
const OPEN_ENDINGS: &[&str] = &[
    "a", "an", "the", "of", "to", "in", "on", "for", "and", "or", "but", "with", "by", "at", "from", "as", "that",
    "is", "are", "was", "were", "be",
];

/// True when `next` can follow a headline line in the same block: it opens a new sentence.
fn starts_sentence(next: &str) -> bool {
    next.trim_start()
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || matches!(c, '"' | '\u{201C}' | '\'' | '\u{2018}'))
}

/// If `line` is a short `By Jane Doe` byline, return the names. A date or outlet after `|`, `·` or
/// `•` ("By Jane Doe | February 24, 2025") is left out.
pub(crate) fn byline_of(line: &str) -> Option<String> {
    let t = line.trim();
    let rest = t.strip_prefix("By ").or_else(|| t.strip_prefix("BY "))?;
    if rest.split_whitespace().count() > 12 || rest.ends_with('.') {
        return None;
    }
    let names = rest.split(['|', '\u{00B7}', '\u{2022}']).next().unwrap_or(rest).trim();
    (!names.is_empty()).then(|| names.to_owned())
}

/// Build an article from decoded plain text.
///
/// Paragraphs are separated by blank lines, and lines inside a paragraph are joined with a
/// space; a file with no blank lines at all has one paragraph per line. A first line
/// `Credited from: X` gives the source (and leaves the text); a short first line followed by more
/// text is also the title, and a following `By …` line also the byline (both stay in the text).
pub fn extract_plain_text(decoded: &str) -> ExtractedArticle {
    let text = normalize_newlines(decoded);
    let mut lines: Vec<&str> = text.lines().collect();
    let mut article = ExtractedArticle::default();

    if let Some(first) = lines.iter().position(|l| !l.trim().is_empty())
        && let Some(src) = credited_source(lines[first])
    {
        article.source = src;
        lines.remove(first);
    }
    while lines.first().is_some_and(|l| l.trim().is_empty()) {
        lines.remove(0);
    }
    while lines.last().is_some_and(|l| l.trim().is_empty()) {
        lines.pop();
    }
    let has_blank = lines.iter().any(|l| l.trim().is_empty());

    // Each paragraph as its source lines (a title must be a line of its own).
    let mut paragraphs: Vec<Vec<&str>> = Vec::new();
    if has_blank {
        let mut cur: Vec<&str> = Vec::new();
        for l in lines.iter().chain(std::iter::once(&"")) {
            if l.trim().is_empty() {
                if !cur.is_empty() {
                    paragraphs.push(std::mem::take(&mut cur));
                }
            } else {
                cur.push(l.trim());
            }
        }
    } else {
        paragraphs = lines.iter().map(|l| vec![l.trim()]).collect();
    }

    // A headline line run straight into the text ("Title\nFirst sentence…") is a paragraph of its
    // own; a hard-wrapped sentence ("Talks in\nRiyadh began…") is not.
    if let Some(first) = paragraphs.first()
        && first.len() >= 2
        && is_headline(first[0])
        && starts_sentence(first[1])
        && !first[0].split_whitespace().last().is_some_and(|w| OPEN_ENDINGS.contains(&w.to_lowercase().as_str()))
    {
        let rest = paragraphs[0].split_off(1);
        paragraphs.insert(1, rest);
    }
    let joined: Vec<String> = paragraphs.iter().map(|p| p.join(" ")).collect();

    // Plain text marks nothing as a headline, so the title line also stays in the text.
    if paragraphs.len() >= 2 && paragraphs[0].len() == 1 && is_headline(paragraphs[0][0]) {
        article.title = super::collapse_spaces(paragraphs[0][0]);
        if paragraphs.len() >= 3
            && paragraphs[1].len() == 1
            && let Some(by) = byline_of(paragraphs[1][0])
        {
            article.byline = by;
        }
    }
    article.text = super::finish_paragraphs(&joined);
    article
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::import::{ImportError, extract_bytes};
    use std::path::Path;

    #[test]
    fn seed_article_gives_source_and_five_paragraphs() {
        let bytes = include_bytes!("../../../tests/fixtures/import/seed_cbs.txt");
        let expected = include_str!("../../../tests/fixtures/import/seed_cbs.expected.txt");
        let arts = extract_bytes(bytes, Path::new("seed_cbs.txt")).unwrap_or_default();
        assert_eq!(arts.len(), 1);
        let a = &arts[0];
        assert_eq!(a.source, "CBSNEWS");
        assert_eq!(a.title, "");
        assert_eq!(a.text.split("\n\n").count(), 5);
        assert_eq!(a.text, expected.trim_end());
        assert!(a.text.contains("\u{201C}move toward normalizing relations"));
        assert_eq!(a.origin_file, "seed_cbs.txt");
    }

    #[test]
    fn windows_1252_text_with_title_and_byline() {
        let bytes = include_bytes!("../../../tests/fixtures/import/cp1252.txt");
        let expected = include_str!("../../../tests/fixtures/import/cp1252.expected.txt");
        let arts = extract_bytes(bytes, Path::new("cp1252.txt")).unwrap_or_default();
        assert_eq!(arts.len(), 1);
        assert_eq!(arts[0].title, "Ceasefire talks \u{2014} a \u{201C}first step\u{201D}");
        assert_eq!(arts[0].byline, "Anna Kowalski");
        assert_eq!(arts[0].text, expected.trim_end());
    }

    #[test]
    fn boms_and_utf16() {
        let s = "Caf\u{e9} \u{201C}quoted\u{201D}";
        let mut le = vec![0xFF, 0xFE];
        le.extend(s.encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode_text(&le), s);
        let mut be = vec![0xFE, 0xFF];
        be.extend(s.encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(decode_text(&be), s);
        let nobom: Vec<u8> = s.encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(decode_text(&nobom), s);
        assert!(!looks_binary(&nobom));
        let mut u8bom = b"\xEF\xBB\xBF".to_vec();
        u8bom.extend_from_slice(s.as_bytes());
        assert_eq!(decode_text(&u8bom), s);
    }

    #[test]
    fn wrapped_paragraphs_are_joined() {
        let a = extract_plain_text("Line one of a long\r\nparagraph here.\r\n\r\nSecond one.\r\n");
        assert_eq!(a.title, "");
        assert_eq!(a.text, "Line one of a long paragraph here.\n\nSecond one.");
    }

    #[test]
    fn a_headline_run_into_the_text_is_the_title() {
        let a = extract_plain_text(
            "Trump and Putin to meet in Alaska\nThe White House said on Tuesday that the summit would take place.\nOfficials declined to comment.\n\nMore text here.\n",
        );
        assert_eq!(a.title, "Trump and Putin to meet in Alaska");
        assert!(a.text.starts_with("Trump and Putin to meet in Alaska\n\nThe White House said"), "{}", a.text);
    }

    #[test]
    fn datelines_links_and_addresses_are_not_headlines() {
        for first in [
            "August 19, 2025",
            "By Jane Doe",
            "https://www.whitehouse.gov/briefings/2025/08/19/remarks",
            "Related: Trump | Putin summit | Alaska talks",
            "Ukraine talks \u{2022} Alaska summit \u{2022} Sanctions",
            "Trump",
        ] {
            let a = extract_plain_text(&format!(
                "{first}\n\nThe White House said on Tuesday that the summit would take place.\n"
            ));
            assert_eq!(a.title, "", "{first}");
        }
        let wrapped = extract_plain_text("Leaders of the\nEuropean Union met in Brussels on Thursday.\n\nMore.");
        assert_eq!(wrapped.title, "");
    }

    #[test]
    fn a_byline_keeps_the_names_without_the_date() {
        let a = extract_plain_text(
            "Kremlin confirms summit venue\n\nBy Anna Petrova | August 20, 2025\n\nThe Kremlin confirmed it.\n",
        );
        assert_eq!(a.byline, "Anna Petrova");
        assert_eq!(byline_of("By Jane Doe and John Roe").as_deref(), Some("Jane Doe and John Roe"));
    }

    #[test]
    fn empty_text_is_no_text() {
        let r = extract_bytes(b"  \n\n \r\n", Path::new("blank.txt"));
        assert!(matches!(r, Err(ImportError::NoText { .. })));
    }
}
