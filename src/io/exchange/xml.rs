//! A small, guarded XML tree for exchange files, and escaping for writing them.
//!
//! Rules: a document type declaration is refused (no entity expansion, no external entities: the
//! billion-laughs and XXE attacks); only the five predefined entities and character references
//! are resolved; depth and element count are bounded. Names are local (namespace prefixes
//! dropped), since producers differ in how they declare the REFI-QDA namespace.

use quick_xml::events::{BytesStart, Event};

use super::ExchangeError;

/// Deepest nesting accepted (REFI-QDA code trees are rarely deeper than ten).
const MAX_DEPTH: usize = 256;
/// Most elements accepted in one document.
const MAX_ELEMENTS: usize = 5_000_000;

/// An element: its local name, attributes, children and text content.
#[derive(Clone, Debug, Default)]
pub struct Element {
    /// Local name (no prefix).
    pub name: String,
    /// Attributes by local name, in document order.
    pub attributes: Vec<(String, String)>,
    /// Child elements.
    pub children: Vec<Element>,
    /// The element's own text (concatenated text and CDATA).
    pub text: String,
}

impl Element {
    /// The attribute's value, if present.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attributes.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
    }

    /// The first child named `name`.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|child| child.name == name)
    }

    /// Every child named `name`.
    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |child| child.name == name)
    }

    /// The text of the first child named `name`, if any.
    pub fn child_text(&self, name: &str) -> Option<&str> {
        self.child(name).map(|child| child.text.as_str())
    }
}

fn local(name: &[u8]) -> String {
    let local = name.rsplit(|&b| b == b':').next().unwrap_or(name);
    String::from_utf8_lossy(local).into_owned()
}

fn element(start: &BytesStart<'_>, entry: &str, position: u64) -> Result<Element, ExchangeError> {
    let error = |reason: String| ExchangeError::Xml { entry: entry.to_owned(), position, reason };
    let mut attributes = Vec::new();
    for attribute in start.attributes() {
        let attribute = attribute.map_err(|e| error(e.to_string()))?;
        let value = attribute.unescape_value().map_err(|e| error(e.to_string()))?;
        attributes.push((local(attribute.key.as_ref()), value.into_owned()));
    }
    Ok(Element { name: local(start.name().as_ref()), attributes, ..Element::default() })
}

/// Parses `bytes` (UTF-8, a BOM allowed) into its root element; `entry` names the document in
/// errors.
pub fn parse(bytes: &[u8], entry: &str) -> Result<Element, ExchangeError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| ExchangeError::Xml {
        entry: entry.to_owned(),
        position: e.valid_up_to() as u64,
        reason: "the document is not UTF-8".into(),
    })?;
    let mut reader = quick_xml::Reader::from_str(text);
    let mut stack: Vec<Element> = Vec::new();
    let mut root = None;
    let mut count = 0usize;
    loop {
        let position = reader.buffer_position();
        let error = |reason: String| ExchangeError::Xml { entry: entry.to_owned(), position, reason };
        let event = reader.read_event().map_err(|e| error(e.to_string()))?;
        match event {
            Event::DocType(_) => return Err(ExchangeError::Doctype(entry.to_owned())),
            Event::Start(start) | Event::Empty(start) if root.is_some() => {
                let _ = start;
                return Err(error("content after the root element".into()));
            }
            Event::Start(start) => {
                count += 1;
                if stack.len() >= MAX_DEPTH || count > MAX_ELEMENTS {
                    return Err(error(format!("more than {MAX_DEPTH} levels or {MAX_ELEMENTS} elements")));
                }
                stack.push(element(&start, entry, position)?);
            }
            Event::Empty(start) => {
                count += 1;
                if count > MAX_ELEMENTS {
                    return Err(error(format!("more than {MAX_ELEMENTS} elements")));
                }
                let element = element(&start, entry, position)?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(element),
                    None => root = Some(element),
                }
            }
            Event::End(_) => {
                let Some(done) = stack.pop() else { return Err(error("a closing tag without its opening".into())) };
                match stack.last_mut() {
                    Some(parent) => parent.children.push(done),
                    None => root = Some(done),
                }
            }
            Event::Text(content) => {
                if let Some(open) = stack.last_mut() {
                    open.text.push_str(&content.xml_content().map_err(|e| error(e.to_string()))?);
                }
            }
            Event::CData(content) => {
                if let Some(open) = stack.last_mut() {
                    open.text.push_str(&content.decode().map_err(|e| error(e.to_string()))?);
                }
            }
            Event::GeneralRef(reference) => {
                let name = reference.decode().map_err(|e| error(e.to_string()))?;
                let resolved = if reference.is_char_ref() {
                    reference.resolve_char_ref().map_err(|e| error(e.to_string()))?.map(String::from)
                } else {
                    quick_xml::escape::resolve_predefined_entity(&name).map(str::to_owned)
                };
                let Some(resolved) = resolved else {
                    return Err(error(format!("unknown entity &{name}; (only the five XML entities are allowed)")));
                };
                if let Some(open) = stack.last_mut() {
                    open.text.push_str(&resolved);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !stack.is_empty() {
        return Err(ExchangeError::Xml {
            entry: entry.to_owned(),
            position: reader.buffer_position(),
            reason: format!("the document ends inside <{}>", stack.last().map_or("", |e| e.name.as_str())),
        });
    }
    root.ok_or_else(|| ExchangeError::NotProject { entry: entry.to_owned(), reason: "the document is empty".into() })
}

/// `text` escaped for XML character data or a double-quoted attribute; carriage returns, tabs and
/// (in attributes) line feeds as character references so readers keep them; characters XML 1.0
/// cannot carry (other C0 controls, U+FFFE/U+FFFF) become U+FFFD.
pub fn escape(text: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\r' => out.push_str("&#13;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\t' if attribute => out.push_str("&#9;"),
            '\n' | '\t' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// True when `text` holds a character [`escape`] must replace (so the XML copy differs).
pub fn has_unwritable(text: &str) -> bool {
    text.chars().any(|c| ((c as u32) < 0x20 && !matches!(c, '\r' | '\n' | '\t')) || c == '\u{fffe}' || c == '\u{ffff}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_namespaced_elements_text_and_entities() {
        let root = parse(
            br#"<?xml version="1.0"?><p:Project xmlns:p="urn:x" name="a &amp; b"><p:Note>x &lt; y&#10;z</p:Note><E/></p:Project>"#,
            "project.qde",
        )
        .unwrap();
        assert_eq!(root.name, "Project");
        assert_eq!(root.attr("name"), Some("a & b"));
        assert_eq!(root.child_text("Note"), Some("x < y\nz"));
        assert!(root.child("E").is_some());
    }

    #[test]
    fn refuses_entity_declarations_and_bad_documents() {
        let laughs = br#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><Project name="&lol2;"/>"#;
        assert!(matches!(parse(laughs, "project.qde"), Err(ExchangeError::Doctype(_))));
        assert!(parse(b"<Project><A></Project>", "x").is_err());
        assert!(parse(b"<Project>&custom;</Project>", "x").is_err());
        assert!(parse(b"", "x").is_err());
        assert!(parse(b"<a/><b/>", "x").is_err());
    }

    #[test]
    fn escaping_round_trips_through_the_parser() {
        let tricky = "a\r\nb\t<c> & \"d\" \u{1} 😀 مرحبا";
        let xml = format!("<R v=\"{}\">{}</R>", escape(tricky, true), escape(tricky, false));
        let root = parse(xml.as_bytes(), "x").unwrap();
        let expected = tricky.replace('\u{1}', "\u{fffd}");
        assert_eq!(root.attr("v"), Some(expected.as_str()));
        assert_eq!(root.text, expected);
    }
}
