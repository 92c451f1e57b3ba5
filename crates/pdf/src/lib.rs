//! One-page PDF documents for the platform's printable papers (the
//! e-Visa first): text in the standard 14 fonts (Helvetica, WinAnsi), lines
//! and rectangles, raster images, and QR codes drawn as images.
//!
//! Kept apart from the services so that the PDF writer and the image
//! decoder are compiled once, not into every crate's incremental builds.
//! Nothing here reads files or the network: no font files, no downloads.
//!
//! ```
//! use imigrasi_pdf::{Font, Page};
//! let mut page = Page::a4();
//! page.text(20.0, 30.0, 16.0, Font::Bold, "e-Visa");
//! page.qr("QR", b"IMG1.example", 20.0, 40.0, 40.0).unwrap();
//! let bytes = page.render("e-Visa");
//! assert!(bytes.starts_with(b"%PDF-"));
//! ```
//!
//! Lengths are millimetres from the page's top-left corner (text is placed
//! by its baseline); font sizes are points.

pub mod image;
mod qr;
mod render;
pub mod winansi;

pub use image::{Image, ImageError};
pub use qr::{QrError, qr_image};

/// Points per millimetre.
const PT_PER_MM: f32 = 72.0 / 25.4;

/// A standard font (no file embedded).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Font {
    /// Helvetica.
    Regular,
    /// Helvetica-Bold.
    Bold,
}

/// How a rectangle is drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Style {
    /// Outline width in points, if outlined.
    pub stroke: Option<f32>,
    /// Fill gray level (0 black, 1 white), if filled.
    pub fill: Option<f32>,
}

#[derive(Debug, Clone)]
pub(crate) enum Item {
    Text {
        x: f32,
        y: f32,
        size: f32,
        font: Font,
        gray: f32,
        bytes: Vec<u8>,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        style: Style,
    },
    Line {
        from: (f32, f32),
        to: (f32, f32),
        width: f32,
    },
    Image {
        index: usize,
        x: f32,
        y: f32,
        w: f32,
        h: f32,
    },
}

/// One page being laid out.
#[derive(Debug, Clone)]
pub struct Page {
    pub(crate) width: f32,
    pub(crate) height: f32,
    pub(crate) items: Vec<Item>,
    /// Resource name and image, in order of placement.
    pub(crate) images: Vec<(String, Image)>,
}

impl Page {
    /// An empty A4 page (210 × 297 mm).
    pub fn a4() -> Page {
        Page {
            width: 210.0,
            height: 297.0,
            items: Vec::new(),
            images: Vec::new(),
        }
    }

    /// Text at a baseline, in black.
    pub fn text(&mut self, x: f32, y: f32, size: f32, font: Font, text: &str) {
        self.text_gray(x, y, size, font, 0.0, text);
    }

    /// Text at a baseline, in a gray level (0 black, 1 white).
    pub fn text_gray(&mut self, x: f32, y: f32, size: f32, font: Font, gray: f32, text: &str) {
        self.items.push(Item::Text {
            x,
            y,
            size,
            font,
            gray,
            bytes: winansi::encode(text),
        });
    }

    /// Text made smaller (down to 6 pt) so that it fits `max_width`
    /// millimetres; still too long, it is cut and ends with `...`.
    pub fn text_fit(&mut self, x: f32, y: f32, size: f32, font: Font, max_width: f32, text: &str) {
        let bold = font == Font::Bold;
        let max_pt = max_width * PT_PER_MM;
        let mut bytes = winansi::encode(text);
        let mut size = size;
        let natural = winansi::width(&bytes, size, bold);
        if natural > max_pt {
            size = (size * max_pt / natural).max(6.0);
        }
        if winansi::width(&bytes, size, bold) > max_pt {
            while !bytes.is_empty()
                && winansi::width(&bytes, size, bold) + winansi::width(b"...", size, bold) > max_pt
            {
                bytes.pop();
            }
            bytes.extend_from_slice(b"...");
        }
        self.items.push(Item::Text {
            x,
            y,
            size,
            font,
            gray: 0.0,
            bytes,
        });
    }

    /// Text centred on `center_x`.
    pub fn text_centered(&mut self, center_x: f32, y: f32, size: f32, font: Font, text: &str) {
        let bytes = winansi::encode(text);
        let w = winansi::width(&bytes, size, font == Font::Bold) / PT_PER_MM;
        self.items.push(Item::Text {
            x: center_x - w / 2.0,
            y,
            size,
            font,
            gray: 0.0,
            bytes,
        });
    }

    /// A rectangle by its top-left corner and size.
    pub fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, style: Style) {
        self.items.push(Item::Rect { x, y, w, h, style });
    }

    /// A straight line, `width` points wide.
    pub fn line(&mut self, from: (f32, f32), to: (f32, f32), width: f32) {
        self.items.push(Item::Line { from, to, width });
    }

    /// An image in the box of top-left `(x, y)` and size `w` × `h`. `name`
    /// is its resource name in the PDF (letters and digits, unique on the
    /// page; others are dropped, a repeated name gets a number).
    pub fn image(&mut self, name: &str, image: Image, x: f32, y: f32, w: f32, h: f32) {
        let mut name: String = name.chars().filter(char::is_ascii_alphanumeric).collect();
        if name.is_empty() {
            name.push_str("Im");
        }
        if self.images.iter().any(|(n, _)| *n == name) {
            name = format!("{name}{}", self.images.len() + 1);
        }
        self.images.push((name, image));
        self.items.push(Item::Image {
            index: self.images.len() - 1,
            x,
            y,
            w,
            h,
        });
    }

    /// A QR code of `data` as a square gray image of side `size` (quiet
    /// zone included), named `name`.
    pub fn qr(
        &mut self,
        name: &str,
        data: &[u8],
        x: f32,
        y: f32,
        size: f32,
    ) -> Result<(), QrError> {
        let image = qr_image(data, qr::MODULE_PIXELS)?;
        self.image(name, image, x, y, size, size);
        Ok(())
    }

    /// The finished PDF file, with `title` in its document information.
    pub fn render(&self, title: &str) -> Vec<u8> {
        render::render(self, title)
    }
}
