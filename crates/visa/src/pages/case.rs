//! The case page and the applicant's actions on it: upload a document
//! (multipart; each refusal names the file and the reason), submit,
//! withdraw. Each action redirects back to the case, or re-shows it with
//! what went wrong.

use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use imigrasi_casework::RegisterNumber;
use imigrasi_casework::api::{read_file, too_large, upload_error};
use imigrasi_casework::app::CaseError;
use imigrasi_platform::AppState;
use imigrasi_platform::documents::app::UploadError;
use imigrasi_platform::http::ctx::Ctx;
use imigrasi_platform::http::error::PageError;
use imigrasi_platform::http::input::is_control;
use imigrasi_platform::http::page::render;
use imigrasi_platform::i18n::Lang;
use imigrasi_platform::policy::Actor;
use serde::Deserialize;

use super::case_view::{flash, load};
use super::common::{Errors, page_error, refusal, render_with};
use crate::app::{VisaError, decide, documents as attach, payment};

/// A register number from the path, or the 404 page.
pub(crate) fn register(s: &str) -> Result<String, PageError> {
    RegisterNumber::parse(s)
        .map(|r| r.to_string())
        .map_err(|_| PageError::not_found())
}

/// Re-show the case with errors (422).
pub(crate) async fn with_errors(
    state: &AppState,
    ctx: &Ctx,
    actor: &Actor,
    rn: &str,
    errors: Errors,
) -> Result<Response, PageError> {
    let t = load(state, ctx, actor, rn, errors, None).await?;
    render_with(&t, StatusCode::UNPROCESSABLE_ENTITY)
}

/// The answer to an action: back to the case with a notice, or the case
/// with the refusal in words (`field` names the input it concerns).
pub(crate) async fn after(
    state: &AppState,
    ctx: &Ctx,
    actor: &Actor,
    rn: &str,
    outcome: Result<&str, VisaError>,
    field: &str,
) -> Result<Response, PageError> {
    let e = match outcome {
        Ok(done) => {
            let to = format!("/visa/applications/{rn}?done={done}");
            return Ok(Redirect::to(&to).into_response());
        }
        Err(e) => e,
    };
    let mut errors = Errors::default();
    match &e {
        VisaError::InvalidInput(fields) => {
            for f in fields.keys() {
                let id = if f == "reason" { field } else { "" };
                errors.add(id, ctx.t(&super::common::key("error", f)));
            }
        }
        other => match refusal(ctx.lang, other) {
            Some(message) => errors.add("", message),
            None => return Err(page_error(e)),
        },
    }
    with_errors(state, ctx, actor, rn, errors).await
}

/// `?done=`.
#[derive(Deserialize)]
pub(crate) struct DoneQuery {
    done: Option<String>,
}

/// `GET /visa/applications/{rn}`: the case (a party, or staff of the
/// processing office; anyone else the 404 page).
pub(crate) async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(rn): Path<String>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?.clone();
    let rn = register(&rn)?;
    let notice = flash(ctx.lang, q.done.as_deref());
    render(&load(&state, &ctx, &actor, &rn, Errors::default(), notice).await?)
}

/// Why a file was refused, naming it (the API's words).
fn file_refusal(lang: Lang, file: &str, e: UploadError) -> String {
    upload_error(lang, file, e).message
}

/// `POST /visa/applications/{rn}/documents` (multipart `kind`, `file`).
pub(crate) async fn upload(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(rn): Path<String>,
    mut form: Multipart,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?.clone();
    let rn = register(&rn)?;
    let limit = state.documents.kinds.largest();
    let bad = || PageError::Status(StatusCode::BAD_REQUEST, "error-bad-request");
    let (mut kind, mut file) = (String::new(), None::<(String, Option<String>, Vec<u8>)>);
    let mut too_big = None;
    while let Some(field) = form.next_field().await.map_err(|_| bad())? {
        match field.name() {
            Some("kind") => {
                let text = field.text().await.map_err(|_| bad())?;
                kind = text
                    .trim()
                    .chars()
                    .filter(|c| !is_control(*c))
                    .take(64)
                    .collect();
            }
            Some("file") => {
                let f = read_file(field, limit).await.map_err(|_| bad())?;
                if f.too_large {
                    too_big = Some(f.name.clone());
                }
                file = Some((f.name, f.declared, f.bytes));
            }
            _ => {}
        }
    }
    let mut errors = Errors::default();
    if let Some(name) = too_big {
        errors.add("file", too_large(ctx.lang, &name, limit).message);
        return with_errors(&state, &ctx, &actor, &rn, errors).await;
    }
    let Some((name, declared, bytes)) = file.filter(|(n, _, b)| !(b.is_empty() && n.is_empty()))
    else {
        errors.add("file", ctx.t("visa-upload-choose"));
        return with_errors(&state, &ctx, &actor, &rn, errors).await;
    };
    let request = attach::AttachFile {
        register_number: &rn,
        kind: &kind,
        declared_type: declared.as_deref(),
        bytes: &bytes,
    };
    match attach::attach(&state, &actor, &ctx.request_id, request).await {
        Ok(_) => after(&state, &ctx, &actor, &rn, Ok("uploaded"), "file").await,
        Err(VisaError::Case(CaseError::Upload(
            e @ (UploadError::Db(_) | UploadError::Storage(_)),
        ))) => Err(PageError::internal(e)),
        Err(VisaError::Case(CaseError::Upload(e))) => {
            errors.add("file", file_refusal(ctx.lang, &name, e));
            with_errors(&state, &ctx, &actor, &rn, errors).await
        }
        Err(e) => after(&state, &ctx, &actor, &rn, Err(e), "file").await,
    }
}

/// `POST /visa/applications/{rn}/submit`: hand in (the bill is created),
/// or hand back after a request for information.
pub(crate) async fn submit(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(rn): Path<String>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?.clone();
    let rn = register(&rn)?;
    let outcome = payment::submit(&state, &actor, &ctx.request_id, &rn)
        .await
        .map(|_| "submitted");
    after(&state, &ctx, &actor, &rn, outcome, "").await
}

/// `POST /visa/applications/{rn}/withdraw`.
pub(crate) async fn withdraw(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(rn): Path<String>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?.clone();
    let rn = register(&rn)?;
    let outcome = decide::withdraw(&state, &actor, &ctx.request_id, &rn)
        .await
        .map(|_| "withdrawn");
    after(&state, &ctx, &actor, &rn, outcome, "").await
}
