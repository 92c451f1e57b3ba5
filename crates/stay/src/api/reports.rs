//! Mandatory reports under `/api/v1/stay/reports`: parse, call
//! `app::reports`, answer in the caller's language.

use std::collections::BTreeMap;

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use imigrasi_platform::AppState;
use imigrasi_platform::http::ctx::{ApiJson, Ctx};
use imigrasi_platform::http::error::{ApiError, ErrorEnvelope};
use imigrasi_platform::i18n::Lang;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

use crate::app::reports::{self, FileReport, ReportError};
use crate::store::reports::StoredReport;

/// OpenAPI description of the reports, the officers' lists and the
/// sponsor's dashboard.
#[derive(OpenApi)]
#[openapi(
    paths(create, list, super::lists::dashboard),
    components(schemas(
        ReportBody, ReceiptView, ReportView, ReportList,
        super::lists::DashboardView, super::lists::DashboardItem,
    )),
    tags((name = "stay", description = "Stay permits: the permit register"))
)]
pub struct ReportsApi;

/// The routes of reports.
pub fn router() -> Router<AppState> {
    Router::new().route("/api/v1/stay/reports", get(list).post(create))
}

/// A report to file.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ReportBody {
    /// The permit's number, e.g. `IT-2026-7K3QX9M2`.
    #[serde(default)]
    pub permit_number: String,
    /// `address_change` (`{"line","regency"}`), `civil_status`
    /// (`{"status": "single"|"married"|"divorced"|"widowed", "date"?}`),
    /// `passport` (`{"passport_number","expiry_date"}`), `job`
    /// (`{"employer","position"}`) or `sponsor_address` (`{"line","regency"}`).
    #[serde(default)]
    pub kind: String,
    /// The kind's details.
    #[serde(default)]
    #[schema(value_type = Object)]
    pub details: serde_json::Value,
}

/// The receipt of a report.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReceiptView {
    /// Receipt number, e.g. `LAP-2026-7K3QX9M2`.
    pub receipt_number: String,
    /// The permit.
    pub permit_number: String,
    /// The report's kind.
    pub kind: String,
    /// The office supervising the permit now (the new one after a move).
    pub office: String,
    /// When (RFC 3339, UTC).
    pub filed_at: String,
}

/// A filed report.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReportView {
    /// Receipt number.
    pub receipt_number: String,
    /// Kind.
    pub kind: String,
    /// The details as recorded.
    #[schema(value_type = Object)]
    pub details: serde_json::Value,
    /// Who filed it: `foreigner` (the holder) or `sponsor`.
    pub filed_by_role: String,
    /// The office supervising the permit once it was recorded.
    pub office: String,
    /// When (RFC 3339, UTC).
    pub filed_at: String,
}

impl From<StoredReport> for ReportView {
    fn from(r: StoredReport) -> Self {
        ReportView {
            receipt_number: r.receipt_number,
            kind: r.kind,
            details: r.details,
            filed_by_role: r.filer_role,
            office: r.office_code,
            filed_at: imigrasi_platform::db::from_millis(r.filed_at).to_string(),
        }
    }
}

/// A permit's reports.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReportList {
    /// The permit.
    pub permit_number: String,
    /// Its reports, oldest first.
    pub reports: Vec<ReportView>,
}

pub fn report_field_message(lang: Lang, reason: &str) -> String {
    lang.t(match reason {
        "required" => "stay-report-field-required",
        "too_long" => "stay-report-field-too-long",
        "in_future" => "stay-report-field-in-future",
        "expired" => "stay-report-field-expired",
        "unknown" => "stay-field-unknown",
        _ => "stay-field-invalid",
    })
}

/// The [`ApiError`] of a refused report.
pub fn report_error(lang: Lang, e: ReportError) -> ApiError {
    match e {
        ReportError::NotFound => ApiError::not_found(),
        ReportError::PermitNotActive => {
            ApiError::conflict("permit_not_active", lang.t("stay-report-permit-not-active"))
        }
        ReportError::InvalidInput(fields) => ApiError::invalid_input(
            fields
                .into_iter()
                .map(|(f, reason)| (f, report_field_message(lang, reason)))
                .collect::<BTreeMap<_, _>>(),
        ),
        ReportError::Db(e) => ApiError::from(e),
    }
    .in_lang(lang)
}

/// File a mandatory report about a permit (its holder or sponsor; anyone
/// else 404). No fee, no approval: recorded at once with a receipt number.
#[utoipa::path(post, path = "/api/v1/stay/reports", tag = "stay",
    security(("bearer" = [])),
    request_body = ReportBody,
    responses((status = 201, body = ReceiptView),
        (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope),
        (status = 409, description = "`permit_not_active`: expired, cancelled or converted", body = ErrorEnvelope),
        (status = 422, description = "`invalid_input` naming each field", body = ErrorEnvelope)))]
pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(body): ApiJson<ReportBody>,
) -> Result<Response, ApiError> {
    let actor = ctx.api_actor()?.clone();
    let cmd = FileReport {
        permit_number: body.permit_number,
        kind: body.kind,
        details: body.details,
    };
    let filed = reports::file(&state, &actor, &ctx.request_id, cmd)
        .await
        .map_err(|e| report_error(ctx.lang, e))?;
    let r = filed.report;
    let view = ReceiptView {
        receipt_number: r.receipt_number,
        permit_number: filed.permit_number,
        kind: r.kind,
        office: r.office_code,
        filed_at: imigrasi_platform::db::from_millis(r.filed_at).to_string(),
    };
    Ok((StatusCode::CREATED, Json(view)).into_response())
}

/// Which permit's reports.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportsQuery {
    /// The permit's number.
    pub permit: Option<String>,
}

/// A permit's reports, for its holder, its sponsor, staff of its
/// supervising office (audited) and administrators; anyone else 404.
#[utoipa::path(get, path = "/api/v1/stay/reports", tag = "stay",
    security(("bearer" = [])), params(ReportsQuery),
    responses((status = 200, body = ReportList),
        (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope),
        (status = 422, body = ErrorEnvelope)))]
pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<ReportsQuery>,
) -> Result<Json<ReportList>, ApiError> {
    let actor = ctx.api_actor()?.clone();
    let number = q.permit.unwrap_or_default();
    let (permit, found) = reports::list(&state, &actor, &ctx.request_id, &number)
        .await
        .map_err(|e| report_error(ctx.lang, e))?;
    Ok(Json(ReportList {
        permit_number: permit.number,
        reports: found.into_iter().map(ReportView::from).collect(),
    }))
}
