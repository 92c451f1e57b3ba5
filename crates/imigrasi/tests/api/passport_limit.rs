//! The five-active-bookings rule under concurrency: one account firing
//! many bookings at once (distinct NIKs, free places) gets exactly five.

use futures::future::join_all;
use imigrasi_platform::policy::Role;

use crate::both_databases;
use crate::helpers::passport::{book, days_ahead, slot};
use crate::helpers::{TestApp, count, error_code};

async fn twenty_parallel_bookings_by_one_account(app: TestApp) {
    let sup = app
        .staff("sup@batam.go.id", Role::Supervisor, Some("BATAM"))
        .await;
    // Places to spare on two sessions, so only the account limit refuses.
    let date = days_ahead(3);
    let slots = [
        slot(&app, &sup, &date, "08:00", "10:00", 50, None).await,
        slot(&app, &sup, &date, "10:00", "12:00", 50, None).await,
    ];
    let citizen = app.citizen("calo@example.id").await;
    let requests = (0..20u32).map(|i| {
        let app = app.clone();
        let token = citizen.clone();
        let slot_id = slots[(i % 2) as usize].clone();
        tokio::spawn(async move {
            let res = book(&app, &token, &slot_id, 100 + i).await;
            if res.status() == 201 {
                return (201, "created".to_owned());
            }
            error_code(res).await
        })
    });
    let results: Vec<(u16, String)> = join_all(requests)
        .await
        .into_iter()
        .map(|r| r.unwrap())
        .collect();
    let created = results.iter().filter(|r| r.1 == "created").count();
    let limited = results
        .iter()
        .filter(|r| *r == &(403, "booking_limit".to_owned()))
        .count();
    assert_eq!((created, limited), (5, 15), "{results:?}");
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) AS n FROM passport_bookings
             WHERE status IN ('awaiting_payment', 'confirmed', 'checked_in')"
        )
        .await,
        5
    );
    // Refused bookings gave their places back.
    assert_eq!(
        count(
            &app,
            "SELECT CAST(SUM(booked) AS BIGINT) AS n FROM passport_slots WHERE source = 'extra'"
        )
        .await,
        5
    );
}
both_databases!(twenty_parallel_bookings_by_one_account);
