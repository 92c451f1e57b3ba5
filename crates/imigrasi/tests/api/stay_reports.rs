//! Mandatory reports (an address report moves supervision), reminders
//! queued once each, the expiry worker, the officers' lists and the
//! sponsor's dashboard.

use imigrasi_platform::policy::Role;
use serde_json::{Value, json};

use crate::both_databases;
use crate::helpers::email::{register_foreigner, verify};
use crate::helpers::stay::{
    file_report, get_permit, list_reports, officer_list, permit, permit_ending_in, registered,
    registered_number, report_filed, run_stay_worker,
};
use crate::helpers::{TestApp, count, error_code};

const DENPASAR: &str = "officer@denpasar.imigrasi.go.id";
const MEDAN: &str = "officer@medan.imigrasi.go.id";

async fn officers(app: &TestApp) -> (String, String) {
    let denpasar = app.staff(DENPASAR, Role::Officer, Some("DENPASAR")).await;
    let medan = app.staff(MEDAN, Role::Officer, Some("MEDAN")).await;
    (denpasar, medan)
}

fn sponsored(mut body: Value) -> Value {
    body["sponsor_email"] = json!("hr@villa.example.id");
    body
}

async fn permit_value(app: &TestApp, token: &str, number: &str) -> Value {
    let res = get_permit(app, token, number).await;
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

async fn an_address_report_moves_supervision(app: TestApp) {
    let (denpasar, medan) = officers(&app).await;
    let sponsor = app.staff("hr@villa.example.id", Role::Sponsor, None).await;
    let jane = app.staff("jane@example.com", Role::Foreigner, None).await;
    let body = sponsored(permit(
        "jane@example.com",
        "PA1234567",
        "2026-01-01",
        "2099-12-31",
    ));
    let number = registered_number(&app, &denpasar, &body).await;
    // The Medan officer sees nothing yet.
    assert_eq!(get_permit(&app, &medan, &number).await.status(), 404);

    let receipt = report_filed(
        &app,
        &jane,
        &number,
        "address_change",
        json!({"line": "Jl. Gatot Subroto 5", "regency": "12.71"}),
    )
    .await;
    let rn = receipt["receipt_number"].as_str().unwrap().to_owned();
    assert!(rn.starts_with("LAP-") && rn.len() == 17, "{rn}");
    assert_eq!(receipt["office"], "MEDAN");
    assert_eq!(receipt["permit_number"], number.as_str());

    // Medan supervises it now; Denpasar no longer sees it.
    let v = permit_value(&app, &medan, &number).await;
    assert_eq!(v["office"], "MEDAN");
    assert_eq!(
        v["address"],
        json!({"line": "Jl. Gatot Subroto 5", "regency": "12.71"})
    );
    let last = &v["history"][1];
    assert_eq!(last["what"], "reported");
    assert_eq!(last["role"], "foreigner");
    assert_eq!(last["detail"]["kind"], "address_change");
    assert_eq!(last["detail"]["receipt_number"], rn.as_str());
    assert_eq!(last["detail"]["from_office"], "DENPASAR");
    assert_eq!(last["detail"]["to_office"], "MEDAN");
    assert_eq!(
        error_code(get_permit(&app, &denpasar, &number).await).await,
        (404, "not_found".to_owned())
    );
    assert_eq!(list_reports(&app, &denpasar, &number).await.status(), 404);
    let audit = "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'stay.report'";
    assert_eq!(count(&app, audit).await, 1);

    // The sponsor reports a job, a civil status, its own address and a new
    // passport (the number and its blind index change).
    let job = json!({"employer": "PT Villa Sanur", "position": "Chef"});
    report_filed(&app, &sponsor, &number, "job", job).await;
    let civil = json!({"status": "married", "date": "2026-06-01"});
    report_filed(&app, &jane, &number, "civil_status", civil).await;
    let moved = json!({"line": "Jl. Bypass 1", "regency": "51.71"});
    report_filed(&app, &sponsor, &number, "sponsor_address", moved).await;
    let passport = json!({"passport_number": "pz7654321", "expiry_date": "2036-01-31"});
    report_filed(&app, &jane, &number, "passport", passport).await;
    let v = permit_value(&app, &jane, &number).await;
    assert_eq!(v["holder"]["passport_number"], "PZ7654321");
    assert_eq!(v["office"], "MEDAN", "a sponsor's move moves nothing");
    assert_eq!(v["history"].as_array().unwrap().len(), 6);
    let found: Value = app
        .get("/api/v1/stay/permits?q=PZ7654321", Some(&medan))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(found["permits"][0]["number"], number.as_str());

    // Parties and the new office list the reports (staff reads audited).
    for token in [&jane, &sponsor, &medan] {
        let res = list_reports(&app, token, &number).await;
        assert_eq!(res.status(), 200);
        let v: Value = res.json().await.unwrap();
        let kinds: Vec<&str> = v["reports"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["kind"].as_str().unwrap())
            .collect();
        assert_eq!(
            kinds,
            [
                "address_change",
                "job",
                "civil_status",
                "sponsor_address",
                "passport"
            ]
        );
        assert_eq!(v["reports"][0]["receipt_number"], rn.as_str());
    }
    let reads = "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'stay.report_read'";
    assert_eq!(count(&app, reads).await, 1);
}

both_databases!(an_address_report_moves_supervision);

async fn others_neither_file_nor_see_reports(app: TestApp) {
    use imigrasi_stay::domain::permit::PermitStatus::{Active, Cancelled, InProcess};
    use imigrasi_stay::store::permits;
    let (denpasar, medan) = officers(&app).await;
    let jane = app.staff("jane@example.com", Role::Foreigner, None).await;
    app.staff("hr@villa.example.id", Role::Sponsor, None).await;
    let bob = app.staff("bob@example.com", Role::Foreigner, None).await;
    let other_sponsor = app.staff("hr@other.example.id", Role::Sponsor, None).await;
    let body = sponsored(permit_ending_in("jane@example.com", "PA1234567", 100));
    let number = registered_number(&app, &denpasar, &body).await;
    let job = json!({"employer": "PT Lain", "position": "Manager"});

    // Another holder, another sponsor, any officer: 404, nothing written.
    for token in [&bob, &other_sponsor, &medan, &denpasar] {
        let res = file_report(&app, token, &number, "job", job.clone()).await;
        assert_eq!(error_code(res).await, (404, "not_found".to_owned()));
    }
    for token in [&bob, &other_sponsor, &medan] {
        assert_eq!(list_reports(&app, token, &number).await.status(), 404);
    }
    let res = file_report(&app, &jane, "IT-2026-AAAAAAAA", "job", job.clone()).await;
    assert_eq!(res.status(), 404);
    assert_eq!(
        count(&app, "SELECT COUNT(*) AS n FROM stay_reports").await,
        0
    );

    // In process: still taken. Cancelled: 409, nothing written.
    let db = &app.state.db;
    let p = permits::find_by_number(db, &number).await.unwrap().unwrap();
    let now = jiff::Timestamp::now();
    assert!(
        permits::transition(db, &p.id, Active, InProcess, now)
            .await
            .unwrap()
    );
    report_filed(&app, &jane, &number, "job", job.clone()).await;
    assert!(
        permits::transition(db, &p.id, InProcess, Cancelled, now)
            .await
            .unwrap()
    );
    let res = file_report(&app, &jane, &number, "job", job).await;
    assert_eq!(error_code(res).await, (409, "permit_not_active".to_owned()));
    assert_eq!(
        count(&app, "SELECT COUNT(*) AS n FROM stay_reports").await,
        1
    );
    let v = permit_value(&app, &jane, &number).await;
    assert_eq!(v["history"].as_array().unwrap().len(), 2);

    // An account with the holder's e-mail files only once it is verified.
    let body = permit_ending_in("ken@example.com", "PB7654321", 100);
    let kens = registered_number(&app, &denpasar, &body).await;
    let ken = register_foreigner(&app, "ken@example.com").await;
    let civil = json!({"status": "single"});
    let res = file_report(&app, &ken, &kens, "civil_status", civil.clone()).await;
    assert_eq!(res.status(), 404);
    assert_eq!(list_reports(&app, &ken, &kens).await.status(), 404);
    verify(&app, &ken, "ken@example.com").await;
    report_filed(&app, &ken, &kens, "civil_status", civil).await;
}

both_databases!(others_neither_file_nor_see_reports);

async fn bad_report_input_is_named_and_nothing_is_written(app: TestApp) {
    let (denpasar, _) = officers(&app).await;
    let jane = app.staff("jane@example.com", Role::Foreigner, None).await;
    let body = permit_ending_in("jane@example.com", "PA1234567", 100);
    let number = registered_number(&app, &denpasar, &body).await;

    let res = file_report(&app, &jane, &number, "nationality", json!({})).await;
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["error"]["code"], "invalid_input");
    assert!(v["error"]["fields"]["kind"].is_string(), "{v}");

    // A line break in a one-line field, an unknown regency (Indonesian).
    let details = json!({"line": "Jl. A\nJl. B", "regency": "99.99"});
    let res = file_report(&app, &jane, &number, "address_change", details).await;
    assert_eq!(res.status(), 422);
    let v: Value = res.json().await.unwrap();
    assert_eq!(
        v["error"]["fields"]["details.line"],
        "Nilai ini tidak valid; periksa formatnya."
    );
    let details = json!({"line": "Jl. A", "regency": "99.99"});
    let res = file_report(&app, &jane, &number, "address_change", details).await;
    let v: Value = res.json().await.unwrap();
    assert_eq!(
        v["error"]["fields"]["details.regency"],
        "Nilai ini tidak dikenal."
    );

    // In English: an expired passport, a missing field, a long text.
    let details = json!({"passport_number": "PZ7654321", "expiry_date": "2020-01-01"});
    let body = json!({"permit_number": number, "kind": "passport", "details": details});
    let res = app
        .client
        .post(app.url("/api/v1/stay/reports"))
        .bearer_auth(&jane)
        .header("Accept-Language", "en")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let v: Value = res.json().await.unwrap();
    assert_eq!(
        v["error"]["fields"]["details.expiry_date"],
        "This date has passed."
    );
    let details = json!({"employer": "x".repeat(121)});
    let res = file_report(&app, &jane, &number, "job", details).await;
    let v: Value = res.json().await.unwrap();
    assert_eq!(
        v["error"]["fields"]["details.employer"],
        "Nilai ini terlalu panjang."
    );
    assert_eq!(
        v["error"]["fields"]["details.position"],
        "Nilai ini wajib untuk jenis laporan ini."
    );
    let res = file_report(&app, &jane, "", "job", json!({})).await;
    let v: Value = res.json().await.unwrap();
    assert!(v["error"]["fields"]["permit_number"].is_string(), "{v}");

    // Nothing written: no report, no history entry, no audit row.
    assert_eq!(
        count(&app, "SELECT COUNT(*) AS n FROM stay_reports").await,
        0
    );
    let audit = "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'stay.report'";
    assert_eq!(count(&app, audit).await, 0);
    let v = permit_value(&app, &jane, &number).await;
    assert_eq!(v["history"].as_array().unwrap().len(), 1);
    assert_eq!(v["address"]["regency"], "51.71");
}

both_databases!(bad_report_input_is_named_and_nothing_is_written);

const REMINDERS: &str = "SELECT COUNT(*) AS n FROM outbox WHERE template = 'stay.permit_ending'";

async fn each_reminder_is_queued_once(app: TestApp) {
    use imigrasi_stay::domain::permit::PermitStatus::{Active, InProcess};
    use imigrasi_stay::store::permits;
    let (denpasar, _) = officers(&app).await;
    let body = permit_ending_in("jane@example.com", "PA1234567", 40);
    let number = registered_number(&app, &denpasar, &body).await;
    // A permit in process and a GCI get no reminder.
    let body = permit_ending_in("ken@example.com", "PB1234567", 20);
    let in_process = registered_number(&app, &denpasar, &body).await;
    let p = permits::find_by_number(&app.state.db, &in_process)
        .await
        .unwrap()
        .unwrap();
    let now = jiff::Timestamp::now();
    assert!(
        permits::transition(&app.state.db, &p.id, Active, InProcess, now)
            .await
            .unwrap()
    );
    let mut gci = permit("gci@example.com", "PC1234567", "2026-01-01", "");
    gci["kind"] = json!("GCI");
    gci["valid_until"] = Value::Null;
    registered(&app, &denpasar, &gci).await;

    // 40 days before: nothing. 30: the first, once however often it runs.
    assert_eq!(run_stay_worker(&app, 0).await.queued, 0);
    assert_eq!(count(&app, REMINDERS).await, 0);
    assert_eq!(run_stay_worker(&app, 10).await.queued, 1);
    assert_eq!(run_stay_worker(&app, 10).await.queued, 0);
    assert_eq!(run_stay_worker(&app, 11).await.queued, 0);
    assert_eq!(count(&app, REMINDERS).await, 1);
    // 14 days before, then 7, each once.
    assert_eq!(run_stay_worker(&app, 25).await.queued, 0);
    // Two workers at once (two processes): the database lets one queue it.
    let (a, b) = tokio::join!(run_stay_worker(&app, 26), run_stay_worker(&app, 26));
    assert_eq!(a.queued + b.queued, 1);
    assert_eq!(run_stay_worker(&app, 26).await.queued, 0);
    assert_eq!(run_stay_worker(&app, 33).await.queued, 1);
    assert_eq!(run_stay_worker(&app, 40).await.queued, 0);
    assert_eq!(count(&app, REMINDERS).await, 3);
    let rows = "SELECT COUNT(*) AS n FROM stay_reminders";
    assert_eq!(count(&app, rows).await, 3);

    // Each to the holder, in English, naming the permit and its end.
    let sent = imigrasi_platform::outbox::for_recipient(&app.state.db, "jane@example.com")
        .await
        .unwrap();
    let mut days: Vec<i64> = sent
        .iter()
        .map(|(t, p)| {
            assert_eq!(t, "stay.permit_ending");
            assert_eq!(p["code"], number.as_str());
            assert_eq!(p["office"], "DENPASAR");
            p["days_before"].as_i64().unwrap()
        })
        .collect();
    days.sort_unstable();
    assert_eq!(days, [7, 14, 30]);
    let ken = "SELECT COUNT(*) AS n FROM outbox WHERE recipient = 'ken@example.com'";
    assert_eq!(count(&app, ken).await, 0);

    // The day after its last valid day it expires, and nothing more is sent.
    let run = run_stay_worker(&app, 41).await;
    assert_eq!((run.queued, run.expired), (0, 1));
    assert_eq!(count(&app, REMINDERS).await, 3);
}

both_databases!(each_reminder_is_queued_once);

async fn the_expiry_worker_ends_active_permits_only(app: TestApp) {
    use imigrasi_stay::domain::permit::PermitStatus::{Active, InProcess};
    use imigrasi_stay::store::permits;
    let (denpasar, _) = officers(&app).await;
    let ended = permit_ending_in("jane@example.com", "PA1234567", -1);
    let ended = registered_number(&app, &denpasar, &ended).await;
    let last_day = permit_ending_in("ken@example.com", "PB1234567", 0);
    let last_day = registered_number(&app, &denpasar, &last_day).await;
    let deciding = permit_ending_in("amy@example.com", "PC1234567", -3);
    let deciding = registered_number(&app, &denpasar, &deciding).await;
    let db = &app.state.db;
    let p = permits::find_by_number(db, &deciding)
        .await
        .unwrap()
        .unwrap();
    let now = jiff::Timestamp::now();
    assert!(
        permits::transition(db, &p.id, Active, InProcess, now)
            .await
            .unwrap()
    );
    let mut gci = permit("gci@example.com", "PD1234567", "2000-01-01", "");
    gci["kind"] = json!("GCI");
    gci["valid_until"] = Value::Null;
    let gci = registered(&app, &denpasar, &gci).await["number"]
        .as_str()
        .unwrap()
        .to_owned();

    assert_eq!(run_stay_worker(&app, 0).await.expired, 1);
    assert_eq!(run_stay_worker(&app, 0).await.expired, 0);
    let v = permit_value(&app, &denpasar, &ended).await;
    assert_eq!(v["status"], "expired");
    assert_eq!(v["history"][1]["what"], "expired");
    assert!(v["history"][1]["role"].is_null());
    assert_eq!(
        v["overstay"]["days"], 1,
        "an expired permit still overstays"
    );
    for (number, status) in [
        (&last_day, "active"),
        (&deciding, "in_process"),
        (&gci, "active"),
    ] {
        assert_eq!(
            permit_value(&app, &denpasar, number).await["status"],
            status
        );
    }
    let audit = "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'stay.expire'";
    assert_eq!(count(&app, audit).await, 1);
    // The last day ends the next day.
    assert_eq!(run_stay_worker(&app, 1).await.expired, 1);
    assert_eq!(
        permit_value(&app, &denpasar, &last_day).await["status"],
        "expired"
    );
}

both_databases!(the_expiry_worker_ends_active_permits_only);

async fn officers_lists_and_the_sponsor_dashboard(app: TestApp) {
    use imigrasi_stay::domain::permit::PermitStatus::{Active, InProcess};
    use imigrasi_stay::store::permits;
    let (denpasar, medan) = officers(&app).await;
    let sponsor = app.staff("hr@villa.example.id", Role::Sponsor, None).await;
    let admin = app
        .staff("admin@imigrasi.go.id", Role::Administrator, None)
        .await;
    let jane = app.staff("jane@example.com", Role::Foreigner, None).await;
    let mut n = 0;
    let mut register = |days: i64, with_sponsor: bool| {
        n += 1;
        let body = permit_ending_in(
            &format!("p{n}@example.com"),
            &format!("PA10000{n:02}"),
            days,
        );
        let body = if with_sponsor { sponsored(body) } else { body };
        let (app, denpasar) = (&app, &denpasar);
        async move { registered_number(app, denpasar, &body).await }
    };
    let soon = register(10, true).await;
    let later = register(200, true).await;
    let overstaying = register(-5, true).await;
    let deciding = register(-3, false).await;
    let mut gci = sponsored(permit("gci@example.com", "PD1234567", "2000-01-01", ""));
    gci["kind"] = json!("GCI");
    gci["valid_until"] = Value::Null;
    let gci = registered_number(&app, &denpasar, &gci).await;
    let p = permits::find_by_number(&app.state.db, &deciding)
        .await
        .unwrap()
        .unwrap();
    let now = jiff::Timestamp::now();
    assert!(
        permits::transition(&app.state.db, &p.id, Active, InProcess, now)
            .await
            .unwrap()
    );
    // Medan's, sooner than Denpasar's.
    let mut body = permit_ending_in("m@example.com", "PM1000001", 5);
    body["address"]["regency"] = json!("12.71");
    let medan_soon = registered_number(&app, &medan, &body).await;

    assert_eq!(
        officer_list(&app, &denpasar, "ending_soon", "").await.0,
        [&*soon]
    );
    assert_eq!(
        officer_list(&app, &medan, "ending_soon", "").await.0,
        [&*medan_soon]
    );
    assert_eq!(
        officer_list(&app, &denpasar, "overstaying", "").await.0,
        [&*overstaying]
    );
    assert_eq!(
        officer_list(&app, &denpasar, "in_process", "").await.0,
        [&*deciding]
    );
    let v: Value = app
        .get("/api/v1/stay/permits?list=overstaying", Some(&denpasar))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        v["permits"][0]["overstay"],
        json!({"days": 5, "fine": 5_000_000, "deportation": false})
    );
    // Administrators: every office, by end date, page by page.
    let (all, next) = officer_list(&app, &admin, "ending_soon", "").await;
    assert_eq!(all, [medan_soon.clone(), soon.clone()]);
    assert!(next.is_none());
    let (page, next) = officer_list(&app, &admin, "ending_soon", "&limit=1").await;
    assert_eq!(
        (page, next.as_deref()),
        (vec![medan_soon.clone()], Some(medan_soon.as_str()))
    );
    let (page, _) = officer_list(
        &app,
        &admin,
        "ending_soon",
        &format!("&limit=1&after={medan_soon}"),
    )
    .await;
    assert_eq!(page, [&*soon]);
    let lists = "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'stay.list'";
    assert_eq!(count(&app, lists).await, 8);
    // Not for holders or sponsors; an unknown list is named.
    for token in [&jane, &sponsor] {
        let res = app
            .get("/api/v1/stay/permits?list=ending_soon", Some(token))
            .await;
        assert_eq!(res.status(), 403);
    }
    let res = app
        .get("/api/v1/stay/permits?list=all", Some(&denpasar))
        .await;
    let v: Value = res.json().await.unwrap();
    assert!(v["error"]["fields"]["list"].is_string(), "{v}");

    // The sponsor's dashboard: its permits by end date, the GCI last.
    let res = app
        .get("/api/v1/stay/sponsor/dashboard", Some(&sponsor))
        .await;
    assert_eq!(res.status(), 200);
    let v: Value = res.json().await.unwrap();
    let rows = v["permits"].as_array().unwrap();
    let numbers: Vec<&str> = rows.iter().map(|r| r["number"].as_str().unwrap()).collect();
    assert_eq!(numbers, [&*overstaying, &*soon, &*later, &*gci]);
    assert_eq!(rows[0]["overstay"]["days"], 5);
    assert!(rows[0]["days_left"].is_null());
    assert_eq!(rows[1]["days_left"], 10);
    assert_eq!(rows[1]["kind"], "ITAS");
    assert_eq!(rows[1]["status"], "active");
    assert!(rows[3]["valid_until"].is_null());
    for token in [&jane, &denpasar] {
        let res = app.get("/api/v1/stay/sponsor/dashboard", Some(token)).await;
        assert_eq!(res.status(), 403);
    }
}

both_databases!(officers_lists_and_the_sponsor_dashboard);
