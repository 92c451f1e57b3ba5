//! Attaching documents to an application through the platform's
//! documents part.

use imigrasi_casework::app as casework;
use imigrasi_platform::AppState;
use imigrasi_platform::documents::{Document, DocumentKind};
use imigrasi_platform::policy::Actor;

use super::cases::VisaCases;
use super::{SERVICE, VisaError};

pub use imigrasi_casework::app::AttachFile;

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

/// Upload a file and attach it to the application (the applicant or the
/// sponsor, while the case is a draft or information was requested; the
/// kinds the visa type asks for). See `casework::app::attach`.
pub async fn attach(
    state: &AppState,
    actor: &Actor,
    request_id: &str,
    file: AttachFile<'_>,
) -> Result<Document, VisaError> {
    casework::attach(&VisaCases, state, actor, request_id, file).await
}
