//! What an office issues and what it costs: `GET /api/v1/passport/products?office=CODE`.

use axum::extract::{Query, State};
use axum::routing::get;
use axum::{Json, Router};
use imigrasi_platform::AppState;
use imigrasi_platform::http::ctx::Ctx;
use imigrasi_platform::http::error::{ApiError, ErrorEnvelope};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::slots::office_or_404;
use crate::app;

/// Routes.
pub fn router() -> Router<AppState> {
    Router::new().route("/api/v1/passport/products", get(list_products))
}

/// One product.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProductView {
    /// `regular` or `electronic`.
    pub passport_type: String,
    /// 5 or 10.
    pub validity_years: u8,
    /// Fee, rupiah.
    pub fee: i64,
}

/// A surcharge added to a product's fee for a service.
#[derive(Debug, Serialize, ToSchema)]
pub struct SurchargeView {
    /// `replacement_lost` or `replacement_damaged`.
    pub service: String,
    /// Rupiah.
    pub amount: i64,
}

/// The products of an office and the fees on top of them.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProductList {
    /// The products the office issues.
    pub products: Vec<ProductView>,
    /// Surcharges by service (lost, damaged).
    pub surcharges: Vec<SurchargeView>,
    /// Added for a same-day (accelerated) session, rupiah.
    pub accelerated_fee: i64,
}

#[derive(Debug, Deserialize)]
pub(crate) struct OfficeQuery {
    office: Option<String>,
}

/// The passport products an office issues with their fees (PP 45/2024),
/// the surcharges and the same-day fee. Unknown office: 404.
#[utoipa::path(get, path = "/api/v1/passport/products", tag = "passport",
    params(("office" = String, Query, description = "Office code")),
    responses((status = 200, body = ProductList), (status = 404, body = ErrorEnvelope)))]
pub(crate) async fn list_products(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<OfficeQuery>,
) -> Result<Json<ProductList>, ApiError> {
    let code = q.office.unwrap_or_default();
    let (office, _) = office_or_404(&state, &code)
        .await
        .map_err(|e| e.in_lang(ctx.lang))?;
    let p = app::read::products(&state, &office.code).await?;
    Ok(Json(ProductList {
        products: p
            .products
            .into_iter()
            .map(|p| ProductView {
                passport_type: p.passport_type.as_str().to_owned(),
                validity_years: p.validity_years,
                fee: p.fee,
            })
            .collect(),
        surcharges: p
            .surcharges
            .into_iter()
            .map(|(s, amount)| SurchargeView {
                service: s.as_str().to_owned(),
                amount,
            })
            .collect(),
        accelerated_fee: p.accelerated_fee,
    }))
}
