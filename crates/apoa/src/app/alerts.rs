//! The supervision alerts of an office's area (administrators: every
//! office), computed on request from the stays still checked in and the
//! recent ones (`store::watch::watched`), the permissions to stay every
//! service knows (`AppState::permits`) and the pure rules of
//! `domain::alerts`. Audited `apoa.alerts`.

use std::collections::BTreeMap;

use imigrasi_platform::i18n::Lang;
use imigrasi_platform::permits::PassportKey;
use imigrasi_platform::policy::Actor;
use imigrasi_platform::{AppState, db, regions};
use jiff::{SignedDuration, Timestamp};

use super::ApoaError;
use super::watch::{Zones, audited, paging, scope};
use crate::domain::alerts::{self as rules, AlertKind, Finding, Permission, Rules};
use crate::domain::date;
use crate::store::stays::CHECKED_IN;
use crate::store::watch::{self, Found, WATCH_LIMIT};

/// The alerts' settings: the binary's (`config.services`), else the
/// defaults.
pub fn settings(state: &AppState) -> Rules {
    state
        .config
        .services
        .get::<Rules>()
        .copied()
        .unwrap_or_default()
}

/// One alert about one stay.
#[derive(Clone)]
pub struct Alert {
    /// What was found.
    pub finding: Finding,
    /// The stay, with its premise.
    pub stay: Found,
    /// The name of the regency a finding names (`outside_regency`).
    pub regency_name: Option<String>,
}

impl std::fmt::Debug for Alert {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Alert")
            .field("kind", &self.kind())
            .field("stay", &self.stay.stay.id)
            .finish_non_exhaustive()
    }
}

impl Alert {
    /// Its kind.
    pub fn kind(&self) -> AlertKind {
        self.finding.kind()
    }

    /// Why, as a sentence in `lang`.
    pub fn reason(&self, lang: Lang) -> String {
        let key = format!("apoa-watch-reason-{}", self.kind().as_str());
        match &self.finding {
            Finding::PermitExpired { until } => lang.t_args(&key, &[("until", &until.to_string())]),
            Finding::PassportExpired { expiry } => {
                lang.t_args(&key, &[("expiry", &expiry.to_string())])
            }
            Finding::LateReport => lang.t(&key),
            Finding::NoCheckOut { expected } => {
                lang.t_args(&key, &[("expected", &expected.to_string())])
            }
            Finding::ManyPremises { premises, days } => lang.t_args(
                &key,
                &[
                    ("premises", &premises.to_string()),
                    ("days", &days.to_string()),
                ],
            ),
            Finding::OutsideRegency { registered } => {
                let name = self.regency_name.as_deref().unwrap_or(registered);
                lang.t_args(&key, &[("regency", name)])
            }
        }
    }
}

/// What to list.
#[derive(Debug, Clone, Default)]
pub struct AlertsQuery {
    /// One kind only (its machine name).
    pub kind: Option<String>,
    /// Page, from 1.
    pub page: Option<u64>,
    /// Alerts per page.
    pub per_page: Option<u64>,
}

/// A page of alerts.
#[derive(Debug, Clone)]
pub struct AlertPage {
    /// Newest check-in first, then by kind.
    pub alerts: Vec<Alert>,
    /// This page, from 1.
    pub page: u64,
    /// Page size.
    pub per_page: u64,
    /// Alerts in all.
    pub total: usize,
    /// False when the area held more stays to look at than one answer
    /// reads ([`WATCH_LIMIT`]): the oldest were left out.
    pub complete: bool,
    /// The settings they were computed with.
    pub rules: Rules,
}

fn key(f: &Found) -> PassportKey {
    PassportKey {
        index: f.stay.passport_index.clone(),
        nationality: f.stay.nationality.clone(),
    }
}

/// The alerts of the actor's area now.
pub async fn alerts(
    state: &AppState,
    actor: &Actor,
    request_id: &str,
    q: AlertsQuery,
) -> Result<AlertPage, ApoaError> {
    let office = scope(actor)?;
    let (page, per_page) = paging(q.page, q.per_page)?;
    let only = match q.kind.as_deref().map(str::trim).filter(|k| !k.is_empty()) {
        None => None,
        Some(k) => Some(AlertKind::parse(k).ok_or_else(|| super::field("kind", "invalid"))?),
    };
    let rules = settings(state);
    let now = Timestamp::now();
    let back = rules.recent_days.max(rules.many_premises_days) + 1;
    let since = now - SignedDuration::from_hours(24 * back);
    let rows = watch::watched(&state.db, office.as_deref(), db::millis(since)).await?;
    let complete = rows.len() < usize::try_from(WATCH_LIMIT).unwrap_or(usize::MAX);

    let mut lodging: Vec<PassportKey> = rows
        .iter()
        .filter(|f| f.stay.status == CHECKED_IN)
        .map(key)
        .collect();
    lodging.sort();
    lodging.dedup();
    let mut known: BTreeMap<PassportKey, Vec<Permission>> = BTreeMap::new();
    for p in state.permits.of(&state.db, &lodging).await? {
        known.entry(p.passport).or_default().push(Permission {
            valid_until: p.valid_until,
            regency: p.regency,
        });
    }
    // Each passport's visits; rows come newest first, so the first row of
    // a passport is its latest stay.
    let mut visits: BTreeMap<PassportKey, Vec<(String, Timestamp)>> = BTreeMap::new();
    for f in &rows {
        visits
            .entry(key(f))
            .or_default()
            .push((f.stay.premise_id.clone(), db::from_millis(f.stay.check_in)));
    }

    let mut zones = Zones::default();
    let mut found = Vec::new();
    let none = Vec::new();
    for f in &rows {
        let s = &f.stay;
        let today = zones.of(state, &f.premise_office).await?.local_date(now);
        let checked_in = s.status == CHECKED_IN;
        let k = key(f);
        let mut here = Vec::new();
        if checked_in {
            let perms = known.get(&k).unwrap_or(&none);
            here.push(rules::permit_expired(today, perms));
            here.push(date(&s.passport_expiry).and_then(|d| rules::passport_expired(today, d)));
            here.push(
                date(&s.expected_check_out).and_then(|d| rules::no_check_out(today, d, &rules)),
            );
            here.push(rules::outside_regency(today, &f.premise_regency, perms));
        }
        here.push(rules::late_report(
            s.late,
            checked_in,
            db::from_millis(s.check_in),
            now,
            &rules,
        ));
        if let Some(v) = visits.remove(&k) {
            here.push(rules::many_premises(&v, &rules));
        }
        let mut here: Vec<Finding> = here.into_iter().flatten().collect();
        here.sort_by_key(Finding::kind);
        for finding in here {
            if only.is_none_or(|o| o == finding.kind()) {
                found.push(Alert {
                    finding,
                    stay: f.clone(),
                    regency_name: None,
                });
            }
        }
    }
    let total = found.len();
    let skip = usize::try_from((page - 1).saturating_mul(per_page)).unwrap_or(usize::MAX);
    let take = usize::try_from(per_page).unwrap_or(usize::MAX);
    let mut alerts: Vec<Alert> = found.into_iter().skip(skip).take(take).collect();
    for a in &mut alerts {
        if let Finding::OutsideRegency { registered } = &a.finding {
            a.regency_name = regions::find(&state.db, registered).await?.map(|r| r.name);
        }
    }
    let detail = serde_json::json!({
        "kind": only.map(AlertKind::as_str), "page": page, "total": total,
    });
    audited(
        state,
        actor,
        request_id,
        ("apoa.alerts", ""),
        office.as_deref(),
        detail,
    )
    .await?;
    Ok(AlertPage {
        alerts,
        page,
        per_page,
        total,
        complete,
        rules,
    })
}
