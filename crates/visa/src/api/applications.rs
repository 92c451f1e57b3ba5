//! Applications: the index, applying, reading, documents, submitting.

use axum::Json;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use imigrasi_casework::RegisterNumber;
use imigrasi_casework::api::{read_upload, upload_error};
use imigrasi_casework::app::CaseError;
use imigrasi_casework::store::QueueFilter;
use imigrasi_platform::AppState;
use imigrasi_platform::http::ctx::{ApiJson, Ctx};
use imigrasi_platform::http::error::{ApiError, ErrorEnvelope};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::errors::answer;
use crate::app::{VisaError, apply, documents as attach, payment, view};
use crate::domain::applicant::ApplicantInput;
use crate::domain::visa_type::{RequiredDocument, SponsorKind};
use crate::store::types;

/// A name in both languages.
#[derive(Debug, Serialize, ToSchema)]
pub struct Names {
    /// Indonesian.
    pub id: String,
    /// English.
    pub en: String,
}

/// One index of the visa index.
#[derive(Debug, Serialize, ToSchema)]
pub struct TypeView {
    /// Code, e.g. `C1`.
    pub code: String,
    /// Names.
    pub name: Names,
    /// Purpose.
    pub purpose: String,
    /// `none`, `company`, `citizen` or `any`.
    pub sponsor: SponsorKind,
    /// `single` or `multiple`.
    pub entries: String,
    /// Days of stay.
    pub stay_days: i32,
    /// Days within which the e-Visa must be used.
    pub use_within_days: i32,
    /// Whether the stay can be extended.
    pub extensible: bool,
    /// Fee in rupiah.
    pub fee: i64,
    /// Minimum passport validity after arrival, in months.
    pub min_passport_validity_months: i32,
    /// Documents asked for.
    pub documents: Vec<RequiredDocument>,
}

/// The index in force.
#[derive(Debug, Serialize, ToSchema)]
pub struct TypeList {
    /// Every current type.
    pub types: Vec<TypeView>,
}

/// The visa index in force (public).
#[utoipa::path(get, path = "/api/v1/visa/types", tag = "visa",
    responses((status = 200, body = TypeList)))]
pub async fn list_types(State(state): State<AppState>) -> Result<Json<TypeList>, ApiError> {
    let types = types::list_current(&state.db)
        .await?
        .into_iter()
        .map(|t| TypeView {
            name: Names {
                id: t.name_id,
                en: t.name_en,
            },
            code: t.code,
            purpose: t.purpose,
            sponsor: t.sponsor,
            entries: t.entries,
            stay_days: t.stay_days,
            use_within_days: t.use_within_days,
            extensible: t.extensible,
            fee: t.fee,
            min_passport_validity_months: t.min_passport_validity_months,
            documents: t.documents,
        })
        .collect();
    Ok(Json(TypeList { types }))
}

/// A sponsor's profile.
#[derive(Debug, Deserialize, ToSchema)]
pub struct SponsorBody {
    /// `company` or `citizen`.
    #[serde(default)]
    pub kind: String,
    /// NIB (13 digits) of a company, NIK (16 digits) of a citizen.
    #[serde(default)]
    pub id_number: String,
    /// Company or person name.
    #[serde(default)]
    pub name: String,
    /// Regency code of the sponsor's address, e.g. `31.71`.
    #[serde(default)]
    pub regency: String,
}

/// The processing office of the sponsor's applications.
#[derive(Debug, Serialize, ToSchema)]
pub struct SponsorAnswer {
    /// Office code.
    pub office: String,
}

/// Record the caller's sponsor profile (sponsor accounts); its regency
/// decides the processing office.
#[utoipa::path(put, path = "/api/v1/visa/sponsor", tag = "visa", security(("bearer" = [])),
    request_body = SponsorBody,
    responses((status = 200, body = SponsorAnswer),
        (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope),
        (status = 422, description = "`invalid_input`", body = ErrorEnvelope)))]
pub async fn set_sponsor(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(body): ApiJson<SponsorBody>,
) -> Result<Response, ApiError> {
    let actor = ctx.api_actor()?.clone();
    let cmd = apply::SetSponsor {
        kind: body.kind,
        id_number: body.id_number,
        name: body.name,
        regency: body.regency,
    };
    match apply::set_sponsor(&state, &actor, &ctx.request_id, cmd).await {
        Ok(office) => Ok(Json(SponsorAnswer { office }).into_response()),
        Err(e) => Ok(answer(ctx.lang, e)),
    }
}

/// An application as sent.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ApplyBody {
    /// Visa index code.
    #[serde(default)]
    pub visa_type: String,
    /// The foreigner.
    #[serde(default)]
    pub applicant: ApplicantInput,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    pub intended_arrival: String,
}

/// A new application.
#[derive(Debug, Serialize, ToSchema)]
pub struct Created {
    /// Register number.
    pub register_number: String,
    /// Always `draft`.
    pub status: String,
    /// Processing office.
    pub office: String,
}

/// Apply for a visa (a foreigner for a type without sponsor; a sponsor for
/// a named foreigner).
#[utoipa::path(post, path = "/api/v1/visa/applications", tag = "visa", security(("bearer" = [])),
    request_body = ApplyBody,
    responses((status = 201, body = Created),
        (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope),
        (status = 409, description = "`already_applied`", body = ErrorEnvelope),
        (status = 422, description = "`sponsor_required`, `passport_validity`, `sponsor_profile_required`, `invalid_input`", body = ErrorEnvelope)))]
pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(body): ApiJson<ApplyBody>,
) -> Result<Response, ApiError> {
    let actor = ctx.api_actor()?.clone();
    let cmd = apply::Apply {
        visa_type: body.visa_type,
        applicant: body.applicant,
        intended_arrival: body.intended_arrival,
    };
    match apply::apply(&state, &actor, &ctx.request_id, cmd).await {
        Ok(a) => Ok((
            StatusCode::CREATED,
            Json(Created {
                register_number: a.register_number,
                status: "draft".to_owned(),
                office: a.office,
            }),
        )
            .into_response()),
        Err(e) => Ok(answer(ctx.lang, e)),
    }
}

pub use super::views::{
    ApplicantView, CaseList, CaseSummary, CaseView, DocumentView, EVisaView, PaymentView, StepView,
};

/// Filters of the list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Only this status (staff queue).
    pub status: Option<String>,
    /// Only this visa type.
    pub visa_type: Option<String>,
    /// Only cases unchanged for at least this many days (staff queue).
    pub min_age_days: Option<u32>,
}

/// The caller's applications, or the office's queue for staff (oldest
/// change first).
#[utoipa::path(get, path = "/api/v1/visa/applications", tag = "visa", security(("bearer" = [])),
    params(ListQuery),
    responses((status = 200, body = CaseList),
        (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope)))]
pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<ListQuery>,
) -> Result<Response, ApiError> {
    let actor = ctx.api_actor()?.clone();
    let status = match q.status.as_deref() {
        Some(s) => Some(
            view::queue_status(s)
                .ok_or_else(|| ApiError::invalid_field("status", ctx.t("visa-field-invalid")))?,
        ),
        None => None,
    };
    let now = jiff::Timestamp::now().as_millisecond();
    let filter = QueueFilter {
        status,
        older_than: q
            .min_age_days
            .map(|d| now - i64::from(d) * 24 * 3600 * 1000),
    };
    match view::list(&state, &actor, &filter, q.visa_type.as_deref()).await {
        Ok(found) => Ok(Json(CaseList::from_summaries(found, now)).into_response()),
        Err(e) => Ok(answer(ctx.lang, e)),
    }
}

fn register(s: &str) -> Result<String, ApiError> {
    RegisterNumber::parse(s)
        .map(|r| r.to_string())
        .map_err(|_| ApiError::not_found())
}

/// One application with its documents, timeline, payment and e-Visa
/// (404 for anyone who may not see it; staff reads are audited).
#[utoipa::path(get, path = "/api/v1/visa/applications/{register_number}", tag = "visa",
    security(("bearer" = [])),
    params(("register_number" = String, Path, description = "e.g. V-2026-7K3QX9M2")),
    responses((status = 200, body = CaseView),
        (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub async fn get_one(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(number): Path<String>,
) -> Result<Response, ApiError> {
    let actor = ctx.api_actor()?.clone();
    let number = register(&number)?;
    match view::view(&state, &actor, &ctx.request_id, &number).await {
        Ok(file) => Ok(Json(CaseView::from_file(file, &actor)).into_response()),
        Err(e) => Ok(answer(ctx.lang, e)),
    }
}

/// The multipart form of an upload.
#[derive(Debug, ToSchema)]
#[allow(dead_code)]
pub struct UploadForm {
    /// Document kind (`passport_bio_page`, `photo`, or what the type asks).
    pub kind: String,
    /// The file (JPEG, PNG or PDF, checked by content).
    #[schema(format = Binary, content_media_type = "application/octet-stream")]
    pub file: String,
}

/// Attach a document (multipart `kind`, `file`) while the case is a draft
/// or information was requested.
#[utoipa::path(post, path = "/api/v1/visa/applications/{register_number}/documents", tag = "visa",
    security(("bearer" = [])),
    params(("register_number" = String, Path, description = "Register number")),
    request_body(content = UploadForm, content_type = "multipart/form-data"),
    responses((status = 201, body = DocumentView),
        (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope),
        (status = 409, description = "`invalid_transition`", body = ErrorEnvelope),
        (status = 413, description = "`file_too_large`", body = ErrorEnvelope),
        (status = 422, description = "`invalid_file` (names the file and the reason)", body = ErrorEnvelope)))]
pub async fn upload(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(number): Path<String>,
    form: Multipart,
) -> Result<Response, ApiError> {
    let actor = ctx.api_actor()?.clone();
    let number = register(&number)?;
    let form = read_upload(ctx.lang, form, state.documents.kinds.largest())
        .await
        .map_err(|mut e| {
            // A refused `kind` in visa's own words.
            if let Some(message) = e.fields.get_mut("kind") {
                *message = ctx.t("visa-field-invalid");
            }
            e
        })?;
    let request = attach::AttachFile {
        register_number: &number,
        kind: &form.kind,
        declared_type: form.declared.as_deref(),
        bytes: &form.bytes,
    };
    match attach::attach(&state, &actor, &ctx.request_id, request).await {
        Ok(doc) => Ok((StatusCode::CREATED, Json(DocumentView::from(&doc))).into_response()),
        Err(VisaError::Case(CaseError::Upload(e))) => Err(upload_error(ctx.lang, &form.name, e)),
        Err(e) => Ok(answer(ctx.lang, e)),
    }
}

/// What submitting gave.
#[derive(Debug, Serialize, ToSchema)]
pub struct SubmitAnswer {
    /// `awaiting_payment` (or `in_review` after a request for information).
    pub status: String,
    /// The bill to pay.
    pub payment: PaymentView,
}

/// Submit the application: the fee bill is created (payable for
/// `IMIGRASI_VISA_PAYMENT_DAYS` days, 7 by default). After a request for
/// information, submitting again hands it back for review (`in_review`).
#[utoipa::path(post, path = "/api/v1/visa/applications/{register_number}/submit", tag = "visa",
    security(("bearer" = [])),
    params(("register_number" = String, Path, description = "Register number")),
    responses((status = 200, body = SubmitAnswer),
        (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope),
        (status = 409, description = "`invalid_transition`", body = ErrorEnvelope),
        (status = 422, description = "`missing_documents` with `missing` (kinds)", body = ErrorEnvelope)))]
pub async fn submit(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(number): Path<String>,
) -> Result<Response, ApiError> {
    let actor = ctx.api_actor()?.clone();
    let number = register(&number)?;
    match payment::submit(&state, &actor, &ctx.request_id, &number).await {
        Ok(s) => Ok(Json(SubmitAnswer {
            status: s.status.as_str().to_owned(),
            payment: PaymentView::from(&s.bill),
        })
        .into_response()),
        Err(e) => Ok(answer(ctx.lang, e)),
    }
}
