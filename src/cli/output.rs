//! Printing helpers the tools share: numbers rounded for tables and plain-text tables. They write
//! to any `std::io::Write`, so a tool passes its locked stdout and a test a `Vec<u8>`.

/// A number for tables: at most two decimals, trailing zeros dropped ("82.22", "100", "0.5").
pub fn number(value: f64) -> String {
    if !value.is_finite() {
        return value.to_string();
    }
    let text = format!("{value:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" { "0".into() } else { text.to_owned() }
}

/// Writes a plain-text table: the first `text_columns` columns left-aligned, the others (numbers)
/// right-aligned, two spaces between columns.
pub fn write_table(
    out: &mut impl std::io::Write,
    header: &[&str],
    rows: &[Vec<String>],
    text_columns: usize,
) -> std::io::Result<()> {
    let mut widths: Vec<usize> = header.iter().map(|cell| cell.chars().count()).collect();
    for row in rows {
        for (index, cell) in row.iter().enumerate() {
            if let Some(width) = widths.get_mut(index) {
                *width = (*width).max(cell.chars().count());
            }
        }
    }
    let line = |cells: &mut dyn Iterator<Item = &str>| -> String {
        let mut text = String::new();
        for (index, cell) in cells.enumerate() {
            let width = widths.get(index).copied().unwrap_or(0);
            let pad = " ".repeat(width.saturating_sub(cell.chars().count()));
            if index > 0 {
                text.push_str("  ");
            }
            if index < text_columns {
                text.push_str(cell);
                text.push_str(&pad);
            } else {
                text.push_str(&pad);
                text.push_str(cell);
            }
        }
        text.trim_end().to_owned()
    };
    writeln!(out, "{}", line(&mut header.iter().copied()))?;
    for row in rows {
        writeln!(out, "{}", line(&mut row.iter().map(String::as_str)))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_drop_trailing_zeros_and_negative_zero() {
        assert_eq!(number(82.222), "82.22");
        assert_eq!(number(100.0), "100");
        assert_eq!(number(0.5), "0.5");
        assert_eq!(number(-0.001), "0");
        assert_eq!(number(f64::NAN), "NaN");
    }

    #[test]
    fn tables_align_text_left_and_numbers_right() {
        let mut out = Vec::new();
        let rows = vec![vec!["Russia".to_owned(), "5".to_owned()], vec!["EU".to_owned(), "10.5".to_owned()]];
        write_table(&mut out, &["actor", "n"], &rows, 1).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "actor      n\nRussia     5\nEU      10.5\n");
    }
}
