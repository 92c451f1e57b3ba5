//! APOA supervision: officers search the stays of their office's area
//! (by passport through its blind index, name, nationality, premise,
//! dates; in a JSON body or a query string), follow a guest's movements
//! across premises, and read the dashboard; administrators see every
//! area, officers of another office nothing of it, lodgings and citizens
//! are refused, and every search and read is audited.

use serde_json::{Value, json};

use crate::both_databases;
use crate::helpers::apoa_watch::{area, guest, lodge, sql};
use crate::helpers::stay::{plus_days, wita_today};
use crate::helpers::{TestApp, count};

async fn search(app: &TestApp, token: &str, body: Value) -> (u16, Value) {
    let res = app
        .post_json("/api/v1/apoa/stays/search", Some(token), &body)
        .await;
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

fn ids(v: &Value, list: &str) -> Vec<String> {
    v[list]
        .as_array()
        .unwrap_or_else(|| panic!("{v}"))
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_owned())
        .collect()
}

async fn found(app: &TestApp, token: &str, body: Value) -> Vec<String> {
    let (status, v) = search(app, token, body).await;
    assert_eq!(status, 200, "{v}");
    ids(&v, "stays")
}

async fn officers_search_their_area(app: TestApp) {
    let a = area(&app).await;
    let jane = lodge(
        &app,
        &a,
        &a.sanur,
        guest("X1000001", "Smith", "Jane Mary", "AUS"),
        3,
    )
    .await;
    let hiro = lodge(
        &app,
        &a,
        &a.ubud,
        guest("X1000002", "Tanaka", "Hiro", "JPN"),
        2,
    )
    .await;
    let john = lodge(
        &app,
        &a,
        &a.medan,
        guest("X1000003", "Smith", "John", "AUS"),
        1,
    )
    .await;
    let searches_before = count(
        &app,
        "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'apoa.search'",
    )
    .await;

    // Everything of the area, newest check-in first; the passport in full
    // for the officer, with the premise.
    let (status, v) = search(&app, &a.denpasar, json!({})).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(ids(&v, "stays"), [hiro.clone(), jane.clone()]);
    assert_eq!(v["total"], 2);
    let first = &v["stays"][1];
    assert_eq!(first["guest"]["passport_number"], "X1000001");
    assert_eq!(first["premise"]["name"], "Wisma Sanur");
    assert_eq!(first["premise"]["regency"], "51.71");
    assert_eq!(first["premise"]["office"], "DENPASAR");

    // Each criterion.
    let by = |body: Value| found(&app, &a.denpasar, body);
    assert_eq!(
        by(json!({"passport_number": "X1000001"})).await,
        [jane.as_str()]
    );
    assert_eq!(
        by(json!({"passport_number": "X1000003"})).await,
        Vec::<String>::new()
    );
    assert_eq!(by(json!({"name": "jane"})).await, [jane.as_str()]);
    assert_eq!(by(json!({"name": "SMITH"})).await, [jane.as_str()]);
    assert_eq!(by(json!({"name": "smith jane"})).await, [jane.as_str()]);
    assert_eq!(by(json!({"name": "hiro tanaka"})).await, [hiro.as_str()]);
    assert_eq!(by(json!({"nationality": "jpn"})).await, [hiro.as_str()]);
    assert_eq!(by(json!({"premise": a.sanur})).await, [jane.as_str()]);
    let today = wita_today();
    let (t, past) = (today.to_string(), plus_days(today, -2));
    assert_eq!(by(json!({"from": t, "to": t})).await.len(), 2);
    assert_eq!(by(json!({"to": past})).await, Vec::<String>::new());
    assert_eq!(
        by(json!({"name": "smith", "nationality": "JPN"})).await,
        Vec::<String>::new()
    );

    // Pages.
    let (_, v) = search(&app, &a.denpasar, json!({"per_page": 1, "page": 2})).await;
    assert_eq!(ids(&v, "stays"), [jane.as_str()]);
    assert_eq!(v["total"], 2);

    // The query string answers the same.
    let res = app
        .get(
            "/api/v1/apoa/stays?nationality=JPN&name=tanaka",
            Some(&a.denpasar),
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(ids(&res.json().await.unwrap(), "stays"), [hiro.as_str()]);

    // Bad criteria are named.
    let (status, v) = search(
        &app,
        &a.denpasar,
        json!({"nationality": "J1", "from": "2026-13-01"}),
    )
    .await;
    assert_eq!(status, 422, "{v}");
    let fields: Vec<_> = v["error"]["fields"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    assert_eq!(fields, ["from", "nationality"]);

    // One audit row per search, without the values searched for.
    let searches = count(
        &app,
        "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'apoa.search'",
    )
    .await;
    assert_eq!(searches - searches_before, 14);
    assert_eq!(
        count(&app, "SELECT COUNT(*) AS n FROM audit_log WHERE detail LIKE '%X10000%' OR detail LIKE '%anaka%'").await,
        0
    );

    // Another office sees its own area only; administrators every area.
    assert_eq!(
        found(&app, &a.medan_officer, json!({})).await,
        [john.as_str()]
    );
    assert!(
        found(
            &app,
            &a.medan_officer,
            json!({"passport_number": "X1000001"})
        )
        .await
        .is_empty()
    );
    assert_eq!(found(&app, &a.admin, json!({})).await, [john, hiro, jane]);

    // Lodgings and citizens are refused; nobody signed in is asked to.
    for token in [&a.hotel, &a.citizen] {
        assert_eq!(search(&app, token, json!({})).await.0, 403);
        let res = app
            .get("/api/v1/apoa/stays?passport_number=X1000001", Some(token))
            .await;
        assert_eq!(res.status(), 403);
    }
    assert_eq!(app.get("/api/v1/apoa/stays", None).await.status(), 401);
    // The refusals are audited with the route, never the query.
    assert!(
        count(
            &app,
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'access.denied'"
        )
        .await
            >= 4
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) AS n FROM audit_log WHERE detail LIKE '%X1000001%'"
        )
        .await,
        0
    );
}
both_databases!(officers_search_their_area);

async fn movements_of(app: &TestApp, token: &str, body: Value) -> (u16, Value) {
    let res = app
        .post_json("/api/v1/apoa/movements", Some(token), &body)
        .await;
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

async fn a_guest_moves_across_premises(app: TestApp) {
    let a = area(&app).await;
    let g = || guest("X2000001", "Dubois", "Marie", "FRA");
    let first = lodge(&app, &a, &a.sanur, g(), 50).await;
    let second = lodge(&app, &a, &a.ubud, g(), 30).await;
    let in_medan = lodge(&app, &a, &a.medan, g(), 2).await;
    lodge(
        &app,
        &a,
        &a.sanur,
        guest("X2000002", "Dubois", "Marie", "FRA"),
        1,
    )
    .await;

    let (status, v) = movements_of(&app, &a.denpasar, json!({"passport_number": "X2000001"})).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(ids(&v, "movements"), [first.clone(), second.clone()]);
    assert_eq!(v["movements"][0]["premise"]["name"], "Wisma Sanur");
    assert_eq!(v["movements"][1]["premise"]["name"], "Villa Ubud");
    assert_eq!(v["movements"][1]["premise"]["regency"], "51.04");
    let (_, v) = movements_of(
        &app,
        &a.denpasar,
        json!({"passport_number": "X2000001", "nationality": "JPN"}),
    )
    .await;
    assert_eq!(ids(&v, "movements"), Vec::<String>::new());
    let res = app
        .get(
            &format!("/api/v1/apoa/stays/{second}/movements"),
            Some(&a.denpasar),
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        ids(&res.json().await.unwrap(), "movements"),
        [first.clone(), second.clone()]
    );

    // Medan sees its own stay of the guest only, and not Denpasar's stays.
    let res = app
        .get(
            &format!("/api/v1/apoa/stays/{second}/movements"),
            Some(&a.medan_officer),
        )
        .await;
    assert_eq!(res.status(), 404);
    let (_, v) = movements_of(
        &app,
        &a.medan_officer,
        json!({"passport_number": "X2000001"}),
    )
    .await;
    assert_eq!(ids(&v, "movements"), [in_medan.as_str()]);
    let (_, v) = movements_of(&app, &a.admin, json!({"passport_number": "X2000001"})).await;
    assert_eq!(ids(&v, "movements"), [first, second, in_medan]);

    for token in [&a.hotel, &a.citizen] {
        let (status, _) = movements_of(&app, token, json!({"passport_number": "X2000001"})).await;
        assert_eq!(status, 403);
    }
    let (status, _) = movements_of(&app, &a.denpasar, json!({"passport_number": "??"})).await;
    assert_eq!(status, 422);
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'apoa.movements'"
        )
        .await,
        5
    );
}
both_databases!(a_guest_moves_across_premises);

async fn dashboard(app: &TestApp, token: &str, query: &str) -> (u16, Value) {
    let res = app
        .get(&format!("/api/v1/apoa/dashboard{query}"), Some(token))
        .await;
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

async fn the_dashboard_counts_the_area(app: TestApp) {
    let a = area(&app).await;
    for (p, n, nat) in [
        (&a.sanur, "X3000001", "AUS"),
        (&a.sanur, "X3000002", "AUS"),
        (&a.sanur, "X3000003", "JPN"),
        (&a.ubud, "X3000004", "AUS"),
        (&a.medan, "X3000005", "AUS"),
    ] {
        lodge(&app, &a, p, guest(n, "Lee", "Sam", nat), 2).await;
    }
    // Klungkung reported twenty days ago and not since.
    let old = lodge(
        &app,
        &a,
        &a.klungkung,
        guest("X3000006", "Lee", "Sam", "NZL"),
        2,
    )
    .await;
    let twenty_days_ago = imigrasi_platform::db::millis(
        jiff::Timestamp::now() - jiff::SignedDuration::from_hours(24 * 20),
    );
    sql(
        &app,
        &format!("UPDATE apoa_stays SET created_at = {twenty_days_ago} WHERE id = '{old}'"),
    )
    .await;

    let (status, v) = dashboard(&app, &a.denpasar, "").await;
    assert_eq!(status, 200, "{v}");
    let today = wita_today();
    assert_eq!(v["to"], today.to_string());
    assert_eq!(v["from"], plus_days(today, -29));
    assert_eq!(v["total"], 5);
    let days = v["per_day"].as_array().unwrap();
    assert_eq!(days.len(), 30);
    assert_eq!(days[29], json!({"date": today.to_string(), "reports": 4}));
    assert_eq!(
        days[9],
        json!({"date": plus_days(today, -20), "reports": 1})
    );
    assert_eq!(
        days.iter()
            .map(|d| d["reports"].as_i64().unwrap())
            .sum::<i64>(),
        5
    );
    assert_eq!(
        v["by_nationality"],
        json!([{"nationality": "AUS", "reports": 3}, {"nationality": "JPN", "reports": 1},
               {"nationality": "NZL", "reports": 1}])
    );
    assert_eq!(v["by_premise"][0]["name"], "Wisma Sanur");
    assert_eq!(v["by_premise"][0]["reports"], 3);
    assert_eq!(v["by_premise"].as_array().unwrap().len(), 3);
    assert_eq!(
        v["by_regency"],
        json!([{"regency": "51.71", "name": "Kota Denpasar", "reports": 3},
               {"regency": "51.04", "name": "Kabupaten Gianyar", "reports": 1},
               {"regency": "51.05", "name": "Kabupaten Klungkung", "reports": 1}])
    );
    let silent = v["silent_premises"].as_array().unwrap();
    assert_eq!(silent.len(), 1, "{v}");
    assert_eq!(silent[0]["premise_id"], a.klungkung.as_str());
    assert_eq!(silent[0]["name"], "Pondok Klungkung");
    assert_eq!(v["silent_days"], 14);

    // A period of one day.
    let t = today.to_string();
    let (_, v) = dashboard(&app, &a.denpasar, &format!("?from={t}&to={t}")).await;
    assert_eq!(
        (v["total"].clone(), v["per_day"].as_array().unwrap().len()),
        (json!(4), 1)
    );
    let (status, _) = dashboard(
        &app,
        &a.denpasar,
        &format!("?from={t}&to={}", plus_days(today, -1)),
    )
    .await;
    assert_eq!(status, 422);

    // Medan sees its one report; administrators everything.
    let (_, v) = dashboard(&app, &a.medan_officer, "").await;
    assert_eq!(v["total"], 1);
    assert_eq!(v["by_premise"][0]["name"], "Wisma Medan");
    assert_eq!(v["silent_premises"], json!([]));
    let (_, v) = dashboard(&app, &a.admin, "").await;
    assert_eq!(v["total"], 6);
    for token in [&a.hotel, &a.citizen] {
        assert_eq!(dashboard(&app, token, "").await.0, 403);
    }
}
both_databases!(the_dashboard_counts_the_area);
