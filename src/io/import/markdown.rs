//! Markdown import: strips markup and keeps the article's paragraphs.
//!
//! Owns a small line-based CommonMark-ish reader: YAML front matter (title, author, date, source,
//! url) becomes metadata; the first level-1 heading (`# Title` or `Title` + `===`) becomes the
//! title; other headings, paragraphs, block quotes, code fences (kept verbatim), lists (one item
//! per line, bullets dropped, numbers kept) and pipe tables (cells tab-separated) become text;
//! emphasis, inline code marks, HTML tags, reference definitions, rules and images are removed;
//! links keep their text. A leading `Credited from: SOURCE` line gives the source.

use super::article::ExtractedArticle;
use super::text::{credited_source, normalize_newlines};

/// Build an article from decoded Markdown text.
pub fn extract_markdown(decoded: &str) -> ExtractedArticle {
    let text = normalize_newlines(decoded);
    let mut lines: Vec<&str> = text.lines().collect();
    let mut article = ExtractedArticle::default();
    take_metadata(&mut lines, &mut article);

    let mut b = Blocks::default();
    let mut i = 0;
    while i < lines.len() {
        let raw = lines[i];
        i += 1;
        let trimmed = raw.trim();
        let indent = raw.len() - raw.trim_start().len();

        if let Some(fence) = fence_of(trimmed) {
            b.flush();
            let code = read_fenced(&lines, &mut i, fence);
            b.paragraphs.push(code);
            continue;
        }
        if trimmed.is_empty() {
            b.flush();
            continue;
        }
        // Setext heading underline after a one-line paragraph.
        if indent < 4
            && b.cur.len() == 1
            && !b.in_list
            && !b.in_table
            && (is_run_of(trimmed, '=') || is_run_of(trimmed, '-'))
        {
            let heading = b.cur.remove(0);
            b.heading(&heading, if trimmed.starts_with('=') { 1 } else { 2 }, &mut article);
            continue;
        }
        if indent < 4 && is_rule(trimmed) {
            b.flush();
            continue;
        }
        if indent < 4 && is_reference_definition(trimmed) {
            continue;
        }
        if indent < 4
            && let Some((level, heading)) = atx_heading(trimmed)
        {
            b.flush();
            b.heading(&inline(heading), level, &mut article);
            continue;
        }
        let mut content = trimmed;
        while let Some(rest) = content.strip_prefix('>') {
            content = rest.trim_start();
        }
        if content.is_empty() {
            b.flush();
            continue;
        }
        if content.starts_with('|') && content.len() > 1 {
            if !b.in_table {
                b.flush();
                b.in_table = true;
            }
            if !is_table_separator(content) {
                let inner = content.trim_matches('|');
                let cells: Vec<String> = inner.split('|').map(|c| inline(c.trim())).collect();
                b.cur.push(cells.join("\t"));
            }
            continue;
        }
        if b.in_table {
            b.flush();
        }
        if let Some(item) = list_item(content) {
            if !b.in_list {
                b.flush();
                b.in_list = true;
            }
            b.cur.push(inline(&item));
            continue;
        }
        let hard_break = raw.ends_with("  ") || raw.ends_with('\\');
        let piece = inline(content.trim_end_matches('\\'));
        match b.cur.last_mut() {
            Some(last) if !b.break_next => {
                last.push(' ');
                last.push_str(&piece);
            }
            _ => b.cur.push(piece),
        }
        b.break_next = hard_break;
    }
    b.flush();
    article.text = super::finish_paragraphs(&b.paragraphs);
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

/// The verbatim lines of a code block from `lines[*i]` up to the closing `fence` (or the end),
/// trailing spaces trimmed; `*i` moves past the closing fence.
fn read_fenced(lines: &[&str], i: &mut usize, fence: &str) -> String {
    let mut code = Vec::new();
    while *i < lines.len() {
        let l = lines[*i];
        *i += 1;
        if l.trim().starts_with(fence) {
            break;
        }
        code.push(l.trim_end().to_owned());
    }
    code.join("\n")
}

#[derive(Default)]
struct Blocks {
    paragraphs: Vec<String>,
    cur: Vec<String>,
    in_list: bool,
    in_table: bool,
    break_next: bool,
}

impl Blocks {
    fn flush(&mut self) {
        if !self.cur.is_empty() {
            let lines: Vec<String> = self.cur.drain(..).map(|l| super::collapse_spaces(&l)).collect();
            self.paragraphs.push(lines.join("\n"));
        }
        self.in_list = false;
        self.in_table = false;
        self.break_next = false;
    }

    fn heading(&mut self, text: &str, level: usize, article: &mut ExtractedArticle) {
        self.flush();
        let text = super::collapse_spaces(text);
        if level == 1 && article.title.is_empty() {
            article.title = text;
        } else if level == 1 && article.title == text {
            // Front matter already gave this title.
        } else {
            self.paragraphs.push(text);
        }
    }
}

fn fence_of(trimmed: &str) -> Option<&'static str> {
    if trimmed.starts_with("```") {
        Some("```")
    } else if trimmed.starts_with("~~~") {
        Some("~~~")
    } else {
        None
    }
}

fn is_run_of(s: &str, c: char) -> bool {
    !s.is_empty() && s.chars().all(|x| x == c)
}

fn is_rule(s: &str) -> bool {
    let compact: String = s.chars().filter(|c| *c != ' ').collect();
    compact.len() >= 3 && (is_run_of(&compact, '-') || is_run_of(&compact, '*') || is_run_of(&compact, '_'))
}

fn is_reference_definition(s: &str) -> bool {
    s.starts_with('[') && s.find("]:").is_some_and(|i| i > 1 && !s[i + 2..].trim().is_empty())
}

fn atx_heading(s: &str) -> Option<(usize, &str)> {
    let level = s.chars().take_while(|c| *c == '#').count();
    if !(1..=6).contains(&level) {
        return None;
    }
    let rest = &s[level..];
    if !rest.is_empty() && !rest.starts_with([' ', '\t']) {
        return None;
    }
    let rest = rest.trim();
    let rest = rest.trim_end_matches('#');
    Some((level, rest.trim()))
}

fn is_table_separator(s: &str) -> bool {
    s.contains('-') && s.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

/// A list item's text: bullets dropped, ordered numbers kept, task boxes dropped.
fn list_item(s: &str) -> Option<String> {
    let strip_task = |t: &str| -> String {
        let t = t.trim_start();
        for b in ["[ ] ", "[x] ", "[X] "] {
            if let Some(r) = t.strip_prefix(b) {
                return r.to_owned();
            }
        }
        t.to_owned()
    };
    for bullet in ["- ", "* ", "+ "] {
        if let Some(rest) = s.strip_prefix(bullet) {
            return Some(strip_task(rest));
        }
    }
    let digits = s.chars().take_while(char::is_ascii_digit).count();
    if (1..=9).contains(&digits) {
        let rest = &s[digits..];
        if let Some(r) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return Some(format!("{}. {}", &s[..digits], r.trim_start()));
        }
    }
    None
}

/// Strip inline Markdown: emphasis, code marks, links (text kept), images, HTML tags, escapes.
pub(crate) fn inline(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' if chars.get(i + 1).is_some_and(char::is_ascii_punctuation) => {
                if let Some(n) = chars.get(i + 1) {
                    out.push(*n);
                }
                i += 2;
            }
            '`' => {
                let run = count_run(&chars, i, '`');
                if let Some(end) = find_run(&chars, i + run, '`', run) {
                    let code: String = chars[i + run..end].iter().collect();
                    out.push_str(code.trim());
                    i = end + run;
                } else {
                    out.extend(&chars[i..i + run]);
                    i += run;
                }
            }
            '!' if chars.get(i + 1) == Some(&'[') => {
                if let Some(end) = link_end(&chars, i + 1) {
                    i = end.next;
                } else {
                    out.push('!');
                    i += 1;
                }
            }
            '[' => {
                if let Some(end) = link_end(&chars, i) {
                    let label: String = chars[i + 1..end.label_end].iter().collect();
                    out.push_str(&inline(&label));
                    i = end.next;
                } else {
                    out.push('[');
                    i += 1;
                }
            }
            '<' => {
                let close = chars[i..].iter().position(|c| *c == '>').map(|p| p + i);
                let is_tag = chars.get(i + 1).is_some_and(|n| n.is_ascii_alphabetic() || matches!(n, '/' | '!'));
                match close {
                    Some(end) if is_tag => {
                        let inner: String = chars[i + 1..end].iter().collect();
                        if inner.contains("://") || inner.starts_with("mailto:") {
                            out.push_str(inner.trim_start_matches("mailto:"));
                        } else if inner.eq_ignore_ascii_case("br")
                            || inner.starts_with("br ")
                            || inner.starts_with("br/")
                        {
                            out.push(' ');
                        }
                        i = end + 1;
                    }
                    _ => {
                        out.push('<');
                        i += 1;
                    }
                }
            }
            '&' => {
                let end = chars[i..].iter().take(10).position(|c| *c == ';').map(|p| p + i);
                let decoded = end.and_then(|e| {
                    let name: String = chars[i + 1..e].iter().collect();
                    entity(&name).map(|ch| (ch, e))
                });
                match decoded {
                    Some((ch, e)) => {
                        out.push(ch);
                        i = e + 1;
                    }
                    None => {
                        out.push('&');
                        i += 1;
                    }
                }
            }
            '*' | '_' | '~' => {
                let run = count_run(&chars, i, c);
                let prev = if i == 0 { None } else { chars.get(i - 1) };
                let next = chars.get(i + run);
                let space = |x: Option<&char>| x.is_none_or(|c| c.is_whitespace());
                let alnum = |x: Option<&char>| x.is_some_and(|c| c.is_alphanumeric());
                let keep = match c {
                    '*' => space(prev) && space(next),
                    '_' => (space(prev) && space(next)) || (alnum(prev) && alnum(next)),
                    _ => run != 2,
                };
                if keep {
                    out.extend(&chars[i..i + run]);
                }
                i += run;
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

fn count_run(chars: &[char], start: usize, c: char) -> usize {
    chars[start..].iter().take_while(|x| **x == c).count()
}

fn find_run(chars: &[char], from: usize, c: char, len: usize) -> Option<usize> {
    let mut i = from;
    while i < chars.len() {
        if chars[i] == c {
            let run = count_run(chars, i, c);
            if run == len {
                return Some(i);
            }
            i += run;
        } else {
            i += 1;
        }
    }
    None
}

struct LinkEnd {
    label_end: usize,
    next: usize,
}

/// For `[label](dest)` or `[label][ref]` starting at `open`, where the label and whole link end.
fn link_end(chars: &[char], open: usize) -> Option<LinkEnd> {
    let label_end = matching(chars, open, '[', ']')?;
    match chars.get(label_end + 1) {
        Some('(') => {
            let close = matching(chars, label_end + 1, '(', ')')?;
            Some(LinkEnd { label_end, next: close + 1 })
        }
        Some('[') => {
            let close = matching(chars, label_end + 1, '[', ']')?;
            Some(LinkEnd { label_end, next: close + 1 })
        }
        _ => None,
    }
}

fn matching(chars: &[char], open: usize, o: char, c: char) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = open;
    while i < chars.len() {
        let ch = chars[i];
        if ch == '\\' {
            i += 2;
            continue;
        }
        if ch == o {
            depth += 1;
        } else if ch == c {
            depth = depth.saturating_sub(1);
            if depth == 0 {
                return Some(i);
            }
        }
        i += 1;
    }
    None
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
        assert_eq!(
            inline("**Bold** _it_ `code` [link](http://x.org \"t\") ![img](a.png) <b>x</b> a &amp; b ~~old~~"),
            "Bold it code link  x a & b old"
        );
    }
}
