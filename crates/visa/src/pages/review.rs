//! Office staff's pages: the work queue (filters, ageing, pages), a
//! document of a case (read through the platform's documents use case,
//! which checks policy and audits), the decision form and revocation.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use imigrasi_casework::Status;
use imigrasi_casework::store::QueueFilter;
use imigrasi_platform::AppState;
use imigrasi_platform::documents::app::{self as docs, ReadError};
use imigrasi_platform::http::ctx::Ctx;
use imigrasi_platform::http::error::{PageError, urlencode};
use imigrasi_platform::http::page::{Page, render};
use serde::Deserialize;

use super::case::{after, register};
use super::common::{Pager, age_days, db_error, instant_ms, is_staff, key, page_error};
use crate::app::decide::{self as deciding, Decision};
use crate::app::{SERVICE, evisa_ops, view};
use crate::store::types;

/// A status filter option.
pub(crate) struct Choice {
    /// Submitted value (`""`: any).
    pub value: String,
    /// Label.
    pub label: String,
    /// Whether selected.
    pub selected: bool,
}

/// A line of the queue.
pub(crate) struct QueueRow {
    /// Register number.
    pub register_number: String,
    /// Visa index code.
    pub visa_type: String,
    /// Message id of the status.
    pub status_key: String,
    /// Last change.
    pub updated: String,
    /// Days since the last change.
    pub age: i64,
}

#[derive(Template)]
#[template(path = "visa_queue.html")]
struct QueueTemplate {
    page: Page,
    office: String,
    statuses: Vec<Choice>,
    types: Vec<Choice>,
    min_age: String,
    rows: Vec<QueueRow>,
    pager: Pager,
    filtered: bool,
}

/// The queue's filters, as typed.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct QueueQuery {
    #[serde(default)]
    status: String,
    #[serde(default, rename = "type")]
    visa_type: String,
    #[serde(default)]
    min_age: String,
    page: Option<usize>,
}

/// `GET /visa/queue`: the office's cases, the longest waiting first.
pub(crate) async fn queue(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<QueueQuery>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?.clone();
    if !is_staff(&actor) {
        return Err(PageError::forbidden());
    }
    let lang = ctx.lang;
    let status = Status::parse(q.status.trim()).filter(|s| *s != Status::Draft);
    let min_age = q.min_age.trim().parse::<u32>().ok().filter(|d| *d <= 3650);
    let code = q.visa_type.trim().to_ascii_uppercase();
    let index = types::list_current(&state.db).await.map_err(db_error)?;
    let code = index
        .iter()
        .find(|t| t.code == code)
        .map(|t| t.code.clone());
    let now = jiff::Timestamp::now().as_millisecond();
    let filter = QueueFilter {
        status,
        older_than: min_age.map(|d| now - i64::from(d) * 24 * 3600 * 1000),
    };
    let found = view::list(&state, &actor, &filter, code.as_deref())
        .await
        .map_err(page_error)?;
    let rows = found
        .into_iter()
        .map(|s| QueueRow {
            register_number: s.case.register_number.clone(),
            visa_type: s.visa_type,
            status_key: key("status", s.case.status.as_str()),
            updated: instant_ms(s.case.updated_at),
            age: age_days(s.case.updated_at, now),
        })
        .collect();
    let base = format!(
        "/visa/queue?status={}&type={}&min_age={}&",
        status.map(|s| s.as_str()).unwrap_or(""),
        urlencode(code.as_deref().unwrap_or("")),
        min_age.map(|d| d.to_string()).unwrap_or_default()
    );
    let (rows, pager) = Pager::slice(rows, q.page.unwrap_or(1), &base);
    let mut statuses = vec![Choice {
        value: String::new(),
        label: lang.t("visa-queue-any"),
        selected: status.is_none(),
    }];
    statuses.extend(
        Status::ALL
            .into_iter()
            .filter(|s| *s != Status::Draft)
            .map(|s| Choice {
                value: s.as_str().to_owned(),
                label: lang.t(&key("status", s.as_str())),
                selected: status == Some(s),
            }),
    );
    let mut type_choices = vec![Choice {
        value: String::new(),
        label: lang.t("visa-queue-any"),
        selected: code.is_none(),
    }];
    type_choices.extend(index.iter().map(|t| Choice {
        value: t.code.clone(),
        label: t.code.clone(),
        selected: code.as_deref() == Some(t.code.as_str()),
    }));
    render(&QueueTemplate {
        page: Page::new(&ctx),
        office: actor.office.clone().unwrap_or_default(),
        statuses,
        types: type_choices,
        filtered: status.is_some() || code.is_some() || min_age.is_some(),
        min_age: min_age.map(|d| d.to_string()).unwrap_or_default(),
        rows,
        pager,
    })
}

/// `GET /visa/applications/{rn}/files/{id}`: a document's bytes, for its
/// owner or staff of the office handling it (staff reads are audited).
pub(crate) async fn file(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((_rn, id)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?.clone();
    let (doc, bytes) = match docs::read(&state, &actor, &ctx.request_id, &id).await {
        Ok(found) if found.0.service == SERVICE => found,
        Ok(_) | Err(ReadError::NotFound) => return Err(PageError::not_found()),
        Err(ReadError::Db(e)) => return Err(db_error(e)),
        Err(e) => return Err(PageError::internal(e)),
    };
    let disposition = format!("attachment; filename=\"{}\"", doc.download_name());
    Ok((
        [
            (header::CONTENT_TYPE, doc.content_type.as_str().to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response())
}

/// The decision form.
#[derive(Deserialize)]
pub(crate) struct DecisionForm {
    #[serde(default)]
    decision: String,
    #[serde(default)]
    reason: String,
}

/// `POST /visa/applications/{rn}/decision`.
pub(crate) async fn decide(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(rn): Path<String>,
    Form(f): Form<DecisionForm>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?.clone();
    let rn = register(&rn)?;
    let Some(decision) = Decision::parse(f.decision.trim()) else {
        let mut errors = super::common::Errors::default();
        errors.add("decision-first", ctx.t("visa-error-decision"));
        return super::case::with_errors(&state, &ctx, &actor, &rn, errors).await;
    };
    let outcome = deciding::decide(
        &state,
        &actor,
        &ctx.request_id,
        &rn,
        decision,
        Some(&f.reason),
    )
    .await
    .map(|_| "decided");
    after(&state, &ctx, &actor, &rn, outcome, "reason").await
}

/// The revocation form.
#[derive(Deserialize)]
pub(crate) struct RevokeForm {
    #[serde(default)]
    register_number: String,
    #[serde(default)]
    reason: String,
}

/// `POST /visa/evisas/{number}/revoke` (supervisors of the processing
/// office), back to the case.
pub(crate) async fn revoke(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(number): Path<String>,
    Form(f): Form<RevokeForm>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?.clone();
    let rn = register(&f.register_number)?;
    let outcome = evisa_ops::revoke(&state, &actor, &ctx.request_id, &number, &f.reason)
        .await
        .map(|_| "revoked");
    after(&state, &ctx, &actor, &rn, outcome, "revoke-reason").await
}
