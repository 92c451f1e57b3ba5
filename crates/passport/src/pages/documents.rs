//! A booking's documents on its page and proof: the checklist (uploaded or
//! missing), the upload form, the application number and the NTPN once
//! paid; the upload (multipart `kind`, `file`) and the file itself.

use axum::extract::{Multipart, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use imigrasi_platform::AppState;
use imigrasi_platform::documents::app::ReadError;
use imigrasi_platform::http::ctx::Ctx;
use imigrasi_platform::http::error::PageError;

use crate::api::documents::{read_form, refusal};
use crate::app::Origin;
use crate::app::documents::{self as papers, BookingFile, DocumentError, MAX_BYTES};
use crate::domain::DocKind;
use crate::store::Booking;

/// The message id of a document kind's label.
pub(crate) fn label_key(kind: DocKind) -> String {
    format!("pdoc-kind-{}", kind.as_str().replace('_', "-"))
}

/// One line of the checklist as the pages show it.
pub(crate) struct ItemRow {
    /// The kind's name (the form's value).
    pub kind: &'static str,
    /// Message id of its label.
    pub label_key: String,
    /// The latest upload's id, if any.
    pub document_id: Option<String>,
}

/// What the booking page and the proof show about the papers.
pub(crate) struct PapersView {
    /// The applicant is a child (the parents' papers).
    pub child: bool,
    /// The checklist.
    pub items: Vec<ItemRow>,
    /// Once paid.
    pub application_number: Option<String>,
    /// Once paid.
    pub ntpn: Option<String>,
}

/// The papers of a booking its owner is reading.
pub(crate) async fn load(state: &AppState, b: &Booking) -> Result<PapersView, PageError> {
    let p = papers::papers(state, b).await?;
    Ok(PapersView {
        child: p.child,
        items: p
            .checklist
            .into_iter()
            .map(|item| ItemRow {
                kind: item.kind.as_str(),
                label_key: label_key(item.kind),
                document_id: item.document.map(|d| d.id),
            })
            .collect(),
        application_number: p.application_number,
        ntpn: p.ntpn,
    })
}

/// `POST /passport/bookings/{code}/documents`: upload, then back to the
/// booking (`?done=uploaded`), or the booking page with the refusal.
pub(crate) async fn upload(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    form: Multipart,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?.clone();
    let lang = ctx.lang;
    let Some(form) = read_form(form).await else {
        return refused(&state, &ctx, &code, lang.t("pdoc-api-bad-form")).await;
    };
    if form.too_large {
        let e = DocumentError::Upload(imigrasi_platform::documents::app::UploadError::TooLarge {
            max_bytes: MAX_BYTES,
        });
        return refused(&state, &ctx, &code, refusal(&state, lang, e).message).await;
    }
    let file = BookingFile {
        code: &code,
        kind: &form.kind,
        declared_type: form.declared.as_deref(),
        bytes: &form.bytes,
    };
    let origin = Origin {
        actor: Some(&actor),
        request_id: &ctx.request_id,
    };
    match papers::upload(&state, &actor, origin, file).await {
        Ok(_) => Ok(Redirect::to(&format!(
            "/passport/bookings/{}?done=uploaded",
            code.trim().to_uppercase()
        ))
        .into_response()),
        Err(DocumentError::NotFound) => Err(PageError::not_found()),
        Err(DocumentError::Db(e)) => Err(PageError::from(e)),
        Err(e) => {
            let message = refusal(&state, lang, e).message;
            refused(&state, &ctx, &code, message).await
        }
    }
}

async fn refused(
    state: &AppState,
    ctx: &Ctx,
    code: &str,
    reason: String,
) -> Result<Response, PageError> {
    let message = ctx
        .lang
        .t_args("pdoc-upload-refused", &[("reason", &reason)]);
    super::mine::show_page(
        state,
        ctx,
        code,
        None,
        Some(message),
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

/// `GET /passport/bookings/{code}/documents/{id}`: one of the booking's
/// files, for its owner or staff of its office (their read is audited
/// `document.read` by the platform); anyone else 404.
pub(crate) async fn file(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((code, id)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?.clone();
    let (doc, bytes) = match papers::read(&state, &actor, &ctx.request_id, &code, &id).await {
        Ok(Some(found)) => found,
        Ok(None) | Err(ReadError::NotFound) => return Err(PageError::not_found()),
        Err(ReadError::Db(e)) => return Err(PageError::from(e)),
        Err(e) => return Err(PageError::internal(e)),
    };
    let disposition = format!("attachment; filename=\"{}\"", doc.download_name());
    Ok((
        [
            (header::CONTENT_TYPE, doc.content_type.as_str().to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
        ],
        bytes,
    )
        .into_response())
}
