//! The booking page's "after the visit" section: the application's status,
//! outcome and the passport's way to its holder, in the reader's language.

use imigrasi_core::OfficeZone;
use imigrasi_platform::db;
use imigrasi_platform::i18n::Lang;

use super::view::instant_ms;
use crate::domain::application::{ApplicationStatus, collect_by};
use crate::store::applications::Application;

/// Message id of a machine value under the `pvisit-` prefix.
fn key(prefix: &str, value: &str) -> String {
    format!("pvisit-{prefix}-{}", value.replace('_', "-"))
}

/// What the booking page shows of an application.
#[derive(Debug, Clone)]
pub(crate) struct VisitSection {
    /// Message id of the status.
    pub status_key: String,
    /// Message id of the note under the status.
    pub note_key: String,
    /// Message id of the outcome.
    pub outcome_key: String,
    /// The reason the officer wrote.
    pub reason: Option<String>,
    /// Papers due by (postponed).
    pub postponed_until: Option<String>,
    /// Ready since.
    pub ready_at: Option<String>,
    /// Collect by (ready + 30 days), while waiting for collection.
    pub collect_by: Option<String>,
    /// Who collected it.
    pub collected_by: Option<String>,
    /// Message id of the collector's relation.
    pub relation_key: Option<String>,
    /// The postal tracking number.
    pub tracking_number: Option<String>,
}

impl VisitSection {
    /// The section of an application, instants in the office's zone.
    pub(crate) fn new(lang: Lang, zone: OfficeZone, a: &Application) -> VisitSection {
        let at = |ms: Option<i64>| ms.map(|ms| instant_ms(lang, zone, ms));
        let waiting = a.status == ApplicationStatus::ReadyForPickup;
        VisitSection {
            status_key: key("status", a.status.as_str()),
            note_key: key("note", a.status.as_str()),
            outcome_key: key("outcome", a.outcome.as_str()),
            reason: a.reason.clone(),
            postponed_until: if a.status == ApplicationStatus::Postponed {
                at(a.postponed_until)
            } else {
                None
            },
            ready_at: at(a.ready_at),
            collect_by: a
                .ready_at
                .filter(|_| waiting)
                .map(|ms| instant_ms(lang, zone, db::millis(collect_by(db::from_millis(ms))))),
            collected_by: a.collected_by.clone(),
            relation_key: a.relation.map(|r| key("relation", r.as_str())),
            tracking_number: a.tracking_number.clone(),
        }
    }
}
