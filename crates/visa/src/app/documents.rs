//! Attaching documents to an application through the platform's
//! documents part.

use imigrasi_casework::Status;
use imigrasi_casework::store as cases;
use imigrasi_platform::documents::app::{self as docs, Upload, UploadError, Uploaded};
use imigrasi_platform::documents::{Document, DocumentKind, store as doc_store};
use imigrasi_platform::policy::Actor;
use imigrasi_platform::{AppState, db};

use super::{SERVICE, VisaError};
use crate::store::{applications, types};

/// The kinds Visa Online adds to the platform's common ones
/// (`passport_bio_page`, `photo`, `supporting_document`).
pub fn kinds() -> Vec<DocumentKind> {
    use imigrasi_platform::documents::ContentType as T;
    const ANY: &[T] = &[T::Jpeg, T::Png, T::Pdf];
    const MIB2: usize = 2 * 1024 * 1024;
    [
        "sponsor_letter",
        "employment_contract",
        "bank_statement",
        "return_ticket",
        "marriage_certificate",
    ]
    .into_iter()
    .map(|name| DocumentKind {
        name,
        service: SERVICE,
        allowed: ANY,
        max_bytes: MIB2,
    })
    .collect()
}

/// A file sent for an application.
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

/// Upload a file and attach it to the application (the applicant or the
/// sponsor, while the case is a draft or information was requested).
pub async fn attach(
    state: &AppState,
    actor: &Actor,
    request_id: &str,
    file: AttachFile<'_>,
) -> Result<Document, VisaError> {
    let case = cases::find_by_register(&state.db, SERVICE, file.register_number)
        .await?
        .filter(|c| c.is_party(actor))
        .ok_or(VisaError::NotFound)?;
    if !matches!(case.status, Status::Draft | Status::InfoRequested) {
        return Err(VisaError::InvalidTransition);
    }
    let app = applications::find(&state.db, &case.id)
        .await?
        .ok_or(VisaError::NotFound)?;
    let asked = types::find(&state.db, &app.visa_type)
        .await?
        .is_some_and(|(t, _)| t.asks_for(file.kind));
    if !asked {
        return Err(VisaError::Upload(UploadError::UnknownKind));
    }
    let up = Upload {
        kind: file.kind,
        declared_type: file.declared_type,
        bytes: file.bytes,
        idempotency_key: None,
    };
    let doc = match docs::upload(state, actor, request_id, up).await {
        Ok(Uploaded::Created(doc)) => doc,
        Ok(Uploaded::Replayed(_)) => return Err(VisaError::InvalidTransition),
        Err(UploadError::Db(e)) => return Err(VisaError::Db(e)),
        Err(e) => return Err(VisaError::Upload(e)),
    };
    let (case, doc_ref) = (&case, &doc);
    db::write(&state.db, |txn| async move {
        let attached = doc_store::attach(
            &*txn,
            &doc_ref.id,
            &actor.id,
            doc_store::Attachment {
                service: SERVICE,
                object_id: &case.id,
                office_code: Some(&case.office_code),
            },
        )
        .await?;
        if attached {
            Ok(())
        } else {
            Err(VisaError::NotFound)
        }
    })
    .await?;
    Ok(doc)
}
