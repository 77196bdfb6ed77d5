//! The real-world corpus: every importer over third-party test documents (tests/fixtures/wild/,
//! sources in its README.md), compared with what another tool (pdftotext, python-docx, odfpy,
//! striprtf, Python trafilatura, Python codecs) read from the same file once
//! (`<file>.expected.txt`, made by make_expected.py and committed).
//!
//! For every file: no text dropped (token recall against the reference, per format), nothing
//! repeated (no paragraph more often than in the reference), dates in ISO 8601, the title not
//! taken out of the body, and the import within its time budget.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use stancemap::io::import::{ExtractedArticle, extract_file};

fn wild_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/wild")
}

/// Every fixture with its reference text.
fn corpus() -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(wild_dir()) else { return out };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if name.ends_with(".expected.txt") || name.ends_with(".py") || name == "README.md" {
            continue;
        }
        let expected_path = wild_dir().join(format!("{name}.expected.txt"));
        let expected = std::fs::read_to_string(&expected_path)
            .unwrap_or_else(|e| panic!("{}: no reference text: {e}", expected_path.display()));
        out.push((path, expected));
    }
    out.sort();
    out
}

/// Scripts written without spaces between words: every character is a token.
fn is_unspaced_script(c: char) -> bool {
    matches!(c as u32,
        0x0E00..=0x0E7F        // Thai
        | 0x3040..=0x30FF      // Hiragana, Katakana
        | 0x3400..=0x4DBF      // CJK extension A
        | 0x4E00..=0x9FFF      // CJK unified ideographs
        | 0xF900..=0xFAFF      // CJK compatibility ideographs
        | 0x20000..=0x2FFFF) // CJK extensions B…
}

/// Lower-case word tokens (runs of letters and digits; one token per ideograph).
fn tokens(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in s.chars() {
        if is_unspaced_script(c) {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            out.push(c.to_string());
        } else if c.is_alphanumeric() {
            cur.extend(c.to_lowercase());
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Share of the reference's tokens (as a multiset) that the output contains.
fn recall(expected: &str, got: &str) -> Option<f64> {
    let want = tokens(expected);
    if want.is_empty() {
        return None;
    }
    let mut have: HashMap<String, usize> = HashMap::new();
    for t in tokens(got) {
        *have.entry(t).or_default() += 1;
    }
    let mut found = 0usize;
    for t in &want {
        if let Some(n) = have.get_mut(t).filter(|n| **n > 0) {
            *n -= 1;
            found += 1;
        }
    }
    Some(found as f64 / want.len() as f64)
}

/// The reference without lines that are only a number: page numbers, which the PDF importer
/// removes on purpose.
fn without_page_numbers(expected: &str) -> String {
    expected
        .lines()
        .filter(|l| l.trim().is_empty() || !l.trim().chars().all(|c| c.is_ascii_digit()))
        .collect::<Vec<_>>()
        .join("\n")
}

fn squash(s: &str) -> String {
    tokens(s).join(" ")
}

fn counts(s: &str) -> HashMap<String, usize> {
    let mut m = HashMap::new();
    for t in tokens(s) {
        *m.entry(t).or_default() += 1;
    }
    m
}

/// Paragraphs (of at least five words) that the output has more than once while their words
/// occur more often in the output than in both the reference and the file itself (`source`, its
/// bytes read as UTF-8: some files really say a thing twice, and a reference tool may hyphenate
/// or break a repeated passage differently, so words are counted, not passages).
fn repeated_paragraphs(expected: &str, source: &str, got: &str) -> Vec<String> {
    let (reference, source, output) = (counts(expected), counts(source), counts(got));
    let mut seen: HashMap<String, usize> = HashMap::new();
    for p in got.split("\n\n") {
        let key = squash(p);
        if key.split(' ').count() >= 5 {
            *seen.entry(key).or_default() += 1;
        }
    }
    let excess = |t: &str| {
        let allowed = reference.get(t).copied().unwrap_or(0).max(source.get(t).copied().unwrap_or(0));
        output.get(t).copied().unwrap_or(0) > allowed
    };
    seen.into_iter()
        .filter(|(p, n)| {
            let words: Vec<&str> = p.split(' ').collect();
            *n > 1 && words.iter().filter(|w| excess(w)).count() * 2 >= words.len()
        })
        .map(|(p, _)| p)
        .collect()
}

/// `YYYY-MM-DD`, optionally followed by `THH:MM[:SS][Z|±HH:MM]`.
fn is_iso_8601(date: &str) -> bool {
    let b = date.as_bytes();
    let digits = |r: std::ops::Range<usize>| b.get(r).is_some_and(|s| s.iter().all(u8::is_ascii_digit));
    let day = b.len() >= 10 && digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10);
    if !day {
        return false;
    }
    if b.len() == 10 {
        return true;
    }
    let time = b.len() >= 16 && b[10] == b'T' && digits(11..13) && b[13] == b':' && digits(14..16);
    let rest = &date[16.min(date.len())..];
    let rest = rest.strip_prefix(':').map_or(rest, |r| r.get(2..).unwrap_or(""));
    time && (rest.is_empty() || rest == "Z" || ((rest.starts_with('+') || rest.starts_with('-')) && rest.len() == 6))
}

/// The lowest token recall accepted per format. HTML is compared with another main-text
/// extractor (Python trafilatura), which draws the article's borders a little differently.
fn min_recall(ext: &str) -> f64 {
    match ext {
        "html" => 0.85,
        _ => 0.97,
    }
}

/// Files where the reference keeps text that StanceMap leaves out on purpose, with the recall
/// accepted instead and why.
const KNOWN_DIFFERENCES: &[(&str, f64, &str)] = &[
    (
        "newspaper4k-spanish_article.html",
        0.45,
        "trafilatura keeps the ~40 readers' comments under the article (not marked as comments, so          include_comments=False keeps them); on the article part alone recall is 0.89",
    ),
    (
        "trafilatura-exotic_tags.html",
        0.6,
        "a test of TEI-only tags: the vendored extractor drops the word in <hi> and the duplicate          <strike> line that Python trafilatura keeps",
    ),
    (
        "pypdf-toy.pdf",
        0.25,
        "a test of text operators: every word is read (pdf-extract 0.12 skips the ' and \" \
         show-text operators, so lopdf's second reading is taken), but pdftotext splits the spaced-out \
         words into letters (\"D o u b l e\"), which the reference then counts as words",
    ),
];

struct Outcome {
    name: String,
    recall: Option<f64>,
    elapsed: Duration,
    problems: Vec<String>,
}

fn check_file(path: &Path, expected: &str) -> Outcome {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let ext = path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
    let start = Instant::now();
    let result = extract_file(path);
    let elapsed = start.elapsed();
    let mut problems = Vec::new();
    let articles: Vec<ExtractedArticle> = match result {
        Ok(a) => a,
        Err(e) => {
            // A refusal is right only when the other tool found no words either.
            if tokens(expected).len() > 3 {
                problems.push(format!("refused although {} words are readable: {e}", tokens(expected).len()));
            }
            Vec::new()
        }
    };
    let text: String = articles.iter().map(|a| a.text.as_str()).collect::<Vec<_>>().join("\n\n");
    // Where the format marks a paragraph as the headline, the title may leave the body.
    let marks_headings = matches!(ext.as_str(), "docx" | "odt" | "md" | "html");
    let counted = match articles.first() {
        Some(a) if marks_headings => format!("{}\n\n{text}", a.title),
        _ => text.clone(),
    };
    let recall = if articles.is_empty() { None } else { recall(&without_page_numbers(expected), &counted) };
    let known = KNOWN_DIFFERENCES.iter().find(|(n, _, _)| *n == name).map(|(_, r, _)| *r);
    let wanted = known.unwrap_or_else(|| min_recall(&ext));
    if let Some(r) = recall
        && r < wanted
    {
        problems.push(format!("token recall {r:.3} < {wanted}"));
    }
    let source = String::from_utf8_lossy(&std::fs::read(path).unwrap_or_default()).into_owned();
    for p in repeated_paragraphs(expected, &source, &text) {
        problems.push(format!("repeated paragraph: {p}"));
    }
    for a in &articles {
        if !a.date.is_empty() && !is_iso_8601(&a.date) {
            problems.push(format!("date {:?} is not ISO 8601", a.date));
        }
        // A title is a headline: never a web address or a line of links.
        if a.title.contains("://") || a.title.matches(['|', '\u{2022}']).count() >= 2 {
            problems.push(format!("title {:?} is an address or a list of links", a.title));
        }
        if !a.title.is_empty() && a.text.starts_with(&format!("{}{}", a.title, a.title)) {
            problems.push(format!("title {:?} glued onto itself", a.title));
        }
    }
    let size_mb = std::fs::metadata(path).map_or(0.0, |m| m.len() as f64 / 1e6);
    // Debug builds of the test are several times slower than release; allow for it.
    let budget = Duration::from_secs_f64((2.0 * size_mb).max(1.0) * 5.0);
    if elapsed > budget {
        problems.push(format!("took {elapsed:?}, budget {budget:?}"));
    }
    Outcome { name, recall, elapsed, problems }
}

#[test]
fn every_importer_reads_the_wild_corpus_completely() {
    let corpus = corpus();
    assert!(corpus.len() >= 40, "the corpus is missing: {} files", corpus.len());
    let mut failures = Vec::new();
    let mut per_format: HashMap<String, Vec<f64>> = HashMap::new();
    for (path, expected) in &corpus {
        let o = check_file(path, expected);
        let ext = path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
        if let Some(r) = o.recall {
            per_format.entry(ext).or_default().push(r);
        }
        let recall = o.recall.map_or_else(|| "   -  ".to_owned(), |r| format!("{r:.3}"));
        eprintln!("{:<45} recall {recall}  {:>6.1} ms", o.name, o.elapsed.as_secs_f64() * 1000.0);
        for p in &o.problems {
            failures.push(format!("{}: {p}", o.name));
        }
    }
    let mut formats: Vec<_> = per_format.into_iter().collect();
    formats.sort_by(|a, b| a.0.cmp(&b.0));
    for (ext, rs) in formats {
        let mean = rs.iter().sum::<f64>() / rs.len() as f64;
        let min = rs.iter().copied().fold(1.0, f64::min);
        eprintln!("{ext:<5} files {:>2}  mean recall {mean:.3}  min {min:.3}", rs.len());
    }
    assert!(failures.is_empty(), "{} problems:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn recall_and_repetition_measures_work() {
    assert_eq!(recall("a b c d", "a b c d"), Some(1.0));
    assert_eq!(recall("a b c d", "b c d"), Some(0.75));
    assert_eq!(recall("你好世界", "你好"), Some(0.5));
    assert_eq!(recall("", "x"), None);
    let para = "one two three four five";
    assert_eq!(repeated_paragraphs(para, "", &format!("{para}\n\n{para}")).len(), 1);
    assert!(repeated_paragraphs(&format!("{para} {para}"), "", &format!("{para}\n\n{para}")).is_empty());
    assert!(repeated_paragraphs(para, &format!("{para}. {para}"), &format!("{para}\n\n{para}")).is_empty());
    assert!(is_iso_8601("2018-06-19"));
    assert!(is_iso_8601("2018-06-19T05:50:00+09:00"));
    assert!(is_iso_8601("2018-06-19T05:50Z"));
    assert!(!is_iso_8601("20180619T055000+0900"));
    assert!(!is_iso_8601("yesterday"));
}

/// A hostile file of each format, a few MB each.
fn hostile_files() -> Vec<(&'static str, Vec<u8>)> {
    let mut rtf = b"{\\rtf1\\ansi ".to_vec();
    rtf.extend(std::iter::repeat_n(b'{', 1_000_000));
    rtf.extend_from_slice(b"text\\u-3913?\\'e9");
    let mut md = "> ".repeat(200_000).into_bytes();
    md.extend_from_slice(b"deep quote\n\n");
    md.extend("*a ".repeat(300_000).into_bytes());
    let mut html = b"<html><body>".to_vec();
    for i in 0..60_000 {
        html.extend(format!("<div><p>Paragraph {i} of nested text about the talks.").into_bytes());
    }
    let text = "word ".repeat(1_000_000).into_bytes();
    let mut news = Vec::new();
    for i in 0..20_000 {
        news.extend(
            format!(
                "Document {i} of 20000\n\nHeadline {i}\n\nLength: 400 words\n\nBody\n\nText.\n\nEnd of Document\n\n"
            )
            .into_bytes(),
        );
    }
    let mut docx_xml = String::from("<w:document xmlns:w=\"w\"><w:body>");
    docx_xml.push_str(&"<w:tbl><w:tr><w:tc>".repeat(20_000));
    docx_xml.push_str("<w:p><w:r><w:t>cell</w:t></w:r></w:p>");
    docx_xml.push_str(&"</w:tc></w:tr></w:tbl>".repeat(20_000));
    docx_xml.push_str(&"<w:p><w:r><w:t>Paragraph text.</w:t></w:r></w:p>".repeat(100_000));
    docx_xml.push_str("</w:body></w:document>");
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file("word/document.xml", options).ok();
    std::io::Write::write_all(&mut zip, docx_xml.as_bytes()).ok();
    let docx = zip.finish().map(std::io::Cursor::into_inner).unwrap_or_default();
    vec![
        ("hostile.rtf", rtf),
        ("hostile.md", md),
        ("hostile.html", html),
        ("hostile.txt", text),
        ("hostile-export.txt", news),
        ("hostile.docx", docx),
    ]
}

#[test]
fn hostile_files_stay_within_the_time_budget() {
    for (name, bytes) in hostile_files() {
        let start = Instant::now();
        let result = stancemap::io::import::extract_bytes(&bytes, Path::new(name));
        let took = start.elapsed();
        let mb = bytes.len() as f64 / 1e6;
        eprintln!(
            "{name:<20} {mb:>5.1} MB  {:>7.0} ms  {}",
            took.as_secs_f64() * 1000.0,
            result.as_ref().map_or_else(|e| e.to_string(), |a| format!("{} article(s)", a.len()))
        );
        // The rule is 10 s for any file and 2 s per MB in release builds; tests run in debug.
        assert!(took < Duration::from_secs(10), "{name}: {took:?}");
        assert!(took.as_secs_f64() <= (2.0 * mb).max(1.0) * 5.0, "{name}: {took:?} for {mb:.1} MB");
    }
}
