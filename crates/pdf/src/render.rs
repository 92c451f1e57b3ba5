//! Writing a [`Page`] out with `pdf-writer`.

use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

use crate::image::{Colors, Encoding};
use crate::{Font, Item, PT_PER_MM, Page};

const CATALOG: Ref = Ref::new(1);
const PAGES: Ref = Ref::new(2);
const PAGE: Ref = Ref::new(3);
const CONTENT: Ref = Ref::new(4);
const INFO: Ref = Ref::new(5);
const REGULAR: Ref = Ref::new(6);
const BOLD: Ref = Ref::new(7);
/// Images take the ids from here on.
const FIRST_IMAGE: i32 = 8;

fn font_name(font: Font) -> Name<'static> {
    match font {
        Font::Regular => Name(b"F1"),
        Font::Bold => Name(b"F2"),
    }
}

pub(crate) fn render(page: &Page, title: &str) -> Vec<u8> {
    let (w_pt, h_pt) = (page.width * PT_PER_MM, page.height * PT_PER_MM);
    // Millimetres from the top-left corner to points from the bottom-left.
    let px = |x: f32| x * PT_PER_MM;
    let py = |y: f32| h_pt - y * PT_PER_MM;

    let mut pdf = Pdf::new();
    pdf.catalog(CATALOG).pages(PAGES);
    pdf.pages(PAGES).kids([PAGE]).count(1);
    let title_text = String::from_utf8_lossy(&crate::winansi::encode(title)).into_owned();
    pdf.document_info(INFO)
        .title(TextStr(&title_text))
        .producer(TextStr("imigrasi"));

    let image_ref = |i: usize| Ref::new(FIRST_IMAGE + i as i32);
    {
        let mut p = pdf.page(PAGE);
        p.media_box(Rect::new(0.0, 0.0, w_pt, h_pt));
        p.parent(PAGES);
        p.contents(CONTENT);
        let mut resources = p.resources();
        {
            let mut fonts = resources.fonts();
            fonts.pair(font_name(Font::Regular), REGULAR);
            fonts.pair(font_name(Font::Bold), BOLD);
        }
        {
            let mut xobjects = resources.x_objects();
            for (i, (name, _)) in page.images.iter().enumerate() {
                xobjects.pair(Name(name.as_bytes()), image_ref(i));
            }
        }
        resources.finish();
        p.finish();
    }
    for (id, base) in [(REGULAR, "Helvetica"), (BOLD, "Helvetica-Bold")] {
        pdf.type1_font(id)
            .base_font(Name(base.as_bytes()))
            .encoding_predefined(Name(b"WinAnsiEncoding"));
    }
    for (i, (_, image)) in page.images.iter().enumerate() {
        let mut x = pdf.image_xobject(image_ref(i), &image.data);
        x.filter(match image.encoding {
            Encoding::Jpeg => Filter::DctDecode,
            Encoding::Flate => Filter::FlateDecode,
        });
        x.width(image.width as i32);
        x.height(image.height as i32);
        match image.colors {
            Colors::Gray => x.color_space().device_gray(),
            Colors::Rgb => x.color_space().device_rgb(),
            Colors::Cmyk => x.color_space().device_cmyk(),
        }
        x.bits_per_component(8);
        // Crisp modules and pixels when enlarged.
        x.interpolate(false);
        x.finish();
    }

    // The content stream stays uncompressed: it is small, and anyone can
    // read the text of the document in the file.
    let mut c = Content::new();
    for item in &page.items {
        match item {
            Item::Text {
                x,
                y,
                size,
                font,
                gray,
                bytes,
            } => {
                c.set_fill_gray(*gray);
                c.begin_text();
                c.set_font(font_name(*font), *size);
                c.next_line(px(*x), py(*y));
                c.show(Str(bytes));
                c.end_text();
            }
            Item::Rect { x, y, w, h, style } => {
                c.save_state();
                if let Some(gray) = style.fill {
                    c.set_fill_gray(gray);
                }
                if let Some(width) = style.stroke {
                    c.set_line_width(width);
                }
                c.rect(px(*x), py(*y + *h), w * PT_PER_MM, h * PT_PER_MM);
                match (style.fill.is_some(), style.stroke.is_some()) {
                    (true, true) => c.fill_nonzero_and_stroke(),
                    (true, false) => c.fill_nonzero(),
                    (false, true) => c.stroke(),
                    (false, false) => c.end_path(),
                };
                c.restore_state();
            }
            Item::Line { from, to, width } => {
                c.save_state();
                c.set_line_width(*width);
                c.move_to(px(from.0), py(from.1));
                c.line_to(px(to.0), py(to.1));
                c.stroke();
                c.restore_state();
            }
            Item::Image { index, x, y, w, h } => {
                let Some((name, _)) = page.images.get(*index) else {
                    continue;
                };
                c.save_state();
                c.transform([w * PT_PER_MM, 0.0, 0.0, h * PT_PER_MM, px(*x), py(*y + *h)]);
                c.x_object(Name(name.as_bytes()));
                c.restore_state();
            }
        }
    }
    let content = c.finish();
    pdf.stream(CONTENT, &content);
    pdf.finish()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use crate::{Font, Image, Page, Style};

    fn find(haystack: &[u8], needle: &[u8]) -> bool {
        haystack.windows(needle.len()).any(|w| w == needle)
    }

    #[test]
    fn a_page_with_text_shapes_images_and_a_qr_code() {
        let mut page = Page::a4();
        page.text(20.0, 20.0, 18.0, Font::Bold, "e-Visa (Visa Elektronik)");
        page.text(20.0, 30.0, 10.0, Font::Regular, "Back\\slash and (open");
        page.text(20.0, 40.0, 10.0, Font::Regular, "José Łukasz Иван");
        page.rect(
            10.0,
            10.0,
            190.0,
            277.0,
            Style {
                stroke: Some(1.0),
                fill: None,
            },
        );
        page.line((10.0, 50.0), (200.0, 50.0), 0.5);
        page.image(
            "Photo",
            Image::gray(2, 2, &[0, 255, 255, 0]).unwrap(),
            150.0,
            20.0,
            35.0,
            45.0,
        );
        page.qr("QR", b"IMG1.payload", 150.0, 200.0, 40.0).unwrap();
        let pdf = page.render("e-Visa EV26K7Q3M9XA2B");
        assert!(pdf.starts_with(b"%PDF-1."));
        assert!(pdf.ends_with(b"%%EOF\n") || pdf.ends_with(b"%%EOF"));
        // Standard fonts in WinAnsi, no font file.
        assert!(find(&pdf, b"/BaseFont /Helvetica-Bold"));
        assert!(find(&pdf, b"/Encoding /WinAnsiEncoding"));
        assert!(!find(&pdf, b"/FontFile"));
        // The text is in the content stream, escaped for a PDF string.
        assert!(
            find(&pdf, b"(e-Visa \\(Visa Elektronik\\)) Tj")
                || find(&pdf, b"(e-Visa (Visa Elektronik)) Tj")
        );
        assert!(find(&pdf, b"(Back\\\\slash and \\(open) Tj"));
        // Latin-1 as WinAnsi bytes (hex string), the rest transliterated
        // or replaced: "José Lukasz ????".
        assert!(
            find(&pdf, b"<4A6F73E9204C756B61737A203F3F3F3F> Tj"),
            "{}",
            String::from_utf8_lossy(&pdf)
        );
        // Both images, the QR code in gray without interpolation.
        assert!(find(&pdf, b"/Photo 8 0 R"));
        assert!(find(&pdf, b"/QR 9 0 R"));
        assert!(find(&pdf, b"/Subtype /Image"));
        assert!(find(&pdf, b"/ColorSpace /DeviceGray"));
        assert!(find(&pdf, b"/Filter /FlateDecode"));
        assert!(find(&pdf, b"/Interpolate false"));
        assert!(find(&pdf, b"/QR Do"));
    }

    #[test]
    fn a_jpeg_is_embedded_as_it_is_with_dct_decode() {
        // SOI, SOF0 (8 bits, 2 × 3 pixels, 1 component), EOI.
        let jpeg = b"\xff\xd8\xff\xc0\x00\x0b\x08\x00\x03\x00\x02\x01\x01\x11\x00\xff\xd9";
        let mut page = Page::a4();
        page.image(
            "Photo",
            Image::from_file(jpeg).unwrap(),
            150.0,
            20.0,
            35.0,
            45.0,
        );
        let pdf = page.render("photo");
        assert!(find(&pdf, b"/Filter /DCTDecode"));
        assert!(find(&pdf, b"/Width 2"));
        assert!(find(&pdf, b"/Height 3"));
        assert!(find(&pdf, jpeg));
    }

    #[test]
    fn long_text_is_fitted_and_images_get_unique_names() {
        let mut page = Page::a4();
        let long = "Wolfeschlegelsteinhausenbergerdorff ".repeat(10);
        page.text_fit(20.0, 20.0, 12.0, Font::Bold, 100.0, &long);
        let crate::Item::Text { size, bytes, .. } = &page.items[0] else {
            panic!("text");
        };
        assert!(*size >= 6.0 && bytes.ends_with(b"..."));
        assert!(crate::winansi::width(bytes, *size, true) <= 100.0 * crate::PT_PER_MM);
        let img = Image::gray(1, 1, &[0]).unwrap();
        page.image("Im", img.clone(), 0.0, 0.0, 1.0, 1.0);
        page.image("Im", img.clone(), 0.0, 0.0, 1.0, 1.0);
        page.image("(/)", img, 0.0, 0.0, 1.0, 1.0);
        let names: Vec<&str> = page.images.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["Im", "Im2", "Im3"]);
    }
}
