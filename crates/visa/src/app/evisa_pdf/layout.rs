//! The e-Visa sheet: one A4 page in Indonesian and English. Pure: the
//! facts in, the PDF bytes out.

use imigrasi_pdf::{Font, Image, Page, QrError, Style};

/// Everything the sheet shows.
#[derive(Clone)]
pub struct Sheet<'a> {
    /// e-Visa number.
    pub number: &'a str,
    /// Register number of the application.
    pub register_number: &'a str,
    /// The e-Visa's status (`issued`, `used`, `expired`, `revoked`).
    pub status: &'a str,
    /// Index code, e.g. `C1`.
    pub visa_type: &'a str,
    /// The index's Indonesian name.
    pub name_id: &'a str,
    /// The index's English name.
    pub name_en: &'a str,
    /// `single` or `multiple`.
    pub entries: &'a str,
    /// Days of stay per entry.
    pub stay_days: i32,
    /// Days within which it must be used.
    pub use_within_days: i32,
    /// Holder's surname.
    pub surname: &'a str,
    /// Holder's given names.
    pub given_names: &'a str,
    /// Nationality (alpha-3).
    pub nationality: &'a str,
    /// `YYYY-MM-DD`.
    pub birth_date: &'a str,
    /// `M` or `F`.
    pub sex: &'a str,
    /// Passport number.
    pub passport_number: &'a str,
    /// `YYYY-MM-DD`.
    pub passport_expiry: &'a str,
    /// First day, `YYYY-MM-DD`.
    pub valid_from: &'a str,
    /// Last day to enter, `YYYY-MM-DD`.
    pub valid_until: &'a str,
    /// The signed QR payload, exactly as in the JSON view.
    pub qr: &'a str,
    /// The holder's photo, if one could be read.
    pub photo: Option<Image>,
}

impl std::fmt::Debug for Sheet<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Personal data stays out of logs.
        f.debug_struct("Sheet")
            .field("number", &self.number)
            .finish_non_exhaustive()
    }
}

/// Resource name of the QR code image in the PDF (verifiers look for it).
pub const QR_IMAGE: &str = "QR";
/// Resource name of the photo.
pub const PHOTO_IMAGE: &str = "Photo";

const LEFT: f32 = 15.0;
const VALUE_X: f32 = 78.0;
const PHOTO: (f32, f32, f32, f32) = (155.0, 48.0, 35.0, 45.0);
const LABEL_GRAY: f32 = 0.35;

fn sex(s: &str) -> &str {
    match s {
        "F" => "Perempuan / Female",
        "M" => "Laki-laki / Male",
        other => other,
    }
}

fn entries(s: &str) -> &str {
    match s {
        "single" => "Satu kali / Single entry",
        "multiple" => "Beberapa kali / Multiple entries",
        other => other,
    }
}

fn banner(status: &str) -> Option<&'static str> {
    match status {
        "revoked" => Some("DICABUT - TIDAK BERLAKU  /  REVOKED - NOT VALID"),
        "used" => Some("SUDAH DIGUNAKAN  /  USED"),
        "expired" => Some("KEDALUWARSA  /  EXPIRED"),
        _ => None,
    }
}

/// Labelled rows from `y`, 8 mm apart.
fn rows(page: &mut Page, y: f32, max_width: f32, rows: &[(&str, &str)]) {
    for (i, (label, value)) in rows.iter().enumerate() {
        let y = y + 8.0 * i as f32;
        page.text_gray(LEFT, y, 8.0, Font::Regular, LABEL_GRAY, label);
        page.text_fit(VALUE_X, y, 11.0, Font::Bold, max_width, value);
    }
}

fn section(page: &mut Page, y: f32, title: &str) {
    page.text(LEFT, y, 10.0, Font::Bold, title);
    page.line((LEFT, y + 2.0), (195.0, y + 2.0), 0.6);
}

fn photo(page: &mut Page, image: Option<Image>) {
    let (x, y, w, h) = PHOTO;
    match image {
        Some(image) => {
            // Fit inside the frame, keeping the proportions.
            let ratio = image.width() as f32 / image.height() as f32;
            let (iw, ih) = if ratio > w / h {
                (w, w / ratio)
            } else {
                (h * ratio, h)
            };
            let (ix, iy) = (x + (w - iw) / 2.0, y + (h - ih) / 2.0);
            page.image(PHOTO_IMAGE, image, ix, iy, iw, ih);
        }
        None => {
            let style = Style {
                stroke: None,
                fill: Some(0.93),
            };
            page.rect(x, y, w, h, style);
            page.text_centered(
                x + w / 2.0,
                y + h / 2.0 - 1.0,
                9.0,
                Font::Bold,
                "FOTO / PHOTO",
            );
            page.text_centered(
                x + w / 2.0,
                y + h / 2.0 + 4.0,
                7.0,
                Font::Regular,
                "tidak tersedia",
            );
            page.text_centered(
                x + w / 2.0,
                y + h / 2.0 + 8.0,
                7.0,
                Font::Regular,
                "not available",
            );
        }
    }
    let frame = Style {
        stroke: Some(0.8),
        fill: None,
    };
    page.rect(x, y, w, h, frame);
}

/// The PDF of the sheet.
pub fn render(sheet: Sheet<'_>) -> Result<Vec<u8>, QrError> {
    let mut page = Page::a4();
    let outline = Style {
        stroke: Some(1.0),
        fill: None,
    };
    let band = Style {
        stroke: None,
        fill: Some(0.9),
    };
    page.rect(10.0, 10.0, 190.0, 30.0, band);
    page.rect(10.0, 10.0, 190.0, 277.0, outline);
    page.text_centered(
        105.0,
        18.0,
        9.0,
        Font::Bold,
        "REPUBLIK INDONESIA  ·  REPUBLIC OF INDONESIA",
    );
    page.text_centered(
        105.0,
        24.0,
        9.0,
        Font::Regular,
        "Direktorat Jenderal Imigrasi  ·  Directorate General of Immigration",
    );
    page.text_centered(
        105.0,
        34.0,
        17.0,
        Font::Bold,
        "VISA ELEKTRONIK  /  ELECTRONIC VISA",
    );
    if let Some(text) = banner(sheet.status) {
        page.text_centered(105.0, 46.0, 12.0, Font::Bold, text);
    }

    // The index, the numbers and the photo.
    let index = format!("{}  {}", sheet.visa_type, sheet.name_id);
    page.text_fit(LEFT, 56.0, 14.0, Font::Bold, 135.0, &index);
    page.text_fit(LEFT, 62.0, 11.0, Font::Regular, 135.0, sheet.name_en);
    page.text_gray(
        LEFT,
        72.0,
        8.0,
        Font::Regular,
        LABEL_GRAY,
        "Nomor e-Visa / e-Visa number",
    );
    page.text(LEFT, 79.0, 16.0, Font::Bold, sheet.number);
    page.text_gray(
        LEFT,
        86.0,
        8.0,
        Font::Regular,
        LABEL_GRAY,
        "Nomor register / Register number",
    );
    page.text(LEFT, 92.0, 11.0, Font::Regular, sheet.register_number);
    photo(&mut page, sheet.photo.clone());

    section(&mut page, 104.0, "PEMEGANG  /  HOLDER");
    rows(
        &mut page,
        113.0,
        115.0,
        &[
            ("Nama keluarga / Surname", sheet.surname),
            ("Nama / Given names", sheet.given_names),
            ("Kewarganegaraan / Nationality", sheet.nationality),
            ("Tanggal lahir / Date of birth", sheet.birth_date),
            ("Jenis kelamin / Sex", sex(sheet.sex)),
            ("Nomor paspor / Passport number", sheet.passport_number),
            (
                "Paspor berlaku s.d. / Passport expiry",
                sheet.passport_expiry,
            ),
        ],
    );

    let use_within = format!("{} hari / days", sheet.use_within_days);
    let stay = format!("{} hari / days", sheet.stay_days);
    section(&mut page, 172.0, "MASA BERLAKU  /  VALIDITY");
    rows(
        &mut page,
        181.0,
        115.0,
        &[
            ("Berlaku mulai / Valid from", sheet.valid_from),
            ("Berlaku s.d. / Valid until", sheet.valid_until),
            ("Digunakan dalam / Use within", &use_within),
            ("Lama tinggal / Length of stay", &stay),
            ("Izin masuk / Entries", entries(sheet.entries)),
        ],
    );

    // The QR code and how to check it.
    page.qr(QR_IMAGE, sheet.qr.as_bytes(), LEFT, 222.0, 52.0)?;
    let x = 72.0;
    page.text(x, 228.0, 10.0, Font::Bold, "Verifikasi / Verification");
    for (i, line) in [
        "Pindai kode QR dan verifikasi di /verify, atau tanpa jaringan",
        "dengan kunci publik (GET /api/v1/documents/keys).",
        "Scan the QR code and verify at /verify, or offline with",
        "the public keys (GET /api/v1/documents/keys).",
    ]
    .iter()
    .enumerate()
    {
        page.text(x, 235.0 + 4.5 * i as f32, 8.5, Font::Regular, line);
    }
    page.text_gray(
        x,
        255.0,
        7.0,
        Font::Regular,
        LABEL_GRAY,
        "Sah tanpa tanda tangan basah. / Valid without a handwritten signature.",
    );
    // The payload as text too, for a verifier without a camera.
    let chars: Vec<char> = sheet.qr.chars().collect();
    for (i, chunk) in chars.chunks(96).take(6).enumerate() {
        let line: String = chunk.iter().collect();
        page.text_fit(x, 261.0 + 3.5 * i as f32, 6.0, Font::Regular, 122.0, &line);
    }
    Ok(page.render(&format!("e-Visa {}", sheet.number)))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    pub(crate) fn sheet(status: &'static str) -> Sheet<'static> {
        Sheet {
            number: "EV26K7Q3M9XA2B",
            register_number: "V-2026-7K3QX9M2",
            status,
            visa_type: "C1",
            name_id: "Visa Kunjungan Wisata",
            name_en: "Tourism visit visa",
            entries: "single",
            stay_days: 60,
            use_within_days: 90,
            surname: "Wałęsa (Smith)",
            given_names: "José Иван",
            nationality: "POL",
            birth_date: "1990-05-01",
            sex: "F",
            passport_number: "PA1234567",
            passport_expiry: "2035-01-31",
            valid_from: "2026-12-01",
            valid_until: "2027-03-01",
            qr: "IMG1.0123456789abcdef.eyJraW5kIjoiZV92aXNhIn0.c2lnbmF0dXJl",
            photo: None,
        }
    }

    fn has(pdf: &[u8], needle: &str) -> bool {
        pdf.windows(needle.len()).any(|w| w == needle.as_bytes())
    }

    #[test]
    fn the_sheet_is_bilingual_and_carries_the_qr_and_a_placeholder() {
        let pdf = render(sheet("issued")).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        for text in [
            "(VISA ELEKTRONIK  /  ELECTRONIC VISA)",
            "(C1  Visa Kunjungan Wisata)",
            "(Tourism visit visa)",
            "(EV26K7Q3M9XA2B)",
            "(V-2026-7K3QX9M2)",
            "(Walesa (Smith))",
            "(Perempuan / Female)",
            "(PA1234567)",
            "(2027-03-01)",
            "(90 hari / days)",
            "(Satu kali / Single entry)",
            "(FOTO / PHOTO)",
            "/QR Do",
            "(IMG1.0123456789abcdef.eyJraW5kIjoiZV92aXNhIn0.c2lnbmF0dXJl)",
        ] {
            assert!(has(&pdf, text), "{text}");
        }
        // "José ????" in WinAnsi, as a hex string.
        assert!(has(&pdf, "<4A6F73E9203F3F3F3F>"));
        assert!(!has(&pdf, "/Photo Do"));
        assert!(!has(&pdf, "REVOKED"));
    }

    #[test]
    fn a_photo_is_placed_and_a_revoked_visa_says_so() {
        let mut s = sheet("revoked");
        s.photo = Some(Image::gray(35, 45, &[128; 35 * 45]).unwrap());
        let pdf = render(s).unwrap();
        assert!(has(&pdf, "/Photo Do"));
        assert!(!has(&pdf, "(FOTO / PHOTO)"));
        assert!(has(&pdf, "REVOKED - NOT VALID"));
    }
}
