//! A QR code as inline SVG (no image, no script): what the two-step set-up
//! page shows for an authenticator app to read.

use qrcode::render::svg;
use qrcode::QrCode;

/// `text` as an SVG element to put in a page as it is, with `label` as its
/// accessible name; `None` if it cannot be drawn.
pub fn svg(text: &str, label: &str) -> Option<String> {
    let code = QrCode::new(text.as_bytes()).ok()?;
    let drawn = code
        .render::<svg::Color<'_>>()
        .min_dimensions(200, 200)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .build();
    // The XML declaration is for a file; in a page the element starts at <svg.
    let element = &drawn[drawn.find("<svg")?..];
    let label = label.replace('&', "&amp;").replace('<', "&lt;").replace('"', "&quot;");
    Some(element.replacen("<svg", &format!("<svg role=\"img\" aria-label=\"{label}\""), 1))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_code_is_an_svg_element_without_a_declaration() {
        let svg = super::svg("otpauth://totp/gatehouse:a?secret=ABC", "QR \"code\"").unwrap();
        assert!(
            svg.starts_with("<svg role=\"img\" aria-label=\"QR &quot;code&quot;\""),
            "{}",
            &svg[..80]
        );
        assert!(!svg.contains("<?xml") && svg.ends_with("</svg>"));
        assert!(!svg.contains("style="), "no inline style: the CSP forbids it");
    }
}
