//! Control characters are refused everywhere text comes in: paths,
//! queries, forms, JSON bodies; a webhook message id with one is left out
//! (answered 200) instead of failing forever. Nothing is written.

use serde_json::json;

use crate::both_databases;
use crate::helpers::whatsapp::{envelope, post_signed};
use crate::helpers::{TestApp, error_code};

async fn accounts(app: &TestApp) -> i64 {
    let row = imigrasi_platform::db::one(&app.state.db, "SELECT COUNT(*) AS n FROM accounts", [])
        .await
        .unwrap()
        .unwrap();
    imigrasi_platform::db::col::<i64>(&row, "n").unwrap()
}

async fn control_characters_are_refused_everywhere(app: TestApp) {
    // In a path, for the API and for pages.
    for path in [
        "/api/v1/offices/JKT%00/slots",
        "/api/v1/offices/JKT%0A/slots",
        "/api/v1/offices/JKT%7F/slots",
    ] {
        let (status, code) = error_code(app.get(path, None).await).await;
        assert_eq!(
            (status, code.as_str()),
            (400, "invalid_characters"),
            "{path}"
        );
    }
    let page = app.get("/passport/offices/JKT%00", None).await;
    assert_eq!(page.status(), 400);
    assert!(page.text().await.unwrap().contains("<html"));
    // In a query.
    let (status, code) = error_code(app.get("/api/v1/offices?x=%00", None).await).await;
    assert_eq!((status, code.as_str()), (400, "invalid_characters"));

    // In a JSON body: 422 naming the field, nothing written.
    let before = accounts(&app).await;
    for (field, body) in [
        (
            "email",
            json!({"email": "a\u{0}@b.id", "password": "correct horse 1"}),
        ),
        (
            "password",
            json!({"email": "a@b.id", "password": "correct\u{0}horse"}),
        ),
    ] {
        let res = app.post_json("/api/v1/sessions", None, &body).await;
        assert_eq!(res.status(), 422, "{field}");
        let v: serde_json::Value = res.json().await.unwrap();
        assert_eq!(v["error"]["code"], "invalid_input");
        assert!(v["error"]["fields"][field].is_string(), "{v}");
    }
    for name in ["Siti\u{0}", "Siti\u{1b}[31m", "Siti\nAminah"] {
        let res = app
            .post_json(
                "/api/v1/accounts",
                None,
                &json!({"email": "siti@example.id", "password": "correct horse 1", "full_name": name, "kind": "citizen"}),
            )
            .await;
        assert_eq!(res.status(), 422, "{name:?}");
    }
    assert_eq!(accounts(&app).await, before);

    // In a form.
    let res = app
        .client
        .post(app.url("/login"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("email=a%00%40b.id&password=x")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    let res = app
        .client
        .post(app.url("/register"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("email=n%40b.id&password=correct+horse+1&full_name=Siti%1B&kind=citizen")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    assert_eq!(accounts(&app).await, before);
}
both_databases!(control_characters_are_refused_everywhere);

async fn a_whatsapp_message_id_with_nul_is_left_out(app: TestApp) {
    let res = post_signed(&app, &envelope("6281234567890", "wamid.\u{0}x", "HALO")).await;
    assert_eq!(res.status(), 200);
    let row = imigrasi_platform::db::one(&app.state.db, "SELECT COUNT(*) AS n FROM outbox", [])
        .await
        .unwrap()
        .unwrap();
    assert_eq!(imigrasi_platform::db::col::<i64>(&row, "n").unwrap(), 0);
    // A NUL inside the text is dropped; the message is answered.
    let res = post_signed(&app, &envelope("6281234567890", "wamid.ok1", "HA\u{0}LO")).await;
    assert_eq!(res.status(), 200);
}
both_databases!(a_whatsapp_message_id_with_nul_is_left_out);
