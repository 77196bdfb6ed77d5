//! Exchange with other tools: the catalogue of foreign project formats StanceMap reads and writes.
//!
//! Each format is a pure pair — `read(bytes) -> (Project, ImportReport)` and
//! `write(&Project) -> (bytes, ExportReport)` — listed in [`ExchangeFormat`], beside
//! [`crate::io::export::ExportKind`], so the CLI (`import`, `import-positions`, `export`), File →
//! Open, Import and Export find them in one place. Offsets are converted at this edge only: inside
//! StanceMap a span is always bytes of the LF text; a format's own units (REFI-QDA's code points,
//! NVivo's UTF-16 code units) never leave its module.
//!
//! Rules: a reader never panics on hostile bytes (zip bombs, entity expansion, wrong structure are
//! refused with [`ExchangeError`]); every import ends with a report of what came in and what was
//! left out and why; an export says what it had to change or could not carry.

pub mod dna;
pub mod ktab;
pub mod offsets;
pub mod qdpx;
mod xml;
mod zipread;

use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use serde::Serialize;

use crate::model::Project;

/// A foreign project format StanceMap exchanges with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ExchangeFormat {
    /// A REFI-QDA project (`.qdpx`): QualCoder, MAXQDA, NVivo, ATLAS.ti.
    Qdpx,
    /// A KTAB / expected-utility scenario CSV (the SMP layout).
    Ktab,
    /// A Discourse Network Analyzer database (`.dna`, SQLite, DNA 3 or 2).
    Dna,
}

impl ExchangeFormat {
    /// Every format, in menu order.
    pub const ALL: [ExchangeFormat; 3] = [Self::Qdpx, Self::Ktab, Self::Dna];

    /// What the format is called in menus and messages.
    pub fn name(self) -> &'static str {
        match self {
            Self::Qdpx => "REFI-QDA project",
            Self::Ktab => "KTAB scenario CSV",
            Self::Dna => "Discourse Network Analyzer database",
        }
    }

    /// The file extension (without the dot).
    pub fn extension(self) -> &'static str {
        match self {
            Self::Qdpx => "qdpx",
            Self::Ktab => "csv",
            Self::Dna => "dna",
        }
    }

    /// The format a file is in, judged by its extension and, for CSV, its first line; `None` when
    /// it is none of ours (an ordinary article or positions CSV).
    pub fn detect(path: &Path, bytes: &[u8]) -> Option<Self> {
        let extension = path.extension().map(|ext| ext.to_string_lossy().to_lowercase()).unwrap_or_default();
        if extension == "qdpx" {
            return Some(Self::Qdpx);
        }
        if extension == "dna" || dna::looks_like_sqlite(bytes) {
            return Some(Self::Dna);
        }
        if ktab::looks_like_ktab(bytes) {
            return Some(Self::Ktab);
        }
        None
    }

    /// True when `path`'s extension names a format opened as a project (File → Open), not as an
    /// article.
    pub fn opens_as_project(path: &Path) -> bool {
        path.extension().is_some_and(|ext| ext.eq_ignore_ascii_case("qdpx") || ext.eq_ignore_ascii_case("dna"))
    }

    /// Reads a file in this format into a new project (holding exactly what the file holds).
    pub fn read(self, bytes: &[u8], options: &ReadOptions<'_>) -> Result<(Project, ImportReport), ExchangeError> {
        match self {
            Self::Qdpx => qdpx::read(bytes, options),
            Self::Ktab => ktab::read(bytes, options),
            Self::Dna => dna::read(bytes, options),
        }
    }

    /// Writes the project in this format.
    pub fn write(self, project: &Project) -> Result<(Vec<u8>, ExportReport), ExchangeError> {
        match self {
            Self::Qdpx => qdpx::write(project),
            Self::Ktab => ktab::write(project),
            Self::Dna => dna::write(project),
        }
    }
}

/// What a reader may use besides the bytes.
#[derive(Clone, Copy, Debug, Default)]
pub struct ReadOptions<'a> {
    /// The project the file is imported into, if any: codes and rows named like one of its actors
    /// (or an alias) are mapped to that actor, keeping its id so a merge joins them.
    pub known: Option<&'a Project>,
    /// The user's mapping of codes to actors and issue poles (`--map MAP.csv`).
    pub code_map: Option<&'a CodeMap>,
    /// The file's name, recorded as each article's origin.
    pub file_name: &'a str,
    /// Where a reader running on a worker reports how far it got, and learns that the user
    /// cancelled (it then stops with [`ExchangeError::Cancelled`]).
    pub progress: Option<&'a ReadProgress>,
}

impl ReadOptions<'_> {
    /// Counts one more unit of work done; `Err(Cancelled)` once the user cancelled.
    pub(crate) fn step(&self) -> Result<(), ExchangeError> {
        let Some(progress) = self.progress else { return Ok(()) };
        progress.done.fetch_add(1, Ordering::Relaxed);
        if progress.is_cancelled() { Err(ExchangeError::Cancelled) } else { Ok(()) }
    }

    /// `Err(Cancelled)` once the user cancelled (for readers between long steps).
    pub(crate) fn check_cancelled(&self) -> Result<(), ExchangeError> {
        if self.progress.is_some_and(ReadProgress::is_cancelled) { Err(ExchangeError::Cancelled) } else { Ok(()) }
    }

    /// Says how many units of work the read has (sources, documents, statements).
    pub(crate) fn set_total(&self, total: usize) {
        if let Some(progress) = self.progress {
            progress.total.store(total, Ordering::Relaxed);
            progress.done.store(0, Ordering::Relaxed);
        }
    }
}

/// How far a read on a worker got, shared with the UI thread (all relaxed atomics: the numbers
/// only feed a progress bar).
#[derive(Debug, Default)]
pub struct ReadProgress {
    /// Units of work done.
    pub done: AtomicUsize,
    /// Units of work in all (0 while the file is still being unpacked).
    pub total: AtomicUsize,
    /// Set by the UI: stop as soon as possible.
    pub cancel: AtomicBool,
}

impl ReadProgress {
    /// Asks the reader to stop.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    /// True once [`Self::cancel`] was called.
    pub fn is_cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    /// Done so far as a fraction of the total (0 while the total is unknown).
    pub fn fraction(&self) -> f32 {
        let total = self.total.load(Ordering::Relaxed);
        if total == 0 { 0.0 } else { (self.done.load(Ordering::Relaxed) as f32 / total as f32).min(1.0) }
    }
}

/// What an import brought in and what it left out, and why (the REFI-QDA standard asks importers
/// to say so).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ImportReport {
    /// The format read.
    pub format: String,
    /// The tool that wrote the file, where it says.
    pub producer: String,
    /// True when the file was StanceMap's own export and came back exactly.
    pub exact: bool,
    /// One line per kind of thing that came in ("12 articles", "3 coders").
    pub imported: Vec<String>,
    /// One line per kind of thing left out, with the reason.
    pub left_out: Vec<String>,
    /// Codes and how many codings each has, with what they were mapped to ("—" for nothing).
    pub codes: Vec<CodeSummary>,
}

impl ImportReport {
    /// One line: what came in.
    pub fn summary(&self) -> String {
        let mut line = format!("{}: {}", self.format, self.imported.join(", "));
        if self.exact {
            line.push_str(" (StanceMap's own export, restored exactly)");
        }
        if !self.left_out.is_empty() {
            line.push_str(&format!("; left out: {}", self.left_out.join("; ")));
        }
        line
    }
}

/// One code of a foreign project, as the import report and the mapping step list it.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct CodeSummary {
    /// The code's name (with its parent folders, "Parent/Child").
    pub name: String,
    /// How many codings use it.
    pub codings: usize,
    /// What it was mapped to ("actor Russia", "issue NATO = 100"), empty when unmapped.
    pub mapped_to: String,
}

/// What an export had to change or could not carry.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ExportReport {
    /// One line per change or loss.
    pub notes: Vec<String>,
}

impl ExportReport {
    /// Adds "N what" for each count that is not zero, in order.
    pub fn note_counts(&mut self, counts: &[(usize, &str)]) {
        for &(n, what) in counts {
            if n > 0 {
                self.notes.push(format!("{n} {what}"));
            }
        }
    }
}

/// What a code of a foreign project stands for, as the user mapped it.
#[derive(Clone, Debug, PartialEq)]
pub enum CodeTarget {
    /// An actor, by name (an existing actor's name or alias, else a new actor).
    Actor(String),
    /// A value on an issue, by the issue's name (an existing issue, else a new one on 0–100).
    Pole {
        /// The issue's name.
        issue: String,
        /// The value the code stands for.
        value: f64,
    },
    /// Nothing: the code's codings are left out.
    Nothing,
}

/// The user's mapping of code names to targets (`--map MAP.csv`: rows `code,actor` or
/// `code,issue,value`; an empty actor maps to nothing).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CodeMap {
    /// Code name (compared ignoring case and surrounding space) → target.
    pub entries: Vec<(String, CodeTarget)>,
}

impl CodeMap {
    /// Parses a mapping CSV; an optional header row starts with `code`.
    pub fn parse(text: &str) -> Result<Self, ExchangeError> {
        let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
        let mut entries = Vec::new();
        for (index, record) in reader.records().enumerate() {
            let line = index + 1;
            let record = record.map_err(|error| ExchangeError::Map { line, reason: error.to_string() })?;
            let cell = |i: usize| record.get(i).map(str::trim).unwrap_or_default();
            if line == 1 && cell(0).eq_ignore_ascii_case("code") {
                continue;
            }
            if record.iter().all(|cell| cell.trim().is_empty()) {
                continue;
            }
            if cell(0).is_empty() {
                return Err(ExchangeError::Map { line, reason: "the code name (first column) is empty".into() });
            }
            let target = match record.len() {
                0 | 1 => CodeTarget::Nothing,
                2 if cell(1).is_empty() => CodeTarget::Nothing,
                2 => CodeTarget::Actor(cell(1).to_owned()),
                _ if cell(2).is_empty() => {
                    if cell(1).is_empty() {
                        CodeTarget::Nothing
                    } else {
                        CodeTarget::Actor(cell(1).to_owned())
                    }
                }
                _ => {
                    let value = cell(2).parse::<f64>().ok().filter(|value| value.is_finite()).ok_or_else(|| {
                        ExchangeError::Map { line, reason: format!("value {:?} is not a number", cell(2)) }
                    })?;
                    if cell(1).is_empty() {
                        return Err(ExchangeError::Map {
                            line,
                            reason: "a value needs an issue (second column)".into(),
                        });
                    }
                    CodeTarget::Pole { issue: cell(1).to_owned(), value }
                }
            };
            entries.push((cell(0).to_owned(), target));
        }
        Ok(Self { entries })
    }

    /// The target mapped to `code`, if the map names it.
    pub fn get(&self, code: &str) -> Option<&CodeTarget> {
        let code = code.trim();
        self.entries.iter().find(|(name, _)| name.eq_ignore_ascii_case(code)).map(|(_, target)| target)
    }
}

/// Why a file could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum ExchangeError {
    /// The file is not a ZIP archive (or a damaged one).
    #[error("not a REFI-QDA project: {0}")]
    NotZip(String),
    /// The archive expands to more than is safe.
    #[error("refused: {0} (a zip bomb?); nothing was imported")]
    TooLarge(String),
    /// No `*.qde` in the archive.
    #[error("not a REFI-QDA project: the archive holds no project.qde (found: {0})")]
    NoQde(String),
    /// The XML is malformed.
    #[error("{entry}: malformed XML at byte {position}: {reason}")]
    Xml {
        /// The archive entry.
        entry: String,
        /// Byte offset of the error.
        position: u64,
        /// What is wrong.
        reason: String,
    },
    /// The XML declares a DTD (entity expansion, external entities).
    #[error(
        "{0}: refused: the XML declares a document type (<!DOCTYPE …>) with entities, which REFI-QDA files never need (billion-laughs protection); nothing was imported"
    )]
    Doctype(String),
    /// The XML is not a REFI-QDA project.
    #[error("{entry}: not a REFI-QDA project: {reason}")]
    NotProject {
        /// The archive entry.
        entry: String,
        /// What is wrong.
        reason: String,
    },
    /// A line of a KTAB CSV is wrong.
    #[error("line {line}: {reason}")]
    Ktab {
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        reason: String,
    },
    /// A line of a code map is wrong.
    #[error("code map line {line}: {reason}")]
    Map {
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        reason: String,
    },
    /// A Discourse Network Analyzer database could not be read.
    #[error("{0}; nothing was imported")]
    Dna(String),
    /// The project holds nothing this format can carry.
    #[error("{0} (nothing was written)")]
    Nothing(String),
    /// Writing the archive failed.
    #[error("the archive could not be written: {0}")]
    Write(String),
    /// The user cancelled the read.
    #[error("cancelled; nothing was imported")]
    Cancelled,
}
