//! Office staff's pages: the work queue of stay applications (by status
//! and kind, the longest waiting first) and a document of an application
//! (read through the platform's documents use case, which checks policy
//! and audits).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use imigrasi_casework::Status;
use imigrasi_casework::store::QueueFilter;
use imigrasi_platform::AppState;
use imigrasi_platform::documents::app::{self as docs, ReadError};
use imigrasi_platform::http::ctx::Ctx;
use imigrasi_platform::http::error::PageError;
use imigrasi_platform::http::page::{Page, render};
use serde::Deserialize;

use super::common::{Pager, age_days, instant_ms, is_staff, key, page_error, words};
use crate::app::{SERVICE, casefile};
use crate::domain::application::ApplicationKind;

/// A filter option.
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
    /// The kind in words.
    pub kind: String,
    /// Message id of the status.
    pub status_key: String,
    /// Last change.
    pub updated: String,
    /// Days since the last change.
    pub age: i64,
}

#[derive(Template)]
#[template(path = "stay_queue.html")]
struct QueueTemplate {
    page: Page,
    office: String,
    statuses: Vec<Choice>,
    kinds: Vec<Choice>,
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
    #[serde(default)]
    kind: String,
    #[serde(default)]
    min_age: String,
    page: Option<usize>,
}

/// `GET /stay/queue`: the office's applications, the longest waiting
/// first.
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
    let kind = ApplicationKind::parse(q.kind.trim());
    let min_age = q.min_age.trim().parse::<u32>().ok().filter(|d| *d <= 3650);
    let now = jiff::Timestamp::now().as_millisecond();
    let filter = QueueFilter {
        status,
        older_than: min_age.map(|d| now - i64::from(d) * 24 * 3600 * 1000),
    };
    let rows = casefile::list(&state, &actor, &filter)
        .await
        .map_err(page_error)?
        .into_iter()
        .filter(|s| kind.is_none_or(|k| k.as_str() == s.kind))
        .map(|s| QueueRow {
            register_number: s.case.register_number.clone(),
            kind: words(lang, "app-kind", &s.kind),
            status_key: key("status", s.case.status.as_str()),
            updated: instant_ms(s.case.updated_at),
            age: age_days(s.case.updated_at, now),
        })
        .collect();
    let base = format!(
        "/stay/queue?status={}&kind={}&min_age={}&",
        status.map(|s| s.as_str()).unwrap_or(""),
        kind.map(|k| k.as_str()).unwrap_or(""),
        min_age.map(|d| d.to_string()).unwrap_or_default()
    );
    let (rows, pager) = Pager::slice(rows, q.page.unwrap_or(1), &base);
    let any = |selected| Choice {
        value: String::new(),
        label: lang.t("stay-page-queue-any"),
        selected,
    };
    let mut statuses = vec![any(status.is_none())];
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
    let mut kinds = vec![any(kind.is_none())];
    kinds.extend(ApplicationKind::ALL.into_iter().map(|k| Choice {
        value: k.as_str().to_owned(),
        label: words(lang, "app-kind", k.as_str()),
        selected: kind == Some(k),
    }));
    render(&QueueTemplate {
        page: Page::new(&ctx),
        office: actor.office.clone().unwrap_or_default(),
        statuses,
        kinds,
        filtered: status.is_some() || kind.is_some() || min_age.is_some(),
        min_age: min_age.map(|d| d.to_string()).unwrap_or_default(),
        rows,
        pager,
    })
}

/// `GET /stay/applications/{rn}/files/{id}`: a document's bytes, for its
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
        Err(ReadError::Db(e)) => return Err(PageError::from(e)),
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
