//! Reading a file out of a multipart form (the API's and the case page's
//! document uploads).

use axum::extract::multipart::{Field, MultipartError};
use imigrasi_platform::http::input::is_control;

/// The `file` field of an upload form.
#[derive(Debug)]
pub struct FileField {
    /// The file's name as sent (control characters dropped, at most 100
    /// characters): only ever shown back to the person who sent it.
    pub name: String,
    /// The declared `Content-Type`, if any.
    pub declared: Option<String>,
    /// The bytes, up to the limit.
    pub bytes: Vec<u8>,
    /// Whether the file was larger than the limit (then `bytes` is cut).
    pub too_large: bool,
}

/// Read a file field, keeping at most `limit` bytes. Past the limit the
/// rest is read and dropped (the platform's body limit bounds it), so the
/// client gets an answer naming the file rather than a reset connection.
pub async fn read_file(mut field: Field<'_>, limit: usize) -> Result<FileField, MultipartError> {
    let name: String = field
        .file_name()
        .unwrap_or("file")
        .chars()
        .filter(|c| !is_control(*c))
        .take(100)
        .collect();
    let declared = field.content_type().map(str::to_owned);
    let mut bytes = Vec::new();
    let mut too_large = false;
    while let Some(chunk) = field.chunk().await? {
        too_large = too_large || bytes.len() + chunk.len() > limit;
        if !too_large {
            bytes.extend_from_slice(&chunk);
        }
    }
    Ok(FileField {
        name,
        declared,
        bytes,
        too_large,
    })
}
