//! Mutation fuzzing of every importer: seeds from tests/fixtures/import and tests/fixtures/wild,
//! mutated by a seeded generator (byte flips, insertions of format tokens, deletions,
//! duplications, truncations), each fed to one importer. Zero panics and no input over the time
//! budget are allowed.
//!
//! DOCX and ODT are mutated inside the archive (the XML entry is mutated and the archive rebuilt)
//! so the XML readers, not only the ZIP checksum, are exercised.
//!
//! The CI run does `FUZZ_INPUTS` (100,000) inputs per importer on the two cores; the ignored
//! `fuzz_every_importer_long` does ten times as many (`cargo test --test fuzz_import -- --ignored`).
//! `STANCEMAP_FUZZ_INPUTS=N` overrides the count of either.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use stancemap::io::import::{docx, html, markdown, news_export, odt, pdf, rtf, text};

/// Inputs per importer in the CI run.
const FUZZ_INPUTS: usize = 100_000;

/// No single input may take longer (the inputs are a few KB; the product rule is 10 s for any
/// file and 2 s per MB; debug builds are several times slower than release).
const MAX_PER_INPUT: Duration = Duration::from_secs(2);

/// A small deterministic generator (xorshift64*), so a failure names a reproducible seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next() % n as u64) as usize }
    }
}

/// Mutate `seed` with one to four random operations, using `tokens` of the format.
fn mutate(seed: &[u8], tokens: &[&[u8]], rng: &mut Rng) -> Vec<u8> {
    let mut data = seed.to_vec();
    for _ in 0..1 + rng.below(4) {
        let len = data.len();
        let at = rng.below(len + 1);
        match rng.below(6) {
            0 if len > 0 => data[at.min(len - 1)] = rng.next() as u8,
            1 => {
                let t = tokens[rng.below(tokens.len())];
                let most = if rng.below(8) == 0 { 400 } else { 3 };
                let times = 1 + rng.below(most);
                let insert: Vec<u8> = t.iter().copied().cycle().take(t.len() * times).collect();
                data.splice(at..at, insert);
            }
            2 => {
                let end = (at + rng.below(64)).min(len);
                data.drain(at..end);
            }
            3 => {
                let end = (at + rng.below(256)).min(len);
                let copy = data[at..end].to_vec();
                data.splice(at..at, copy);
            }
            4 => data.truncate(at),
            _ => {
                let t = tokens[rng.below(tokens.len())];
                data.splice(at..at, t.iter().copied());
            }
        }
    }
    data
}

fn read(path: &str) -> Vec<u8> {
    let full = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(path);
    std::fs::read(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

/// The entries of a ZIP archive.
fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap_or_else(|e| panic!("seed: {e}"));
    (0..archive.len())
        .filter_map(|i| {
            let mut entry = archive.by_index(i).ok()?;
            let mut data = Vec::new();
            entry.read_to_end(&mut data).ok()?;
            Some((entry.name().to_owned(), data))
        })
        .collect()
}

/// An archive of `entries`, stored without compression.
fn rezip(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, data) in entries {
        if out.start_file(name.as_str(), options).is_ok() {
            out.write_all(data).ok();
        }
    }
    out.finish().map(std::io::Cursor::into_inner).unwrap_or_default()
}

/// One importer under test: its name, seeds, format tokens and how to run it.
struct Target {
    name: &'static str,
    seeds: Vec<Vec<u8>>,
    tokens: &'static [&'static [u8]],
    /// For DOCX/ODT: the XML entry to mutate inside the archive.
    zip_entry: Option<&'static str>,
    run: fn(&[u8]),
}

fn targets() -> Vec<Target> {
    vec![
        Target {
            name: "text",
            seeds: vec![
                read("import/cp1252.txt"),
                read("wild/chardet-iso-2022-jp.txt"),
                read("wild/chardet-utf-32le-bom.txt"),
            ],
            tokens: &[b"\n\n", b"By ", b"Credited from: ", b"\x1b$B", b"\xFF\xFE", b"\0", b"\r"],
            zip_entry: None,
            run: |b| drop(text::extract_plain_text(&text::decode_text(b))),
        },
        Target {
            name: "markdown",
            // The readme's first 2 KB: headings, lists, links, code and an image in a short seed.
            seeds: vec![read("import/article.md"), read("wild/trafilatura-readme.md")[..2048].to_vec()],
            tokens: &[b"# ", b"---\n", b"```", b"> ", b"- ", b"[", b"](", b"*", b"\n\n", b"<div>", b"title: "],
            zip_entry: None,
            run: |b| drop(markdown::extract_markdown(&text::decode_text(b))),
        },
        Target {
            name: "html",
            seeds: vec![read("html/windows1252_quotes.html"), read("wild/trafilatura-exotic_tags.html")],
            tokens: &[
                b"<div>",
                b"</div>",
                b"<p>",
                b"<table><tr><td>",
                b"<script>",
                b"<!--",
                b"&#x",
                b"<meta charset=\"",
                b"<title>",
                b"\"@type\":\"NewsArticle\"",
            ],
            zip_entry: None,
            run: |b| drop(html::extract_html(b, Path::new("fuzz.html"))),
        },
        Target {
            name: "pdf",
            seeds: vec![read("import/article.pdf"), read("wild/pypdf-toy.pdf"), read("wild/pypdf-issue-297.pdf")],
            tokens: &[
                b" obj ",
                b"endobj",
                b"stream\n",
                b"endstream",
                b"<<",
                b">>",
                b"/Length 99999",
                b" 0 R",
                b"[",
                b"(",
                b"xref",
                b"trailer",
                b"BT",
                b"Tj",
            ],
            zip_entry: None,
            run: |b| drop(pdf::extract_pdf(b, Path::new("fuzz.pdf"))),
        },
        Target {
            name: "docx",
            seeds: vec![
                read("import/article.docx"),
                read("wild/mammoth-footnotes.docx"),
                read("wild/mammoth-tables.docx"),
            ],
            tokens: &[
                b"<w:p>",
                b"</w:p>",
                b"<w:t>",
                b"<w:tbl><w:tr><w:tc>",
                b"<w:footnoteReference w:id=\"1\"/>",
                b"&#",
                b"<!DOCTYPE x [<!ENTITY a \"aa\">]>",
                b"&a;",
            ],
            zip_entry: Some("word/document.xml"),
            run: |b| drop(docx::extract_docx(b, Path::new("fuzz.docx"))),
        },
        Target {
            name: "odt",
            seeds: vec![read("import/article.odt"), read("wild/odfpy-simpletable.odt")],
            tokens: &[
                b"<text:p>",
                b"</text:p>",
                b"<text:h text:outline-level=\"1\">",
                b"<text:note>",
                b"<table:table>",
                b"<text:s text:c=\"99999\"/>",
                b"&#",
            ],
            zip_entry: Some("content.xml"),
            run: |b| drop(odt::extract_odt(b, Path::new("fuzz.odt"))),
        },
        Target {
            name: "rtf",
            seeds: vec![read("import/article.rtf"), read("wild/striprtf-issue_28.rtf"), read("import/factiva.rtf")],
            tokens: &[
                b"{",
                b"}",
                b"\\par ",
                b"\\u-3913?",
                b"\\u8212",
                b"\\'e9",
                b"{\\*\\",
                b"\\bin99999 ",
                b"\\uc9 ",
                b"{\\info{\\title ",
                b"\\footnote ",
            ],
            zip_entry: None,
            run: |b| drop(rtf::extract_rtf(b, Path::new("fuzz.rtf"))),
        },
        Target {
            name: "news export",
            seeds: vec![read("import/nexis.txt"), read("import/factiva.txt")],
            tokens: &[
                b"\nEnd of Document\n",
                b"\nLength: 400 words\n",
                b"\nBody\n",
                b"Document ",
                b"\nHD\n",
                b"\nBy ",
                b"Load-Date: ",
            ],
            zip_entry: None,
            run: |b| drop(news_export::split_export(&text::decode_text(b))),
        },
    ]
}

/// Mutate and run `count` inputs of `target` on one thread, from generator seed `seed`.
/// Returns (inputs run, slowest input and its time).
fn fuzz_thread(target: &Target, count: usize, seed: u64) -> (usize, Duration) {
    let mut rng = Rng(seed | 1);
    let archives: Vec<Vec<(String, Vec<u8>)>> =
        if target.zip_entry.is_some() { target.seeds.iter().map(|s| unzip(s)).collect() } else { Vec::new() };
    let mut slowest = Duration::ZERO;
    for i in 0..count {
        let which = rng.below(target.seeds.len());
        let input = match target.zip_entry {
            Some(entry) => {
                let mut entries = archives[which].clone();
                for (name, data) in &mut entries {
                    if name == entry {
                        *data = mutate(data, target.tokens, &mut rng);
                    }
                }
                rezip(&entries)
            }
            None => mutate(&target.seeds[which], target.tokens, &mut rng),
        };
        let start = Instant::now();
        let outcome = std::panic::catch_unwind(|| (target.run)(&input));
        let took = start.elapsed();
        if outcome.is_err() {
            let dump =
                std::env::temp_dir().join(format!("stancemap-fuzz-{}-{seed}-{i}", target.name.replace(' ', "-")));
            std::fs::write(&dump, &input).ok();
            panic!("{} importer panicked on input {i} of seed {seed}; input saved as {}", target.name, dump.display());
        }
        assert!(took <= MAX_PER_INPUT, "{} importer took {took:?} on input {i} of seed {seed}", target.name);
        slowest = slowest.max(took);
    }
    (count, slowest)
}

fn fuzz_all(per_importer: usize) {
    let per_importer = std::env::var("STANCEMAP_FUZZ_INPUTS").ok().and_then(|v| v.parse().ok()).unwrap_or(per_importer);
    for target in targets() {
        let start = Instant::now();
        let half = per_importer / 2;
        let (a, b) = std::thread::scope(|s| {
            let first = s.spawn(|| fuzz_thread(&target, half, 0x5EED_0001));
            let second = fuzz_thread(&target, per_importer - half, 0x5EED_0002);
            (first.join().unwrap_or_else(|e| std::panic::resume_unwind(e)), second)
        });
        eprintln!(
            "{:<12} {:>8} inputs in {:>6.1} s, slowest input {:>7.1} ms",
            target.name,
            a.0 + b.0,
            start.elapsed().as_secs_f64(),
            a.1.max(b.1).as_secs_f64() * 1000.0
        );
    }
}

#[test]
fn fuzz_every_importer() {
    fuzz_all(FUZZ_INPUTS);
}

#[test]
#[ignore = "long run: ten times the CI count"]
fn fuzz_every_importer_long() {
    fuzz_all(FUZZ_INPUTS * 10);
}

#[test]
fn mutations_change_the_input_and_are_reproducible() {
    let seed = b"<p>hello</p>".to_vec();
    let (mut a, mut b) = (Rng(7), Rng(7));
    let tokens: &[&[u8]] = &[b"<div>"];
    let first: Vec<Vec<u8>> = (0..50).map(|_| mutate(&seed, tokens, &mut a)).collect();
    let again: Vec<Vec<u8>> = (0..50).map(|_| mutate(&seed, tokens, &mut b)).collect();
    assert_eq!(first, again);
    assert!(first.iter().filter(|m| **m != seed).count() > 40);
    let docx = read("import/article.docx");
    let entries = unzip(&docx);
    assert!(entries.iter().any(|(n, _)| n == "word/document.xml"));
    let rebuilt = rezip(&entries);
    assert!(docx::extract_docx(&rebuilt, &PathBuf::from("x.docx")).is_ok());
}
