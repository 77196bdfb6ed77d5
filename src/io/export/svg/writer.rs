//! The SVG writer the figures share: colours, font sizes, number formatting, XML escaping, text
//! width estimates and a small document builder.
//!
//! Rules: every number goes through [`num`] (at most two decimals, so the same figure is the same
//! bytes), every piece of user text through [`escape`]; text widths are estimated from
//! Helvetica/Arial metrics, a little generously, so [`fit`] shortens labels with "…" before they
//! run into the frame.

use crate::figure::LegendEntry;
use crate::model::IssueId;

pub(super) const FONT: &str = "Helvetica, Arial, sans-serif";
pub(super) const TEXT: &str = "#222222";
pub(super) const MUTED: &str = "#595959";
pub(super) const GRID: &str = "#e3e3e3";
pub(super) const AXIS: &str = "#a6a6a6";
pub(super) const FRAME: &str = "#8c8c8c";
pub(super) const SEPARATOR: &str = "#eeeeee";

/// Font sizes (px).
pub(super) const TITLE_SIZE: f64 = 14.0;
pub(super) const HEADING_SIZE: f64 = 13.0;
pub(super) const LABEL_SIZE: f64 = 12.0;

/// Space (px) between the figure's edge and the title, caption and legend.
pub(super) const MARGIN: f64 = 24.0;

/// Escapes `text` for XML content and attribute values (`& < > " '`); tabs and line breaks become
/// spaces and characters XML 1.0 does not allow (other control characters) are dropped.
pub fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&apos;"),
            '\t' | '\n' | '\r' => escaped.push(' '),
            '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}' => escaped.push(ch),
            _ => {}
        }
    }
    escaped
}

/// A coordinate or value with at most two decimals, trailing zeros dropped ("400", "12.5", "-2.25").
pub(super) fn num(value: f64) -> String {
    if !value.is_finite() {
        return "0".into();
    }
    let text = format!("{value:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" { "0".into() } else { text.to_owned() }
}

pub(super) fn or<'a>(text: &'a str, fallback: &'a str) -> &'a str {
    if text.trim().is_empty() { fallback } else { text }
}

/// Estimated advance width of one character in Helvetica/Arial, in em (a little generous).
fn char_em(ch: char) -> f64 {
    match ch {
        ' ' => 0.28,
        'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' => 0.25,
        'f' | 't' | 'r' | 'I' | '(' | ')' | '-' => 0.36,
        'm' | 'w' | 'M' | 'W' | '%' | '@' => 0.9,
        'A'..='Z' | '…' | '–' | '—' => 0.72,
        _ if u32::from(ch) >= 0x2E80 => 1.0,
        _ => 0.57,
    }
}

fn em_scale(size: f64, bold: bool) -> f64 {
    size * if bold { 1.06 } else { 1.0 }
}

/// Estimated advance width of `text` at `size` px.
pub(super) fn text_width(text: &str, size: f64, bold: bool) -> f64 {
    text.chars().map(char_em).sum::<f64>() * em_scale(size, bold)
}

/// `text` (trimmed), shortened with "…" to fit `max_width`.
pub(super) fn fit(text: &str, size: f64, bold: bool, max_width: f64) -> String {
    let text = text.trim();
    if text_width(text, size, bold) <= max_width {
        return text.to_owned();
    }
    let budget = max_width / em_scale(size, bold) - char_em('…');
    let mut used = 0.0;
    let mut end = 0;
    for (index, ch) in text.char_indices() {
        used += char_em(ch);
        if used > budget {
            break;
        }
        end = index + ch.len_utf8();
    }
    format!("{}…", text[..end].trim_end())
}

/// An axis-aligned box in SVG pixels.
#[derive(Clone, Copy, Debug)]
pub(super) struct Area {
    pub(super) left: f64,
    pub(super) top: f64,
    pub(super) right: f64,
    pub(super) bottom: f64,
}

impl Area {
    pub(super) fn around(x: f64, y: f64, radius: f64) -> Self {
        Self { left: x - radius, top: y - radius, right: x + radius, bottom: y + radius }
    }

    /// The same box shifted as little as possible to lie inside `bounds` (if it is small enough).
    pub(super) fn moved_inside(self, bounds: &Area) -> Self {
        let dx = (bounds.left - self.left).max(0.0) + (bounds.right - self.right).min(0.0);
        let dy = (bounds.top - self.top).max(0.0) + (bounds.bottom - self.bottom).min(0.0);
        Self { left: self.left + dx, top: self.top + dy, right: self.right + dx, bottom: self.bottom + dy }
    }

    pub(super) fn overlaps(&self, other: &Area) -> bool {
        self.left < other.right && other.left < self.right && self.top < other.bottom && other.top < self.bottom
    }
}

/// An SVG document being written.
pub(super) struct Svg {
    out: String,
}

impl Svg {
    pub(super) fn new(width: f64, height: f64, title: &str, description: &str) -> Self {
        let (width, height) = (num(width), num(height));
        let mut out = String::with_capacity(16 * 1024);
        out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        out.push_str(&format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" \
             font-family=\"{FONT}\" role=\"img\" aria-labelledby=\"figure-title figure-desc\">\n"
        ));
        out.push_str(&format!("<title id=\"figure-title\">{}</title>\n", escape(title.trim())));
        out.push_str(&format!("<desc id=\"figure-desc\">{}</desc>\n", escape(description.trim())));
        out.push_str(&format!("<rect width=\"{width}\" height=\"{height}\" fill=\"#ffffff\"/>\n"));
        Self { out }
    }

    /// The title (bold) and caption lines at the top left, each shortened to the figure's width.
    pub(super) fn heading(&mut self, title: &str, caption: &str, width: f64) {
        let available = width - 2.0 * MARGIN;
        if !title.trim().is_empty() {
            let title = fit(title, TITLE_SIZE, true, available);
            self.text(MARGIN, 22.0, TITLE_SIZE, "start", "bold", TEXT, &title);
        }
        if !caption.trim().is_empty() {
            let caption = fit(caption, LABEL_SIZE, false, available);
            self.text(MARGIN, 40.0, LABEL_SIZE, "start", "", MUTED, &caption);
        }
    }

    pub(super) fn push(&mut self, element: &str) {
        self.out.push_str(element);
        self.out.push('\n');
    }

    pub(super) fn open_group(&mut self, class: &str, attributes: &str) {
        self.push(&format!("<g class=\"{class}\"{attributes}>"));
    }

    pub(super) fn close_group(&mut self) {
        self.push("</g>");
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn text(&mut self, x: f64, y: f64, size: f64, anchor: &str, weight: &str, fill: &str, text: &str) {
        let weight = if weight.is_empty() { String::new() } else { format!(" font-weight=\"{weight}\"") };
        self.push(&format!(
            "<text x=\"{}\" y=\"{}\" font-size=\"{}\" text-anchor=\"{anchor}\"{weight} fill=\"{fill}\">{}</text>",
            num(x),
            num(y),
            num(size),
            escape(text)
        ));
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn line(&mut self, x1: f64, y1: f64, x2: f64, y2: f64, stroke: &str, width: f64) {
        self.push(&format!(
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{stroke}\" stroke-width=\"{}\"/>",
            num(x1),
            num(y1),
            num(x2),
            num(y2),
            num(width)
        ));
    }

    pub(super) fn rect(&mut self, x: f64, y: f64, width: f64, height: f64, stroke: &str) {
        self.push(&format!(
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"{stroke}\" stroke-width=\"1\"/>",
            num(x),
            num(y),
            num(width),
            num(height)
        ));
    }

    /// A thin translucent bar with end caps from (x1, y1) to (x2, y2) (horizontal or vertical).
    pub(super) fn spread_bar(&mut self, x1: f64, y1: f64, x2: f64, y2: f64, colour: &str) {
        let horizontal = (y1 - y2).abs() < f64::EPSILON;
        let (cap_x, cap_y) = if horizontal { (0.0, 4.0) } else { (4.0, 0.0) };
        let mut path = format!("M{} {}L{} {}", num(x1), num(y1), num(x2), num(y2));
        for (x, y) in [(x1, y1), (x2, y2)] {
            path.push_str(&format!("M{} {}L{} {}", num(x - cap_x), num(y - cap_y), num(x + cap_x), num(y + cap_y)));
        }
        self.push(&format!(
            "<path class=\"spread\" d=\"{path}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" stroke-opacity=\"0.5\"/>"
        ));
    }

    /// An actor's dot in its colour, with `tooltip` as its `<title>` (on a wrapping group, since a
    /// `<title>` inside the circle itself stops ImageMagick drawing it).
    pub(super) fn dot(&mut self, actor: &LegendEntry, issue: &IssueId, x: f64, y: f64, radius: f64, tooltip: &str) {
        self.push(&format!(
            "<g><title>{}</title><circle class=\"point\" data-actor=\"{}\" data-issue=\"{}\" cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{}\" stroke=\"#ffffff\" stroke-width=\"1.5\"/></g>",
            escape(tooltip),
            escape(actor.actor.as_str()),
            escape(issue.as_str()),
            num(x),
            num(y),
            num(radius),
            actor.colour.to_hex()
        ));
    }

    pub(super) fn finish(mut self) -> String {
        self.out.push_str("</svg>\n");
        self.out
    }
}
