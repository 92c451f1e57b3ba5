//! Uploaded documents for every service: passport bio pages, photos,
//! sponsor letters.
//!
//! - A file is accepted by its **content**: JPEG, PNG or PDF recognised by
//!   magic bytes ([`ContentType::sniff`]), and it must match the declared
//!   `Content-Type` (a PNG sent as `application/pdf` is refused).
//! - Each [`DocumentKind`] names its service, the types it accepts and its
//!   largest size; the upload route's body limit is the largest of them.
//! - Bytes go to a [`Storage`] under a generated name (never the client's
//!   file name); the `documents` row keeps owner, kind, type, size and
//!   SHA-256, which is checked again on every read.
//! - Reading goes through the policy ([`crate::policy::Permission::ReadDocument`]):
//!   the owner, an administrator, or staff of the office the document was
//!   attached to; a staff read of someone else's document is audited
//!   (`document.read`).
//! - A service attaches an uploaded document to its object (an application,
//!   a report) with [`store::attach`] inside its own transaction.
//!
//! Layers: [`content`] and [`kinds`] are pure; [`storage`] keeps bytes;
//! [`store`] is SQL; [`app`] holds the use cases (upload, read); [`api`] is
//! `POST /api/v1/documents` and `GET /api/v1/documents/{id}`.

pub mod api;
pub mod app;
pub mod content;
pub mod kinds;
pub mod storage;
pub mod store;

use std::sync::Arc;

use serde::Serialize;

pub use content::ContentType;
pub use kinds::{DocumentKind, DocumentKinds};
pub use storage::{FolderStorage, MemoryStorage, Storage, StorageError, StorageName};

/// The document parts of the shared state: kinds and storage.
#[derive(Debug, Clone)]
pub struct Documents {
    /// The kinds every service registered.
    pub kinds: DocumentKinds,
    /// Where the bytes are kept.
    pub storage: Arc<dyn Storage>,
}

impl Documents {
    /// Kinds and storage.
    pub fn new(kinds: DocumentKinds, storage: Arc<dyn Storage>) -> Documents {
        Documents { kinds, storage }
    }
}

/// A stored document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// UUIDv7.
    pub id: String,
    /// The account that uploaded it.
    pub owner_id: String,
    /// The service it belongs to (its kind's, until attached).
    pub service: String,
    /// The object it is attached to (an application id), if any.
    pub object_id: Option<String>,
    /// The office handling that object, if any.
    pub office_code: Option<String>,
    /// Its kind's name.
    pub kind: String,
    /// Its type, as recognised.
    pub content_type: ContentType,
    /// Size in bytes.
    pub size: i64,
    /// SHA-256 of the bytes, hex.
    pub sha256: String,
    /// Where the bytes are kept.
    pub storage_name: StorageName,
    /// When it was uploaded.
    pub created_at: jiff::Timestamp,
}

impl Document {
    /// The file name offered on download: kind, short id and extension.
    pub fn download_name(&self) -> String {
        let short: String = self.id.chars().filter(|c| *c != '-').take(12).collect();
        format!("{}-{}.{}", self.kind, short, self.content_type.extension())
    }
}

/// A document as the API shows it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct DocumentView {
    /// Document id.
    pub id: String,
    /// Kind.
    pub kind: String,
    /// `image/jpeg`, `image/png` or `application/pdf`.
    pub content_type: String,
    /// Size in bytes.
    pub size: i64,
    /// SHA-256 of the bytes, hex.
    pub sha256: String,
}

impl From<&Document> for DocumentView {
    fn from(d: &Document) -> Self {
        DocumentView {
            id: d.id.clone(),
            kind: d.kind.clone(),
            content_type: d.content_type.as_str().to_owned(),
            size: d.size,
            sha256: d.sha256.clone(),
        }
    }
}
