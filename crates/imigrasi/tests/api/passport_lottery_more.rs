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

async fn entries_and_draws_keep_to_the_account_limit(app: TestApp) {
    let sup = app
        .staff("sup@batam.go.id", Role::Supervisor, Some("BATAM"))
        .await;
    let big = slot(&app, &sup, &days_ahead(8), "08:00", "10:00", 20, None).await;
    let day = days_ahead(9);
    let one = slot(&app, &sup, &day, "08:00", "10:00", 2, None).await;
    let lot = create(&app, &sup, &[&one]).await;
    let id = lot["id"].as_str().unwrap().to_owned();
    let ani = app.citizen("ani@example.id").await;
    let budi = app.citizen("budi@example.id").await;
    for serial in 11..=13 {
        assert_eq!(book(&app, &ani, &big, serial).await.status(), 201);
    }
    // Three bookings and two entries: the limit of five is reached.
    for serial in 14..=15 {
        let res = enter(&app, &ani, &id, serial, std::slice::from_ref(&day)).await;
        assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    }
    let res = enter(&app, &ani, &id, 16, std::slice::from_ref(&day)).await;
    assert_eq!(error_code(res).await, (403, "booking_limit".to_owned()));
    // Worded in English on request, Indonesian by default.
    let res = app
        .client
        .post(app.url(&format!("/api/v1/passport/lotteries/{id}/entries")))
        .bearer_auth(&ani)
        .header("Accept-Language", "en")
        .json(&json!({"applicant": applicant(16), "dates": [day]}))
        .send()
        .await
        .unwrap();
    let en: serde_json::Value = res.json().await.unwrap();
    let res = enter(&app, &ani, &id, 16, std::slice::from_ref(&day)).await;
    let id_msg: serde_json::Value = res.json().await.unwrap();
    assert_eq!(en["error"]["code"], "booking_limit");
    assert_ne!(en["error"]["message"], id_msg["error"]["message"]);
    let lot: serde_json::Value = app
        .get(&format!("/api/v1/passport/lotteries/{id}"), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(lot["entries"], 2);
    // Booking does not count entries: the account fills its five bookings.
    for serial in 17..=18 {
        assert_eq!(book(&app, &ani, &big, serial).await.status(), 201);
    }
    for serial in 21..=22 {
        assert_eq!(
            enter(&app, &budi, &id, serial, std::slice::from_ref(&day))
                .await
                .status(),
            201
        );
    }
    close_window(&app, &id).await;
    let drawn = draw(&app, &sup, &id).await;
    // Ani's entries are skipped whatever the order: Budi gets both places.
    assert_eq!(drawn["booked"], 2);
    let won = count(
        &app,
        "SELECT COUNT(*) AS n FROM passport_lottery_entries e JOIN accounts a ON a.id = e.account_id
         WHERE e.result = 'won' AND a.email = 'budi@example.id'",
    )
    .await;
    assert_eq!(won, 2);
    let skipped = count(
        &app,
        "SELECT COUNT(*) AS n FROM passport_lottery_entries WHERE result = 'over_limit'",
    )
    .await;
    assert!((0..=2).contains(&skipped), "{skipped}");
    assert_eq!(drawn["not_drawn"], json!(2 - skipped));
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) AS n FROM passport_bookings b JOIN accounts a ON a.id = b.account_id
             WHERE a.email = 'ani@example.id' AND b.status = 'awaiting_payment'"
        )
        .await,
        5
    );
    // The published list leaves the skipped out and gives the same winner.
    let lot: serde_json::Value = app
        .get(&format!("/api/v1/passport/lotteries/{id}"), None)
        .await
        .json()
        .await
        .unwrap();
    let list = app
        .get(
            &format!("/api/v1/passport/lotteries/{id}/entries.txt"),
            None,
        )
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(
        list.lines().filter(|l| l.starts_with("entry ")).count() as i64,
        4 - skipped
    );
    let report = imigrasi::lottery_verify::verify(
        &list,
        lot["seed"].as_str().unwrap(),
        lot["commitment"].as_str(),
        lot["entries_hash"].as_str(),
    )
    .unwrap();
    assert!(report.matches, "{}", report.text);
    assert_eq!(report.verified.winners.len(), 2);
}

both_databases!(entries_and_draws_keep_to_the_account_limit);

async fn lotteries_are_listed_and_entries_withdrawn(app: TestApp) {
    let sup = app
        .staff("sup@batam.go.id", Role::Supervisor, Some("BATAM"))
        .await;
    let day = days_ahead(10);
    let a = slot(&app, &sup, &day, "08:00", "10:00", 2, None).await;
    let b = slot(&app, &sup, &day, "10:00", "12:00", 3, None).await;
    let first = create(&app, &sup, &[&a]).await;
    let second = create(&app, &sup, &[&b]).await;
    let id = first["id"].as_str().unwrap().to_owned();
    let ani = app.citizen("ani@example.id").await;
    let budi = app.citizen("budi@example.id").await;
    for serial in 1..=2 {
        assert_eq!(
            enter(&app, &ani, &id, serial, std::slice::from_ref(&day))
                .await
                .status(),
            201
        );
    }

    // The office's lotteries, paginated, for anyone.
    let all: serde_json::Value = app
        .get("/api/v1/passport/lotteries?office=batam", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (all["total"].clone(), all["page"].clone()),
        (json!(2), json!(1))
    );
    let listed = all["lotteries"].as_array().unwrap();
    assert_eq!(listed.len(), 2);
    let mine = listed.iter().find(|l| l["id"] == first["id"]).unwrap();
    assert_eq!(
        (
            mine["status"].clone(),
            mine["places"].clone(),
            mine["entries"].clone()
        ),
        (json!("open"), json!(2), json!(2))
    );
    assert!(mine.get("seed").is_none());
    let page2: serde_json::Value = app
        .get(
            "/api/v1/passport/lotteries?office=BATAM&per_page=1&page=2",
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page2["lotteries"].as_array().unwrap().len(), 1);
    assert_eq!(page2["total"], 2);
    let page1: serde_json::Value = app
        .get("/api/v1/passport/lotteries?office=BATAM&per_page=1", None)
        .await
        .json()
        .await
        .unwrap();
    assert_ne!(page1["lotteries"][0]["id"], page2["lotteries"][0]["id"]);
    assert!([&first["id"], &second["id"]].contains(&&page1["lotteries"][0]["id"]));
    for (query, field) in [
        ("office=BATAM&per_page=0", "per_page"),
        ("office=BATAM&per_page=101", "per_page"),
        ("office=BATAM&page=x", "page"),
        ("page=1", "office"),
    ] {
        let res = app
            .get(&format!("/api/v1/passport/lotteries?{query}"), None)
            .await;
        assert_eq!(res.status(), 422, "{query}");
        let v: serde_json::Value = res.json().await.unwrap();
        assert_eq!(v["error"]["code"], "invalid_input");
        assert!(v["error"]["fields"].get(field).is_some(), "{v}");
    }
    let (status, _) = error_code(
        app.get("/api/v1/passport/lotteries?office=NOPE", None)
            .await,
    )
    .await;
    assert_eq!(status, 404);

    // Withdrawing: one's own entries, while the window is open.
    let mine_url = format!("/api/v1/passport/lotteries/{id}/entries/mine");
    let del = |token: Option<String>| {
        let (app, url) = (app.clone(), mine_url.clone());
        async move {
            app.send_json(reqwest::Method::DELETE, &url, token.as_deref(), &json!({}))
                .await
        }
    };
    assert_eq!(del(None).await.status(), 401);
    let (status, _) = error_code(del(Some(budi.clone())).await).await;
    assert_eq!(status, 404);
    let res = del(Some(ani.clone())).await;
    assert_eq!(res.status(), 200);
    let v: serde_json::Value = res.json().await.unwrap();
    assert_eq!(v["withdrawn"].as_array().unwrap().len(), 2);
    let (status, _) = error_code(del(Some(ani.clone())).await).await;
    assert_eq!(status, 404);
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'lottery.withdraw'"
        )
        .await,
        2
    );
    // The NIK may enter again; once closed, no withdrawal.
    assert_eq!(
        enter(&app, &ani, &id, 1, std::slice::from_ref(&day))
            .await
            .status(),
        201
    );
    close_window(&app, &id).await;
    let (status, code) = error_code(del(Some(ani.clone())).await).await;
    assert_eq!((status, code.as_str()), (409, "lottery_closed"));
    let drawn = draw(&app, &sup, &id).await;
    assert_eq!(drawn["booked"], 1);
    let (status, code) = error_code(del(Some(ani.clone())).await).await;
    assert_eq!((status, code.as_str()), (409, "lottery_closed"));
    let listed: serde_json::Value = app
        .get("/api/v1/passport/lotteries?office=BATAM", None)
        .await
        .json()
        .await
        .unwrap();
    let drawn_one = listed["lotteries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["id"] == first["id"])
        .unwrap();
    assert_eq!(drawn_one["status"], "drawn");
    assert_eq!(drawn_one["entries"], 1);
}

both_databases!(lotteries_are_listed_and_entries_withdrawn);
