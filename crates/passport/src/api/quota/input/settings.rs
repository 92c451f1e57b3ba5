//! Release rule and booking window as clients send them.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{Field, InputError, MAX_ADVANCE_DAYS, MAX_LEAD_MINUTES, MIN_ADVANCE_MONTHLY, time};
use crate::domain::office_time::{parse_weekday, weekday_name};
use crate::domain::release::MAX_RELEASE_AHEAD_DAYS;
use crate::domain::{BookingWindow, ReleaseRule, ReleaseRuleError};
use crate::store::quota::{OfficeSettings, format_hhmm};

/// The release rule as clients see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ReleaseRuleBody {
    /// Every `weekday` at `at`, open the dates `opens_from_days..=opens_to_days` ahead.
    Weekly {
        /// `monday` .. `sunday`.
        weekday: String,
        /// Office-local time, `HH:MM`.
        at: String,
        /// First date opened, in days after the release day.
        opens_from_days: i64,
        /// Last date opened, in days after the release day.
        opens_to_days: i64,
    },
    /// On the last working day (Monday-Friday) of each month at `at`, open the whole next month.
    Monthly {
        /// Office-local time, `HH:MM`.
        at: String,
    },
}

fn default_advance() -> i64 {
    i64::from(BookingWindow::default().max_advance_days)
}

/// Release rule and booking window of an office.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct SettingsBody {
    /// When quota opens.
    pub release_rule: ReleaseRuleBody,
    /// Minutes a booking must precede the session start; 0 (default) allows booking until it ends.
    #[serde(default)]
    pub min_lead_minutes: i64,
    /// Furthest ahead, in days, a date may be booked (default 90).
    #[serde(default = "default_advance")]
    pub max_advance_days: i64,
}

impl From<&OfficeSettings> for SettingsBody {
    fn from(s: &OfficeSettings) -> Self {
        let release_rule = match &s.release_rule {
            ReleaseRule::Weekly {
                weekday,
                at,
                opens_from_days,
                opens_to_days,
            } => ReleaseRuleBody::Weekly {
                weekday: weekday_name(*weekday).to_owned(),
                at: format_hhmm(*at),
                opens_from_days: i64::from(*opens_from_days),
                opens_to_days: i64::from(*opens_to_days),
            },
            ReleaseRule::Monthly { at } => ReleaseRuleBody::Monthly {
                at: format_hhmm(*at),
            },
        };
        SettingsBody {
            release_rule,
            min_lead_minutes: i64::from(s.window.min_lead_minutes),
            max_advance_days: i64::from(s.window.max_advance_days),
        }
    }
}

fn days(field: &'static str, n: i64) -> Result<u16, InputError> {
    u16::try_from(n)
        .ok()
        .filter(|d| *d <= MAX_RELEASE_AHEAD_DAYS)
        .ok_or_else(|| {
            InputError::new(Field::Setting(field), "quota-error-days")
                .arg("max", MAX_RELEASE_AHEAD_DAYS)
        })
}

fn rule_error(e: &ReleaseRuleError) -> InputError {
    match *e {
        ReleaseRuleError::WindowReversed { from, to } => InputError::new(
            Field::Setting("opens_from_days"),
            "quota-error-window-reversed",
        )
        .arg("from", from)
        .arg("to", to),
        ReleaseRuleError::WindowShorterThanWeek { from, to } => {
            InputError::new(Field::Setting("opens_to_days"), "quota-error-window-short")
                .arg("from", from)
                .arg("to", to)
        }
        ReleaseRuleError::WindowTooFar { to } => {
            InputError::new(Field::Setting("opens_to_days"), "quota-error-window-far")
                .arg("max", MAX_RELEASE_AHEAD_DAYS)
                .arg("to", to)
        }
    }
}

/// Checks settings: the rule, the window, and that released dates are bookable.
pub fn parse_settings(body: &SettingsBody) -> Result<OfficeSettings, Vec<InputError>> {
    let mut errors = Vec::new();
    let lead = u32::try_from(body.min_lead_minutes)
        .ok()
        .filter(|m| i64::from(*m) <= MAX_LEAD_MINUTES);
    if lead.is_none() {
        errors.push(
            InputError::new(Field::Setting("min_lead_minutes"), "quota-error-lead")
                .arg("max", MAX_LEAD_MINUTES),
        );
    }
    let advance = u32::try_from(body.max_advance_days)
        .ok()
        .filter(|d| (1..=MAX_ADVANCE_DAYS).contains(&i64::from(*d)));
    if advance.is_none() {
        errors.push(
            InputError::new(Field::Setting("max_advance_days"), "quota-error-advance")
                .arg("max", MAX_ADVANCE_DAYS),
        );
    }
    let rule = match &body.release_rule {
        ReleaseRuleBody::Weekly {
            weekday,
            at,
            opens_from_days,
            opens_to_days,
        } => {
            let w = parse_weekday(weekday.trim())
                .ok_or_else(|| InputError::new(Field::Setting("weekday"), "quota-error-weekday"));
            let at = time(Field::Setting("at"), at);
            let from = days("opens_from_days", *opens_from_days);
            let to = days("opens_to_days", *opens_to_days);
            match (w, at, from, to) {
                (Ok(weekday), Ok(at), Ok(opens_from_days), Ok(opens_to_days)) => {
                    Some(ReleaseRule::Weekly {
                        weekday,
                        at,
                        opens_from_days,
                        opens_to_days,
                    })
                }
                (a, b, c, d) => {
                    errors.extend([a.err(), b.err(), c.err(), d.err()].into_iter().flatten());
                    None
                }
            }
        }
        ReleaseRuleBody::Monthly { at } => match time(Field::Setting("at"), at) {
            Ok(at) => Some(ReleaseRule::Monthly { at }),
            Err(e) => {
                errors.push(e);
                None
            }
        },
    };
    if let Some(rule) = &rule
        && let Err(e) = rule.validate()
    {
        errors.push(rule_error(&e));
    }
    match (rule, lead, advance) {
        (Some(rule), Some(lead), Some(advance)) if errors.is_empty() => {
            let advance_i = i64::from(advance);
            match rule {
                ReleaseRule::Weekly { opens_to_days, .. }
                    if i64::from(opens_to_days) > advance_i =>
                {
                    return Err(vec![
                        InputError::new(
                            Field::Setting("max_advance_days"),
                            "quota-error-window-beyond-advance",
                        )
                        .arg("to", opens_to_days)
                        .arg("advance", advance),
                    ]);
                }
                ReleaseRule::Monthly { .. } if advance_i < MIN_ADVANCE_MONTHLY => {
                    return Err(vec![
                        InputError::new(
                            Field::Setting("max_advance_days"),
                            "quota-error-monthly-advance",
                        )
                        .arg("min", MIN_ADVANCE_MONTHLY),
                    ]);
                }
                _ => {}
            }
            Ok(OfficeSettings {
                release_rule: rule,
                window: BookingWindow {
                    min_lead_minutes: lead,
                    max_advance_days: advance,
                },
            })
        }
        _ => Err(errors),
    }
}
