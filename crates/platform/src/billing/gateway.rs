//! The payment gateway's callback: `POST /api/v1/payments/notifications`,
//! signed with `X-Signature: sha256=<hex HMAC-SHA256(body, IMIGRASI_PAYMENT_SECRET)>`.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::{Json, Router};
use hmac::{Hmac, KeyInit, Mac};
use secrecy::ExposeSecret;
use sha2::Sha256;

use super::payment::{
    MAX_PAID_AT_AHEAD, PaymentError, PaymentNotification, PaymentResult, apply_payment,
};
use crate::http::ctx::{Ctx, parse_json_in};
use crate::http::error::{ApiError, ErrorEnvelope};
use crate::i18n::Lang;
use crate::state::AppState;

/// Routes of the payment gateway.
pub fn router() -> Router<AppState> {
    Router::new().route("/api/v1/payments/notifications", post(notify))
}

/// Compute the `X-Signature` value for a body (for the simulated bank and tests).
pub fn sign(secret: &str, body: &[u8]) -> String {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret.as_bytes())
        .unwrap_or_else(|_| <Hmac<Sha256> as KeyInit>::new_from_slice(b"k").expect("static key"));
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

fn signature_ok(secret: &str, body: &[u8], header: Option<&str>) -> bool {
    let Some(hex_sig) = header.and_then(|h| h.trim().strip_prefix("sha256=")) else {
        return false;
    };
    let Ok(sig) = hex::decode(hex_sig) else {
        return false;
    };
    let Ok(mut mac) = <Hmac<Sha256> as KeyInit>::new_from_slice(secret.as_bytes()) else {
        return false;
    };
    mac.update(body);
    mac.verify_slice(&sig).is_ok()
}

impl PaymentError {
    /// The API's answer, in `lang`.
    pub fn api_error(self, lang: Lang) -> ApiError {
        let field = |f: &str, key: &str| ApiError::invalid_field(f, lang.t(key));
        match self {
            PaymentError::BillingCode => field("billing_code", "payment-error-billing-code"),
            PaymentError::Ntpn => field("ntpn", "payment-error-ntpn"),
            PaymentError::PaidAt => field("paid_at", "payment-error-paid-at"),
            PaymentError::PaidInFuture => ApiError::invalid_field(
                "paid_at",
                lang.t_args(
                    "payment-error-paid-in-future",
                    &[("minutes", &MAX_PAID_AT_AHEAD.as_mins().to_string())],
                ),
            ),
            PaymentError::UnknownBill => ApiError::new(
                StatusCode::NOT_FOUND,
                "unknown_billing_code",
                lang.t("payment-error-unknown"),
            ),
            PaymentError::AlreadyPaid => {
                ApiError::conflict("already_paid", lang.t("payment-error-already-paid"))
            }
            PaymentError::AmountMismatch { bill, notified } => ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "amount_mismatch",
                lang.t_args(
                    "payment-error-amount",
                    &[
                        ("bill", &bill.to_string()),
                        ("notified", &notified.to_string()),
                    ],
                ),
            ),
            PaymentError::NtpnReused => {
                ApiError::conflict("ntpn_reused", lang.t("payment-error-ntpn-reused"))
            }
            PaymentError::Db(e) => ApiError::from(e),
        }
    }
}

/// Payment gateway callback.
#[utoipa::path(post, path = "/api/v1/payments/notifications", tag = "payments",
    request_body = PaymentNotification,
    params(("X-Signature" = String, Header, description = "sha256=<hex HMAC-SHA256 of the raw body>")),
    responses((status = 200, body = PaymentResult), (status = 401, description = "`invalid_signature`", body = ErrorEnvelope),
              (status = 404, description = "`unknown_billing_code`", body = ErrorEnvelope),
              (status = 409, description = "`already_paid` (with another NTPN), `ntpn_reused`", body = ErrorEnvelope),
              (status = 422, description = "`amount_mismatch`, or `invalid_input` (e.g. `paid_at` more than 5 minutes ahead of the server's clock)", body = ErrorEnvelope)))]
pub async fn notify(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<PaymentResult>, ApiError> {
    let secret = state.config.payment_secret.expose_secret().to_owned();
    let sig = headers.get("x-signature").and_then(|v| v.to_str().ok());
    if !signature_ok(&secret, &body, sig) {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "invalid_signature",
            ctx.t("payment-error-signature"),
        ));
    }
    let n: PaymentNotification = parse_json_in(&body, ctx.lang)?;
    apply_payment(&state, &n, &ctx.request_id, jiff::Timestamp::now())
        .await
        .map(Json)
        .map_err(|e| e.api_error(ctx.lang))
}
