//! The use cases: upload a document, read one.

use sea_orm::DbErr;
use sha2::{Digest, Sha256};

use super::{ContentType, Document, DocumentKind, DocumentKinds, DocumentView, StorageName};
use super::{StorageError, store};
use crate::audit;
use crate::db;
use crate::idempotency::{self, IdempotencyError, IdempotencyKey, Outcome, StoredAnswer};
use crate::policy::{self, Actor, Permission};
use crate::state::AppState;

/// The idempotency scope of uploads.
pub const UPLOAD_SCOPE: &str = "POST /api/v1/documents";

/// An upload as received.
#[derive(Debug, Clone, Copy)]
pub struct Upload<'a> {
    /// The kind asked for (`?kind=`).
    pub kind: &'a str,
    /// The declared `Content-Type`, if any.
    pub declared_type: Option<&'a str>,
    /// The file.
    pub bytes: &'a [u8],
    /// The client's `Idempotency-Key`, if any.
    pub idempotency_key: Option<&'a IdempotencyKey>,
}

/// What an upload gave.
#[derive(Debug)]
pub enum Uploaded {
    /// A new document.
    Created(Document),
    /// The same upload was answered before (same `Idempotency-Key`).
    Replayed(StoredAnswer),
}

/// Why an upload is refused.
#[derive(Debug, thiserror::Error)]
pub enum UploadError {
    /// The account may not upload.
    #[error("not allowed to upload")]
    Forbidden,
    /// No kind of this name.
    #[error("unknown document kind")]
    UnknownKind,
    /// The file is empty.
    #[error("empty file")]
    Empty,
    /// Larger than the kind allows.
    #[error("larger than {max_bytes} bytes")]
    TooLarge {
        /// The kind's limit.
        max_bytes: usize,
    },
    /// No or another declared type than JPEG, PNG or PDF.
    #[error("declared type not accepted")]
    UnsupportedDeclaredType,
    /// The content is not JPEG, PNG or PDF.
    #[error("content not recognised")]
    UnrecognisedContent,
    /// The content is another type than declared.
    #[error("content is {detected:?}, declared {declared:?}")]
    TypeMismatch {
        /// What the client said.
        declared: ContentType,
        /// What the bytes are.
        detected: ContentType,
    },
    /// The kind does not accept this type.
    #[error("type not accepted for this kind")]
    TypeNotAllowed {
        /// What the kind accepts.
        allowed: &'static [ContentType],
    },
    /// `Idempotency-Key` reused or in progress.
    #[error(transparent)]
    Idempotency(IdempotencyError),
    /// The bytes could not be stored.
    #[error(transparent)]
    Storage(#[from] StorageError),
    /// The database failed.
    #[error(transparent)]
    Db(#[from] DbErr),
}

impl From<IdempotencyError> for UploadError {
    fn from(e: IdempotencyError) -> Self {
        match e {
            IdempotencyError::Db(e) => UploadError::Db(e),
            other => UploadError::Idempotency(other),
        }
    }
}

/// Check an upload against its kind; returns the kind and the type of the
/// content. Pure: no storage, no database.
pub fn check<'k>(
    kinds: &'k DocumentKinds,
    up: &Upload<'_>,
) -> Result<(&'k DocumentKind, ContentType), UploadError> {
    let kind = kinds.find(up.kind).ok_or(UploadError::UnknownKind)?;
    if up.bytes.is_empty() {
        return Err(UploadError::Empty);
    }
    if up.bytes.len() > kind.max_bytes {
        return Err(UploadError::TooLarge {
            max_bytes: kind.max_bytes,
        });
    }
    let declared = up
        .declared_type
        .and_then(ContentType::parse)
        .ok_or(UploadError::UnsupportedDeclaredType)?;
    let detected = ContentType::sniff(up.bytes).ok_or(UploadError::UnrecognisedContent)?;
    if detected != declared {
        return Err(UploadError::TypeMismatch { declared, detected });
    }
    if !kind.allowed.contains(&detected) {
        return Err(UploadError::TypeNotAllowed {
            allowed: kind.allowed,
        });
    }
    Ok((kind, detected))
}

/// Upload a document for `actor`: check it, store the bytes, record the
/// row and its audit entry in one transaction (with the idempotency answer
/// when a key is given).
pub async fn upload(
    state: &AppState,
    actor: &Actor,
    request_id: &str,
    up: Upload<'_>,
) -> Result<Uploaded, UploadError> {
    policy::authorize(actor, Permission::UploadDocument).map_err(|_| UploadError::Forbidden)?;
    let (kind, content_type) = check(&state.documents.kinds, &up)?;
    let sha256 = hex::encode(Sha256::digest(up.bytes));
    let fingerprint = idempotency::fingerprint(&[
        kind.name.as_bytes(),
        content_type.as_str().as_bytes(),
        sha256.as_bytes(),
    ]);
    let request = up.idempotency_key.map(|key| idempotency::Request {
        account_id: &actor.id,
        scope: UPLOAD_SCOPE,
        key,
        fingerprint: &fingerprint,
    });
    let now = jiff::Timestamp::now();
    if let Some(r) = &request
        && let Some(answer) = idempotency::lookup(&state.db, r, now).await?
    {
        return Ok(Uploaded::Replayed(answer));
    }
    let doc = Document {
        id: uuid::Uuid::now_v7().to_string(),
        owner_id: actor.id.clone(),
        service: kind.service.to_owned(),
        object_id: None,
        office_code: None,
        kind: kind.name.to_owned(),
        content_type,
        size: i64::try_from(up.bytes.len()).unwrap_or(i64::MAX),
        sha256,
        storage_name: StorageName::generate(),
        created_at: now,
    };
    let storage = &state.documents.storage;
    storage.put(&doc.storage_name, up.bytes).await?;
    let recorded = record(state, actor, request_id, &doc, request.as_ref(), now).await;
    match recorded {
        Ok(None) => Ok(Uploaded::Created(doc)),
        Ok(Some(answer)) => {
            forget(state, &doc.storage_name).await;
            Ok(Uploaded::Replayed(answer))
        }
        Err(e) => {
            forget(state, &doc.storage_name).await;
            Err(e)
        }
    }
}

/// The transaction of an upload; `Some(answer)` when a concurrent duplicate
/// answered first.
async fn record(
    state: &AppState,
    actor: &Actor,
    request_id: &str,
    doc: &Document,
    request: Option<&idempotency::Request<'_>>,
    now: jiff::Timestamp,
) -> Result<Option<StoredAnswer>, UploadError> {
    let txn = db::begin_write(&state.db).await?;
    let reservation = match request {
        Some(r) => match idempotency::reserve(&txn, r, now).await? {
            Outcome::Replay(answer) => return Ok(Some(answer)),
            Outcome::Reserved(res) => Some(res),
        },
        None => None,
    };
    store::insert(&txn, doc).await?;
    audit::append(
        &txn,
        audit::Entry {
            actor: Some(actor),
            action: "document.create",
            object_type: "document",
            object_id: &doc.id,
            office: None,
            request_id: Some(request_id),
            detail: serde_json::json!({
                "kind": doc.kind,
                "content_type": doc.content_type.as_str(),
                "size": doc.size,
            }),
        },
    )
    .await?;
    if let Some(res) = reservation {
        let body = serde_json::to_value(DocumentView::from(doc))
            .map_err(|e| DbErr::Custom(e.to_string()))?;
        let answer = StoredAnswer::new(axum::http::StatusCode::CREATED, body);
        idempotency::complete(&txn, res, &answer).await?;
    }
    txn.commit().await?;
    Ok(None)
}

async fn forget(state: &AppState, name: &StorageName) {
    if let Err(e) = state.documents.storage.delete(name).await {
        tracing::warn!(error = %e, "an unrecorded upload could not be deleted");
    }
}

/// Why a document cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// No such document, or the actor may not see it (the same answer).
    #[error("no such document")]
    NotFound,
    /// The stored bytes are missing or differ from their recorded hash.
    #[error("the stored file of document {0} is missing or altered")]
    Integrity(String),
    /// Storage failed.
    #[error(transparent)]
    Storage(#[from] StorageError),
    /// The database failed.
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// Read a document and its bytes, if `actor` may; a read of someone else's
/// document is audited (`document.read`) before the bytes are returned.
pub async fn read(
    state: &AppState,
    actor: &Actor,
    request_id: &str,
    id: &str,
) -> Result<(Document, Vec<u8>), ReadError> {
    if uuid::Uuid::parse_str(id).is_err() {
        return Err(ReadError::NotFound);
    }
    let doc = store::find(&state.db, id)
        .await?
        .ok_or(ReadError::NotFound)?;
    let permission = Permission::ReadDocument {
        owner_id: &doc.owner_id,
        office: doc.office_code.as_deref(),
    };
    policy::authorize(actor, permission).map_err(|_| ReadError::NotFound)?;
    let bytes = stored_bytes(state, &doc).await?;
    if actor.id != doc.owner_id {
        let txn = db::begin_write(&state.db).await?;
        audit::append(
            &txn,
            audit::Entry {
                actor: Some(actor),
                action: "document.read",
                object_type: "document",
                object_id: &doc.id,
                office: doc.office_code.as_deref(),
                request_id: Some(request_id),
                detail: serde_json::json!({ "kind": doc.kind, "service": doc.service }),
            },
        )
        .await?;
        txn.commit().await?;
    }
    Ok((doc, bytes))
}

/// The bytes of a document whose reading the caller has already allowed
/// (a service that shows a case's photo to whoever may see the case),
/// checked against the recorded SHA-256. No policy check, no audit row:
/// those are the caller's.
pub async fn stored_bytes(state: &AppState, doc: &Document) -> Result<Vec<u8>, ReadError> {
    let bytes = match state.documents.storage.get(&doc.storage_name).await {
        Ok(b) => b,
        Err(StorageError::NotFound(_)) => return Err(ReadError::Integrity(doc.id.clone())),
        Err(e) => return Err(e.into()),
    };
    if hex::encode(Sha256::digest(&bytes)) != doc.sha256 {
        return Err(ReadError::Integrity(doc.id.clone()));
    }
    Ok(bytes)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn up<'a>(kind: &'a str, declared: &'a str, bytes: &'a [u8]) -> Upload<'a> {
        Upload {
            kind,
            declared_type: Some(declared),
            bytes,
            idempotency_key: None,
        }
    }

    #[test]
    fn uploads_are_checked_by_kind_size_and_content() {
        let kinds = DocumentKinds::new(super::super::kinds::common()).unwrap();
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
        let pdf = b"%PDF-1.7\n1 0 obj\n";
        assert_eq!(
            check(&kinds, &up("photo", "image/png", png)).unwrap().1,
            ContentType::Png
        );
        assert!(matches!(
            check(&kinds, &up("selfie", "image/png", png)),
            Err(UploadError::UnknownKind)
        ));
        assert!(matches!(
            check(&kinds, &up("photo", "image/png", b"")),
            Err(UploadError::Empty)
        ));
        let big = vec![0u8; 1024 * 1024 + 1];
        assert!(matches!(
            check(&kinds, &up("photo", "image/png", &big)),
            Err(UploadError::TooLarge {
                max_bytes: 1_048_576
            })
        ));
        assert!(matches!(
            check(&kinds, &up("passport_bio_page", "application/pdf", png)),
            Err(UploadError::TypeMismatch {
                declared: ContentType::Pdf,
                detected: ContentType::Png
            })
        ));
        assert!(matches!(
            check(&kinds, &up("photo", "application/pdf", pdf)),
            Err(UploadError::TypeNotAllowed { .. })
        ));
        assert!(matches!(
            check(&kinds, &up("photo", "image/gif", b"GIF89a....")),
            Err(UploadError::UnsupportedDeclaredType)
        ));
        assert!(matches!(
            check(&kinds, &up("photo", "image/png", b"not an image at all")),
            Err(UploadError::UnrecognisedContent)
        ));
    }
}
