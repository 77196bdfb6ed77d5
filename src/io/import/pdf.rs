//! PDF import: reads the text layer with `pdf-extract` (on `lopdf`) and rebuilds paragraphs.
//!
//! Owns page-by-page text extraction (guarded by `guard::quietly`, since the PDF libraries can
//! panic on hostile files), a second reading of every file with lopdf's own text extraction that
//! is kept when it finds clearly more words (pdf-extract skips some text operators and fonts), the
//! article date (a dateline, the file name, then the CreationDate unless a browser saved the PDF
//! from a web page), removal of repeated page headers/footers and page numbers, joining of
//! hard-wrapped lines and hyphenated line breaks ("nego-" + "tiations" → "negotiations"),
//! paragraphs continued across pages, and Info-dictionary metadata (Title, Author,
//! CreationDate). Right-to-left lines are put in reading order (`unicode-bidi`), and a file whose
//! cross-reference table is broken is read through a rebuilt one (`repair`). A PDF without a
//! text layer gives [`ImportError::NoText`].

mod repair;

use super::article::{ExtractedArticle, ImportError};
use std::path::Path;

/// Reason given for a PDF without a text layer.
pub const NO_TEXT_LAYER: &str = "the PDF has no text layer (a scanned document?); run OCR first";

/// Read a PDF's text layer into an article.
pub fn extract_pdf(bytes: &[u8], path: &Path) -> Result<ExtractedArticle, ImportError> {
    let malformed = |reason: String| ImportError::Malformed { path: path.to_path_buf(), reason };
    let head = &bytes[..bytes.len().min(1024)];
    let Some(start) = head.windows(5).position(|w| w == b"%PDF-") else {
        return Err(malformed("not a PDF: no %PDF- header at the start of the file".into()));
    };
    let data = &bytes[start..];
    let raw = match super::guard::quietly(|| read_pdf(data)) {
        Ok(Ok(raw)) => raw,
        Ok(Err(reason)) => return Err(malformed(reason)),
        Err(msg) => {
            return Err(malformed(format!("the PDF's structure could not be read (the PDF reader failed: {msg})")));
        }
    };
    let text = clean_pages(&raw.pages);
    if text.is_empty() {
        if let Some(err) = raw.page_error {
            return Err(malformed(err));
        }
        return Err(ImportError::NoText { path: path.to_path_buf(), reason: NO_TEXT_LAYER.into() });
    }
    Ok(ExtractedArticle {
        title: useful_title(&raw.title),
        byline: super::collapse_spaces(&raw.author),
        date: pdf_date(&raw, &text, path),
        text,
        ..ExtractedArticle::default()
    })
}

/// The article date of a PDF: a dateline or byline date in its first lines, else one in its file
/// name, else its CreationDate, unless a web browser or print driver made the PDF: then the
/// CreationDate is only when the page was saved, not when the article appeared.
fn pdf_date(raw: &RawPdf, text: &str, path: &Path) -> String {
    if let Some(date) = super::dates::dateline_date(text) {
        return date;
    }
    if let Some(date) = super::dates::date_in_file_name(&super::origin_file(path)) {
        return date;
    }
    if saved_from_web_page(&raw.producer, &raw.creator) {
        return String::new();
    }
    super::date_or_original(&raw.created)
}

/// True when the Info dictionary's Producer or Creator names a browser or a print-to-PDF tool
/// (Chrome's Skia, Firefox, Safari's Quartz context, wkhtmltopdf, Microsoft Print to PDF…).
fn saved_from_web_page(producer: &str, creator: &str) -> bool {
    const MARKS: &[&str] = &[
        "skia/pdf",
        "mozilla",
        "chrome",
        "chromium",
        "firefox",
        "safari",
        "webkit",
        "wkhtmltopdf",
        "headless",
        "quartz pdfcontext",
        "print to pdf",
        "microsoft: print",
        "puppeteer",
        "playwright",
    ];
    let both = format!("{producer} {creator}").to_lowercase();
    MARKS.iter().any(|m| both.contains(m))
}

struct RawPdf {
    pages: Vec<String>,
    page_error: Option<String>,
    title: String,
    author: String,
    created: String,
    producer: String,
    creator: String,
}

fn read_pdf(data: &[u8]) -> Result<RawPdf, String> {
    let mut doc = match pdf_extract::Document::load_mem(data) {
        Ok(doc) => doc,
        // A broken cross-reference table: find the objects by scanning, as poppler does.
        Err(first) => repair::with_rebuilt_xref(data)
            .and_then(|fixed| pdf_extract::Document::load_mem(&fixed).ok())
            .ok_or_else(|| format!("cannot parse the PDF: {first}"))?,
    };
    if doc.is_encrypted() && doc.decrypt("").is_err() {
        return Err("the PDF is encrypted with a password; save an unprotected copy first".into());
    }
    let [title, author, created, producer, creator] = info_strings(&doc);
    let mut pages = Vec::new();
    let mut page_error = None;
    for num in doc.get_pages().keys() {
        let mut s = String::new();
        // A page pdf-extract panics on is left to the second reading below.
        let result = super::guard::quietly(|| {
            let mut out = pdf_extract::PlainTextOutput::new(&mut s);
            pdf_extract::output_doc_page(&doc, &mut out, *num)
        });
        match result {
            Ok(Ok(())) => pages.push(s),
            Ok(Err(e)) => {
                page_error.get_or_insert_with(|| format!("cannot read the text of page {num}: {e}"));
                pages.push(s);
            }
            Err(panic) => {
                page_error.get_or_insert_with(|| {
                    format!("cannot read the text of page {num} (the PDF reader failed: {panic})")
                });
                pages.push(String::new());
            }
        }
    }
    // A second reading with lopdf's own text extraction, which shows text that pdf-extract 0.12
    // skips (the `'` and `"` operators, some fonts it refuses). The better reading of the file is
    // kept: pdf-extract's (it places words and lines better) unless lopdf's finds clearly more words.
    let page_numbers: Vec<u32> = doc.get_pages().keys().copied().collect();
    let second: Vec<String> = page_numbers
        .iter()
        .map(|num| super::guard::quietly(|| doc.extract_text(&[*num]).unwrap_or_default()).unwrap_or_default())
        .collect();
    if prefer_second_reading(&pages, &second) {
        pages = second;
        page_error = None;
    }
    Ok(RawPdf { pages, page_error, title, author, created, producer, creator })
}

/// True when the second reading of a PDF's pages has clearly more words than the first (a third
/// more, and at least five more), so the first one dropped text.
fn prefer_second_reading(first: &[String], second: &[String]) -> bool {
    let words = |pages: &[String]| -> usize {
        pages.iter().map(|p| p.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).count()).sum()
    };
    let (a, b) = (words(first), words(second));
    b >= a + 5 && b * 3 > a * 4
}

/// Title, Author, CreationDate, Producer and Creator of the Info dictionary (empty when missing).
fn info_strings(doc: &pdf_extract::Document) -> [String; 5] {
    let Ok(info) = doc.trailer.get(b"Info") else {
        return Default::default();
    };
    let Ok((_, obj)) = doc.dereference(info) else {
        return Default::default();
    };
    let Ok(dict) = obj.as_dict() else {
        return Default::default();
    };
    let get = |key: &[u8]| {
        dict.get(key)
            .ok()
            .and_then(|o| doc.dereference(o).ok())
            .and_then(|(_, o)| o.as_str().ok())
            .map(decode_pdf_string)
            .unwrap_or_default()
    };
    [get(b"Title"), get(b"Author"), get(b"CreationDate"), get(b"Producer"), get(b"Creator")]
}

/// Decode a PDF text string: UTF-16BE or UTF-8 with BOM, else PDFDocEncoding (≈ Latin-1).
fn decode_pdf_string(b: &[u8]) -> String {
    if let Some(rest) = b.strip_prefix(b"\xFE\xFF") {
        encoding_rs::UTF_16BE.decode_without_bom_handling(rest).0.into_owned()
    } else if let Some(rest) = b.strip_prefix(b"\xEF\xBB\xBF") {
        String::from_utf8_lossy(rest).into_owned()
    } else {
        encoding_rs::WINDOWS_1252.decode_without_bom_handling(b).0.into_owned()
    }
}

/// The Info title unless it is a producer artefact such as "Microsoft Word - draft.docx".
fn useful_title(t: &str) -> String {
    let t = super::collapse_spaces(t);
    let lower = t.to_lowercase();
    let junk = lower.starts_with("microsoft word")
        || lower.starts_with("untitled")
        || [".doc", ".docx", ".pdf", ".odt", ".rtf", ".txt", ".html", ".indd", ".qxd"]
            .iter()
            .any(|e| lower.ends_with(e));
    if junk { String::new() } else { t }
}

/// A line of right-to-left text (Arabic, Hebrew) as it is read, not as it is drawn.
///
/// The text layer gives glyphs in drawing order, left to right across the page, so an Arabic
/// phrase comes out reversed. Reordering the line with the Unicode bidirectional algorithm
/// reverses each right-to-left run back; left-to-right text and numbers keep their order.
fn logical_order(line: &str) -> String {
    use unicode_bidi::{BidiClass, BidiInfo, bidi_class};
    let rtl = |c: char| matches!(bidi_class(c), BidiClass::R | BidiClass::AL);
    if !line.chars().any(rtl) {
        return line.to_owned();
    }
    let info = BidiInfo::new(line, None);
    info.paragraphs.iter().map(|para| info.reorder_line(para, para.range.clone()).into_owned()).collect()
}

fn header_key(line: &str) -> String {
    let mapped: String = line.trim().to_lowercase().chars().map(|c| if c.is_ascii_digit() { '#' } else { c }).collect();
    super::collapse_spaces(&mapped)
}

fn is_page_number(line: &str) -> bool {
    let t = line.trim().trim_matches(|c| c == '-' || c == '–' || c == '—' || c == ' ');
    let lower = t.to_lowercase();
    let t = lower.strip_prefix("page").unwrap_or(&lower).trim();
    if t.is_empty() {
        return false;
    }
    let mut parts = t.split(|c: char| c == '/' || c.is_whitespace()).filter(|p| !p.is_empty() && *p != "of");
    parts.all(|p| p.chars().all(|c| c.is_ascii_digit())) && t.chars().any(|c| c.is_ascii_digit())
}

const EDGE_LINES: usize = 2;

/// Turn page texts into article text: headers/footers removed, lines joined into paragraphs.
pub(crate) fn clean_pages(pages: &[String]) -> String {
    let mut pages: Vec<Vec<String>> = pages
        .iter()
        .map(|p| super::text::normalize_newlines(p).lines().map(|l| logical_order(l.trim())).collect())
        .collect();
    // Edge (top/bottom) non-blank line indexes of each page.
    let edges = |lines: &[String]| -> Vec<usize> {
        let nb: Vec<usize> = (0..lines.len()).filter(|i| !lines[*i].is_empty()).collect();
        let mut e: Vec<usize> = nb.iter().take(EDGE_LINES).copied().collect();
        e.extend(nb.iter().rev().take(EDGE_LINES).copied());
        e.sort_unstable();
        e.dedup();
        e
    };
    let mut counts: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for p in &pages {
        let mut keys: Vec<String> = edges(p).iter().map(|i| header_key(&p[*i])).collect();
        keys.sort();
        keys.dedup();
        for k in keys {
            *counts.entry(k).or_default() += 1;
        }
    }
    let threshold = pages.len().div_ceil(2);
    let repeated = |k: &str| pages.len() >= 2 && counts.get(k).is_some_and(|c| *c >= threshold.max(2));
    let mut to_clear: Vec<(usize, usize)> = Vec::new();
    for (pi, p) in pages.iter().enumerate() {
        for i in edges(p) {
            if is_page_number(&p[i]) || repeated(&header_key(&p[i])) {
                to_clear.push((pi, i));
            }
        }
    }
    for (pi, i) in to_clear {
        if let Some(l) = pages.get_mut(pi).and_then(|p| p.get_mut(i)) {
            l.clear();
        }
    }

    let has_blank_lines = pages.iter().any(|p| {
        let nb: Vec<usize> = (0..p.len()).filter(|i| !p[*i].is_empty()).collect();
        match (nb.first(), nb.last()) {
            (Some(a), Some(b)) => p[*a..*b].iter().any(String::is_empty),
            _ => false,
        }
    });
    let max_len = pages.iter().flatten().map(|l| l.chars().count()).max().unwrap_or(0);

    let mut paragraphs: Vec<String> = Vec::new();
    let mut cur = String::new();
    let end_para = |cur: &mut String, paragraphs: &mut Vec<String>| {
        if !cur.trim().is_empty() {
            paragraphs.push(super::collapse_spaces(cur));
        }
        cur.clear();
    };
    for page in &pages {
        // A paragraph continues across a page break unless it ended a sentence.
        if cur.trim_end().ends_with(['.', '!', '?', '"', '\u{201D}', ':']) {
            end_para(&mut cur, &mut paragraphs);
        }
        // Blank lines at the page's top or bottom (left by removed headers) are not breaks.
        let first = page.iter().position(|l| !l.is_empty()).unwrap_or(page.len());
        let last = page.iter().rposition(|l| !l.is_empty()).map_or(first, |i| i + 1);
        for line in &page[first..last.max(first)] {
            if line.is_empty() {
                if has_blank_lines {
                    end_para(&mut cur, &mut paragraphs);
                }
                continue;
            }
            join_line(&mut cur, line);
            if !has_blank_lines
                && line.ends_with(['.', '!', '?', '"', '\u{201D}'])
                && line.chars().count() * 10 < max_len * 8
            {
                end_para(&mut cur, &mut paragraphs);
            }
        }
    }
    end_para(&mut cur, &mut paragraphs);
    super::finish_paragraphs(&paragraphs)
}

/// Append `line` to the paragraph, undoing a hyphenated line break when the word continues.
fn join_line(cur: &mut String, line: &str) {
    if cur.is_empty() {
        cur.push_str(line);
        return;
    }
    let next_lower = line.chars().next().is_some_and(char::is_lowercase);
    if let Some(stripped) = cur.strip_suffix('\u{00AD}') {
        let stripped = stripped.to_owned();
        *cur = stripped;
        cur.push_str(line);
        return;
    }
    let mut tail = cur.chars().rev();
    let hyphen = tail.next() == Some('-');
    let letter_before = tail.next().is_some_and(char::is_alphabetic);
    if hyphen && letter_before && next_lower {
        cur.pop();
        cur.push_str(line);
    } else {
        cur.push(' ');
        cur.push_str(line);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::import::extract_bytes;

    #[test]
    fn fixture_pdf() {
        let bytes = include_bytes!("../../../tests/fixtures/import/article.pdf");
        let expected = include_str!("../../../tests/fixtures/import/article.pdf.expected.txt");
        let arts = extract_bytes(bytes, Path::new("article.pdf"));
        let arts = arts.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(arts.len(), 1);
        let a = &arts[0];
        assert_eq!(a.title, "Sanctions Talks Resume in Vienna");
        assert_eq!(a.byline, "Jan Novak");
        assert_eq!(a.date, "2025-02-24T12:00:00Z");
        assert_eq!(a.text, expected.trim_end());
        assert!(a.text.contains("negotiations"));
    }

    #[test]
    fn a_pdf_saved_from_a_web_page_is_not_dated_by_its_saving() {
        let bytes = include_bytes!("../../../tests/fixtures/import/article.pdf");
        // The same PDF as Chrome's "Save as PDF" makes it (same length, so offsets stay right).
        let mut browser = bytes.to_vec();
        let at = bytes.windows(22).position(|w| w == b"(hand-written fixture)").unwrap_or(0);
        browser[at..at + 22].copy_from_slice(b"(Skia/PDF m120 Chrome)");
        let browser = browser.as_slice();
        let undated = extract_bytes(browser, Path::new("article.pdf")).unwrap_or_default();
        assert_eq!(undated.len(), 1);
        assert_eq!(undated[0].date, "", "the CreationDate is when the page was saved");
        let named = extract_bytes(browser, Path::new("01_vienna_2025-02-19_sanctions.pdf")).unwrap_or_default();
        assert_eq!(named[0].date, "2025-02-19");
        // A file name's date also comes before a CreationDate the PDF was made with.
        let own = extract_bytes(bytes, Path::new("20250220-vienna.pdf")).unwrap_or_default();
        assert_eq!(own[0].date, "2025-02-20");
    }

    #[test]
    fn scanned_pdf_has_no_text() {
        let bytes = include_bytes!("../../../tests/fixtures/import/scanned.pdf");
        match extract_bytes(bytes, Path::new("scan.pdf")) {
            Err(ImportError::NoText { reason, .. }) => assert_eq!(reason, NO_TEXT_LAYER),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn not_a_pdf() {
        let r = extract_pdf(b"hello", Path::new("fake.pdf"));
        let msg = r.err().map(|e| e.to_string()).unwrap_or_default();
        assert_eq!(msg, "fake.pdf: not a PDF: no %PDF- header at the start of the file");
        assert!(matches!(extract_pdf(b"%PDF-1.7\n garbage", Path::new("x.pdf")), Err(ImportError::Malformed { .. })));
    }

    #[test]
    fn right_to_left_lines_in_reading_order() {
        // "مرحبا بالعالم" ("Hello World") as pdf-extract gives it: in drawing order.
        let drawn = "Arabic: \u{645}\u{644}\u{627}\u{639}\u{644}\u{627}\u{628} \u{627}\u{628}\u{62D}\u{631}\u{645}";
        let read = "Arabic: \u{645}\u{631}\u{62D}\u{628}\u{627} \u{628}\u{627}\u{644}\u{639}\u{627}\u{644}\u{645}";
        assert_eq!(logical_order(drawn), read);
        assert_eq!(
            logical_order("Russian: \u{41F}\u{440}\u{438}\u{432}\u{435}\u{442} 2025"),
            "Russian: \u{41F}\u{440}\u{438}\u{432}\u{435}\u{442} 2025"
        );
    }

    #[test]
    fn a_broken_cross_reference_table_is_rebuilt() {
        let bytes = include_bytes!("../../../tests/fixtures/wild/pypdf-toy.pdf");
        let a = extract_pdf(bytes, Path::new("toy.pdf")).unwrap_or_else(|e| panic!("{e}"));
        assert!(a.text.contains("Something"), "{}", a.text);
    }

    #[test]
    fn headers_footers_and_hyphens() {
        let pages = vec![
            "Daily Ledger\n\nThe talks on the nego-\ntiations continued\n\nPage 1".to_owned(),
            "Daily Ledger\n\ninto the night.\n\nA new paragraph.\n\nPage 2".to_owned(),
        ];
        assert_eq!(clean_pages(&pages), "The talks on the negotiations continued into the night.\n\nA new paragraph.");
        assert_eq!(useful_title("Microsoft Word - draft.docx"), "");
        assert!(is_page_number("- 12 -"));
        assert!(is_page_number("Page 3 of 10"));
        assert!(!is_page_number("Page one"));
    }
}
