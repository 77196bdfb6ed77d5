//! Post-processing of the extractor's text: paragraphs, whitespace, repeated header lines.

use super::scan::collapse_ws;
use crate::io::import::normalize_date;

/// A run of at least this many consecutive link-only paragraphs is a link list (related
/// stories, teasers, tag clouds), not article text.
const MIN_LINK_LIST: usize = 2;

/// A paragraph of at most this many words directly before a link list is taken to be the
/// list's heading ("You may also like", "Related", "More in Sport").
const MAX_LIST_HEADING_WORDS: usize = 8;

/// A link list followed by a paragraph of more than this many words is left alone: related
/// links come after the article body, so prose after the list means the list is part of the
/// article (product boxes, "read more" lists inside the story).
const MAX_WORDS_AFTER_LIST: usize = 25;

/// How many leading paragraphs may be recognised as header lines and dropped.
const MAX_HEADER_PARAGRAPHS: usize = 6;

/// Turn extractor output into StanceMap's article text: one paragraph per non-blank line,
/// whitespace collapsed, paragraphs joined by `"\n\n"`. Leading paragraphs that only repeat
/// the headline, the byline or a date line are dropped, unless
/// that would leave nothing.
///
/// `headlines` are other forms of the headline found in the page (JSON-LD `headline`, first
/// `<h1>`), which may differ from `title`; a leading paragraph equal to one of them is dropped
/// too. `link_only` are the keys of link-only blocks (see `drop_link_lists`).
pub(super) fn clean_article_text(
    raw: &str,
    title: &str,
    headlines: &[String],
    byline: &str,
    link_only: &[String],
) -> String {
    let paragraphs: Vec<String> =
        raw.lines().map(|l| collapse_ws(&l.replace('\u{ad}', ""))).filter(|l| !l.is_empty()).collect();
    let paragraphs = drop_link_lists(paragraphs, link_only);
    let paragraphs: Vec<String> = paragraphs.into_iter().filter(|p| !is_page_widget(p)).collect();
    let title_key = key(title);
    let headline_keys: Vec<String> = headlines.iter().map(|h| key(h)).filter(|k| !k.is_empty()).collect();
    let byline_key = key(byline);
    let mut skip = 0;
    for p in paragraphs.iter().take(MAX_HEADER_PARAGRAPHS) {
        if headline_keys.contains(&key(p)) || is_header_line(p, &title_key, &byline_key) {
            skip += 1;
        } else {
            break;
        }
    }
    if skip == paragraphs.len() {
        // Only a headline, byline or date: keep the text unless it merely repeats the title.
        if paragraphs.iter().all(|p| !title_key.is_empty() && key(p).replace(&title_key, "").is_empty()) {
            return String::new();
        }
        skip = 0;
    }
    paragraphs[skip..].join("\n\n")
}

/// Remove runs of [`MIN_LINK_LIST`] or more paragraphs that are entirely link text (see
/// `scan::link_only_blocks`) and that no longer paragraph follows, with a short heading line
/// directly before the run. Nothing is removed when that would leave no text.
fn drop_link_lists(paragraphs: Vec<String>, link_only: &[String]) -> Vec<String> {
    if link_only.len() < MIN_LINK_LIST {
        return paragraphs;
    }
    let is_link: Vec<bool> = paragraphs
        .iter()
        .map(|p| {
            let k = key(p);
            !k.is_empty() && link_only.contains(&k)
        })
        .collect();
    // prose_after[i]: some paragraph at or after i has more than MAX_WORDS_AFTER_LIST words.
    let mut prose_after = vec![false; paragraphs.len() + 1];
    for (i, p) in paragraphs.iter().enumerate().rev() {
        prose_after[i] = prose_after[i + 1] || p.split_whitespace().count() > MAX_WORDS_AFTER_LIST;
    }
    let mut keep = vec![true; paragraphs.len()];
    let mut i = 0;
    while i < paragraphs.len() {
        if !is_link[i] {
            i += 1;
            continue;
        }
        let start = i;
        while i < paragraphs.len() && is_link[i] {
            i += 1;
        }
        if i - start >= MIN_LINK_LIST && !prose_after[i] {
            keep[start..i].iter_mut().for_each(|k| *k = false);
            if start > 0 && paragraphs[start - 1].split_whitespace().count() <= MAX_LIST_HEADING_WORDS {
                keep[start - 1] = false;
            }
        }
    }
    if !keep.iter().any(|k| *k) {
        return paragraphs;
    }
    paragraphs.into_iter().zip(keep).filter_map(|(p, k)| k.then_some(p)).collect()
}

/// Rating and view-count widgets that sit between the headline and the article ("Valorar:",
/// "Actualmente puntuada con 1 estrella(s) sobre 5", "Puntualo 3 estrellas", "Visto 314
/// veces", "Rate this article", "1,204 views"): short, and made of a rating or counter phrase.
fn is_page_widget(p: &str) -> bool {
    let lower = p.to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    if words.is_empty() || words.len() > 10 {
        return false;
    }
    let prompts =
        ["valorar", "valorar:", "puntuar:", "rate:", "rate this", "rate this article", "rate this story", "rating:"];
    if prompts.contains(&lower.trim()) {
        return true;
    }
    let has_digit = lower.chars().any(|c| c.is_ascii_digit());
    let stars = ["estrella", "estrellas", "star", "stars", "étoile", "étoiles", "sterne", "stern"];
    let letters = |w: &str| w.chars().take_while(|c| c.is_alphabetic()).collect::<String>();
    let rating = words.iter().any(|w| stars.contains(&letters(w).as_str()));
    if has_digit && rating && words.len() <= 8 {
        return true;
    }
    let counter = ["veces", "views", "visitas", "lecturas", "vues", "aufrufe"];
    has_digit && words.len() <= 4 && words.iter().any(|w| counter.contains(w))
}

fn is_header_line(p: &str, title_key: &str, byline_key: &str) -> bool {
    let k = key(p);
    if k.is_empty() {
        return true;
    }
    if k == title_key || k == byline_key || (!title_key.is_empty() && k.replace(title_key, "").is_empty()) {
        return true;
    }
    // Note: a paragraph equal to <meta name=description> is NOT dropped: news sites often use
    // the lede itself as the description (measured: dropping it lowers recall on the benchmark).
    let words = p.split_whitespace().count();
    let lower = p.to_lowercase();
    if words <= 8 {
        // "By Jane Doe", "Published 18 November 2019", "Updated: 10:08 am", "18/11/2019"
        let starts = ["by ", "published", "updated", "posted", "last updated"];
        if lower == "by" || starts.iter().any(|s| lower.starts_with(s)) {
            return true;
        }
        if !byline_key.is_empty() && k.contains(byline_key) && words <= 4 {
            return true;
        }
        if normalize_date(p).is_some() && p.chars().filter(|c| c.is_alphabetic()).count() <= 12 {
            return true;
        }
    }
    false
}

/// Lower-case alphanumerics only, for comparing lines that differ in punctuation or spacing.
pub(super) fn key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        // ASCII first: the Unicode tables are only needed for the rest.
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                out.push(c.to_ascii_lowercase());
            }
        } else if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rating_and_counter_widgets_are_not_text() {
        for widget in [
            "Valorar:",
            "Actualmente puntuada con 1 estrella(s) sobre 5",
            "Puntualo 3 estrellas",
            "Visto 314 veces",
            "Rate this article",
            "1,204 views",
            "4 out of 5 stars",
        ] {
            assert!(is_page_widget(widget), "{widget}");
        }
        for text in [
            "The talks start 5 May.",
            "Five stars of the league met in 2019 to discuss the future of the game.",
            "Visto bueno",
            "Stars",
        ] {
            assert!(!is_page_widget(text), "{text}");
        }
    }

    #[test]
    fn keys_keep_lower_case_letters_and_digits_of_any_script() {
        assert_eq!(
            key("\u{c7}a va! \u{c9}T\u{c9} 2024 \u{2014} \u{41f}\u{443}\u{442}\u{438}\u{43d}"),
            "\u{e7}ava\u{e9}t\u{e9}2024\u{43f}\u{443}\u{442}\u{438}\u{43d}"
        );
        assert_eq!(key(" -- "), "");
    }

    #[test]
    fn paragraphs_and_whitespace() {
        let raw = "  First   line\u{a0}here \n\n\n  \nSecond\tline\n";
        assert_eq!(clean_article_text(raw, "", &[], "", &[]), "First line here\n\nSecond line");
    }

    #[test]
    fn drops_repeated_header_lines() {
        let raw = "Big headline\nBy\nJane Doe\nPublished 18 November 2019\nBody text starts here.\nMore.";
        let text = clean_article_text(raw, "Big Headline", &[], "Jane Doe", &[]);
        assert_eq!(text, "Body text starts here.\n\nMore.");
    }

    #[test]
    fn drops_link_lists_with_their_heading() {
        let raw = "Body one.\nSee also\nOther story\nThird story\nBody two with a linked phrase.\nLone link";
        let links = ["otherstory".to_string(), "thirdstory".to_string(), "lonelink".to_string()];
        assert_eq!(
            clean_article_text(raw, "", &[], "", &links),
            "Body one.\n\nBody two with a linked phrase.\n\nLone link"
        );
        let prose = "Body two, which is a much longer paragraph of article prose with well over twenty-five words in it, so that it counts as article text after the list.";
        let raw = format!("Body one.\nSee also\nOther story\nThird story\n{prose}");
        assert_eq!(clean_article_text(&raw, "", &[], "", &links), raw.replace('\n', "\n\n"));
    }

    #[test]
    fn drops_other_forms_of_the_headline() {
        let raw = "Parliament votes to extend peacekeeping mission\nLawmakers voted on Friday.";
        let h = ["Parliament votes to extend peacekeeping mission".to_string()];
        assert_eq!(
            clean_article_text(raw, "Parliament votes to extend mission", &h, "", &[]),
            "Lawmakers voted on Friday."
        );
    }

    #[test]
    fn keeps_header_only_text_unless_it_is_just_the_title() {
        assert_eq!(clean_article_text("By Jane Doe", "Big headline", &[], "", &[]), "By Jane Doe");
        assert_eq!(clean_article_text("Big headline\nBig headline", "Big headline", &[], "", &[]), "");
    }
}
