//! The officer's page after the visit: one booking of the officer's office,
//! its application, and a form for each next step (outcome, ready,
//! collected, delivered). The forms check their input with the API's own
//! parsers and call the same use cases (`app::application`).
//!
//! - `GET /passport/staff/bookings/{code}`
//! - `POST /passport/staff/bookings/{code}/{step}` (`outcome`, `ready`,
//!   `collected`, `delivered`), then back to the page.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use imigrasi_platform::AppState;
use imigrasi_platform::http::ctx::Ctx;
use imigrasi_platform::http::error::{ApiError, PageError};
use imigrasi_platform::http::page::Page;
use imigrasi_platform::i18n::Lang;
use imigrasi_platform::policy::Actor;
use serde::Deserialize;

use super::form::Errors;
use super::view::{key, office, render_with};
use super::visit::VisitSection;
use crate::api::application::{
    CollectedBody, DeliveredBody, OutcomeBody, collector, decision, tracking_number,
};
use crate::api::errors;
use crate::app::Origin;
use crate::app::application::{self as visit, Step, VisitError};
use crate::domain::application::{ApplicationStatus, Outcome, Relation};

#[derive(Template)]
#[template(path = "passport_staff_visit.html")]
struct StaffTemplate {
    page: Page,
    code: String,
    full_name: String,
    status_key: String,
    visit: Option<VisitSection>,
    /// Which forms apply now.
    can_decide: bool,
    can_ready: bool,
    can_hand_over: bool,
    outcomes: Vec<(&'static str, String)>,
    relations: Vec<(&'static str, String)>,
    errors: Errors,
}

/// Every field of the step forms (each form sends its own).
#[derive(Debug, Default, Deserialize)]
pub(crate) struct StepForm {
    outcome: Option<String>,
    reason: Option<String>,
    collected_by: Option<String>,
    relation: Option<String>,
    tracking_number: Option<String>,
}

/// `?done=` after a step.
#[derive(Debug, Deserialize)]
pub(crate) struct DoneQuery {
    done: Option<String>,
}

fn not_found(e: VisitError) -> PageError {
    match e {
        VisitError::Db(e) => PageError::from(e),
        _ => PageError::not_found(),
    }
}

async fn page(
    state: &AppState,
    ctx: &Ctx,
    actor: &Actor,
    code: &str,
    errors: Errors,
) -> Result<StaffTemplate, PageError> {
    let lang = ctx.lang;
    let origin = Origin {
        actor: Some(actor),
        request_id: &ctx.request_id,
    };
    let (booking, application) = visit::for_staff(state, actor, origin, code)
        .await
        .map_err(not_found)?;
    let (_, zone) = office(state, &booking.office_code).await?;
    let status = application.as_ref().map(|a| a.status);
    let mut page = Page::new(ctx);
    page.path = format!("/passport/staff/bookings/{}", booking.code);
    Ok(StaffTemplate {
        page,
        code: booking.code.clone(),
        full_name: booking.full_name.clone(),
        status_key: key("status", booking.status.as_str()),
        visit: application.map(|a| VisitSection::new(lang, zone, &a)),
        can_decide: visit::AT_THE_COUNTER.contains(&booking.status)
            && matches!(status, None | Some(ApplicationStatus::Postponed)),
        can_ready: status == Some(ApplicationStatus::Printing),
        can_hand_over: status == Some(ApplicationStatus::ReadyForPickup),
        outcomes: Outcome::ALL
            .iter()
            .map(|o| {
                (
                    o.as_str(),
                    lang.t(&format!("pvisit-outcome-{}", o.as_str())),
                )
            })
            .collect(),
        relations: Relation::ALL
            .iter()
            .map(|r| {
                (
                    r.as_str(),
                    lang.t(&format!("pvisit-relation-{}", r.as_str())),
                )
            })
            .collect(),
        errors,
    })
}

/// `GET /passport/staff/bookings/{code}`: staff of the booking's office.
pub(crate) async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?.clone();
    let mut t = page(&state, &ctx, &actor, &code, Errors::default()).await?;
    if q.done.is_some() {
        t.page.flash = Some(ctx.lang.t("pvisit-staff-done"));
    }
    render_with(&t, StatusCode::OK)
}

/// An API refusal as the form's errors, with its status.
fn as_errors(e: ApiError) -> (StatusCode, Errors) {
    let mut errors = Errors::default();
    if e.fields.is_empty() {
        errors.add("", e.message);
    }
    for (field, message) in e.fields {
        errors.add(&field, message);
    }
    (e.status, errors)
}

async fn take_step(
    state: &AppState,
    lang: Lang,
    actor: &Actor,
    origin: Origin<'_>,
    code: &str,
    step: &str,
    f: StepForm,
) -> Result<Step, ApiError> {
    let now = jiff::Timestamp::now();
    let done = match step {
        "outcome" => {
            let body = OutcomeBody {
                outcome: f.outcome,
                reason: f.reason,
            };
            let d = decision(lang, &body)?;
            visit::record_outcome(state, actor, origin, code, &d, now).await
        }
        "ready" => visit::mark_ready(state, actor, origin, code, now).await,
        "collected" => {
            let body = CollectedBody {
                collected_by: f.collected_by,
                relation: f.relation,
            };
            let (name, relation) = collector(lang, &body)?;
            visit::collected(state, actor, origin, code, &name, relation, now).await
        }
        "delivered" => {
            let body = DeliveredBody {
                tracking_number: f.tracking_number,
            };
            let tracking = tracking_number(lang, &body)?;
            visit::delivered(state, actor, origin, code, &tracking, now).await
        }
        _ => Err(VisitError::NotFound),
    };
    done.map_err(|e| errors::visit(lang, e))
}

/// `POST /passport/staff/bookings/{code}/{step}`: take the step, then back
/// to the page; a refusal is shown above the forms.
pub(crate) async fn submit(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((code, step)): Path<(String, String)>,
    Form(f): Form<StepForm>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?.clone();
    let origin = Origin {
        actor: Some(&actor),
        request_id: &ctx.request_id,
    };
    match take_step(&state, ctx.lang, &actor, origin, &code, &step, f).await {
        Ok(s) => Ok(Redirect::to(&format!(
            "/passport/staff/bookings/{}?done={step}",
            s.booking.code
        ))
        .into_response()),
        Err(e) if e.status == StatusCode::NOT_FOUND => Err(PageError::not_found()),
        Err(e) => {
            let (status, errors) = as_errors(e);
            render_with(&page(&state, &ctx, &actor, &code, errors).await?, status)
        }
    }
}
