//! State revenue (PNBP) bills shared by every service, and the payment
//! gateway's notification endpoint.
//!
//! A service creates a [`Bill`] with a 15-digit billing code inside its own
//! transaction. When the gateway reports a payment, the bill's service
//! [`Settler`] decides, in the same transaction, whether the payment applies
//! (e.g. confirms a booking) or must be refunded (it came too late).

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::{Json, Router};
use hmac::{Hmac, KeyInit, Mac};
use imigrasi_core::BillingCode;
use sea_orm::{ConnectionTrait, DatabaseTransaction, DbErr, Value};
use secrecy::ExposeSecret;
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use utoipa::ToSchema;

use crate::audit;
use crate::db;
use crate::http::ctx::{Ctx, parse_json};
use crate::http::error::{ApiError, ErrorEnvelope};
use crate::state::AppState;

/// Bill statuses.
pub mod status {
    /// Waiting for payment.
    pub const UNPAID: &str = "unpaid";
    /// Paid and applied.
    pub const PAID: &str = "paid";
    /// The deadline passed unpaid.
    pub const EXPIRED: &str = "expired";
    /// Paid, but the payment could not be applied: to be refunded.
    pub const REFUND_DUE: &str = "refund_due";
    /// Cancelled before payment.
    pub const CANCELLED: &str = "cancelled";
}

/// A stored bill.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bill {
    /// 15-digit billing code.
    pub billing_code: String,
    /// Owning service, e.g. `passport`.
    pub service: String,
    /// The service's object (e.g. booking id).
    pub object_id: String,
    /// Amount in rupiah.
    pub amount: i64,
    /// Deadline (ms).
    pub expires_at: i64,
    /// See [`status`].
    pub status: String,
    /// State revenue transaction number, once paid.
    pub ntpn: Option<String>,
    /// Payment instant (ms), once paid.
    pub paid_at: Option<i64>,
}

impl Bill {
    fn from_row(r: &sea_orm::QueryResult) -> Result<Bill, DbErr> {
        Ok(Bill {
            billing_code: db::col(r, "billing_code")?,
            service: db::col(r, "service")?,
            object_id: db::col(r, "object_id")?,
            amount: db::col(r, "amount")?,
            expires_at: db::col(r, "expires_at")?,
            status: db::col(r, "status")?,
            ntpn: db::col(r, "ntpn")?,
            paid_at: db::col(r, "paid_at")?,
        })
    }
}

/// Create a bill with a fresh billing code, inside the caller's transaction.
pub async fn create(
    c: &impl ConnectionTrait,
    service: &str,
    object_id: &str,
    account_id: Option<&str>,
    amount: i64,
    expires_at: jiff::Timestamp,
) -> Result<Bill, DbErr> {
    let code = BillingCode::generate(&mut rand::rng()).to_string();
    let now = db::millis(jiff::Timestamp::now());
    db::exec(
        c,
        "INSERT INTO bills (billing_code, service, object_id, account_id, amount, created_at, expires_at, status)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        [
            Value::from(code.clone()),
            Value::from(service),
            Value::from(object_id),
            Value::from(account_id.map(str::to_owned)),
            Value::from(amount),
            Value::from(now),
            Value::from(db::millis(expires_at)),
            Value::from(status::UNPAID),
        ],
    )
    .await?;
    Ok(Bill {
        billing_code: code,
        service: service.to_owned(),
        object_id: object_id.to_owned(),
        amount,
        expires_at: db::millis(expires_at),
        status: status::UNPAID.to_owned(),
        ntpn: None,
        paid_at: None,
    })
}

/// A bill by code.
pub async fn find(c: &impl ConnectionTrait, code: &str) -> Result<Option<Bill>, DbErr> {
    db::one_as(
        c,
        "SELECT * FROM bills WHERE billing_code = $1",
        [Value::from(code)],
        Bill::from_row,
    )
    .await
}

/// Move an unpaid bill to another status (expired, cancelled). Returns
/// whether it was still unpaid.
pub async fn close_unpaid(c: &impl ConnectionTrait, code: &str, to: &str) -> Result<bool, DbErr> {
    Ok(db::exec(
        c,
        "UPDATE bills SET status = $1 WHERE billing_code = $2 AND status = $3",
        [
            Value::from(to),
            Value::from(code),
            Value::from(status::UNPAID),
        ],
    )
    .await?
        == 1)
}

/// What a service decided about a payment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Settlement {
    /// Applied: the object moved on (e.g. booking confirmed).
    Applied,
    /// Not applicable any more (e.g. the booking expired): refund.
    Refund,
}

/// A future returned by a settler.
pub type SettleFuture<'a> = Pin<Box<dyn Future<Output = Result<Settlement, DbErr>> + Send + 'a>>;

/// A service's rule for applying a payment to its object.
pub trait Settler: Send + Sync {
    /// Apply a payment of `bill` made at `paid_at`, inside `txn`.
    fn settle<'a>(
        &'a self,
        txn: &'a DatabaseTransaction,
        bill: &'a Bill,
        paid_at: jiff::Timestamp,
        request_id: &'a str,
    ) -> SettleFuture<'a>;
}

/// The settlers of every service, by service name.
#[derive(Clone, Default)]
pub struct Settlers(Arc<HashMap<&'static str, Arc<dyn Settler>>>);

impl std::fmt::Debug for Settlers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.0.keys()).finish()
    }
}

impl Settlers {
    /// Build from (service, settler) pairs.
    pub fn new(list: Vec<(&'static str, Arc<dyn Settler>)>) -> Settlers {
        Settlers(Arc::new(list.into_iter().collect()))
    }

    fn get(&self, service: &str) -> Option<&Arc<dyn Settler>> {
        self.0.get(service)
    }
}

/// The gateway's payment notification.
#[derive(Debug, Deserialize, ToSchema)]
pub struct PaymentNotification {
    /// 15-digit billing code.
    pub billing_code: String,
    /// 16-character state revenue transaction number.
    pub ntpn: String,
    /// Amount paid, rupiah.
    pub amount: i64,
    /// RFC 3339 instant of payment.
    pub paid_at: String,
}

/// The answer to a notification (identical when the same notification is repeated).
#[derive(Debug, Serialize, ToSchema)]
pub struct PaymentResult {
    /// The billing code.
    pub billing_code: String,
    /// `paid` (applied) or `refund_due` (recorded for refund, not applied).
    pub status: String,
    /// The NTPN recorded.
    pub ntpn: String,
}

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

fn answer(bill: &Bill) -> Json<PaymentResult> {
    Json(PaymentResult {
        billing_code: bill.billing_code.clone(),
        status: bill.status.clone(),
        ntpn: bill.ntpn.clone().unwrap_or_default(),
    })
}

/// Payment gateway callback.
#[utoipa::path(post, path = "/api/v1/payments/notifications", tag = "payments",
    request_body = PaymentNotification,
    params(("X-Signature" = String, Header, description = "sha256=<hex HMAC-SHA256 of the raw body>")),
    responses((status = 200, body = PaymentResult), (status = 401, description = "`invalid_signature`", body = ErrorEnvelope),
              (status = 404, description = "`unknown_billing_code`", body = ErrorEnvelope),
              (status = 409, description = "`already_paid` (with another NTPN)", body = ErrorEnvelope),
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
            "The X-Signature header is missing or does not match the body.",
        ));
    }
    let n: PaymentNotification = parse_json(&body)?;
    apply_payment(&state, &n, &ctx.request_id, jiff::Timestamp::now()).await
}

/// How far ahead of the server's clock a gateway may date a payment (the
/// two clocks drift a little); a later `paid_at` is refused.
pub const MAX_PAID_AT_AHEAD: jiff::SignedDuration = jiff::SignedDuration::from_mins(5);

/// Apply a (verified) payment notification: idempotent for the same NTPN.
/// `now` is the server's clock (tests of simulated time pass their own).
pub async fn apply_payment(
    state: &AppState,
    n: &PaymentNotification,
    request_id: &str,
    now: jiff::Timestamp,
) -> Result<Json<PaymentResult>, ApiError> {
    let code = BillingCode::parse(&n.billing_code)
        .map_err(|e| ApiError::invalid_field("billing_code", e.to_string()))?;
    let ntpn = n.ntpn.trim().to_uppercase();
    if ntpn.len() != 16 || !ntpn.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(ApiError::invalid_field(
            "ntpn",
            "The NTPN has 16 letters or digits.",
        ));
    }
    let paid_at: jiff::Timestamp = n.paid_at.parse().map_err(|_| {
        ApiError::invalid_field(
            "paid_at",
            "Give the payment instant in RFC 3339, e.g. 2026-01-05T10:00:00+07:00.",
        )
    })?;
    // A payment dated in the future would be applied against a deadline it
    // did not meet yet.
    if paid_at.duration_since(now) > MAX_PAID_AT_AHEAD {
        return Err(ApiError::invalid_field(
            "paid_at",
            format!(
                "The payment instant is in the future: it may be at most {} minutes ahead of the server's clock.",
                MAX_PAID_AT_AHEAD.as_mins()
            ),
        ));
    }
    let txn = db::begin_write(&state.db).await?;
    let lock = if txn.get_database_backend() == sea_orm::DbBackend::Postgres {
        "SELECT * FROM bills WHERE billing_code = $1 FOR UPDATE"
    } else {
        "SELECT * FROM bills WHERE billing_code = $1"
    };
    let bill = db::one_as(&txn, lock, [Value::from(code.as_str())], Bill::from_row)
        .await?
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::NOT_FOUND,
                "unknown_billing_code",
                "No bill has this billing code.",
            )
        })?;
    if let Some(done) = &bill.ntpn {
        if *done == ntpn {
            return Ok(answer(&bill));
        }
        return Err(ApiError::conflict(
            "already_paid",
            "This bill was already paid with another NTPN.",
        ));
    }
    if n.amount != bill.amount {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "amount_mismatch",
            format!(
                "The bill is for Rp {}; the notification says Rp {}.",
                bill.amount, n.amount
            ),
        ));
    }
    let settlement = match state.settlers.get(&bill.service) {
        Some(s) => s.settle(&txn, &bill, paid_at, request_id).await?,
        None => Settlement::Refund,
    };
    let new_status = match settlement {
        Settlement::Applied => status::PAID,
        Settlement::Refund => status::REFUND_DUE,
    };
    let res = db::exec(
        &txn,
        "UPDATE bills SET status = $1, ntpn = $2, paid_amount = $3, paid_at = $4, notified_at = $5 WHERE billing_code = $6",
        [
            Value::from(new_status),
            Value::from(ntpn.clone()),
            Value::from(n.amount),
            Value::from(db::millis(paid_at)),
            Value::from(db::millis(now)),
            Value::from(bill.billing_code.clone()),
        ],
    )
    .await;
    if let Err(e) = res {
        if db::is_unique_violation(&e) {
            return Err(ApiError::conflict(
                "ntpn_reused",
                "This NTPN was already used for another bill.",
            ));
        }
        return Err(e.into());
    }
    audit::append(
        &txn,
        audit::Entry {
            actor: None,
            action: "bill.payment",
            object_type: "bill",
            object_id: &bill.billing_code,
            office: None,
            request_id: Some(request_id),
            detail: serde_json::json!({ "service": bill.service, "status": new_status }),
        },
    )
    .await?;
    txn.commit().await?;
    let mut updated = bill;
    updated.status = new_status.to_owned();
    updated.ntpn = Some(ntpn);
    Ok(answer(&updated))
}
