//! The result of reading one article out of a file, before it becomes part of a project.
//!
//! Every importer (plain text, Markdown, HTML, PDF, DOCX, ODT, RTF, news-database exports) returns
//! `ExtractedArticle`s; the project layer turns them into `model::Article`s (assigning ids, checking
//! duplicates). Importers never panic: every failure is an `ImportError` that names the file.

use std::path::PathBuf;

/// Plain text and metadata of one article, as found in a file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExtractedArticle {
    /// Headline; empty when the file has none (the caller then derives one from the file name).
    pub title: String,
    /// Publication or outlet, e.g. "CBS News"; empty when unknown.
    pub source: String,
    /// Publication date as found, normalised to `YYYY-MM-DD` where it can be parsed; empty when unknown.
    pub date: String,
    /// Canonical URL; empty when unknown.
    pub url: String,
    /// Author(s) as one line; empty when unknown.
    pub byline: String,
    /// Clean article text: paragraphs separated by one blank line (`"\n\n"`), no markup,
    /// no trailing whitespace on lines, no leading/trailing blank lines.
    pub text: String,
    /// File name (not the full path) the article came from, e.g. "nato.html".
    pub origin_file: String,
}

/// Why a file could not be imported. Each variant carries the file so messages stand on their own.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// Reading the file from disk failed.
    #[error("{}: cannot read the file: {error}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The OS error (in the message, not a separate cause, so it is printed once).
        error: std::io::Error,
    },
    /// The file is larger than the import limit.
    #[error("{path}: the file is {size_bytes} bytes, over the import limit of {limit_bytes} bytes")]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size.
        size_bytes: u64,
        /// The limit.
        limit_bytes: u64,
    },
    /// The file's type is not one StanceMap can read.
    #[error("{path}: unsupported file type{}", if detail.is_empty() { String::new() } else { format!(" ({detail})") })]
    Unsupported {
        /// The file.
        path: PathBuf,
        /// What was recognised, e.g. "a PNG image".
        detail: String,
    },
    /// The file is of a known type but broken or unreadable; `reason` says what and where.
    #[error("{path}: {reason}")]
    Malformed {
        /// The file.
        path: PathBuf,
        /// What is wrong, as specific as possible ("word/document.xml line 3: unexpected end of file").
        reason: String,
    },
    /// The file was read but contains no article text (e.g. a scanned PDF without a text layer).
    #[error("{path}: {reason}")]
    NoText {
        /// The file.
        path: PathBuf,
        /// Why there is no text.
        reason: String,
    },
}
