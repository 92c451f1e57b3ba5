//! Lottery release mode, continued (docs/lottery.md): an office's
//! lotteries (anyone) and withdrawing one's own entries (citizen).

use axum::extract::{Path, Query, State};
use axum::routing::{delete, get};
use axum::{Json, Router};
use imigrasi_platform::AppState;
use imigrasi_platform::http::ctx::Ctx;
use imigrasi_platform::http::error::{ApiError, ErrorEnvelope};
use imigrasi_platform::i18n::Lang;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::errors;
use super::lottery::{LotteryView, lottery_error, view};
use super::slots::office_or_404;
use crate::app::Origin;
use crate::app::lottery_entries;

/// Largest page.
pub const MAX_PER_PAGE: u64 = 100;
/// Default page size.
pub const DEFAULT_PER_PAGE: u64 = 20;

/// Routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/passport/lotteries", get(list_lotteries))
        .route(
            "/api/v1/passport/lotteries/{id}/entries/mine",
            delete(withdraw_entries),
        )
}

/// Which lotteries.
#[derive(Debug, Deserialize, IntoParams)]
pub struct LotteryQuery {
    /// Office code (required).
    pub office: Option<String>,
    /// Page, from 1 (default 1).
    pub page: Option<String>,
    /// Lotteries a page, 1 to 100 (default 20).
    pub per_page: Option<String>,
}

/// A page of an office's lotteries.
#[derive(Debug, Serialize, ToSchema)]
pub struct LotteryList {
    /// Latest window first.
    pub lotteries: Vec<LotteryView>,
    /// This page, from 1.
    pub page: u64,
    /// Lotteries a page.
    pub per_page: u64,
    /// Lotteries of the office in all.
    pub total: i64,
}

/// What a withdrawal did.
#[derive(Debug, Serialize, ToSchema)]
pub struct WithdrawnView {
    /// The entry ids withdrawn (the account's entries in the lottery).
    pub withdrawn: Vec<String>,
}

/// `page` and `per_page`, or the field refused.
pub(crate) fn paging(
    lang: Lang,
    page: Option<&str>,
    per_page: Option<&str>,
) -> Result<(u64, u64), ApiError> {
    let page = match page.map(str::trim) {
        None | Some("") => 1,
        Some(p) => p
            .parse::<u64>()
            .ok()
            .filter(|p| (1..=100_000).contains(p))
            .ok_or_else(|| errors::field(lang, "page", "plot-bad-page"))?,
    };
    let per_page = match per_page.map(str::trim) {
        None | Some("") => DEFAULT_PER_PAGE,
        Some(p) => p
            .parse::<u64>()
            .ok()
            .filter(|p| (1..=MAX_PER_PAGE).contains(p))
            .ok_or_else(|| errors::field(lang, "per_page", "plot-bad-per-page"))?,
    };
    Ok((page, per_page))
}

/// An office's lotteries with status, places and entries, latest window first.
#[utoipa::path(get, path = "/api/v1/passport/lotteries", tag = "passport", params(LotteryQuery),
    responses((status = 200, body = LotteryList), (status = 404, body = ErrorEnvelope),
              (status = 422, description = "`invalid_input` naming `office`, `page` or `per_page`", body = ErrorEnvelope)))]
pub(crate) async fn list_lotteries(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<LotteryQuery>,
) -> Result<Json<LotteryList>, ApiError> {
    let lang = ctx.lang;
    let code = q
        .office
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .ok_or_else(|| errors::field(lang, "office", "plot-no-office"))?;
    let (page, per_page) = paging(lang, q.page.as_deref(), q.per_page.as_deref())?;
    let (office, _) = office_or_404(&state, code)
        .await
        .map_err(|e| e.in_lang(lang))?;
    let (rows, total) = lottery_entries::list(&state, &office.code, page, per_page)
        .await
        .map_err(|e| lottery_error(lang, e))?;
    let mut lotteries = Vec::with_capacity(rows.len());
    for l in rows {
        lotteries.push(view(&state, l).await?);
    }
    Ok(Json(LotteryList {
        lotteries,
        page,
        per_page,
        total,
    }))
}

/// Withdraw one's own entries from a lottery while its window is open.
#[utoipa::path(delete, path = "/api/v1/passport/lotteries/{id}/entries/mine", tag = "passport",
    security(("bearer" = [])), params(("id" = String, Path, description = "Lottery id")),
    responses((status = 200, body = WithdrawnView), (status = 401, body = ErrorEnvelope),
              (status = 403, body = ErrorEnvelope),
              (status = 404, description = "no such lottery, or no entry of yours in it", body = ErrorEnvelope),
              (status = 409, description = "`lottery_closed`", body = ErrorEnvelope)))]
pub(crate) async fn withdraw_entries(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Json<WithdrawnView>, ApiError> {
    let lang = ctx.lang;
    let actor = ctx.api_actor()?;
    let origin = Origin {
        actor: Some(actor),
        request_id: &ctx.request_id,
    };
    let withdrawn = lottery_entries::withdraw(&state, actor, origin, &id)
        .await
        .map_err(|e| lottery_error(lang, e))?;
    Ok(Json(WithdrawnView { withdrawn }))
}
