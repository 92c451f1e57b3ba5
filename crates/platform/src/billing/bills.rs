//! The bill model: statuses, creation, look-up and closing.

use imigrasi_core::BillingCode;
use sea_orm::{ConnectionTrait, DbErr, Value};

use crate::db;

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
    /// Map a `bills` row.
    pub fn from_row(r: &sea_orm::QueryResult) -> Result<Bill, DbErr> {
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
    let mut bills = create_many(
        c,
        service,
        &[NewBill {
            object_id,
            account_id,
            amount,
            expires_at,
        }],
    )
    .await?;
    bills
        .pop()
        .ok_or_else(|| DbErr::Custom("no bill created".to_owned()))
}

/// One bill to create with [`create_many`].
#[derive(Debug, Clone, Copy)]
pub struct NewBill<'a> {
    /// The service's object (e.g. booking id).
    pub object_id: &'a str,
    /// The paying account, if any.
    pub account_id: Option<&'a str>,
    /// Amount in rupiah.
    pub amount: i64,
    /// Pay before this.
    pub expires_at: jiff::Timestamp,
}

/// Create unpaid bills of `service` with one statement (a group of
/// bookings); returns them in order.
pub async fn create_many(
    c: &impl ConnectionTrait,
    service: &str,
    new: &[NewBill<'_>],
) -> Result<Vec<Bill>, DbErr> {
    if new.is_empty() {
        return Ok(Vec::new());
    }
    let now = db::millis(jiff::Timestamp::now());
    let bills: Vec<Bill> = new
        .iter()
        .map(|b| Bill {
            billing_code: BillingCode::generate(&mut rand::rng()).to_string(),
            service: service.to_owned(),
            object_id: b.object_id.to_owned(),
            amount: b.amount,
            expires_at: db::millis(b.expires_at),
            status: status::UNPAID.to_owned(),
            ntpn: None,
            paid_at: None,
        })
        .collect();
    let mut values = Vec::with_capacity(bills.len() * 8);
    for (bill, b) in bills.iter().zip(new) {
        values.extend([
            Value::from(bill.billing_code.clone()),
            Value::from(service),
            Value::from(b.object_id),
            Value::from(b.account_id.map(str::to_owned)),
            Value::from(b.amount),
            Value::from(now),
            Value::from(bill.expires_at),
            Value::from(status::UNPAID),
        ]);
    }
    db::exec(
        c,
        &format!(
            "INSERT INTO bills (billing_code, service, object_id, account_id, amount, created_at, expires_at, status)
             VALUES {}",
            db::row_placeholders(c, bills.len(), 8, 1)
        ),
        values,
    )
    .await?;
    Ok(bills)
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

/// The newest bill of an object (a case, a booking), if any.
pub async fn latest_for_object(
    c: &impl ConnectionTrait,
    service: &str,
    object_id: &str,
) -> Result<Option<Bill>, DbErr> {
    db::one_as(
        c,
        "SELECT * FROM bills WHERE service = $1 AND object_id = $2
         ORDER BY created_at DESC, billing_code LIMIT 1",
        [Value::from(service), Value::from(object_id)],
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
