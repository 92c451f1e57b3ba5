//! Linking a WhatsApp number to an account: the citizen gives the number,
//! a 6-digit code is sent to it through the outbox, and typing that code
//! back (on the page or through the API) links the number. A linked number
//! books under the account (its limit, not one booking per number).
//!
//! One account per number and one number per account: linking again
//! replaces the earlier link. Codes are stored only as a keyed hash, expire
//! after [`CODE_TTL_MS`] and are void after [`MAX_TRIES`] wrong tries.
//! The use cases (each audited in its own transaction) are
//! `app::whatsapp_link`; this module is the page and the API.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use imigrasi_platform::AppState;
use imigrasi_platform::http::ctx::{ApiJson, Ctx};
use imigrasi_platform::http::error::{ApiError, ErrorEnvelope, PageError};
use imigrasi_platform::http::page::{Page, render};
use imigrasi_platform::policy::{self, Actor, Permission};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};

use super::store::links;
pub use crate::app::whatsapp_link::{
    CODE_TTL_MS, ConfirmError, MAX_TRIES, confirm, normalize_number, request, unlink,
};

/// OpenAPI description of the linking routes.
#[derive(OpenApi)]
#[openapi(
    paths(request_link, confirm_link, unlink_api),
    components(schemas(LinkBody, ConfirmBody, LinkedView)),
    tags((name = "whatsapp", description = "Linking a WhatsApp number to the account"))
)]
pub struct WhatsAppLinkApi;

/// Routes: the page and the API.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/account/whatsapp", get(page).post(page_request))
        .route("/account/whatsapp/confirm", post(page_confirm))
        .route("/account/whatsapp/unlink", post(page_unlink))
        .route("/api/v1/me/whatsapp", post(request_link).delete(unlink_api))
        .route("/api/v1/me/whatsapp/confirm", post(confirm_link))
}

/// The message of a refused code.
fn confirm_error_key(e: ConfirmError) -> &'static str {
    match e {
        ConfirmError::NoPending => "wa-link-error-none",
        ConfirmError::Expired => "wa-link-error-expired",
        ConfirmError::Void => "wa-link-error-void",
        ConfirmError::Wrong => "wa-link-error-code",
    }
}

// ---------------------------------------------------------------- API

/// A number to link.
#[derive(Debug, Deserialize, ToSchema)]
pub struct LinkBody {
    /// WhatsApp number in E.164 digits, e.g. `6281234567890`.
    pub number: Option<String>,
}

/// The code received on WhatsApp.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ConfirmBody {
    /// The 6-digit code.
    pub code: Option<String>,
}

/// The linked number.
#[derive(Debug, Serialize, ToSchema)]
pub struct LinkedView {
    /// WhatsApp number in E.164 digits.
    pub number: String,
}

fn api_citizen(ctx: &Ctx) -> Result<Actor, ApiError> {
    let actor = ctx.api_actor()?.clone();
    policy::authorize(&actor, Permission::BookAppointment).map_err(|_| ApiError::forbidden())?;
    Ok(actor)
}

/// Send a 6-digit code to a WhatsApp number, to link it to your account (valid 10 minutes).
#[utoipa::path(post, path = "/api/v1/me/whatsapp", tag = "whatsapp", security(("bearer" = [])),
    request_body = LinkBody,
    responses((status = 202, description = "Code queued to the number"), (status = 401, body = ErrorEnvelope),
              (status = 403, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
pub(crate) async fn request_link(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(body): ApiJson<LinkBody>,
) -> Result<StatusCode, ApiError> {
    let actor = api_citizen(&ctx)?;
    let number = normalize_number(body.number.as_deref().unwrap_or("")).ok_or_else(|| {
        ApiError::invalid_field("number", ctx.t("wa-link-error-number")).in_lang(ctx.lang)
    })?;
    request(&state, &actor, &number, ctx.lang, &ctx.request_id)
        .await
        .map_err(ApiError::internal)?;
    Ok(StatusCode::ACCEPTED)
}

/// Link the number with the code it received.
#[utoipa::path(post, path = "/api/v1/me/whatsapp/confirm", tag = "whatsapp", security(("bearer" = [])),
    request_body = ConfirmBody,
    responses((status = 200, body = LinkedView), (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope),
              (status = 409, description = "`no_pending_code`, `code_expired` or `code_void` (ask for a new code)", body = ErrorEnvelope),
              (status = 422, description = "wrong code", body = ErrorEnvelope)))]
pub(crate) async fn confirm_link(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(body): ApiJson<ConfirmBody>,
) -> Result<Json<LinkedView>, ApiError> {
    let actor = api_citizen(&ctx)?;
    let code = body.code.unwrap_or_default();
    match confirm(&state, &actor, &code, &ctx.request_id)
        .await
        .map_err(ApiError::internal)?
    {
        Ok(number) => Ok(Json(LinkedView { number })),
        Err(e @ ConfirmError::Wrong) => {
            Err(ApiError::invalid_field("code", ctx.t(confirm_error_key(e))).in_lang(ctx.lang))
        }
        Err(e @ ConfirmError::NoPending) => Err(ApiError::conflict(
            "no_pending_code",
            ctx.t(confirm_error_key(e)),
        )),
        Err(e @ ConfirmError::Expired) => Err(ApiError::conflict(
            "code_expired",
            ctx.t(confirm_error_key(e)),
        )),
        Err(e @ ConfirmError::Void) => {
            Err(ApiError::conflict("code_void", ctx.t(confirm_error_key(e))))
        }
    }
}

/// Unlink your WhatsApp number (it then holds one active booking at a time).
#[utoipa::path(delete, path = "/api/v1/me/whatsapp", tag = "whatsapp", security(("bearer" = [])),
    responses((status = 204, description = "Unlinked (or nothing was linked)"), (status = 401, body = ErrorEnvelope),
              (status = 403, body = ErrorEnvelope)))]
pub(crate) async fn unlink_api(
    State(state): State<AppState>,
    ctx: Ctx,
) -> Result<StatusCode, ApiError> {
    let actor = api_citizen(&ctx)?;
    unlink(&state, &actor, &ctx.request_id)
        .await
        .map_err(ApiError::internal)?;
    Ok(StatusCode::NO_CONTENT)
}

// ---------------------------------------------------------------- page

#[derive(Template)]
#[template(path = "wa_link.html")]
struct LinkTemplate {
    page: Page,
    linked: Option<String>,
    pending: Option<String>,
    number: String,
    error: Option<String>,
}

fn page_citizen(ctx: &Ctx) -> Result<Actor, PageError> {
    let actor = ctx.page_actor()?.clone();
    policy::authorize(&actor, Permission::BookAppointment).map_err(|_| PageError::forbidden())?;
    Ok(actor)
}

async fn show(
    state: &AppState,
    ctx: &Ctx,
    actor: &Actor,
    flash: Option<String>,
    number: String,
    error: Option<String>,
) -> Result<Response, PageError> {
    let linked = links::linked_number(&state.db, &actor.id)
        .await
        .map_err(PageError::internal)?;
    let pending = links::pending_number(&state.db, &actor.id, Timestamp::now(), MAX_TRIES)
        .await
        .map_err(PageError::internal)?;
    let mut page = Page::new(ctx);
    page.path = "/account/whatsapp".to_owned();
    page.flash = flash;
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let res = render(&LinkTemplate {
        page,
        linked,
        pending,
        number,
        error,
    })?;
    Ok((status, res).into_response())
}

/// What the page's redirects report.
#[derive(Debug, Deserialize)]
pub(crate) struct Done {
    done: Option<String>,
}

/// `GET /account/whatsapp`.
pub(crate) async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<Done>,
) -> Result<Response, PageError> {
    let actor = page_citizen(&ctx)?;
    let flash = match q.done.as_deref() {
        Some("sent") => Some(ctx.t("wa-link-sent")),
        Some("linked") => Some(ctx.t("wa-link-done")),
        Some("unlinked") => Some(ctx.t("wa-link-unlinked")),
        _ => None,
    };
    show(&state, &ctx, &actor, flash, String::new(), None).await
}

/// The number form.
#[derive(Debug, Deserialize)]
pub(crate) struct NumberForm {
    #[serde(default)]
    number: String,
}

/// `POST /account/whatsapp`: send a code.
pub(crate) async fn page_request(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<NumberForm>,
) -> Result<Response, PageError> {
    let actor = page_citizen(&ctx)?;
    let Some(number) = normalize_number(&form.number) else {
        let error = Some(ctx.t("wa-link-error-number"));
        return show(&state, &ctx, &actor, None, form.number, error).await;
    };
    request(&state, &actor, &number, ctx.lang, &ctx.request_id)
        .await
        .map_err(PageError::internal)?;
    Ok(Redirect::to("/account/whatsapp?done=sent").into_response())
}

/// The code form.
#[derive(Debug, Deserialize)]
pub(crate) struct CodeForm {
    #[serde(default)]
    code: String,
}

/// `POST /account/whatsapp/confirm`: link with the code.
pub(crate) async fn page_confirm(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<CodeForm>,
) -> Result<Response, PageError> {
    let actor = page_citizen(&ctx)?;
    match confirm(&state, &actor, &form.code, &ctx.request_id)
        .await
        .map_err(PageError::internal)?
    {
        Ok(_) => Ok(Redirect::to("/account/whatsapp?done=linked").into_response()),
        Err(e) => {
            let error = Some(ctx.t(confirm_error_key(e)));
            show(&state, &ctx, &actor, None, String::new(), error).await
        }
    }
}

/// `POST /account/whatsapp/unlink`.
pub(crate) async fn page_unlink(
    State(state): State<AppState>,
    ctx: Ctx,
) -> Result<Response, PageError> {
    let actor = page_citizen(&ctx)?;
    unlink(&state, &actor, &ctx.request_id)
        .await
        .map_err(PageError::internal)?;
    Ok(Redirect::to("/account/whatsapp?done=unlinked").into_response())
}

#[cfg(test)]
mod tests;
