//! Administrators' edits of the visa index.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use imigrasi_platform::AppState;
use imigrasi_platform::http::ctx::{ApiJson, Ctx};
use imigrasi_platform::http::error::{ApiError, ErrorEnvelope};
use serde::Deserialize;
use utoipa::ToSchema;

use super::errors::answer;
use crate::app::index;
use crate::domain::visa_type::{RequiredDocument, SponsorKind, VisaType};

/// Names in both languages, as sent.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NamesBody {
    /// Indonesian.
    pub id: String,
    /// English.
    pub en: String,
}

/// An index as an administrator writes it.
#[derive(Debug, Deserialize, ToSchema)]
pub struct TypeBody {
    /// Names.
    pub name: NamesBody,
    /// Purpose.
    pub purpose: String,
    /// `none`, `company`, `citizen` or `any`.
    pub sponsor: SponsorKind,
    /// `single` or `multiple`.
    pub entries: String,
    /// Days of stay (1 to 3650).
    pub stay_days: i32,
    /// Days to use the e-Visa (1 to 365).
    pub use_within_days: i32,
    /// Whether the stay can be extended.
    pub extensible: bool,
    /// Fee in rupiah.
    pub fee: i64,
    /// Minimum passport validity after arrival, months.
    pub min_passport_validity_months: i32,
    /// Documents (must include a required `passport_bio_page`).
    pub documents: Vec<RequiredDocument>,
    /// Take the index out of force (past applications keep it).
    #[serde(default)]
    pub retired: bool,
}

/// Create or replace an index of the visa index, or retire it
/// (administrators; audited `visa.type_update`).
#[utoipa::path(put, path = "/api/v1/visa/types/{code}", tag = "visa", security(("bearer" = [])),
    params(("code" = String, Path, description = "Index code, e.g. `C1`")),
    request_body = TypeBody,
    responses((status = 204, description = "Saved"),
        (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope),
        (status = 422, description = "`invalid_input`", body = ErrorEnvelope)))]
pub async fn put_type(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    ApiJson(body): ApiJson<TypeBody>,
) -> Result<Response, ApiError> {
    let actor = ctx.api_actor()?.clone();
    let t = VisaType {
        code: code.trim().to_ascii_uppercase(),
        name_id: body.name.id.trim().to_owned(),
        name_en: body.name.en.trim().to_owned(),
        purpose: body.purpose.trim().to_owned(),
        sponsor: body.sponsor,
        entries: body.entries.trim().to_owned(),
        stay_days: body.stay_days,
        use_within_days: body.use_within_days,
        extensible: body.extensible,
        fee: body.fee,
        min_passport_validity_months: body.min_passport_validity_months,
        documents: body.documents,
    };
    match index::put_type(&state, &actor, &ctx.request_id, t, body.retired).await {
        Ok(()) => Ok(StatusCode::NO_CONTENT.into_response()),
        Err(e) => Ok(answer(ctx.lang, e)),
    }
}
