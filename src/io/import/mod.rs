//! Article import: turns files (plain text, Markdown, HTML, PDF, DOCX, ODT, RTF and
//! LexisNexis/Nexis Uni/Factiva news-database exports) into [`ExtractedArticle`]s.
//!
//! This module owns the dispatcher: it checks the size limit, sniffs the format from the content
//! first (`%PDF-`, `{\rtf`, a ZIP holding `word/document.xml` or an OpenDocument text mimetype,
//! `<html`/`<!doctype html`) and from the extension second, runs the matching importer, and
//! splits multi-article news-database exports (recognised from the decoded text, whatever the
//! extension) into one article each. It also expands folders into importable files.
//! Importers never panic on hostile input; every failure is an [`ImportError`] naming the file,
//! and a panic inside a third-party parser is caught quietly (see `guard`) with a one-line reason.

pub mod article;
pub mod dates;
pub mod docx;
pub mod encoding;
mod guard;
pub mod html;
pub mod markdown;
pub mod news_export;
pub mod odt;
pub mod pdf;
pub mod rtf;
pub mod text;

pub use article::{ExtractedArticle, ImportError};

pub use dates::date_in_file_name;
pub(crate) use dates::{date_or_original, month_of, normalize_date};

use std::io::Read;
use std::path::{Path, PathBuf};

/// Largest file accepted (100 MiB).
pub const MAX_FILE_BYTES: u64 = 100 * 1024 * 1024;

/// Extensions the importer accepts, for file dialogs and folder expansion (lower case, no dot).
pub const SUPPORTED_EXTENSIONS: &[&str] = &["txt", "md", "markdown", "html", "htm", "pdf", "docx", "odt", "rtf"];

/// Largest uncompressed size read from one entry of a DOCX/ODT archive (guards against zip bombs).
const MAX_ZIP_ENTRY_BYTES: u64 = 256 * 1024 * 1024;

/// A file format the importer can read, as decided by [`detect_format`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Plain text in any common encoding (also LexisNexis/Factiva text exports).
    Text,
    /// Markdown.
    Markdown,
    /// HTML (handled by [`html::extract_html`]).
    Html,
    /// PDF with a text layer.
    Pdf,
    /// Office Open XML word-processing document.
    Docx,
    /// OpenDocument text.
    Odt,
    /// Rich Text Format.
    Rtf,
}

/// Read one file and return its article(s); multi-article exports give several.
///
/// Files larger than [`MAX_FILE_BYTES`] are refused with [`ImportError::TooLarge`] before reading.
pub fn extract_file(path: &Path) -> Result<Vec<ExtractedArticle>, ImportError> {
    let read_err = |error| ImportError::Read { path: path.to_path_buf(), error };
    let meta = std::fs::metadata(path).map_err(read_err)?;
    if meta.is_dir() {
        return Err(ImportError::Unsupported {
            path: path.to_path_buf(),
            detail: "a folder; use collect_importable_files to list its files".into(),
        });
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_large(path, meta.len()));
    }
    let file = std::fs::File::open(path).map_err(read_err)?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    // Read at most one byte over the limit, in case the file grew after the metadata check.
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(read_err)?;
    extract_bytes(&bytes, path)
}

/// Same as [`extract_file`], from bytes already in memory (`path` names the file in messages and
/// picks the format by extension when content sniffing is ambiguous).
pub fn extract_bytes(bytes: &[u8], path: &Path) -> Result<Vec<ExtractedArticle>, ImportError> {
    let len = bytes.len() as u64;
    if len > MAX_FILE_BYTES {
        return Err(too_large(path, len));
    }
    let format = detect_format(bytes, path)?;
    let mut articles =
        guard::quietly(|| read_format(format, bytes, path)).map_err(|msg| ImportError::Malformed {
            path: path.to_path_buf(),
            reason: format!("the {} reader failed on this file ({msg})", format_name(format)),
        })??;
    articles.retain(|a| !a.text.trim().is_empty());
    if articles.is_empty() {
        return Err(ImportError::NoText {
            path: path.to_path_buf(),
            reason: format!("no article text found in this {} file", format_name(format)),
        });
    }
    let origin = origin_file(path);
    let single = articles.len() == 1;
    for a in &mut articles {
        a.origin_file.clone_from(&origin);
        settle_date(a, single);
    }
    Ok(articles)
}

/// Dates an article its format left undated: a dateline or byline date in the text's first lines,
/// else (for a file holding one article) a date in the file name. A file's own creation or
/// modification time is never an article's date: it says when the file was saved, not when the
/// article appeared.
fn settle_date(a: &mut ExtractedArticle, single_article_file: bool) {
    if !a.date.is_empty() {
        return;
    }
    if let Some(date) = dates::dateline_date(&a.text) {
        a.date = date;
    } else if single_article_file && let Some(date) = dates::date_in_file_name(&a.origin_file) {
        a.date = date;
    }
}

/// Run the importer for `format`; a panic inside it is caught by the caller.
fn read_format(format: Format, bytes: &[u8], path: &Path) -> Result<Vec<ExtractedArticle>, ImportError> {
    Ok(match format {
        Format::Text => {
            let decoded = text::decode_text(bytes);
            match news_export::split_export(&decoded) {
                Some(list) => list,
                None => vec![text::extract_plain_text(&decoded)],
            }
        }
        Format::Markdown => vec![markdown::extract_markdown(&text::decode_text(bytes))],
        Format::Html => vec![html::extract_html(bytes, path)?],
        Format::Pdf => split_if_export(pdf::extract_pdf(bytes, path)?),
        Format::Docx => split_if_export(docx::extract_docx(bytes, path)?),
        Format::Odt => split_if_export(odt::extract_odt(bytes, path)?),
        Format::Rtf => split_if_export(rtf::extract_rtf(bytes, path)?),
    })
}

/// Decide which importer reads `bytes`: content signatures first, then the extension of `path`.
///
/// Recognisable non-article content (images, archives, executables, legacy Office files…) gives
/// [`ImportError::Unsupported`] saying what it looks like.
pub fn detect_format(bytes: &[u8], path: &Path) -> Result<Format, ImportError> {
    let ext = extension_of(path);
    let head = &bytes[..bytes.len().min(1024)];
    // A PDF may carry a few bytes of junk before its header; only trust that for .pdf files.
    if bytes.starts_with(b"%PDF-") || (ext == "pdf" && find(head, b"%PDF-").is_some()) {
        return Ok(Format::Pdf);
    }
    // UTF-16/32 files: sniff their decoded start, not the raw bytes.
    let decoded_head = encoding::unicode_form(bytes)
        .filter(|(form, _)| *form != encoding::UnicodeForm::Utf8)
        .map(|(form, skip)| encoding::decode_unicode(form, &bytes[skip..bytes.len().min(skip + 2048)]).into_bytes());
    let trimmed = skip_bom_and_space(decoded_head.as_deref().unwrap_or(head));
    if trimmed.starts_with(b"{\\rtf") {
        return Ok(Format::Rtf);
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return zip_format(bytes, path, &ext);
    }
    if let Some(detail) = binary_signature(bytes) {
        return Err(ImportError::Unsupported { path: path.to_path_buf(), detail: detail.into() });
    }
    if looks_like_html(trimmed) {
        return Ok(Format::Html);
    }
    match ext.as_str() {
        "md" | "markdown" | "mdown" | "mkd" => return Ok(Format::Markdown),
        "html" | "htm" | "xhtml" => return Ok(Format::Html),
        // Content did not match, but the extension claims the format: let its importer explain.
        "pdf" => return Ok(Format::Pdf),
        "docx" => return Ok(Format::Docx),
        "odt" => return Ok(Format::Odt),
        "rtf" => return Ok(Format::Rtf),
        _ => {}
    }
    if text::looks_binary(bytes) {
        return Err(ImportError::Unsupported { path: path.to_path_buf(), detail: "binary data, not text".into() });
    }
    Ok(Format::Text)
}

/// Expand folders recursively into the importable files they contain (sorted, hidden files and
/// unknown extensions skipped), keeping plain files as given.
///
/// Symbolic links to folders are not followed (no loops); unreadable folders are skipped.
pub fn collect_importable_files(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found = Vec::new();
            walk_dir(p, &mut found, 0);
            found.sort();
            out.extend(found);
        } else {
            out.push(p.clone());
        }
    }
    out
}

fn walk_dir(dir: &Path, out: &mut Vec<PathBuf>, depth: usize) {
    if depth > 64 {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        let Ok(ft) = entry.file_type() else { continue };
        if ft.is_dir() {
            walk_dir(&path, out, depth + 1);
        } else if (ft.is_file() || (ft.is_symlink() && path.is_file()))
            && SUPPORTED_EXTENSIONS.contains(&extension_of(&path).as_str())
        {
            out.push(path);
        }
    }
}

/// Split a news-database export; otherwise settle the single article's title.
fn split_if_export(article: ExtractedArticle) -> Vec<ExtractedArticle> {
    match news_export::split_export(&article.text) {
        Some(list) => list,
        None => {
            let mut article = article;
            settle_title(&mut article);
            vec![article]
        }
    }
}

/// Without a title, a short first paragraph (one line, headline-like) followed by more text
/// gives the title (footnote marks such as `[1]` left out) and a `By …` paragraph after it the
/// byline. Neither leaves the text: these formats do not mark a paragraph as the headline, so it
/// may be the body's first sentence.
fn settle_title(a: &mut ExtractedArticle) {
    if !a.title.is_empty() {
        return;
    }
    let paras: Vec<&str> = a.text.split("\n\n").collect();
    if paras.len() >= 2 && !paras[0].contains('\n') && text::is_headline(paras[0]) {
        a.title = collapse_spaces(&without_note_marks(paras[0]));
        if paras.len() >= 3
            && a.byline.is_empty()
            && let Some(by) = text::byline_of(paras[1])
        {
            a.byline = by;
        }
    }
}

/// `s` without footnote/endnote markers (`[1]`, `[23]`) that the DOCX/ODT/RTF readers insert.
fn without_note_marks(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 && after.as_bytes().get(digits) == Some(&b']') {
            rest = &after[digits + 1..];
        } else {
            out.push('[');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// For formats that mark headings (DOCX, ODT): `styled[i]` says paragraph `i` has a Title or
/// level-1 heading style. Without a title, the first styled paragraph becomes it; the styled
/// paragraph that is the title (the first one equal to it, among the first three) leaves the
/// text. Unstyled paragraphs always stay.
pub(crate) fn take_styled_title(title: &mut String, paragraphs: &mut Vec<String>, styled: &[bool]) {
    let is_styled = |i: usize| styled.get(i).copied().unwrap_or(false);
    let nonempty: Vec<usize> = (0..paragraphs.len()).filter(|i| !paragraphs[*i].trim().is_empty()).collect();
    if title.is_empty() {
        if let Some(i) = nonempty.iter().copied().find(|i| is_styled(*i)) {
            *title = collapse_spaces(&without_note_marks(&paragraphs[i]));
            // Only the document's opening heading is its headline; a later one stays as a section.
            if nonempty.first() == Some(&i) && nonempty.len() > 1 {
                paragraphs.remove(i);
            }
        }
        return;
    }
    let first_three = nonempty.iter().take(3).copied();
    let hit = first_three.clone().find(|i| is_styled(*i) && collapse_spaces(&paragraphs[*i]) == *title);
    if let Some(i) = hit
        && nonempty.len() > 1
    {
        paragraphs.remove(i);
    }
}

fn format_name(f: Format) -> &'static str {
    match f {
        Format::Text => "text",
        Format::Markdown => "Markdown",
        Format::Html => "HTML",
        Format::Pdf => "PDF",
        Format::Docx => "DOCX",
        Format::Odt => "ODT",
        Format::Rtf => "RTF",
    }
}

fn too_large(path: &Path, size_bytes: u64) -> ImportError {
    ImportError::TooLarge { path: path.to_path_buf(), size_bytes, limit_bytes: MAX_FILE_BYTES }
}

fn zip_format(bytes: &[u8], path: &Path, ext: &str) -> Result<Format, ImportError> {
    let unsupported = |detail: &str| Err(ImportError::Unsupported { path: path.to_path_buf(), detail: detail.into() });
    let mut archive = match zip::ZipArchive::new(std::io::Cursor::new(bytes)) {
        Ok(a) => a,
        Err(e) => {
            return match ext {
                "docx" => Ok(Format::Docx),
                "odt" => Ok(Format::Odt),
                _ => Err(ImportError::Malformed {
                    path: path.to_path_buf(),
                    reason: format!("a damaged ZIP archive: {e}"),
                }),
            };
        }
    };
    let names: Vec<String> = archive.file_names().map(str::to_owned).collect();
    let has = |n: &str| names.iter().any(|x| x == n);
    if has("word/document.xml") {
        return Ok(Format::Docx);
    }
    let mimetype = read_zip_entry(&mut archive, "mimetype", path)
        .ok()
        .flatten()
        .map(|b| String::from_utf8_lossy(&b).trim().to_owned())
        .unwrap_or_default();
    if mimetype.starts_with("application/vnd.oasis.opendocument.text") {
        return Ok(Format::Odt);
    }
    if mimetype.starts_with("application/vnd.oasis.opendocument.spreadsheet") {
        return unsupported("an OpenDocument spreadsheet");
    }
    if mimetype.starts_with("application/vnd.oasis.opendocument.presentation") {
        return unsupported("an OpenDocument presentation");
    }
    if mimetype.starts_with("application/epub") {
        return unsupported("an EPUB e-book");
    }
    if has("xl/workbook.xml") {
        return unsupported("an Excel workbook");
    }
    if has("ppt/presentation.xml") {
        return unsupported("a PowerPoint presentation");
    }
    if has("content.xml") && mimetype.is_empty() {
        return Ok(Format::Odt);
    }
    match ext {
        "docx" => Ok(Format::Docx),
        "odt" => Ok(Format::Odt),
        _ => unsupported("a ZIP archive that is neither a DOCX nor an ODT document"),
    }
}

/// Read one entry of a ZIP archive completely, `Ok(None)` when it does not exist.
pub(crate) fn read_zip_entry<R: std::io::Read + std::io::Seek>(
    archive: &mut zip::ZipArchive<R>,
    name: &str,
    path: &Path,
) -> Result<Option<Vec<u8>>, ImportError> {
    let malformed = |reason: String| ImportError::Malformed { path: path.to_path_buf(), reason };
    let entry = match archive.by_name(name) {
        Ok(e) => e,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => {
            return Err(malformed(format!("{name}: cannot open the archive entry: {e}")));
        }
    };
    let mut buf = Vec::new();
    entry
        .take(MAX_ZIP_ENTRY_BYTES + 1)
        .read_to_end(&mut buf)
        .map_err(|e| malformed(format!("{name}: cannot decompress: {e}")))?;
    if buf.len() as u64 > MAX_ZIP_ENTRY_BYTES {
        return Err(malformed(format!("{name}: uncompressed size exceeds {MAX_ZIP_ENTRY_BYTES} bytes")));
    }
    Ok(Some(buf))
}

/// Describe an XML parse error with the archive entry and byte offset.
pub(crate) fn xml_error(path: &Path, entry: &str, err: &quick_xml::Error, position: u64) -> ImportError {
    let what = match err {
        quick_xml::Error::Syntax(s) => format!("{s}"),
        other => format!("{other}"),
    };
    ImportError::Malformed {
        path: path.to_path_buf(),
        reason: format!("{entry}: malformed XML at byte {position}: {what}"),
    }
}

/// Lower-case extension of `path` without the dot, empty when none.
pub(crate) fn extension_of(path: &Path) -> String {
    path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default()
}

/// File name part of `path`, for [`ExtractedArticle::origin_file`].
pub(crate) fn origin_file(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn skip_bom_and_space(b: &[u8]) -> &[u8] {
    let b = b.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(b);
    let start = b.iter().position(|c| !c.is_ascii_whitespace()).unwrap_or(b.len());
    &b[start..]
}

fn looks_like_html(trimmed: &[u8]) -> bool {
    let lower: Vec<u8> = trimmed.iter().take(512).map(u8::to_ascii_lowercase).collect();
    if lower.starts_with(b"<!doctype html") || lower.starts_with(b"<html") {
        return true;
    }
    // XML prolog or leading comment followed by an <html> element.
    (lower.starts_with(b"<?xml") || lower.starts_with(b"<!--")) && find(&lower, b"<html").is_some()
}

/// What a binary file looks like, from its magic number, if it is a known non-article type.
fn binary_signature(b: &[u8]) -> Option<&'static str> {
    let sigs: &[(&[u8], &str)] = &[
        (b"\x89PNG\r\n\x1a\n", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF87a", "a GIF image"),
        (b"GIF89a", "a GIF image"),
        (b"BM", ""),
        (b"II*\0", "a TIFF image"),
        (b"MM\0*", "a TIFF image"),
        (
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
            "a legacy Microsoft Office (.doc/.xls/.ppt) file; save it as DOCX or PDF",
        ),
        (b"\x1F\x8B", "a gzip archive"),
        (b"7z\xBC\xAF\x27\x1C", "a 7-Zip archive"),
        (b"Rar!\x1A\x07", "a RAR archive"),
        (b"\x7FELF", "an executable program"),
        (b"MZ", ""),
        (b"SQLite format 3\0", "an SQLite database"),
        (b"ID3", "an MP3 audio file"),
        (b"OggS", "an Ogg audio/video file"),
        (b"fLaC", "a FLAC audio file"),
        (b"%!PS", "a PostScript file"),
        (b"\0asm", "a WebAssembly module"),
    ];
    for (sig, what) in sigs {
        if b.starts_with(sig) && !what.is_empty() {
            return Some(what);
        }
    }
    if b.len() >= 12 && &b[0..4] == b"RIFF" {
        return Some(match &b[8..12] {
            b"WEBP" => "a WebP image",
            b"WAVE" => "a WAV audio file",
            b"AVI " => "an AVI video",
            _ => "a RIFF media file",
        });
    }
    if b.len() >= 12 && &b[4..8] == b"ftyp" {
        return Some(if &b[8..12] == b"heic" { "a HEIC image" } else { "an MP4/QuickTime video" });
    }
    if text::looks_binary(b) {
        if b.starts_with(b"BM") {
            return Some("a BMP image");
        }
        if b.starts_with(b"MZ") {
            return Some("a Windows executable");
        }
    }
    None
}

/// Clean a list of paragraphs into [`ExtractedArticle::text`] form: control characters removed,
/// trailing whitespace trimmed on every line, blank lines inside paragraphs dropped, empty
/// paragraphs dropped, paragraphs joined by one blank line.
pub(crate) fn finish_paragraphs<I, S>(paragraphs: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut out = String::new();
    for p in paragraphs {
        let mut para = String::new();
        for line in p.as_ref().split('\n') {
            let cleaned: String = line
                .chars()
                .filter(|c| *c == '\t' || !c.is_control())
                .filter(|c| !matches!(c, '\u{FEFF}' | '\u{200B}' | '\u{00AD}'))
                .collect();
            let cleaned = cleaned.trim_end();
            if cleaned.trim().is_empty() {
                continue;
            }
            if !para.is_empty() {
                para.push('\n');
            }
            para.push_str(cleaned);
        }
        if para.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(&para);
    }
    out
}

/// Collapse runs of spaces (and non-breaking spaces) into one space and trim the ends.
pub(crate) fn collapse_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut prev_space = false;
    for c in s.chars() {
        if c == ' ' || c == '\u{00A0}' {
            if !prev_space {
                out.push(' ');
            }
            prev_space = true;
        } else {
            out.push(c);
            prev_space = false;
        }
    }
    out.trim().to_owned()
}

const WEEKDAYS: [&str; 7] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

/// True when `line` is just a date (optionally with weekday, time, time zone or edition words),
/// e.g. `February 24, 2025 Monday` or `24 February 2025`.
pub(crate) fn is_date_line(line: &str) -> bool {
    let line = line.trim();
    if line.is_empty() || line.len() > 60 || normalize_date(line).is_none() {
        return false;
    }
    let mut other = 0;
    for tok in line.split(|c: char| !c.is_alphanumeric()).filter(|t| !t.is_empty()) {
        let lower = tok.to_lowercase();
        let known = tok.chars().all(|c| c.is_ascii_digit())
            || month_of(tok).is_some()
            || WEEKDAYS.iter().any(|w| w.starts_with(&lower) && lower.len() >= 3)
            || matches!(lower.as_str(), "am" | "pm" | "gmt" | "utc" | "est" | "edt" | "cet" | "bst" | "pst" | "pdt");
        if !known {
            other += 1;
        }
    }
    other <= 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn date_lines() {
        assert!(is_date_line("February 24, 2025 Monday"));
        assert!(is_date_line("24 February 2025"));
        assert!(!is_date_line("Talks began on 24 February 2025 in Riyadh with envoys"));
    }

    #[test]
    fn detects_formats_by_content_then_extension() {
        let p = |s: &str| PathBuf::from(s);
        assert_eq!(detect_format(b"%PDF-1.4\n", &p("a.txt")).ok(), Some(Format::Pdf));
        assert_eq!(detect_format(b"{\\rtf1\\ansi hi}", &p("a.txt")).ok(), Some(Format::Rtf));
        assert_eq!(detect_format(b"<!DOCTYPE html><p>x", &p("a.txt")).ok(), Some(Format::Html));
        assert_eq!(detect_format(b"# Title\n\ntext", &p("a.md")).ok(), Some(Format::Markdown));
        assert_eq!(detect_format(b"hello", &p("a")).ok(), Some(Format::Text));
        assert_eq!(detect_format(b"hello", &p("a.pdf")).ok(), Some(Format::Pdf));
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
        match detect_format(png, &p("photo.txt")) {
            Err(ImportError::Unsupported { detail, .. }) => assert_eq!(detail, "a PNG image"),
            other => panic!("unexpected {other:?}"),
        }
        let err = extract_bytes(png, &p("photo.png")).err().map(|e| e.to_string());
        assert_eq!(err.as_deref(), Some("photo.png: unsupported file type (a PNG image)"));
        assert!(matches!(
            detect_format(b"\0\x01\x02\x03\x04\x05\0\0\x07", &p("x.bin")),
            Err(ImportError::Unsupported { .. })
        ));
    }

    #[test]
    fn docx_and_odt_detected_inside_zip() {
        let docx = include_bytes!("../../../tests/fixtures/import/article.docx");
        let odt = include_bytes!("../../../tests/fixtures/import/article.odt");
        assert_eq!(detect_format(docx, Path::new("x.bin")).ok(), Some(Format::Docx));
        assert_eq!(detect_format(odt, Path::new("x")).ok(), Some(Format::Odt));
    }

    #[test]
    fn size_limit_and_read_errors() {
        let dir = std::env::temp_dir().join(format!("stancemap-import-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        let big = dir.join("big.txt");
        let f = std::fs::File::create(&big).ok();
        if let Some(f) = f {
            let _ = f.set_len(MAX_FILE_BYTES + 1);
        }
        assert!(matches!(extract_file(&big), Err(ImportError::TooLarge { .. })));
        assert!(matches!(extract_file(&dir.join("missing.txt")), Err(ImportError::Read { .. })));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn seed_file_from_disk() {
        let p = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/import/seed_cbs.txt"));
        let arts = extract_file(p).unwrap_or_default();
        assert_eq!(arts.len(), 1);
        assert_eq!(arts[0].source, "CBSNEWS");
        assert_eq!(arts[0].origin_file, "seed_cbs.txt");
    }

    #[test]
    fn collects_folders() {
        let dir = std::env::temp_dir().join(format!("stancemap-collect-{}", std::process::id()));
        let sub = dir.join("sub");
        let _ = std::fs::create_dir_all(&sub);
        for f in ["b.txt", "a.pdf", ".hidden.txt", "image.png", "sub/c.md", "sub/d.DOCX"] {
            let _ = std::fs::write(dir.join(f), b"x");
        }
        let _ = std::fs::create_dir_all(dir.join(".git"));
        let _ = std::fs::write(dir.join(".git/e.txt"), b"x");
        let loose = PathBuf::from("/nonexistent/z.xyz");
        let got = collect_importable_files(&[dir.clone(), loose.clone()]);
        let want = vec![dir.join("a.pdf"), dir.join("b.txt"), dir.join("sub/c.md"), dir.join("sub/d.DOCX"), loose];
        assert_eq!(got, want);
        let _ = std::fs::remove_dir_all(&dir);
    }

    const EXTS: &[&str] = &["txt", "md", "pdf", "docx", "odt", "rtf", "html", "bin", ""];

    fn fixtures() -> Vec<&'static [u8]> {
        vec![
            include_bytes!("../../../tests/fixtures/import/article.docx"),
            include_bytes!("../../../tests/fixtures/import/article.odt"),
            include_bytes!("../../../tests/fixtures/import/article.pdf"),
            include_bytes!("../../../tests/fixtures/import/article.rtf"),
            include_bytes!("../../../tests/fixtures/import/factiva.txt"),
            include_bytes!("../../../tests/fixtures/import/nexis.txt"),
            include_bytes!("../../../tests/fixtures/import/article.md"),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 128, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048), ext in 0..EXTS.len()) {
            let path = PathBuf::from(format!("random.{}", EXTS[ext]));
            let _ = extract_bytes(&bytes, &path);
        }

        #[test]
        fn prefixed_random_bytes_never_panic(kind in 0..4usize, bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
            let prefix: &[u8] = [&b"%PDF-1.4\n"[..], b"{\\rtf1\\ansi ", b"PK\x03\x04", b"<html>"][kind];
            let mut all = prefix.to_vec();
            all.extend_from_slice(&bytes);
            let _ = extract_bytes(&all, Path::new("x.bin"));
        }

        #[test]
        fn mutated_fixtures_never_panic(
            which in 0..7usize,
            cut in 0.0f64..1.0,
            flips in proptest::collection::vec((0.0f64..1.0, any::<u8>()), 0..8),
            ext in 0..EXTS.len(),
        ) {
            let mut data = fixtures()[which].to_vec();
            for (pos, val) in flips {
                let i = ((data.len() as f64) * pos) as usize;
                if let Some(b) = data.get_mut(i) { *b = val; }
            }
            // Truncate half the time.
            if cut < 0.5 {
                let keep = ((data.len() as f64) * cut * 2.0) as usize;
                data.truncate(keep);
            }
            let path = PathBuf::from(format!("mutated.{}", EXTS[ext]));
            let _ = extract_bytes(&data, &path);
        }
    }
}
