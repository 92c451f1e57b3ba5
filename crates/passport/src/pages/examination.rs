//! The examination (BAP) page for officers: record the result of the
//! examination of a lost or damaged passport registered as a walk-in on
//! the counter page, then show the bill to hand to the applicant (billing
//! code, amount, deadline) and what comes next. Linked from the office
//! floor's counter page (`Appointments::case_page`).

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use imigrasi_platform::AppState;
use imigrasi_platform::http::ctx::Ctx;
use imigrasi_platform::http::error::{PageError, urlencode};
use imigrasi_platform::http::page::Page;
use imigrasi_platform::policy::{self, Actor, Permission};
use serde::Deserialize;

use super::form::{Choice, Errors};
use super::view::{instant_ms, key, render_with, rupiah};
use crate::api::examination::report_number;
use crate::app::walk_in::{self, Examination};
use crate::app::{BookingError, Origin};
use crate::domain::{BookingStatus, ExaminationResult, TransitionError};
use crate::store;

/// What the officer typed.
#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct ExamForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    result: String,
    #[serde(default)]
    report_number: String,
}

/// A booking after its examination, as the officer hands it over.
struct Outcome {
    code: String,
    status: String,
    status_note: String,
    /// Billing code, amount and deadline, once approved.
    bill: Option<(String, String, String)>,
}

#[derive(Template)]
#[template(path = "passport_examination.html")]
struct ExamTemplate {
    page: Page,
    form: ExamForm,
    results: Vec<Choice>,
    errors: Errors,
    outcome: Option<Outcome>,
}

/// Staff who operate an office floor (their own office; administrators
/// any), or a login redirect, or 403.
fn staff(ctx: &Ctx) -> Result<Actor, PageError> {
    let actor = ctx.page_actor()?;
    let office = actor.office.clone().unwrap_or_default();
    policy::authorize(actor, Permission::OperateOfficeFloor { office: &office })
        .map_err(|_| PageError::forbidden())?;
    Ok(actor.clone())
}

fn page(ctx: &Ctx, form: ExamForm, errors: Errors, outcome: Option<Outcome>) -> ExamTemplate {
    let mut page = Page::new(ctx);
    page.path = "/passport/examination".to_owned();
    let results = [
        ("approved", "appt-exam-approved"),
        ("refused", "appt-exam-refused"),
    ]
    .into_iter()
    .map(|(value, k)| Choice {
        value,
        label: ctx.lang.t(k),
        checked: form.result == value,
    })
    .collect();
    ExamTemplate {
        page,
        form,
        results,
        errors,
        outcome,
    }
}

#[derive(Deserialize)]
pub(crate) struct ExamQuery {
    code: Option<String>,
    done: Option<String>,
}

/// `GET /passport/examination?code=…`: the form; with `done=1`, the
/// booking's outcome (status and bill; no personal data).
pub(crate) async fn form(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<ExamQuery>,
) -> Result<Response, PageError> {
    let actor = staff(&ctx)?;
    let code = q.code.unwrap_or_default().trim().to_uppercase();
    let mut outcome = None;
    if q.done.is_some() && !code.is_empty() {
        let booking = store::find_by_code(&state.db, &code)
            .await?
            .ok_or_else(PageError::not_found)?;
        policy::authorize(
            &actor,
            Permission::OperateOfficeFloor {
                office: &booking.office_code,
            },
        )
        .map_err(|_| PageError::forbidden())?;
        let zone = store::office_zone(&state.db, &booking.office_code).await?;
        let lang = ctx.lang;
        outcome = Some(Outcome {
            status: lang.t(&key("status", booking.status.as_str())),
            status_note: match booking.status {
                BookingStatus::AwaitingPayment
                | BookingStatus::Refused
                | BookingStatus::Examination => lang.t(&key("exam-next", booking.status.as_str())),
                _ => String::new(),
            },
            bill: (booking.status == BookingStatus::AwaitingPayment
                && !booking.billing_code.is_empty())
            .then(|| {
                (
                    booking.billing_code.clone(),
                    rupiah(booking.amount),
                    instant_ms(lang, zone, booking.payment_deadline),
                )
            }),
            code: booking.code,
        });
    }
    let form = ExamForm {
        code: if outcome.is_some() {
            String::new()
        } else {
            code
        },
        ..ExamForm::default()
    };
    render_with(
        &page(&ctx, form, Errors::default(), outcome),
        StatusCode::OK,
    )
}

/// `POST /passport/examination`: record it, then show the outcome.
pub(crate) async fn submit(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(f): Form<ExamForm>,
) -> Result<Response, PageError> {
    let actor = staff(&ctx)?;
    let lang = ctx.lang;
    let mut errors = Errors::default();
    let code = f.code.trim().to_uppercase();
    if code.is_empty() {
        errors.add("code", lang.t("appt-exam-error-code"));
    }
    let result = f.result.parse::<ExaminationResult>().ok();
    if result.is_none() {
        errors.add("result-approved", lang.t("papi-examination-result"));
    }
    let number = report_number(&f.report_number);
    if number.is_none() {
        errors.add("report_number", lang.t("papi-report-number"));
    }
    let (Some(result), Some(report_number), true) = (result, number, errors.is_empty()) else {
        return render_with(
            &page(&ctx, f, errors, None),
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    };
    let origin = Origin {
        actor: Some(&actor),
        request_id: &ctx.request_id,
    };
    let exam = Examination {
        result,
        report_number,
    };
    let now = jiff::Timestamp::now();
    match walk_in::examine(&state, &actor, origin, &code, &exam, now).await {
        Ok(b) => Ok(Redirect::to(&format!(
            "/passport/examination?code={}&done=1",
            urlencode(&b.code)
        ))
        .into_response()),
        Err(BookingError::Forbidden) => Err(PageError::forbidden()),
        Err(BookingError::Db(e)) => Err(PageError::from(e)),
        Err(e) => {
            let (status, message) = match e {
                BookingError::Transition(TransitionError::NotAllowed { from, .. }) => (
                    StatusCode::CONFLICT,
                    lang.t_args(
                        "appt-exam-error-status",
                        &[("status", &lang.t(&key("status", from.as_str())))],
                    ),
                ),
                _ => (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    lang.t("appt-exam-error-unknown"),
                ),
            };
            errors.add("code", message);
            render_with(&page(&ctx, f, errors, None), status)
        }
    }
}
