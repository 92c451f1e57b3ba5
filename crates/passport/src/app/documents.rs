//! A booking's documents: the checklist its applicant must bring (adult or
//! child, by service: `domain::documents`), uploads through the platform's
//! documents part (its content, size and type checks), and what the proof
//! of appointment shows once paid (the application number, the NTPN).
//!
//! Uploads are kept as history: uploading a kind again adds a document and
//! the checklist shows the latest one of each kind (the earlier stay
//! readable by their id, for the officer comparing them).

use imigrasi_platform::documents::app::{self as docs, Upload, UploadError, Uploaded};
use imigrasi_platform::documents::{ContentType, Document, DocumentKind, store as doc_store};
use imigrasi_platform::policy::{self, Actor, Permission};
use imigrasi_platform::{AppState, audit, billing, db};
use sea_orm::DbErr;

use super::Origin;
use crate::domain::documents::{is_child, required};
use crate::domain::{self, DocKind, ServiceKind};
use crate::store::{self, Booking};

/// The service name documents are attached under.
pub const SERVICE: &str = "passport";

/// Largest passport document (a scan or a photo of a page).
pub const MAX_BYTES: usize = 2 * 1024 * 1024;

/// The document kinds passport adds to the platform's registry.
pub fn kinds() -> Vec<DocumentKind> {
    const ANY: &[ContentType] = &[ContentType::Jpeg, ContentType::Png, ContentType::Pdf];
    DocKind::ALL
        .into_iter()
        .map(|k| DocumentKind {
            name: k.as_str(),
            service: SERVICE,
            allowed: ANY,
            max_bytes: MAX_BYTES,
        })
        .collect()
}

/// One line of a booking's checklist.
#[derive(Debug, Clone)]
pub struct Item {
    /// The kind asked for.
    pub kind: DocKind,
    /// The latest upload of that kind, if any.
    pub document: Option<Document>,
}

/// What a booking's page and proof show about its papers.
#[derive(Debug, Clone)]
pub struct Papers {
    /// Whether the applicant counts as a child (the parents' papers).
    pub child: bool,
    /// The documents required, in order, each with its latest upload.
    pub checklist: Vec<Item>,
    /// Given when paid.
    pub application_number: Option<String>,
    /// The paid bill's state revenue transaction number.
    pub ntpn: Option<String>,
}

/// The documents a booking requires, by its service and the applicant's
/// age on today in the office's zone.
pub async fn required_for(
    c: &impl sea_orm::ConnectionTrait,
    b: &Booking,
) -> Result<Vec<DocKind>, DbErr> {
    Ok(required(service(b)?, child(c, b).await?))
}

fn service(b: &Booking) -> Result<ServiceKind, DbErr> {
    b.service
        .parse()
        .map_err(|_| DbErr::Custom(format!("bad service {}", b.service)))
}

async fn child(c: &impl sea_orm::ConnectionTrait, b: &Booking) -> Result<bool, DbErr> {
    let zone = store::bookings::office_zone(c, &b.office_code).await?;
    let today = domain::office_date(&zone.time_zone(), jiff::Timestamp::now());
    let birth = b
        .birth_date
        .parse()
        .map_err(|_| DbErr::Custom(format!("bad birth date of booking {}", b.code)))?;
    Ok(is_child(birth, b.married, today))
}

/// The documents a booking requires, each with its latest upload.
pub async fn checklist(db: &db::Db, b: &Booking) -> Result<Vec<Item>, DbErr> {
    let attached = doc_store::list_for_object(db, SERVICE, &b.id).await?;
    Ok(required_for(db, b)
        .await?
        .into_iter()
        .map(|kind| Item {
            kind,
            // Oldest first: the last of a kind is the latest.
            document: attached
                .iter()
                .rev()
                .find(|d| d.kind == kind.as_str())
                .cloned(),
        })
        .collect())
}

/// The checklist, application number and NTPN of a booking the caller
/// may already read (its owner, or staff whose read was audited).
pub async fn papers(state: &AppState, b: &Booking) -> Result<Papers, DbErr> {
    let c = &state.db;
    let child = child(c, b).await?;
    let checklist = checklist(c, b).await?;
    let ntpn = billing::find(c, &b.billing_code)
        .await?
        .filter(|bill| bill.status == billing::status::PAID)
        .and_then(|bill| bill.ntpn);
    Ok(Papers {
        child,
        checklist,
        application_number: store::documents::application_number(c, &b.id).await?,
        ntpn,
    })
}

/// Why an upload to a booking is refused.
#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    /// No such booking, or not the actor's.
    #[error("no such booking")]
    NotFound,
    /// The booking is no longer active (expired, cancelled, served, no-show).
    #[error("the booking is {0}: documents are taken while it is active")]
    NotActive(domain::BookingStatus),
    /// Not a passport document kind.
    #[error("unknown document kind")]
    UnknownKind,
    /// A passport kind this booking does not ask for.
    #[error("{0} is not required for this booking")]
    NotRequired(DocKind),
    /// The platform refused the file (empty, too large, type).
    #[error(transparent)]
    Upload(UploadError),
    /// Storage failed.
    #[error(transparent)]
    Db(#[from] DbErr),
}

impl db::LostConnection for DocumentError {
    fn connection_lost(&self) -> bool {
        matches!(self, DocumentError::Db(e) if db::is_unavailable(e))
    }
}

/// A file for a booking.
#[derive(Debug, Clone, Copy)]
pub struct BookingFile<'a> {
    /// The booking code.
    pub code: &'a str,
    /// The kind (`ektp`, `family_card`, …).
    pub kind: &'a str,
    /// The declared type of the file.
    pub declared_type: Option<&'a str>,
    /// Its bytes.
    pub bytes: &'a [u8],
}

/// Upload a document for a booking: its owner, while it is active, a kind
/// it requires. The platform checks and stores the file (audited
/// `document.create`); it is then attached to the booking and its office
/// (whose staff may read it) with the audit row `booking.document`.
pub async fn upload(
    state: &AppState,
    actor: &Actor,
    origin: Origin<'_>,
    file: BookingFile<'_>,
) -> Result<Document, DocumentError> {
    let booking = store::find_by_code(&state.db, &file.code.trim().to_uppercase())
        .await?
        .ok_or(DocumentError::NotFound)?;
    let owner = booking.account_id.clone().unwrap_or_default();
    policy::authorize(actor, Permission::ManageOwn { owner_id: &owner })
        .map_err(|_| DocumentError::NotFound)?;
    if !booking.status.is_active() {
        return Err(DocumentError::NotActive(booking.status));
    }
    let kind: DocKind = file
        .kind
        .trim()
        .parse()
        .map_err(|_| DocumentError::UnknownKind)?;
    if !required_for(&state.db, &booking).await?.contains(&kind) {
        return Err(DocumentError::NotRequired(kind));
    }
    let up = Upload {
        kind: kind.as_str(),
        declared_type: file.declared_type,
        bytes: file.bytes,
        idempotency_key: None,
    };
    let doc = match docs::upload(state, actor, origin.request_id, up).await {
        Ok(Uploaded::Created(doc)) => doc,
        Ok(Uploaded::Replayed(_)) => return Err(DocumentError::NotFound),
        Err(UploadError::Db(e)) => return Err(e.into()),
        Err(e) => return Err(DocumentError::Upload(e)),
    };
    let (b, d) = (&booking, &doc);
    db::write(&state.db, |txn| async move {
        let to = doc_store::Attachment {
            service: SERVICE,
            object_id: &b.id,
            office_code: Some(&b.office_code),
        };
        if !doc_store::attach(&*txn, &d.id, &actor.id, to).await? {
            return Err(DocumentError::NotFound);
        }
        audit::append(
            &*txn,
            audit::Entry {
                actor: Some(actor),
                action: "booking.document",
                object_type: "booking",
                object_id: &b.code,
                office: Some(&b.office_code),
                request_id: Some(origin.request_id),
                detail: serde_json::json!({"kind": d.kind, "document": d.id}),
            },
        )
        .await?;
        Ok(())
    })
    .await?;
    Ok(Document {
        service: SERVICE.to_owned(),
        object_id: Some(booking.id.clone()),
        office_code: Some(booking.office_code.clone()),
        ..doc
    })
}

/// A document of a booking, read by its owner or staff of its office
/// through the platform (`document.read` audited for staff), or `None`
/// when the id is not one of this booking's documents.
pub async fn read(
    state: &AppState,
    actor: &Actor,
    request_id: &str,
    code: &str,
    document_id: &str,
) -> Result<Option<(Document, Vec<u8>)>, docs::ReadError> {
    let Some(booking) = store::find_by_code(&state.db, &code.trim().to_uppercase()).await? else {
        return Ok(None);
    };
    if uuid::Uuid::parse_str(document_id).is_err() {
        return Ok(None);
    }
    let Some(doc) = doc_store::find(&state.db, document_id)
        .await?
        .filter(|d| d.service == SERVICE && d.object_id.as_deref() == Some(booking.id.as_str()))
    else {
        return Ok(None);
    };
    match docs::read(state, actor, request_id, &doc.id).await {
        Ok(found) => Ok(Some(found)),
        Err(docs::ReadError::NotFound) => Ok(None),
        Err(e) => Err(e),
    }
}
