//! DOCX import (Office Open XML word processing), plus the paragraph/table/footnote builder
//! that the ODT importer shares.
//!
//! Owns reading `word/document.xml` (paragraphs, runs, tabs, breaks, tables as tab-separated
//! rows, text boxes; tracked deletions, field instructions and compatibility fallbacks skipped),
//! `word/footnotes.xml` and `word/endnotes.xml` (appended at the end as `[n] text`, with `[n]`
//! markers in the body), `word/styles.xml` (to recognise Title / Heading 1 paragraphs) and
//! `docProps/core.xml` (`dc:title` → title, `dc:creator` → byline, `dcterms:created` → date).

use super::article::{ExtractedArticle, ImportError};
use quick_xml::events::{BytesStart, Event};
use std::collections::HashMap;
use std::path::Path;

/// Read a DOCX document into an article.
///
/// The title comes from `docProps/core.xml` or else the first Title/Heading 1 paragraph; a
/// Title/Heading 1 paragraph that is the title leaves the text, any other paragraph stays.
pub fn extract_docx(bytes: &[u8], path: &Path) -> Result<ExtractedArticle, ImportError> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| ImportError::Malformed {
        path: path.to_path_buf(),
        reason: format!("not a valid DOCX (ZIP) archive: {e}"),
    })?;
    let document =
        super::read_zip_entry(&mut archive, "word/document.xml", path)?.ok_or_else(|| ImportError::Malformed {
            path: path.to_path_buf(),
            reason: "word/document.xml is missing (not a Word document?)".into(),
        })?;
    let styles = match super::read_zip_entry(&mut archive, "word/styles.xml", path)? {
        Some(x) => style_names(&x, "word/styles.xml", path)?,
        None => HashMap::new(),
    };
    let mut notes: HashMap<(bool, String), String> = HashMap::new();
    for (entry, endnote) in [("word/footnotes.xml", false), ("word/endnotes.xml", true)] {
        if let Some(xml) = super::read_zip_entry(&mut archive, entry, path)? {
            for (id, text) in parse_notes(&xml, entry, path)? {
                notes.insert((endnote, id), text);
            }
        }
    }
    let meta = match super::read_zip_entry(&mut archive, "docProps/core.xml", path)? {
        Some(x) => core_properties(&x, "docProps/core.xml", path)?,
        None => CoreProps::default(),
    };

    let body = parse_document(&document, "word/document.xml", path)?;
    let mut article = ExtractedArticle {
        title: super::collapse_spaces(&meta.title),
        byline: super::collapse_spaces(&meta.creator),
        date: super::date_or_original(&meta.created),
        ..ExtractedArticle::default()
    };
    let is_title_style = |id: &str| {
        let name = styles.get(id).map_or_else(|| id.to_lowercase(), |n| n.to_lowercase());
        matches!(name.as_str(), "title" | "heading 1" | "heading1")
    };
    let styled: Vec<bool> = body.blocks.iter().map(|b| is_title_style(&b.style)).collect();
    let mut paragraphs: Vec<String> = body.blocks.into_iter().map(|b| b.text).collect();
    super::take_styled_title(&mut article.title, &mut paragraphs, &styled);
    for (k, (endnote, id)) in body.note_refs.iter().enumerate() {
        if let Some(t) = notes.get(&(*endnote, id.clone())) {
            paragraphs.push(format!("[{}] {}", k + 1, t.trim()));
        }
    }
    article.text = super::finish_paragraphs(paragraphs.iter().map(|p| p.trim_matches(' ')));
    Ok(article)
}

/// A paragraph-level block of output text with the style it carried.
pub(crate) struct Block {
    /// The text; table blocks have rows on lines and cells separated by tabs.
    pub text: String,
    /// Style id or name of the paragraph, empty when none.
    pub style: String,
    /// Heading outline level (ODT `text:h`), 0 when not a heading.
    pub level: u32,
}

struct Table {
    rows: Vec<String>,
    cells: Vec<String>,
    cell: String,
}

/// Collects paragraphs, tables and notes from a stream of document events.
#[derive(Default)]
pub(crate) struct Builder {
    /// Finished blocks in document order.
    pub blocks: Vec<Block>,
    /// Finished notes: (number, text).
    pub notes: Vec<(usize, String)>,
    paras: Vec<(String, String, u32)>,
    tables: Vec<Table>,
    note_stack: Vec<(usize, String, usize)>,
}

impl Builder {
    /// Begin a paragraph with the given style and heading level.
    pub fn start_para(&mut self, style: String, level: u32) {
        self.paras.push((String::new(), style, level));
    }

    /// Set the style of the innermost open paragraph.
    pub fn set_style(&mut self, style: String) {
        if let Some(p) = self.paras.last_mut() {
            p.1 = style;
        }
    }

    /// Append text to the innermost open paragraph (ignored outside paragraphs).
    pub fn text(&mut self, s: &str) {
        if let Some(p) = self.paras.last_mut() {
            p.0.push_str(s);
        }
    }

    /// True when a paragraph is open.
    pub fn in_para(&self) -> bool {
        !self.paras.is_empty()
    }

    /// Close the innermost paragraph, sending it to the open note, table cell or output.
    pub fn end_para(&mut self) {
        let Some((text, style, level)) = self.paras.pop() else {
            return;
        };
        let depth = self.paras.len();
        if let Some(note) = self.note_stack.last_mut().filter(|n| n.2 == depth) {
            if !note.1.is_empty() && !text.trim().is_empty() {
                note.1.push(' ');
            }
            note.1.push_str(text.trim());
            return;
        }
        if let Some(t) = self.tables.last_mut() {
            if !t.cell.is_empty() && !text.trim().is_empty() {
                t.cell.push(' ');
            }
            t.cell.push_str(text.trim());
            return;
        }
        self.blocks.push(Block { text, style, level });
    }

    /// Begin a table.
    pub fn start_table(&mut self) {
        self.tables.push(Table { rows: Vec::new(), cells: Vec::new(), cell: String::new() });
    }

    /// Close the current table cell.
    pub fn end_cell(&mut self) {
        if let Some(t) = self.tables.last_mut() {
            let cell = std::mem::take(&mut t.cell).replace(['\t', '\n'], " ");
            t.cells.push(super::collapse_spaces(&cell));
        }
    }

    /// Close the current table row.
    pub fn end_row(&mut self) {
        if let Some(t) = self.tables.last_mut() {
            let row = std::mem::take(&mut t.cells).join("\t");
            if !row.trim().is_empty() {
                t.rows.push(row);
            }
        }
    }

    /// Close the current table; a nested table becomes text of the outer cell.
    pub fn end_table(&mut self) {
        let Some(t) = self.tables.pop() else { return };
        let text = t.rows.join("\n");
        if let Some(outer) = self.tables.last_mut() {
            if !outer.cell.is_empty() {
                outer.cell.push(' ');
            }
            outer.cell.push_str(&text);
        } else {
            self.blocks.push(Block { text, style: String::new(), level: 0 });
        }
    }

    /// Begin an inline note (ODT): paragraphs until [`Builder::end_note`] go into note `number`.
    pub fn start_note(&mut self, number: usize) {
        self.note_stack.push((number, String::new(), self.paras.len()));
    }

    /// Close the innermost inline note.
    pub fn end_note(&mut self) {
        if let Some((n, text, _)) = self.note_stack.pop() {
            self.notes.push((n, text));
        }
    }

    /// Close everything still open (for truncated but parseable documents) and return.
    pub fn finish(mut self) -> Self {
        while self.in_para() {
            self.end_para();
        }
        while !self.tables.is_empty() {
            self.end_table();
        }
        while !self.note_stack.is_empty() {
            self.end_note();
        }
        self
    }
}

/// Value of the attribute whose local name (prefix ignored) is `name`.
pub(crate) fn attr(e: &BytesStart<'_>, name: &[u8]) -> Option<String> {
    e.attributes().flatten().find(|a| a.key.local_name().as_ref() == name).map(|a| {
        a.unescape_value().map(|v| v.into_owned()).unwrap_or_else(|_| String::from_utf8_lossy(&a.value).into_owned())
    })
}

/// Resolve `&…;` references: predefined entities and character references.
pub(crate) fn resolve_ref(r: &quick_xml::events::BytesRef<'_>) -> String {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return c.to_string();
    }
    let name = r.decode().map(|n| n.into_owned()).unwrap_or_default();
    quick_xml::escape::resolve_predefined_entity(&name).map(str::to_owned).unwrap_or_default()
}

/// A streaming XML reader that reports errors with the entry name and byte offset, and turns
/// an unexpected end (unclosed elements) into an error.
pub(crate) struct Xml<'a> {
    reader: quick_xml::Reader<&'a [u8]>,
    entry: &'a str,
    path: &'a Path,
    depth: usize,
}

impl<'a> Xml<'a> {
    /// Start reading `bytes` from archive entry `entry` of file `path`.
    pub fn new(bytes: &'a [u8], entry: &'a str, path: &'a Path) -> Self {
        let mut reader = quick_xml::Reader::from_reader(bytes);
        reader.config_mut().trim_text(false);
        Xml { reader, entry, path, depth: 0 }
    }

    /// Next event; `Ok(None)` at a well-formed end.
    pub fn next(&mut self) -> Result<Option<Event<'a>>, ImportError> {
        match self.reader.read_event() {
            Ok(Event::Eof) => {
                if self.depth > 0 {
                    Err(ImportError::Malformed {
                        path: self.path.to_path_buf(),
                        reason: format!(
                            "{}: unexpected end of XML at byte {} ({} element(s) left open)",
                            self.entry,
                            self.reader.buffer_position(),
                            self.depth
                        ),
                    })
                } else {
                    Ok(None)
                }
            }
            Ok(ev) => {
                match &ev {
                    Event::Start(_) => self.depth += 1,
                    Event::End(_) => self.depth = self.depth.saturating_sub(1),
                    _ => {}
                }
                Ok(Some(ev))
            }
            Err(e) => Err(super::xml_error(self.path, self.entry, &e, self.reader.error_position())),
        }
    }

    /// Turn a text-decoding failure into an error naming the entry.
    pub fn decode_error(&self, e: impl std::fmt::Display) -> ImportError {
        ImportError::Malformed {
            path: self.path.to_path_buf(),
            reason: format!("{}: invalid text near byte {}: {e}", self.entry, self.reader.buffer_position()),
        }
    }

    /// Skip to the end of the element just started.
    pub fn skip_element(&mut self) -> Result<(), ImportError> {
        let target = self.depth.saturating_sub(1);
        while self.depth > target {
            if self.next()?.is_none() {
                break;
            }
        }
        Ok(())
    }
}

/// Result of parsing `word/document.xml`.
struct Body {
    blocks: Vec<Block>,
    /// Footnote/endnote references in order: (is endnote, id).
    note_refs: Vec<(bool, String)>,
}

fn parse_document(xml: &[u8], entry: &str, path: &Path) -> Result<Body, ImportError> {
    let mut x = Xml::new(xml, entry, path);
    let mut b = Builder::default();
    let mut note_refs = Vec::new();
    walk_wordml(&mut x, &mut b, Some(&mut note_refs))?;
    Ok(Body { blocks: b.finish().blocks, note_refs })
}

/// Walk WordprocessingML events into `b` until the end of input (or of the enclosing element
/// when `stop_depth` is reached by the caller's design: whole input here).
fn walk_wordml(
    x: &mut Xml<'_>,
    b: &mut Builder,
    mut note_refs: Option<&mut Vec<(bool, String)>>,
) -> Result<(), ImportError> {
    let mut in_t = false;
    let mut run_depth = 0usize;
    while let Some(ev) = x.next()? {
        match ev {
            Event::Start(e) => {
                let name = e.local_name();
                match name.as_ref() {
                    b"p" => b.start_para(String::new(), 0),
                    b"t" => in_t = true,
                    b"r" => run_depth += 1,
                    b"tbl" => b.start_table(),
                    b"del" | b"instrText" | b"delInstrText" | b"delText" | b"Fallback" | b"rPr" | b"footnotePr"
                    | b"endnotePr" | b"sectPr" => x.skip_element()?,
                    _ => start_or_empty_wordml(&e, b, run_depth, note_refs.as_deref_mut()),
                }
            }
            Event::Empty(e) => {
                if e.local_name().as_ref() == b"tc" {
                    b.end_cell();
                } else {
                    start_or_empty_wordml(&e, b, run_depth, note_refs.as_deref_mut());
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                b"p" => b.end_para(),
                b"t" => in_t = false,
                b"r" => run_depth = run_depth.saturating_sub(1),
                b"tc" => b.end_cell(),
                b"tr" => b.end_row(),
                b"tbl" => b.end_table(),
                _ => {}
            },
            Event::Text(t) if in_t => {
                let s = t.decode().map_err(|e| x.decode_error(e))?;
                b.text(&s);
            }
            Event::GeneralRef(r) if in_t => b.text(&resolve_ref(&r)),
            _ => {}
        }
    }
    Ok(())
}

fn start_or_empty_wordml(
    e: &BytesStart<'_>,
    b: &mut Builder,
    run_depth: usize,
    note_refs: Option<&mut Vec<(bool, String)>>,
) {
    match e.local_name().as_ref() {
        b"pStyle" => {
            if let Some(v) = attr(e, b"val") {
                b.set_style(v);
            }
        }
        b"tab" if run_depth > 0 => b.text("\t"),
        b"br" | b"cr" if run_depth > 0 => b.text("\n"),
        b"noBreakHyphen" => b.text("-"),
        b"sym" => {
            let c = attr(e, b"char")
                .and_then(|h| u32::from_str_radix(&h, 16).ok())
                .filter(|c| !(0xE000..=0xF8FF).contains(c))
                .and_then(char::from_u32);
            if let Some(c) = c {
                b.text(&c.to_string());
            }
        }
        name @ (b"footnoteReference" | b"endnoteReference") => {
            if let (Some(refs), Some(id)) = (note_refs, attr(e, b"id")) {
                refs.push((name == b"endnoteReference", id));
                b.text(&format!("[{}]", refs.len()));
            }
        }
        _ => {}
    }
}

/// Notes of `footnotes.xml`/`endnotes.xml`: (id, text), separators skipped.
fn parse_notes(xml: &[u8], entry: &str, path: &Path) -> Result<Vec<(String, String)>, ImportError> {
    let mut x = Xml::new(xml, entry, path);
    let mut out = Vec::new();
    while let Some(ev) = x.next()? {
        if let Event::Start(e) = ev
            && matches!(e.local_name().as_ref(), b"footnote" | b"endnote")
        {
            let kind = attr(&e, b"type").unwrap_or_default();
            let id = attr(&e, b"id").unwrap_or_default();
            if kind == "separator" || kind == "continuationSeparator" || kind == "continuationNotice" {
                x.skip_element()?;
                continue;
            }
            // Collect this note's paragraphs with a sub-builder until its end tag.
            let mut b = Builder::default();
            let mut in_t = false;
            let mut run_depth = 0usize;
            let target = x.depth - 1;
            while x.depth > target {
                let Some(ev) = x.next()? else { break };
                match ev {
                    Event::Start(e) => match e.local_name().as_ref() {
                        b"p" => b.start_para(String::new(), 0),
                        b"t" => in_t = true,
                        b"r" => run_depth += 1,
                        b"tbl" => b.start_table(),
                        b"del" | b"instrText" | b"delText" | b"Fallback" | b"rPr" => x.skip_element()?,
                        _ => start_or_empty_wordml(&e, &mut b, run_depth, None),
                    },
                    Event::Empty(e) => start_or_empty_wordml(&e, &mut b, run_depth, None),
                    Event::End(e) => match e.local_name().as_ref() {
                        b"p" => b.end_para(),
                        b"t" => in_t = false,
                        b"r" => run_depth = run_depth.saturating_sub(1),
                        b"tc" => b.end_cell(),
                        b"tr" => b.end_row(),
                        b"tbl" => b.end_table(),
                        _ => {}
                    },
                    Event::Text(t) if in_t => {
                        let s = t.decode().map_err(|e| x.decode_error(e))?;
                        b.text(&s);
                    }
                    Event::GeneralRef(r) if in_t => b.text(&resolve_ref(&r)),
                    _ => {}
                }
            }
            let text: Vec<String> = b.finish().blocks.into_iter().map(|b| b.text.trim().to_owned()).collect();
            out.push((id, text.join(" ").trim().to_owned()));
        }
    }
    Ok(out)
}

/// Map of style id → style name from `word/styles.xml`.
fn style_names(xml: &[u8], entry: &str, path: &Path) -> Result<HashMap<String, String>, ImportError> {
    let mut x = Xml::new(xml, entry, path);
    let mut map = HashMap::new();
    let mut current: Option<String> = None;
    while let Some(ev) = x.next()? {
        match ev {
            Event::Start(e) if e.local_name().as_ref() == b"style" => current = attr(&e, b"styleId"),
            Event::Empty(e) | Event::Start(e) if e.local_name().as_ref() == b"name" => {
                if let (Some(id), Some(name)) = (current.clone(), attr(&e, b"val")) {
                    map.insert(id, name);
                }
            }
            Event::End(e) if e.local_name().as_ref() == b"style" => current = None,
            _ => {}
        }
    }
    Ok(map)
}

/// Title, author and creation date of a document (DOCX core properties or ODT meta.xml).
#[derive(Default)]
pub(crate) struct CoreProps {
    /// `dc:title`.
    pub title: String,
    /// `dc:creator` (or `meta:initial-creator`).
    pub creator: String,
    /// `dcterms:created` / `meta:creation-date`, as written.
    pub created: String,
}

/// Read `dc:title`, `dc:creator`/`meta:initial-creator` and `dcterms:created`/`meta:creation-date`.
pub(crate) fn core_properties(xml: &[u8], entry: &str, path: &Path) -> Result<CoreProps, ImportError> {
    let mut x = Xml::new(xml, entry, path);
    let mut props = CoreProps::default();
    let mut field: Option<u8> = None;
    let mut initial_creator = String::new();
    while let Some(ev) = x.next()? {
        match ev {
            Event::Start(e) => {
                field = match e.local_name().as_ref() {
                    b"title" => Some(0),
                    b"creator" => Some(1),
                    b"created" | b"creation-date" => Some(2),
                    b"initial-creator" => Some(3),
                    _ => None,
                }
            }
            Event::End(_) => field = None,
            Event::Text(t) => {
                let s = t.decode().map_err(|e| x.decode_error(e))?;
                push_field(&mut props, &mut initial_creator, field, &s);
            }
            Event::GeneralRef(r) => {
                let s = resolve_ref(&r);
                push_field(&mut props, &mut initial_creator, field, &s);
            }
            _ => {}
        }
    }
    if props.creator.trim().is_empty() {
        props.creator = initial_creator;
    }
    Ok(props)
}

fn push_field(props: &mut CoreProps, initial: &mut String, field: Option<u8>, s: &str) {
    match field {
        Some(0) => props.title.push_str(s),
        Some(1) => props.creator.push_str(s),
        Some(2) => props.created.push_str(s),
        Some(3) => initial.push_str(s),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::import::extract_bytes;
    use proptest::prelude::*;

    #[test]
    fn fixture_docx() {
        let bytes = include_bytes!("../../../tests/fixtures/import/article.docx");
        let expected = include_str!("../../../tests/fixtures/import/article.docx.expected.txt");
        let arts = extract_bytes(bytes, Path::new("article.docx")).unwrap_or_default();
        assert_eq!(arts.len(), 1);
        let a = &arts[0];
        assert_eq!(a.title, "Coalition Talks Collapse in Berlin");
        assert_eq!(a.byline, "Lena Vogel");
        assert_eq!(a.date, "2025-02-24T08:00:00Z");
        assert_eq!(a.text, expected.trim_end());
    }

    #[test]
    fn styled_title_without_core_title() {
        let bytes = include_bytes!("../../../tests/fixtures/import/styled_title.docx");
        let arts = extract_bytes(bytes, Path::new("styled_title.docx")).unwrap_or_default();
        assert_eq!(arts.len(), 1);
        assert_eq!(arts[0].title, "Heading From Style");
        assert_eq!(arts[0].text, "Body paragraph.");
    }

    #[test]
    fn broken_xml_is_reported_with_entry_and_offset() {
        let err =
            parse_document(b"<w:document><w:body><w:p><w:t>hi</w:t></w:p>", "word/document.xml", Path::new("a.docx"))
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default();
        assert!(err.starts_with("a.docx: word/document.xml: unexpected end of XML at byte"), "{err}");
        let err = parse_document(b"<w:document><w:p></w:r></w:document>", "word/document.xml", Path::new("a.docx"))
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.starts_with("a.docx: word/document.xml: malformed XML at byte"), "{err}");
        let r = extract_bytes(b"PK\x03\x04garbage", Path::new("x.docx"));
        assert!(matches!(r, Err(ImportError::Malformed { .. })), "{r:?}");
    }

    const DOC_XML: &str = r#"<?xml version="1.0"?><w:document xmlns:w="w"><w:body><w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr><w:r><w:t>T &amp; x</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>a</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>b</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:p><w:r><w:t xml:space="preserve">Text </w:t><w:tab/><w:t>more</w:t></w:r></w:p></w:body></w:document>"#;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]
        #[test]
        fn flipped_xml_never_panics(flips in proptest::collection::vec((0usize..DOC_XML.len(), any::<u8>()), 1..6), cut in 0usize..DOC_XML.len()) {
            let mut xml = DOC_XML.as_bytes().to_vec();
            for (i, v) in flips { xml[i] = v; }
            let _ = parse_document(&xml, "word/document.xml", Path::new("f.docx"));
            let _ = parse_notes(&xml[..cut], "word/footnotes.xml", Path::new("f.docx"));
            let _ = core_properties(&xml[..cut], "docProps/core.xml", Path::new("f.docx"));
        }
    }
}
