//! The supervision alerts and the dashboard of the officer's area
//! (administrators: every office).

use axum::Json;
use axum::extract::{Query, State};
use imigrasi_platform::AppState;
use imigrasi_platform::db;
use imigrasi_platform::http::ctx::Ctx;
use imigrasi_platform::http::error::{ApiError, ErrorEnvelope};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::errors::api_error;
use crate::app::alerts::{self as app, Alert, AlertsQuery};
use crate::app::dashboard::{self as board, Dashboard};

/// Which alerts.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AlertsParams {
    /// One kind only: `permit_expired`, `passport_expired`, `late_report`,
    /// `no_check_out`, `many_premises` or `outside_regency`.
    pub kind: Option<String>,
    /// Page, from 1.
    pub page: Option<u64>,
    /// Alerts per page (1 to 200, default 50).
    pub per_page: Option<u64>,
}

/// One alert about one stay.
#[derive(Debug, Serialize, ToSchema)]
pub struct AlertView {
    /// `permit_expired`, `passport_expired`, `late_report`,
    /// `no_check_out`, `many_premises` or `outside_regency`.
    pub kind: String,
    /// The stay.
    pub stay_id: String,
    /// The guest's passport number.
    pub passport_number: String,
    /// Why, in the caller's language.
    pub reason: String,
    /// Nationality code.
    pub nationality: String,
    /// Surname.
    pub surname: String,
    /// Given names.
    pub given_names: String,
    /// `checked_in` or `checked_out`.
    pub status: String,
    /// Check-in (RFC 3339).
    pub check_in: String,
    /// Expected check-out.
    pub expected_check_out: String,
    /// The premise.
    pub premise_id: String,
    /// Its name.
    pub premise_name: String,
    /// Its regency code.
    pub premise_regency: String,
}

impl AlertView {
    fn new(a: Alert, lang: imigrasi_platform::i18n::Lang) -> AlertView {
        let reason = a.reason(lang);
        let s = a.stay.stay;
        AlertView {
            kind: a.finding.kind().as_str().to_owned(),
            stay_id: s.id,
            passport_number: s.passport_number,
            reason,
            nationality: s.nationality,
            surname: s.surname,
            given_names: s.given_names,
            status: s.status,
            check_in: db::from_millis(s.check_in).to_string(),
            expected_check_out: s.expected_check_out,
            premise_id: s.premise_id,
            premise_name: a.stay.premise_name,
            premise_regency: a.stay.premise_regency,
        }
    }
}

/// A page of alerts.
#[derive(Debug, Serialize, ToSchema)]
pub struct AlertsAnswer {
    /// Newest check-in first, then by kind.
    pub alerts: Vec<AlertView>,
    /// This page, from 1.
    pub page: u64,
    /// Page size.
    pub per_page: u64,
    /// Alerts in all.
    pub total: usize,
    /// False when the area held more stays than one answer reads (50 000):
    /// the oldest were left out.
    pub complete: bool,
}

/// The alerts of the officer's area now: stays past their visa or stay
/// permit, on an expired passport, reported late, past the expected
/// check-out, at many premises within a few days, or outside the
/// registered regency. Audited.
#[utoipa::path(get, path = "/api/v1/apoa/alerts", tag = "apoa",
    security(("bearer" = [])),
    params(AlertsParams),
    responses((status = 200, body = AlertsAnswer),
        (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope),
        (status = 422, body = ErrorEnvelope)))]
pub async fn alerts(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<AlertsParams>,
) -> Result<Json<AlertsAnswer>, ApiError> {
    let actor = ctx.api_actor()?;
    let query = AlertsQuery {
        kind: q.kind,
        page: q.page,
        per_page: q.per_page,
    };
    let page = app::alerts(&state, actor, &ctx.request_id, query)
        .await
        .map_err(|e| api_error(ctx.lang, e))?;
    Ok(Json(AlertsAnswer {
        alerts: page
            .alerts
            .into_iter()
            .map(|a| AlertView::new(a, ctx.lang))
            .collect(),
        page: page.page,
        per_page: page.per_page,
        total: page.total,
        complete: page.complete,
    }))
}

/// The dashboard's period.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DashboardParams {
    /// First day, `YYYY-MM-DD` (default: 29 days before `to`).
    pub from: Option<String>,
    /// Last day, `YYYY-MM-DD` (default: today); at most 366 days.
    pub to: Option<String>,
}

/// Reports on a day.
#[derive(Debug, Serialize, ToSchema)]
pub struct DayView {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Reports made that day.
    pub reports: i64,
}

/// Reports of a nationality.
#[derive(Debug, Serialize, ToSchema)]
pub struct NationalityView {
    /// Code.
    pub nationality: String,
    /// Reports.
    pub reports: i64,
}

/// Reports at a premise.
#[derive(Debug, Serialize, ToSchema)]
pub struct PremiseReportsView {
    /// Premise id.
    pub premise_id: String,
    /// Name.
    pub name: String,
    /// Regency code.
    pub regency: String,
    /// Reports.
    pub reports: i64,
}

/// Reports in a regency.
#[derive(Debug, Serialize, ToSchema)]
pub struct RegencyView {
    /// Code.
    pub regency: String,
    /// Name.
    pub name: Option<String>,
    /// Reports.
    pub reports: i64,
}

/// A premise that stopped reporting.
#[derive(Debug, Serialize, ToSchema)]
pub struct SilentView {
    /// Premise id.
    pub premise_id: String,
    /// Name.
    pub name: String,
    /// Regency code.
    pub regency: String,
    /// Its last report (RFC 3339).
    pub last_report: String,
}

/// The dashboard.
#[derive(Debug, Serialize, ToSchema)]
pub struct DashboardAnswer {
    /// First day.
    pub from: String,
    /// Last day.
    pub to: String,
    /// Reports in the period.
    pub total: i64,
    /// Every day of the period (zeros included), for a chart.
    pub per_day: Vec<DayView>,
    /// Most first.
    pub by_nationality: Vec<NationalityView>,
    /// Most first (at most 200).
    pub by_premise: Vec<PremiseReportsView>,
    /// Most first.
    pub by_regency: Vec<RegencyView>,
    /// Premises that reported before but not in the last `silent_days`
    /// days, longest silent first (at most 200).
    pub silent_premises: Vec<SilentView>,
    /// The days of silence that count.
    pub silent_days: i64,
}

impl From<Dashboard> for DashboardAnswer {
    fn from(d: Dashboard) -> Self {
        DashboardAnswer {
            from: d.from.to_string(),
            to: d.to.to_string(),
            total: d.total,
            per_day: d
                .per_day
                .into_iter()
                .map(|x| DayView {
                    date: x.date.to_string(),
                    reports: x.reports,
                })
                .collect(),
            by_nationality: d
                .by_nationality
                .into_iter()
                .map(|c| NationalityView {
                    nationality: c.key,
                    reports: c.reports,
                })
                .collect(),
            by_premise: d
                .by_premise
                .into_iter()
                .map(|p| PremiseReportsView {
                    premise_id: p.premise_id,
                    name: p.name,
                    regency: p.regency,
                    reports: p.reports,
                })
                .collect(),
            by_regency: d
                .by_regency
                .into_iter()
                .map(|c| RegencyView {
                    regency: c.key,
                    name: c.name,
                    reports: c.reports,
                })
                .collect(),
            silent_premises: d
                .silent
                .into_iter()
                .map(|s| SilentView {
                    premise_id: s.premise_id,
                    name: s.name,
                    regency: s.regency,
                    last_report: s.last_report.to_string(),
                })
                .collect(),
            silent_days: d.silent_days,
        }
    }
}

/// The reports of the officer's area over a period: per day, by
/// nationality, premise and regency, and the premises that stopped
/// reporting. Audited.
#[utoipa::path(get, path = "/api/v1/apoa/dashboard", tag = "apoa",
    security(("bearer" = [])),
    params(DashboardParams),
    responses((status = 200, body = DashboardAnswer),
        (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope),
        (status = 422, description = "`invalid_input` (from, to)", body = ErrorEnvelope)))]
pub async fn dashboard(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<DashboardParams>,
) -> Result<Json<DashboardAnswer>, ApiError> {
    let actor = ctx.api_actor()?;
    let d = board::dashboard(
        &state,
        actor,
        &ctx.request_id,
        q.from.as_deref(),
        q.to.as_deref(),
    )
    .await
    .map_err(|e| api_error(ctx.lang, e))?;
    Ok(Json(DashboardAnswer::from(d)))
}
