//! The e-Visa as a PDF: for exactly those who may read the application
//! (a staff read is audited `visa.read`, like the JSON view), with the
//! holder's photo from the platform's documents and the QR code of the
//! same signed payload as `evisa.qr` in the JSON view.

mod layout;

use imigrasi_pdf::{Image, QrError};
use imigrasi_platform::AppState;
use imigrasi_platform::documents::app::{self as docs, ReadError};
use imigrasi_platform::documents::store as doc_store;
use imigrasi_platform::policy::Actor;

pub use layout::{PHOTO_IMAGE, QR_IMAGE, Sheet, render};

use super::{SERVICE, VisaError, view};
use crate::store::{applications, evisas, types};

/// The kind of the uploaded document printed as the holder's photo.
pub const PHOTO_KIND: &str = "photo";

/// A rendered e-Visa.
#[derive(Debug, Clone)]
pub struct EVisaPdf {
    /// The e-Visa number (for the file name).
    pub number: String,
    /// The PDF file.
    pub bytes: Vec<u8>,
}

/// Why there is no PDF.
#[derive(Debug, thiserror::Error)]
pub enum EVisaPdfError {
    /// The application has no e-Visa (not approved, or rejected).
    #[error("no e-Visa has been issued for this application")]
    NotIssued,
    /// Not found, not visible to the actor, or the database failed.
    #[error(transparent)]
    Visa(#[from] VisaError),
    /// The stored photo is missing or altered, or storage failed.
    #[error("the photo cannot be read: {0}")]
    Photo(#[from] ReadError),
    /// The payload does not fit a QR code (never for a signed payload).
    #[error(transparent)]
    Qr(#[from] QrError),
    /// The rendering task panicked or was cancelled.
    #[error("rendering the PDF stopped: {0}")]
    Interrupted(String),
}

impl From<sea_orm::DbErr> for EVisaPdfError {
    fn from(e: sea_orm::DbErr) -> Self {
        EVisaPdfError::Visa(VisaError::Db(e))
    }
}

/// The e-Visa of application `register_number` as a one-page PDF.
#[tracing::instrument(skip_all, fields(register_number = %register_number))]
pub async fn evisa_pdf(
    state: &AppState,
    actor: &Actor,
    request_id: &str,
    register_number: &str,
) -> Result<EVisaPdf, EVisaPdfError> {
    let detail = serde_json::json!({ "format": "evisa_pdf" });
    let case = view::readable(state, actor, request_id, register_number, detail).await?;
    let evisa = evisas::for_case(&state.db, &case.id)
        .await?
        .ok_or(EVisaPdfError::NotIssued)?;
    let app = applications::find(&state.db, &case.id)
        .await?
        .ok_or(VisaError::NotFound)?;
    // Retired indices keep their names for the e-Visas issued under them.
    let index = types::find(&state.db, &app.visa_type)
        .await?
        .map(|(t, _)| t);
    let photo = photo_bytes(state, &case.id).await?;
    let register_number = case.register_number;
    let number = evisa.number.clone();
    // Decoding the photo and compressing images is CPU work: off the
    // async workers.
    let bytes = tokio::task::spawn_blocking(move || {
        let index = index.as_ref();
        let sheet = Sheet {
            number: &evisa.number,
            register_number: &register_number,
            status: &evisa.status,
            visa_type: &app.visa_type,
            name_id: index.map_or("", |t| t.name_id.as_str()),
            name_en: index.map_or("", |t| t.name_en.as_str()),
            entries: index.map_or("", |t| t.entries.as_str()),
            stay_days: index.map_or(0, |t| t.stay_days),
            use_within_days: index.map_or(0, |t| t.use_within_days),
            surname: &app.surname,
            given_names: &app.given_names,
            nationality: &app.nationality,
            birth_date: &app.birth_date,
            sex: &app.sex,
            passport_number: &app.passport_number,
            passport_expiry: &app.passport_expiry,
            valid_from: &evisa.valid_from,
            valid_until: &evisa.valid_until,
            qr: &evisa.qr,
            photo: photo.and_then(|(id, bytes)| printable(&id, &bytes)),
        };
        render(sheet)
    })
    .await
    .map_err(|e| EVisaPdfError::Interrupted(e.to_string()))??;
    Ok(EVisaPdf { number, bytes })
}

/// The id and bytes of the latest uploaded photo of the case, if any
/// (damaged storage is an error, never a silent placeholder).
async fn photo_bytes(
    state: &AppState,
    case_id: &str,
) -> Result<Option<(String, Vec<u8>)>, EVisaPdfError> {
    let latest = doc_store::list_for_object(&state.db, SERVICE, case_id)
        .await?
        .into_iter()
        .filter(|d| d.kind == PHOTO_KIND)
        .max_by_key(|d| d.created_at);
    let Some(doc) = latest else {
        return Ok(None);
    };
    let bytes = docs::stored_bytes(state, &doc).await?;
    Ok(Some((doc.id, bytes)))
}

/// The photo as an image the PDF can carry; `None` (a placeholder is
/// printed) when it is not a readable JPEG or PNG.
fn printable(document_id: &str, bytes: &[u8]) -> Option<Image> {
    Image::from_file(bytes)
        .inspect_err(|e| {
            tracing::warn!(document = %document_id, error = %e, "photo not printable on the e-Visa");
        })
        .ok()
}
