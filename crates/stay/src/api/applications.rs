//! Applications about a permit under `/api/v1/stay/applications`: filing,
//! the new sponsor's acceptance, documents, submitting, decisions and
//! withdrawal (the casework routes, answering as visas do).

use axum::Json;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use imigrasi_casework::RegisterNumber;
use imigrasi_casework::api::{read_upload, upload_error};
use imigrasi_casework::app::{AttachFile, CaseError, Decide, Decision};
use imigrasi_casework::store::QueueFilter;
use imigrasi_platform::AppState;
use imigrasi_platform::http::ctx::{ApiJson, Ctx};
use imigrasi_platform::http::error::{ApiError, ErrorEnvelope};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::app_views::{ApplicationList, ApplicationView, DocumentView, PaymentView};
use super::errors::answer;
use crate::app::StayError;
use crate::app::applications::{self, Open};
use crate::app::casefile;

/// An application to file.
#[derive(Debug, Deserialize, ToSchema)]
pub struct OpenBody {
    /// `extension`, `status_change`, `sponsor_change`, `exit_permit` or
    /// `reentry_permit`.
    #[serde(default)]
    pub kind: String,
    /// The permit, e.g. `IT-2026-7K3QX9M2`.
    #[serde(default)]
    pub permit_number: String,
    /// `status_change`: `ITAS` (from an ITK) or `ITAP` (from an ITAS).
    pub to_kind: Option<String>,
    /// `sponsor_change`: the new sponsor's account e-mail.
    pub new_sponsor_email: Option<String>,
    /// `reentry_permit`: last day asked for (`YYYY-MM-DD`; never beyond
    /// the permit; the permit's end when absent).
    pub reentry_until: Option<String>,
}

/// A filed application.
#[derive(Debug, Serialize, ToSchema)]
pub struct Opened {
    /// Register number.
    pub register_number: String,
    /// `draft`.
    pub status: String,
    /// The fee submission will bill (rupiah).
    pub fee: i64,
    /// The supervising office that decides.
    pub office: String,
}

fn register(number: &str) -> Result<String, ApiError> {
    RegisterNumber::parse(number)
        .map(|r| r.to_string())
        .map_err(|_| ApiError::not_found())
}

/// File an application about a permit (its holder or sponsor).
#[utoipa::path(post, path = "/api/v1/stay/applications", tag = "stay",
    security(("bearer" = [])), request_body = OpenBody,
    responses((status = 201, body = Opened),
        (status = 401, body = ErrorEnvelope),
        (status = 404, description = "no such permit, or not the caller's", body = ErrorEnvelope),
        (status = 409, description = "`window_not_open`, `not_extensible`, `extension_limit`, `permit_ended`, `permit_not_active`, `already_applied`", body = ErrorEnvelope),
        (status = 422, description = "`invalid_input`", body = ErrorEnvelope)))]
pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(body): ApiJson<OpenBody>,
) -> Result<Response, ApiError> {
    let actor = ctx.api_actor()?.clone();
    let cmd = Open {
        kind: body.kind,
        permit_number: body.permit_number,
        to_kind: body.to_kind,
        new_sponsor_email: body.new_sponsor_email,
        reentry_until: body.reentry_until,
    };
    match applications::open(&state, &actor, &ctx.request_id, cmd, Timestamp::now()).await {
        Ok(o) => Ok((
            StatusCode::CREATED,
            Json(Opened {
                register_number: o.register_number,
                status: o.status.as_str().to_owned(),
                fee: o.fee,
                office: o.office,
            }),
        )
            .into_response()),
        Err(e) => Ok(answer(ctx.lang, e)),
    }
}

/// Filters of the list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Staff queues: only this status.
    pub status: Option<String>,
    /// Staff queues: only cases unchanged for at least this many days.
    pub older_than_days: Option<i64>,
}

/// The caller's applications, or (staff) the office's queue, oldest
/// change first.
#[utoipa::path(get, path = "/api/v1/stay/applications", tag = "stay",
    security(("bearer" = [])), params(ListQuery),
    responses((status = 200, body = ApplicationList),
        (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope)))]
pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<ListQuery>,
) -> Result<Response, ApiError> {
    let actor = ctx.api_actor()?.clone();
    let status = match q.status.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => Some(
            imigrasi_casework::Status::parse(s)
                .ok_or_else(|| ApiError::invalid_field("status", ctx.t("stay-field-unknown")))?,
        ),
        None => None,
    };
    let now = Timestamp::now();
    let older_than = match q.older_than_days {
        Some(d) if !(0..=3650).contains(&d) => {
            return Err(ApiError::invalid_field(
                "older_than_days",
                ctx.t("stay-field-invalid"),
            ));
        }
        Some(d) => Some(imigrasi_platform::db::millis(now) - d * 24 * 3600 * 1000),
        None => None,
    };
    let filter = QueueFilter { status, older_than };
    match casefile::list(&state, &actor, &filter).await {
        Ok(found) => Ok(Json(ApplicationList::from_summaries(
            found,
            imigrasi_platform::db::millis(now),
        ))
        .into_response()),
        Err(e) => Ok(answer(ctx.lang, e)),
    }
}

async fn file(state: &AppState, ctx: &Ctx, number: &str) -> Response {
    let Ok(actor) = ctx.api_actor() else {
        return ApiError::unauthenticated().into_response();
    };
    match casefile::view(state, actor, &ctx.request_id, number).await {
        Ok(f) => Json(ApplicationView::from(f)).into_response(),
        Err(e) => answer(ctx.lang, e),
    }
}

/// One application with its timeline, documents, bill and, once approved,
/// the signed permit (404 for anyone who may not see it).
#[utoipa::path(get, path = "/api/v1/stay/applications/{register_number}", tag = "stay",
    security(("bearer" = [])),
    params(("register_number" = String, Path, description = "e.g. S-2026-7K3QX9M2")),
    responses((status = 200, body = ApplicationView),
        (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub async fn get_one(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(number): Path<String>,
) -> Result<Response, ApiError> {
    ctx.api_actor()?;
    let number = register(&number)?;
    Ok(file(&state, &ctx, &number).await)
}

/// The new sponsor accepts a sponsor change (before submission).
#[utoipa::path(post, path = "/api/v1/stay/applications/{register_number}/accept", tag = "stay",
    security(("bearer" = [])),
    params(("register_number" = String, Path, description = "Register number")),
    responses((status = 200, body = ApplicationView),
        (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope),
        (status = 409, description = "`invalid_transition` (accepted already, or submitted)", body = ErrorEnvelope)))]
pub async fn accept(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(number): Path<String>,
) -> Result<Response, ApiError> {
    let actor = ctx.api_actor()?.clone();
    let number = register(&number)?;
    match applications::accept(&state, &actor, &ctx.request_id, &number, Timestamp::now()).await {
        Ok(()) => Ok(file(&state, &ctx, &number).await),
        Err(e) => Ok(answer(ctx.lang, e)),
    }
}

/// Attach a document (multipart: `kind`, `file`) while a draft or after a
/// request for information.
#[utoipa::path(post, path = "/api/v1/stay/applications/{register_number}/documents", tag = "stay",
    security(("bearer" = [])),
    params(("register_number" = String, Path, description = "Register number")),
    responses((status = 201, body = DocumentView),
        (status = 400, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope),
        (status = 409, description = "`invalid_transition`", body = ErrorEnvelope),
        (status = 413, description = "`file_too_large`", body = ErrorEnvelope),
        (status = 422, description = "`invalid_file`", body = ErrorEnvelope)))]
pub async fn upload(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(number): Path<String>,
    form: Multipart,
) -> Result<Response, ApiError> {
    let actor = ctx.api_actor()?.clone();
    let number = register(&number)?;
    let form = read_upload(ctx.lang, form, state.documents.kinds.largest()).await?;
    let request = AttachFile {
        register_number: &number,
        kind: &form.kind,
        declared_type: form.declared.as_deref(),
        bytes: &form.bytes,
    };
    match applications::attach(&state, &actor, &ctx.request_id, request).await {
        Ok(doc) => Ok((StatusCode::CREATED, Json(DocumentView::from(&doc))).into_response()),
        Err(StayError::Case(CaseError::Upload(e))) => Err(upload_error(ctx.lang, &form.name, e)),
        Err(e) => Ok(answer(ctx.lang, e)),
    }
}

/// What submitting gave.
#[derive(Debug, Serialize, ToSchema)]
pub struct SubmitAnswer {
    /// `awaiting_payment` (or `in_review` after a request for information).
    pub status: String,
    /// The bill to pay (for an extension, payable until the permit's last
    /// day at the latest).
    pub payment: PaymentView,
}

/// Submit: documents complete → the fee bill.
#[utoipa::path(post, path = "/api/v1/stay/applications/{register_number}/submit", tag = "stay",
    security(("bearer" = [])),
    params(("register_number" = String, Path, description = "Register number")),
    responses((status = 200, body = SubmitAnswer),
        (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope),
        (status = 409, description = "`invalid_transition`, `window_not_open`, `permit_ended`, `permit_not_active`, `sponsor_not_accepted`", body = ErrorEnvelope),
        (status = 422, description = "`missing_documents` (with `missing`)", body = ErrorEnvelope)))]
pub async fn submit(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(number): Path<String>,
) -> Result<Response, ApiError> {
    let actor = ctx.api_actor()?.clone();
    let number = register(&number)?;
    match applications::submit(&state, &actor, &ctx.request_id, &number, Timestamp::now()).await {
        Ok(s) => Ok(Json(SubmitAnswer {
            status: s.status.as_str().to_owned(),
            payment: PaymentView::from(&s.bill),
        })
        .into_response()),
        Err(e) => Ok(answer(ctx.lang, e)),
    }
}

pub use imigrasi_casework::views::DecisionBody;

/// Decide on an application; answers the application.
#[utoipa::path(post, path = "/api/v1/stay/applications/{register_number}/decision", tag = "stay",
    security(("bearer" = [])),
    params(("register_number" = String, Path, description = "Register number")),
    request_body = DecisionBody,
    responses((status = 200, body = ApplicationView),
        (status = 401, body = ErrorEnvelope),
        (status = 403, description = "`two_person_rule`, `forbidden`", body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope),
        (status = 409, description = "`invalid_transition`", body = ErrorEnvelope),
        (status = 422, description = "`invalid_input`", body = ErrorEnvelope)))]
pub async fn decision(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(number): Path<String>,
    ApiJson(body): ApiJson<DecisionBody>,
) -> Result<Response, ApiError> {
    let actor = ctx.api_actor()?.clone();
    let number = register(&number)?;
    let decision = Decision::parse(body.decision.trim())
        .ok_or_else(|| ApiError::invalid_field("decision", ctx.t("stay-field-invalid")))?;
    let asked = Decide {
        register_number: &number,
        decision,
        reason: body.reason.as_deref(),
    };
    match applications::decide(&state, &actor, &ctx.request_id, asked, Timestamp::now()).await {
        Ok(_) => Ok(file(&state, &ctx, &number).await),
        Err(e) => Ok(answer(ctx.lang, e)),
    }
}

/// Withdraw an application before a decision (a party); an unpaid bill is
/// cancelled, a paid fee is not refunded.
#[utoipa::path(post, path = "/api/v1/stay/applications/{register_number}/withdraw", tag = "stay",
    security(("bearer" = [])),
    params(("register_number" = String, Path, description = "Register number")),
    responses((status = 200, body = ApplicationView),
        (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope),
        (status = 409, description = "`invalid_transition`", body = ErrorEnvelope)))]
pub async fn withdraw(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(number): Path<String>,
) -> Result<Response, ApiError> {
    let actor = ctx.api_actor()?.clone();
    let number = register(&number)?;
    match applications::withdraw(&state, &actor, &ctx.request_id, &number, Timestamp::now()).await {
        Ok(()) => Ok(file(&state, &ctx, &number).await),
        Err(e) => Ok(answer(ctx.lang, e)),
    }
}
