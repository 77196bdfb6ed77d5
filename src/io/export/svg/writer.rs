//! The SVG writer the figures share: colours, font sizes, number formatting, XML escaping, text
//! width estimates and a small document builder.
//!
//! Rules: every number goes through [`num`] (at most two decimals, so the same figure is the same
//! bytes), every piece of user text through [`escape`]; text widths are estimated from
//! Helvetica/Arial metrics, a little generously, so [`fit`] shortens labels with "…" before they
//! run into the frame.

use crate::figure::{LegendEntry, Shape};
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

/// The most lines a caption takes.
pub(super) const CAPTION_LINES: usize = 2;
/// Line height of a caption.
pub(super) const CAPTION_LINE: f64 = 16.0;

/// `caption` word-wrapped to the width a figure of `width` leaves it, at most [`CAPTION_LINES`]
/// lines, the last shortened with "…" when the text goes on.
pub(super) fn caption_lines(caption: &str, width: f64) -> Vec<String> {
    wrap(caption, LABEL_SIZE, false, width - 2.0 * MARGIN, CAPTION_LINES)
}

/// How far below the top the heading of a figure with `caption` ends (where content may start).
pub(super) fn heading_bottom(caption: &str, width: f64) -> f64 {
    let lines = caption_lines(caption, width).len();
    44.0 + CAPTION_LINE * lines.saturating_sub(1) as f64
}

/// `text` word-wrapped into lines no wider than `max_width`, at most `max_lines` (the last one
/// shortened with "…" when words are left over; a word longer than a line is shortened too).
pub(super) fn wrap(text: &str, size: f64, bold: bool, max_width: f64, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    let words: Vec<&str> = text.split_whitespace().collect();
    for (index, word) in words.iter().enumerate() {
        let candidate = if current.is_empty() { (*word).to_owned() } else { format!("{current} {word}") };
        if text_width(&candidate, size, bold) <= max_width || current.is_empty() {
            current = candidate;
            continue;
        }
        lines.push(std::mem::take(&mut current));
        if lines.len() == max_lines {
            let rest = words[index..].join(" ");
            let last = lines.pop().unwrap_or_default();
            lines.push(fit(&format!("{last} {rest}"), size, bold, max_width));
            return lines;
        }
        current = (*word).to_owned();
    }
    if !current.is_empty() {
        lines.push(fit(&current, size, bold, max_width));
    }
    lines
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

    /// The title (bold) and the caption (wrapped onto at most [`CAPTION_LINES`] lines, the last
    /// shortened with "…") at the top left.
    pub(super) fn heading(&mut self, title: &str, caption: &str, width: f64) {
        let available = width - 2.0 * MARGIN;
        if !title.trim().is_empty() {
            let title = fit(title, TITLE_SIZE, true, available);
            self.text(MARGIN, 22.0, TITLE_SIZE, "start", "bold", TEXT, &title);
        }
        for (index, line) in caption_lines(caption, width).iter().enumerate() {
            self.text(MARGIN, 40.0 + CAPTION_LINE * index as f64, LABEL_SIZE, "start", "", MUTED, line);
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

    /// An actor's marker in its colour and shape, with `tooltip` as its `<title>` (on a wrapping
    /// group, since a `<title>` inside the shape itself stops ImageMagick drawing it). Every marker
    /// has `class="point"`, `data-actor`, `data-issue` and its centre as `data-x`/`data-y`.
    pub(super) fn dot(&mut self, actor: &LegendEntry, issue: &IssueId, x: f64, y: f64, radius: f64, tooltip: &str) {
        let data = format!(
            "class=\"point\" data-actor=\"{}\" data-issue=\"{}\" data-x=\"{}\" data-y=\"{}\"",
            escape(actor.actor.as_str()),
            escape(issue.as_str()),
            num(x),
            num(y)
        );
        let shape = shape_element(actor.shape, x, y, radius, &actor.colour.to_hex(), &data);
        self.push(&format!("<g><title>{}</title>{shape}</g>", escape(tooltip)));
    }

    pub(super) fn finish(mut self) -> String {
        self.out.push_str("</svg>\n");
        self.out
    }
}

/// One marker of `shape` centred on (x, y) with `attributes` (class, data-…) and a white edge.
pub(super) fn shape_element(shape: Shape, x: f64, y: f64, radius: f64, fill: &str, attributes: &str) -> String {
    let edge = "stroke=\"#ffffff\" stroke-width=\"1.5\"";
    let polygon = |points: &[(f64, f64)]| {
        let points: Vec<String> = points.iter().map(|(dx, dy)| format!("{},{}", num(x + dx), num(y + dy))).collect();
        format!("<polygon {attributes} points=\"{}\" fill=\"{fill}\" {edge}/>", points.join(" "))
    };
    let r = radius;
    match shape {
        Shape::Circle => {
            format!(
                "<circle {attributes} cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{fill}\" {edge}/>",
                num(x),
                num(y),
                num(r)
            )
        }
        Shape::Square => {
            polygon(&[(-0.88 * r, -0.88 * r), (0.88 * r, -0.88 * r), (0.88 * r, 0.88 * r), (-0.88 * r, 0.88 * r)])
        }
        Shape::Triangle => polygon(&[(0.0, -1.15 * r), (1.05 * r, 0.8 * r), (-1.05 * r, 0.8 * r)]),
        Shape::Diamond => polygon(&[(0.0, -1.2 * r), (1.2 * r, 0.0), (0.0, 1.2 * r), (-1.2 * r, 0.0)]),
        Shape::TriangleDown => polygon(&[(0.0, 1.15 * r), (1.05 * r, -0.8 * r), (-1.05 * r, -0.8 * r)]),
        Shape::Plus => {
            let (a, b) = (0.36 * r, 1.1 * r);
            polygon(&[
                (-a, -b),
                (a, -b),
                (a, -a),
                (b, -a),
                (b, a),
                (a, a),
                (a, b),
                (-a, b),
                (-a, a),
                (-b, a),
                (-b, -a),
                (-a, -a),
            ])
        }
    }
}

/// One legend entry placed: where it goes and the (possibly shortened) name.
pub(super) struct LegendItem<'a> {
    pub(super) entry: &'a LegendEntry,
    pub(super) name: String,
    pub(super) x: f64,
    pub(super) line: usize,
}

/// Line height of a legend.
pub(super) const LEGEND_LINE: f64 = 18.0;

/// Legend entries in lines no wider than a figure of `width` allows, each line centred.
pub(super) fn legend_layout(entries: &[LegendEntry], width: f64) -> Vec<LegendItem<'_>> {
    let available = width - 2.0 * MARGIN;
    let (swatch, gap) = (14.0, 20.0);
    let mut items: Vec<(LegendItem<'_>, f64)> = Vec::new();
    let (mut line, mut x) = (0, 0.0);
    for entry in entries {
        let name = fit(&entry.name, LABEL_SIZE, false, (available - swatch).min(220.0));
        let item_width = swatch + text_width(&name, LABEL_SIZE, false);
        if x > 0.0 && x + item_width > available {
            line += 1;
            x = 0.0;
        }
        items.push((LegendItem { entry, name, x, line }, item_width));
        x += item_width + gap;
    }
    for current in 0..=line {
        let used = items
            .iter()
            .filter(|(item, _)| item.line == current)
            .map(|(item, item_width)| item.x + item_width)
            .fold(0.0, f64::max);
        let offset = MARGIN + (available - used) / 2.0;
        for (item, _) in items.iter_mut().filter(|(item, _)| item.line == current) {
            item.x += offset;
        }
    }
    items.into_iter().map(|(item, _)| item).collect()
}

/// How many lines the legend of `entries` takes in a figure of `width` (0 without entries).
pub(super) fn legend_lines(entries: &[LegendEntry], width: f64) -> usize {
    legend_layout(entries, width).last().map_or(0, |item| item.line + 1)
}

impl Svg {
    /// The legend laid out by [`legend_layout`], its first baseline at `first_baseline`.
    pub(super) fn legend(&mut self, entries: &[LegendEntry], width: f64, first_baseline: f64) {
        let items = legend_layout(entries, width);
        if items.is_empty() {
            return;
        }
        self.open_group("legend", "");
        for item in &items {
            let baseline = first_baseline + LEGEND_LINE * item.line as f64;
            let attributes = format!("class=\"swatch\" data-actor=\"{}\"", escape(item.entry.actor.as_str()));
            self.push(&shape_element(
                item.entry.shape,
                item.x + 5.0,
                baseline - 4.0,
                5.0,
                &item.entry.colour.to_hex(),
                &attributes,
            ));
            self.text(item.x + 14.0, baseline, LABEL_SIZE, "start", "", TEXT, &item.name);
        }
        self.close_group();
    }
}
