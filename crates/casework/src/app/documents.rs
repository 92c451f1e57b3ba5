//! Attaching documents to a case through the platform's documents part.

use imigrasi_platform::documents::app::{self as docs, Upload, UploadError, Uploaded};
use imigrasi_platform::documents::{Document, store as doc_store};
use imigrasi_platform::policy::Actor;
use imigrasi_platform::{AppState, db};

use super::{CaseError, CaseService};
use crate::Status;
use crate::store as cases;

/// A file sent for a case.
#[derive(Debug, Clone, Copy)]
pub struct AttachFile<'a> {
    /// The register number.
    pub register_number: &'a str,
    /// The document kind.
    pub kind: &'a str,
    /// The declared type of the part.
    pub declared_type: Option<&'a str>,
    /// The bytes.
    pub bytes: &'a [u8],
}

/// Upload a file and attach it to the case (a party of it, while the case
/// is a draft or information was requested).
pub async fn attach<S: CaseService>(
    service: &S,
    state: &AppState,
    actor: &Actor,
    request_id: &str,
    file: AttachFile<'_>,
) -> Result<Document, S::Error> {
    let case = cases::find_by_register(&state.db, S::SERVICE, file.register_number)
        .await?
        .filter(|c| c.is_party(actor))
        .ok_or(CaseError::NotFound)?;
    if !matches!(case.status, Status::Draft | Status::InfoRequested) {
        return Err(CaseError::InvalidTransition.into());
    }
    if !service.asks_for(&state.db, &case, file.kind).await? {
        return Err(CaseError::Upload(UploadError::UnknownKind).into());
    }
    let up = Upload {
        kind: file.kind,
        declared_type: file.declared_type,
        bytes: file.bytes,
        idempotency_key: None,
    };
    let doc = match docs::upload(state, actor, request_id, up).await {
        Ok(Uploaded::Created(doc)) => doc,
        Ok(Uploaded::Replayed(_)) => return Err(CaseError::InvalidTransition.into()),
        Err(UploadError::Db(e)) => return Err(e.into()),
        Err(e) => return Err(CaseError::Upload(e).into()),
    };
    let (case, doc_ref) = (&case, &doc);
    db::write(&state.db, |txn| async move {
        let attached = doc_store::attach(
            &*txn,
            &doc_ref.id,
            &actor.id,
            doc_store::Attachment {
                service: S::SERVICE,
                object_id: &case.id,
                office_code: Some(&case.office_code),
            },
        )
        .await?;
        if attached {
            Ok(())
        } else {
            Err(S::Error::from(CaseError::NotFound))
        }
    })
    .await?;
    Ok(doc)
}

/// The kinds of the documents attached to a case.
pub async fn present(
    db: &db::Db,
    service: &str,
    case_id: &str,
) -> Result<Vec<String>, sea_orm::DbErr> {
    Ok(doc_store::list_for_object(db, service, case_id)
        .await?
        .into_iter()
        .map(|d| d.kind)
        .collect())
}
