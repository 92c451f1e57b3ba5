//! Background work: expiring unpaid holds (their places return and go to
//! the waitlist), drawing lotteries whose window closed, generating slots
//! from the templates, and closing
//! applications after the visit (passports not collected in 30 days,
//! postponements whose 7 days passed). (Bookings never
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
/// How often lotteries whose window closed are drawn.
pub const LOTTERY_INTERVAL: Duration = Duration::from_secs(30);
/// How often applications after the visit are swept (uncollected passports
/// cancelled after 30 days, lapsed postponements refused).
pub const APPLICATION_INTERVAL: Duration = Duration::from_secs(3600);
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
        let mut applications = tokio::time::interval(APPLICATION_INTERVAL);
        let mut events = state.events.subscribe();
        let mut lotteries = tokio::time::interval(LOTTERY_INTERVAL);
        loop {
            tokio::select! {
                heard = events.recv() => match heard {
                    Ok(event) => crate::store::sold_out::on_event(&event),
                    // Missed some: forget nothing in particular, the
                    // entries lapse on their own within the TTL.
                    Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {}
                    Err(tokio::sync::broadcast::error::RecvError::Closed) => {
                        tokio::time::sleep(std::time::Duration::from_secs(1)).await;
                        events = state.events.subscribe();
                    }
                },
                _ = expiry.tick() => {
                    let now = jiff::Timestamp::now();
                    match app::changes::expire_due(&state.db, &settings, now, 500).await {
                        Ok(0) => {}
                        Ok(n) => tracing::info!(expired = n, "expired unpaid bookings"),
                        Err(e) => tracing::warn!(error = %e, "expiring bookings failed"),
                    }
                }
                _ = lotteries.tick() => {
                    let now = jiff::Timestamp::now();
                    match app::lottery::draw_due(&state.db, &settings, now).await {
                        Ok(0) => {}
                        Ok(n) => tracing::info!(drawn = n, "drew lotteries"),
                        Err(e) => tracing::warn!(error = %e, "drawing lotteries failed"),
                    }
                }
                _ = applications.tick() => {
                    let now = jiff::Timestamp::now();
                    match app::application::sweep(&state.db, now, 500).await {
                        Ok(s) if s == app::application::Swept::default() => {}
                        Ok(s) => tracing::info!(
                            cancelled_uncollected = s.cancelled_uncollected,
                            lapsed = s.lapsed,
                            "swept applications after the visit"
                        ),
                        Err(e) => tracing::warn!(error = %e, "sweeping applications failed"),
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
