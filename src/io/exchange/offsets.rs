//! Offsets at the exchange edge: StanceMap's byte offsets into the LF text ↔ other tools' units.
//!
//! REFI-QDA counts Unicode code points; NVivo counts UTF-16 code units over its file with CRLF as
//! two and the BOM excluded; DNA counts UTF-16 code units. [`SourceText`] holds a foreign text as
//! it was (BOM removed) and as StanceMap keeps it (LF line ends), and maps a span in any unit over
//! either form to a byte span of the LF text.

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

/// A foreign text: as written (BOM removed) and as StanceMap keeps it (CRLF and lone CR as LF).
#[derive(Clone, Debug)]
pub struct SourceText {
    /// The text as the other tool had it, without a BOM.
    pub raw: String,
    /// The text with LF line ends, as articles keep it.
    pub lf: String,
    /// Byte offsets in `raw` of each carriage return dropped from `lf` (sorted).
    dropped: Vec<usize>,
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

    /// The LF form of `raw`.
    pub fn from_text(raw: String) -> Self {
        let raw = raw.strip_prefix('\u{feff}').map(str::to_owned).unwrap_or(raw);
        let mut lf = String::with_capacity(raw.len());
        let mut dropped = Vec::new();
        let bytes = raw.as_bytes();
        for (byte, c) in raw.char_indices() {
            if c == '\r' {
                if bytes.get(byte + 1) == Some(&b'\n') {
                    dropped.push(byte);
                } else {
                    lf.push('\n');
                }
            } else {
                lf.push(c);
            }
        }
        Self { raw, lf, dropped }
    }

    /// The LF byte offset of raw byte offset `raw_byte`.
    fn lf_byte(&self, raw_byte: usize) -> usize {
        raw_byte - self.dropped.partition_point(|&dropped| dropped < raw_byte)
    }

    /// The byte span of the LF text for `start..end` counted in `unit` over the raw text
    /// (`over_lf` false) or over the LF text; `None` when out of range or empty.
    pub fn span(&self, start: usize, end: usize, unit: Unit, over_lf: bool) -> Option<(usize, usize)> {
        if end <= start {
            return None;
        }
        if over_lf {
            let start = byte_at(&self.lf, start, unit)?;
            let end = byte_at(&self.lf, end, unit)?;
            return Some((start, end));
        }
        let start = byte_at(&self.raw, start, unit)?;
        let end = byte_at(&self.raw, end, unit)?;
        Some((self.lf_byte(start), self.lf_byte(end)))
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
}
