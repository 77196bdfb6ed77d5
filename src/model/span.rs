//! Spans of an article's text as quotes: a selection snapped to whole words, and its word count.
//!
//! A quote must never start or end inside a word ("…maintain a firm stance a" is not evidence of
//! anything), so a selection is widened to the words it touches, then trimmed of the whitespace
//! and separating punctuation (commas, dashes, a lone opening quote at the end) around it. What a
//! sentence or a quotation needs stays: a closing full stop or question mark, closing quotes and
//! brackets at the end, opening ones at the start. Offsets stay on character boundaries.

/// True for characters that make up words: letters and digits.
fn is_word(c: char) -> bool {
    c.is_alphanumeric()
}

/// Characters that join two word parts into one word: "Russia's", "so-called", "U.S", "3.5".
fn is_joiner(c: char) -> bool {
    matches!(c, '\'' | '’' | '-' | '‐' | '.' | ',')
}

/// True when the byte offset `at` lies between two parts of one word: two letters, or a joiner
/// with a letter on either side ("Russia|'s", "Russia'|s").
fn inside_word(text: &str, at: usize) -> bool {
    let mut before = text[..at].chars().rev();
    let mut after = text[at..].chars();
    let (Some(left), Some(right)) = (before.next(), after.next()) else { return false };
    (is_word(left) && is_word(right))
        || (is_joiner(left) && is_word(right) && before.next().is_some_and(is_word))
        || (is_word(left) && is_joiner(right) && after.next().is_some_and(is_word))
}

/// Punctuation a quote may end with.
fn may_end_quote(c: char) -> bool {
    is_word(c) || matches!(c, '.' | '!' | '?' | '"' | '”' | '’' | '\'' | ')' | ']' | '»' | '%')
}

/// Punctuation a quote may start with.
fn may_start_quote(c: char) -> bool {
    is_word(c) || matches!(c, '"' | '“' | '‘' | '\'' | '(' | '[' | '«' | '$' | '€' | '£')
}

/// `start..end` widened to whole words and trimmed of surrounding whitespace and separating
/// punctuation; `None` when it holds no word. Out-of-range offsets are clamped to the text and
/// offsets inside a character are moved outward to its boundaries.
pub fn snap_to_words(text: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    if start >= end || start >= text.len() {
        return None;
    }
    let mut end = end.min(text.len());
    let mut start = start;
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    while !text.is_char_boundary(end) {
        end += 1;
    }
    // Whitespace never starts or ends a quote.
    let inner = &text[start..end];
    let trimmed = inner.trim_start();
    start += inner.len() - trimmed.len();
    end = start + trimmed.trim_end().len();
    if start >= end {
        return None;
    }
    // Outward to the ends of the words the selection cuts.
    while inside_word(text, start) {
        start -= text[..start].chars().next_back().map_or(1, char::len_utf8);
    }
    while inside_word(text, end) {
        end += text[end..].chars().next().map_or(1, char::len_utf8);
    }
    // An abbreviation keeps its last full stop: "U.S" becomes "U.S." (once: "U.S." stays, so snapping
    // a snapped quote gives it back unchanged).
    let last_word = text[start..end].rsplit(char::is_whitespace).next().unwrap_or_default();
    if text[end..].starts_with('.') && last_word.contains('.') && !last_word.ends_with('.') {
        end += 1;
    }
    // Inward past separating punctuation and whitespace.
    while let Some(first) = text[start..end].chars().next().filter(|&c| !may_start_quote(c)) {
        start += first.len_utf8();
    }
    while let Some(last) = text[start..end].chars().next_back().filter(|&c| !may_end_quote(c)) {
        end -= last.len_utf8();
    }
    text[start..end].chars().any(is_word).then_some((start, end))
}

/// How many words `text` holds ("U.S.-backed" is one, a lone dash none).
pub fn word_count(text: &str) -> usize {
    text.split_whitespace().filter(|token| token.chars().any(is_word)).count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn snapped<'a>(text: &'a str, selected: &str) -> Option<&'a str> {
        let start = text.find(selected).expect("the selection is in the text");
        snap_to_words(text, start, start + selected.len()).map(|(start, end)| &text[start..end])
    }

    const SEED: &str = "The European Union and Ukraine have signaled their intentions to maintain a firm stance \
                        against Russian aggression, asserting that crucial decisions regarding Ukraine's future \
                        must actively involve Kyiv. The U.S. has suggested “a lasting peace” (for now).";

    #[test]
    fn a_cut_word_is_completed() {
        assert_eq!(snapped(SEED, "maintain a firm stance a"), Some("maintain a firm stance against"));
        assert_eq!(snapped(SEED, "ntain a firm"), Some("maintain a firm"));
        assert_eq!(snapped(SEED, "e"), Some("The"), "one letter becomes its word");
    }

    #[test]
    fn whitespace_and_separating_punctuation_are_trimmed() {
        assert_eq!(snapped(SEED, " against Russian aggression, "), Some("against Russian aggression"));
        assert_eq!(snapped(SEED, ", asserting"), Some("asserting"));
        assert_eq!(snapped(SEED, "involve Kyiv. The"), Some("involve Kyiv. The"));
        assert_eq!(snapped(SEED, "involve Kyiv. "), Some("involve Kyiv."), "a full stop ends a sentence");
        assert_eq!(snapped(SEED, ", "), None, "no word, no quote");
        assert_eq!(snapped(SEED, " "), None);
    }

    #[test]
    fn possessives_abbreviations_and_quotation_marks_stay_whole() {
        assert_eq!(snapped(SEED, "Ukraine'"), Some("Ukraine's"));
        assert_eq!(snapped(SEED, "U.S"), Some("U.S."));
        assert_eq!(snapped(SEED, "S. has"), Some("U.S. has"));
        assert_eq!(snapped(SEED, "“a lasting peace”"), Some("“a lasting peace”"));
        assert_eq!(snapped(SEED, "lasting peace” ("), Some("lasting peace”"), "an opening bracket cannot end a quote");
        assert_eq!(snapped(SEED, "(for now)"), Some("(for now)"));
    }

    #[test]
    fn offsets_outside_or_inside_characters_are_safe() {
        let text = "Zelenskyy’s “no” — final";
        let inside = text.find('’').unwrap() + 1;
        assert_eq!(snap_to_words(text, inside, inside + 1).map(|(s, e)| &text[s..e]), Some("Zelenskyy’s"));
        assert_eq!(snap_to_words(text, 0, 10_000).map(|(s, e)| &text[s..e]), Some(text));
        assert_eq!(snap_to_words(text, 50, 10), None, "a start past the end");
        assert_eq!(snap_to_words(text, 4, 4), None, "nothing selected");
        assert_eq!(snap_to_words("", 0, 0), None);
    }

    #[test]
    fn words_are_counted_plainly() {
        assert_eq!(word_count("firm"), 1);
        assert_eq!(word_count("maintain a firm stance against"), 5);
        assert_eq!(word_count("U.S.-backed plan — now"), 3);
        assert_eq!(word_count(" — "), 0);
    }

    proptest! {
        #[test]
        fn snapping_gives_a_whole_word_substring_and_is_idempotent(
            text in "[a-zA-Z’'. ,;:—\\-“”()éß\n]{0,60}",
            a in 0usize..70,
            b in 0usize..70,
        ) {
            let (start, end) = (a.min(b), a.max(b));
            if let Some((s, e)) = snap_to_words(&text, start, end) {
                prop_assert!(s < e && e <= text.len());
                prop_assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
                let quote = &text[s..e];
                prop_assert!(quote.chars().any(char::is_alphanumeric));
                prop_assert_eq!(quote.trim(), quote);
                // Never inside a word at either end.
                let cut_before = text[..s].chars().next_back().is_some_and(char::is_alphanumeric)
                    && quote.chars().next().is_some_and(char::is_alphanumeric);
                let cut_after = text[e..].chars().next().is_some_and(char::is_alphanumeric)
                    && quote.chars().next_back().is_some_and(char::is_alphanumeric);
                prop_assert!(!cut_before && !cut_after, "{:?} in {:?}", quote, text);
                prop_assert_eq!(snap_to_words(&text, s, e), Some((s, e)), "idempotent");
            }
        }
    }
}
