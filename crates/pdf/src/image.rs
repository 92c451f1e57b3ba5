//! Raster images ready to embed: a JPEG as it is (DCTDecode), anything
//! else as 8-bit samples compressed with FlateDecode.

use std::io::Write;

/// The colour space of an image's samples.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Colors {
    /// One component.
    Gray,
    /// Three components.
    Rgb,
    /// Four components (some JPEGs).
    Cmyk,
}

impl Colors {
    fn components(self) -> usize {
        match self {
            Colors::Gray => 1,
            Colors::Rgb => 3,
            Colors::Cmyk => 4,
        }
    }
}

/// How the samples are encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// A whole JPEG file (`DCTDecode`).
    Jpeg,
    /// zlib-compressed 8-bit samples (`FlateDecode`).
    Flate,
}

/// An image to place on a page.
#[derive(Clone, PartialEq, Eq)]
pub struct Image {
    pub(crate) width: u32,
    pub(crate) height: u32,
    pub(crate) colors: Colors,
    pub(crate) encoding: Encoding,
    pub(crate) data: Vec<u8>,
}

impl std::fmt::Debug for Image {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Image")
            .field("width", &self.width)
            .field("height", &self.height)
            .field("colors", &self.colors)
            .field("encoding", &self.encoding)
            .field("bytes", &self.data.len())
            .finish()
    }
}

/// Why an image cannot be embedded.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ImageError {
    /// Neither a JPEG nor a PNG.
    #[error("not a JPEG or PNG image")]
    UnknownFormat,
    /// The file is damaged or of a kind not handled (arithmetic-coded JPEG…).
    #[error("the image cannot be read: {0}")]
    Unreadable(String),
    /// Wider or taller than [`MAX_SIDE`] pixels.
    #[error("the image is larger than {MAX_SIDE} pixels on a side")]
    TooLarge,
    /// Samples that do not match the size given.
    #[error("{0} samples given, {1} expected")]
    SampleCount(usize, usize),
}

/// The largest side accepted, in pixels (a passport photo needs far fewer;
/// the bound keeps a small file from claiming gigabytes when decoded).
pub const MAX_SIDE: u32 = 4000;

/// Photos larger than this on their longer side are scaled down.
const PHOTO_SIDE: u32 = 800;

fn zlib(bytes: &[u8]) -> Vec<u8> {
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    // Writing into a Vec cannot fail.
    let _ = z.write_all(bytes);
    z.finish().unwrap_or_default()
}

impl Image {
    /// Width in pixels.
    pub fn width(&self) -> u32 {
        self.width
    }

    /// Height in pixels.
    pub fn height(&self) -> u32 {
        self.height
    }

    /// Its encoding.
    pub fn encoding(&self) -> Encoding {
        self.encoding
    }

    /// A JPEG or a PNG, recognised by its first bytes.
    pub fn from_file(bytes: &[u8]) -> Result<Image, ImageError> {
        if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Image::jpeg(bytes)
        } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Image::png(bytes)
        } else {
            Err(ImageError::UnknownFormat)
        }
    }

    /// A JPEG, embedded as it is; its size and components come from its
    /// frame header.
    pub fn jpeg(bytes: &[u8]) -> Result<Image, ImageError> {
        let (width, height, components) = jpeg_frame(bytes)?;
        let colors = match components {
            1 => Colors::Gray,
            3 => Colors::Rgb,
            4 => Colors::Cmyk,
            n => return Err(ImageError::Unreadable(format!("{n} components"))),
        };
        check_size(width, height)?;
        Ok(Image {
            width,
            height,
            colors,
            encoding: Encoding::Jpeg,
            data: bytes.to_vec(),
        })
    }

    /// A PNG, decoded (transparency laid on white, scaled down past
    /// 800 pixels) and compressed again.
    pub fn png(bytes: &[u8]) -> Result<Image, ImageError> {
        let bad = |e: png::DecodingError| ImageError::Unreadable(e.to_string());
        let mut decoder = png::Decoder::new_with_limits(
            std::io::Cursor::new(bytes),
            png::Limits {
                bytes: 80 * 1024 * 1024,
            },
        );
        decoder.set_transformations(png::Transformations::normalize_to_color8());
        let mut reader = decoder.read_info().map_err(bad)?;
        let (w, h) = (reader.info().width, reader.info().height);
        check_size(w, h)?;
        let size = reader.output_buffer_size().ok_or(ImageError::TooLarge)?;
        let mut buf = vec![0; size];
        let frame = reader.next_frame(&mut buf).map_err(bad)?;
        buf.truncate(frame.buffer_size());
        let (colors, samples) = flatten(frame.color_type, &buf);
        let (width, height, samples) = shrink(w, h, colors.components(), samples, PHOTO_SIDE);
        Ok(Image {
            width,
            height,
            colors,
            encoding: Encoding::Flate,
            data: zlib(&samples),
        })
    }

    /// 8-bit gray samples, row by row from the top (0 black, 255 white).
    pub fn gray(width: u32, height: u32, samples: &[u8]) -> Result<Image, ImageError> {
        check_size(width, height)?;
        let expected = width as usize * height as usize;
        if samples.len() != expected {
            return Err(ImageError::SampleCount(samples.len(), expected));
        }
        Ok(Image {
            width,
            height,
            colors: Colors::Gray,
            encoding: Encoding::Flate,
            data: zlib(samples),
        })
    }
}

fn check_size(width: u32, height: u32) -> Result<(), ImageError> {
    if width == 0 || height == 0 {
        return Err(ImageError::Unreadable("empty image".to_owned()));
    }
    if width > MAX_SIDE || height > MAX_SIDE {
        return Err(ImageError::TooLarge);
    }
    Ok(())
}

/// Width, height and components from a JPEG's start-of-frame segment.
fn jpeg_frame(bytes: &[u8]) -> Result<(u32, u32, u8), ImageError> {
    let damaged = || ImageError::Unreadable("no JPEG frame header".to_owned());
    let mut i = 2;
    while i + 4 <= bytes.len() {
        if bytes[i] != 0xFF {
            return Err(damaged());
        }
        let marker = bytes[i + 1];
        match marker {
            // Fill bytes, and markers without a length.
            0xFF => {
                i += 1;
                continue;
            }
            0x01 | 0xD0..=0xD7 => {
                i += 2;
                continue;
            }
            0xD9 | 0xDA => return Err(damaged()),
            _ => {}
        }
        let len = usize::from(u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]));
        // Baseline, extended and progressive Huffman frames; arithmetic
        // coding (0xC9..) is rare and not every viewer reads it.
        if matches!(marker, 0xC0..=0xC2) {
            let seg = bytes.get(i + 4..i + 2 + len).ok_or_else(damaged)?;
            if seg.len() < 6 || seg[0] != 8 {
                return Err(ImageError::Unreadable("not an 8-bit JPEG".to_owned()));
            }
            let height = u32::from(u16::from_be_bytes([seg[1], seg[2]]));
            let width = u32::from(u16::from_be_bytes([seg[3], seg[4]]));
            return Ok((width, height, seg[5]));
        }
        if matches!(marker, 0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF) {
            return Err(ImageError::Unreadable("unsupported JPEG coding".to_owned()));
        }
        i += 2 + len;
    }
    Err(damaged())
}

/// Gray or RGB samples, with any alpha laid over white.
fn flatten(color: png::ColorType, buf: &[u8]) -> (Colors, Vec<u8>) {
    let over_white = |v: u8, a: u8| -> u8 {
        let (v, a) = (u16::from(v), u16::from(a));
        ((v * a + 255 * (255 - a) + 127) / 255) as u8
    };
    match color {
        png::ColorType::Grayscale => (Colors::Gray, buf.to_vec()),
        png::ColorType::GrayscaleAlpha => (
            Colors::Gray,
            buf.chunks_exact(2)
                .map(|p| over_white(p[0], p[1]))
                .collect(),
        ),
        png::ColorType::Rgba => (
            Colors::Rgb,
            buf.chunks_exact(4)
                .flat_map(|p| [0, 1, 2].map(|c| over_white(p[c], p[3])))
                .collect(),
        ),
        // RGB (palettes are expanded by the decoder).
        _ => (Colors::Rgb, buf.to_vec()),
    }
}

/// Scale down by a whole factor (averaging each block) until the longer
/// side is at most `max`.
fn shrink(w: u32, h: u32, comps: usize, samples: Vec<u8>, max: u32) -> (u32, u32, Vec<u8>) {
    let factor = w.max(h).div_ceil(max).max(1);
    if factor == 1 {
        return (w, h, samples);
    }
    let (nw, nh) = ((w / factor).max(1), (h / factor).max(1));
    let (f, wu) = (factor as usize, w as usize);
    let mut out = Vec::with_capacity(nw as usize * nh as usize * comps);
    for y in 0..nh as usize {
        for x in 0..nw as usize {
            for c in 0..comps {
                let mut sum = 0u32;
                for dy in 0..f {
                    for dx in 0..f {
                        let idx = ((y * f + dy) * wu + x * f + dx) * comps + c;
                        sum += u32::from(samples.get(idx).copied().unwrap_or(255));
                    }
                }
                out.push((sum / (f * f) as u32) as u8);
            }
        }
    }
    (nw, nh, out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// A PNG made with the `png` encoder.
    pub(crate) fn png_file(w: u32, h: u32, color: png::ColorType, samples: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(color);
        enc.set_depth(png::BitDepth::Eight);
        let mut writer = enc.write_header().unwrap();
        writer.write_image_data(samples).unwrap();
        writer.finish().unwrap();
        out
    }

    #[test]
    fn a_jpeg_frame_header_gives_its_size() {
        // SOI, APP0 (length 16), SOF0: 8 bits, 40 high, 30 wide, 3 components.
        let mut jpeg =
            b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00".to_vec();
        jpeg.extend_from_slice(
            b"\xff\xc0\x00\x11\x08\x00\x28\x00\x1e\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01",
        );
        jpeg.extend_from_slice(b"\xff\xd9");
        let img = Image::from_file(&jpeg).unwrap();
        assert_eq!(
            (img.width(), img.height(), img.colors),
            (30, 40, Colors::Rgb)
        );
        assert_eq!(img.encoding(), Encoding::Jpeg);
        // Only the markers of an empty JPEG: refused, not a panic.
        let empty = b"\xff\xd8\xff\xe0\0\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0\xff\xd9";
        assert!(matches!(
            Image::from_file(empty),
            Err(ImageError::Unreadable(_))
        ));
        assert!(Image::from_file(b"\xff\xd8\xff").is_err());
        assert_eq!(
            Image::from_file(b"%PDF-1.7"),
            Err(ImageError::UnknownFormat)
        );
    }

    #[test]
    fn a_png_is_decoded_flattened_and_recompressed() {
        let rgba = [255, 0, 0, 255, 0, 0, 0, 0, 0, 0, 255, 128, 10, 20, 30, 255];
        let img = Image::png(&png_file(2, 2, png::ColorType::Rgba, &rgba)).unwrap();
        assert_eq!((img.width(), img.height(), img.colors), (2, 2, Colors::Rgb));
        let mut raw = Vec::new();
        std::io::Read::read_to_end(
            &mut flate2::read::ZlibDecoder::new(img.data.as_slice()),
            &mut raw,
        )
        .unwrap();
        assert_eq!(raw, [255, 0, 0, 255, 255, 255, 127, 127, 255, 10, 20, 30]);
        // A truncated PNG is refused.
        let file = png_file(2, 2, png::ColorType::Rgba, &rgba);
        assert!(Image::png(&file[..file.len() / 2]).is_err());
    }

    #[test]
    fn large_photos_are_scaled_down_and_huge_ones_refused() {
        let big = vec![200u8; 1700 * 10];
        let img = Image::png(&png_file(1700, 10, png::ColorType::Grayscale, &big)).unwrap();
        assert_eq!((img.width(), img.height()), (566, 3));
        assert_eq!(Image::gray(MAX_SIDE + 1, 1, &[]), Err(ImageError::TooLarge));
        assert_eq!(
            Image::gray(2, 2, &[0; 3]),
            Err(ImageError::SampleCount(3, 4))
        );
    }
}
