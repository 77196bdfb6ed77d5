//! The two main figures as standalone SVG documents, for papers and reports.
//!
//! [`all_issues_svg`] draws every issue at once (one row per issue, x = % of the issue's scale);
//! [`map_svg`] draws two issues against each other on their own scales. Both are pure functions of
//! the project and a list of [`FigurePoint`]s, so the CLI, the GUI and the tests share them.
//!
//! Output rules: a fixed viewBox (800 × (120 + 70 × issues) for all issues, plus 18 per extra legend
//! line when the legend wraps; 640 × 640 for the map), one system sans-serif font stack, 12–14 px
//! text, coordinates rounded to two decimals, every piece of user text XML-escaped (characters XML
//! 1.0 forbids are dropped), a `<title>` and `<desc>` for screen readers, no external resources.
//! Text widths are estimated from Helvetica/Arial metrics so labels are shortened with "…" rather
//! than run into the plot frame or each other. The same input always gives the same bytes.
//!
//! Each actor's dot is a `<circle class="point" data-actor="ID" data-issue="ID">` (the map's use
//! the x issue) in a `<g>` whose `<title>` gives the value in the issue's units as a tooltip (a
//! `<title>` inside the circle itself stops ImageMagick drawing it).

use crate::analysis::aggregate::{self, AggregateOptions};
use crate::model::{Actor, ActorId, Issue, IssueId, Project};

/// One actor's value on one issue, as plotted (issue units), with an optional spread (min, max).
#[derive(Clone, Debug, PartialEq)]
pub struct FigurePoint {
    /// The actor.
    pub actor: ActorId,
    /// The issue.
    pub issue: IssueId,
    /// The plotted value, in the issue's units.
    pub value: f64,
    /// A range drawn as a thin bar through the dot (e.g. the min and max over articles).
    pub spread: Option<(f64, f64)>,
}

const FONT: &str = "Helvetica, Arial, sans-serif";
const TEXT: &str = "#222222";
const MUTED: &str = "#595959";
const GRID: &str = "#e3e3e3";
const AXIS: &str = "#a6a6a6";
const FRAME: &str = "#8c8c8c";
const SEPARATOR: &str = "#eeeeee";

/// Font sizes (px).
const TITLE_SIZE: f64 = 14.0;
const HEADING_SIZE: f64 = 13.0;
const LABEL_SIZE: f64 = 12.0;

// All-issues layout (px). The data range 0–100 % runs from `ALL_X0` to `ALL_X1`; the frame is
// `ALL_PAD` wider on each side so dots at the poles stay inside it.
const ALL_WIDTH: f64 = 800.0;
const ALL_MARGIN: f64 = 24.0;
const ALL_PAD: f64 = 16.0;
const ALL_X0: f64 = ALL_MARGIN + ALL_PAD;
const ALL_X1: f64 = ALL_WIDTH - ALL_MARGIN - ALL_PAD;
const ALL_TOP: f64 = 52.0;
const ALL_ROW: f64 = 70.0;
const LEGEND_LINE: f64 = 18.0;

// Map layout (px): the data square and the frame around it.
const MAP_SIZE: f64 = 640.0;
const MAP_X0: f64 = 96.0;
const MAP_X1: f64 = 600.0;
const MAP_Y0: f64 = 72.0;
const MAP_Y1: f64 = 576.0;
const MAP_PAD: f64 = 10.0;

/// All issues at once: one row per issue (first issue on top), x = % of each issue's scale, pole
/// labels under each row's ends, a dot per actor in its colour (with a thin spread bar when given),
/// a legend, a title and a caption line (e.g. "Mean over 12 articles, 2 coders").
///
/// Points naming an actor or issue the project does not have, or with a non-finite value, are left
/// out; values outside an issue's scale are drawn at its pole. Only actors with a point appear in
/// the legend. When several points name the same actor and issue, the first is drawn.
pub fn all_issues_svg(project: &Project, points: &[FigurePoint], title: &str, caption: &str) -> String {
    let issue_count = project.issues.len();
    let plotted: Vec<&Actor> = project
        .actors
        .iter()
        .filter(|actor| project.issues.iter().any(|issue| find(points, actor, issue).is_some()))
        .collect();
    let legend = legend_layout(&plotted);
    let extra_lines = legend.last().map_or(0, |item| item.line);
    let rows_bottom = ALL_TOP + ALL_ROW * issue_count as f64;
    let height = 120.0 + ALL_ROW * issue_count as f64 + LEGEND_LINE * extra_lines as f64;
    let mut svg = Svg::new(ALL_WIDTH, height, or(title, "Positions on all issues"), caption);
    svg.heading(title, caption, ALL_WIDTH);

    let frame_left = ALL_MARGIN;
    let frame_right = ALL_WIDTH - ALL_MARGIN;
    if issue_count == 0 {
        svg.text(ALL_WIDTH / 2.0, ALL_TOP + 24.0, LABEL_SIZE, "middle", "", MUTED, "No issues to plot");
    } else {
        svg.open_group("frame", "");
        svg.rect(frame_left, ALL_TOP, frame_right - frame_left, rows_bottom - ALL_TOP, FRAME);
        for index in 1..issue_count {
            let y = ALL_TOP + ALL_ROW * index as f64;
            svg.line(frame_left + 1.0, y, frame_right - 1.0, y, SEPARATOR, 1.0);
        }
        svg.close_group();
    }
    let x_of = |percent: f64| ALL_X0 + percent.clamp(0.0, 100.0) / 100.0 * (ALL_X1 - ALL_X0);
    let pole_width = (ALL_X1 - ALL_X0) / 2.0 - 8.0;
    for (index, issue) in project.issues.iter().enumerate() {
        let band = ALL_TOP + ALL_ROW * index as f64;
        let y = band + 38.0;
        svg.open_group("issue", &format!(" data-issue=\"{}\"", escape(issue.id.as_str())));
        let name = fit(&issue.name, HEADING_SIZE, true, ALL_X1 - ALL_X0);
        svg.text(ALL_X0, band + 20.0, HEADING_SIZE, "start", "bold", TEXT, &name);
        for tick in 0..=4 {
            let x = x_of(f64::from(tick) * 25.0);
            svg.line(x, y - 10.0, x, y + 10.0, GRID, 1.0);
        }
        svg.line(ALL_X0, y, ALL_X1, y, AXIS, 1.0);
        let low = fit(&issue.low_label, LABEL_SIZE, false, pole_width);
        let high = fit(&issue.high_label, LABEL_SIZE, false, pole_width);
        svg.text(ALL_X0, band + 60.0, LABEL_SIZE, "start", "", MUTED, &low);
        svg.text(ALL_X1, band + 60.0, LABEL_SIZE, "end", "", MUTED, &high);
        // Spread bars first so no bar covers a dot.
        for actor in &plotted {
            if let Some(point) = find(points, actor, issue)
                && let Some((from, to)) = spread_of(point)
            {
                let colour = actor.color.to_hex();
                let (a, b) = (x_of(percent_of(issue, from)), x_of(percent_of(issue, to)));
                svg.spread_bar(a, y, b, y, &colour);
            }
        }
        for actor in &plotted {
            if let Some(point) = find(points, actor, issue) {
                let x = x_of(percent_of(issue, point.value));
                let tooltip = format!("{} — {}: {}{}", actor.name, issue.name, num(point.value), range_note(point));
                svg.dot(actor, issue, x, y, 6.0, &tooltip);
            }
        }
        svg.close_group();
    }

    if issue_count > 0 {
        svg.open_group("x-axis", "");
        for tick in 0..=4 {
            let x = x_of(f64::from(tick) * 25.0);
            svg.line(x, rows_bottom, x, rows_bottom + 4.0, FRAME, 1.0);
            svg.text(x, rows_bottom + 18.0, LABEL_SIZE, "middle", "", MUTED, &format!("{}%", tick * 25));
        }
        let axis_title = "Position, % of each issue's scale (low pole left, high pole right)";
        svg.text(ALL_WIDTH / 2.0, rows_bottom + 36.0, LABEL_SIZE, "middle", "", MUTED, axis_title);
        svg.close_group();
    }

    if !legend.is_empty() {
        svg.open_group("legend", "");
        let first_baseline = rows_bottom + 58.0;
        for item in &legend {
            let baseline = first_baseline + LEGEND_LINE * item.line as f64;
            let colour = item.actor.color.to_hex();
            svg.push(&format!(
                "<circle cx=\"{}\" cy=\"{}\" r=\"5\" fill=\"{colour}\"/>",
                num(item.x + 5.0),
                num(baseline - 4.0)
            ));
            svg.text(item.x + 14.0, baseline, LABEL_SIZE, "start", "", TEXT, &item.name);
        }
        svg.close_group();
    }
    svg.finish()
}

/// Two issues against each other: x and y on each issue's own scale with axis titles
/// "Issue (low … high)", a labelled dot per actor.
///
/// An actor is drawn when it has a point on both issues. Its label goes right of the dot, or left,
/// above or below when that keeps it inside the frame and clear of labels already placed. Spreads
/// are drawn as thin horizontal (x issue) and vertical (y issue) bars.
pub fn map_svg(
    project: &Project,
    x_issue: &IssueId,
    y_issue: &IssueId,
    points: &[FigurePoint],
    title: &str,
    caption: &str,
) -> String {
    let stand_in = |id: &IssueId| Issue { id: id.clone(), name: id.to_string(), ..Issue::default() };
    let x_axis = project.issue(x_issue).cloned().unwrap_or_else(|| stand_in(x_issue));
    let y_axis = project.issue(y_issue).cloned().unwrap_or_else(|| stand_in(y_issue));
    let fallback_title = format!("{} against {}", y_axis.name, x_axis.name);
    let mut svg = Svg::new(MAP_SIZE, MAP_SIZE, or(title, &fallback_title), caption);
    svg.heading(title, caption, MAP_SIZE);

    let frame =
        Area { left: MAP_X0 - MAP_PAD, top: MAP_Y0 - MAP_PAD, right: MAP_X1 + MAP_PAD, bottom: MAP_Y1 + MAP_PAD };
    let x_of = |value: f64| MAP_X0 + percent_of(&x_axis, value).clamp(0.0, 100.0) / 100.0 * (MAP_X1 - MAP_X0);
    let y_of = |value: f64| MAP_Y1 - percent_of(&y_axis, value).clamp(0.0, 100.0) / 100.0 * (MAP_Y1 - MAP_Y0);
    let ticks = nice_ticks;

    // Grid, frame, ticks and axis titles.
    svg.open_group("grid", "");
    for value in ticks(&x_axis) {
        let x = x_of(value);
        svg.line(x, frame.top + 1.0, x, frame.bottom - 1.0, GRID, 1.0);
    }
    for value in ticks(&y_axis) {
        let y = y_of(value);
        svg.line(frame.left + 1.0, y, frame.right - 1.0, y, GRID, 1.0);
    }
    svg.close_group();
    svg.open_group("frame", "");
    svg.rect(frame.left, frame.top, frame.right - frame.left, frame.bottom - frame.top, FRAME);
    svg.close_group();
    svg.open_group("x-axis", "");
    for value in ticks(&x_axis) {
        let x = x_of(value);
        svg.line(x, frame.bottom, x, frame.bottom + 4.0, FRAME, 1.0);
        svg.text(x, frame.bottom + 17.0, LABEL_SIZE, "middle", "", MUTED, &num(value));
    }
    let x_title = fit(&axis_title(&x_axis), LABEL_SIZE, true, frame.right - frame.left);
    svg.text((frame.left + frame.right) / 2.0, frame.bottom + 38.0, LABEL_SIZE, "middle", "bold", TEXT, &x_title);
    svg.close_group();
    svg.open_group("y-axis", "");
    let mut widest_tick: f64 = 0.0;
    for value in ticks(&y_axis) {
        let y = y_of(value);
        let label = num(value);
        widest_tick = widest_tick.max(text_width(&label, LABEL_SIZE, false));
        svg.line(frame.left - 4.0, y, frame.left, y, FRAME, 1.0);
        svg.text(frame.left - 7.0, y + 4.0, LABEL_SIZE, "end", "", MUTED, &label);
    }
    // The rotated title's glyphs extend to the left of its baseline by about the cap height.
    let title_x = (frame.left - 7.0 - widest_tick - 6.0).clamp(LABEL_SIZE + 2.0, 30.0);
    let y_title = fit(&axis_title(&y_axis), LABEL_SIZE, true, frame.bottom - frame.top);
    let centre_y = (frame.top + frame.bottom) / 2.0;
    svg.push(&format!(
        "<text transform=\"translate({} {}) rotate(-90)\" font-size=\"{}\" text-anchor=\"middle\" font-weight=\"bold\" fill=\"{TEXT}\">{}</text>",
        num(title_x),
        num(centre_y),
        num(LABEL_SIZE),
        escape(&y_title)
    ));
    svg.close_group();

    // The actors with a point on both issues, in project order.
    let placed: Vec<(&Actor, &FigurePoint, &FigurePoint, f64, f64)> = project
        .actors
        .iter()
        .filter_map(|actor| {
            let x = find(points, actor, &x_axis)?;
            let y = find(points, actor, &y_axis)?;
            Some((actor, x, y, x_of(x.value), y_of(y.value)))
        })
        .collect();
    if placed.is_empty() {
        let note = "No actor has positions on both issues";
        svg.text((frame.left + frame.right) / 2.0, centre_y, LABEL_SIZE, "middle", "", MUTED, note);
        return svg.finish();
    }
    svg.open_group("points", "");
    for (actor, x_point, y_point, px, py) in &placed {
        let colour = actor.color.to_hex();
        if let Some((from, to)) = spread_of(x_point) {
            svg.spread_bar(x_of(from), *py, x_of(to), *py, &colour);
        }
        if let Some((from, to)) = spread_of(y_point) {
            svg.spread_bar(*px, y_of(from), *px, y_of(to), &colour);
        }
    }
    for (actor, x_point, y_point, px, py) in &placed {
        let tooltip = format!(
            "{} — {}: {}{}; {}: {}{}",
            actor.name,
            x_axis.name,
            num(x_point.value),
            range_note(x_point),
            y_axis.name,
            num(y_point.value),
            range_note(y_point)
        );
        svg.dot(actor, &x_axis, *px, *py, 7.0, &tooltip);
    }
    svg.close_group();

    // Labels: avoid the frame edge, the dots and each other.
    svg.open_group("labels", "");
    let inside =
        Area { left: frame.left + 3.0, top: frame.top + 3.0, right: frame.right - 3.0, bottom: frame.bottom - 3.0 };
    let dots: Vec<Area> = placed.iter().map(|(_, _, _, px, py)| Area::around(*px, *py, 7.0)).collect();
    let mut taken: Vec<Area> = Vec::new();
    for (actor, _, _, px, py) in &placed {
        let name = fit(&actor.name, LABEL_SIZE, false, 180.0);
        let width = text_width(&name, LABEL_SIZE, false);
        // Right, left, above, below the dot; each moved inside the frame if it sticks out. A label's
        // box runs from 12 px above its baseline to 3 px below.
        let candidates = [
            ("start", Area { left: px + 11.0, top: py - 8.0, right: px + 11.0 + width, bottom: py + 7.0 }),
            ("end", Area { left: px - 11.0 - width, top: py - 8.0, right: px - 11.0, bottom: py + 7.0 }),
            ("middle", Area { left: px - width / 2.0, top: py - 24.0, right: px + width / 2.0, bottom: py - 9.0 }),
            ("middle", Area { left: px - width / 2.0, top: py + 9.0, right: px + width / 2.0, bottom: py + 24.0 }),
        ]
        .map(|(anchor, area)| (anchor, area.moved_inside(&inside)));
        let own_dot = Area::around(*px, *py, 7.0);
        let clear =
            |area: &Area| !taken.iter().any(|other| other.overlaps(area)) && !dots.iter().any(|dot| dot.overlaps(area));
        let (anchor, area) = candidates
            .iter()
            .find(|(_, area)| clear(area))
            .or_else(|| candidates.iter().find(|(_, area)| !own_dot.overlaps(area)))
            .unwrap_or(&candidates[0]);
        let x = match *anchor {
            "start" => area.left,
            "end" => area.right,
            _ => (area.left + area.right) / 2.0,
        };
        let y = area.bottom - 3.0;
        taken.push(*area);
        // A white halo under the label keeps it legible over grid lines and spread bars (a separate
        // element rather than `paint-order`, which some renderers ignore).
        let (x, y, size, name) = (num(x), num(y), num(LABEL_SIZE), escape(&name));
        svg.push(&format!(
            "<text class=\"halo\" aria-hidden=\"true\" x=\"{x}\" y=\"{y}\" font-size=\"{size}\" text-anchor=\"{anchor}\" fill=\"none\" stroke=\"#ffffff\" stroke-width=\"3\" stroke-linejoin=\"round\">{name}</text>"
        ));
        svg.push(&format!(
            "<text class=\"label\" data-actor=\"{}\" x=\"{x}\" y=\"{y}\" font-size=\"{size}\" text-anchor=\"{anchor}\" fill=\"{TEXT}\">{name}</text>",
            escape(actor.id.as_str())
        ));
    }
    svg.close_group();
    svg.finish()
}

/// Points from the aggregate over all articles and coders (mean, with min–max spread).
///
/// Overall judgements (positions not coded from an article) count, as in the app's "All articles
/// (mean)" plot; a spread is given only when the values differ.
pub fn mean_points(project: &Project) -> Vec<FigurePoint> {
    aggregate::aggregate(project, &mean_options())
        .into_iter()
        .map(|row| FigurePoint {
            spread: (row.min < row.max).then_some((row.min, row.max)),
            actor: row.actor,
            issue: row.issue,
            value: row.mean,
        })
        .collect()
}

/// The caption for [`mean_points`]: "Mean position over 12 articles and 2 coders", noting overall
/// judgements when some count and the range bars when some point has one.
pub fn mean_caption(project: &Project) -> String {
    let mut articles = std::collections::BTreeSet::new();
    let mut coders = std::collections::BTreeSet::new();
    let mut overall = false;
    for position in project.positions.iter() {
        if !position.value.is_finite()
            || project.actor(&position.actor).is_none()
            || project.issue(&position.issue).is_none()
        {
            continue;
        }
        coders.insert(&position.coder);
        match &position.article {
            Some(article) => {
                articles.insert(article);
            }
            None => overall = true,
        }
    }
    let plural = |count: usize, word: &str| if count == 1 { format!("1 {word}") } else { format!("{count} {word}s") };
    let mut caption =
        format!("Mean position over {} and {}", plural(articles.len(), "article"), plural(coders.len(), "coder"));
    if overall {
        caption.push_str(", with overall judgements");
    }
    if mean_points(project).iter().any(|point| point.spread.is_some()) {
        caption.push_str("; bars show the range (min–max)");
    }
    caption
}

fn mean_options() -> AggregateOptions {
    AggregateOptions { include_overall: true, ..AggregateOptions::default() }
}

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
fn num(value: f64) -> String {
    if !value.is_finite() {
        return "0".into();
    }
    let text = format!("{value:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" { "0".into() } else { text.to_owned() }
}

fn or<'a>(text: &'a str, fallback: &'a str) -> &'a str {
    if text.trim().is_empty() { fallback } else { text }
}

fn percent_of(issue: &Issue, value: f64) -> f64 {
    (value - issue.bounds().0) / issue.span() * 100.0
}

/// About five round tick values inside the issue's scale: multiples of 1, 2, 2.5 or 5 × 10ⁿ, the
/// step nearest a quarter of the scale (0/25/50/75/100 on 0–100, −5/−2.5/0/2.5/5 on −5–5).
fn nice_ticks(issue: &Issue) -> Vec<f64> {
    let (low, high) = issue.bounds();
    let raw = issue.span() / 4.0;
    if !raw.is_finite() || raw <= 0.0 || !low.is_finite() {
        return vec![low];
    }
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|factor| factor * magnitude)
        .min_by(|a, b| (a.ln() - raw.ln()).abs().total_cmp(&(b.ln() - raw.ln()).abs()))
        .unwrap_or(raw);
    let first = (low / step - 1e-9).ceil() as i64;
    let last = (high / step + 1e-9).floor() as i64;
    if last < first || last - first > 20 {
        return vec![low, high];
    }
    (first..=last).map(|k| k as f64 * step).collect()
}

fn axis_title(issue: &Issue) -> String {
    match (issue.low_label.trim(), issue.high_label.trim()) {
        ("", "") => issue.name.clone(),
        (low, high) => format!("{} ({low} … {high})", issue.name),
    }
}

/// The first point for `actor` on `issue` with a finite value.
fn find<'a>(points: &'a [FigurePoint], actor: &Actor, issue: &Issue) -> Option<&'a FigurePoint> {
    points.iter().find(|point| point.actor == actor.id && point.issue == issue.id && point.value.is_finite())
}

fn spread_of(point: &FigurePoint) -> Option<(f64, f64)> {
    point.spread.filter(|(from, to)| from.is_finite() && to.is_finite() && from != to)
}

fn range_note(point: &FigurePoint) -> String {
    spread_of(point).map(|(from, to)| format!(" (range {}–{})", num(from), num(to))).unwrap_or_default()
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
fn text_width(text: &str, size: f64, bold: bool) -> f64 {
    text.chars().map(char_em).sum::<f64>() * em_scale(size, bold)
}

/// `text` (trimmed), shortened with "…" to fit `max_width`.
fn fit(text: &str, size: f64, bold: bool, max_width: f64) -> String {
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
struct Area {
    left: f64,
    top: f64,
    right: f64,
    bottom: f64,
}

impl Area {
    fn around(x: f64, y: f64, radius: f64) -> Self {
        Self { left: x - radius, top: y - radius, right: x + radius, bottom: y + radius }
    }

    /// The same box shifted as little as possible to lie inside `bounds` (if it is small enough).
    fn moved_inside(self, bounds: &Area) -> Self {
        let dx = (bounds.left - self.left).max(0.0) + (bounds.right - self.right).min(0.0);
        let dy = (bounds.top - self.top).max(0.0) + (bounds.bottom - self.bottom).min(0.0);
        Self { left: self.left + dx, top: self.top + dy, right: self.right + dx, bottom: self.bottom + dy }
    }

    fn overlaps(&self, other: &Area) -> bool {
        self.left < other.right && other.left < self.right && self.top < other.bottom && other.top < self.bottom
    }
}

/// One legend entry: where it goes and the (possibly shortened) name.
struct LegendItem<'a> {
    actor: &'a Actor,
    name: String,
    x: f64,
    line: usize,
}

/// Legend entries in lines no wider than the figure's margins allow, each line centred.
fn legend_layout<'a>(actors: &[&'a Actor]) -> Vec<LegendItem<'a>> {
    let available = ALL_WIDTH - 2.0 * ALL_MARGIN;
    let (swatch, gap) = (14.0, 20.0);
    let mut items: Vec<(LegendItem<'a>, f64)> = Vec::new();
    let (mut line, mut x) = (0, 0.0);
    for actor in actors {
        let name = fit(&actor.name, LABEL_SIZE, false, available - swatch);
        let width = swatch + text_width(&name, LABEL_SIZE, false);
        if x > 0.0 && x + width > available {
            line += 1;
            x = 0.0;
        }
        items.push((LegendItem { actor, name, x, line }, width));
        x += width + gap;
    }
    for current in 0..=line {
        let used = items
            .iter()
            .filter(|(item, _)| item.line == current)
            .map(|(item, width)| item.x + width)
            .fold(0.0, f64::max);
        let offset = ALL_MARGIN + (available - used) / 2.0;
        for (item, _) in items.iter_mut().filter(|(item, _)| item.line == current) {
            item.x += offset;
        }
    }
    items.into_iter().map(|(item, _)| item).collect()
}

/// An SVG document being written.
struct Svg {
    out: String,
}

impl Svg {
    fn new(width: f64, height: f64, title: &str, description: &str) -> Self {
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
    fn heading(&mut self, title: &str, caption: &str, width: f64) {
        let available = width - 2.0 * ALL_MARGIN;
        if !title.trim().is_empty() {
            let title = fit(title, TITLE_SIZE, true, available);
            self.text(ALL_MARGIN, 22.0, TITLE_SIZE, "start", "bold", TEXT, &title);
        }
        if !caption.trim().is_empty() {
            let caption = fit(caption, LABEL_SIZE, false, available);
            self.text(ALL_MARGIN, 40.0, LABEL_SIZE, "start", "", MUTED, &caption);
        }
    }

    fn push(&mut self, element: &str) {
        self.out.push_str(element);
        self.out.push('\n');
    }

    fn open_group(&mut self, class: &str, attributes: &str) {
        self.push(&format!("<g class=\"{class}\"{attributes}>"));
    }

    fn close_group(&mut self) {
        self.push("</g>");
    }

    #[allow(clippy::too_many_arguments)]
    fn text(&mut self, x: f64, y: f64, size: f64, anchor: &str, weight: &str, fill: &str, text: &str) {
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
    fn line(&mut self, x1: f64, y1: f64, x2: f64, y2: f64, stroke: &str, width: f64) {
        self.push(&format!(
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{stroke}\" stroke-width=\"{}\"/>",
            num(x1),
            num(y1),
            num(x2),
            num(y2),
            num(width)
        ));
    }

    fn rect(&mut self, x: f64, y: f64, width: f64, height: f64, stroke: &str) {
        self.push(&format!(
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"{stroke}\" stroke-width=\"1\"/>",
            num(x),
            num(y),
            num(width),
            num(height)
        ));
    }

    /// A thin translucent bar with end caps from (x1, y1) to (x2, y2) (horizontal or vertical).
    fn spread_bar(&mut self, x1: f64, y1: f64, x2: f64, y2: f64, colour: &str) {
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

    fn dot(&mut self, actor: &Actor, issue: &Issue, x: f64, y: f64, radius: f64, tooltip: &str) {
        self.push(&format!(
            "<g><title>{}</title><circle class=\"point\" data-actor=\"{}\" data-issue=\"{}\" cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{}\" stroke=\"#ffffff\" stroke-width=\"1.5\"/></g>",
            escape(tooltip),
            escape(actor.id.as_str()),
            escape(issue.id.as_str()),
            num(x),
            num(y),
            num(radius),
            actor.color.to_hex()
        ));
    }

    fn finish(mut self) -> String {
        self.out.push_str("</svg>\n");
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Position, Rgb};
    use quick_xml::events::Event;

    /// An element of a parsed document: its name and attributes (unescaped).
    #[derive(Debug)]
    struct Element {
        name: String,
        attributes: Vec<(String, String)>,
    }

    impl Element {
        fn get(&self, key: &str) -> Option<&str> {
            self.attributes.iter().find(|(name, _)| name == key).map(|(_, value)| value.as_str())
        }

        fn number(&self, key: &str) -> f64 {
            self.get(key).and_then(|value| value.parse().ok()).unwrap_or_else(|| panic!("{key} of {self:?}"))
        }
    }

    /// Parses every event of `svg`, panicking on malformed XML (bad syntax, mismatched or unclosed
    /// tags, unknown entities, more than one root); returns the elements and the visible text (the
    /// content of `<text>` elements, one per line).
    fn parse(svg: &str) -> (Vec<Element>, String) {
        let mut reader = quick_xml::Reader::from_str(svg);
        let (mut elements, mut text, mut open, mut roots) = (Vec::new(), String::new(), Vec::<String>::new(), 0);
        loop {
            let event = reader
                .read_event()
                .unwrap_or_else(|error| panic!("not well-formed at {}: {error}\n{svg}", reader.buffer_position()));
            let start = match &event {
                Event::Start(start) | Event::Empty(start) => Some(start),
                _ => None,
            };
            if let Some(start) = start {
                if open.is_empty() {
                    roots += 1;
                }
                let attributes = start
                    .attributes()
                    .map(|attribute| {
                        let attribute = attribute.expect("attribute");
                        let key = String::from_utf8(attribute.key.as_ref().to_vec()).unwrap();
                        (key, attribute.unescape_value().expect("attribute value").into_owned())
                    })
                    .collect();
                let name = String::from_utf8(start.name().as_ref().to_vec()).unwrap();
                if matches!(event, Event::Start(_)) {
                    open.push(name.clone());
                }
                elements.push(Element { name, attributes });
            }
            let visible = open.last().is_some_and(|name| name == "text");
            match event {
                Event::End(_) => {
                    let closed = open.pop();
                    text.push_str(if closed.as_deref() == Some("text") { "\n" } else { "" });
                }
                Event::Text(content) if visible => text.push_str(&content.decode().unwrap()),
                Event::GeneralRef(reference) => {
                    let name = reference.decode().unwrap();
                    let resolved = quick_xml::escape::resolve_predefined_entity(&name);
                    assert!(resolved.is_some() || reference.is_char_ref(), "unknown entity &{name};");
                    if visible {
                        text.push_str(resolved.unwrap_or_default());
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        assert!(open.is_empty(), "unclosed elements: {open:?}");
        assert_eq!(roots, 1, "one root element");
        (elements, text)
    }

    fn issue(id: &str, name: &str, scale: (f64, f64), low: &str, high: &str) -> Issue {
        Issue {
            id: id.into(),
            name: name.into(),
            scale_min: scale.0,
            scale_max: scale.1,
            low_label: low.into(),
            high_label: high.into(),
            ..Issue::default()
        }
    }

    fn actor(id: &str, name: &str, colour: [u8; 3]) -> Actor {
        Actor { id: id.into(), name: name.into(), color: Rgb(colour), ..Actor::default() }
    }

    fn point(actor: &str, issue: &str, value: f64, spread: Option<(f64, f64)>) -> FigurePoint {
        FigurePoint { actor: actor.into(), issue: issue.into(), value, spread }
    }

    /// Two issues (0–100 and −5–5) and three actors, the last without points.
    fn project() -> Project {
        Project {
            title: "Test".into(),
            actors: vec![
                actor("russia", "Russia", [0xd5, 0x5e, 0x00]),
                actor("us", "United States", [0x00, 0x72, 0xb2]),
                actor("ghost", "Ghost Actor", [0x7f, 0x7f, 0x7f]),
            ],
            issues: vec![
                issue("nato", "NATO membership", (0.0, 100.0), "Rules out membership", "Supports membership"),
                issue("sanctions", "Sanctions", (-5.0, 5.0), "Lift all", "Tighten"),
            ],
            ..Project::default()
        }
    }

    fn points() -> Vec<FigurePoint> {
        vec![
            point("russia", "nato", 50.0, Some((20.0, 80.0))),
            point("us", "nato", 100.0, None),
            point("russia", "sanctions", 0.0, None),
            point("us", "sanctions", -5.0, Some((-5.0, -1.0))),
        ]
    }

    /// The circle drawn for `actor` on `issue`.
    fn circle<'a>(elements: &'a [Element], actor: &str, issue: &str) -> &'a Element {
        elements
            .iter()
            .find(|e| e.name == "circle" && e.get("data-actor") == Some(actor) && e.get("data-issue") == Some(issue))
            .unwrap_or_else(|| panic!("no circle for {actor} on {issue}"))
    }

    #[test]
    fn all_issues_is_well_formed_and_names_what_it_shows() {
        let svg = all_issues_svg(&project(), &points(), "Positions", "Mean over 12 articles, 2 coders");
        let (elements, text) = parse(&svg);
        assert_eq!(elements[0].name, "svg");
        assert_eq!(elements[0].get("viewBox"), Some("0 0 800 260"), "120 + 70 × 2 issues");
        assert_eq!(elements[0].get("font-family"), Some("Helvetica, Arial, sans-serif"));
        assert_eq!(elements[1].name, "title", "accessible title first");
        for expected in [
            "Russia",
            "United States",
            "NATO membership",
            "Sanctions",
            "Rules out membership",
            "Tighten",
            "Positions",
            "Mean over 12 articles, 2 coders",
            "0%",
            "50%",
            "100%",
        ] {
            assert!(text.contains(expected), "{expected:?} missing from the text:\n{text}");
        }
        assert!(!text.contains("Ghost Actor"), "an actor without points is not in the legend");
        assert_eq!(elements.iter().filter(|e| e.get("class") == Some("point")).count(), 4);
        assert_eq!(elements.iter().filter(|e| e.get("class") == Some("spread")).count(), 2);
        assert_eq!(circle(&elements, "russia", "nato").get("fill"), Some("#d55e00"), "the actor's colour");
        assert!(!svg.contains("href"), "no external resources");
    }

    #[test]
    fn the_middle_of_the_scale_is_the_middle_of_the_plot() {
        let svg = all_issues_svg(&project(), &points(), "", "");
        let (elements, _) = parse(&svg);
        let middle = circle(&elements, "russia", "nato").number("cx");
        assert_eq!(middle, (ALL_X0 + ALL_X1) / 2.0);
        assert_eq!(middle, 400.0, "the plot is centred in the figure");
        assert_eq!(circle(&elements, "us", "nato").number("cx"), ALL_X1);
        // 0 on a −5…5 scale is its middle too; −5 its left end.
        assert_eq!(circle(&elements, "russia", "sanctions").number("cx"), middle);
        assert_eq!(circle(&elements, "us", "sanctions").number("cx"), ALL_X0);
        // First issue on top.
        assert!(
            circle(&elements, "russia", "nato").number("cy") < circle(&elements, "russia", "sanctions").number("cy")
        );
    }

    #[test]
    fn values_off_the_scale_and_unknown_points_stay_out_of_the_frame() {
        let mut points = points();
        points.push(point("russia", "nato", f64::NAN, None));
        points[0].value = 250.0;
        points.push(point("nobody", "nato", 10.0, None));
        points.push(point("us", "no-such-issue", 10.0, None));
        let (elements, _) = parse(&all_issues_svg(&project(), &points, "", ""));
        assert_eq!(circle(&elements, "russia", "nato").number("cx"), ALL_X1, "clamped to the high pole");
        assert_eq!(elements.iter().filter(|e| e.get("class") == Some("point")).count(), 4);
    }

    #[test]
    fn map_is_well_formed_with_issue_scales_and_labels() {
        let project = project();
        let svg = map_svg(&project, &"sanctions".into(), &"nato".into(), &points(), "Map", "Caption");
        let (elements, text) = parse(&svg);
        assert_eq!(elements[0].get("viewBox"), Some("0 0 640 640"));
        for expected in [
            "Russia",
            "United States",
            "Sanctions (Lift all … Tighten)",
            "NATO membership (Rules out membership … Supports membership)",
            "-5",
            "-2.5",
            "5",
            "Map",
            "Caption",
        ] {
            assert!(text.contains(expected), "{expected:?} missing from the text:\n{text}");
        }
        assert!(!text.contains("Ghost Actor"));
        let russia = circle(&elements, "russia", "sanctions");
        assert_eq!(russia.number("cx"), (MAP_X0 + MAP_X1) / 2.0, "0 on −5…5");
        assert_eq!(russia.number("cy"), (MAP_Y0 + MAP_Y1) / 2.0, "50 on 0–100");
        let us = circle(&elements, "us", "sanctions");
        assert_eq!((us.number("cx"), us.number("cy")), (MAP_X0, MAP_Y0), "−5, 100: top left");
        // Russia has a spread on the y issue, the US on the x issue.
        assert_eq!(elements.iter().filter(|e| e.get("class") == Some("spread")).count(), 2);
    }

    #[test]
    fn map_labels_stay_inside_the_frame() {
        let project = project();
        let points = vec![point("russia", "nato", 100.0, None), point("russia", "sanctions", 5.0, None)];
        let svg = map_svg(&project, &"sanctions".into(), &"nato".into(), &points, "", "");
        let (elements, _) = parse(&svg);
        let label = elements.iter().find(|e| e.get("class") == Some("label")).expect("a label");
        assert_eq!(label.get("data-actor"), Some("russia"));
        // The dot is in the top right corner: the label goes left of it, and not above it.
        assert_eq!(label.get("text-anchor"), Some("end"));
        assert!(label.number("x") < MAP_X1);
        assert!(label.number("y") > MAP_Y0 - MAP_PAD + LABEL_SIZE);
    }

    #[test]
    fn map_labels_of_neighbours_do_not_overlap() {
        let project = project();
        let points = vec![
            point("russia", "nato", 50.0, None),
            point("russia", "sanctions", 0.0, None),
            point("us", "nato", 50.0, None),
            point("us", "sanctions", 0.0, None),
        ];
        let (elements, _) = parse(&map_svg(&project, &"sanctions".into(), &"nato".into(), &points, "", ""));
        let labels: Vec<&Element> = elements.iter().filter(|e| e.get("class") == Some("label")).collect();
        assert_eq!(labels.len(), 2);
        let place = |e: &Element| (e.get("text-anchor").map(str::to_owned), e.number("x"), e.number("y"));
        assert_ne!(place(labels[0]), place(labels[1]), "the second label moves elsewhere");
    }

    #[test]
    fn map_ticks_are_round_numbers() {
        let ticks = |low, high| nice_ticks(&issue("i", "I", (low, high), "", ""));
        assert_eq!(ticks(0.0, 100.0), [0.0, 25.0, 50.0, 75.0, 100.0]);
        assert_eq!(ticks(-5.0, 5.0), [-5.0, -2.5, 0.0, 2.5, 5.0]);
        assert_eq!(ticks(-3.0, 100.0), [0.0, 25.0, 50.0, 75.0, 100.0]);
        assert_eq!(ticks(1.0, 7.0), [2.0, 4.0, 6.0]);
        assert_eq!(ticks(0.0, 1.0), [0.0, 0.25, 0.5, 0.75, 1.0]);
        assert_eq!(ticks(10.0, 10.0).len(), 1, "a zero-width scale does not loop");
    }

    #[test]
    fn user_text_is_escaped() {
        assert_eq!(escape("<&>\"'"), "&lt;&amp;&gt;&quot;&apos;");
        assert_eq!(escape("a\u{0}b\u{7}c\td\ne"), "abc d e", "control characters are dropped");
        assert_eq!(escape("Ukraine — “no” 北约"), "Ukraine — “no” 北约");

        let mut project = project();
        project.actors[0].name = "<Russia & \"friends\">".into();
        project.actors[0].id = "r&d'".into();
        project.issues[0].name = "</text><script>alert('x')</script>".into();
        project.issues[0].low_label = "a < b\u{1}".into();
        let points: Vec<FigurePoint> = points()
            .into_iter()
            .map(|mut point| {
                if point.actor.as_str() == "russia" {
                    point.actor = "r&d'".into();
                }
                point
            })
            .collect();
        let title = "T <&>\"'";
        for svg in [
            all_issues_svg(&project, &points, title, "c & d"),
            map_svg(&project, &"nato".into(), &"sanctions".into(), &points, title, "c & d"),
        ] {
            let (elements, text) = parse(&svg);
            assert!(text.contains("<Russia & \"friends\">"), "{text}");
            assert!(text.contains("T <&>\"'"), "{text}");
            assert!(!elements.iter().any(|e| e.name == "script"));
            assert!(elements.iter().any(|e| e.get("data-actor") == Some("r&d'")));
        }
    }

    #[test]
    fn output_is_deterministic_and_compact() {
        let first = all_issues_svg(&project(), &points(), "T", "C");
        assert_eq!(first, all_issues_svg(&project(), &points(), "T", "C"));
        let map = map_svg(&project(), &"nato".into(), &"sanctions".into(), &points(), "T", "C");
        assert_eq!(map, map_svg(&project(), &"nato".into(), &"sanctions".into(), &points(), "T", "C"));
        // Thirds of the scale would give long decimals if unrounded.
        let points = vec![point("russia", "nato", 100.0 / 3.0, Some((10.0 / 3.0, 200.0 / 3.0)))];
        for svg in [
            all_issues_svg(&project(), &points, "", ""),
            map_svg(&project(), &"nato".into(), &"nato".into(), &points, "", ""),
        ] {
            let bytes = svg.as_bytes();
            let long = bytes.windows(4).any(|w| w[0] == b'.' && w[1..].iter().all(u8::is_ascii_digit));
            assert!(!long, "a number with more than two decimals:\n{svg}");
        }
    }

    #[test]
    fn long_labels_are_shortened_and_legends_wrap() {
        let mut project = project();
        project.issues[0].low_label = "A very long description of the low pole ".repeat(4);
        project.title = "x".repeat(500);
        for index in 0..12 {
            project.actors.push(actor(&format!("a{index}"), &format!("Actor number {index} with a long name"), [0; 3]));
        }
        let mut points = points();
        points.extend((0..12).map(|index| point(&format!("a{index}"), "nato", f64::from(index) * 8.0, None)));
        let svg = all_issues_svg(&project, &points, &project.title, "");
        let (elements, text) = parse(&svg);
        let low = text.lines().find(|line| line.starts_with("A very long")).expect("the low pole label");
        assert!(low.ends_with('…') && low.len() < project.issues[0].low_label.len(), "{low}");
        assert!(text_width(low, LABEL_SIZE, false) <= (ALL_X1 - ALL_X0) / 2.0 - 8.0, "{low}");
        assert!(!text.contains(&"x".repeat(200)));
        let height = elements[0].number("height");
        assert!(height > 260.0, "extra legend lines make the figure taller: {height}");
        assert!(text.contains("Actor number 11 with a long name"));
        assert_eq!(fit("  short ", LABEL_SIZE, false, 100.0), "short");
        assert_eq!(fit("abc", LABEL_SIZE, false, 1.0), "…");
    }

    #[test]
    fn mean_points_and_caption_come_from_the_aggregate() {
        let mut project = project();
        for (article, coder, value) in [(Some("a1"), "ann", 20.0), (Some("a2"), "bob", 40.0), (None, "ann", 30.0)] {
            project.positions.insert(Position {
                actor: "russia".into(),
                issue: "nato".into(),
                article: article.map(Into::into),
                coder: coder.into(),
                value,
                ..Position::default()
            });
        }
        project.positions.insert(Position {
            actor: "us".into(),
            issue: "sanctions".into(),
            article: Some("a1".into()),
            coder: "ann".into(),
            value: 2.0,
            ..Position::default()
        });
        let points = mean_points(&project);
        assert_eq!(
            points,
            vec![point("russia", "nato", 30.0, Some((20.0, 40.0))), point("us", "sanctions", 2.0, None)]
        );
        assert_eq!(
            mean_caption(&project),
            "Mean position over 2 articles and 2 coders, with overall judgements; bars show the range (min–max)"
        );
        assert_eq!(mean_caption(&Project::default()), "Mean position over 0 articles and 0 coders");
    }

    #[test]
    fn empty_inputs_still_give_a_figure() {
        let (_, text) = parse(&all_issues_svg(&Project::default(), &[], "", ""));
        assert!(text.contains("No issues to plot"));
        let (_, text) = parse(&map_svg(&project(), &"nato".into(), &"missing".into(), &[], "", ""));
        assert!(text.contains("No actor has positions on both issues"));
        assert!(text.contains("missing"), "an unknown issue is named by its id");
    }
}
