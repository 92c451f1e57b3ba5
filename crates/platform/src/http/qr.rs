//! The one QR-code helper: text to an inline SVG, labelled for screen
//! readers. Used for booking proofs, kiosk tickets and signed documents
//! (`signing::Keys::sign` gives the text of a verifiable QR code).

/// Why a QR code could not be drawn (the data is too long for any version).
#[derive(Debug, thiserror::Error)]
#[error("cannot draw the QR code: {0}")]
pub struct QrError(#[from] qrcode::types::QrError);

/// How to draw a QR code.
#[derive(Debug, Clone, Copy)]
pub struct QrStyle<'a> {
    /// Text read aloud by screen readers (`aria-label`).
    pub label: &'a str,
    /// Smallest width and height, in pixels.
    pub min_size: u32,
    /// A CSS class for the `<svg>` element.
    pub class: Option<&'a str>,
}

/// `text` as an inline SVG QR code for a page: a failure (text too long for
/// any QR version, which no page of ours sends) is the page's 500.
pub fn page_svg(text: &str, style: QrStyle<'_>) -> Result<String, crate::http::error::PageError> {
    svg(text.as_bytes(), style).map_err(crate::http::error::PageError::internal)
}

/// Keep only characters that cannot end an attribute or open markup.
fn attribute_text(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, '"' | '<' | '>' | '&') && !c.is_control())
        .collect()
}

/// `data` as an inline `<svg role="img" aria-label="…">` QR code (without
/// the XML declaration, ready to embed in HTML).
pub fn svg(data: &[u8], style: QrStyle<'_>) -> Result<String, QrError> {
    let code = qrcode::QrCode::new(data)?;
    let svg = code
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(style.min_size, style.min_size)
        .build();
    let start = svg.find("<svg").unwrap_or(0);
    let mut attrs = format!(
        "<svg role=\"img\" aria-label=\"{}\" ",
        attribute_text(style.label)
    );
    if let Some(class) = style.class {
        attrs.push_str(&format!("class=\"{}\" ", attribute_text(class)));
    }
    Ok(svg[start..].replacen("<svg ", &attrs, 1))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn draws_a_labelled_svg_without_markup_from_the_label() {
        let out = svg(
            b"ABC123",
            QrStyle {
                label: "Kode \"x\" <b>&",
                min_size: 160,
                class: Some("qr"),
            },
        )
        .unwrap();
        assert!(out.starts_with("<svg role=\"img\" aria-label=\"Kode x b\" class=\"qr\" "));
        assert!(!out.contains("<?xml"));
        assert!(out.contains("</svg>"));
        let plain = svg(
            b"A",
            QrStyle {
                label: "l",
                min_size: 10,
                class: None,
            },
        )
        .unwrap();
        assert!(!plain.contains("class="));
    }

    #[test]
    fn refuses_data_too_long_for_a_qr_code() {
        let long = vec![b'x'; 8000];
        assert!(
            svg(
                &long,
                QrStyle {
                    label: "",
                    min_size: 10,
                    class: None
                }
            )
            .is_err()
        );
    }
}
