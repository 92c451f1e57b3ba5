//! Background work: expiring unpaid holds (their places return and go to
//! the waitlist) and generating slots from the templates. (Bookings never
//! checked in become no-shows by the office floor's worker,
//! `imigrasi_office::workers`, through [`crate::floor_port`].)

use std::time::Duration;

use imigrasi_platform::AppState;
use imigrasi_platform::db::Db;
use sea_orm::DbErr;

use crate::app;
use crate::store::quota as quota_store;

/// How often unpaid holds are checked for expiry.
pub const EXPIRY_INTERVAL: Duration = Duration::from_secs(15);
/// How often slots are generated for new dates.
pub const GENERATION_INTERVAL: Duration = Duration::from_secs(3600);

/// Seed default templates where an office has none, and generate slots.
pub async fn prepare(db: &Db) -> Result<(), DbErr> {
    quota_store::seed_default_templates(db).await?;
    generate_all(db).await
}

/// Generate slots for every office up to its booking horizon.
pub async fn generate_all(db: &Db) -> Result<(), DbErr> {
    quota_store::generate_all_slots(db, jiff::Timestamp::now())
        .await
        .map(|_| ())
}

/// Run the passport workers until the runtime stops.
pub fn spawn(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let settings = app::settings(&state);
        let mut expiry = tokio::time::interval(EXPIRY_INTERVAL);
        let mut generation = tokio::time::interval(GENERATION_INTERVAL);
        generation.tick().await;
        loop {
            tokio::select! {
                _ = expiry.tick() => {
                    let now = jiff::Timestamp::now();
                    match app::changes::expire_due(&state.db, &settings, now, 500).await {
                        Ok(0) => {}
                        Ok(n) => tracing::info!(expired = n, "expired unpaid bookings"),
                        Err(e) => tracing::warn!(error = %e, "expiring bookings failed"),
                    }
                }
                _ = generation.tick() => {
                    if let Err(e) = generate_all(&state.db).await {
                        tracing::warn!(error = %e, "slot generation failed");
                    }
                }
            }
        }
    })
}
