//! Byte-level HTML scanning that needs no DOM: the pre-filter run before extraction and a
//! small start-tag tokenizer used for metadata.

/// Elements whose whole content is removed before extraction: they never hold article text,
/// and dropping them roughly halves parsing work on typical news pages. Their content ends at
/// the first matching end tag (raw text, or elements that do not nest in practice).
const DROPPED_ELEMENTS: [&[u8]; 8] =
    [b"script", b"style", b"svg", b"template", b"noscript", b"iframe", b"textarea", b"select"];

/// Page-chrome elements removed with their content, honouring nesting of the same element.
/// The extractor discards them anyway (they are in trafilatura's tags-to-clean list), but only
/// after parsing them into the DOM and running every boilerplate selector over them; removing
/// them from the bytes saves that work and keeps them out of the extractor's fallbacks, which
/// run on the uncleaned document.
const DROPPED_NESTING_ELEMENTS: [&[u8]; 3] = [b"nav", b"aside", b"footer"];

/// Empty elements removed before extraction. They carry no text; the extractor strips or
/// removes them in its cleaning step anyway, but each is a DOM node to build and to match
/// selectors against first. `<link rel=canonical>` is kept for metadata.
const DROPPED_VOID_ELEMENTS: [&[u8]; 4] = [b"img", b"source", b"input", b"link"];

/// The result of [`strip_non_content`].
pub(super) struct Lean {
    /// The page without scripts, styles, comments and page chrome.
    pub html: String,
    /// Bodies of the page's `<script type="application/ld+json">` elements, for metadata.
    pub json_ld: Vec<String>,
}

/// Remove `<script>`, `<style>`, inline `<svg>`, `<template>`, `<noscript>`, `<iframe>`, form
/// controls, `<nav>`, `<aside>`, `<footer>` and comments from `html`. JSON-LD scripts are
/// removed too but their bodies are returned separately (they carry metadata; the article text
/// is taken from the visible page, see `extract_html`). Unterminated constructs are dropped to
/// the end of the document, as a browser would treat them.
pub(super) fn strip_non_content(html: &str) -> Lean {
    let b = html.as_bytes();
    let mut out = String::with_capacity(html.len() / 2);
    let mut json_ld = Vec::new();
    let mut i = 0;
    let mut copied_to = 0;
    while let Some(off) = memchr::memchr(b'<', &b[i..]) {
        let p = i + off;
        let rest = &b[p + 1..];
        if rest.starts_with(b"!--") {
            let end = find(&b[p + 4..], b"-->").map_or(b.len(), |e| p + 4 + e + 3);
            out.push_str(&html[copied_to..p]);
            i = end;
            copied_to = end;
            continue;
        }
        if let Some(tag) = DROPPED_VOID_ELEMENTS.iter().find(|tag| starts_with_tag(rest, tag)) {
            let end = start_tag_end(b, p);
            if *tag != b"link" || find_ci(&b[p..end], b"canonical").is_none() {
                out.push_str(&html[copied_to..p]);
                copied_to = end;
            }
            i = end;
            continue;
        }
        let flat = DROPPED_ELEMENTS.iter().find(|tag| starts_with_tag(rest, tag)).map(|t| (*t, false));
        let dropped =
            flat.or_else(|| DROPPED_NESTING_ELEMENTS.iter().find(|tag| starts_with_tag(rest, tag)).map(|t| (*t, true)));
        let Some((tag, nests)) = dropped else {
            i = p + 1;
            continue;
        };
        let open_end = memchr::memchr(b'>', &b[p..]).map_or(b.len(), |e| p + e + 1);
        let (content_end, end) = element_end(b, open_end, tag, nests);
        if tag == b"script" && find_ci(&b[p..open_end], b"ld+json").is_some() {
            json_ld.push(html[open_end..content_end].to_string());
        }
        out.push_str(&html[copied_to..p]);
        i = end;
        copied_to = end;
    }
    out.push_str(&html[copied_to..]);
    Lean { html: out, json_ld }
}

/// `html` without the `<meta>` tags before `<body>`, except those that mention "title" (the
/// ones naming the page title, e.g. `og:title`), keeping those in their order.
pub(super) fn without_head_metas_but_titles(html: &str) -> String {
    let b = html.as_bytes();
    let body = find_ci(b, b"<body").unwrap_or(b.len());
    let mut out = String::with_capacity(html.len());
    let mut copied_to = 0;
    let mut i = 0;
    while let Some(off) = memchr::memchr(b'<', &b[i..body]) {
        let p = i + off;
        if !starts_with_tag(&b[p + 1..], b"meta") {
            i = p + 1;
            continue;
        }
        let end = start_tag_end(b, p);
        if find_ci(&b[p..end], b"title").is_none() {
            out.push_str(&html[copied_to..p]);
            copied_to = end;
        }
        if end > body {
            break;
        }
        i = end;
    }
    out.push_str(&html[copied_to..]);
    out
}

/// For an element `tag` whose start tag ends at `open_end`: the offset where its content ends
/// (the `<` of the end tag) and the offset just past its end tag, or the end of input. With
/// `nests`, start tags of the same name inside it must be closed first.
fn element_end(b: &[u8], open_end: usize, tag: &[u8], nests: bool) -> (usize, usize) {
    let mut depth = 0usize;
    let mut at = open_end;
    while let Some(off) = b.get(at..).and_then(|s| memchr::memchr(b'<', s)) {
        let p = at + off;
        let rest = &b[p + 1..];
        if let Some(name) = rest.strip_prefix(b"/")
            && name.len() >= tag.len()
            && name[..tag.len()].eq_ignore_ascii_case(tag)
            && name.get(tag.len()).is_none_or(|c| !c.is_ascii_alphanumeric())
        {
            if depth == 0 {
                let end = memchr::memchr(b'>', &b[p..]).map_or(b.len(), |g| p + g + 1);
                return (p, end);
            }
            depth -= 1;
        } else if nests && starts_with_tag(rest, tag) {
            depth += 1;
        }
        at = p + 1;
    }
    (b.len(), b.len())
}

/// Elements that start a new text block in the extractor's HTML output.
const BLOCK_ELEMENTS: [&str; 16] =
    ["p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "div", "blockquote", "td", "th", "dt", "dd", "pre", "br"];

/// Texts of the blocks of `content_html` (the extractor's cleaned article HTML, with links)
/// whose letters and digits are all inside `<a>` elements: teaser and related-story links.
/// Texts are reduced with `key` (lower-case alphanumerics) so they can be matched against the
/// lines of the extracted text.
pub(super) fn link_only_blocks(content_html: &str, key: impl Fn(&str) -> String) -> Vec<String> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut linked = 0usize;
    let mut total = 0usize;
    let mut link_depth = 0usize;
    let mut flush = |text: &mut String, linked: &mut usize, total: &mut usize| {
        if *total > 0 && *linked == *total {
            out.push(key(&decode_entities(text)));
        }
        text.clear();
        *linked = 0;
        *total = 0;
    };
    let mut rest = content_html;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            let n = rest.chars().filter(|c| c.is_alphanumeric()).count();
            total += n;
            text.push_str(rest);
            break;
        };
        let chunk = &rest[..lt];
        let n = chunk.chars().filter(|c| c.is_alphanumeric()).count();
        total += n;
        if link_depth > 0 {
            linked += n;
        }
        text.push_str(chunk);
        // The tag runs to its `>`, or to the end of an unterminated tag.
        let close = rest[lt..].find('>').map(|g| lt + g);
        let tag = &rest[lt + 1..close.unwrap_or(rest.len())];
        let gt = close.map_or(rest.len(), |g| g + 1);
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect();
        if name == "a" {
            link_depth = if closing { link_depth.saturating_sub(1) } else { link_depth + 1 };
        } else if BLOCK_ELEMENTS.contains(&name.as_str()) {
            flush(&mut text, &mut linked, &mut total);
        }
        rest = &rest[gt.min(rest.len())..];
    }
    flush(&mut text, &mut linked, &mut total);
    out.retain(|k| !k.is_empty());
    out
}

/// The offset just past the `>` of the start tag at `start` (its `<`), skipping quoted
/// attribute values, which may contain `>`; the end of input when it is unterminated.
fn start_tag_end(b: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < b.len() {
        match b[i] {
            b'>' => return i + 1,
            b'=' => {
                // A quote opens a value only right after `=` (and optional spaces), as in HTML.
                i += 1;
                while b.get(i).is_some_and(u8::is_ascii_whitespace) {
                    i += 1;
                }
                if let Some(&q @ (b'"' | b'\'')) = b.get(i) {
                    i = memchr::memchr(q, &b[i + 1..]).map_or(b.len(), |e| i + 1 + e + 1);
                }
            }
            _ => i += 1,
        }
    }
    b.len()
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
    /// whitespace collapsed. Used for `<title>` and `<h1>`.
    pub fn inner_text(&self) -> String {
        let rest = &self.src[self.end..];
        let close = format!("</{}", self.name);
        let stop = find_ci(rest.as_bytes(), close.as_bytes()).unwrap_or(rest.len());
        let inner = &rest[..stop];
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
        while let Some(off) = memchr::memchr(b'<', b.get(i..)?) {
            let p = i + off;
            i = p + 1;
            let rest = &b[p + 1..];
            let name_len = rest.iter().take_while(|c| c.is_ascii_alphanumeric()).count();
            if name_len == 0 {
                continue;
            }
            let raw_name = &html[p + 1..p + 1 + name_len];
            let Some(name) = names.iter().find(|n| n.eq_ignore_ascii_case(raw_name)) else {
                continue;
            };
            let name = (*name).to_string();
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
    let mut out = String::with_capacity(s.len());
    for word in s.split(char::is_whitespace).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle)
}

pub(super) fn find_ci(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    let Some(&first) = needle.first() else { return Some(0) };
    let (lower, upper) = (first.to_ascii_lowercase(), first.to_ascii_uppercase());
    memchr::memchr2_iter(lower, upper, haystack)
        .find(|&at| haystack.get(at..at + needle.len()).is_some_and(|w| w.eq_ignore_ascii_case(needle)))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

        /// Tag soup made of the constructs the scanners look for never makes them panic
        /// (byte offsets always land on character boundaries).
        #[test]
        fn scanners_never_panic_on_tag_soup(tokens in proptest::collection::vec(prop::sample::select(vec![
            "<", ">", "=", "\"", "'", " ", "\n", "/", "<!--", "-->", "<img", "<IMG", "<meta", "<link", "<input",
            "<source", "<body", "<BODY>", "<script>", "</script>", "<nav>", "</nav>", "<svg", "</svg>", "title",
            "canonical", "ld+json", "\u{e9}", "\u{1F600}", "text",
        ]), 0..60)) {
            let html: String = tokens.concat();
            let lean = strip_non_content(&html);
            let _ = without_head_metas_but_titles(&lean.html);
            let _ = without_head_metas_but_titles(&html);
            let _ = start_tags(&html, &["meta", "link", "title", "time", "h1"]).count();
            let _ = link_only_blocks(&html, |s| s.to_string());
        }
    }

    #[test]
    fn strips_scripts_styles_comments_and_sets_json_ld_aside() {
        let html = "<p>a</p><SCRIPT>var x='<p>no</p>';</script><style>p{}</style><!-- c --><script type=\"application/ld+json\">{\"a\":1}</script><svg><text>no</text></svg><p>b</p>";
        let lean = strip_non_content(html);
        assert_eq!(lean.html, "<p>a</p><p>b</p>");
        assert_eq!(lean.json_ld, ["{\"a\":1}"]);
    }

    #[test]
    fn strips_nested_page_chrome() {
        let html = "<p>a</p><nav><ul><li><nav>x</nav></li><li>y</li></ul></nav><navigation>k</navigation><aside>z</aside><p>b</p><footer>f</footer >";
        assert_eq!(strip_non_content(html).html, "<p>a</p><navigation>k</navigation><p>b</p>");
    }

    #[test]
    fn unterminated_constructs_do_not_panic() {
        assert_eq!(strip_non_content("<p>a</p><script>x").html, "<p>a</p>");
        assert_eq!(strip_non_content("<p>a</p><!-- x").html, "<p>a</p>");
        assert_eq!(strip_non_content("<p>a</p><scriptx>").html, "<p>a</p><scriptx>");
        assert_eq!(strip_non_content("<p>a</p><nav><nav></nav>").html, "<p>a</p>");
        assert_eq!(strip_non_content("<").html, "<");
    }

    #[test]
    fn drops_empty_media_and_form_tags_but_keeps_canonical_links() {
        let html = "<p>a<img alt='x > y' src=i.png>b</p><picture><source srcset=s.webp></picture><input value=\"q\"><LINK rel=stylesheet href=s.css><link rel=canonical href=https://e.x/a><img src=unterminated";
        assert_eq!(strip_non_content(html).html, "<p>ab</p><picture></picture><link rel=canonical href=https://e.x/a>");
        // An apostrophe inside an unquoted value does not open a quote.
        assert_eq!(strip_non_content("<img alt=don't><p>kept</p>").html, "<p>kept</p>");
    }

    #[test]
    fn head_metas_are_reduced_to_titles() {
        let html = "<html><head><meta charset=utf-8><title>T</title><meta property=\"og:title\" content=\"A > B\"><META name=author content=X></head><body><meta itemprop=author content=Y><p>b</p></body></html>";
        assert_eq!(
            without_head_metas_but_titles(html),
            "<html><head><title>T</title><meta property=\"og:title\" content=\"A > B\"></head><body><meta itemprop=author content=Y><p>b</p></body></html>"
        );
        assert_eq!(without_head_metas_but_titles("<meta name=a"), "");
        assert_eq!(without_head_metas_but_titles("<p>no body</p><meta name=a>"), "<p>no body</p>");
    }

    #[test]
    fn finds_ignoring_ascii_case() {
        assert_eq!(find_ci(b"xx<BoDy class=a>", b"<body"), Some(2));
        assert_eq!(find_ci(b"<bod", b"<body"), None);
        assert_eq!(find_ci(b"abc", b""), Some(0));
    }

    #[test]
    fn finds_link_only_blocks() {
        let html = "<p>Body with <a href=x>a link</a>.</p><p>More like this:</p><ul><li><a href=y>Other story</a></li><li> <a href=z>Third &amp; last</a> </li></ul>";
        let keys = link_only_blocks(html, |s| s.chars().filter(|c| c.is_alphanumeric()).collect());
        assert_eq!(keys, ["Otherstory", "Thirdlast"]);
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
        assert_eq!(tag.inner_text(), "Hello big world");
    }
}
