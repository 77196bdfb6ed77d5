//! Import of 1,000 mixed-format article files through the code the app's Import runs: the session's
//! `ImportPaths` (collects the importable files of a folder), `extract_all` on the import worker
//! threads (as `app::import_job` starts it) and the session's `FinishImport` (plans the new
//! articles and commits them as one undo step). Target: ≤ 5 s.
//!
//! The files: 300 HTML news pages (the article-extraction benchmark's pages from
//! `../shared/bench/article-extraction-benchmark/html`, else the HTML test fixtures), 250 plain
//! text and 150 Markdown articles (the generated corpus's texts), and 100 each of DOCX, RTF and
//! PDF from `tests/fixtures` (text formats get a line of their own so each copy is a new article;
//! DOCX and PDF copies are read in full and then skipped as duplicates, as the app does; fixtures
//! the importer refuses, such as a scanned PDF without text, fail as they would for a user).
//!
//! Run with `cargo bench --bench import`.

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use stancemap::io::articles::{ExtractedFiles, ImportProgress, available_threads, extract_all};
use stancemap::session::{Command, Effect, Session};

const FILES: usize = 1_000;
const RUNS: usize = 3;

fn main() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (counts, bytes) = write_files(dir.path());
    println!(
        "import: {FILES} files, {:.1} MB ({})",
        bytes as f64 / 1e6,
        counts.iter().map(|(ext, n)| format!("{n} .{ext}")).collect::<Vec<_>>().join(", ")
    );
    let mut times = Vec::new();
    for run in 0..RUNS {
        let (elapsed, summary) = import_folder(dir.path());
        println!("import run {}: {:.2} s ({summary})", run + 1, elapsed.as_secs_f64());
        times.push(elapsed);
    }
    times.sort();
    println!(
        "import of {FILES} mixed-format files on {} threads: median {:.2} s, best {:.2} s (target ≤ 5 s)",
        available_threads(),
        times[RUNS / 2].as_secs_f64(),
        times[0].as_secs_f64()
    );
}

/// Imports every file in `dir` into an empty project as the app does; the time and the report.
fn import_folder(dir: &Path) -> (Duration, String) {
    let mut session = Session::new(stancemap::Project::default(), None);
    let start = Instant::now();
    let effects = session.apply(Command::ImportPaths(vec![dir.to_owned()]));
    let Some(files) = effects.into_iter().find_map(|effect| match effect {
        Effect::StartImport(files) => Some(files),
        _ => None,
    }) else {
        panic!("the folder has no importable files");
    };
    assert_eq!(files.len(), FILES, "every written file is importable");
    let progress = ImportProgress::default();
    let extracted = extract_all(&files, available_threads(), &progress);
    let effects = session.apply(Command::FinishImport(Box::new(ExtractedFiles { files: extracted, cancelled: false })));
    let elapsed = start.elapsed();
    let summary = effects
        .into_iter()
        .find_map(|effect| match effect {
            Effect::ImportFinished(report) => Some(report.summary),
            _ => None,
        })
        .unwrap_or_default();
    assert!(session.project().articles.len() >= 600, "most files became articles: {summary}");
    (elapsed, summary)
}

/// Writes the 1,000 files; how many of each extension and their total size.
fn write_files(dir: &Path) -> (Vec<(&'static str, usize)>, u64) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let html = html_pages(repo);
    let binary = |ext: &str| fixtures(repo, ext);
    let (docx, rtf, pdf) = (binary("docx"), binary("rtf"), binary("pdf"));
    let project = common::large_project();
    let texts: Vec<&stancemap::model::Article> = project.articles.iter().collect();
    let plan: [(&'static str, usize); 6] =
        [("html", 300), ("txt", 250), ("md", 150), ("docx", 100), ("rtf", 100), ("pdf", 100)];
    let mut bytes = 0u64;
    let mut index = 0usize;
    for (ext, count) in plan {
        for copy in 0..count {
            let contents: Vec<u8> = match ext {
                "html" => unique_html(&html[copy % html.len()], copy),
                "txt" => {
                    let article = texts[copy % texts.len()];
                    format!("{}\n\n{}\n", article.title, article.text).into_bytes()
                }
                "md" => {
                    let article = texts[(copy + 500) % texts.len()];
                    format!("# {}\n\n*{}*\n\n{}\n", article.title, article.source, article.text).into_bytes()
                }
                "rtf" => unique_rtf(&rtf[copy % rtf.len()], copy),
                "docx" => docx[copy % docx.len()].clone(),
                _ => pdf[copy % pdf.len()].clone(),
            };
            bytes += contents.len() as u64;
            std::fs::write(dir.join(format!("file-{index:04}.{ext}")), &contents).expect("write a file");
            index += 1;
        }
    }
    (plan.to_vec(), bytes)
}

/// The benchmark's HTML pages (decompressed with `gzip`), else the HTML test fixtures.
fn html_pages(repo: &Path) -> Vec<Vec<u8>> {
    let bench = repo.join("../shared/bench/article-extraction-benchmark/html");
    let mut pages: Vec<Vec<u8>> = sorted_files(&bench, "gz")
        .iter()
        .filter_map(|path| {
            let output = std::process::Command::new("gzip").arg("-dc").arg(path).output().ok()?;
            output.status.success().then_some(output.stdout)
        })
        .collect();
    if pages.is_empty() {
        eprintln!("import bench: no pages at {}; using the HTML test fixtures", bench.display());
        pages = fixtures(repo, "html");
    }
    pages
}

/// Every fixture file with extension `ext` under `tests/fixtures` (the import and wild folders).
fn fixtures(repo: &Path, ext: &str) -> Vec<Vec<u8>> {
    let mut files = Vec::new();
    for folder in ["tests/fixtures/import", "tests/fixtures/wild", "tests/fixtures/html"] {
        files.extend(sorted_files(&repo.join(folder), ext));
    }
    let contents: Vec<Vec<u8>> = files.iter().filter_map(|path| std::fs::read(path).ok()).collect();
    assert!(!contents.is_empty(), "no .{ext} fixtures under tests/fixtures");
    contents
}

fn sorted_files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| entries.filter_map(|entry| entry.ok().map(|entry| entry.path())).collect())
        .unwrap_or_default();
    files.retain(|path| path.extension().is_some_and(|e| e == ext) && !path.to_string_lossy().contains(".expected"));
    files.sort();
    files
}

/// The page with a paragraph naming the copy before `</body>`, so each copy is its own article.
fn unique_html(page: &[u8], copy: usize) -> Vec<u8> {
    let marker = format!("<p>Reprinted as copy number {copy} of this page for the import benchmark.</p>");
    let lower = page.to_ascii_lowercase();
    let at = lower.windows(7).rposition(|window| window == b"</body>").unwrap_or(page.len());
    [&page[..at], marker.as_bytes(), &page[at..]].concat()
}

/// The document with a paragraph naming the copy before its last brace.
fn unique_rtf(document: &[u8], copy: usize) -> Vec<u8> {
    let marker = format!("\\par Reprinted as copy number {copy} for the import benchmark.\\par ");
    let at = document.iter().rposition(|&byte| byte == b'}').unwrap_or(document.len());
    [&document[..at], marker.as_bytes(), &document[at..]].concat()
}
