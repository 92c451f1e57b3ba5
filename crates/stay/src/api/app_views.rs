//! What the API shows of a stay application.

use imigrasi_platform::db;
use serde::Serialize;
use utoipa::ToSchema;

pub use imigrasi_casework::views::{PaymentView, StepView};
pub use imigrasi_platform::documents::DocumentView;

use super::appearances::AppearanceView;
use crate::app::casefile::{AppFile, Summary};

fn rfc3339(ms: i64) -> String {
    db::from_millis(ms).to_string()
}

/// What the application asks.
#[derive(Debug, Serialize, ToSchema)]
pub struct AskedView {
    /// An extension's days.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days: Option<i64>,
    /// A status change's new kind.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to_kind: Option<String>,
    /// A sponsor change: whether the new sponsor accepted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sponsor_accepted: Option<bool>,
    /// A re-entry permit's last day.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reentry_until: Option<String>,
}

/// The signed permit an approval issued.
#[derive(Debug, Serialize, ToSchema)]
pub struct IssuedView {
    /// The permit's number (a status change opens a new permit).
    pub permit_number: String,
    /// Its last day as signed.
    pub valid_until: Option<String>,
    /// The signed payload (QR text), verified by `POST /api/v1/documents/verify`.
    pub qr: String,
}

/// An application.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApplicationView {
    /// Register number, e.g. `S-2026-7K3QX9M2`.
    pub register_number: String,
    /// `extension`, `status_change`, `sponsor_change`, `exit_permit`, `reentry_permit`.
    pub kind: String,
    /// Casework status.
    pub status: String,
    /// The permit it is about.
    pub permit_number: String,
    /// The supervising office.
    pub office: String,
    /// Fee in rupiah.
    pub fee: i64,
    /// What it asks.
    pub asked: AskedView,
    /// Attached documents.
    pub documents: Vec<DocumentView>,
    /// Every step.
    pub timeline: Vec<StepView>,
    /// The bill, once submitted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment: Option<PaymentView>,
    /// The signed permit, once approved.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issued: Option<IssuedView>,
    /// Appearances at the office asked for, newest first.
    pub appearances: Vec<AppearanceView>,
}

impl From<AppFile> for ApplicationView {
    fn from(f: AppFile) -> Self {
        let a = f.application;
        let sponsor_change = a.kind == "sponsor_change";
        ApplicationView {
            register_number: f.case.register_number,
            kind: a.kind,
            status: f.case.status.as_str().to_owned(),
            permit_number: f.permit.number,
            office: f.case.office_code,
            fee: a.fee,
            asked: AskedView {
                days: a.days,
                to_kind: a.to_kind,
                sponsor_accepted: sponsor_change.then_some(a.sponsor_accepted_at.is_some()),
                reentry_until: a.reentry_until,
            },
            documents: f.documents.iter().map(DocumentView::from).collect(),
            timeline: f.timeline.into_iter().map(StepView::from).collect(),
            payment: f.bill.as_ref().map(PaymentView::from),
            appearances: f
                .appearances
                .into_iter()
                .map(AppearanceView::from)
                .collect(),
            issued: f.issued.map(|d| IssuedView {
                permit_number: f.issued_permit_number.unwrap_or_default(),
                valid_until: d.valid_until,
                qr: d.qr,
            }),
        }
    }
}

/// A line of a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApplicationSummary {
    /// Register number.
    pub register_number: String,
    /// Kind.
    pub kind: String,
    /// Status.
    pub status: String,
    /// Office.
    pub office: String,
    /// Last change (RFC 3339).
    pub updated_at: String,
    /// Days since the last change.
    pub age_days: i64,
}

/// A list of applications.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApplicationList {
    /// The applications, newest or oldest first (queues: oldest change first).
    pub applications: Vec<ApplicationSummary>,
}

impl ApplicationList {
    /// From the use case's summaries at `now` (ms).
    pub fn from_summaries(found: Vec<Summary>, now: i64) -> Self {
        ApplicationList {
            applications: found
                .into_iter()
                .map(|s| ApplicationSummary {
                    register_number: s.case.register_number,
                    kind: s.kind,
                    status: s.case.status.as_str().to_owned(),
                    office: s.case.office_code,
                    updated_at: rfc3339(s.case.updated_at),
                    age_days: (now - s.case.updated_at).max(0) / (24 * 3600 * 1000),
                })
                .collect(),
        }
    }
}
