//! Offsets at the exchange edge: StanceMap's byte offsets into the LF text ↔ other tools' units.
//!
//! REFI-QDA counts Unicode code points; NVivo counts UTF-16 code units over its file with CRLF as
//! two and the BOM excluded; DNA counts UTF-16 code units. [`SourceText`] holds a foreign text as
//! it was (BOM removed) and as StanceMap keeps it (LF line ends, Unicode NFC), and maps a span in
//! any unit, counted with CRLF as one or two, to a byte span of the kept text.

/// A unit other tools count text in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// Unicode scalar values (the REFI-QDA standard).
    CodePoint,
    /// UTF-16 code units (NVivo, Java tools such as DNA).
    Utf16,
}

impl Unit {
    fn width(self, c: char) -> usize {
        match self {
            Self::CodePoint => 1,
            Self::Utf16 => c.len_utf16(),
        }
    }
}

/// The code-point offset of byte offset `byte` of `text` (clamped to the text, moved back to a
/// character boundary).
pub fn code_points_at(text: &str, byte: usize) -> usize {
    let mut byte = byte.min(text.len());
    while !text.is_char_boundary(byte) {
        byte -= 1;
    }
    text[..byte].chars().count()
}

/// The byte offset of `units` units into `text`, or `None` past its end or inside a character.
pub fn byte_at(text: &str, units: usize, unit: Unit) -> Option<usize> {
    let mut counted = 0;
    for (byte, c) in text.char_indices() {
        if counted == units {
            return Some(byte);
        }
        if counted > units {
            return None;
        }
        counted += unit.width(c);
    }
    (counted == units).then_some(text.len())
}

/// A foreign text: as written (BOM removed) and as StanceMap keeps it — LF line ends (CRLF and
/// lone CR as LF) and Unicode NFC (a decomposed "e\u{301}" as "é"), so that quotes found in it
/// compare equal to the same words typed or pasted in StanceMap.
#[derive(Clone, Debug)]
pub struct SourceText {
    /// The text as the other tool had it, without a BOM.
    pub raw: String,
    /// The text with LF line ends, in NFC, as articles keep it.
    pub lf: String,
    /// Where `lf` is not a byte-for-byte copy of `raw`: a dropped carriage return, or a run of
    /// characters that NFC rewrote (sorted, disjoint). Everywhere else a raw byte maps to the LF
    /// byte by the shift the changes before it made.
    changes: Vec<Change>,
}

/// A byte range of the raw text and what it became in the LF text.
#[derive(Clone, Debug)]
struct Change {
    raw: std::ops::Range<usize>,
    lf: std::ops::Range<usize>,
}

/// True when normalisation can never join `c` to what comes before it: a starter (combining class
/// 0) that NFC keeps as it is (UAX #15, "stable code points"). The text before it and from it
/// normalise separately to the same result as together.
fn starts_a_run(c: char) -> bool {
    c.is_ascii()
        || (unicode_normalization::char::canonical_combining_class(c) == 0
            && unicode_normalization::is_nfc_quick(std::iter::once(c)) == unicode_normalization::IsNormalized::Yes)
}

impl SourceText {
    /// Decodes a text file (UTF-8 with or without BOM, or UTF-16 with a BOM; invalid bytes become
    /// U+FFFD) and makes its LF form.
    pub fn from_bytes(bytes: &[u8]) -> Self {
        let raw = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
            String::from_utf8_lossy(rest).into_owned()
        } else if bytes.starts_with(b"\xFF\xFE") {
            encoding_rs::UTF_16LE.decode_without_bom_handling(&bytes[2..]).0.into_owned()
        } else if bytes.starts_with(b"\xFE\xFF") {
            encoding_rs::UTF_16BE.decode_without_bom_handling(&bytes[2..]).0.into_owned()
        } else {
            String::from_utf8_lossy(bytes).into_owned()
        };
        Self::from_text(raw)
    }

    /// The LF + NFC form of `raw`.
    pub fn from_text(raw: String) -> Self {
        use unicode_normalization::UnicodeNormalization as _;
        let raw = raw.strip_prefix('\u{feff}').map(str::to_owned).unwrap_or(raw);
        // Most texts are NFC already: then only line ends change.
        let normalise = unicode_normalization::is_nfc_quick(raw.chars()) != unicode_normalization::IsNormalized::Yes;
        let mut lf = String::with_capacity(raw.len());
        let mut changes = Vec::new();
        let mut run_start = 0;
        let flush = |run: std::ops::Range<usize>, lf: &mut String, changes: &mut Vec<Change>| {
            let text = &raw[run.clone()];
            if !normalise || text.is_ascii() {
                lf.push_str(text);
                return;
            }
            let composed: String = text.nfc().collect();
            if composed != text {
                changes.push(Change { raw: run, lf: lf.len()..lf.len() + composed.len() });
            }
            lf.push_str(&composed);
        };
        let bytes = raw.as_bytes();
        for (byte, c) in raw.char_indices() {
            if c == '\r' {
                flush(run_start..byte, &mut lf, &mut changes);
                if bytes.get(byte + 1) == Some(&b'\n') {
                    changes.push(Change { raw: byte..byte + 1, lf: lf.len()..lf.len() });
                } else {
                    lf.push('\n');
                }
                run_start = byte + 1;
            } else if normalise && byte > run_start && starts_a_run(c) {
                flush(run_start..byte, &mut lf, &mut changes);
                run_start = byte;
            }
        }
        flush(run_start..raw.len(), &mut lf, &mut changes);
        Self { raw, lf, changes }
    }

    /// The LF byte offset of raw byte offset `raw_byte`; inside a run NFC rewrote, its start (or
    /// its end when `round_up`), so that a span keeps every character it touches.
    fn lf_byte(&self, raw_byte: usize, round_up: bool) -> usize {
        let before = self.changes.partition_point(|change| change.raw.start <= raw_byte);
        let Some(change) = before.checked_sub(1).and_then(|index| self.changes.get(index)) else {
            return raw_byte;
        };
        if raw_byte == change.raw.start {
            change.lf.start
        } else if raw_byte < change.raw.end {
            if round_up { change.lf.end } else { change.lf.start }
        } else {
            change.lf.end + (raw_byte - change.raw.end)
        }
    }

    /// The raw byte offset of `units` units into the raw text, counting it with CRLF as one line
    /// end (`over_lf`) or as written; `None` past the end or inside a character.
    fn raw_byte_at(&self, units: usize, unit: Unit, over_lf: bool) -> Option<usize> {
        if !over_lf {
            return byte_at(&self.raw, units, unit);
        }
        let bytes = self.raw.as_bytes();
        let mut counted = 0;
        for (byte, c) in self.raw.char_indices() {
            if c == '\r' && bytes.get(byte + 1) == Some(&b'\n') {
                continue;
            }
            if counted == units {
                return Some(byte);
            }
            if counted > units {
                return None;
            }
            counted += unit.width(c);
        }
        (counted == units).then_some(self.raw.len())
    }

    /// The byte span of the LF text for `start..end` counted in `unit` over the raw text with
    /// CRLF as two characters (`over_lf` false) or as one; `None` when out of range or empty.
    pub fn span(&self, start: usize, end: usize, unit: Unit, over_lf: bool) -> Option<(usize, usize)> {
        if end <= start {
            return None;
        }
        let start = self.raw_byte_at(start, unit, over_lf)?;
        let end = self.raw_byte_at(end, unit, over_lf)?;
        let (start, end) = (self.lf_byte(start, false), self.lf_byte(end, true));
        (end > start).then_some((start, end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_points_and_utf16_units_differ_on_emoji() {
        let text = "a😀b";
        assert_eq!(code_points_at(text, 5), 2);
        assert_eq!(byte_at(text, 2, Unit::CodePoint), Some(5));
        assert_eq!(byte_at(text, 3, Unit::Utf16), Some(5));
        assert_eq!(byte_at(text, 2, Unit::Utf16), None, "inside the surrogate pair");
        assert_eq!(byte_at(text, 3, Unit::CodePoint), Some(6));
        assert_eq!(byte_at(text, 4, Unit::CodePoint), None);
    }

    #[test]
    fn crlf_spans_map_to_the_lf_text() {
        let source = SourceText::from_bytes("\u{feff}one\r\ntwo\rthree".as_bytes());
        assert_eq!(source.raw, "one\r\ntwo\rthree");
        assert_eq!(source.lf, "one\ntwo\nthree");
        // "two" is code points 5..8 of the raw text, 4..7 of the LF text.
        let (start, end) = source.span(5, 8, Unit::CodePoint, false).unwrap();
        assert_eq!(&source.lf[start..end], "two");
        let (start, end) = source.span(4, 7, Unit::CodePoint, true).unwrap();
        assert_eq!(&source.lf[start..end], "two");
        let (start, end) = source.span(9, 14, Unit::Utf16, false).unwrap();
        assert_eq!(&source.lf[start..end], "three");
    }

    #[test]
    fn decomposed_text_is_kept_composed_and_spans_follow() {
        // "Café né" with decomposed accents and a CRLF; DNA counts UTF-16 units over it.
        let raw = "Cafe\u{301} ne\u{301}\r\nfin";
        let source = SourceText::from_text(raw.to_owned());
        assert_eq!(source.lf, "Café né\nfin");
        // "ne\u{301}" is units 6..9 of the raw text.
        let (start, end) = source.span(6, 9, Unit::Utf16, false).unwrap();
        assert_eq!(&source.lf[start..end], "né");
        // "fin" after the CRLF: units 11..14 as written, 10..13 counted with CRLF as one.
        let (start, end) = source.span(11, 14, Unit::CodePoint, false).unwrap();
        assert_eq!(&source.lf[start..end], "fin");
        let (start, end) = source.span(10, 13, Unit::CodePoint, true).unwrap();
        assert_eq!(&source.lf[start..end], "fin");
        // A span ending between "e" and its accent keeps the whole "é".
        let (start, end) = source.span(0, 4, Unit::CodePoint, false).unwrap();
        assert_eq!(&source.lf[start..end], "Café");
    }

    #[test]
    fn hangul_jamo_compose_and_text_already_nfc_is_untouched() {
        let source = SourceText::from_text("\u{1100}\u{1161} 😀 שלום".to_owned());
        assert_eq!(source.lf, "가 😀 שלום");
        let (start, end) = source.span(3, 4, Unit::CodePoint, false).unwrap();
        assert_eq!(&source.lf[start..end], "😀");
        let already = "Ünïcödé ok\n";
        assert_eq!(SourceText::from_text(already.to_owned()).lf, already);
    }
}
