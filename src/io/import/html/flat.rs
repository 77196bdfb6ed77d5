//! The HTML work budget and the simple extraction it falls back to.
//!
//! The main-text extractor builds a DOM and scores it; on pathological markup (thousands of
//! unclosed nested `<div>`s) its time grows with the square of the nesting depth. This module
//! measures a page's nesting depth and element count in one linear pass over the tags, and for
//! pages over the budget gives a plain tag-stripped text instead: block elements become
//! paragraphs, scripts and styles were already removed by the pre-filter, entities are decoded.

use super::scan::{collapse_ws, decode_entities};

/// Deepest element nesting given to the main-text extractor (real pages stay far below 200).
pub(super) const MAX_NESTING_DEPTH: usize = 400;

/// Most elements given to the main-text extractor.
pub(super) const MAX_ELEMENTS: usize = 250_000;

/// Elements that never have content, so never nest.
const VOID: &[&str] =
    &["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"];

/// Elements whose start or end separates paragraphs in the simple extraction.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "dd",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "td",
    "th",
    "tr",
    "ul",
    "title",
];

/// Deepest nesting of start tags without their end tags, and the number of start tags.
pub(super) fn nesting(html: &str) -> (usize, usize) {
    let (mut depth, mut max_depth, mut elements) = (0usize, 0usize, 0usize);
    for tag in tags(html).filter(|t| !t.name.is_empty()) {
        if tag.closing {
            depth = depth.saturating_sub(1);
        } else {
            elements += 1;
            if !tag.self_closing && !VOID.contains(&tag.name.as_str()) {
                depth += 1;
                max_depth = max_depth.max(depth);
            }
        }
    }
    (max_depth, elements)
}

/// True when the page is over the extractor's budget.
pub(super) fn over_budget(html: &str) -> bool {
    let (depth, elements) = nesting(html);
    depth > MAX_NESTING_DEPTH || elements > MAX_ELEMENTS
}

/// The page's text with every tag removed, one paragraph per block element (the `<title>` is
/// left out: it is metadata); a page without any tag is split at its blank lines.
pub(super) fn plain_text(html: &str) -> String {
    if tags(html).next().is_none() {
        // Plain text saved as .html: blank lines separate its paragraphs.
        let paras = html.split("\n\n").map(|p| collapse_ws(&decode_entities(p))).filter(|p| !p.is_empty());
        return paras.collect::<Vec<_>>().join("\n\n");
    }
    let mut paragraphs = Vec::new();
    let mut cur = String::new();
    let mut pos = 0;
    let mut in_title = false;
    for tag in tags(html) {
        if !in_title {
            cur.push_str(&html[pos..tag.start]);
        }
        pos = tag.end;
        if tag.name == "title" {
            in_title = !tag.closing;
        }
        if BLOCKS.contains(&tag.name.as_str()) {
            let para = collapse_ws(&decode_entities(&cur));
            if !para.is_empty() {
                paragraphs.push(para);
            }
            cur.clear();
        }
    }
    if !in_title {
        cur.push_str(&html[pos.min(html.len())..]);
    }
    let para = collapse_ws(&decode_entities(&cur));
    if !para.is_empty() {
        paragraphs.push(para);
    }
    paragraphs.join("\n\n")
}

struct Tag {
    start: usize,
    end: usize,
    name: String,
    closing: bool,
    self_closing: bool,
}

/// Every tag (`<name …>` or `</name>`) in order; a comment is a tag with an empty name.
fn tags(html: &str) -> impl Iterator<Item = Tag> + '_ {
    let b = html.as_bytes();
    let mut at = 0usize;
    std::iter::from_fn(move || {
        loop {
            let lt = at + memchr::memchr(b'<', b.get(at..)?)?;
            let rest = &b[lt + 1..];
            let closing = rest.first() == Some(&b'/');
            let name_start = lt + 1 + usize::from(closing);
            let name_len = b[name_start..].iter().take_while(|c| c.is_ascii_alphanumeric()).count();
            if rest.starts_with(b"!--") {
                at = memchr::memmem::find(&b[lt..], b"-->").map_or(b.len(), |e| lt + e + 3);
                let comment = Tag { start: lt, end: at, name: String::new(), closing: true, self_closing: true };
                return Some(comment);
            }
            if name_len == 0 {
                at = lt + 1;
                continue;
            }
            let gt = memchr::memchr(b'>', &b[name_start..]).map_or(b.len(), |e| name_start + e);
            at = (gt + 1).min(b.len());
            let name = html[name_start..name_start + name_len].to_ascii_lowercase();
            let self_closing = gt > 0 && b.get(gt - 1) == Some(&b'/');
            return Some(Tag { start: lt, end: at, name, closing, self_closing });
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_depth_and_elements() {
        assert_eq!(nesting("<div><p>a<br>b</p><img src=x/></div>"), (2, 4));
        assert_eq!(nesting(&"<div>".repeat(1000)), (1000, 1000));
        assert!(over_budget(&"<div>".repeat(MAX_NESTING_DEPTH + 1)));
        assert!(!over_budget("<html><body><p>x</p></body></html>"));
    }

    #[test]
    fn plain_text_keeps_blocks_apart() {
        let html = "<title>T</title><div>One &amp; two<div>Three <b>four</b></div><!-- <p>no</p> --></div>";
        assert_eq!(plain_text(html), "One & two\n\nThree four");
        assert_eq!(plain_text("A line\nwrapped.\n\nNext &amp; last."), "A line wrapped.\n\nNext & last.");
    }
}
