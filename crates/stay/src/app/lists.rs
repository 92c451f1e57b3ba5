//! The officers' lists (permits ending within 30 days, overstaying, in
//! process) for staff of the supervising office (administrators: every
//! office), audited `stay.list`; and the sponsor's dashboard of the permits
//! it sponsors, by end date.

use std::collections::BTreeMap;

use imigrasi_core::OfficeZone;
use imigrasi_platform::policy::{self, Actor, Permission, Role};
use imigrasi_platform::{AppState, audit, db};
use jiff::{Timestamp, ToSpan};

use super::read::{PermitFile, overstay_of};
use super::{StayError, field, office_zone, settings};
use crate::domain::overstay::Overstay;
use crate::domain::reminder;
use crate::store::lists::{self, Filter};
use crate::store::permits::{self, Permit};

/// The days ahead a permit counts as ending soon.
pub const ENDING_SOON_DAYS: i64 = 30;
/// The most permits a sponsor's dashboard shows.
pub const DASHBOARD_LIMIT: u32 = 1000;

/// An officers' list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OfficerList {
    /// Active permits ending within [`ENDING_SOON_DAYS`] (office-local).
    EndingSoon,
    /// Past the end and not in process, with the days and the fine.
    Overstaying,
    /// A paid case is being decided.
    InProcess,
}

impl OfficerList {
    /// The machine name.
    pub fn as_str(self) -> &'static str {
        match self {
            OfficerList::EndingSoon => "ending_soon",
            OfficerList::Overstaying => "overstaying",
            OfficerList::InProcess => "in_process",
        }
    }

    /// Parse a machine name.
    pub fn parse(s: &str) -> Option<OfficerList> {
        [
            OfficerList::EndingSoon,
            OfficerList::Overstaying,
            OfficerList::InProcess,
        ]
        .into_iter()
        .find(|l| l.as_str() == s.trim())
    }
}

/// A page of a list.
#[derive(Debug, Clone)]
pub struct Page {
    /// The permits, by end date then number.
    pub permits: Vec<PermitFile>,
    /// The number to pass as `after` for the next page.
    pub next: Option<String>,
}

/// Office zones, looked up once per request.
#[derive(Default)]
struct Zones(BTreeMap<String, OfficeZone>);

impl Zones {
    async fn of(&mut self, state: &AppState, office: &str) -> Result<OfficeZone, StayError> {
        if let Some(z) = self.0.get(office) {
            return Ok(*z);
        }
        let z = office_zone(&state.db, office).await?;
        self.0.insert(office.to_owned(), z);
        Ok(z)
    }
}

fn end_date(p: &Permit) -> Option<jiff::civil::Date> {
    p.valid_until.as_deref().and_then(|d| d.parse().ok())
}

/// One page of an officers' list after the permit numbered `after`.
pub async fn officer_list(
    state: &AppState,
    actor: &Actor,
    request_id: &str,
    list: OfficerList,
    after: Option<&str>,
    limit: u32,
) -> Result<Page, StayError> {
    let office = match actor.role {
        Role::Administrator => None,
        r if r.is_staff() => {
            let office = actor.office.clone().unwrap_or_default();
            policy::authorize(
                actor,
                Permission::ReadOfficePersonalData { office: &office },
            )
            .map_err(|_| StayError::Forbidden)?;
            Some(office)
        }
        _ => return Err(StayError::Forbidden),
    };
    let cursor = match after.map(str::trim).filter(|a| !a.is_empty()) {
        None => None,
        Some(a) => {
            let p = permits::find_by_number(&state.db, &a.to_ascii_uppercase())
                .await?
                .ok_or_else(|| field("after", "unknown"))?;
            Some((lists::end_key(&p), p.number))
        }
    };
    db::write(&state.db, |txn| {
        let office = office.as_deref();
        async move {
            audit::append(
                &*txn,
                audit::Entry {
                    actor: Some(actor),
                    action: "stay.list",
                    object_type: "stay_permit",
                    object_id: "",
                    office,
                    request_id: Some(request_id),
                    detail: serde_json::json!({ "list": list.as_str() }),
                },
            )
            .await?;
            Ok::<_, StayError>(())
        }
    })
    .await?;
    let now = Timestamp::now();
    // Office-local dates are the UTC date or the next day: the query is
    // wide enough for every zone, and each row is checked in its own.
    let utc_today = now.to_zoned_datetime(jiff::tz::TimeZone::UTC).date();
    let filter = match list {
        OfficerList::EndingSoon => {
            let last = utc_today
                .checked_add((ENDING_SOON_DAYS + 1).days())
                .unwrap_or(utc_today);
            Filter::ActiveEndingBetween(utc_today.to_string(), last.to_string())
        }
        OfficerList::Overstaying => Filter::EndedBy(utc_today.to_string()),
        OfficerList::InProcess => Filter::InProcess,
    };
    let limit = limit.clamp(1, super::read::MAX_PAGE);
    let cursor = cursor.as_ref().map(|(k, n)| (k.as_str(), n.as_str()));
    let found = lists::officer_list(&state.db, office.as_deref(), &filter, cursor, limit).await?;
    let next = (found.len() == limit as usize)
        .then(|| found.last().map(|p| p.number.clone()))
        .flatten();
    let fees = settings(state).overstay;
    let mut zones = Zones::default();
    let mut out = Vec::with_capacity(found.len());
    for permit in found {
        let zone = zones.of(state, &permit.office_code).await?;
        let overstay = overstay_of(&permit, &fees, now, zone);
        let keep = match list {
            OfficerList::EndingSoon => end_date(&permit).is_some_and(|end| {
                (0..=ENDING_SOON_DAYS).contains(&reminder::days_left(end, zone.local_date(now)))
            }),
            OfficerList::Overstaying => overstay.is_some(),
            OfficerList::InProcess => true,
        };
        if keep {
            out.push(PermitFile {
                permit,
                overstay,
                history: Vec::new(),
            });
        }
    }
    Ok(Page { permits: out, next })
}

/// A line of the sponsor's dashboard.
#[derive(Debug, Clone)]
pub struct Sponsored {
    /// The permit.
    pub permit: Permit,
    /// Days until its last valid day (0 on it); none once ended or for a GCI.
    pub days_left: Option<i64>,
    /// Its overstay now, if any.
    pub overstay: Option<Overstay>,
}

/// The permits a sponsor account sponsors (not cancelled or converted), by
/// end date, with the days left or the overstay.
pub async fn sponsor_dashboard(
    state: &AppState,
    actor: &Actor,
) -> Result<Vec<Sponsored>, StayError> {
    if actor.role != Role::Sponsor {
        return Err(StayError::Forbidden);
    }
    let found = lists::sponsored(&state.db, &actor.id, DASHBOARD_LIMIT).await?;
    let now = Timestamp::now();
    let fees = settings(state).overstay;
    let mut zones = Zones::default();
    let mut out = Vec::with_capacity(found.len());
    for permit in found {
        let zone = zones.of(state, &permit.office_code).await?;
        let days_left = end_date(&permit)
            .map(|end| reminder::days_left(end, zone.local_date(now)))
            .filter(|d| *d >= 0);
        let overstay = overstay_of(&permit, &fees, now, zone);
        out.push(Sponsored {
            permit,
            days_left,
            overstay,
        });
    }
    Ok(out)
}
