//! Colours and sizes shared by the panels, so the app looks consistent.

use egui::Color32;

use crate::model::Rgb;

/// The egui colour of a model colour.
pub fn color(rgb: Rgb) -> Color32 {
    let [r, g, b] = rgb.0;
    Color32::from_rgb(r, g, b)
}

/// A colour for text drawn on top of `background`: black or white, whichever reads better.
pub fn text_on(background: Color32) -> Color32 {
    let luminance =
        0.299 * f32::from(background.r()) + 0.587 * f32::from(background.g()) + 0.114 * f32::from(background.b());
    if luminance > 150.0 { Color32::from_gray(20) } else { Color32::WHITE }
}

/// Background tint for an actor's mentions in the reader.
pub fn mention_background(rgb: Rgb, dark_mode: bool) -> Color32 {
    let alpha = if dark_mode { 90 } else { 60 };
    color(rgb).gamma_multiply_u8(alpha)
}

/// Background of evidence quotes in the reader.
pub fn evidence_background(dark_mode: bool) -> Color32 {
    if dark_mode { Color32::from_rgb(0x5a, 0x4a, 0x10) } else { Color32::from_rgb(0xff, 0xf1, 0xa8) }
}

/// Radius of an axis marker, in points.
pub const MARKER_RADIUS: f32 = 12.0;

/// Font size of the article text.
pub const READER_FONT_SIZE: f32 = 15.5;

/// Applies StanceMap's look to egui's style (slightly larger text, calmer spacing).
pub fn apply(ctx: &egui::Context) {
    ctx.all_styles_mut(|style| {
        style.spacing.item_spacing = egui::vec2(8.0, 6.0);
        style.spacing.button_padding = egui::vec2(8.0, 3.0);
        style.spacing.interact_size.y = 22.0;
        for (text_style, font_id) in &mut style.text_styles {
            font_id.size = match text_style {
                egui::TextStyle::Heading => 20.0,
                egui::TextStyle::Body | egui::TextStyle::Button => 14.0,
                egui::TextStyle::Small => 11.5,
                egui::TextStyle::Monospace => 13.0,
                egui::TextStyle::Name(_) => font_id.size,
            };
        }
    });
}
