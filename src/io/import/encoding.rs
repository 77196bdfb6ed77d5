//! Bytes of unknown encoding to text, shared by the plain-text, Markdown and HTML importers.
//!
//! Owns the order of evidence: a byte-order mark (UTF-8, UTF-16LE/BE, UTF-32LE/BE); BOM-less
//! UTF-32 and UTF-16 recognised by their zero-byte pattern; 7-bit ISO-2022-JP recognised by its
//! escape sequences (which `chardetng` does not look for, and which are also valid ASCII); then a
//! declaration the caller found (an HTML `<meta charset>`), strict UTF-8, and finally
//! `chardetng`'s guess (Shift_JIS, EUC-JP, EUC-KR, GB18030, Big5, KOI8-R, Windows-125x …)
//! decoded with `encoding_rs`. Decoding never fails: undecodable bytes become U+FFFD.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE};

/// A Unicode encoding form recognised from a BOM or from the zero-byte pattern.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnicodeForm {
    /// UTF-8 (only with a BOM).
    Utf8,
    /// UTF-16 little endian.
    Utf16Le,
    /// UTF-16 big endian.
    Utf16Be,
    /// UTF-32 little endian.
    Utf32Le,
    /// UTF-32 big endian.
    Utf32Be,
}

/// The Unicode form of `bytes` and the length of its BOM (0 when recognised by pattern).
pub fn unicode_form(bytes: &[u8]) -> Option<(UnicodeForm, usize)> {
    if bytes.starts_with(b"\xFF\xFE\0\0") {
        return Some((UnicodeForm::Utf32Le, 4));
    }
    if bytes.starts_with(b"\0\0\xFE\xFF") {
        return Some((UnicodeForm::Utf32Be, 4));
    }
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        return Some((UnicodeForm::Utf8, 3));
    }
    if bytes.starts_with(b"\xFF\xFE") {
        return Some((UnicodeForm::Utf16Le, 2));
    }
    if bytes.starts_with(b"\xFE\xFF") {
        return Some((UnicodeForm::Utf16Be, 2));
    }
    utf32_without_bom(bytes).or_else(|| utf16_without_bom(bytes)).map(|f| (f, 0))
}

/// Decode `bytes`; `declared` is an encoding the document names for itself (HTML meta), used
/// after the BOM and pattern checks and before UTF-8 validation and detection.
pub fn decode(bytes: &[u8], declared: Option<&'static Encoding>) -> String {
    if let Some((form, skip)) = unicode_form(bytes) {
        return decode_unicode(form, &bytes[skip..]);
    }
    if is_iso_2022_jp(bytes) {
        return encoding_rs::ISO_2022_JP.decode_without_bom_handling(bytes).0.into_owned();
    }
    if let Some(enc) = declared {
        return enc.decode_without_bom_handling(bytes).0.into_owned();
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return s.to_owned();
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Allow);
    detector.feed(bytes, true);
    let enc = detector.guess(None, chardetng::Utf8Detection::Allow);
    enc.decode_without_bom_handling(bytes).0.into_owned()
}

/// Decode bytes (after any BOM) in a known Unicode form.
pub fn decode_unicode(form: UnicodeForm, bytes: &[u8]) -> String {
    match form {
        UnicodeForm::Utf8 => String::from_utf8_lossy(bytes).into_owned(),
        UnicodeForm::Utf16Le => UTF_16LE.decode_without_bom_handling(bytes).0.into_owned(),
        UnicodeForm::Utf16Be => UTF_16BE.decode_without_bom_handling(bytes).0.into_owned(),
        UnicodeForm::Utf32Le | UnicodeForm::Utf32Be => bytes
            .chunks(4)
            .map(|c| {
                let Ok(quad) = <[u8; 4]>::try_from(c) else { return '\u{FFFD}' };
                let n = if form == UnicodeForm::Utf32Le { u32::from_le_bytes(quad) } else { u32::from_be_bytes(quad) };
                char::from_u32(n).unwrap_or('\u{FFFD}')
            })
            .collect(),
    }
}

/// 7-bit data with ISO-2022-JP's escape into JIS X 0208 (`ESC $ B`, `ESC $ @`) or JIS X 0201
/// (`ESC ( J`).
fn is_iso_2022_jp(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(64 * 1024)];
    if sample.iter().any(|b| *b >= 0x80 || *b == 0) {
        return false;
    }
    let escapes: [&[u8]; 3] = [b"\x1b$B", b"\x1b$@", b"\x1b(J"];
    escapes.iter().any(|e| memchr::memmem::find(sample, e).is_some())
}

/// Sample of whole code units from the start of `bytes`.
fn sample(bytes: &[u8], unit: usize) -> &[u8] {
    let n = bytes.len().min(4096);
    &bytes[..n - n % unit]
}

/// BOM-less UTF-16 from the pattern of zero bytes (Latin text has a zero high byte).
fn utf16_without_bom(bytes: &[u8]) -> Option<UnicodeForm> {
    let sample = sample(bytes, 2);
    let pairs = sample.len() / 2;
    if pairs < 4 {
        return None;
    }
    let even_zero = sample.iter().step_by(2).filter(|b| **b == 0).count();
    let odd_zero = sample.iter().skip(1).step_by(2).filter(|b| **b == 0).count();
    if odd_zero * 10 > pairs * 4 && even_zero * 20 < pairs {
        Some(UnicodeForm::Utf16Le)
    } else if even_zero * 10 > pairs * 4 && odd_zero * 20 < pairs {
        Some(UnicodeForm::Utf16Be)
    } else {
        None
    }
}

/// BOM-less UTF-32: every code unit has a zero top byte and most have zeros in both high bytes.
fn utf32_without_bom(bytes: &[u8]) -> Option<UnicodeForm> {
    let sample = sample(bytes, 4);
    let units = sample.len() / 4;
    if units < 4 {
        return None;
    }
    let quads = || sample.chunks_exact(4);
    let le =
        quads().all(|q| q[3] == 0 && q[2] <= 0x10) && quads().filter(|q| q[1] == 0 && q[0] != 0).count() * 2 > units;
    let be =
        quads().all(|q| q[0] == 0 && q[1] <= 0x10) && quads().filter(|q| q[2] == 0 && q[3] != 0).count() * 2 > units;
    match (le, be) {
        (true, false) => Some(UnicodeForm::Utf32Le),
        (false, true) => Some(UnicodeForm::Utf32Be),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "Caf\u{e9} \u{201C}quoted\u{201D} \u{1F600} \u{65E5}\u{672C}";

    fn utf32(s: &str, le: bool) -> Vec<u8> {
        s.chars().flat_map(|c| if le { (c as u32).to_le_bytes() } else { (c as u32).to_be_bytes() }).collect()
    }

    #[test]
    fn utf32_with_and_without_bom() {
        let mut le = b"\xFF\xFE\0\0".to_vec();
        le.extend(utf32(SAMPLE, true));
        assert_eq!(decode(&le, None), SAMPLE);
        let mut be = b"\0\0\xFE\xFF".to_vec();
        be.extend(utf32(SAMPLE, false));
        assert_eq!(decode(&be, None), SAMPLE);
        assert_eq!(decode(&utf32(SAMPLE, true), None), SAMPLE);
        assert_eq!(decode(&utf32(SAMPLE, false), None), SAMPLE);
    }

    #[test]
    fn utf16_without_bom_by_pattern() {
        let le: Vec<u8> = "<html><p>caf\u{e9}</p>".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(unicode_form(&le), Some((UnicodeForm::Utf16Le, 0)));
        assert_eq!(decode(&le, None), "<html><p>caf\u{e9}</p>");
    }

    #[test]
    fn iso_2022_jp_by_escape_sequences() {
        let (bytes, _, _) =
            encoding_rs::ISO_2022_JP.encode("\u{65E5}\u{672C}\u{8A9E}\u{306E}\u{6587}\u{7AE0} and ASCII");
        assert!(std::str::from_utf8(&bytes).is_ok(), "ISO-2022-JP is 7-bit, so also valid UTF-8");
        assert_eq!(decode(&bytes, None), "\u{65E5}\u{672C}\u{8A9E}\u{306E}\u{6587}\u{7AE0} and ASCII");
        assert_eq!(decode(b"plain \x1b[1mANSI\x1b[0m", None), "plain \x1b[1mANSI\x1b[0m");
    }

    #[test]
    fn legacy_encodings_detected() {
        let cases = [
            (
                encoding_rs::SHIFT_JIS,
                "\u{3053}\u{308C}\u{306F}\u{65E5}\u{672C}\u{8A9E}\u{306E}\u{6587}\u{7AE0}\u{3067}\u{3059}\u{3002}\u{6771}\u{4EAC}\u{3067}\u{4F1A}\u{8B70}\u{304C}\u{958B}\u{304B}\u{308C}\u{305F}\u{3002}",
            ),
            (
                encoding_rs::EUC_KR,
                "\u{D55C}\u{AD6D}\u{C5B4} \u{BB38}\u{C7A5}\u{C785}\u{B2C8}\u{B2E4}. \u{C11C}\u{C6B8}\u{C5D0}\u{C11C} \u{D68C}\u{C758}\u{AC00} \u{C5F4}\u{B838}\u{C2B5}\u{B2C8}\u{B2E4}.",
            ),
            (
                encoding_rs::GB18030,
                "\u{8FD9}\u{662F}\u{4E2D}\u{6587}\u{6587}\u{7AE0}\u{3002}\u{4F1A}\u{8BAE}\u{5728}\u{5317}\u{4EAC}\u{4E3E}\u{884C}\u{FF0C}\u{4EE3}\u{8868}\u{4EEC}\u{8BA8}\u{8BBA}\u{4E86}\u{548C}\u{5E73}\u{95EE}\u{9898}\u{3002}",
            ),
            (
                encoding_rs::KOI8_R,
                "\u{41F}\u{435}\u{440}\u{435}\u{433}\u{43E}\u{432}\u{43E}\u{440}\u{44B} \u{43E} \u{43C}\u{438}\u{440}\u{435} \u{43F}\u{440}\u{43E}\u{434}\u{43E}\u{43B}\u{436}\u{430}\u{442}\u{441}\u{44F} \u{432} \u{416}\u{435}\u{43D}\u{435}\u{432}\u{435} \u{43D}\u{430} \u{44D}\u{442}\u{43E}\u{439} \u{43D}\u{435}\u{434}\u{435}\u{43B}\u{435}.",
            ),
            (
                encoding_rs::WINDOWS_1251,
                "\u{41F}\u{435}\u{440}\u{435}\u{433}\u{43E}\u{432}\u{43E}\u{440}\u{44B} \u{43E} \u{43C}\u{438}\u{440}\u{435} \u{43F}\u{440}\u{43E}\u{434}\u{43E}\u{43B}\u{436}\u{430}\u{442}\u{441}\u{44F} \u{432} \u{416}\u{435}\u{43D}\u{435}\u{432}\u{435} \u{43D}\u{430} \u{44D}\u{442}\u{43E}\u{439} \u{43D}\u{435}\u{434}\u{435}\u{43B}\u{435}.",
            ),
            (
                encoding_rs::WINDOWS_1252,
                "The envoy\u{2019}s \u{201C}first step\u{201D} \u{2013} a caf\u{e9} meeting in M\u{fc}nchen.",
            ),
        ];
        for (enc, text) in cases {
            let (bytes, _, _) = enc.encode(text);
            assert_eq!(decode(&bytes, None), text, "{}", enc.name());
        }
    }

    #[test]
    fn declaration_used_after_bom() {
        assert_eq!(decode(b"caf\xe9", Some(encoding_rs::WINDOWS_1252)), "caf\u{e9}");
        assert_eq!(decode("\u{FEFF}caf\u{e9}".as_bytes(), Some(encoding_rs::WINDOWS_1252)), "caf\u{e9}");
    }
}
