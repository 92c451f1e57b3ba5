//! The application page and the actions on it: upload a document
//! (multipart; each refusal names the file), submit, withdraw, the new
//! sponsor's acceptance, and staff's decision. Each action redirects back
//! to the application, or shows it again with what went wrong in words.

use axum::Form;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use imigrasi_casework::RegisterNumber;
use imigrasi_casework::api::{read_file, too_large, upload_error};
use imigrasi_casework::app::{AttachFile, CaseError, Decide, Decision};
use imigrasi_platform::AppState;
use imigrasi_platform::documents::app::UploadError;
use imigrasi_platform::http::ctx::Ctx;
use imigrasi_platform::http::error::PageError;
use imigrasi_platform::http::input::is_control;
use imigrasi_platform::http::page::render;
use imigrasi_platform::i18n::Lang;
use imigrasi_platform::policy::Actor;
use jiff::Timestamp;
use serde::Deserialize;

use super::case_view::{flash, load};
use super::common::{Errors, field_message, page_error, refusal, render_with};
use crate::app::StayError;
use crate::app::appearances;
use crate::app::applications as steps;

/// A register number from the path, or the 404 page.
pub(crate) fn register(s: &str) -> Result<String, PageError> {
    RegisterNumber::parse(s)
        .map(|r| r.to_string())
        .map_err(|_| PageError::not_found())
}

/// Show the application again with errors.
async fn with_errors(
    state: &AppState,
    ctx: &Ctx,
    actor: &Actor,
    rn: &str,
    errors: Errors,
    status: StatusCode,
) -> Result<Response, PageError> {
    let t = load(state, ctx, actor, rn, errors, None).await?;
    render_with(&t, status)
}

/// The answer to an action: back to the application with a notice, or
/// the application with the refusal in words (`field` names the input it
/// concerns).
async fn after<T>(
    state: &AppState,
    ctx: &Ctx,
    actor: &Actor,
    rn: &str,
    outcome: Result<T, StayError>,
    done: &str,
    field: &str,
) -> Result<Response, PageError> {
    let e = match outcome {
        Ok(_) => {
            let to = format!("/stay/applications/{rn}?done={done}");
            return Ok(Redirect::to(&to).into_response());
        }
        Err(e) => e,
    };
    let mut errors = Errors::default();
    let status = match &e {
        StayError::InvalidInput(fields) => {
            for (f, reason) in fields {
                errors.add(field, field_message(ctx.lang, f, reason));
            }
            StatusCode::UNPROCESSABLE_ENTITY
        }
        other => match refusal(ctx.lang, other) {
            Some(message) => {
                errors.add("", message);
                StatusCode::CONFLICT
            }
            None => return Err(page_error(e)),
        },
    };
    with_errors(state, ctx, actor, rn, errors, status).await
}

/// `?done=`.
#[derive(Deserialize)]
pub(crate) struct DoneQuery {
    done: Option<String>,
}

/// `GET /stay/applications/{rn}`: the application (a party, the new
/// sponsor, or staff of the supervising office; anyone else 404).
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

/// `POST /stay/applications/{rn}/documents` (multipart `kind`, `file`).
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
    let (mut kind, mut file) = (String::new(), None);
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
            Some("file") => file = Some(read_file(field, limit).await.map_err(|_| bad())?),
            _ => {}
        }
    }
    let mut errors = Errors::default();
    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
    let Some(f) = file.filter(|f| !(f.bytes.is_empty() && f.name.is_empty())) else {
        errors.add("file", ctx.t("stay-page-upload-choose"));
        return with_errors(&state, &ctx, &actor, &rn, errors, unprocessable).await;
    };
    if f.too_large {
        errors.add("file", too_large(ctx.lang, &f.name, limit).message);
        return with_errors(&state, &ctx, &actor, &rn, errors, unprocessable).await;
    }
    let request = AttachFile {
        register_number: &rn,
        kind: &kind,
        declared_type: f.declared.as_deref(),
        bytes: &f.bytes,
    };
    match steps::attach(&state, &actor, &ctx.request_id, request).await {
        Err(StayError::Case(CaseError::Upload(
            e @ (UploadError::Db(_) | UploadError::Storage(_)),
        ))) => Err(PageError::internal(e)),
        Err(StayError::Case(CaseError::Upload(e))) => {
            errors.add("file", file_refusal(ctx.lang, &f.name, e));
            with_errors(&state, &ctx, &actor, &rn, errors, unprocessable).await
        }
        outcome => after(&state, &ctx, &actor, &rn, outcome, "uploaded", "kind").await,
    }
}

/// `POST /stay/applications/{rn}/submit`: hand in (the bill is created),
/// or hand back after a request for information.
pub(crate) async fn submit(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(rn): Path<String>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?.clone();
    let rn = register(&rn)?;
    let outcome = steps::submit(&state, &actor, &ctx.request_id, &rn, Timestamp::now()).await;
    after(&state, &ctx, &actor, &rn, outcome, "submitted", "").await
}

/// `POST /stay/applications/{rn}/withdraw`.
pub(crate) async fn withdraw(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(rn): Path<String>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?.clone();
    let rn = register(&rn)?;
    let outcome = steps::withdraw(&state, &actor, &ctx.request_id, &rn, Timestamp::now()).await;
    after(&state, &ctx, &actor, &rn, outcome, "withdrawn", "").await
}

/// `POST /stay/applications/{rn}/accept`: the new sponsor of a sponsor
/// change accepts it.
pub(crate) async fn accept(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(rn): Path<String>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?.clone();
    let rn = register(&rn)?;
    let outcome = steps::accept(&state, &actor, &ctx.request_id, &rn, Timestamp::now()).await;
    after(&state, &ctx, &actor, &rn, outcome, "accepted", "").await
}

/// The decision form.
#[derive(Deserialize)]
pub(crate) struct DecisionForm {
    #[serde(default)]
    decision: String,
    #[serde(default)]
    reason: String,
}

/// `POST /stay/applications/{rn}/decision` (staff of the supervising
/// office; the two-person rule is shown in words).
pub(crate) async fn decide(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(rn): Path<String>,
    Form(f): Form<DecisionForm>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?.clone();
    let rn = register(&rn)?;
    let Some(decision) = Decision::parse(f.decision.trim()) else {
        let mut errors = Errors::default();
        errors.add("decision-first", ctx.t("stay-page-error-decision"));
        let status = StatusCode::UNPROCESSABLE_ENTITY;
        return with_errors(&state, &ctx, &actor, &rn, errors, status).await;
    };
    let asked = Decide {
        register_number: &rn,
        decision,
        reason: Some(f.reason.as_str()),
    };
    let outcome = steps::decide(&state, &actor, &ctx.request_id, asked, Timestamp::now()).await;
    after(&state, &ctx, &actor, &rn, outcome, "decided", "reason").await
}

/// The officer's request to appear.
#[derive(Deserialize)]
pub(crate) struct AskForm {
    #[serde(default)]
    purpose: String,
}

/// `POST /stay/applications/{rn}/appearance`: staff of the office ask the
/// applicant to come (biometrics or an interview).
pub(crate) async fn ask_appearance(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(rn): Path<String>,
    Form(f): Form<AskForm>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?.clone();
    let rn = register(&rn)?;
    let outcome = appearances::request(
        &state,
        &actor,
        &ctx.request_id,
        &rn,
        &f.purpose,
        Timestamp::now(),
    )
    .await;
    after(
        &state,
        &ctx,
        &actor,
        &rn,
        outcome,
        "appearance_asked",
        "purpose",
    )
    .await
}

/// A session chosen.
#[derive(Deserialize)]
pub(crate) struct BookForm {
    #[serde(default)]
    date: String,
    #[serde(default)]
    session: String,
}

/// `POST /stay/applications/{rn}/appearances/{code}`: a party books the
/// session to come in.
pub(crate) async fn book_appearance(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((rn, code)): Path<(String, String)>,
    Form(f): Form<BookForm>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?.clone();
    let rn = register(&rn)?;
    let now = Timestamp::now();
    let outcome = appearances::book(
        &state,
        &actor,
        &ctx.request_id,
        &code,
        &f.date,
        &f.session,
        now,
    )
    .await;
    after(
        &state,
        &ctx,
        &actor,
        &rn,
        outcome,
        "appearance_booked",
        "appearance-date",
    )
    .await
}
