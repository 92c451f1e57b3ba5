//! What the API shows and takes of a case, the same for every casework
//! service: a timeline step, the fee bill, a decision.

use imigrasi_platform::billing::Bill;
use imigrasi_platform::db;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::store::TimelineEntry;

/// One step of the timeline.
#[derive(Debug, Serialize, ToSchema)]
pub struct StepView {
    /// When (RFC 3339, UTC).
    pub at: String,
    /// The status it led to.
    pub status: String,
    /// The role that took it (`system` for payment and expiry).
    pub role: String,
    /// Reason or note.
    pub note: Option<String>,
}

impl From<TimelineEntry> for StepView {
    fn from(t: TimelineEntry) -> Self {
        StepView {
            at: db::from_millis(t.at).to_string(),
            status: t.status,
            role: t.role,
            note: t.note,
        }
    }
}

/// The fee bill.
#[derive(Debug, Serialize, ToSchema)]
pub struct PaymentView {
    /// 15-digit billing code.
    pub billing_code: String,
    /// Amount in rupiah.
    pub amount: i64,
    /// Deadline (RFC 3339, UTC).
    pub expires_at: String,
    /// `unpaid`, `paid`, `expired`, `cancelled`, `refund_due`.
    pub status: String,
}

impl From<&Bill> for PaymentView {
    fn from(b: &Bill) -> Self {
        PaymentView {
            billing_code: b.billing_code.clone(),
            amount: b.amount,
            expires_at: db::from_millis(b.expires_at).to_string(),
            status: b.status.clone(),
        }
    }
}

/// A decision.
#[derive(Debug, Deserialize, ToSchema)]
pub struct DecisionBody {
    /// `recommend_approve`, `recommend_reject`, `request_info` (officers and
    /// supervisors of the processing office), `approve`, `reject`
    /// (supervisors; not the one who recommended).
    #[serde(default)]
    pub decision: String,
    /// Reason (required but for approvals), at most 1000 characters.
    pub reason: Option<String>,
}
