//! A new cross-reference table for PDFs whose own is broken.
//!
//! Hand-written and damaged PDFs often carry byte offsets in their `xref` table that point at
//! the wrong place, or no usable trailer at all; `lopdf` then refuses the file ("invalid file
//! trailer") although every object is intact, and poppler reads it by scanning. This module does
//! the same scan: it finds every `N G obj` at the start of a line, takes the one holding
//! `/Type /Catalog` as the root, and appends a fresh `xref` table and trailer after the file's
//! end (as an incremental update would), so the reader starts from a table that is right.

/// Most objects a rebuilt table may list (a bound on the work for hostile files).
const MAX_OBJECTS: u32 = 500_000;

/// The file with a rebuilt cross-reference table appended, or `None` when no catalog object
/// can be found.
pub(super) fn with_rebuilt_xref(data: &[u8]) -> Option<Vec<u8>> {
    let fixed = with_stream_lengths_fixed(data);
    let data = fixed.as_slice();
    let mut offsets: Vec<Option<usize>> = Vec::new();
    let mut root = None;
    let mut line_start = 0usize;
    while line_start < data.len() {
        let line_end = memchr::memchr2(b'\n', b'\r', &data[line_start..]).map_or(data.len(), |e| line_start + e);
        if let Some(id) = object_header(&data[line_start..line_end]) {
            let index = usize::try_from(id).ok()?;
            if offsets.len() <= index {
                offsets.resize(index + 1, None);
            }
            // A later definition of the same object wins, as in an incremental update.
            offsets[index] = Some(line_start);
            let body_end = memchr::memmem::find(&data[line_start..], b"endobj").map_or(data.len(), |e| line_start + e);
            let body = &data[line_start..body_end];
            if memchr::memmem::find(body, b"/Catalog").is_some() && memchr::memmem::find(body, b"/Type").is_some() {
                root = Some(id);
            }
        }
        line_start = line_end + 1;
    }
    let root = root?;
    let mut out = data.to_vec();
    out.extend_from_slice(b"\n");
    let xref_at = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f\r\n", offsets.len().max(1)).as_bytes());
    for offset in offsets.iter().skip(1) {
        let entry = match offset {
            Some(at) => format!("{at:010} 00000 n\r\n"),
            None => "0000000000 65535 f\r\n".to_owned(),
        };
        out.extend_from_slice(entry.as_bytes());
    }
    let trailer =
        format!("trailer\n<< /Size {} /Root {root} 0 R >>\nstartxref\n{xref_at}\n%%EOF\n", offsets.len().max(1));
    out.extend_from_slice(trailer.as_bytes());
    Some(out)
}

/// `data` with every direct `/Length N` of a stream that disagrees with where its `endstream`
/// is set to the real length, as poppler reads such files: a hand-edited PDF whose stream grew or
/// shrank otherwise loses that stream (and a page's whole text with it). Streams whose length is
/// right, or given by reference, are left alone.
fn with_stream_lengths_fixed(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len());
    let mut copied = 0usize;
    let mut search = 0usize;
    while let Some(found) = memchr::memmem::find(&data[search..], b"stream") {
        let at = search + found;
        search = at + 6;
        // `stream` as a keyword after a dictionary (not the end of `endstream`).
        if at >= 3 && &data[at - 3..at] == b"end" {
            continue;
        }
        let start = match data.get(at + 6..at + 8) {
            Some([b'\r', b'\n']) => at + 8,
            Some([b'\n', _]) | Some([b'\n']) => at + 7,
            _ => continue,
        };
        // The stream's dictionary: from its object's `obj` keyword (at most 4 KiB back).
        let window_start = copied.max(at.saturating_sub(4096));
        let dict_start =
            memchr::memmem::rfind(&data[window_start..at], b"obj").map_or(window_start, |o| window_start + o);
        let Some(key) = memchr::memmem::rfind(&data[dict_start..at], b"/Length") else { continue };
        let num_start = dict_start + key + 7;
        let digits_from = num_start + data[num_start..at].iter().take_while(|b| b.is_ascii_whitespace()).count();
        let digits = data[digits_from..at].iter().take_while(|b| b.is_ascii_digit()).count();
        if digits == 0 || digits > 12 {
            continue;
        }
        // A reference (`/Length 7 0 R`) is left to the reader.
        let after = &data[digits_from + digits..at];
        let after_trim = after.iter().skip_while(|b| b.is_ascii_whitespace()).copied().collect::<Vec<u8>>();
        if after_trim.first().is_some_and(u8::is_ascii_digit) {
            continue;
        }
        let Ok(declared) = std::str::from_utf8(&data[digits_from..digits_from + digits]).unwrap_or("").parse::<usize>()
        else {
            continue;
        };
        // The declared length is right when `endstream` follows it (whatever the stream holds).
        let declared_end = data.get(start + declared..).unwrap_or_default();
        let skip = declared_end.iter().take_while(|b| b.is_ascii_whitespace()).count();
        if declared_end[skip..].starts_with(b"endstream") {
            continue;
        }
        let Some(end) = memchr::memmem::find(&data[start..], b"endstream").map(|e| start + e) else { continue };
        let ends_right = |len: usize| {
            let rest = data.get(start + len..end).unwrap_or(b"x");
            start + len <= end && rest.iter().all(u8::is_ascii_whitespace)
        };
        if ends_right(declared) {
            continue;
        }
        let mut actual = end - start;
        while actual > 0 && matches!(data[start + actual - 1], b'\n' | b'\r') {
            actual -= 1;
        }
        out.extend_from_slice(&data[copied..digits_from]);
        out.extend_from_slice(actual.to_string().as_bytes());
        copied = digits_from + digits;
        search = end + 9;
    }
    out.extend_from_slice(&data[copied..]);
    out
}

/// The object number of a line that starts an object (`12 0 obj`), within [`MAX_OBJECTS`].
fn object_header(line: &[u8]) -> Option<u32> {
    let text = std::str::from_utf8(line.get(..line.len().min(40))?).ok()?;
    let mut words = text.split_ascii_whitespace();
    let id: u32 = words.next()?.parse().ok()?;
    let generation: u32 = words.next()?.parse().ok()?;
    let keyword = words.next()?;
    (keyword.starts_with("obj") && generation < 65_535 && id > 0 && id < MAX_OBJECTS).then_some(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_objects_and_the_catalog() {
        assert_eq!(object_header(b"12 0 obj"), Some(12));
        assert_eq!(object_header(b"1 0 obj<< /Type /Catalog >>"), Some(1));
        assert_eq!(object_header(b"BT 12 Tf"), None);
        let pdf =
            b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages >>\nendobj\n";
        let fixed = with_rebuilt_xref(pdf).unwrap_or_default();
        let tail = String::from_utf8_lossy(&fixed[pdf.len()..]).into_owned();
        assert!(tail.contains("0000000009 00000 n\r\n"), "{tail}");
        assert!(tail.contains("/Root 1 0 R"), "{tail}");
        assert_eq!(with_rebuilt_xref(b"%PDF-1.4\n1 0 obj\n<< >>\nendobj\n"), None);
    }

    #[test]
    fn wrong_stream_lengths_are_set_right() {
        let wrong = b"5 0 obj\n<< /Length 56 >>\nstream\nBT (test example) Tj ET\nendstream\nendobj\n";
        let fixed = with_stream_lengths_fixed(wrong);
        assert_eq!(
            String::from_utf8_lossy(&fixed),
            "5 0 obj\n<< /Length 23 >>\nstream\nBT (test example) Tj ET\nendstream\nendobj\n"
        );
        let right = b"<< /Length 23 >>\nstream\nBT (test example) Tj ET\nendstream\n";
        assert_eq!(with_stream_lengths_fixed(right), right.to_vec());
        let reference = b"<< /Length 7 0 R >>\nstream\nabc\nendstream\n";
        assert_eq!(with_stream_lengths_fixed(reference), reference.to_vec());
    }
}
