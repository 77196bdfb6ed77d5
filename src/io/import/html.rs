//! HTML import: turns one saved web page into an [`ExtractedArticle`].
//!
//! This module owns everything between the raw bytes of an `.html` file and clean article text:
//! character decoding (BOM, `<meta charset>`, UTF-8, then statistical detection), a fast
//! pre-filter that drops scripts, styles, inline SVG and comments, main-text extraction with the
//! `rs-trafilatura` crate (navigation, headers, footers, cookie banners, related links and
//! comments are discarded), light post-processing of the text (paragraphs, header lines) and
//! metadata from `<meta>`, `<link rel=canonical>`, `<time>` and JSON-LD (title, outlet, author,
//! date, canonical URL). It never panics on any input: failures are [`ImportError`]s naming the
//! file. Pages over the work budget (nesting depth, element count; see `flat`) get a simple
//! tag-stripped text instead, so no page takes quadratic time.

mod decode;
mod flat;
mod meta;
mod scan;
mod text;

use std::path::Path;

use rs_trafilatura::Options;
use rs_trafilatura::page_type::PageType;

use super::article::{ExtractedArticle, ImportError};

/// Reason given in [`ImportError::NoText`] when a page has no extractable article text.
pub const NO_TEXT_REASON: &str = "no article text found in the HTML";

/// A main extraction at least this long (in characters) counts as a real article text...
const MIN_MAIN_CHARS: usize = 250;

/// ...which a fallback candidate may not grow by more than this factor.
const MAX_FALLBACK_GROWTH: usize = 2;

/// Extracted text shorter than this (in characters) makes the extractor retry in recall mode.
const SHORT_TEXT_CHARS: usize = 120;

/// Extract the main article text and metadata from an HTML page.
///
/// `bytes` is the file content in any encoding (a BOM, `<meta charset>` or `http-equiv`
/// declaration is honoured; otherwise UTF-8 when valid, else the encoding is detected).
/// `path` is only used for `origin_file` and error messages; the file is not read again.
///
/// # Errors
/// [`ImportError::NoText`] when the page contains no article text (empty file, markup only,
/// binary garbage); [`ImportError::Malformed`] when the extractor fails on the document.
pub fn extract_html(bytes: &[u8], path: &Path) -> Result<ExtractedArticle, ImportError> {
    let no_text = || ImportError::NoText { path: path.to_path_buf(), reason: NO_TEXT_REASON.to_string() };
    let html = decode::decode_html(bytes);
    if html.trim().is_empty() {
        return Err(no_text());
    }
    let lean = scan::strip_non_content(&html);
    let mut meta = meta::extract_metadata(&lean.html, &lean.json_ld);
    // The extractor only needs the title from the head's meta tags; this module has read
    // the rest above.
    let lean = scan::without_head_metas_but_titles(&lean.html);
    if flat::over_budget(&lean) {
        // Pathological nesting: the extractor's time would grow with its square.
        let text = text::clean_article_text(&flat::plain_text(&lean), &meta.title, &meta.headlines, &meta.byline, &[]);
        if text.is_empty() {
            return Err(no_text());
        }
        return Ok(article(meta, text, path));
    }

    let mut result = run_extractor(&lean, &meta.url, false, true, path)?;
    let mut raw_text = std::mem::take(&mut result.content_text);
    let mut raw_html = result.content_html.take().unwrap_or_default();
    if let Some((main_text, main_html)) = result.replaced_by_fallback.take() {
        // The crate replaced its main extraction with a fallback candidate (it accepts any
        // candidate twice as long). When the main extraction already found a real article
        // text, a much longer fallback is nearly always the page's teaser lists or the whole
        // page body being swallowed, so keep the main extraction.
        let fallback_chars = raw_text.trim().chars().count();
        let main_chars = main_text.trim().chars().count();
        if main_chars >= MIN_MAIN_CHARS && fallback_chars > MAX_FALLBACK_GROWTH * main_chars {
            raw_text = main_text;
            raw_html = main_html.unwrap_or_default();
        }
    }
    if raw_text.trim().chars().count() < SHORT_TEXT_CHARS {
        // Second chance: recall mode keeps borderline blocks of short pages.
        if let Ok(recall) = run_extractor(&lean, &meta.url, true, true, path)
            && recall.content_text.trim().chars().count() > raw_text.trim().chars().count()
        {
            raw_text = recall.content_text;
            raw_html = recall.content_html.unwrap_or_default();
        }
    }
    // The extractor cannot find more words than the page shows; when it does, it repeated
    // blocks (short pages come out two or three times with the <title> glued on), so the
    // page's visible text is taken instead.
    let visible = flat::plain_text(&lean);
    if word_count(&raw_text) > word_count(&visible) && !visible.trim().is_empty() {
        raw_text = visible;
        raw_html.clear();
    }
    if raw_text.trim().is_empty() && !meta.json_ld_body.is_empty() {
        raw_text = std::mem::take(&mut meta.json_ld_body);
        raw_html.clear();
    }
    meta.fill_from(&result.metadata);

    let link_only = scan::link_only_blocks(&raw_html, text::key);
    // A headline is never one of the page's link lists (AP's "related" lines).
    if !meta.title.is_empty() && link_only.contains(&text::key(&meta.title)) {
        let other = meta.headlines.iter().find(|h| !link_only.contains(&text::key(h)));
        meta.title = other.cloned().unwrap_or_default();
    }
    let text = text::clean_article_text(&raw_text, &meta.title, &meta.headlines, &meta.byline, &link_only);
    if text.is_empty() {
        return Err(no_text());
    }
    Ok(article(meta, text, path))
}

fn word_count(s: &str) -> usize {
    s.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).count()
}

fn article(meta: meta::PageMeta, text: String, path: &Path) -> ExtractedArticle {
    let title = if super::text::is_link_list(&meta.title) { String::new() } else { meta.title };
    ExtractedArticle {
        title,
        source: meta.site_name,
        date: meta.date,
        url: meta.url,
        byline: meta.byline,
        text,
        origin_file: path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
    }
}

/// Run `rs-trafilatura` on already-decoded, pre-filtered HTML, converting a panic inside the
/// third-party extractor into [`ImportError::Malformed`].
fn run_extractor(
    html: &str,
    url: &str,
    favor_recall: bool,
    use_fallback: bool,
    path: &Path,
) -> Result<rs_trafilatura::ExtractResult, ImportError> {
    let options = Options {
        // StanceMap imports news articles, so page-type classification (an ML model run on
        // every page) is skipped. The "category" profile is the article profile without the
        // listicle section merge, which on news pages glues teasers and related stories onto
        // the text (measured on the article-extraction benchmark: F1 0.956 -> 0.962).
        page_type: Some(PageType::Category),
        title_only_metadata: true,
        collection_description: false,
        include_comments: false,
        include_tables: true,
        // Links are kept in the HTML output (the text does not change) to find link lists.
        include_links: true,
        favor_recall,
        use_fallback_extraction: use_fallback,
        url: (!url.is_empty()).then(|| url.to_string()),
        ..Options::default()
    };
    let outcome = super::guard::quietly(|| rs_trafilatura::extract_with_options(html, &options));
    match outcome {
        Ok(Ok(result)) => Ok(result),
        Ok(Err(e)) => {
            Err(ImportError::Malformed { path: path.to_path_buf(), reason: format!("HTML extraction failed: {e}") })
        }
        Err(msg) => Err(ImportError::Malformed {
            path: path.to_path_buf(),
            reason: format!("HTML extraction failed: the extractor crashed on this document ({msg})"),
        }),
    }
}

#[cfg(test)]
mod tests;
