//! The one writer of a booking's status, and the SQL list of the active
//! statuses.
//!
//! Every status change goes through [`transition`]: a conditional
//! `UPDATE … WHERE status IN (…)` that applies only while the booking is
//! still in one of the expected statuses, after checking that each move is
//! an edge of the state machine (`domain::booking::TRANSITIONS`).

use imigrasi_platform::db;
use jiff::Timestamp;
use sea_orm::{ConnectionTrait, DbErr, Value};

use crate::domain::booking::{BookingStatus, is_edge};

/// `('a', 'b', …)`: statuses as an SQL list for `status IN …` (the names
/// are the enum's own, so nothing from outside reaches the SQL text).
pub fn sql_list(statuses: &[BookingStatus]) -> String {
    let names: Vec<String> = statuses
        .iter()
        .map(|s| format!("'{}'", s.as_str()))
        .collect();
    format!("({})", names.join(", "))
}

/// `('awaiting_payment', 'confirmed', 'checked_in')`: the active statuses
/// ([`BookingStatus::ACTIVE`]) as an SQL list.
pub fn active_sql() -> String {
    sql_list(&BookingStatus::ACTIVE)
}

/// Move booking `booking_id` to `to` if it is still in one of `from`.
/// Returns whether it moved (`false`: someone moved it first, or it is in
/// another status). A move that is not an edge of the state machine is
/// refused before the database is asked (an error: the caller's bug).
pub async fn transition(
    c: &impl ConnectionTrait,
    booking_id: &str,
    from: &[BookingStatus],
    to: BookingStatus,
    now: Timestamp,
) -> Result<bool, DbErr> {
    if from.is_empty() {
        return Ok(false);
    }
    if let Some(bad) = from.iter().find(|f| !is_edge(**f, to)) {
        return Err(DbErr::Custom(format!(
            "booking {booking_id}: {bad} -> {to} is not a transition of the booking state machine"
        )));
    }
    let sql = format!(
        "UPDATE passport_bookings SET status = $1, updated_at = $2 WHERE id = $3 AND status IN {}",
        sql_list(from)
    );
    let moved = db::exec(
        c,
        &sql,
        [
            Value::from(to.as_str()),
            Value::from(db::millis(now)),
            Value::from(booking_id),
        ],
    )
    .await?;
    Ok(moved == 1)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_active_list_is_the_constant() {
        assert_eq!(
            active_sql(),
            "('awaiting_payment', 'confirmed', 'checked_in', 'examination')"
        );
        assert_eq!(sql_list(&[BookingStatus::Confirmed]), "('confirmed')");
    }

    #[test]
    fn the_migrations_index_names_the_same_active_statuses() {
        // The partial unique index (one active booking per NIK) is written
        // out in a migration; its latest form must be the same list.
        let index = crate::migrations::MIGRATIONS
            .iter()
            .flat_map(|m| m.statements.iter())
            .rfind(|s| s.contains("CREATE UNIQUE INDEX passport_bookings_active_nik"))
            .unwrap();
        assert!(index.contains(&format!("WHERE status IN {}", active_sql())));
    }
}
