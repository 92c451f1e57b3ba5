//! A report's receipt (STTPOA) for the premise's owner: the guest and the
//! stay as reported, its status, the signed QR code that any verifier
//! checks at `/verify`, and the check-out and cancellation forms.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use imigrasi_platform::AppState;
use imigrasi_platform::http::ctx::Ctx;
use imigrasi_platform::http::error::PageError;
use imigrasi_platform::http::page::{Errors, Page, render, render_with};
use serde::Deserialize;

use super::common::{form_errors, guest_name, local_input, local_time, page_error, words};
use crate::app::receipt::{self, Receipt};
use crate::app::{Reporter, amend, stays};

#[derive(Template)]
#[template(path = "apoa_receipt.html")]
struct ReceiptTemplate {
    page: Page,
    r: Receipt,
    name: String,
    status: String,
    source: String,
    check_in: String,
    check_out: String,
    cancelled: String,
    qr_svg: String,
    now_input: String,
    errors: Errors,
}

/// The signed payload as an inline SVG QR code, labelled for screen readers.
fn qr_svg(payload: &str, label: &str) -> Result<String, PageError> {
    let style = imigrasi_platform::http::qr::QrStyle {
        label,
        min_size: 240,
        class: Some("qr"),
    };
    imigrasi_platform::http::qr::page_svg(payload, style)
}

async fn receipt_page(
    state: &AppState,
    ctx: &Ctx,
    id: &str,
    errors: Errors,
) -> Result<ReceiptTemplate, PageError> {
    let reporter = Reporter::Account(ctx.page_actor()?.clone());
    let r = receipt::receipt(state, &reporter, id)
        .await
        .map_err(page_error)?;
    let lang = ctx.lang;
    let zone = r.zone;
    Ok(ReceiptTemplate {
        page: Page::new(ctx),
        name: guest_name(&r.stay),
        status: words(lang, "status", r.status),
        source: words(lang, "source", &r.stay.source),
        check_in: local_time(r.stay.check_in, zone),
        check_out: r
            .stay
            .check_out
            .map(|t| local_time(t, zone))
            .unwrap_or_default(),
        cancelled: r
            .stay
            .cancelled_at
            .map(|t| local_time(t, zone))
            .unwrap_or_default(),
        qr_svg: qr_svg(&r.qr, &lang.t("apoa-page-qr-label"))?,
        now_input: local_input(jiff::Timestamp::now(), zone),
        errors,
        r,
    })
}

/// `GET /apoa/stays/{id}`.
pub(crate) async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    render(&receipt_page(&state, &ctx, &id, Errors::default()).await?)
}

/// The check-out form.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct CheckOutForm {
    #[serde(default)]
    check_out: String,
}

/// The correction form: the stay's details a desk corrects most, on the
/// version it was shown.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct AmendForm {
    #[serde(default)]
    expected_check_out: String,
    #[serde(default)]
    room: String,
    #[serde(default)]
    entry_port: String,
    #[serde(default)]
    purpose: String,
    #[serde(default)]
    version: Option<i32>,
}

/// The cancellation form.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct CancelForm {
    #[serde(default)]
    reason: String,
}

async fn after(
    state: &AppState,
    ctx: &Ctx,
    id: &str,
    done: Result<(), crate::app::ApoaError>,
) -> Result<Response, PageError> {
    match done {
        Ok(()) => Ok(Redirect::to(&format!("/apoa/stays/{id}")).into_response()),
        Err(e) => {
            let status = match &e {
                crate::app::ApoaError::InvalidInput(_) => StatusCode::UNPROCESSABLE_ENTITY,
                _ => StatusCode::CONFLICT,
            };
            let Some(errors) = form_errors(ctx.lang, &e) else {
                return Err(page_error(e));
            };
            render_with(&receipt_page(state, ctx, id, errors).await?, status)
        }
    }
}

/// `POST /apoa/stays/{id}/check-out`.
pub(crate) async fn check_out(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(f): Form<CheckOutForm>,
) -> Result<Response, PageError> {
    let reporter = Reporter::Account(ctx.page_actor()?.clone());
    let done = stays::check_out(&state, &reporter, &ctx.request_id, &id, &f.check_out)
        .await
        .map(|_| ());
    after(&state, &ctx, &id, done).await
}

/// `POST /apoa/stays/{id}/amend`: a new version (the older one is kept);
/// a form shown on an older version is refused, nothing changes.
pub(crate) async fn amend_stay(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(f): Form<AmendForm>,
) -> Result<Response, PageError> {
    let reporter = Reporter::Account(ctx.page_actor()?.clone());
    let cmd = amend::Amendment {
        expected_check_out: Some(f.expected_check_out),
        room: Some(f.room),
        entry_port: Some(f.entry_port),
        purpose: Some(f.purpose),
        if_version: Some(f.version.unwrap_or(0)),
        ..amend::Amendment::default()
    };
    let done = amend::amend(&state, &reporter, &ctx.request_id, &id, cmd)
        .await
        .map(|_| ());
    after(&state, &ctx, &id, done).await
}

/// `POST /apoa/stays/{id}/cancel`.
pub(crate) async fn cancel(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(f): Form<CancelForm>,
) -> Result<Response, PageError> {
    let reporter = Reporter::Account(ctx.page_actor()?.clone());
    let done = amend::cancel(&state, &reporter, &ctx.request_id, &id, &f.reason)
        .await
        .map(|_| ());
    after(&state, &ctx, &id, done).await
}
