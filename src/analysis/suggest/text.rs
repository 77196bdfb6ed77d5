//! Splitting an article into sentences and words for the suggester.
//!
//! Sentences end at `.`, `!` or `?` (and any closing quotes) before whitespace and a capital, a
//! digit or an opening quote, and at every line break (headlines and paragraphs are their own
//! sentences). Abbreviations do not end a sentence: single capitals ("U.S.", "U.N.", "D. Trump")
//! and the usual titles ("Mr.", "St.", "Gen."). Words are runs of letters and digits with inner
//! apostrophes ("Russia's", "won't"); other characters that matter to the rules (`,` `;` `:` and
//! quotation marks) are their own tokens.

/// Titles and abbreviations after which a full stop does not end a sentence.
const ABBREVIATIONS: [&str; 16] =
    ["mr", "mrs", "ms", "dr", "st", "gen", "sen", "rep", "gov", "lt", "col", "no", "prof", "sgt", "jr", "vs"];

/// One token of a sentence: a word (lowercased) or a punctuation mark that matters to the rules.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Token {
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset just past the last character.
    pub end: usize,
    /// The word in lower case, or the punctuation mark itself (quotes normalised to `"`).
    pub lower: String,
    /// True for a word, false for punctuation.
    pub is_word: bool,
}

/// The byte spans of the sentences of `text`, trimmed of surrounding whitespace, in order.
pub(super) fn sentences(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut index = 0;
    while index < chars.len() {
        let (offset, c) = chars[index];
        if c == '\n' {
            push_trimmed(text, start, offset, &mut spans);
            start = offset + 1;
        } else if matches!(c, '.' | '!' | '?') && !(c == '.' && is_abbreviation(text, offset)) {
            // Closing quotes and brackets belong to the sentence they end.
            let mut end_index = index + 1;
            while end_index < chars.len() && matches!(chars[end_index].1, '"' | '”' | '’' | '\'' | ')') {
                end_index += 1;
            }
            let end = chars.get(end_index).map_or(text.len(), |&(o, _)| o);
            let next = chars[end_index..].iter().find(|(_, c)| !c.is_whitespace() || *c == '\n');
            let spaced = chars.get(end_index).is_none_or(|(_, c)| c.is_whitespace());
            let starts_sentence = next.is_none_or(|&(_, c)| {
                c == '\n' || c.is_uppercase() || c.is_ascii_digit() || matches!(c, '"' | '“' | '‘' | '\'')
            });
            if spaced && starts_sentence {
                push_trimmed(text, start, end, &mut spans);
                start = end;
                index = end_index;
                continue;
            }
        }
        index += 1;
    }
    push_trimmed(text, start, text.len(), &mut spans);
    spans
}

fn push_trimmed(text: &str, start: usize, end: usize, spans: &mut Vec<(usize, usize)>) {
    let Some(slice) = text.get(start..end) else { return };
    let leading = slice.len() - slice.trim_start().len();
    let trimmed = slice.trim();
    if !trimmed.is_empty() {
        spans.push((start + leading, start + leading + trimmed.len()));
    }
}

/// True when the full stop at `offset` closes an abbreviation: a single capital letter ("U.S.",
/// "U.N.") or a title from [`ABBREVIATIONS`].
fn is_abbreviation(text: &str, offset: usize) -> bool {
    let head = &text[..offset];
    let word: String =
        head.chars().rev().take_while(|c| c.is_alphabetic()).collect::<Vec<_>>().into_iter().rev().collect();
    let single_capital = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
    single_capital || ABBREVIATIONS.contains(&word.to_lowercase().as_str())
}

/// The tokens of `text[start..end]`, with offsets into `text`.
pub(super) fn tokens(text: &str, start: usize, end: usize) -> Vec<Token> {
    let mut tokens = Vec::new();
    let Some(slice) = text.get(start..end) else { return tokens };
    let mut word_start: Option<usize> = None;
    let mut chars = slice.char_indices().peekable();
    while let Some((offset, c)) = chars.next() {
        let absolute = start + offset;
        let next_is_alnum = chars.peek().is_some_and(|(_, next)| next.is_alphanumeric());
        let inner_apostrophe = matches!(c, '\'' | '’') && word_start.is_some() && next_is_alnum;
        if c.is_alphanumeric() || inner_apostrophe {
            word_start.get_or_insert(absolute);
            continue;
        }
        if let Some(begin) = word_start.take() {
            tokens.push(word_token(text, begin, absolute));
        }
        let mark = match c {
            ',' | ';' | ':' => Some(c.to_string()),
            '"' | '“' | '”' => Some("\"".to_owned()),
            _ => None,
        };
        if let Some(lower) = mark {
            tokens.push(Token { start: absolute, end: absolute + c.len_utf8(), lower, is_word: false });
        }
    }
    if let Some(begin) = word_start {
        tokens.push(word_token(text, begin, end));
    }
    tokens
}

fn word_token(text: &str, start: usize, end: usize) -> Token {
    Token { start, end, lower: text[start..end].to_lowercase().replace('’', "'"), is_word: true }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentence_texts(text: &str) -> Vec<&str> {
        sentences(text).into_iter().map(|(s, e)| &text[s..e]).collect()
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        let text = "The U.S. has suggested it. Putin, in St. Petersburg, said no.\nHeadline here";
        assert_eq!(
            sentence_texts(text),
            vec!["The U.S. has suggested it.", "Putin, in St. Petersburg, said no.", "Headline here"]
        );
    }

    #[test]
    fn closing_quotes_stay_with_their_sentence() {
        let text = "He said it is \"not on the table.\" The EU agreed.";
        assert_eq!(sentence_texts(text), vec!["He said it is \"not on the table.\"", "The EU agreed."]);
    }

    #[test]
    fn words_keep_inner_apostrophes_and_quotes_are_tokens() {
        let text = "Russia’s “won't” U.S.";
        let words: Vec<String> = tokens(text, 0, text.len()).into_iter().map(|t| t.lower).collect();
        assert_eq!(words, vec!["russia's", "\"", "won't", "\"", "u", "s"]);
    }
}
