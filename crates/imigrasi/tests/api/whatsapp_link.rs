//! Linking a WhatsApp number to an account: the code sent through the
//! outbox, wrong and void codes, bookings by conversation under the
//! account's limit, and unlinking.

use imigrasi_platform::outbox;
use imigrasi_platform::policy::Role;
use serde_json::{Value, json};

use crate::both_databases;
use crate::helpers::passport::{days_ahead, nik, slot};
use crate::helpers::whatsapp::{choice, say, shown};
use crate::helpers::{TestApp, count, error_code};

const NUMBER: &str = "6281298765432";

/// Ask for a code for `number`; returns the code read from the outbox.
async fn request_code(app: &TestApp, token: &str, number: &str) -> String {
    request_code_as_typed(app, token, number, number).await
}

/// Ask for a code typing the number as `typed`; read it sent to `number`.
async fn request_code_as_typed(app: &TestApp, token: &str, typed: &str, number: &str) -> String {
    let res = app
        .post_json(
            "/api/v1/me/whatsapp",
            Some(token),
            &json!({"number": typed}),
        )
        .await;
    assert_eq!(res.status(), 202, "{}", res.text().await.unwrap());
    let msgs = outbox::for_recipient(&app.state.db, number).await.unwrap();
    let text = msgs[0].1["text"].as_str().unwrap().to_owned();
    let code: String = text
        .split(|c: char| !c.is_ascii_digit())
        .find(|w| w.len() == 6)
        .unwrap_or_else(|| panic!("no code in {text:?}"))
        .to_owned();
    assert!(text.contains("Kode"), "{text}");
    code
}

async fn confirm(app: &TestApp, token: &str, code: &str) -> reqwest::Response {
    app.post_json(
        "/api/v1/me/whatsapp/confirm",
        Some(token),
        &json!({"code": code}),
    )
    .await
}

/// A code that is not `code`.
fn other(code: &str, n: u32) -> String {
    let v: u32 = code.parse().unwrap();
    format!("{:06}", (v + n) % 1_000_000)
}

async fn wrong_codes_fail_and_void_the_code_right_code_links(app: TestApp) {
    let citizen = app.citizen("wa-link@example.id").await;
    // Validation and authentication.
    let res = app
        .post_json(
            "/api/v1/me/whatsapp",
            Some(&citizen),
            &json!({"number": "0812-abc"}),
        )
        .await;
    assert_eq!(error_code(res).await.0, 422);
    let res = app
        .post_json("/api/v1/me/whatsapp", None, &json!({"number": NUMBER}))
        .await;
    assert_eq!(res.status(), 401);
    let (status, code) = error_code(confirm(&app, &citizen, "123456").await).await;
    assert_eq!((status, code.as_str()), (409, "no_pending_code"));

    // Five wrong tries void the code: even the right one then fails.
    let code = request_code(&app, &citizen, NUMBER).await;
    for n in 1..=5 {
        let res = confirm(&app, &citizen, &other(&code, n)).await;
        let status = res.status().as_u16();
        assert!(status == 422 || (n == 5 && status == 409), "{n}: {status}");
    }
    let (status, err) = error_code(confirm(&app, &citizen, &code).await).await;
    assert_eq!((status, err.as_str()), (409, "code_void"));
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) AS n FROM passport_wa_numbers WHERE account_id IS NOT NULL"
        )
        .await,
        0
    );
    // The code is stored only hashed.
    assert_eq!(
        count(
            &app,
            &format!(
                "SELECT COUNT(*) AS n FROM passport_wa_link_codes WHERE code_hash LIKE '%{code}%'"
            )
        )
        .await,
        0
    );

    // A new code: one wrong try, then the right one links.
    let code = request_code_as_typed(&app, &citizen, "+62 812-9876-5432", NUMBER).await;
    assert_eq!(
        confirm(&app, &citizen, &other(&code, 7)).await.status(),
        422
    );
    let res = confirm(&app, &citizen, &code).await;
    assert_eq!(res.status(), 200);
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["number"], NUMBER);
    // Used once.
    let (status, _) = error_code(confirm(&app, &citizen, &code).await).await;
    assert_eq!(status, 409);
    // Audited.
    assert!(
        count(
            &app,
            "SELECT COUNT(*) AS n FROM audit_log WHERE action IN ('whatsapp.link_requested', 'whatsapp.link_code_wrong', 'whatsapp.link')"
        )
        .await
            >= 9
    );

    // Another account linking the same number takes it over.
    let other_citizen = app.citizen("wa-link-2@example.id").await;
    let code = request_code(&app, &other_citizen, NUMBER).await;
    assert_eq!(confirm(&app, &other_citizen, &code).await.status(), 200);
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) AS n FROM passport_wa_numbers WHERE account_id IS NOT NULL"
        )
        .await,
        1
    );
}
both_databases!(wrong_codes_fail_and_void_the_code_right_code_links);

/// Book by conversation from `from` at a new slot; returns the reply.
async fn book_by_conversation(
    app: &TestApp,
    sup: &str,
    from: &str,
    start: &str,
    end: &str,
    serial: u32,
) -> String {
    let date = days_ahead(3);
    slot(app, sup, &date, start, end, 5, None).await;
    let r = say(app, from, "1").await;
    assert!(r.contains("kantor imigrasi"), "{r}");
    let r = say(app, from, "batam").await;
    let n = choice(&r, &shown(&date));
    let r = say(app, from, &n).await;
    let n = choice(&r, &format!("{start}–{end}"));
    let r = say(app, from, &n).await;
    assert!(r.contains("Rp 350.000"), "{r}");
    say(app, from, "1").await;
    say(app, from, "Budi Santoso").await;
    say(app, from, "12-03-1990").await;
    say(app, from, "L").await;
    let r = say(app, from, &nik(serial)).await;
    assert!(r.contains("Periksa pemesanan"), "{r}");
    say(app, from, "ya").await
}

async fn a_linked_number_books_under_the_account_until_unlinked(app: TestApp) {
    let citizen = app.citizen("wa-book@example.id").await;
    let sup = app
        .staff("sup-link@batam.go.id", Role::Supervisor, Some("BATAM"))
        .await;
    say(&app, NUMBER, "Halo").await;
    let code = request_code(&app, &citizen, NUMBER).await;
    assert_eq!(confirm(&app, &citizen, &code).await.status(), 200);

    let r = book_by_conversation(&app, &sup, NUMBER, "15:10", "15:50", 41).await;
    assert!(r.contains("Pemesanan berhasil"), "{r}");
    let r = book_by_conversation(&app, &sup, NUMBER, "16:10", "16:50", 42).await;
    assert!(r.contains("Pemesanan berhasil"), "{r}");

    // Both are the account's.
    let res = app.get("/api/v1/passport/bookings", Some(&citizen)).await;
    assert_eq!(res.status(), 200);
    let v: Value = res.json().await.unwrap();
    let list = v["bookings"].as_array().unwrap();
    assert_eq!(list.len(), 2, "{v}");

    // Unlinked: the number is back to one active booking.
    let res = app
        .client
        .delete(app.url("/api/v1/me/whatsapp"))
        .bearer_auth(&citizen)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    let r = say(&app, NUMBER, "1").await;
    assert!(r.contains("satu pemesanan aktif"), "{r}");
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'whatsapp.unlink'"
        )
        .await,
        1
    );
}
both_databases!(a_linked_number_books_under_the_account_until_unlinked);

async fn the_account_page_links_a_number(app: TestApp) {
    app.citizen("wa-page@example.id").await;
    let cookie = app
        .page_login("wa-page@example.id", "correct horse 1")
        .await;
    let get = |path: &'static str| {
        app.client
            .get(app.url(path))
            .header("cookie", cookie.clone())
            .send()
    };
    let post = |path: &'static str, form: Vec<(&'static str, String)>| {
        app.client
            .post(app.url(path))
            .header("cookie", cookie.clone())
            .form(&form)
            .send()
    };
    let html = get("/account").await.unwrap().text().await.unwrap();
    assert!(html.contains("/account/whatsapp"), "{html}");
    let res = get("/account/whatsapp").await.unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.text().await.unwrap().contains("name=\"number\""));

    let res = post("/account/whatsapp", vec![("number", "08123".into())])
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let res = post("/account/whatsapp", vec![("number", NUMBER.into())])
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let html = get("/account/whatsapp")
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("name=\"code\"") && html.contains(NUMBER),
        "{html}"
    );
    let msgs = outbox::for_recipient(&app.state.db, NUMBER).await.unwrap();
    let text = msgs[0].1["text"].as_str().unwrap().to_owned();
    let code: String = text
        .split(|c: char| !c.is_ascii_digit())
        .find(|w| w.len() == 6)
        .unwrap()
        .to_owned();
    let res = post("/account/whatsapp/confirm", vec![("code", other(&code, 3))])
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let res = post("/account/whatsapp/confirm", vec![("code", code)])
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let html = get("/account/whatsapp")
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("/account/whatsapp/unlink"), "{html}");
    let res = post("/account/whatsapp/unlink", vec![]).await.unwrap();
    assert_eq!(res.status(), 303);
    let html = get("/account/whatsapp")
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!html.contains("/account/whatsapp/unlink"), "{html}");
}
both_databases!(the_account_page_links_a_number);
