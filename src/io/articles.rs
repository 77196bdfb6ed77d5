//! Turning imported files into project articles: ids, titles for untitled files, duplicate detection,
//! and a report of what happened to each file.
//!
//! Extraction itself lives in [`super::import`]; this module decides what enters the project. It is
//! shared by the GUI's background import, the `import` CLI command and the tests.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use super::import::{self, ExtractedArticle, ImportError};
use std::collections::HashSet;

use crate::model::wording::count;
use crate::model::{Article, ArticleId, Edit, Project, article_id_for, text_fingerprint};

/// What a background import read: each file with its articles or its error, in file order.
#[derive(Debug, Default)]
pub struct ExtractedFiles {
    /// Each file with what was read from it.
    pub files: Vec<(PathBuf, Result<Vec<ExtractedArticle>, ImportError>)>,
    /// True when the user cancelled before every file was read.
    pub cancelled: bool,
}

/// What importing a set of files did.
#[derive(Debug, Default)]
pub struct ImportReport {
    /// One edit adding every new article (one undo step); empty batch when nothing was added.
    pub edit: Option<Edit>,
    /// Titles of the articles added, with their file.
    pub imported: Vec<(String, PathBuf)>,
    /// Articles skipped because the project (or this import) already has the same text.
    pub duplicates: Vec<(String, PathBuf)>,
    /// Files that failed, each with its error.
    pub failures: Vec<ImportError>,
    /// True when the user cancelled before every file was read.
    pub cancelled: bool,
}

impl ImportReport {
    /// A one-line summary, e.g. "Imported 3 articles; skipped 1 duplicate; 1 file failed".
    pub fn summary(&self) -> String {
        let mut parts = vec![format!("Imported {}", count(self.imported.len(), "article", "articles"))];
        if !self.duplicates.is_empty() {
            parts.push(format!("skipped {}", count(self.duplicates.len(), "duplicate", "duplicates")));
        }
        if !self.failures.is_empty() {
            parts.push(format!("{} failed", count(self.failures.len(), "file", "files")));
        }
        if self.cancelled {
            parts.push("cancelled".into());
        }
        parts.join("; ")
    }
}

/// Progress shared between an import running on worker threads and the UI.
#[derive(Debug, Default)]
pub struct ImportProgress {
    /// Files finished so far.
    pub done: AtomicUsize,
    /// Set by the UI to stop after the files in flight.
    pub cancel: AtomicBool,
    /// The file being read most recently (for display).
    pub current: std::sync::Mutex<String>,
}

/// Reads every file (folders expanded) on up to `threads` worker threads, in file order.
pub fn extract_all(
    files: &[PathBuf],
    threads: usize,
    progress: &ImportProgress,
) -> Vec<(PathBuf, Result<Vec<ExtractedArticle>, ImportError>)> {
    let next = AtomicUsize::new(0);
    let mut results: Vec<Option<Result<Vec<ExtractedArticle>, ImportError>>> = Vec::new();
    results.resize_with(files.len(), || None);
    let results = std::sync::Mutex::new(results);
    std::thread::scope(|scope| {
        for _ in 0..threads.clamp(1, 8) {
            scope.spawn(|| {
                loop {
                    if progress.cancel.load(Ordering::Relaxed) {
                        break;
                    }
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(path) = files.get(index) else {
                        break;
                    };
                    if let Ok(mut current) = progress.current.lock() {
                        *current = file_name(path);
                    }
                    let result = import::extract_file(path);
                    if let Ok(mut results) = results.lock() {
                        results[index] = Some(result);
                    }
                    progress.done.fetch_add(1, Ordering::Relaxed);
                }
            });
        }
    });
    let results = results.into_inner().unwrap_or_default();
    files.iter().cloned().zip(results).filter_map(|(path, result)| result.map(|result| (path, result))).collect()
}

/// Decides what enters `project` from extracted files: new articles get ids and titles, texts already
/// present (or repeated within this import) are skipped.
pub fn plan_import(
    project: &Project,
    extracted: Vec<(PathBuf, Result<Vec<ExtractedArticle>, ImportError>)>,
    cancelled: bool,
) -> ImportReport {
    let mut report = ImportReport { cancelled, ..ImportReport::default() };
    // Texts and ids of the project plus what this import adds, each fingerprinted once.
    let mut known_texts: HashSet<u64> = project.articles.iter().map(|a| duplicate_key(&a.title, &a.text)).collect();
    let mut taken_ids: HashSet<String> = project.articles.iter().map(|a| a.id.to_string()).collect();
    let mut edits = Vec::new();
    for (path, result) in extracted {
        match result {
            Err(error) => report.failures.push(error),
            Ok(articles) => {
                for extracted in articles {
                    let fingerprint = text_fingerprint(&extracted.text);
                    let id = article_id_for(fingerprint, |id| taken_ids.contains(id));
                    let key = duplicate_key(&extracted.title, &extracted.text);
                    let article = article_from_extracted(extracted, &path, id);
                    if !known_texts.insert(key) {
                        report.duplicates.push((article.title, path.clone()));
                        continue;
                    }
                    taken_ids.insert(article.id.to_string());
                    report.imported.push((article.title.clone(), path.clone()));
                    let index = project.articles.len() + edits.len();
                    edits.push(Edit::PutArticle { index, article: Box::new(article) });
                }
            }
        }
    }
    if !edits.is_empty() {
        report.edit = Some(Edit::Batch(edits));
    }
    report
}

/// What makes two articles the same for import: their text, ignoring case and spacing, and without
/// a first paragraph that only repeats the title. Formats that mark the headline (Markdown, HTML,
/// DOCX) take it out of the text, plain text keeps it, so the same article saved both ways matches.
fn duplicate_key(title: &str, text: &str) -> u64 {
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    let (first, rest) = text.split_once("\n\n").unwrap_or((text, ""));
    let first = first.split_whitespace().collect::<Vec<_>>().join(" ");
    if !title.is_empty() && !rest.trim().is_empty() && first.to_lowercase() == title.to_lowercase() {
        text_fingerprint(rest)
    } else {
        text_fingerprint(text)
    }
}

/// Imports files synchronously (CLI and tests): extract, then plan.
pub fn import_paths(project: &Project, paths: &[PathBuf]) -> ImportReport {
    let extracted = extract_paths(paths);
    plan_import(project, extracted.files, extracted.cancelled)
}

/// Reads every importable file under `paths` on all cores (what [`import_paths`] plans from). A
/// named folder with no importable file is reported as a failure, so it is never silently dropped.
pub fn extract_paths(paths: &[PathBuf]) -> ExtractedFiles {
    let files = import::collect_importable_files(paths);
    let mut extracted = extract_all(&files, available_threads(), &ImportProgress::default());
    // Paths the user named that expand to nothing are failures too, so they are never silently dropped.
    for path in paths {
        if path.is_dir() && !files.iter().any(|file| file.starts_with(path)) {
            extracted.push((
                path.clone(),
                Err(ImportError::NoText {
                    path: path.clone(),
                    reason: "the folder contains no importable files".into(),
                }),
            ));
        }
    }
    ExtractedFiles { files: extracted, cancelled: false }
}

/// Worker threads for imports: the machine's parallelism, at most 8.
pub fn available_threads() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get()).min(8)
}

/// A project article with id `id` for an extracted one; untitled articles are named after their file.
pub fn article_from_extracted(extracted: ExtractedArticle, path: &Path, id: ArticleId) -> Article {
    let origin_file = if extracted.origin_file.is_empty() { file_name(path) } else { extracted.origin_file };
    let title = if extracted.title.trim().is_empty() {
        title_from_text_or_file(&extracted.text, &origin_file)
    } else {
        extracted.title.trim().to_owned()
    };
    Article {
        id,
        title,
        source: extracted.source,
        date: extracted.date,
        url: extracted.url,
        byline: extracted.byline,
        origin_file,
        text: extracted.text,
    }
}

/// The file's stem as words: separators as spaces, a leading number and dates left out
/// ("01_whitehouse_2025-08-19_trump-putin" → "whitehouse trump putin", "nato_talks-2025" → "nato
/// talks 2025"), or the article's first words when the stem is a meaningless id.
fn title_from_text_or_file(text: &str, origin_file: &str) -> String {
    let stem = Path::new(origin_file).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let readable = file_name_words(&stem).join(" ");
    // A stem like "nato_talks_2025" reads as a title; "000_5e573abc5c566b8a" (an export id) does not.
    let real_words = readable
        .split_whitespace()
        .filter(|word| word.chars().count() >= 3 && word.chars().all(char::is_alphabetic))
        .count();
    if real_words >= 2 {
        return readable.trim().to_owned();
    }
    let words: Vec<&str> = text.split_whitespace().take(10).collect();
    if words.is_empty() {
        return if stem.is_empty() { "Untitled article".into() } else { stem };
    }
    let mut title = words.join(" ");
    if text.split_whitespace().count() > words.len() {
        title.push('…');
    }
    title
}

/// The words of a file stem split at `_`, `-`, `.` and spaces, without a leading running number
/// (`01`, `007`) and without dates (`2025-08-19`, `2025_08_19`, `20250819`).
fn file_name_words(stem: &str) -> Vec<&str> {
    let parts: Vec<&str> = stem.split(['_', '-', '.', ' ']).filter(|p| !p.is_empty()).collect();
    let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    let mut words = Vec::new();
    let mut i = 0;
    while i < parts.len() {
        let p = parts[i];
        // Year, month, day as three parts.
        if i + 2 < parts.len() && p.len() == 4 && digits(p) {
            let ymd = format!("{p}-{}-{}", parts[i + 1], parts[i + 2]);
            if import::date_in_file_name(&ymd).is_some() && ymd.len() == 10 {
                i += 3;
                continue;
            }
        }
        let is_date = digits(p) && matches!(p.len(), 8 | 12 | 14) && import::date_in_file_name(p).is_some();
        let is_numbering = words.is_empty() && digits(p) && p.len() <= 3;
        if !is_date && !is_numbering {
            words.push(p);
        }
        i += 1;
    }
    words
}

fn file_name(path: &Path) -> String {
    path.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::presets;

    #[test]
    fn seed_imports_once_and_duplicates_are_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("000_5e573abc5c566b8a.txt");
        std::fs::write(&path, presets::SEED_ARTICLE).unwrap();
        let copy = dir.path().join("copy.txt");
        std::fs::write(&copy, presets::SEED_ARTICLE).unwrap();
        let mut project = presets::new_project("t");
        let report = import_paths(&project, &[dir.path().to_owned()]);
        assert_eq!(report.imported.len(), 1, "{}", report.summary());
        assert_eq!(report.duplicates.len(), 1);
        report.edit.unwrap().apply(&mut project);
        let article = &project.articles[0];
        assert_eq!(article.source, "CBSNEWS");
        assert!(article.title.starts_with("Preparations are actively underway"), "{}", article.title);
        // Importing again adds nothing.
        let again = import_paths(&project, &[path]);
        assert!(again.edit.is_none());
        assert_eq!(again.duplicates.len(), 1);
    }

    #[test]
    fn the_same_article_as_markdown_and_text_is_a_duplicate() {
        let dir = tempfile::tempdir().unwrap();
        let md = "# Envoys meet in Riyadh\n\nU.S. and Russian envoys met on [Tuesday in\nRiyadh](https://example.com/2025/02/18/us-russia-talks-riyadh) to prepare\na summit, *officials* said.\n\nThe talks (<https://example.com/live>) lasted four hours.\n";
        let txt = "Envoys meet in Riyadh\n\nU.S. and Russian envoys met on Tuesday in Riyadh to prepare a summit, officials said.\n\nThe talks lasted four hours.\n";
        std::fs::write(dir.path().join("talks.md"), md).unwrap();
        std::fs::write(dir.path().join("talks.txt"), txt).unwrap();
        let report = import_paths(&presets::new_project("t"), &[dir.path().to_owned()]);
        assert_eq!(report.imported.len(), 1, "{}", report.summary());
        assert_eq!(report.duplicates.len(), 1, "{}", report.summary());
    }

    #[test]
    fn file_name_titles_leave_out_numbering_and_dates() {
        let t = |name: &str| title_from_text_or_file("Some text of the article.", name);
        assert_eq!(t("01_whitehouse_2025-08-19_trump-putin-summit.txt"), "whitehouse trump putin summit");
        assert_eq!(t("20250819-reuters_ukraine_talks.txt"), "reuters ukraine talks");
        assert_eq!(t("nato_talks_2025_08_19.pdf"), "nato talks");
        assert_eq!(t("nato_talks-2025.txt"), "nato talks 2025");
        assert_eq!(t("000_5e573abc5c566b8a.txt"), "Some text of the article.");
    }

    #[test]
    fn missing_files_are_reported_by_name() {
        let report = import_paths(&Project::default(), &[PathBuf::from("/no/such/article.txt")]);
        assert_eq!(report.failures.len(), 1);
        assert!(report.failures[0].to_string().contains("/no/such/article.txt"), "{}", report.failures[0]);
    }
}
