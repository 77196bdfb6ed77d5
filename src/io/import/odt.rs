//! ODT import (OpenDocument text).
//!
//! Owns reading `content.xml` (`text:p`/`text:h` paragraphs, spans, `text:s` spaces, tabs, line
//! breaks, lists, tables as tab-separated rows, `text:note` footnotes/endnotes appended at the
//! end as `[n] text` with `[n]` markers in the body; tracked changes, annotations and the
//! automatic note citations skipped) and `meta.xml` (`dc:title` → title, `dc:creator` or
//! `meta:initial-creator` → byline, `meta:creation-date` → date). Without a `dc:title`, the
//! first level-1 heading or Title-styled paragraph gives the title.

use super::article::{ExtractedArticle, ImportError};
use super::docx::{Builder, Xml, attr, core_properties, resolve_ref};
use quick_xml::events::Event;
use std::collections::HashMap;
use std::path::Path;

/// Read an ODT document into an article (a level-1 heading or Title paragraph that is the title
/// leaves the text; any other paragraph stays).
pub fn extract_odt(bytes: &[u8], path: &Path) -> Result<ExtractedArticle, ImportError> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| ImportError::Malformed {
        path: path.to_path_buf(),
        reason: format!("not a valid ODT (ZIP) archive: {e}"),
    })?;
    let content = super::read_zip_entry(&mut archive, "content.xml", path)?.ok_or_else(|| ImportError::Malformed {
        path: path.to_path_buf(),
        reason: "content.xml is missing (not an OpenDocument text?)".into(),
    })?;
    let meta = match super::read_zip_entry(&mut archive, "meta.xml", path)? {
        Some(x) => core_properties(&x, "meta.xml", path)?,
        None => Default::default(),
    };
    let (built, parents) = parse_content(&content, "content.xml", path)?;

    let mut article = ExtractedArticle {
        title: super::collapse_spaces(&meta.title),
        byline: super::collapse_spaces(&meta.creator),
        date: super::date_or_original(&meta.created),
        ..ExtractedArticle::default()
    };
    let is_title_style = |style: &str| {
        let mut s = style.to_owned();
        for _ in 0..8 {
            if matches!(s.as_str(), "Title" | "Heading_20_1" | "Heading 1") {
                return true;
            }
            match parents.get(&s) {
                Some(p) => s.clone_from(p),
                None => break,
            }
        }
        false
    };
    let styled: Vec<bool> = built.blocks.iter().map(|b| b.level == 1 || is_title_style(&b.style)).collect();
    let mut paragraphs: Vec<String> = built.blocks.into_iter().map(|b| b.text).collect();
    super::take_styled_title(&mut article.title, &mut paragraphs, &styled);
    let mut notes = built.notes;
    notes.sort_by_key(|n| n.0);
    for (n, text) in notes {
        paragraphs.push(format!("[{n}] {}", text.trim()));
    }
    article.text = super::finish_paragraphs(paragraphs.iter().map(|p| p.trim_matches(' ')));
    Ok(article)
}

/// Parse `content.xml` into blocks and notes, plus the automatic-style → parent-style map.
fn parse_content(xml: &[u8], entry: &str, path: &Path) -> Result<(Builder, HashMap<String, String>), ImportError> {
    let mut x = Xml::new(xml, entry, path);
    let mut b = Builder::default();
    let mut parents = HashMap::new();
    let mut note_count = 0usize;
    while let Some(ev) = x.next()? {
        match ev {
            Event::Start(e) => match e.local_name().as_ref() {
                b"p" | b"h" => {
                    let style = attr(&e, b"style-name").unwrap_or_default();
                    let level = if e.local_name().as_ref() == b"h" {
                        attr(&e, b"outline-level").and_then(|l| l.parse().ok()).unwrap_or(1)
                    } else {
                        0
                    };
                    b.start_para(style, level);
                }
                b"style" => {
                    if let (Some(n), Some(p)) = (attr(&e, b"name"), attr(&e, b"parent-style-name")) {
                        parents.insert(n, p);
                    }
                }
                b"table" => b.start_table(),
                b"note" => {
                    note_count += 1;
                    b.text(&format!("[{note_count}]"));
                    b.start_note(note_count);
                }
                b"note-citation"
                | b"tracked-changes"
                | b"annotation"
                | b"sequence-decls"
                | b"forms"
                | b"deletion"
                | b"script"
                | b"bookmark-ref-disabled" => {
                    x.skip_element()?;
                }
                _ => empty_odt(&e, &mut b),
            },
            Event::Empty(e) => match e.local_name().as_ref() {
                b"style" => {
                    if let (Some(n), Some(p)) = (attr(&e, b"name"), attr(&e, b"parent-style-name")) {
                        parents.insert(n, p);
                    }
                }
                b"table-cell" | b"covered-table-cell" => b.end_cell(),
                _ => empty_odt(&e, &mut b),
            },
            Event::End(e) => match e.local_name().as_ref() {
                b"p" | b"h" => b.end_para(),
                b"table-cell" | b"covered-table-cell" => b.end_cell(),
                b"table-row" => b.end_row(),
                b"table" => b.end_table(),
                b"note" => b.end_note(),
                _ => {}
            },
            Event::Text(t) if b.in_para() => {
                let s = t.decode().map_err(|e| x.decode_error(e))?;
                // Whitespace runs in ODF collapse to one space (text:s carries extra spaces).
                b.text(&collapse_ws(&s));
            }
            Event::GeneralRef(r) if b.in_para() => b.text(&resolve_ref(&r)),
            _ => {}
        }
    }
    Ok((b.finish(), parents))
}

fn empty_odt(e: &quick_xml::events::BytesStart<'_>, b: &mut Builder) {
    match e.local_name().as_ref() {
        b"s" => {
            let n: usize = attr(e, b"c").and_then(|c| c.parse().ok()).unwrap_or(1);
            b.text(&" ".repeat(n.min(64)));
        }
        b"tab" => b.text("\t"),
        b"line-break" => b.text("\n"),
        _ => {}
    }
}

fn collapse_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut prev = false;
    for c in s.chars() {
        if matches!(c, ' ' | '\n' | '\r' | '\t') {
            if !prev {
                out.push(' ');
            }
            prev = true;
        } else {
            out.push(c);
            prev = false;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::import::extract_bytes;

    #[test]
    fn fixture_odt() {
        let bytes = include_bytes!("../../../tests/fixtures/import/article.odt");
        let expected = include_str!("../../../tests/fixtures/import/article.odt.expected.txt");
        let arts = extract_bytes(bytes, Path::new("article.odt")).unwrap_or_default();
        assert_eq!(arts.len(), 1);
        let a = &arts[0];
        assert_eq!(a.title, "Election Commission Sets Date for Vote");
        assert_eq!(a.byline, "Tomás Silva");
        assert_eq!(a.date, "2025-02-24T09:15:00");
        assert_eq!(a.text, expected.trim_end());
    }

    #[test]
    fn missing_content_is_malformed() {
        let bytes = include_bytes!("../../../tests/fixtures/import/article.docx");
        let r = extract_odt(bytes, Path::new("renamed.odt"));
        let msg = r.err().map(|e| e.to_string()).unwrap_or_default();
        assert_eq!(msg, "renamed.odt: content.xml is missing (not an OpenDocument text?)");
    }
}
