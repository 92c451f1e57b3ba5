//! The administrators' view of the outbox: `GET /admin/outbox` (page) and
//! `GET /api/v1/admin/outbox` (JSON), newest first, paginated, with a status
//! filter. Messages are shown as rendered, so that without an SMTP relay
//! the e-mail that was only logged can still be read. Each read is audited
//! (the list shows addresses).

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

use crate::audit;
use crate::db;
use crate::http::ctx::Ctx;
use crate::http::error::{ApiError, ErrorEnvelope, PageError};
use crate::http::page::{Page, render};
use crate::notify::templates;
use crate::outbox::{self, status};
use crate::policy::{self, Actor, Permission};
use crate::state::AppState;

/// OpenAPI description of the outbox routes.
#[derive(OpenApi)]
#[openapi(
    paths(list_outbox),
    components(schemas(OutboxList, OutboxMessage)),
    tags((name = "notifications", description = "The notifications outbox (administrators)"))
)]
pub struct NotifyApi;

/// Routes: the page and the API.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/admin/outbox", get(list_outbox))
        .route("/admin/outbox", get(outbox_page))
}

/// Largest page.
pub const MAX_PER_PAGE: u64 = 200;
/// Default page size.
pub const PER_PAGE: u64 = 50;

/// Query of the list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OutboxQuery {
    /// `pending`, `sending`, `sent`, `logged` or `failed`; all when absent.
    pub status: Option<String>,
    /// Page, from 1.
    pub page: Option<u64>,
    /// Messages per page (1 to 200, default 50).
    pub per_page: Option<u64>,
}

/// One message.
#[derive(Debug, Serialize, ToSchema)]
pub struct OutboxMessage {
    /// Message id.
    pub id: String,
    /// Queued, RFC 3339.
    pub created_at: String,
    /// `email` or `whatsapp`.
    pub channel: String,
    /// Address or phone number.
    pub recipient: String,
    /// Template name.
    pub template: String,
    /// `id` or `en`.
    pub lang: String,
    /// `pending`, `sending`, `sent`, `logged` or `failed`.
    pub status: String,
    /// Attempts made.
    pub attempts: i32,
    /// Next attempt, RFC 3339 (pending messages).
    pub next_attempt_at: String,
    /// Sent or logged, RFC 3339.
    pub sent_at: Option<String>,
    /// Why the last attempt failed.
    pub last_error: Option<String>,
    /// Rendered subject (empty for WhatsApp texts).
    pub subject: String,
    /// Rendered body.
    pub body: String,
}

/// A page of messages.
#[derive(Debug, Serialize, ToSchema)]
pub struct OutboxList {
    /// Newest first.
    pub messages: Vec<OutboxMessage>,
    /// This page, from 1.
    pub page: u64,
    /// Page size.
    pub per_page: u64,
    /// Messages matching the filter.
    pub total: i64,
}

fn rfc3339(ms: i64) -> String {
    db::from_millis(ms).to_string()
}

async fn load(
    state: &AppState,
    actor: &Actor,
    request_id: &str,
    status_filter: Option<&str>,
    page: u64,
    per_page: u64,
) -> Result<OutboxList, sea_orm::DbErr> {
    let offset = (page - 1).saturating_mul(per_page);
    let (rows, total) = outbox::list(&state.db, status_filter, per_page, offset).await?;
    let mut messages = Vec::with_capacity(rows.len());
    for r in rows {
        let rendered = templates::render(&state.db, &r.template, r.lang, &r.payload).await?;
        messages.push(OutboxMessage {
            created_at: rfc3339(r.created_at),
            next_attempt_at: rfc3339(r.next_attempt_at),
            sent_at: r.sent_at.map(rfc3339),
            lang: r.lang.code().to_owned(),
            subject: rendered.subject,
            body: rendered.body,
            id: r.id,
            channel: r.channel,
            recipient: r.recipient,
            template: r.template,
            status: r.status,
            attempts: r.attempts,
            last_error: r.last_error,
        });
    }
    let txn = db::begin_write(&state.db).await?;
    audit::append(
        &txn,
        audit::Entry {
            actor: Some(actor),
            action: "outbox.read",
            object_type: "outbox",
            object_id: "list",
            office: None,
            request_id: Some(request_id),
            detail: serde_json::json!({"status": status_filter, "page": page}),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(OutboxList {
        messages,
        page,
        per_page,
        total,
    })
}

fn status_filter(s: Option<&str>) -> Result<Option<&'static str>, ()> {
    match s.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => status::ALL
            .into_iter()
            .find(|k| k.eq_ignore_ascii_case(s))
            .map(Some)
            .ok_or(()),
    }
}

/// The outbox, newest first (administrators; audited).
#[utoipa::path(get, path = "/api/v1/admin/outbox", tag = "notifications", security(("bearer" = [])),
    params(OutboxQuery),
    responses((status = 200, body = OutboxList), (status = 401, body = ErrorEnvelope),
              (status = 403, body = ErrorEnvelope), (status = 422, description = "`invalid_input` (status, page, per_page)", body = ErrorEnvelope)))]
pub async fn list_outbox(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<OutboxQuery>,
) -> Result<Json<OutboxList>, ApiError> {
    let actor = ctx.api_actor()?;
    policy::authorize(actor, Permission::ReadOutbox).map_err(|_| ApiError::forbidden())?;
    let filter = status_filter(q.status.as_deref()).map_err(|_| {
        ApiError::invalid_field("status", ctx.t("api-outbox-status")).in_lang(ctx.lang)
    })?;
    let page = q.page.unwrap_or(1);
    if page == 0 || page > 1_000_000 {
        return Err(ApiError::invalid_field("page", ctx.t("api-page-from-1")).in_lang(ctx.lang));
    }
    let per_page = q.per_page.unwrap_or(PER_PAGE);
    if per_page == 0 || per_page > MAX_PER_PAGE {
        return Err(
            ApiError::invalid_field("per_page", ctx.t("api-outbox-per-page")).in_lang(ctx.lang),
        );
    }
    Ok(Json(
        load(&state, actor, &ctx.request_id, filter, page, per_page).await?,
    ))
}

#[derive(Template)]
#[template(path = "admin_outbox.html")]
struct OutboxTemplate {
    page: Page,
    list: OutboxList,
    filter: String,
    statuses: Vec<(&'static str, String, bool)>,
    pages: u64,
    prev: Option<String>,
    next: Option<String>,
}

impl OutboxTemplate {
    fn status_label(&self, s: &str) -> String {
        self.page.t(&format!("notify-status-{s}"))
    }

    fn page_line(&self) -> String {
        self.page.lang.t_args(
            "notify-admin-page",
            &[
                ("page", &self.list.page.to_string()),
                ("pages", &self.pages.to_string()),
                ("total", &self.list.total.to_string()),
            ],
        )
    }
}

async fn outbox_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<OutboxQuery>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?;
    policy::authorize(actor, Permission::ReadOutbox).map_err(|_| PageError::forbidden())?;
    // A page forgives a bad filter: it shows everything.
    let filter = status_filter(q.status.as_deref()).unwrap_or(None);
    let page = q.page.unwrap_or(1).clamp(1, 1_000_000);
    let list = load(&state, actor, &ctx.request_id, filter, page, PER_PAGE).await?;
    let pages = (list.total.max(0) as u64).div_ceil(PER_PAGE).max(1);
    let link = |p: u64| match filter {
        Some(s) => format!("/admin/outbox?status={s}&page={p}"),
        None => format!("/admin/outbox?page={p}"),
    };
    render(&OutboxTemplate {
        page: Page::new(&ctx),
        prev: (page > 1).then(|| link(page - 1)),
        next: (page < pages).then(|| link(page + 1)),
        filter: filter.unwrap_or("").to_owned(),
        statuses: status::ALL
            .into_iter()
            .map(|s| {
                (
                    s,
                    ctx.lang.t(&format!("notify-status-{s}")),
                    filter == Some(s),
                )
            })
            .collect(),
        pages,
        list,
    })
}
