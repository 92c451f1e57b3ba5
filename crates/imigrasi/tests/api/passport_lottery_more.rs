//! Issue 15, part 3, continued: those not drawn wait for places, the
//! account's limit of active bookings counts entries and the draw's
//! bookings, an office's lotteries are listed, and an entry can be
//! withdrawn while the window is open.

use imigrasi_platform::policy::Role;
use serde_json::json;

use crate::both_databases;
use crate::helpers::passport::{applicant, book, days_ahead, slot};
use crate::helpers::{TestApp, count, error_code};
use crate::passport_lottery::{close_window, create, draw, enter};

async fn losers_wait_unless_the_waitlist_refuses(app: TestApp) {
    let sup = app
        .staff("sup@batam.go.id", Role::Supervisor, Some("BATAM"))
        .await;
    let (day1, day2) = (days_ahead(6), days_ahead(7));
    let s = slot(&app, &sup, &day2, "08:00", "10:00", 1, None).await;
    let ani = app.citizen("ani@example.id").await;
    // NIK 3 already waits for that office before the lottery.
    let res = app
        .post_json(
            "/api/v1/passport/waitlist",
            Some(&ani),
            &json!({"office": "BATAM", "date_from": day1, "date_to": day2, "category": "regular",
                "applicant": applicant(3), "passport_type": "regular", "service": "new"}),
        )
        .await;
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    // The race sold the one place: the lottery holds none, every entry loses.
    assert_eq!(book(&app, &ani, &s, 9).await.status(), 201);
    let lot = create(&app, &sup, &[&s]).await;
    assert_eq!(lot["places"], 0);
    let id = lot["id"].as_str().unwrap().to_owned();
    for serial in 1..=3 {
        let res = enter(&app, &ani, &id, serial, std::slice::from_ref(&day2)).await;
        assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    }
    close_window(&app, &id).await;
    let drawn = draw(&app, &sup, &id).await;
    assert_eq!(drawn["booked"], 0);
    assert_eq!(drawn["not_drawn"], 3);
    // NIK 3 already waits: skipped, and the draw went through for the others.
    assert_eq!(drawn["waiting"], 2);
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) AS n FROM passport_waitlist WHERE status = 'waiting'
             AND date_from = (SELECT MIN(date) FROM passport_lottery_slots)"
        )
        .await,
        2
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) AS n FROM passport_waitlist WHERE status = 'waiting'"
        )
        .await,
        3
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) AS n FROM outbox WHERE template = 'passport.lottery_not_drawn'"
        )
        .await,
        2
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'waitlist.join'"
        )
        .await,
        3
    );
    let (status, _) = error_code(app.get("/api/v1/passport/lotteries/nope", None).await).await;
    assert_eq!(status, 404);
}

both_databases!(losers_wait_unless_the_waitlist_refuses);
