//! Bytes to text: BOM or UTF-16/32 pattern, then the page's own `<meta charset>` declaration,
//! then UTF-8, then detection (the shared order is in `io::import::encoding`).

use encoding_rs::{Encoding, UTF_8};

/// How many bytes at the start of a page are searched for a `<meta charset>` declaration
/// (the HTML standard's prescan looks at 1024; real pages often put it later).
const PRESCAN_BYTES: usize = 4096;

/// Decode an HTML page to a `String`, never failing (undecodable bytes become U+FFFD): a BOM or
/// the UTF-16/32 byte pattern first, then the page's own declaration, then UTF-8 and detection.
pub(super) fn decode_html(bytes: &[u8]) -> String {
    let declared = declared_encoding(&bytes[..bytes.len().min(PRESCAN_BYTES)]);
    crate::io::import::encoding::decode(bytes, declared)
}

/// The encoding named by `<meta charset=...>` or `<meta http-equiv="Content-Type"
/// content="...; charset=...">` in `head`, if any. As the HTML standard requires, a declared
/// UTF-16 means UTF-8 (the bytes were evidently read as ASCII) and x-user-defined means
/// windows-1252.
fn declared_encoding(head: &[u8]) -> Option<&'static Encoding> {
    let lower = head.to_ascii_lowercase();
    let mut from = 0;
    while let Some(pos) = find(&lower[from..], b"<meta") {
        let start = from + pos;
        let end = lower[start..].iter().position(|&b| b == b'>').map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(cs) = find(tag, b"charset") {
            let mut rest = &tag[cs + b"charset".len()..];
            rest = trim_start(rest);
            if let Some(r) = rest.strip_prefix(b"=") {
                let r = trim_start(r);
                let r = r.strip_prefix(b"\"").or_else(|| r.strip_prefix(b"'")).unwrap_or(r);
                let label_len = r
                    .iter()
                    .position(|&b| matches!(b, b'"' | b'\'' | b';' | b' ' | b'/' | b'\t' | b'\n' | b'\r'))
                    .unwrap_or(r.len());
                if let Some(encoding) = Encoding::for_label(&r[..label_len]) {
                    return Some(adjust(encoding));
                }
            }
        }
        from = end.max(start + 1);
        if from >= lower.len() {
            break;
        }
    }
    None
}

fn adjust(encoding: &'static Encoding) -> &'static Encoding {
    if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
        UTF_8
    } else if encoding == encoding_rs::X_USER_DEFINED {
        encoding_rs::WINDOWS_1252
    } else {
        encoding
    }
}

fn trim_start(s: &[u8]) -> &[u8] {
    let n = s.iter().take_while(|b| b.is_ascii_whitespace()).count();
    &s[n..]
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || haystack.len() < needle.len() {
        return None;
    }
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn honours_meta_charset_windows_1252() {
        let page = b"<html><head><meta charset=\"windows-1252\"></head><body>\x93Hi\x94 caf\xe9</body></html>";
        assert!(decode_html(page).contains("\u{201c}Hi\u{201d} caf\u{e9}"));
    }

    #[test]
    fn honours_http_equiv() {
        let page = b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\"><p>caf\xe9</p>";
        assert!(decode_html(page).contains("caf\u{e9}"));
    }

    #[test]
    fn bom_wins_over_declaration() {
        let mut page = vec![0xEF, 0xBB, 0xBF];
        page.extend_from_slice("<meta charset=\"windows-1252\"><p>caf\u{e9}</p>".as_bytes());
        assert!(decode_html(&page).contains("caf\u{e9}"));
    }

    #[test]
    fn utf16_declaration_means_utf8() {
        let page = "<meta charset=\"utf-16\"><p>caf\u{e9}</p>".as_bytes();
        assert!(decode_html(page).contains("caf\u{e9}"));
    }

    #[test]
    fn utf16_without_bom_is_decoded() {
        let page: Vec<u8> = "<html><meta charset=\"utf-16le\"><p>caf\u{e9}</p></html>"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert!(decode_html(&page).contains("<p>caf\u{e9}</p>"));
    }

    #[test]
    fn undeclared_non_utf8_is_detected() {
        let page = b"<p>Le gar\xe7on a mang\xe9 une cr\xeape \xe0 la fran\xe7aise, c'\xe9tait d\xe9licieux.</p>";
        assert!(decode_html(page).contains("gar\u{e7}on"));
    }
}
