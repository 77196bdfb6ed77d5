//! Markdown import: strips markup and keeps the article's paragraphs.
//!
//! The Markdown itself is parsed by `pulldown-cmark` (CommonMark plus tables, strikethrough, task
//! lists and footnotes); this module owns turning its events into article text. YAML front matter
//! (title, author, date, source, url) becomes metadata and a leading `Credited from: SOURCE` line the
//! source; the first level-1 heading becomes the title; other headings, paragraphs, block quotes,
//! code blocks (kept verbatim), lists (one item per line, bullets dropped, numbers kept; lists that
//! follow one another form one paragraph) and tables (cells tab-separated) become text. Links keep
//! only their text, wherever it wraps; images, HTML tags, reference definitions and rules go.
//! Web addresses never reach the text outside code blocks (autolinks and bare `https://…` words
//! are dropped), so the same article saved as .md and as .txt reads the same and no mention is
//! found inside a URL.

use pulldown_cmark::{Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

use super::article::ExtractedArticle;
use super::text::{credited_source, normalize_newlines};

/// Build an article from decoded Markdown text.
pub fn extract_markdown(decoded: &str) -> ExtractedArticle {
    let text = normalize_newlines(decoded);
    let mut lines: Vec<&str> = text.lines().collect();
    let mut article = ExtractedArticle::default();
    take_metadata(&mut lines, &mut article);
    let body = lines.join("\n");

    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS | Options::ENABLE_FOOTNOTES;
    let mut w = Writer::default();
    for event in Parser::new_ext(&body, options) {
        w.event(event, &mut article);
    }
    w.flush();
    article.text = super::finish_paragraphs(&w.paragraphs);
    article
}

/// Moves the metadata before the body into `article` and removes its lines: YAML front matter
/// (title, author, date, source, url), then a leading `Credited from: SOURCE` line.
fn take_metadata(lines: &mut Vec<&str>, article: &mut ExtractedArticle) {
    if lines.first().is_some_and(|l| l.trim_end() == "---")
        && let Some(end) = lines.iter().skip(1).position(|l| matches!(l.trim_end(), "---" | "..."))
    {
        for l in &lines[1..=end] {
            if let Some((k, v)) = l.split_once(':') {
                let v = v.trim().trim_matches(|c| c == '"' || c == '\'').trim().to_owned();
                match k.trim().to_lowercase().as_str() {
                    "title" => article.title = v,
                    "author" | "authors" | "byline" => article.byline = v,
                    "date" | "published" => {
                        article.date = super::date_or_original(&v);
                    }
                    "source" | "publication" | "publisher" => article.source = v,
                    "url" | "link" | "canonical_url" => article.url = v,
                    _ => {}
                }
            }
        }
        lines.drain(..=end + 1);
    }
    if let Some(first) = lines.iter().position(|l| !l.trim().is_empty())
        && let Some(src) = credited_source(lines[first])
    {
        article.source = src;
        lines.remove(first);
    }
}

/// Turns parser events into paragraphs. A paragraph is a block of lines: one line for a prose
/// paragraph or heading, one per item for lists and per row for tables, the verbatim lines of a
/// code block.
#[derive(Default)]
struct Writer {
    /// Finished paragraphs.
    paragraphs: Vec<String>,
    /// Finished lines of the block being written.
    block: Vec<String>,
    /// The line being written.
    line: String,
    /// True while the line holds only an item's number (or nothing worth keeping).
    line_is_prefix: bool,
    /// Open lists: the next number of an ordered list, `None` for a bulleted one.
    lists: Vec<Option<u64>>,
    /// Set when a top-level list ended: a list right after it continues the same paragraph.
    list_block_open: bool,
    /// Inside a code block: text is kept verbatim.
    in_code_block: bool,
    /// Verbatim text of the code block being read.
    code: String,
    /// Inside an HTML block: its raw HTML, stripped of tags when the block ends.
    html: Option<String>,
    /// Nesting depth of images and autolinks, whose text is left out.
    skip_depth: usize,
    /// Open links, innermost last: true for an autolink (its text, the address, is skipped).
    links: Vec<bool>,
    /// Cells of the table row being read.
    row: Vec<String>,
    /// Inside a table cell.
    in_cell: bool,
}

impl Writer {
    fn event(&mut self, event: Event<'_>, article: &mut ExtractedArticle) {
        match event {
            Event::Start(tag) => self.start(&tag),
            Event::End(end) => self.end(end, article),
            Event::Text(t) => self.text(&t),
            Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => self.text(&t),
            Event::Html(h) => {
                if let Some(html) = &mut self.html {
                    html.push_str(&h);
                } else {
                    self.text(&strip_tags(&h));
                }
            }
            Event::InlineHtml(h) => {
                let tag = h.trim_start_matches('<').to_ascii_lowercase();
                if tag.starts_with("br") {
                    self.text(" ");
                }
            }
            Event::SoftBreak => self.text(" "),
            Event::HardBreak => {
                if self.lists.is_empty() && !self.in_cell {
                    self.end_line();
                } else {
                    self.text(" ");
                }
            }
            _ => {}
        }
    }

    fn start(&mut self, tag: &Tag<'_>) {
        match tag {
            Tag::Image { .. } => self.skip_depth += 1,
            Tag::Link { link_type, .. } => {
                let skipped = matches!(link_type, LinkType::Autolink | LinkType::Email);
                self.skip_depth += usize::from(skipped);
                self.links.push(skipped);
            }
            Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::MetadataBlock(_) => {}
            Tag::List(start) => {
                if self.lists.is_empty() && !self.list_block_open {
                    self.flush();
                }
                self.list_block_open = false;
                self.end_line();
                self.lists.push(*start);
            }
            Tag::Item => {
                self.end_line();
                if let Some(Some(n)) = self.lists.last_mut() {
                    self.line = format!("{n}. ");
                    *n += 1;
                }
                self.line_is_prefix = true;
            }
            Tag::Paragraph if !self.lists.is_empty() => {
                // An item's second paragraph starts a line of its own; its first keeps the number.
                if !self.line_is_prefix {
                    self.end_line();
                }
            }
            Tag::CodeBlock(_) => {
                if self.lists.is_empty() {
                    self.flush();
                } else {
                    self.end_line();
                }
                self.in_code_block = true;
                self.code.clear();
            }
            Tag::HtmlBlock => self.html = Some(String::new()),
            Tag::TableRow | Tag::TableHead => self.row.clear(),
            Tag::TableCell => {
                self.in_cell = true;
                self.line.clear();
            }
            _ => {
                if self.lists.is_empty() {
                    self.flush();
                }
            }
        }
    }

    fn end(&mut self, end: TagEnd, article: &mut ExtractedArticle) {
        match end {
            TagEnd::Image => self.skip_depth = self.skip_depth.saturating_sub(1),
            TagEnd::Link => {
                if self.links.pop() == Some(true) {
                    self.skip_depth = self.skip_depth.saturating_sub(1);
                }
            }
            TagEnd::Heading(level) if self.lists.is_empty() => {
                let text = super::collapse_spaces(&strip_urls(&std::mem::take(&mut self.line)));
                self.line_is_prefix = false;
                if level == HeadingLevel::H1 && article.title.is_empty() {
                    article.title = text;
                } else if level == HeadingLevel::H1 && article.title == text {
                    // Front matter already gave this title.
                } else {
                    self.flush();
                    self.paragraphs.push(text);
                }
            }
            TagEnd::List(_) => {
                self.end_line();
                self.lists.pop();
                self.list_block_open = self.lists.is_empty();
            }
            TagEnd::Item => self.end_line(),
            TagEnd::CodeBlock => {
                self.in_code_block = false;
                let code: Vec<&str> = self.code.lines().map(str::trim_end).collect();
                let code = code.join("\n");
                if self.lists.is_empty() {
                    self.paragraphs.push(code);
                } else {
                    self.block.push(code);
                }
            }
            TagEnd::HtmlBlock => {
                if let Some(html) = self.html.take() {
                    let text = strip_tags(&html);
                    self.flush();
                    for para in text.split("\n\n") {
                        self.paragraphs.push(super::collapse_spaces(&strip_urls(&para.replace('\n', " "))));
                    }
                }
            }
            TagEnd::TableCell => {
                self.in_cell = false;
                let cell = super::collapse_spaces(&strip_urls(&std::mem::take(&mut self.line)));
                self.row.push(cell);
            }
            TagEnd::TableRow | TagEnd::TableHead => {
                let row = std::mem::take(&mut self.row);
                if row.iter().any(|c| !c.is_empty()) {
                    self.block.push(row.join("\t"));
                }
            }
            TagEnd::Table => self.flush(),
            TagEnd::Paragraph if !self.lists.is_empty() => {}
            TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::MetadataBlock(_) => {}
            _ => {
                if self.lists.is_empty() {
                    self.flush();
                }
            }
        }
    }

    fn text(&mut self, t: &str) {
        if self.skip_depth > 0 {
            return;
        }
        if self.in_code_block {
            self.code.push_str(t);
            return;
        }
        if let Some(html) = &mut self.html {
            html.push_str(t);
            return;
        }
        if !t.trim().is_empty() {
            self.line_is_prefix = false;
        }
        self.line.push_str(t);
    }

    /// Ends the line being written (if it holds text) as a line of the current block.
    fn end_line(&mut self) {
        let line = std::mem::take(&mut self.line);
        let keep = !self.line_is_prefix;
        self.line_is_prefix = false;
        if keep {
            let line = super::collapse_spaces(&strip_urls(&line));
            if !line.is_empty() {
                self.block.push(line);
            }
        }
    }

    /// Ends the current block as a paragraph.
    fn flush(&mut self) {
        self.end_line();
        self.list_block_open = false;
        if !self.block.is_empty() {
            let block = std::mem::take(&mut self.block);
            self.paragraphs.push(block.join("\n"));
        }
    }
}

/// True for a word that is a web address (`https://…`, `www.…`, `mailto:…`).
fn is_url_word(word: &str) -> bool {
    let core = word.trim_start_matches(['(', '[', '<', '"', '\'', '\u{201C}']);
    let lower = core.to_ascii_lowercase();
    lower.contains("://") || lower.starts_with("www.") || lower.starts_with("mailto:")
}

/// `line` without web-address words. Brackets around an address go with it; punctuation after
/// it (`,` `.` `;`) stays, attached to the word before.
fn strip_urls(line: &str) -> String {
    // Brackets that held only a skipped autolink: "The talks (<https://…>) lasted".
    let line = format!(" {line}").replace(" ()", " ").replace(" []", " ");
    let line = line[1..].to_owned();
    if !line.contains("://") && !line.contains("www.") && !line.contains("mailto:") {
        return line;
    }
    let mut out = String::with_capacity(line.len());
    for word in line.split(' ') {
        if is_url_word(word) {
            let tail: String = word
                .chars()
                .rev()
                .take_while(|c| matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '>' | '"' | '\''))
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .filter(|c| matches!(c, '.' | ',' | ';' | ':' | '!' | '?'))
                .collect();
            while out.ends_with(' ') {
                out.pop();
            }
            out.push_str(&tail);
            out.push(' ');
        } else {
            out.push_str(word);
            out.push(' ');
        }
    }
    out.trim_end().to_owned()
}

/// Text of an HTML fragment: tags and comments removed (`<br>` and block ends become line
/// breaks, `<p>`s paragraph breaks), the common entities decoded.
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find(['<', '&']) {
        out.push_str(&rest[..open]);
        let at = &rest[open..];
        if let Some(comment) = at.strip_prefix("<!--") {
            rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
            continue;
        }
        if let Some(inner) = at.strip_prefix('<') {
            let is_tag = inner.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!');
            match inner.find('>') {
                Some(close) if is_tag => {
                    let end = close + 1;
                    let name: String = inner[..close]
                        .trim_start_matches('/')
                        .chars()
                        .take_while(char::is_ascii_alphanumeric)
                        .collect::<String>()
                        .to_ascii_lowercase();
                    match name.as_str() {
                        "p" | "div" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "table" | "ul" | "ol" => {
                            out.push_str("\n\n");
                        }
                        "br" | "li" | "tr" => out.push('\n'),
                        "td" | "th" => out.push('\t'),
                        _ => {}
                    }
                    rest = &at[end + 1..];
                }
                _ => {
                    out.push('<');
                    rest = &at[1..];
                }
            }
            continue;
        }
        // An entity.
        let end = at.char_indices().take(10).find(|(_, c)| *c == ';').map(|(i, _)| i);
        match end.and_then(|e| entity(&at[1..e]).map(|c| (c, e))) {
            Some((c, e)) => {
                out.push(c);
                rest = &at[e + 1..];
            }
            None => {
                out.push('&');
                rest = &at[1..];
            }
        }
    }
    out.push_str(rest);
    // Lines of the fragment: trimmed, blank runs made one paragraph break.
    let mut text = String::new();
    let mut blank = false;
    for line in out.split('\n') {
        let line = line.trim();
        if line.is_empty() {
            blank = !text.is_empty();
            continue;
        }
        if !text.is_empty() {
            text.push_str(if blank { "\n\n" } else { "\n" });
        }
        blank = false;
        text.push_str(line);
    }
    text
}

fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code);
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "mdash" => '\u{2014}',
        "ndash" => '\u{2013}',
        "hellip" => '\u{2026}',
        "lsquo" => '\u{2018}',
        "rsquo" => '\u{2019}',
        "ldquo" => '\u{201C}',
        "rdquo" => '\u{201D}',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::import::extract_bytes;
    use std::path::Path;

    #[test]
    fn fixture_markdown() {
        let bytes = include_bytes!("../../../tests/fixtures/import/article.md");
        let expected = include_str!("../../../tests/fixtures/import/article.md.expected.txt");
        let arts = extract_bytes(bytes, Path::new("article.md")).unwrap_or_default();
        assert_eq!(arts.len(), 1);
        let a = &arts[0];
        assert_eq!(a.title, "EU Leaders Split Over Ukraine Aid Package");
        assert_eq!(a.source, "Reuters");
        assert_eq!(a.text, expected.trim_end());
    }

    #[test]
    fn front_matter_and_setext() {
        let a = extract_markdown(
            "---\ntitle: \"Vote Tonight\"\nauthor: J. Smith\ndate: 2025-02-24\n---\n\nVote Tonight\n============\n\nSome *text* with snake_case_name and 5 * 3.\n",
        );
        assert_eq!(a.title, "Vote Tonight");
        assert_eq!(a.byline, "J. Smith");
        assert_eq!(a.date, "2025-02-24");
        assert_eq!(a.text, "Some text with snake_case_name and 5 * 3.");
    }

    #[test]
    fn inline_markup() {
        let a = extract_markdown(
            "**Bold** _it_ `code` [link](http://x.org \"t\") ![img](a.png) <b>x</b> a &amp; b ~~old~~",
        );
        assert_eq!(a.text, "Bold it code link x a & b old");
    }

    #[test]
    fn a_link_whose_text_wraps_keeps_only_its_text() {
        let a = extract_markdown(
            "In an [exclusive\ninterview](https://example.com/news/trump-putin-ukraine-interview \"Putin\") on Friday,\nthe envoy spoke.\n",
        );
        assert_eq!(a.text, "In an exclusive interview on Friday, the envoy spoke.");
        let b = extract_markdown(
            "See [the\nreport][r] and <https://example.com/putin> or www.example.com/zelensky.\n\n[r]: https://x.org/nato\n",
        );
        assert_eq!(b.text, "See the report and or.");
    }

    #[test]
    fn autolinks_in_brackets_leave_nothing_behind() {
        let a = extract_markdown("The talks (<https://example.com/live>) lasted four hours.\n");
        assert_eq!(a.text, "The talks lasted four hours.");
    }

    #[test]
    fn html_blocks_lose_their_tags() {
        let a = extract_markdown("<p align=\"center\">\n  <img src=\"logo.png\"> Fast &amp; light\n</p>\n\nAfter.\n");
        assert_eq!(a.text, "Fast & light\n\nAfter.");
    }
}
