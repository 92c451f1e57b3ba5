//! A premise's page for its owner: the guests in house (or every report),
//! the way to register a guest, and the API keys of its property-management
//! system (a new key is shown once, on the answer to the POST that made
//! it, never in a URL).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use imigrasi_platform::AppState;
use imigrasi_platform::http::ctx::Ctx;
use imigrasi_platform::http::error::PageError;
use imigrasi_platform::http::page::{Page, render};
use serde::Deserialize;

use super::common::{StayRow, local_time, page_error};
use super::start::PremiseRow;
use crate::app::lists::{self as app_lists};
use crate::app::{Reporter, keys, office_zone};
use crate::store::lists::Shown;

/// A key as a line of the list (never the key itself).
pub(crate) struct KeyRow {
    /// Id.
    pub id: String,
    /// Created, local.
    pub created: String,
    /// Last use, local, or empty.
    pub last_used: String,
    /// Revoked, local, or empty.
    pub revoked: String,
}

#[derive(Template)]
#[template(path = "apoa_premise.html")]
struct PremiseTemplate {
    page: Page,
    premise: PremiseRow,
    all: bool,
    stays: Vec<StayRow>,
    prev: Option<String>,
    next: Option<String>,
    keys: Vec<KeyRow>,
    new_key: Option<String>,
}

/// The list's query: `?all=1` for every report, `page`.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct ListQuery {
    #[serde(default)]
    all: Option<String>,
    #[serde(default)]
    page: Option<u64>,
}

async fn premise_page(
    state: &AppState,
    ctx: &Ctx,
    id: &str,
    q: &ListQuery,
    new_key: Option<String>,
) -> Result<PremiseTemplate, PageError> {
    let actor = ctx.page_actor()?.clone();
    let reporter = Reporter::Account(actor.clone());
    let all = q.all.as_deref() == Some("1");
    let shown = if all { Shown::All } else { Shown::InHouse };
    let page = q.page.unwrap_or(1).max(1);
    let list = app_lists::premise_stays(state, &reporter, id, shown, page)
        .await
        .map_err(page_error)?;
    let zone = office_zone(&state.db, &list.premise.office_code).await?;
    let keys = keys::list(state, &actor, &list.premise.id)
        .await
        .map_err(page_error)?
        .into_iter()
        .map(|k| KeyRow {
            id: k.id,
            created: local_time(k.created_at, zone),
            last_used: k
                .last_used_at
                .map(|t| local_time(t, zone))
                .unwrap_or_default(),
            revoked: k
                .revoked_at
                .map(|t| local_time(t, zone))
                .unwrap_or_default(),
        })
        .collect();
    let base = format!(
        "/apoa/premises/{}?{}page=",
        list.premise.id,
        if all { "all=1&" } else { "" }
    );
    Ok(PremiseTemplate {
        page: Page::new(ctx),
        premise: PremiseRow::new(ctx.lang, &list.premise),
        all,
        stays: list
            .stays
            .iter()
            .map(|s| StayRow::new(ctx.lang, s, zone))
            .collect(),
        prev: (page > 1).then(|| format!("{base}{}", page - 1)),
        next: list.more.then(|| format!("{base}{}", page + 1)),
        keys,
        new_key,
    })
}

/// `GET /apoa/premises/{id}`.
pub(crate) async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(q): Query<ListQuery>,
) -> Result<Response, PageError> {
    render(&premise_page(&state, &ctx, &id, &q, None).await?)
}

/// `POST /apoa/premises/{id}/keys`: a new key, shown on this answer only.
pub(crate) async fn create_key(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?.clone();
    let key = keys::create(&state, &actor, &ctx.request_id, &id)
        .await
        .map_err(page_error)?;
    let t = premise_page(&state, &ctx, &id, &ListQuery::default(), Some(key.key)).await?;
    let mut res = render(&t)?;
    // The key is on this page only: no cache may keep it.
    res.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    Ok(res)
}

/// `POST /apoa/premises/{id}/keys/{key_id}/revoke`.
pub(crate) async fn revoke_key(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, key_id)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?.clone();
    keys::revoke(&state, &actor, &ctx.request_id, &id, &key_id)
        .await
        .map_err(page_error)?;
    Ok(Redirect::to(&format!("/apoa/premises/{id}#keys")).into_response())
}
