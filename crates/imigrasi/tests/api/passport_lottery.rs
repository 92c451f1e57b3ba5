//! Issue 15, part 3: lottery release mode. A supervisor creates a lottery
//! over sessions (their free places held from the race), citizens enter
//! (one entry per NIK, refused once closed), the draw books the winners
//! once, and the published seed and entry list let anyone recompute the
//! winners offline (`imigrasi lottery verify`).

use imigrasi_platform::db;
use imigrasi_platform::policy::Role;
use serde_json::{Value, json};

use crate::both_databases;
use crate::helpers::passport::{applicant, book, days_ahead, slot};
use crate::helpers::{TestApp, count, error_code};

pub(crate) async fn create(app: &TestApp, sup: &str, slot_ids: &[&str]) -> Value {
    let closes = jiff::Timestamp::now() + jiff::SignedDuration::from_hours(1);
    let res = app
        .post_json(
            "/api/v1/offices/BATAM/lotteries",
            Some(sup),
            &json!({"slot_ids": slot_ids, "closes_at": closes.to_string()}),
        )
        .await;
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    res.json().await.unwrap()
}

pub(crate) async fn enter(
    app: &TestApp,
    token: &str,
    id: &str,
    serial: u32,
    dates: &[String],
) -> reqwest::Response {
    app.post_json(
        &format!("/api/v1/passport/lotteries/{id}/entries"),
        Some(token),
        &json!({"applicant": applicant(serial), "dates": dates}),
    )
    .await
}

pub(crate) async fn close_window(app: &TestApp, id: &str) {
    let past = db::millis(jiff::Timestamp::now()) - 1000;
    db::exec(
        &app.state.db,
        "UPDATE passport_lotteries SET closes_at = $1 WHERE id = $2",
        [past.into(), id.into()],
    )
    .await
    .unwrap();
}

pub(crate) async fn draw(app: &TestApp, sup: &str, id: &str) -> Value {
    let res = app
        .post_json(
            &format!("/api/v1/offices/BATAM/lotteries/{id}/draw"),
            Some(sup),
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    res.json().await.unwrap()
}

pub(crate) async fn booked(app: &TestApp, slot_id: &str) -> i64 {
    count(
        app,
        &format!("SELECT CAST(booked AS BIGINT) AS n FROM passport_slots WHERE id = '{slot_id}'"),
    )
    .await
}

async fn enter_draw_and_verify(app: TestApp) {
    let sup = app
        .staff("sup@batam.go.id", Role::Supervisor, Some("BATAM"))
        .await;
    let (day3, day4) = (days_ahead(3), days_ahead(4));
    let a = slot(&app, &sup, &day3, "08:00", "10:00", 2, None).await;
    let b = slot(&app, &sup, &day4, "08:00", "10:00", 1, None).await;
    let ani = app.citizen("ani@example.id").await;
    let budi = app.citizen("budi@example.id").await;

    // Only the supervisor of the office creates one; the seed stays hidden.
    let closes = (jiff::Timestamp::now() + jiff::SignedDuration::from_hours(1)).to_string();
    let res = app
        .post_json(
            "/api/v1/offices/BATAM/lotteries",
            Some(&ani),
            &json!({"slot_ids": [a], "closes_at": closes}),
        )
        .await;
    assert_eq!(res.status(), 403);
    let lot = create(&app, &sup, &[&a, &b]).await;
    let id = lot["id"].as_str().unwrap().to_owned();
    assert_eq!(lot["status"], "open");
    assert_eq!(lot["places"], 3);
    assert_eq!(lot["entries"], 0);
    assert_eq!(lot["commitment"].as_str().unwrap().len(), 64);
    assert!(lot.get("seed").is_none() && lot.get("entries_hash").is_none());

    // The page shows the odds and the commitment, never the seed before the draw.
    let seed_before: String = db::col(
        &db::one(
            &app.state.db,
            "SELECT seed FROM passport_lotteries WHERE id = $1",
            [id.as_str().into()],
        )
        .await
        .unwrap()
        .unwrap(),
        "seed",
    )
    .unwrap();
    let page = app.get(&format!("/passport/lotteries/{id}"), None).await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains(lot["commitment"].as_str().unwrap()));
    assert!(!html.contains(&seed_before));

    // The race cannot take the places the lottery holds.
    let (status, code) = error_code(book(&app, &ani, &a, 99).await).await;
    assert_eq!((status, code.as_str()), (409, "slot_full"));

    // Six entries; one per NIK; dates within the lottery's.
    for serial in 1..=6 {
        let token = if serial % 2 == 0 { &ani } else { &budi };
        let dates = if serial <= 3 {
            vec![day3.clone()]
        } else {
            vec![day4.clone(), day3.clone()]
        };
        let res = enter(&app, token, &id, serial, &dates).await;
        assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
        let v: Value = res.json().await.unwrap();
        assert_eq!(v["result"], "pending");
    }
    let (status, code) =
        error_code(enter(&app, &ani, &id, 1, std::slice::from_ref(&day3)).await).await;
    assert_eq!((status, code.as_str()), (409, "already_entered"));
    let (status, _) = error_code(enter(&app, &ani, &id, 7, &[days_ahead(9)]).await).await;
    assert_eq!(status, 422);
    let (status, _) = error_code(enter(&app, &ani, &id, 7, &[]).await).await;
    assert_eq!(status, 422);
    let (status, _) =
        error_code(enter(&app, &ani, "nope", 7, std::slice::from_ref(&day3)).await).await;
    assert_eq!(status, 404);
    let (status, code) =
        error_code(enter(&app, &sup, &id, 7, std::slice::from_ref(&day3)).await).await;
    assert_eq!((status, code.as_str()), (403, "forbidden"));

    // Nothing published and no draw before the window closes.
    let res = app
        .get(
            &format!("/api/v1/passport/lotteries/{id}/entries.txt"),
            None,
        )
        .await;
    assert_eq!(error_code(res).await, (409, "lottery_open".to_owned()));
    let res = app
        .post_json(
            &format!("/api/v1/offices/BATAM/lotteries/{id}/draw"),
            Some(&sup),
            &json!({}),
        )
        .await;
    assert_eq!(error_code(res).await, (409, "lottery_open".to_owned()));

    close_window(&app, &id).await;
    let (status, code) =
        error_code(enter(&app, &ani, &id, 7, std::slice::from_ref(&day3)).await).await;
    assert_eq!((status, code.as_str()), (409, "lottery_closed"));

    let drawn = draw(&app, &sup, &id).await;
    assert_eq!(drawn["drawn"], true);
    assert_eq!(drawn["booked"], 3);
    assert_eq!(drawn["not_drawn"], 3);
    // Those not drawn wait for the dates they accepted, and are told so.
    assert_eq!(drawn["waiting"], 3);
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) AS n FROM passport_waitlist WHERE status = 'waiting' AND office_code = 'BATAM'"
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
        3
    );
    // A second draw does nothing.
    let again = draw(&app, &sup, &id).await;
    assert_eq!(again["drawn"], false);

    let lot: Value = app
        .get(&format!("/api/v1/passport/lotteries/{id}"), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(lot["status"], "drawn");
    assert_eq!(lot["entries"], 6);
    let seed = lot["seed"].as_str().unwrap().to_owned();
    let commitment = lot["commitment"].as_str().unwrap().to_owned();
    let entries_hash = lot["entries_hash"].as_str().unwrap().to_owned();

    assert_eq!(seed, seed_before);
    let html = app
        .get(&format!("/passport/lotteries/{id}"), None)
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains(&seed)
            && html.contains(&entries_hash)
            && html.contains("/passport/waitlist/new")
    );

    // Winners hold bookings awaiting payment; never more than the places.
    let held = count(
        &app,
        "SELECT COUNT(*) AS n FROM passport_bookings WHERE channel = 'lottery' AND status = 'awaiting_payment'
         AND payment_deadline > 0 AND billing_code <> ''",
    )
    .await;
    assert_eq!(held, 3);
    assert_eq!((booked(&app, &a).await, booked(&app, &b).await), (2, 1));
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) AS n FROM passport_lottery_entries WHERE result = 'not_drawn'"
        )
        .await,
        3
    );

    // The published list and seed give the same winners, offline.
    let list = app
        .get(
            &format!("/api/v1/passport/lotteries/{id}/entries.txt"),
            None,
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(!list.contains(&crate::helpers::passport::nik(1)));
    let report =
        imigrasi::lottery_verify::verify(&list, &seed, Some(&commitment), Some(&entries_hash))
            .unwrap();
    assert!(report.matches, "{}", report.text);
    assert_eq!(report.verified.commitment, commitment);
    let mut recomputed: Vec<String> = report
        .verified
        .winners
        .iter()
        .map(|w| w.entry_id.clone())
        .collect();
    recomputed.sort();
    let rows = db::all(
        &app.state.db,
        "SELECT id FROM passport_lottery_entries WHERE result = 'won' ORDER BY id",
        [],
    )
    .await
    .unwrap();
    let won: Vec<String> = rows.iter().map(|r| db::col(r, "id").unwrap()).collect();
    assert_eq!(recomputed, won);
    let wrong =
        imigrasi::lottery_verify::verify(&list, &seed, Some(&"0".repeat(64)), None).unwrap();
    assert!(!wrong.matches);

    // The command line does the same with no server.
    let file = std::env::temp_dir().join(format!("imigrasi-lottery-{}.txt", uuid::Uuid::new_v4()));
    std::fs::write(&file, &list).unwrap();
    let run = |commitment: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_imigrasi"))
            .args([
                "lottery",
                "verify",
                "--seed",
                &seed,
                "--commitment",
                commitment,
                "--entries-hash",
                &entries_hash,
                "--entries",
            ])
            .arg(&file)
            .output()
            .unwrap()
    };
    let ok = run(&commitment);
    let out = String::from_utf8_lossy(&ok.stdout).to_string();
    assert_eq!(ok.status.code(), Some(0), "{out}");
    for w in &won {
        assert!(out.contains(&format!("winner {w} ")), "{out}");
    }
    assert_eq!(run(&"0".repeat(64)).status.code(), Some(1));
    std::fs::remove_file(&file).ok();
}

both_databases!(enter_draw_and_verify);

async fn places_left_return_to_the_quota(app: TestApp) {
    let sup = app
        .staff("sup@batam.go.id", Role::Supervisor, Some("BATAM"))
        .await;
    let day = days_ahead(5);
    let s = slot(&app, &sup, &day, "10:00", "12:00", 3, None).await;
    let ani = app.citizen("ani@example.id").await;
    // One place sold in the race before the lottery: it holds the other two.
    assert_eq!(book(&app, &ani, &s, 1).await.status(), 201);
    let lot = create(&app, &sup, &[&s]).await;
    assert_eq!(lot["places"], 2);
    let id = lot["id"].as_str().unwrap().to_owned();
    // The NIK that already holds a booking wins but is not booked twice.
    assert_eq!(
        enter(&app, &ani, &id, 1, std::slice::from_ref(&day))
            .await
            .status(),
        201
    );
    close_window(&app, &id).await;
    // Two workers at once: one draws, the other finds it drawn.
    let settings = imigrasi_passport::app::settings(&app.state);
    let now = jiff::Timestamp::now();
    let (x, y) = tokio::join!(
        imigrasi_passport::app::lottery::draw_due(&app.state.db, &settings, now),
        imigrasi_passport::app::lottery::draw_due(&app.state.db, &settings, now),
    );
    assert_eq!(x.unwrap() + y.unwrap(), 1);
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) AS n FROM passport_lottery_entries WHERE result = 'not_booked'"
        )
        .await,
        1
    );
    // Both held places came back: the race may take them again.
    assert_eq!(booked(&app, &s).await, 1);
    assert_eq!(book(&app, &ani, &s, 2).await.status(), 201);
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'lottery.draw'"
        )
        .await,
        1
    );
}

both_databases!(places_left_return_to_the_quota);
