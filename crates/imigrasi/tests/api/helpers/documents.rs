//! Document fixtures: tiny valid files of each accepted type and the raw
//! upload.

use serde_json::Value;

use super::TestApp;

pub const PNG: &[u8] =
    b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";
pub const JPEG: &[u8] = b"\xff\xd8\xff\xe0\0\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0\xff\xd9";

/// A valid PDF of `size` bytes.
pub fn pdf(size: usize) -> Vec<u8> {
    let mut v = b"%PDF-1.7\n".to_vec();
    v.resize(size.saturating_sub(6), b' ');
    v.extend_from_slice(b"%%EOF\n");
    v
}

pub async fn upload(
    app: &TestApp,
    token: Option<&str>,
    kind: &str,
    content_type: &str,
    bytes: Vec<u8>,
    key: Option<&str>,
) -> reqwest::Response {
    let mut req = app
        .client
        .post(app.url(&format!("/api/v1/documents?kind={kind}")))
        .header("content-type", content_type)
        .body(bytes);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    if let Some(k) = key {
        req = req.header("idempotency-key", k);
    }
    req.send().await.unwrap()
}

/// A file of a multipart upload form.
#[derive(Debug, Clone, Copy)]
pub struct Part<'a> {
    /// The `kind` field.
    pub kind: &'a str,
    /// The file's name.
    pub file_name: &'a str,
    /// Its declared type.
    pub content_type: &'a str,
    /// Its bytes.
    pub bytes: &'a [u8],
}

/// Send a multipart upload (`kind`, `file`) to a case's documents route.
pub async fn attach(app: &TestApp, token: &str, path: &str, file: Part<'_>) -> reqwest::Response {
    let boundary = "xXcaseBoundaryXx";
    let mut body = Vec::new();
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\n{}\r\n",
            file.kind
        )
        .as_bytes(),
    );
    body.extend_from_slice(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{}\"\r\nContent-Type: {}\r\n\r\n", file.file_name, file.content_type)
            .as_bytes(),
    );
    body.extend_from_slice(file.bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    app.client
        .post(app.url(path))
        .bearer_auth(token)
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(body)
        .send()
        .await
        .unwrap()
}

/// Attach a valid file of each kind (a JPEG for `photo`, else a PDF).
pub async fn attach_all(app: &TestApp, token: &str, path: &str, kinds: &[&str]) {
    let scan = pdf(2000);
    for kind in kinds {
        let file = match *kind {
            "photo" => Part {
                kind,
                file_name: "photo.jpg",
                content_type: "image/jpeg",
                bytes: JPEG,
            },
            _ => Part {
                kind,
                file_name: "scan.pdf",
                content_type: "application/pdf",
                bytes: &scan,
            },
        };
        let res = attach(app, token, path, file).await;
        let status = res.status();
        let v: Value = res.json().await.unwrap();
        assert_eq!(status, 201, "{kind}: {v}");
        assert_eq!(v["kind"], *kind);
        assert_eq!(v["sha256"].as_str().unwrap().len(), 64);
    }
}
