//! Reading a stay with its versions, amending it, cancelling it.

use axum::Json;
use axum::extract::{Path, State};
use imigrasi_platform::AppState;
use imigrasi_platform::http::ctx::{ApiJson, Ctx};
use imigrasi_platform::http::error::{ApiError, ErrorEnvelope};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::errors::api_error;
use super::reporter;
use super::views::{StayView, mask};
use crate::app::amend::{self as app, Amendment};
use crate::domain::guest::GuestInput;
use crate::domain::stay::GuestPermitInput;
use crate::store::versions::Version;

/// An amendment: what is given replaces the reported value.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct AmendBody {
    /// The guest, in full (`{"mrz"}` or the typed fields).
    pub guest: Option<GuestInput>,
    /// Date of entry, `YYYY-MM-DD`.
    pub entry_date: Option<String>,
    /// Port of entry (blank clears it).
    pub entry_port: Option<String>,
    /// Check-in.
    pub check_in: Option<String>,
    /// Expected check-out, `YYYY-MM-DD`.
    pub expected_check_out: Option<String>,
    /// Room (blank clears it).
    pub room: Option<String>,
    /// Visa or permit.
    pub permit: Option<GuestPermitInput>,
    /// Purpose.
    pub purpose: Option<String>,
    /// The version this change is based on (as read); when given and the
    /// report has moved on, 409 `amended_meanwhile` and nothing changes.
    pub version: Option<i32>,
}

/// A cancellation.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct CancelBody {
    /// Why (required).
    #[serde(default)]
    pub reason: String,
}

/// A version a stay replaced.
#[derive(Debug, Serialize, ToSchema)]
pub struct VersionView {
    /// The version number replaced.
    pub version: i32,
    /// When (RFC 3339).
    pub replaced_at: String,
    /// `account` or `api_key`.
    pub replaced_by: String,
    /// What it said (the passport number masked).
    #[schema(value_type = Object)]
    pub fields: serde_json::Value,
}

impl From<Version> for VersionView {
    fn from(v: Version) -> Self {
        let mut fields = v.snapshot;
        if let Some(n) = fields.get("passport_number").and_then(|n| n.as_str()) {
            fields["passport_number"] = serde_json::Value::from(mask(n));
        }
        VersionView {
            version: v.version,
            replaced_at: imigrasi_platform::db::from_millis(v.replaced_at).to_string(),
            replaced_by: if v.replaced_by_key.is_some() {
                "api_key"
            } else {
                "account"
            }
            .into(),
            fields,
        }
    }
}

/// A stay with the versions it replaced.
#[derive(Debug, Serialize, ToSchema)]
pub struct StayFile {
    /// The stay as it is.
    #[serde(flatten)]
    pub stay: StayView,
    /// Earlier versions, oldest first.
    pub versions: Vec<VersionView>,
}

/// A stay and its earlier versions (the premise's owner or key).
#[utoipa::path(get, path = "/api/v1/apoa/stays/{id}", tag = "apoa",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The stay")),
    responses((status = 200, body = StayFile),
        (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub async fn get_one(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Json<StayFile>, ApiError> {
    let reporter = reporter(&state, &ctx).await?;
    let (stay, versions) = app::versions(&state, &reporter, &id)
        .await
        .map_err(|e| api_error(ctx.lang, e))?;
    Ok(Json(StayFile {
        stay: StayView::from(stay),
        versions: versions.into_iter().map(VersionView::from).collect(),
    }))
}

/// Amend a report; the replaced version is kept and the version goes up.
#[utoipa::path(patch, path = "/api/v1/apoa/stays/{id}", tag = "apoa",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The stay")),
    request_body = AmendBody,
    responses((status = 200, body = StayView),
        (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope),
        (status = 409, description = "`stay_cancelled`, `amended_meanwhile`, `duplicate_stay` (the amended guest and date are another report's)", body = ErrorEnvelope),
        (status = 422, description = "`invalid_input` or `invalid_mrz`", body = ErrorEnvelope)))]
pub async fn amend(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<AmendBody>,
) -> Result<Json<StayView>, ApiError> {
    let reporter = reporter(&state, &ctx).await?;
    let cmd = Amendment {
        guest: body.guest,
        entry_date: body.entry_date,
        entry_port: body.entry_port,
        check_in: body.check_in,
        expected_check_out: body.expected_check_out,
        room: body.room,
        permit: body.permit,
        purpose: body.purpose,
        if_version: body.version,
    };
    let stay = app::amend(&state, &reporter, &ctx.request_id, &id, cmd)
        .await
        .map_err(|e| api_error(ctx.lang, e))?;
    Ok(Json(StayView::from(stay)))
}

/// Cancel a report made in error, with a reason.
#[utoipa::path(post, path = "/api/v1/apoa/stays/{id}/cancel", tag = "apoa",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The stay")),
    request_body = CancelBody,
    responses((status = 200, body = StayView),
        (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope),
        (status = 409, description = "`stay_cancelled`", body = ErrorEnvelope),
        (status = 422, body = ErrorEnvelope)))]
pub async fn cancel(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<CancelBody>,
) -> Result<Json<StayView>, ApiError> {
    let reporter = reporter(&state, &ctx).await?;
    let stay = app::cancel(&state, &reporter, &ctx.request_id, &id, &body.reason)
        .await
        .map_err(|e| api_error(ctx.lang, e))?;
    Ok(Json(StayView::from(stay)))
}
