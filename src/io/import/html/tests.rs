//! Fixture, error and never-panic tests for [`super::extract_html`].

use std::path::{Path, PathBuf};

use proptest::prelude::*;

use super::{ImportError, NO_TEXT_REASON, extract_html};

fn fixture_dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/html"))
}

/// Run the extractor on a fixture and compare its text with `<name>.expected.txt`.
fn check_fixture(name: &str) -> super::ExtractedArticle {
    let dir = fixture_dir();
    let path = dir.join(format!("{name}.html"));
    let bytes = std::fs::read(&path).expect("fixture readable");
    let article = extract_html(&bytes, &path).expect("fixture extracts");
    let expected = std::fs::read_to_string(dir.join(format!("{name}.expected.txt"))).expect("expected text");
    assert_eq!(article.text, expected.trim_end(), "text of {name}");
    assert_eq!(article.origin_file, format!("{name}.html"));
    article
}

#[test]
fn news_page_drops_boilerplate() {
    let a = check_fixture("news_with_boilerplate");
    assert_eq!(a.title, "Coalition talks stall over pension reform");
    assert_eq!(a.source, "The Daily Ledger");
    assert_eq!(a.byline, "Maria Keller");
    assert_eq!(a.date, "2024-03-05T08:30:00+01:00");
    assert_eq!(a.url, "https://ledger.example/politics/coalition-talks-stall");
    for junk in ["cookie", "Related stories", "Budget deficit", "disgrace", "All rights reserved", "Log in"] {
        assert!(!a.text.contains(junk), "boilerplate {junk:?} leaked into the text");
    }
}

#[test]
fn windows_1252_page_keeps_curly_quotes() {
    let a = check_fixture("windows1252_quotes");
    assert_eq!(a.title, "Minister defends \u{201c}prudent\u{201d} budget");
    assert_eq!(a.byline, "Jos\u{e9} Mart\u{ed}nez");
    assert_eq!(a.date, "2022-10-04");
    assert!(a.text.contains("\u{201c}We cannot spend money we don\u{2019}t have,\u{201d}"));
}

#[test]
fn json_ld_metadata() {
    let a = check_fixture("jsonld_metadata");
    assert_eq!(a.title, "Parliament votes to extend mission");
    assert_eq!(a.source, "World Report");
    assert_eq!(a.byline, "Tomas Novak, Lena Fischer");
    assert_eq!(a.date, "2023-11-17T14:05:00Z");
    assert_eq!(a.url, "https://worldreport.example/2023/11/17/mission-extended");
}

#[test]
fn empty_and_markup_only_pages_have_no_text() {
    let path = Path::new("/some/dir/empty.html");
    for input in
        [&b""[..], b"   \n", b"<html><head><title>x</title></head><body></body></html>", b"<script>var a=1;</script>"]
    {
        match extract_html(input, path) {
            Err(ImportError::NoText { path: p, reason }) => {
                assert_eq!(p, path);
                assert_eq!(reason, NO_TEXT_REASON);
            }
            other => panic!("expected NoText for {input:?}, got {other:?}"),
        }
    }
}

#[test]
fn error_message_names_the_file() {
    let err = extract_html(b"", Path::new("dir/page.html")).expect_err("no text");
    assert!(err.to_string().starts_with("dir/page.html: "), "{err}");
}

#[test]
fn plain_text_body_is_still_text() {
    let a = extract_html(
        b"Just one sentence without any markup that is long enough to be an article body, really.",
        Path::new("x.html"),
    )
    .expect("text");
    assert!(a.text.starts_with("Just one sentence"));
}

fn fixture_bytes() -> Vec<Vec<u8>> {
    ["news_with_boilerplate", "windows1252_quotes", "jsonld_metadata"]
        .iter()
        .map(|n| std::fs::read(fixture_dir().join(format!("{n}.html"))).expect("fixture"))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = extract_html(&bytes, Path::new("random.html"));
    }

    #[test]
    fn mutated_fixtures_never_panic(
        which in 0usize..3,
        cut in any::<prop::sample::Index>(),
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..32),
        splice in proptest::collection::vec(
            prop::sample::select(vec![
                &b"<"[..], b">", b"<script>", b"</p>", b"<!--", b"&#x", b"\"", b"'", b"=", b"<meta charset=utf-16>",
                b"\xff\xfe", b"<svg>", b"<img alt='", b"<meta property=\"og:title\" content=\"", b"<body", b"<link rel=",
                b"<nav>", b"\xc3\xa9",
            ]),
            0..6),
    ) {
        let mut bytes = fixture_bytes().swap_remove(which);
        for (at, byte) in edits {
            let i = at.index(bytes.len());
            bytes[i] = byte;
        }
        for s in splice {
            let i = cut.index(bytes.len() + 1);
            bytes.splice(i..i, s.iter().copied());
        }
        let end = cut.index(bytes.len() + 1).max(bytes.len() / 2);
        bytes.truncate(end);
        let _ = extract_html(&bytes, Path::new("mutated.html"));
    }
}

#[test]
fn short_pages_come_out_once_without_the_title_glued_on() {
    let page = b"<html><head><title>Short</title></head><body><div>The first sentence is here.</div><div>The second sentence follows it.</div></body></html>";
    let a = extract_html(page, Path::new("short.html")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(a.title, "Short");
    assert_eq!(a.text, "The first sentence is here.\n\nThe second sentence follows it.");
    let plain = b"Just a plain text line saved as html.\n\nAnother paragraph of plain text.\n";
    let a = extract_html(plain, Path::new("plain.html")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(a.text, "Just a plain text line saved as html.\n\nAnother paragraph of plain text.");
}

#[test]
fn deep_unclosed_nesting_is_linear() {
    let mut page = String::from("<html><head><title>Deep</title></head><body>");
    page.push_str(&"<div>".repeat(100_000));
    page.push_str("<p>The envoy said the talks would resume next week.</p></body></html>");
    let start = std::time::Instant::now();
    let a = extract_html(page.as_bytes(), Path::new("deep.html")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(a.text, "The envoy said the talks would resume next week.");
    assert!(start.elapsed() < std::time::Duration::from_secs(2), "{:?}", start.elapsed());
}

#[test]
fn a_line_of_related_links_is_never_the_title() {
    let body = "<p>The two presidents will meet in Anchorage on Friday, the White House said on Tuesday, \
                in the first summit between them since the war began. Officials from both sides have \
                been preparing the talks for weeks, and allies in Europe asked to be consulted first.</p>";
    for title in ["Related: Trump-Putin summit | Ukraine war | Alaska", "Alaska \u{2022} Ukraine \u{2022} Sanctions"] {
        let html = format!("<html><head><title>{title}</title></head><body><article>{body}</article></body></html>");
        let a = extract_html(html.as_bytes(), Path::new("ap.html")).expect("the page has text");
        assert_eq!(a.title, "", "{title} is a list of links");
    }
}
