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
}
