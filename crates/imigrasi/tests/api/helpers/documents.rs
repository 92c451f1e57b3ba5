//! Document fixtures: tiny valid files of each accepted type and the raw
//! upload.

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
