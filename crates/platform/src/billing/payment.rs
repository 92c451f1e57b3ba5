//! Applying a verified payment notification: the use case behind the
//! gateway callback and the simulated bank. It owns its transaction and
//! answers with a typed error; adapters choose the words.

use imigrasi_core::BillingCode;
use sea_orm::{ConnectionTrait, DbErr, Value};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::bills::{Bill, status};
use super::settlers::Settlement;
use crate::audit;
use crate::db;
use crate::state::AppState;

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
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PaymentResult {
    /// The billing code.
    pub billing_code: String,
    /// `paid` (applied) or `refund_due` (recorded for refund, not applied).
    pub status: String,
    /// The NTPN recorded.
    pub ntpn: String,
}

/// Why a notification was not applied.
#[derive(Debug, thiserror::Error)]
pub enum PaymentError {
    /// The billing code is malformed.
    #[error("malformed billing code")]
    BillingCode,
    /// The NTPN is not 16 letters or digits.
    #[error("malformed NTPN")]
    Ntpn,
    /// `paid_at` is not an RFC 3339 instant.
    #[error("malformed paid_at")]
    PaidAt,
    /// `paid_at` is further ahead of the server's clock than allowed.
    #[error("paid_at in the future")]
    PaidInFuture,
    /// No bill has this code.
    #[error("unknown billing code")]
    UnknownBill,
    /// Already paid with another NTPN.
    #[error("already paid")]
    AlreadyPaid,
    /// The amount differs from the bill's.
    #[error("amount mismatch: bill {bill}, notified {notified}")]
    AmountMismatch {
        /// The bill's amount.
        bill: i64,
        /// The notified amount.
        notified: i64,
    },
    /// The NTPN was used for another bill.
    #[error("NTPN reused")]
    NtpnReused,
    /// Storage failed.
    #[error(transparent)]
    Db(#[from] DbErr),
}

impl db::LostConnection for PaymentError {
    fn connection_lost(&self) -> bool {
        matches!(self, PaymentError::Db(e) if db::is_unavailable(e))
    }
}

/// How far ahead of the server's clock a gateway may date a payment (the
/// two clocks drift a little); a later `paid_at` is refused.
pub const MAX_PAID_AT_AHEAD: jiff::SignedDuration = jiff::SignedDuration::from_mins(5);

fn answer(bill: &Bill) -> PaymentResult {
    PaymentResult {
        billing_code: bill.billing_code.clone(),
        status: bill.status.clone(),
        ntpn: bill.ntpn.clone().unwrap_or_default(),
    }
}

/// Apply a (verified) payment notification: idempotent for the same NTPN.
/// `now` is the server's clock (tests of simulated time pass their own).
pub async fn apply_payment(
    state: &AppState,
    n: &PaymentNotification,
    request_id: &str,
    now: jiff::Timestamp,
) -> Result<PaymentResult, PaymentError> {
    let code = BillingCode::parse(&n.billing_code).map_err(|_| PaymentError::BillingCode)?;
    let ntpn = n.ntpn.trim().to_uppercase();
    if ntpn.len() != 16 || !ntpn.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(PaymentError::Ntpn);
    }
    let paid_at: jiff::Timestamp = n.paid_at.parse().map_err(|_| PaymentError::PaidAt)?;
    // A payment dated in the future would be applied against a deadline it
    // did not meet yet.
    if paid_at.duration_since(now) > MAX_PAID_AT_AHEAD {
        return Err(PaymentError::PaidInFuture);
    }
    let (code, ntpn) = (&code, &ntpn);
    db::write(&state.db, |txn| async move {
        let txn = &*txn;
        let lock = if txn.get_database_backend() == sea_orm::DbBackend::Postgres {
            "SELECT * FROM bills WHERE billing_code = $1 FOR UPDATE"
        } else {
            "SELECT * FROM bills WHERE billing_code = $1"
        };
        let bill = db::one_as(txn, lock, [Value::from(code.as_str())], Bill::from_row)
            .await?
            .ok_or(PaymentError::UnknownBill)?;
        if let Some(done) = &bill.ntpn {
            if done == ntpn {
                return Ok(answer(&bill));
            }
            return Err(PaymentError::AlreadyPaid);
        }
        if n.amount != bill.amount {
            return Err(PaymentError::AmountMismatch {
                bill: bill.amount,
                notified: n.amount,
            });
        }
        let settlement = match state.settlers.get(&bill.service) {
            Some(s) => s.settle(txn, &bill, paid_at, request_id).await?,
            None => Settlement::Refund,
        };
        let new_status = match settlement {
            Settlement::Applied => status::PAID,
            Settlement::Refund => status::REFUND_DUE,
        };
        let res = db::exec(
            txn,
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
                return Err(PaymentError::NtpnReused);
            }
            return Err(e.into());
        }
        audit::append(
            txn,
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
        let mut updated = bill;
        updated.status = new_status.to_owned();
        updated.ntpn = Some(ntpn.clone());
        Ok(answer(&updated))
    })
    .await
}
