//! A QR code as an 8-bit gray image: several pixels per module and the
//! quiet zone of four modules the standard asks for, so that a scan of the
//! printed page or a decoder reading the image itself finds it.

use crate::image::{Image, ImageError};

/// Pixels per module in the embedded image.
pub(crate) const MODULE_PIXELS: u32 = 4;
/// Light modules around the code.
const QUIET_ZONE: u32 = 4;

/// Why a QR code could not be made.
#[derive(Debug, thiserror::Error)]
pub enum QrError {
    /// Too much data for any QR version.
    #[error("cannot encode the QR code: {0}")]
    Encode(#[from] qrcode::types::QrError),
    /// The image could not be built.
    #[error(transparent)]
    Image(#[from] ImageError),
}

/// `data` as a QR code image, `module_pixels` pixels per module, with the
/// quiet zone (black modules 0, white 255).
pub fn qr_image(data: &[u8], module_pixels: u32) -> Result<Image, QrError> {
    let code = qrcode::QrCode::new(data)?;
    let modules = code.width() as u32;
    let colors = code.to_colors();
    let px = module_pixels.max(1);
    let side = (modules + 2 * QUIET_ZONE) * px;
    let mut samples = vec![255u8; side as usize * side as usize];
    for (i, color) in colors.iter().enumerate() {
        if *color != qrcode::Color::Dark {
            continue;
        }
        let (mx, my) = (i as u32 % modules, i as u32 / modules);
        for dy in 0..px {
            let row = (my + QUIET_ZONE) * px + dy;
            let start = (row * side + (mx + QUIET_ZONE) * px) as usize;
            samples[start..start + px as usize].fill(0);
        }
    }
    Ok(Image::gray(side, side, &samples)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_image_has_a_quiet_zone_and_whole_modules() {
        let Ok(img) = qr_image(b"IMG1.0123456789abcdef.e30.sig", 3) else {
            panic!("encodes");
        };
        // 17 + 4 × version modules, plus 8 modules of quiet zone, 3 px each.
        let modules = img.width() / 3 - 8;
        assert_eq!(img.width() % 3, 0);
        assert_eq!((modules - 17) % 4, 0);
        assert_eq!(img.width(), img.height());
        assert!(qr_image(&vec![b'A'; 5000], 3).is_err());
    }
}
