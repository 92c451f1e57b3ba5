//! The types of file accepted, recognised by their content (magic bytes),
//! never by a name or a declared type alone.

use serde::Serialize;

/// A file type the platform accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, utoipa::ToSchema)]
pub enum ContentType {
    /// JPEG image.
    #[serde(rename = "image/jpeg")]
    Jpeg,
    /// PNG image.
    #[serde(rename = "image/png")]
    Png,
    /// PDF document.
    #[serde(rename = "application/pdf")]
    Pdf,
}

impl ContentType {
    /// Every accepted type.
    pub const ALL: [ContentType; 3] = [ContentType::Jpeg, ContentType::Png, ContentType::Pdf];

    /// The media type, e.g. `image/jpeg`.
    pub fn as_str(self) -> &'static str {
        match self {
            ContentType::Jpeg => "image/jpeg",
            ContentType::Png => "image/png",
            ContentType::Pdf => "application/pdf",
        }
    }

    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            ContentType::Jpeg => "jpg",
            ContentType::Png => "png",
            ContentType::Pdf => "pdf",
        }
    }

    /// Parse a `Content-Type` header value (parameters and case ignored).
    pub fn parse(header: &str) -> Option<ContentType> {
        let media = header.split(';').next()?.trim().to_ascii_lowercase();
        ContentType::ALL.into_iter().find(|t| t.as_str() == media)
    }

    /// Recognise a file by its first bytes.
    pub fn sniff(bytes: &[u8]) -> Option<ContentType> {
        // JPEG: SOI marker then the start of another marker.
        if bytes.len() >= 4 && bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            return Some(ContentType::Jpeg);
        }
        if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) && bytes.len() > 8 {
            return Some(ContentType::Png);
        }
        if bytes.starts_with(b"%PDF-") && bytes.len() > 8 {
            return Some(ContentType::Pdf);
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_recognised_by_their_content() {
        assert_eq!(
            ContentType::sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]),
            Some(ContentType::Jpeg)
        );
        assert_eq!(
            ContentType::sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Some(ContentType::Png)
        );
        assert_eq!(
            ContentType::sniff(b"%PDF-1.7\n%..."),
            Some(ContentType::Pdf)
        );
        assert_eq!(ContentType::sniff(b""), None);
        assert_eq!(ContentType::sniff(b"%PDF-"), None);
        assert_eq!(ContentType::sniff(b"GIF89a......"), None);
        assert_eq!(ContentType::sniff(b"<html><body>%PDF-1.7"), None);
        assert_eq!(ContentType::sniff(b"MZ\x90\0 an executable"), None);
    }

    #[test]
    fn declared_types_parse_without_parameters_or_case() {
        assert_eq!(
            ContentType::parse("application/pdf"),
            Some(ContentType::Pdf)
        );
        assert_eq!(
            ContentType::parse("Image/PNG; charset=binary"),
            Some(ContentType::Png)
        );
        assert_eq!(ContentType::parse("image/jpg"), None);
        assert_eq!(ContentType::parse("application/octet-stream"), None);
        assert_eq!(ContentType::parse(""), None);
    }
}
