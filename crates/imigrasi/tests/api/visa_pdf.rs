//! The e-Visa PDF through the API: who may download it, and that the QR
//! code decoded from the PDF's image is the signed payload, which verifies
//! online and offline while a payload with any byte changed does not.

use imigrasi_platform::db;
use imigrasi_platform::policy::Role;
use serde_json::{Value, json};

use crate::both_databases;
use crate::helpers::visa::{
    applicant, apply, created, decide, get_case, offline_verification, submit_and_pay, upload,
    upload_all,
};
use crate::helpers::{TestApp, error_code};

const PHOTO_SIZE: (u32, u32) = (60, 80);

/// A real PNG photo (a gradient), so the PDF embeds it.
fn photo_png() -> Vec<u8> {
    let (w, h) = PHOTO_SIZE;
    let samples: Vec<u8> = (0..w * h)
        .flat_map(|i| [(i % w * 4) as u8, (i / w * 3) as u8, 128])
        .collect();
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, w, h);
    enc.set_color(png::ColorType::Rgb);
    enc.set_depth(png::BitDepth::Eight);
    let mut writer = enc.write_header().unwrap();
    writer.write_image_data(&samples).unwrap();
    writer.finish().unwrap();
    out
}

/// An image XObject of the PDF's only page, by resource name.
fn image<'a>(doc: &'a lopdf::Document, name: &str) -> Option<&'a lopdf::Stream> {
    let (_, page) = doc.get_pages().into_iter().next()?;
    let page = doc.get_dictionary(page).ok()?;
    let resources = page.get_deref(b"Resources", doc).ok()?.as_dict().ok()?;
    let xobjects = resources.get_deref(b"XObject", doc).ok()?.as_dict().ok()?;
    let stream = xobjects
        .get_deref(name.as_bytes(), doc)
        .ok()?
        .as_stream()
        .ok()?;
    (stream.dict.get(b"Subtype").ok()?.as_name().ok()? == b"Image").then_some(stream)
}

fn int(stream: &lopdf::Stream, key: &str) -> i64 {
    stream.dict.get(key.as_bytes()).unwrap().as_i64().unwrap()
}

/// Parse the PDF, find the QR image, inflate its gray pixels and decode
/// the QR code in them.
fn qr_text_of(pdf: &[u8]) -> String {
    let doc = lopdf::Document::load_mem(pdf).expect("a PDF lopdf reads");
    assert_eq!(doc.get_pages().len(), 1);
    let qr = image(&doc, "QR").expect("the QR image XObject");
    assert_eq!(
        qr.dict.get(b"ColorSpace").unwrap().as_name().unwrap(),
        b"DeviceGray"
    );
    assert_eq!(int(qr, "BitsPerComponent"), 8);
    let (w, h) = (int(qr, "Width") as usize, int(qr, "Height") as usize);
    assert_eq!(w, h);
    let pixels = qr.decompressed_content().expect("FlateDecode samples");
    assert_eq!(pixels.len(), w * h);
    // The quiet zone: the border rows and columns are white.
    assert!(pixels[..w * 8].iter().all(|p| *p == 255));
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| pixels[y * w + x]);
    let grids = img.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code in the image");
    let (_, text) = grids[0].decode().expect("a readable QR code");

    // The photo is there too, as uploaded (RGB samples).
    let photo = image(&doc, "Photo").expect("the photo XObject");
    assert_eq!(int(photo, "Width"), i64::from(PHOTO_SIZE.0));
    assert_eq!(int(photo, "Height"), i64::from(PHOTO_SIZE.1));
    assert_eq!(
        photo.dict.get(b"ColorSpace").unwrap().as_name().unwrap(),
        b"DeviceRGB"
    );
    let samples = photo.decompressed_content().unwrap();
    assert_eq!(samples.len(), (PHOTO_SIZE.0 * PHOTO_SIZE.1 * 3) as usize);
    text
}

/// The text drawn on the page (the content stream is plain).
fn page_text(pdf: &[u8]) -> String {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    let (_, page) = doc.get_pages().into_iter().next().unwrap();
    String::from_utf8_lossy(&doc.get_page_content(page)).into_owned()
}

/// `bytes[i]` changed to another base64url/ASCII character.
fn changed(payload: &str, i: usize) -> String {
    let mut bytes = payload.as_bytes().to_vec();
    bytes[i] = match bytes[i] {
        b'A' => b'Q',
        b'.' => b'A',
        _ => b'A',
    };
    String::from_utf8(bytes).unwrap()
}

async fn download(app: &TestApp, token: Option<&str>, number: &str) -> reqwest::Response {
    app.get(
        &format!("/api/v1/visa/applications/{number}/evisa.pdf"),
        token,
    )
    .await
}

async fn the_evisa_pdf_carries_the_signed_payload(app: TestApp) {
    let jane = app.staff("jane@example.com", Role::Foreigner, None).await;
    let v = created(
        apply(
            &app,
            &jane,
            "C1",
            applicant("jane@example.com", "PA7654321"),
        )
        .await,
    )
    .await;
    let number = v["register_number"].as_str().unwrap().to_owned();
    upload_all(
        &app,
        &jane,
        &number,
        &["passport_bio_page", "bank_statement"],
    )
    .await;
    let res = upload(
        &app,
        &jane,
        &number,
        "photo",
        "me.png",
        "image/png",
        &photo_png(),
    )
    .await;
    assert_eq!(res.status(), 201);

    // No e-Visa yet.
    assert_eq!(
        error_code(download(&app, Some(&jane), &number).await).await,
        (409, "evisa_not_issued".into())
    );
    submit_and_pay(&app, &jane, &number, "VISA000000000311").await;
    let officer = app
        .staff("officer@ditjen.example.id", Role::Officer, Some("DITJEN"))
        .await;
    let supervisor = app
        .staff("sup@ditjen.example.id", Role::Supervisor, Some("DITJEN"))
        .await;
    assert_eq!(
        decide(&app, &officer, &number, "recommend_approve", "")
            .await
            .status(),
        200
    );
    assert_eq!(
        decide(&app, &supervisor, &number, "approve", "")
            .await
            .status(),
        200
    );
    let case = get_case(&app, &jane, &number).await;
    let qr = case["evisa"]["qr"].as_str().unwrap().to_owned();
    let evisa_number = case["evisa"]["number"].as_str().unwrap().to_owned();

    // The applicant downloads it.
    let res = download(&app, Some(&jane), &number).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    let disposition = res.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(disposition.contains(&evisa_number), "{disposition}");
    let pdf = res.bytes().await.unwrap().to_vec();
    assert!(pdf.starts_with(b"%PDF-"));
    let text = page_text(&pdf);
    for shown in [
        "VISA ELEKTRONIK  /  ELECTRONIC VISA",
        "Visa Kunjungan Wisata",
        "Tourism visit visa",
        evisa_number.as_str(),
        number.as_str(),
        "PA7654321",
        "Jane Mary",
        "Smith",
    ] {
        assert!(text.contains(shown), "{shown}");
    }

    // The QR code in the image is the payload of the JSON view.
    let decoded = qr_text_of(&pdf);
    assert_eq!(decoded, qr);

    // Online: it verifies; any changed byte does not.
    let verify = |payload: String| {
        let app = app.clone();
        async move {
            let v: Value = app
                .post_json("/api/v1/documents/verify", None, &json!({"qr": payload}))
                .await
                .json()
                .await
                .unwrap();
            v
        }
    };
    let v = verify(decoded.clone()).await;
    assert_eq!(v["valid"], true, "{v}");
    assert_eq!(v["number"], evisa_number.as_str());
    assert_eq!(v["holder"]["passport_number"], "PA7654321");
    assert_eq!(v["status"], "valid");
    let step = (decoded.len() / 40).max(1);
    let positions: Vec<usize> = (0..decoded.len())
        .step_by(step)
        .chain([4, 5, 21, 22, decoded.len() - 1])
        .collect();
    for &i in &positions {
        let v = verify(changed(&decoded, i)).await;
        assert_eq!(v["valid"], false, "byte {i}: {v}");
    }

    // Offline: the library behind `imigrasi document verify`, every byte;
    // then the command itself (exit 0 valid, 1 changed, 2 usage).
    let keys: Value = app
        .get("/api/v1/documents/keys", None)
        .await
        .json()
        .await
        .unwrap();
    let parsed = imigrasi::offline_verify::parse_keys(&keys.to_string()).unwrap();
    let now = jiff::Timestamp::now();
    assert!(imigrasi::offline_verify::verify(&decoded, &parsed, now).is_ok());
    for i in 0..decoded.len() {
        assert!(
            imigrasi::offline_verify::verify(&changed(&decoded, i), &parsed, now).is_err(),
            "byte {i}"
        );
    }
    offline_verification(&keys, &decoded, "PA7654321");

    // Exactly those who may see the application.
    let other = app.staff("other@example.com", Role::Foreigner, None).await;
    assert_eq!(
        error_code(download(&app, Some(&other), &number).await)
            .await
            .0,
        404
    );
    let elsewhere = app
        .staff("officer@jkt.example.id", Role::Officer, Some("JKT-PUSAT"))
        .await;
    assert_eq!(
        error_code(download(&app, Some(&elsewhere), &number).await)
            .await
            .0,
        404
    );
    assert_eq!(error_code(download(&app, None, &number).await).await.0, 401);
    assert_eq!(
        error_code(download(&app, Some(&jane), "V-2026-22222222").await)
            .await
            .0,
        404
    );
    assert_eq!(
        error_code(download(&app, Some(&jane), "nonsense").await)
            .await
            .0,
        404
    );

    // An officer of the processing office may, and the read is audited.
    let before = pdf_reads(&app).await;
    let res = download(&app, Some(&officer), &number).await;
    assert_eq!(res.status(), 200);
    assert_eq!(pdf_reads(&app).await, before + 1);

    // The browser session works as well as the bearer token.
    let res = app
        .client
        .get(app.url(&format!("/api/v1/visa/applications/{number}/evisa.pdf")))
        .header("cookie", format!("imigrasi_session={jane}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.bytes().await.unwrap().starts_with(b"%PDF-"));
}
both_databases!(the_evisa_pdf_carries_the_signed_payload);

/// Staff reads of an e-Visa PDF in the audit log.
async fn pdf_reads(app: &TestApp) -> usize {
    db::all(
        &app.state.db,
        "SELECT detail FROM audit_log WHERE action = 'visa.read'",
        [],
    )
    .await
    .unwrap()
    .iter()
    .filter(|r| {
        db::col::<String>(r, "detail")
            .unwrap()
            .contains("evisa_pdf")
    })
    .count()
}

async fn a_missing_photo_gives_a_placeholder(app: TestApp) {
    let jane = app.staff("jane@example.com", Role::Foreigner, None).await;
    let v = created(
        apply(
            &app,
            &jane,
            "C1",
            applicant("jane@example.com", "PA7654322"),
        )
        .await,
    )
    .await;
    let number = v["register_number"].as_str().unwrap().to_owned();
    // The fixtures' photo is a JPEG with no frame: not printable.
    upload_all(
        &app,
        &jane,
        &number,
        &["passport_bio_page", "photo", "bank_statement"],
    )
    .await;
    submit_and_pay(&app, &jane, &number, "VISA000000000312").await;
    let officer = app
        .staff("officer@ditjen.example.id", Role::Officer, Some("DITJEN"))
        .await;
    let supervisor = app
        .staff("sup@ditjen.example.id", Role::Supervisor, Some("DITJEN"))
        .await;
    assert_eq!(
        decide(&app, &officer, &number, "recommend_approve", "")
            .await
            .status(),
        200
    );
    assert_eq!(
        decide(&app, &supervisor, &number, "approve", "")
            .await
            .status(),
        200
    );
    let qr = get_case(&app, &jane, &number).await["evisa"]["qr"]
        .as_str()
        .unwrap()
        .to_owned();
    let res = download(&app, Some(&jane), &number).await;
    assert_eq!(res.status(), 200);
    let pdf = res.bytes().await.unwrap().to_vec();
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    assert!(image(&doc, "Photo").is_none());
    assert!(page_text(&pdf).contains("FOTO / PHOTO"));
    let qr_image = image(&doc, "QR").unwrap();
    assert!(!qr_image.decompressed_content().unwrap().is_empty());
    assert!(page_text(&pdf).contains(&qr[..40]));

    // The route is in the OpenAPI description.
    let doc: Value = app
        .get("/api/openapi.json", None)
        .await
        .json()
        .await
        .unwrap();
    let route = &doc["paths"]["/api/v1/visa/applications/{register_number}/evisa.pdf"]["get"];
    assert!(
        route["responses"]["200"]["content"]["application/pdf"].is_object(),
        "{route}"
    );
    assert!(route["responses"]["409"].is_object());
}
both_databases!(a_missing_photo_gives_a_placeholder);
