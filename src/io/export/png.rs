//! PNG figures: the SVG documents of [`super::svg`] rendered in pure Rust (resvg), so a PNG shows
//! exactly what the SVG does and needs nothing installed.
//!
//! Text is drawn with the Ubuntu font that ships inside egui (`epaint_default_fonts`), loaded from
//! memory for every render: system fonts are never consulted, so a bare machine gives the same
//! picture as a desktop. The SVG's `px` are points; `scale` multiplies them (2 for a 2× "retina"
//! image: a 1,600-point figure becomes 3,200 pixels wide).

use std::sync::OnceLock;

use resvg::{tiny_skia, usvg};

/// Why a figure could not be rendered.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PngError {
    /// The scale is not a positive finite number, or gives an image too large to hold.
    #[error("cannot render a PNG at scale {scale} of a {width} × {height} figure (choose a scale from 0.1 to 8)")]
    Size {
        /// The scale asked for.
        scale: f32,
        /// The figure's width in points.
        width: f32,
        /// The figure's height in points.
        height: f32,
    },
    /// The SVG did not parse (a bug: the drawers write well-formed SVG).
    #[error("the figure's SVG could not be read for rendering: {0}")]
    Svg(String),
    /// Encoding the pixels failed.
    #[error("the PNG could not be encoded: {0}")]
    Encode(String),
}

/// The font database with egui's bundled sans-serif font, built once.
fn fonts() -> std::sync::Arc<usvg::fontdb::Database> {
    static FONTS: OnceLock<std::sync::Arc<usvg::fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut database = usvg::fontdb::Database::new();
            database.load_font_data(epaint_default_fonts::UBUNTU_LIGHT.to_vec());
            database.load_font_data(epaint_default_fonts::HACK_REGULAR.to_vec());
            database.set_sans_serif_family("Ubuntu");
            database.set_serif_family("Ubuntu");
            database.set_monospace_family("Hack");
            std::sync::Arc::new(database)
        })
        .clone()
}

/// Renders `svg` to PNG bytes at `scale` pixels per point, on its own white background.
pub fn render_png(svg: &str, scale: f32) -> Result<Vec<u8>, PngError> {
    let options = usvg::Options { font_family: "Ubuntu".into(), fontdb: fonts(), ..usvg::Options::default() };
    let tree = usvg::Tree::from_str(svg, &options).map_err(|error| PngError::Svg(error.to_string()))?;
    let size = tree.size();
    let too_big = |_| PngError::Size { scale, width: size.width(), height: size.height() };
    if !(0.1..=8.0).contains(&scale) {
        return Err(too_big(()));
    }
    let (width, height) = ((size.width() * scale).ceil(), (size.height() * scale).ceil());
    if width * height > 400_000_000.0 {
        return Err(too_big(()));
    }
    let mut pixmap = tiny_skia::Pixmap::new(width as u32, height as u32).ok_or_else(|| too_big(()))?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(&tree, tiny_skia::Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    pixmap.encode_png().map_err(|error| PngError::Encode(error.to_string()))
}

/// Renders `svg` to straight (not premultiplied) RGBA pixels, `size` pixels square, on a
/// transparent background: the app icon at the size a window system asks for.
pub fn render_rgba(svg: &str, size: u32) -> Result<Vec<u8>, PngError> {
    let options = usvg::Options::default();
    let tree = usvg::Tree::from_str(svg, &options).map_err(|error| PngError::Svg(error.to_string()))?;
    let scale = size as f32 / tree.size().width().max(tree.size().height());
    let too_big = || PngError::Size { scale, width: tree.size().width(), height: tree.size().height() };
    if !(1..=1024).contains(&size) {
        return Err(too_big());
    }
    let mut pixmap = tiny_skia::Pixmap::new(size, size).ok_or_else(too_big)?;
    resvg::render(&tree, tiny_skia::Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    Ok(pixmap
        .pixels()
        .iter()
        .flat_map(|pixel| {
            let colour = pixel.demultiply();
            [colour.red(), colour.green(), colour.blue(), colour.alpha()]
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_app_icon_renders_at_every_size_it_is_installed_at() {
        let svg = include_str!("../../../assets/icon.svg");
        for size in [16, 32, 48, 64, 128, 256, 512] {
            let rgba = render_rgba(svg, size).expect("renders");
            assert_eq!(rgba.len(), (size * size * 4) as usize);
            // Transparent corners (rounded), an opaque middle.
            assert_eq!(rgba[3], 0, "the corner at {size} px is transparent");
            let middle = ((size / 2) * size + size / 2) as usize * 4;
            assert_eq!(rgba[middle + 3], 255, "the middle at {size} px is opaque");
        }
        assert!(render_rgba(svg, 0).is_err());
    }

    #[test]
    fn text_renders_with_the_bundled_font_at_the_asked_scale() {
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" viewBox="0 0 120 40"><text x="4" y="30" font-size="24" font-family="Helvetica, Arial, sans-serif" fill="#000000">Hello</text></svg>"##;
        let png = render_png(svg, 2.0).expect("renders");
        let pixmap = tiny_skia::Pixmap::decode_png(&png).expect("decodes");
        assert_eq!((pixmap.width(), pixmap.height()), (240, 80));
        let dark = pixmap.pixels().iter().filter(|pixel| pixel.red() < 100).count();
        assert!(dark > 300, "the text was drawn ({dark} dark pixels)");
        assert!(matches!(render_png(svg, 0.0), Err(PngError::Size { .. })));
        assert!(matches!(render_png("<svg", 1.0), Err(PngError::Svg(_))));
    }
}
