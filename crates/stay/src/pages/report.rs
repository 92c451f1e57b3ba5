//! Mandatory reports from the permit page (address, civil status, job):
//! the holder or the sponsor files one; the receipt shows in the history;
//! a refusal is shown next to the field it concerns.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use imigrasi_platform::AppState;
use imigrasi_platform::http::ctx::Ctx;
use imigrasi_platform::http::error::PageError;
use serde::Deserialize;
use serde_json::json;

use super::common::{Errors, render_with};
use super::permit::{ApplyForm, load, permit_number};
use crate::api::reports::report_field_message;
use crate::app::reports::{self, FileReport, ReportError};

/// A report form as sent (the fields of its kind).
#[derive(Debug, Default, Deserialize)]
pub(crate) struct ReportForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    line: String,
    #[serde(default)]
    regency: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    employer: String,
    #[serde(default)]
    position: String,
}

/// The details of a report's kind from its form.
fn details(f: &ReportForm) -> serde_json::Value {
    match f.kind.as_str() {
        "address_change" => json!({ "line": f.line, "regency": f.regency }),
        "civil_status" => json!({ "status": f.status }),
        "job" => json!({ "employer": f.employer, "position": f.position }),
        _ => json!({}),
    }
}

/// `POST /stay/permits/{number}/reports`: file a report, then back to the
/// permit's history (which shows its receipt number).
pub(crate) async fn report(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(number): Path<String>,
    Form(f): Form<ReportForm>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?.clone();
    let number = permit_number(&number);
    let cmd = FileReport {
        permit_number: number.clone(),
        kind: f.kind.clone(),
        details: details(&f),
    };
    let e = match reports::file(&state, &actor, &ctx.request_id, cmd).await {
        Ok(_) => {
            return Ok(Redirect::to(&format!("/stay/permits/{number}#history")).into_response());
        }
        Err(e) => e,
    };
    let mut errors = Errors::default();
    let status = match e {
        ReportError::NotFound => return Err(PageError::not_found()),
        ReportError::Db(e) => return Err(PageError::from(e)),
        ReportError::PermitNotActive => {
            errors.add("report", ctx.t("stay-report-permit-not-active"));
            StatusCode::CONFLICT
        }
        ReportError::InvalidInput(fields) => {
            for (field, reason) in fields {
                let name = field.rsplit('.').next().unwrap_or("report");
                let id = match name {
                    "line" | "regency" | "employer" | "position" => format!("report-{name}"),
                    _ => "report".to_owned(),
                };
                errors.add(&id, report_field_message(ctx.lang, reason));
            }
            StatusCode::UNPROCESSABLE_ENTITY
        }
    };
    let t = load(&state, &ctx, &actor, &number, errors, ApplyForm::default()).await?;
    render_with(&t, status)
}
