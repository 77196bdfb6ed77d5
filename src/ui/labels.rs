//! Label placement for plots: names next to their markers without running into each other, the
//! markers or the plot's edge, and names shortened with "…" to a width.
//!
//! Widths are estimated (0.55 em per character, a little generous for egui's proportional font), so
//! the placement needs no font access and is the same in tests as on screen.

use egui::{Align2, Pos2, Rect, Vec2, vec2};

/// Where one label goes: its (possibly shortened) text, its offset from the marker and its anchor.
#[derive(Clone, Debug, PartialEq)]
pub struct Placement {
    /// The text to draw.
    pub text: String,
    /// From the marker's centre to the anchor point, in screen points.
    pub offset: Vec2,
    /// Which point of the text sits at the anchor.
    pub anchor: Align2,
}

/// Font size of plot labels (egui's "small" text).
const LABEL_SIZE: f32 = 10.0;

/// Estimated width of `text` at `size` points.
fn text_width(text: &str, size: f32) -> f32 {
    text.chars().count() as f32 * size * 0.55
}

/// `text` shortened with "…" to about `max_width` points at font `size`.
pub fn ellipsize(text: &str, max_width: f32, size: f32) -> String {
    if text_width(text, size) <= max_width {
        return text.to_owned();
    }
    let keep = ((max_width / (size * 0.55)) as usize).saturating_sub(1).max(1);
    let short: String = text.chars().take(keep).collect();
    format!("{}…", short.trim_end())
}

/// A label for each marker at `markers` (screen points) inside `frame`: right, left, above, below
/// or on a diagonal, whichever crosses the fewest labels already placed and markers; names longer
/// than 140 points are shortened.
pub fn place_labels(markers: &[Pos2], names: &[String], frame: Rect) -> Vec<Placement> {
    let height = LABEL_SIZE + 4.0;
    let dots: Vec<Rect> = markers.iter().map(|at| Rect::from_center_size(*at, vec2(12.0, 12.0))).collect();
    let mut taken: Vec<Rect> = Vec::new();
    let mut placements = Vec::with_capacity(markers.len());
    for (at, name) in markers.iter().zip(names) {
        let text = ellipsize(name, 140.0, LABEL_SIZE);
        let width = text_width(&text, LABEL_SIZE);
        let candidates = [
            (vec2(9.0, 0.0), Align2::LEFT_CENTER),
            (vec2(-9.0, 0.0), Align2::RIGHT_CENTER),
            (vec2(0.0, -9.0), Align2::CENTER_BOTTOM),
            (vec2(0.0, 9.0), Align2::CENTER_TOP),
            (vec2(7.0, -7.0), Align2::LEFT_BOTTOM),
            (vec2(-7.0, -7.0), Align2::RIGHT_BOTTOM),
            (vec2(7.0, 7.0), Align2::LEFT_TOP),
            (vec2(-7.0, 7.0), Align2::RIGHT_TOP),
        ];
        let boxed = |(offset, anchor): &(Vec2, Align2)| anchor.anchor_size(*at + *offset, vec2(width, height));
        let cost = |rect: &Rect| {
            let outside = usize::from(!frame.contains_rect(*rect)) * 8;
            outside
                + taken.iter().filter(|other| other.intersects(*rect)).count() * 4
                + dots.iter().filter(|dot| dot.intersects(*rect)).count() * 2
        };
        let best = candidates.iter().min_by_key(|candidate| cost(&boxed(candidate))).unwrap_or(&candidates[0]);
        taken.push(boxed(best));
        placements.push(Placement { text, offset: best.0, anchor: best.1 });
    }
    placements
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neighbours_get_labels_that_do_not_overlap_and_long_names_are_shortened() {
        let frame = Rect::from_min_max(Pos2::ZERO, pos(400.0, 300.0));
        let markers = [pos(100.0, 100.0), pos(104.0, 102.0), pos(395.0, 150.0)];
        let names =
            ["Russia".to_owned(), "Belarus".to_owned(), "A very long actor name indeed, far too long".to_owned()];
        let placed = place_labels(&markers, &names, frame);
        let rect = |index: usize| {
            let p = &placed[index];
            p.anchor.anchor_size(markers[index] + p.offset, vec2(text_width(&p.text, LABEL_SIZE), LABEL_SIZE + 4.0))
        };
        assert!(!rect(0).intersects(rect(1)), "{placed:?}");
        assert!(frame.contains_rect(rect(2)), "the label near the edge turns inwards: {placed:?}");
        assert!(placed[2].text.ends_with('…') && text_width(&placed[2].text, LABEL_SIZE) <= 140.0 + LABEL_SIZE);
        assert_eq!(ellipsize("Short", 100.0, 10.0), "Short");
    }

    fn pos(x: f32, y: f32) -> Pos2 {
        egui::pos2(x, y)
    }
}
