//! After issue: revoke, entry, missions' look-up, and the public status.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use imigrasi_platform::AppState;
use imigrasi_platform::http::ctx::{ApiJson, Ctx};
use imigrasi_platform::http::error::{ApiError, ErrorEnvelope};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::errors::answer;
use crate::app::evisa_ops;
use crate::app::status::{self, Looked};

/// A revocation.
#[derive(Debug, Deserialize, ToSchema)]
pub struct RevokeBody {
    /// Why (at most 1000 characters).
    #[serde(default)]
    pub reason: String,
}

/// The e-Visa's new status.
#[derive(Debug, Serialize, ToSchema)]
pub struct EVisaStatus {
    /// e-Visa number.
    pub number: String,
    /// `revoked` or `used`.
    pub status: String,
    /// The stay permit the entry started (when the address was given).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stay_permit: Option<String>,
}

/// Revoke an issued e-Visa (supervisor of the processing office).
#[utoipa::path(post, path = "/api/v1/visa/evisas/{number}/revoke", tag = "visa",
    security(("bearer" = [])),
    params(("number" = String, Path, description = "e-Visa number")),
    request_body = RevokeBody,
    responses((status = 200, body = EVisaStatus),
        (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope),
        (status = 409, description = "`invalid_transition` (not issued any more)", body = ErrorEnvelope),
        (status = 422, description = "`invalid_input`", body = ErrorEnvelope)))]
pub async fn revoke(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(number): Path<String>,
    ApiJson(body): ApiJson<RevokeBody>,
) -> Result<Response, ApiError> {
    let actor = ctx.api_actor()?.clone();
    match evisa_ops::revoke(&state, &actor, &ctx.request_id, &number, &body.reason).await {
        Ok(()) => Ok(Json(EVisaStatus {
            number,
            status: "revoked".to_owned(),
            stay_permit: None,
        })
        .into_response()),
        Err(e) => Ok(answer(ctx.lang, e)),
    }
}

/// An entry at a port.
#[derive(Debug, Deserialize, ToSchema)]
pub struct EntryBody {
    /// The port of entry (e.g. `CGK`).
    #[serde(default)]
    pub port: String,
    /// When (RFC 3339).
    #[serde(default)]
    pub entered_at: String,
    /// The address in Indonesia from the arrival card: given, the stay
    /// permit starts with the entry (ITK for visit visas, ITAS for E
    /// types), supervised by the regency's office.
    pub address: Option<EntryAddress>,
}

/// An address in Indonesia.
#[derive(Debug, Deserialize, ToSchema)]
pub struct EntryAddress {
    /// Address line.
    #[serde(default)]
    pub line: String,
    /// Kemendagri regency code, e.g. `51.71`.
    #[serde(default)]
    pub regency: String,
}

/// Record the holder's entry (officers): the e-Visa becomes `used`.
#[utoipa::path(post, path = "/api/v1/visa/evisas/{number}/entry", tag = "visa",
    security(("bearer" = [])),
    params(("number" = String, Path, description = "e-Visa number")),
    request_body = EntryBody,
    responses((status = 200, body = EVisaStatus),
        (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope),
        (status = 409, description = "`invalid_transition` (used, revoked or past its use-within date)", body = ErrorEnvelope),
        (status = 422, description = "`invalid_input`", body = ErrorEnvelope)))]
pub async fn entry(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(number): Path<String>,
    ApiJson(body): ApiJson<EntryBody>,
) -> Result<Response, ApiError> {
    let actor = ctx.api_actor()?.clone();
    let recorded = evisa_ops::Entry {
        port: &body.port,
        entered_at: &body.entered_at,
        address: body
            .address
            .as_ref()
            .map(|a| (a.line.as_str(), a.regency.as_str())),
    };
    let done = evisa_ops::entry(&state, &actor, &ctx.request_id, &number, recorded).await;
    match done {
        Ok(started) => Ok(Json(EVisaStatus {
            number,
            status: "used".to_owned(),
            stay_permit: started.into_iter().next(),
        })
        .into_response()),
        Err(e) => Ok(answer(ctx.lang, e)),
    }
}

/// A mission's question.
#[derive(Debug, Deserialize, ToSchema)]
pub struct LookupBody {
    /// Passport number.
    #[serde(default)]
    pub passport_number: String,
    /// Nationality (alpha-3).
    #[serde(default)]
    pub nationality: String,
}

/// One e-Visa found.
#[derive(Debug, Serialize, ToSchema)]
pub struct FoundView {
    /// e-Visa number.
    pub number: String,
    /// Visa index code.
    pub visa_type: String,
    /// First day.
    pub valid_from: String,
    /// Last day to enter.
    pub valid_until: String,
    /// `valid`, `used`, `expired`, `revoked`.
    pub status: String,
}

/// What a mission found.
#[derive(Debug, Serialize, ToSchema)]
pub struct LookupAnswer {
    /// e-Visas of that passport, newest first.
    pub evisas: Vec<FoundView>,
}

/// Look up e-Visas by passport number and nationality (missions; audited).
#[utoipa::path(post, path = "/api/v1/visa/lookup", tag = "visa", security(("bearer" = [])),
    request_body = LookupBody,
    responses((status = 200, body = LookupAnswer),
        (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope),
        (status = 422, description = "`invalid_input`", body = ErrorEnvelope)))]
pub async fn lookup(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(body): ApiJson<LookupBody>,
) -> Result<Response, ApiError> {
    let actor = ctx.api_actor()?.clone();
    let found = evisa_ops::lookup(
        &state,
        &actor,
        &ctx.request_id,
        &body.passport_number,
        &body.nationality,
    )
    .await;
    match found {
        Ok(list) => Ok(Json(LookupAnswer {
            evisas: list
                .into_iter()
                .map(|f| FoundView {
                    number: f.evisa.number,
                    visa_type: f.visa_type,
                    valid_from: f.evisa.valid_from,
                    valid_until: f.evisa.valid_until,
                    status: f.status.to_owned(),
                })
                .collect(),
        })
        .into_response()),
        Err(e) => Ok(answer(ctx.lang, e)),
    }
}

/// A status question.
#[derive(Debug, Deserialize, ToSchema)]
pub struct StatusBody {
    /// Register number.
    #[serde(default)]
    pub register_number: String,
    /// Passport number of the applicant.
    #[serde(default)]
    pub passport_number: String,
}

/// The status.
#[derive(Debug, Serialize, ToSchema)]
pub struct StatusAnswer {
    /// The application's status.
    pub status: String,
}

/// The status of an application by register number and passport number
/// (anyone); the same 404 for an unknown number and a wrong passport; 429
/// after 10 misses per address in 15 minutes.
#[utoipa::path(post, path = "/api/v1/visa/status", tag = "visa",
    request_body = StatusBody,
    responses((status = 200, body = StatusAnswer),
        (status = 404, body = ErrorEnvelope),
        (status = 429, description = "`too_many_attempts` with `Retry-After`", body = ErrorEnvelope)))]
pub async fn public_status(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(body): ApiJson<StatusBody>,
) -> Result<Response, ApiError> {
    let looked = status::public_status(
        &state,
        &ctx.client,
        &body.register_number,
        &body.passport_number,
    )
    .await;
    match looked {
        Ok(Looked::Found(s)) => Ok((
            StatusCode::OK,
            Json(StatusAnswer {
                status: s.to_owned(),
            }),
        )
            .into_response()),
        Ok(Looked::NotFound) => Err(ApiError::not_found()),
        Ok(Looked::Limited(secs)) => Err(ApiError::too_many_attempts(
            ctx.t("visa-status-limited"),
            secs,
        )),
        Err(e) => Ok(answer(ctx.lang, e)),
    }
}
