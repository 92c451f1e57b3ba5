//! APOA batches (CSV and JSON): good rows written, bad rows named, the
//! same batch again creates nothing (the unique index), another lodging's
//! batch refused, limits and malformed files refused whole; formula cells
//! stored as written and neutralised in the export; retention.

use imigrasi_platform::policy::Role;
use serde_json::{Value, json};

use crate::both_databases;
use crate::helpers::apoa::{
    SPECIMEN_1, SPECIMEN_2, amend, new_key, premise, registered_premise, report, reported,
    specimen_with, stay, typed_guest,
};
use crate::helpers::{TestApp, count, error_code};

const HEADER: &str = "mrz,passport_number,nationality,surname,given_names,birth_date,sex,\
passport_expiry,entry_date,check_in,expected_check_out,room,permit_kind,permit_number,purpose";

const FORMULA: &str = "=HYPERLINK(\"http://x\",\"y\")";

/// A CSV cell, quoted.
fn q(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// A CSV row of a typed guest checked in 2 hours ago, `purpose` and `room`
/// as given.
fn typed_row(passport: &str, nationality: &str, room: &str, purpose: &str) -> String {
    let s = stay("p", json!({}), 2);
    format!(
        ",{passport},{nationality},Smith,Jane Mary,1990-05-01,F,2031-01-31,{},{},{},{},B1,EV-1,{}",
        s["entry_date"].as_str().unwrap(),
        s["check_in"].as_str().unwrap(),
        s["expected_check_out"].as_str().unwrap(),
        q(room),
        q(purpose),
    )
}

/// A CSV row of a guest from the MRZ (two lines in one quoted cell).
fn mrz_row(mrz: &str) -> String {
    let s = stay("p", json!({}), 2);
    format!(
        "{},,,,,,,,{},{},{},1,,,Holiday",
        q(mrz),
        s["entry_date"].as_str().unwrap(),
        s["check_in"].as_str().unwrap(),
        s["expected_check_out"].as_str().unwrap(),
    )
}

async fn post_csv(
    app: &TestApp,
    token: &str,
    premise: &str,
    lang: &str,
    body: String,
) -> reqwest::Response {
    app.client
        .post(app.url(&format!("/api/v1/apoa/stays/batch?premise_id={premise}")))
        .bearer_auth(token)
        .header("content-type", "text/csv")
        .header("accept-language", lang)
        .body(body)
        .send()
        .await
        .unwrap()
}

fn rows(v: &Value, list: &str) -> Vec<u64> {
    v[list]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["row"].as_u64().unwrap())
        .collect()
}

fn fields(v: &Value, row: u64) -> Vec<String> {
    let r = v["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["row"] == row)
        .unwrap();
    r["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap().to_owned())
        .collect()
}

async fn setup(app: &TestApp) -> (String, String) {
    let hotel = app
        .staff("desk@sanur.example.id", Role::Lodging, None)
        .await;
    let p = registered_premise(app, &hotel, &premise("Wisma Sanur", "51.71")).await;
    (hotel, p["id"].as_str().unwrap().to_owned())
}

async fn csv_batch_mixed_rows_and_idempotent(app: TestApp) {
    let (hotel, p) = setup(&app).await;
    let batch = [
        HEADER.to_owned(),
        typed_row("PA1234567", "AUS", "12B", "Holiday"),
        typed_row("PB2222222", "ZZ", "12C", ""),
        mrz_row(&format!("{SPECIMEN_1}\r\n{SPECIMEN_2}")),
        mrz_row(&specimen_with(20, '9')),
        typed_row("PC3333333", "NZL", "@SUM(A1)", FORMULA),
        typed_row("PA1234567", "AUS", "12B", "Holiday again"),
        typed_row("PD4444444", "NZL", "14", "Holi\u{7}day"),
    ]
    .join("\r\n");

    let res = post_csv(&app, &hotel, &p, "id", batch.clone()).await;
    assert_eq!(res.status(), 200, "{:?}", res.text().await);
    let first: Value = res.json().await.unwrap();
    assert_eq!(rows(&first, "accepted"), [1, 3, 5], "{first}");
    assert_eq!(rows(&first, "rejected"), [2, 4, 7], "{first}");
    assert_eq!(rows(&first, "duplicates"), [6], "{first}");
    assert_eq!(fields(&first, 2), ["nationality", "purpose"]);
    assert_eq!(fields(&first, 4), ["mrz"]);
    assert_eq!(fields(&first, 7), ["purpose"]);
    assert_eq!(first["rejected"][1]["errors"][0]["code"], "invalid_mrz");
    assert_eq!(
        first["rejected"][2]["errors"][0]["code"],
        "control_character"
    );
    let ids: Vec<String> = first["accepted"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            assert!(a["receipt_number"].as_str().unwrap().starts_with("STTPOA-"));
            a["id"].as_str().unwrap().to_owned()
        })
        .collect();
    assert_eq!(first["duplicates"][0]["id"], ids[0].as_str());
    assert_eq!(count(&app, "SELECT COUNT(*) AS n FROM apoa_stays").await, 3);
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'apoa.stay.report'"
        )
        .await,
        3
    );

    // The same batch again creates nothing: every good row is a duplicate
    // with the existing id; the messages now in English.
    let res = post_csv(&app, &hotel, &p, "en", batch).await;
    assert_eq!(res.status(), 200);
    let again: Value = res.json().await.unwrap();
    assert_eq!(rows(&again, "accepted"), Vec::<u64>::new(), "{again}");
    assert_eq!(rows(&again, "duplicates"), [1, 3, 5, 6]);
    assert_eq!(rows(&again, "rejected"), [2, 4, 7]);
    let dup_ids: Vec<&str> = again["duplicates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert_eq!(dup_ids, [&ids[0], &ids[1], &ids[2], &ids[0]]);
    assert_eq!(count(&app, "SELECT COUNT(*) AS n FROM apoa_stays").await, 3);
    let id_message = first["rejected"][0]["errors"][0]["message"]
        .as_str()
        .unwrap();
    let en_message = again["rejected"][0]["errors"][0]["message"]
        .as_str()
        .unwrap();
    assert_ne!(id_message, en_message);
    assert!(en_message.contains("not valid"), "{en_message}");

    // A single report of the same check-in is a clear 409 with the id.
    let body = stay(&p, typed_guest("PA1234567"), 3);
    let res = report(&app, &hotel, &body).await;
    assert_eq!(res.status(), 409);
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["error"]["code"], "duplicate_stay");
    assert_eq!(v["error"]["existing_id"], ids[0].as_str());
    assert_eq!(location, format!("/api/v1/apoa/stays/{}", ids[0]));
    assert_eq!(count(&app, "SELECT COUNT(*) AS n FROM apoa_stays").await, 3);

    // Formula cells are stored as written...
    let stored = count(
        &app,
        "SELECT COUNT(*) AS n FROM apoa_stays WHERE purpose = '=HYPERLINK(\"http://x\",\"y\")'
         AND room = '@SUM(A1)'",
    )
    .await;
    assert_eq!(stored, 1);
    // ...and neutralised in the export, for the owner and the premise's key.
    let (_, key) = new_key(&app, &hotel, &p).await;
    for token in [&hotel, &key] {
        let res = app
            .get(&format!("/api/v1/apoa/premises/{p}/stays.csv"), Some(token))
            .await;
        assert_eq!(res.status(), 200);
        assert!(
            res.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/csv")
        );
        let disposition = res.headers()["content-disposition"].to_str().unwrap();
        assert!(disposition.starts_with("attachment"), "{disposition}");
        let text = res.text().await.unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 4, "{text}");
        assert!(lines[0].starts_with("passport_number,nationality,surname"));
        assert!(
            text.contains("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""),
            "{text}"
        );
        assert!(text.contains(",'@SUM(A1),"), "{text}");
        assert!(!text.contains("PA1234567"), "passport numbers masked");
        assert!(text.contains("******567"), "{text}");
    }
    // A bad range is named.
    let res = app
        .get(
            &format!("/api/v1/apoa/premises/{p}/stays.csv?from=2020-01-01&to=2026-01-01"),
            Some(&hotel),
        )
        .await;
    assert_eq!(error_code(res).await, (422, "invalid_input".into()));
}
both_databases!(csv_batch_mixed_rows_and_idempotent);

async fn json_batch_by_key(app: TestApp) {
    let (hotel, p) = setup(&app).await;
    let (_, key) = new_key(&app, &hotel, &p).await;
    let mut bad = stay(&p, typed_guest("PB7654321"), 1);
    bad["guest"]["nationality"] = json!("ZZ");
    let mut elsewhere = stay("another-premise", typed_guest("PC1111111"), 1);
    elsewhere["room"] = json!("3");
    let mut no_premise = stay(&p, typed_guest("PD1111111"), 1);
    no_premise.as_object_mut().unwrap().remove("premise_id");
    let body = json!({ "premise_id": p, "stays": [
        stay(&p, typed_guest("PA1234567"), 1), bad, elsewhere, no_premise,
        stay(&p, json!({ "mrz": format!("{SPECIMEN_1}\n{SPECIMEN_2}") }), 1),
    ]});
    let res = app
        .post_json("/api/v1/apoa/stays/batch", Some(&key), &body)
        .await;
    assert_eq!(res.status(), 200, "{:?}", res.text().await);
    let v: Value = res.json().await.unwrap();
    assert_eq!(rows(&v, "accepted"), [1, 4, 5], "{v}");
    assert_eq!(rows(&v, "rejected"), [2, 3]);
    assert_eq!(fields(&v, 2), ["guest.nationality"]);
    assert_eq!(fields(&v, 3), ["premise_id"]);
    assert_eq!(count(&app, "SELECT COUNT(*) AS n FROM apoa_stays").await, 3);
    let res = app
        .post_json("/api/v1/apoa/stays/batch", Some(&key), &body)
        .await;
    let v: Value = res.json().await.unwrap();
    assert_eq!(rows(&v, "duplicates"), [1, 4, 5], "{v}");
    assert_eq!(count(&app, "SELECT COUNT(*) AS n FROM apoa_stays").await, 3);

    // An amendment that would make row 4 the guest of row 1: 409.
    let row4 = v["duplicates"][1]["id"].as_str().unwrap();
    let res = amend(
        &app,
        &key,
        row4,
        &json!({ "guest": typed_guest("PA1234567") }),
    )
    .await;
    assert_eq!(error_code(res).await, (409, "duplicate_stay".into()));
    assert_eq!(
        count(&app, "SELECT COUNT(*) AS n FROM apoa_stay_versions").await,
        0
    );
}
both_databases!(json_batch_by_key);

async fn other_lodgings_limits_and_malformed_files(app: TestApp) {
    let (hotel, p) = setup(&app).await;
    let other = app.staff("desk@kuta.example.id", Role::Lodging, None).await;
    let c = registered_premise(&app, &other, &premise("Kuta Inn", "51.71")).await;
    let (_, other_key) = new_key(&app, &other, c["id"].as_str().unwrap()).await;
    let good = format!(
        "{HEADER}\n{}",
        typed_row("PA1234567", "AUS", "12B", "Holiday")
    );

    // Another lodging's account or key: 404, nothing written.
    for token in [&other, &other_key] {
        let res = post_csv(&app, token, &p, "id", good.clone()).await;
        assert_eq!(error_code(res).await, (404, "not_found".into()));
        let body = json!({ "premise_id": p, "stays": [stay(&p, typed_guest("PA1"), 1)] });
        let res = app
            .post_json("/api/v1/apoa/stays/batch", Some(token), &body)
            .await;
        assert_eq!(error_code(res).await, (404, "not_found".into()));
        let res = app
            .get(&format!("/api/v1/apoa/premises/{p}/stays.csv"), Some(token))
            .await;
        assert_eq!(error_code(res).await, (404, "not_found".into()));
    }
    let res = app
        .client
        .post(app.url("/api/v1/apoa/stays/batch"))
        .header("content-type", "text/csv")
        .body(good.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);

    // Over 5,000 rows: refused whole.
    let row = typed_row("PA1234567", "AUS", "12B", "Holiday");
    let mut big = HEADER.to_owned();
    for _ in 0..5_001 {
        big.push('\n');
        big.push_str(&row);
    }
    let res = post_csv(&app, &hotel, &p, "en", big).await;
    assert_eq!(error_code(res).await, (413, "batch_too_large".into()));
    let items = vec![json!({}); 5_001];
    let res = app
        .post_json(
            "/api/v1/apoa/stays/batch",
            Some(&hotel),
            &json!({ "premise_id": p, "stays": items }),
        )
        .await;
    assert_eq!(error_code(res).await, (413, "batch_too_large".into()));

    // Malformed files: 422 with their code, nothing written.
    let cases = [
        (good.replace("room", "premise_id"), "unknown_column"),
        (format!("{good},extra"), "malformed_csv"),
        (
            "mrz,entry_date,check_in,expected_check_out\nx,a,b,c".to_owned(),
            "missing_column",
        ),
        (good.replace("Smith", "Sm\"ith"), "malformed_csv"),
        (format!("{good}\n\"unclosed,x"), "malformed_csv"),
        (String::new(), "malformed_csv"),
    ];
    for (body, code) in cases {
        let res = post_csv(&app, &hotel, &p, "en", body.clone()).await;
        assert_eq!(error_code(res).await, (422, code.into()), "{body}");
    }
    let res = app
        .client
        .post(app.url(&format!("/api/v1/apoa/stays/batch?premise_id={p}")))
        .bearer_auth(&hotel)
        .header("content-type", "text/plain")
        .body(good.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(
        error_code(res).await,
        (415, "unsupported_media_type".into())
    );
    assert_eq!(count(&app, "SELECT COUNT(*) AS n FROM apoa_stays").await, 0);

    // The documented form still works.
    let res = post_csv(&app, &hotel, &p, "en", good).await;
    let v: Value = res.json().await.unwrap();
    assert_eq!(rows(&v, "accepted"), [1], "{v}");
}
both_databases!(other_lodgings_limits_and_malformed_files);

async fn retention_deletes_old_reports_only(app: TestApp) {
    let (hotel, p) = setup(&app).await;
    let old = reported(&app, &hotel, &stay(&p, typed_guest("PA1234567"), 2)).await;
    let old_id = old["id"].as_str().unwrap();
    let res = amend(&app, &hotel, old_id, &json!({ "room": "7" })).await;
    assert_eq!(res.status(), 200);
    let mut member = stay(&p, typed_guest("PB7654321"), 1);
    member["group_head_id"] = json!(old_id);
    let recent = reported(&app, &hotel, &member).await;
    let recent_id = recent["id"].as_str().unwrap();

    // The old guest left four years ago.
    let four_years = jiff::SignedDuration::from_hours(24 * 365 * 4);
    let left = imigrasi_platform::db::millis(jiff::Timestamp::now() - four_years);
    imigrasi_platform::db::exec(
        &app.state.db,
        "UPDATE apoa_stays SET status = 'checked_out', check_in = $1, check_out = $1,
            expected_check_out = '2022-01-01' WHERE id = $2",
        [left.into(), old_id.into()],
    )
    .await
    .unwrap();

    let days = imigrasi_apoa::app::retention::DEFAULT_RETENTION_DAYS;
    let deleted = imigrasi_apoa::app::retention::sweep(&app.state.db, jiff::Timestamp::now(), days)
        .await
        .unwrap();
    assert_eq!(deleted, 1);
    let left = |id: &str| format!("SELECT COUNT(*) AS n FROM apoa_stays WHERE id = '{id}'");
    assert_eq!(count(&app, &left(old_id)).await, 0);
    assert_eq!(count(&app, &left(recent_id)).await, 1);
    assert_eq!(
        count(&app, "SELECT COUNT(*) AS n FROM apoa_stay_versions").await,
        0
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) AS n FROM apoa_stays WHERE group_head_id IS NOT NULL"
        )
        .await,
        0
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'apoa.retention.delete'"
        )
        .await,
        1
    );
    // A second sweep finds nothing and writes no audit row.
    let again = imigrasi_apoa::app::retention::sweep(&app.state.db, jiff::Timestamp::now(), days)
        .await
        .unwrap();
    assert_eq!(again, 0);
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'apoa.retention.delete'"
        )
        .await,
        1
    );
}
both_databases!(retention_deletes_old_reports_only);

/// The optional `entry_port` column (CSV) and field (JSON): taken, refused
/// by its row alone when too long, blank for none, and in the export.
async fn batches_carry_the_port_of_entry(app: TestApp) {
    let (hotel, p) = setup(&app).await;
    let with_port = |passport: &str, port: &str| {
        format!("{},{port}", typed_row(passport, "AUS", "12B", "Holiday"))
    };
    let batch = [
        format!("{HEADER},entry_port"),
        with_port("PA1234567", "CGK"),
        with_port("PB2222222", &"P".repeat(61)),
        with_port("PC3333333", ""),
    ]
    .join("\n");
    let res = post_csv(&app, &hotel, &p, "en", batch).await;
    assert_eq!(res.status(), 200, "{:?}", res.text().await);
    let v: Value = res.json().await.unwrap();
    assert_eq!(rows(&v, "accepted"), [1, 3], "{v}");
    assert_eq!(fields(&v, 2), ["entry_port"]);
    let ports = "SELECT COUNT(*) AS n FROM apoa_stays WHERE entry_port = 'CGK'";
    assert_eq!(count(&app, ports).await, 1);
    let none = "SELECT COUNT(*) AS n FROM apoa_stays WHERE entry_port IS NULL";
    assert_eq!(count(&app, none).await, 1, "a blank cell is no port");

    let mut item = stay(&p, typed_guest("PD4444444"), 1);
    item["entry_port"] = json!("Batam Centre");
    let body = json!({ "premise_id": p, "stays": [item] });
    let res = app
        .post_json("/api/v1/apoa/stays/batch", Some(&hotel), &body)
        .await;
    let v: Value = res.json().await.unwrap();
    assert_eq!(rows(&v, "accepted"), [1], "{v}");

    let res = app
        .get(
            &format!("/api/v1/apoa/premises/{p}/stays.csv"),
            Some(&hotel),
        )
        .await;
    let text = res.text().await.unwrap();
    let header = text.lines().next().unwrap();
    assert!(
        header.contains(",entry_date,entry_port,check_in,"),
        "{header}"
    );
    assert!(
        text.contains(",CGK,") && text.contains(",Batam Centre,"),
        "{text}"
    );
}
both_databases!(batches_carry_the_port_of_entry);
