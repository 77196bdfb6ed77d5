//! Byte-level HTML scanning that needs no DOM: the pre-filter run before extraction and a
//! small start-tag tokenizer used for metadata.

/// Elements whose whole content is removed before extraction: they never hold article text,
/// and dropping them roughly halves parsing work on typical news pages.
const DROPPED_ELEMENTS: [&[u8]; 4] = [b"script", b"style", b"svg", b"template"];

/// Remove `<script>` (except JSON-LD, which carries metadata), `<style>`, inline `<svg>`,
/// `<template>` and comments from `html`. Unterminated constructs are dropped to the end of the
/// document, as a browser would treat them.
pub(super) fn strip_non_content(html: &str) -> String {
    let b = html.as_bytes();
    let mut out = String::with_capacity(html.len() / 2);
    let mut i = 0;
    let mut copied_to = 0;
    while let Some(off) = b[i..].iter().position(|&c| c == b'<') {
        let p = i + off;
        let rest = &b[p + 1..];
        if rest.starts_with(b"!--") {
            let end = find(&b[p + 4..], b"-->").map_or(b.len(), |e| p + 4 + e + 3);
            out.push_str(&html[copied_to..p]);
            i = end;
            copied_to = end;
            continue;
        }
        let mut skipped = false;
        for tag in DROPPED_ELEMENTS {
            if !starts_with_tag(rest, tag) {
                continue;
            }
            let open_end = b[p..].iter().position(|&c| c == b'>').map_or(b.len(), |e| p + e + 1);
            if tag == b"script" && find_ci(&b[p..open_end], b"ld+json").is_some() {
                break;
            }
            let mut close = b"</".to_vec();
            close.extend_from_slice(tag);
            let end = find_ci(&b[open_end..], &close).map_or(b.len(), |e| {
                let s = open_end + e;
                b[s..].iter().position(|&c| c == b'>').map_or(b.len(), |g| s + g + 1)
            });
            out.push_str(&html[copied_to..p]);
            i = end;
            copied_to = end;
            skipped = true;
            break;
        }
        if !skipped {
            i = p + 1;
        }
    }
    out.push_str(&html[copied_to..]);
    out
}

/// Whether `rest` (the bytes after a `<`) starts with the element name `tag`.
fn starts_with_tag(rest: &[u8], tag: &[u8]) -> bool {
    rest.len() > tag.len()
        && rest[..tag.len()].eq_ignore_ascii_case(tag)
        && matches!(rest[tag.len()], b' ' | b'>' | b'\t' | b'\n' | b'\r' | b'/' | b'\x0c')
}

/// A start tag found by [`start_tags`]: lower-case name, attributes (lower-case names,
/// entity-decoded values) and the byte offset just past its `>`.
pub(super) struct StartTag<'a> {
    /// Element name, lower-case.
    pub name: String,
    /// Attributes in source order: lower-case name, entity-decoded value.
    pub attrs: Vec<(String, String)>,
    /// Byte offset just past the tag's `>`.
    pub end: usize,
    src: &'a str,
}

impl StartTag<'_> {
    /// The value of attribute `name` (lower-case), if present.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// Text content up to the matching end tag, with tags removed, entities decoded and
    /// whitespace collapsed. Used for `<title>`, `<h1>` and JSON-LD scripts (`raw`).
    pub fn inner_text(&self, raw: bool) -> String {
        let rest = &self.src[self.end..];
        let close = format!("</{}", self.name);
        let stop = find_ci(rest.as_bytes(), close.as_bytes()).unwrap_or(rest.len());
        let inner = &rest[..stop];
        if raw {
            return inner.to_string();
        }
        let mut text = String::with_capacity(inner.len());
        let mut in_tag = false;
        for c in inner.chars() {
            match c {
                '<' => in_tag = true,
                '>' if in_tag => {
                    in_tag = false;
                    text.push(' ');
                }
                _ if !in_tag => text.push(c),
                _ => {}
            }
        }
        collapse_ws(&decode_entities(&text))
    }
}

/// Iterate over the start tags of `html` whose name is in `names` (lower-case).
pub(super) fn start_tags<'a>(html: &'a str, names: &'a [&'a str]) -> impl Iterator<Item = StartTag<'a>> + 'a {
    let b = html.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while let Some(off) = b.get(i..)?.iter().position(|&c| c == b'<') {
            let p = i + off;
            i = p + 1;
            let rest = &b[p + 1..];
            let name_len = rest.iter().take_while(|c| c.is_ascii_alphanumeric()).count();
            if name_len == 0 {
                continue;
            }
            let name = html[p + 1..p + 1 + name_len].to_ascii_lowercase();
            if !names.contains(&name.as_str()) {
                continue;
            }
            let (attrs, end) = parse_attrs(html, p + 1 + name_len);
            i = end;
            return Some(StartTag { name, attrs, end, src: html });
        }
        None
    })
}

/// Parse attributes starting at byte `at` up to the closing `>`; returns them and the offset
/// just past `>` (or the end of input).
fn parse_attrs(html: &str, at: usize) -> (Vec<(String, String)>, usize) {
    let b = html.as_bytes();
    let mut attrs = Vec::new();
    let mut i = at;
    loop {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        if i >= b.len() {
            return (attrs, b.len());
        }
        if b[i] == b'>' {
            return (attrs, i + 1);
        }
        let name_start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        let name = html[name_start..i].to_ascii_lowercase();
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if i < b.len() && b[i] == b'=' {
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                let quote = b[i];
                let start = i + 1;
                let end = b[start..].iter().position(|&c| c == quote).map_or(b.len(), |e| start + e);
                value = decode_entities(&html[start..end]);
                i = (end + 1).min(b.len());
            } else {
                let start = i;
                while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                    i += 1;
                }
                value = decode_entities(&html[start..i]);
            }
        }
        if !name.is_empty() {
            attrs.push((name, value));
        }
    }
}

/// Decode numeric character references and the named entities common in metadata.
pub(super) fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let semi = rest.as_bytes().iter().take(12).position(|&c| c == b';');
        let decoded = semi.and_then(|semi| {
            let entity = &rest[1..semi];
            let c = if let Some(num) = entity.strip_prefix('#') {
                let code = match num.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => num.parse::<u32>().ok(),
                };
                code.and_then(char::from_u32)
            } else {
                named_entity(entity)
            };
            c.map(|c| (c, semi + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn named_entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "ndash" => '\u{2013}',
        "mdash" => '\u{2014}',
        "lsquo" => '\u{2018}',
        "rsquo" => '\u{2019}',
        "ldquo" => '\u{201c}',
        "rdquo" => '\u{201d}',
        "hellip" => '\u{2026}',
        "laquo" => '\u{ab}',
        "raquo" => '\u{bb}',
        "middot" => '\u{b7}',
        "bull" => '\u{2022}',
        "copy" => '\u{a9}',
        "eacute" => '\u{e9}',
        "egrave" => '\u{e8}',
        "aacute" => '\u{e1}',
        "agrave" => '\u{e0}',
        "ouml" => '\u{f6}',
        "uuml" => '\u{fc}',
        "auml" => '\u{e4}',
        "szlig" => '\u{df}',
        "ccedil" => '\u{e7}',
        "ntilde" => '\u{f1}',
        _ => return None,
    })
}

/// Collapse runs of whitespace (including non-breaking spaces) to one space and trim.
pub(super) fn collapse_ws(s: &str) -> String {
    s.split(|c: char| c.is_whitespace()).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if haystack.len() < needle.len() {
        return None;
    }
    haystack.windows(needle.len()).position(|w| w == needle)
}

pub(super) fn find_ci(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if haystack.len() < needle.len() {
        return None;
    }
    haystack.windows(needle.len()).position(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_scripts_styles_comments_but_keeps_json_ld() {
        let html = "<p>a</p><SCRIPT>var x='<p>no</p>';</script><style>p{}</style><!-- c --><script type=\"application/ld+json\">{\"a\":1}</script><svg><text>no</text></svg><p>b</p>";
        assert_eq!(strip_non_content(html), "<p>a</p><script type=\"application/ld+json\">{\"a\":1}</script><p>b</p>");
    }

    #[test]
    fn unterminated_constructs_do_not_panic() {
        assert_eq!(strip_non_content("<p>a</p><script>x"), "<p>a</p>");
        assert_eq!(strip_non_content("<p>a</p><!-- x"), "<p>a</p>");
        assert_eq!(strip_non_content("<p>a</p><scriptx>"), "<p>a</p><scriptx>");
        assert_eq!(strip_non_content("<"), "<");
    }

    #[test]
    fn tokenizes_attributes() {
        let html = "<META property='og:title' content=\"A &amp; B &#8217;s\"><meta name=x content=y/>";
        let tags: Vec<_> = start_tags(html, &["meta"]).collect();
        assert_eq!(tags.len(), 2);
        assert_eq!(tags[0].attr("property"), Some("og:title"));
        assert_eq!(tags[0].attr("content"), Some("A & B \u{2019}s"));
        assert_eq!(tags[1].attr("content"), Some("y/"));
    }

    #[test]
    fn inner_text_strips_tags() {
        let html = "<h1 class=x>Hello <em>big</em>\n world</h1>";
        let tag = start_tags(html, &["h1"]).next().expect("h1");
        assert_eq!(tag.inner_text(false), "Hello big world");
    }
}
