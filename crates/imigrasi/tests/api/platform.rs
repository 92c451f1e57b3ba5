//! The foundation's contract: accounts, sessions, errors, languages,
//! OpenAPI, health and metrics.

use serde_json::{Value, json};

use crate::both_databases;
use crate::helpers::{TestApp, error_code};
use imigrasi_platform::policy::Role;

async fn registration_contract(app: TestApp) {
    let body = json!({"email": "Ani@Example.ID", "password": "correct horse 1", "full_name": "Ani", "kind": "citizen"});
    let res = app.post_json("/api/v1/accounts", None, &body).await;
    assert_eq!(res.status(), 201);
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["email"], "ani@example.id");
    assert_eq!(v["kind"], "citizen");
    assert!(v["id"].as_str().is_some_and(|s| s.len() == 36));
    assert_eq!(v.as_object().unwrap().len(), 3);

    let res = app.post_json("/api/v1/accounts", None, &body).await;
    assert_eq!(error_code(res).await, (409, "email_taken".into()));

    let res = app
        .post_json(
            "/api/v1/accounts",
            None,
            &json!({"email": "x", "password": "short", "full_name": "", "kind": "root"}),
        )
        .await;
    assert_eq!(res.status(), 422);
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["error"]["code"], "invalid_input");
    for f in ["email", "password", "full_name", "kind"] {
        assert!(
            v["error"]["fields"][f]
                .as_str()
                .is_some_and(|m| !m.is_empty()),
            "{f}: {v}"
        );
    }

    // Staff kinds cannot be self-registered.
    let res = app
        .post_json("/api/v1/accounts", None, &json!({"email": "o@x.id", "password": "correct horse 1", "full_name": "O", "kind": "officer"}))
        .await;
    assert_eq!(res.status(), 422);
    let v: Value = res.json().await.unwrap();
    assert!(v["error"]["fields"]["kind"].is_string());

    // Malformed JSON and a missing body are clear 4xx, nothing written.
    let res = app
        .client
        .post(app.url("/api/v1/accounts"))
        .body("{nope")
        .send()
        .await
        .unwrap();
    assert_eq!(error_code(res).await, (400, "malformed_json".into()));
    let n = imigrasi_platform::db::one(&app.state.db, "SELECT COUNT(*) AS n FROM accounts", [])
        .await
        .unwrap()
        .unwrap();
    assert_eq!(imigrasi_platform::db::col::<i64>(&n, "n").unwrap(), 1);
}
both_databases!(registration_contract);

async fn session_contract(app: TestApp) {
    let token = app.citizen("budi@example.id").await;
    let res = app.get("/api/v1/me", Some(&token)).await;
    assert_eq!(res.status(), 200);
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["email"], "budi@example.id");
    assert_eq!(v["full_name"], "Siti Aminah");
    assert_eq!(v["kind"], "citizen");
    assert_eq!(v["office"], Value::Null);

    // Wrong password and unknown e-mail get the same answer.
    let wrong = app
        .post_json(
            "/api/v1/sessions",
            None,
            &json!({"email": "budi@example.id", "password": "nope nope nope"}),
        )
        .await;
    let wrong_status = wrong.status();
    let wrong_body: Value = wrong.json().await.unwrap();
    let unknown = app
        .post_json(
            "/api/v1/sessions",
            None,
            &json!({"email": "nobody@example.id", "password": "nope nope nope"}),
        )
        .await;
    assert_eq!(wrong_status, 401);
    assert_eq!(unknown.status(), 401);
    let unknown_body: Value = unknown.json().await.unwrap();
    assert_eq!(wrong_body, unknown_body);
    assert_eq!(wrong_body["error"]["code"], "invalid_credentials");

    // Logout revokes.
    let res = app
        .client
        .delete(app.url("/api/v1/sessions/current"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    let res = app.get("/api/v1/me", Some(&token)).await;
    assert_eq!(error_code(res).await, (401, "unauthenticated".into()));
    let res = app.get("/api/v1/me", None).await;
    assert_eq!(res.status(), 401);
}
both_databases!(session_contract);

async fn login_is_throttled_per_account(app: TestApp) {
    app.citizen("cici@example.id").await;
    for _ in 0..5 {
        let res = app
            .post_json(
                "/api/v1/sessions",
                None,
                &json!({"email": "cici@example.id", "password": "wrong password"}),
            )
            .await;
        assert_eq!(res.status(), 401);
    }
    // Even the right password is refused while throttled.
    let res = app
        .post_json(
            "/api/v1/sessions",
            None,
            &json!({"email": "cici@example.id", "password": "correct horse 1"}),
        )
        .await;
    assert!(res.headers().contains_key("retry-after"));
    assert_eq!(error_code(res).await, (429, "too_many_attempts".into()));
}
both_databases!(login_is_throttled_per_account);

async fn staff_accounts_are_created_by_administrators(app: TestApp) {
    let admin = app
        .staff("admin@imigrasi.go.id", Role::Administrator, None)
        .await;
    let citizen = app.citizen("dedi@example.id").await;
    let body = json!({"email": "petugas@imigrasi.go.id", "password": "officer pass 1", "full_name": "Petugas", "kind": "officer", "office": "batam"});
    let res = app
        .post_json("/api/v1/staff-accounts", Some(&citizen), &body)
        .await;
    assert_eq!(error_code(res).await, (403, "forbidden".into()));
    let res = app
        .post_json("/api/v1/staff-accounts", Some(&admin), &body)
        .await;
    assert_eq!(res.status(), 201);
    let officer = app.login("petugas@imigrasi.go.id", "officer pass 1").await;
    let v: Value = app
        .get("/api/v1/me", Some(&officer))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["office"], "BATAM");
    assert_eq!(v["kind"], "officer");
    // An officer without an office is refused.
    let res = app
        .post_json("/api/v1/staff-accounts", Some(&admin), &json!({"email": "p2@imigrasi.go.id", "password": "officer pass 1", "full_name": "P", "kind": "officer"}))
        .await;
    assert_eq!(error_code(res).await, (422, "invalid_input".into()));
}
both_databases!(staff_accounts_are_created_by_administrators);

async fn errors_have_one_shape_and_a_request_id(app: TestApp) {
    let res = app.get("/api/v1/does-not-exist", None).await;
    assert!(res.headers().contains_key("x-request-id"));
    assert_eq!(error_code(res).await, (404, "not_found".into()));
    let res = app.client.put(app.url("/api/v1/me")).send().await.unwrap();
    assert_eq!(error_code(res).await, (405, "method_not_allowed".into()));
    let res = app.get("/no-such-page", None).await;
    assert_eq!(res.status(), 404);
    assert!(res.headers().contains_key("x-request-id"));
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert!(res.text().await.unwrap().contains("tidak ditemukan"));
    // A cross-site form post is refused.
    let res = app
        .client
        .post(app.url("/logout"))
        .header("origin", "http://evil.example")
        .header("sec-fetch-site", "cross-site")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
}
both_databases!(errors_have_one_shape_and_a_request_id);

async fn health_metrics_and_openapi(app: TestApp) {
    let v: Value = app.get("/health", None).await.json().await.unwrap();
    assert_eq!(v["status"], "ok");
    let expected = match app.backend {
        crate::helpers::Backend::Sqlite => "sqlite",
        crate::helpers::Backend::Postgres => "postgres",
    };
    assert_eq!(v["database"], expected);
    assert!(v["version"].is_string());
    let text = app.get("/metrics", None).await.text().await.unwrap();
    assert!(text.contains("http_requests_total"), "{text}");
    let doc: Value = app
        .get("/api/openapi.json", None)
        .await
        .json()
        .await
        .unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    let routes = declared_api_routes();
    assert!(routes.len() >= 10, "{routes:?}");
    for path in &routes {
        assert!(
            doc["paths"][path.as_str()].is_object(),
            "{path} missing from OpenAPI"
        );
    }
    let html = app.get("/api/docs", None).await.text().await.unwrap();
    assert!(html.contains("/api/v1/sessions"));
}
both_databases!(health_metrics_and_openapi);

/// Every `/api/v1` route declared in the source of any crate (`.route("/api/v1/…"`),
/// so that a new route without an OpenAPI annotation fails this test.
pub fn declared_api_routes() -> Vec<String> {
    fn walk(dir: &std::path::Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                for piece in text.split(".route(").skip(1) {
                    let Some(rest) = piece.trim_start().strip_prefix('"') else {
                        continue;
                    };
                    let route = rest.split('"').next().unwrap_or("");
                    if route.starts_with("/api/v1/") {
                        out.push(route.to_owned());
                    }
                }
            }
        }
    }
    let crates = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut out = Vec::new();
    for krate in std::fs::read_dir(&crates).unwrap() {
        let src = krate.unwrap().path().join("src");
        if src.is_dir() {
            walk(&src, &mut out);
        }
    }
    out.sort();
    out.dedup();
    out
}

async fn pages_speak_both_languages_and_log_in(app: TestApp) {
    let id = app.get("/", None).await.text().await.unwrap();
    assert!(id.contains("Layanan Imigrasi Daring") && id.contains("lang=\"id\""));
    let en = app
        .client
        .get(app.url("/"))
        .header("accept-language", "en-GB,en;q=0.9")
        .send()
        .await
        .unwrap();
    assert!(
        en.text()
            .await
            .unwrap()
            .contains("Immigration Services Online")
    );
    let switched = app
        .client
        .get(app.url("/lang/en?next=/login"))
        .send()
        .await
        .unwrap();
    assert_eq!(switched.status(), 303);
    assert!(
        switched.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .contains("imigrasi_lang=en")
    );
    assert_eq!(switched.headers()["location"], "/login");
    let open = app
        .client
        .get(app.url("/lang/en?next=//evil.example"))
        .send()
        .await
        .unwrap();
    assert_eq!(open.headers()["location"], "/");

    // Log in with the form; the cookie opens the account page.
    app.citizen("eka@example.id").await;
    let res = app
        .client
        .post(app.url("/login"))
        .form(&[
            ("email", "eka@example.id"),
            ("password", "correct horse 1"),
            ("next", "/account"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let cookie = res.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"));
    let session = cookie.split(';').next().unwrap().to_owned();
    let page = app
        .client
        .get(app.url("/account"))
        .header("cookie", &session)
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("eka@example.id"));
    // Error pages know who is logged in too.
    let missing = app
        .client
        .get(app.url("/no-such-page"))
        .header("cookie", &session)
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
    let html = missing.text().await.unwrap();
    assert!(
        html.contains("/logout") && !html.contains("href=\"/register\""),
        "{html}"
    );
    // Without the cookie, the account page asks to log in.
    let res = app.get("/account", None).await;
    assert_eq!(res.status(), 303);
    assert!(
        res.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with("/login?next=")
    );
    // A wrong password re-shows the form with an error.
    let res = app
        .client
        .post(app.url("/login"))
        .form(&[("email", "eka@example.id"), ("password", "bad password")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    assert!(res.text().await.unwrap().contains("role=\"alert\""));
}
both_databases!(pages_speak_both_languages_and_log_in);

async fn registration_page_validates(app: TestApp) {
    let res = app
        .client
        .post(app.url("/register"))
        .form(&[
            ("email", "nope"),
            ("password", "x"),
            ("full_name", ""),
            ("kind", "citizen"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("Kata sandi minimal 10 karakter"));
    let res = app
        .client
        .post(app.url("/register"))
        .form(&[
            ("email", "fajar@example.id"),
            ("password", "long enough 1"),
            ("full_name", "Fajar"),
            ("kind", "citizen"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
}
both_databases!(registration_page_validates);

#[test]
fn command_line_errors_are_one_clear_line() {
    let bin = env!("CARGO_BIN_EXE_imigrasi");
    for args in [
        vec!["migrate", "--database-url", "ftp://example.org/db"],
        vec!["serve", "--bind", "not-an-address"],
        vec!["serve", "--trusted-proxies", "10.0.0.0/33"],
        vec![
            "user",
            "add",
            "--email",
            "x@y.id",
            "--role",
            "emperor",
            "--database-url",
            "/tmp/never-created/x.db",
        ],
    ] {
        let out = std::process::Command::new(bin)
            .args(&args)
            .output()
            .unwrap();
        assert!(!out.status.success(), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.starts_with("error:"), "{args:?}: {err}");
        assert!(
            !err.contains("panicked") && !err.contains("backtrace"),
            "{err}"
        );
    }
}

async fn refusals_are_audited_and_answers_are_not_cached(app: TestApp) {
    let citizen = app.citizen("curious@example.id").await;
    let res = app.get("/api/v1/admin/outbox", Some(&citizen)).await;
    assert_eq!(res.status(), 403);
    assert_eq!(res.headers()["cache-control"], "no-store");
    let officer = app
        .staff("petugas@batam.go.id", Role::Officer, Some("BATAM"))
        .await;
    let res = app
        .post_json(
            "/api/v1/offices/JKT-PUSAT/walk-ins",
            Some(&officer),
            &serde_json::json!({}),
        )
        .await;
    assert_eq!(res.status(), 403);
    let rows = imigrasi_platform::db::all(
        &app.state.db,
        "SELECT object_id, office_code, detail FROM audit_log WHERE action = 'access.denied' ORDER BY id",
        [],
    )
    .await
    .unwrap();
    let seen: Vec<(String, Option<String>, String)> = rows
        .iter()
        .map(|r| {
            (
                imigrasi_platform::db::col(r, "object_id").unwrap(),
                imigrasi_platform::db::col(r, "office_code").unwrap(),
                imigrasi_platform::db::col(r, "detail").unwrap(),
            )
        })
        .collect();
    assert_eq!(seen.len(), 2, "{seen:?}");
    assert_eq!(seen[0].0, "/api/v1/admin/outbox");
    assert!(seen[0].2.contains("read_outbox"), "{seen:?}");
    assert_eq!(seen[1].1.as_deref(), Some("JKT-PUSAT"));
    assert!(seen[1].2.contains("operate_office_floor"), "{seen:?}");
    // The chain stays intact.
    assert!(
        imigrasi_platform::audit::verify(&app.state.db)
            .await
            .unwrap()
            .is_ok()
    );
    // Pages too are never cached; static assets may be.
    let home = app.get("/", None).await;
    assert_eq!(home.headers()["cache-control"], "no-store");
}
both_databases!(refusals_are_audited_and_answers_are_not_cached);
mod login;
mod passwords;
mod redirects;

async fn platform_errors_speak_the_callers_language(app: TestApp) {
    let ask = |lang: Option<&'static str>, path: &'static str| {
        let mut req = app.client.get(app.url(path));
        if let Some(l) = lang {
            req = req.header("accept-language", l);
        }
        async move {
            let res = req.send().await.unwrap();
            let v: Value = res.json().await.unwrap();
            v["error"]["message"].as_str().unwrap_or("").to_owned()
        }
    };
    let id = imigrasi_platform::i18n::Lang::Id;
    let en = imigrasi_platform::i18n::Lang::En;
    assert_eq!(ask(None, "/api/v1/me").await, id.t("api-unauthenticated"));
    assert_eq!(
        ask(Some("en"), "/api/v1/me").await,
        en.t("api-unauthenticated")
    );
    assert_eq!(
        ask(None, "/api/v1/nothing-here").await,
        id.t("api-not-found")
    );
    assert_eq!(
        ask(Some("en-US,en;q=0.9"), "/api/v1/nothing-here").await,
        en.t("api-not-found")
    );
    assert_ne!(id.t("api-not-found"), en.t("api-not-found"));
    // Malformed and ill-shaped bodies, field messages included.
    let res = app
        .client
        .post(app.url("/api/v1/sessions"))
        .header("content-type", "application/json")
        .body("{\"email\":")
        .send()
        .await
        .unwrap();
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["error"]["code"], "malformed_json");
    assert_eq!(v["error"]["message"], id.t("api-malformed-json"));
    let res = app
        .client
        .post(app.url("/api/v1/accounts"))
        .header("accept-language", "en")
        .json(&json!({"email": 5}))
        .send()
        .await
        .unwrap();
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["error"]["message"], en.t("api-invalid-input"));
    assert_eq!(
        v["error"]["fields"]["body"],
        en.t("api-field-invalid"),
        "{v}"
    );
}
both_databases!(platform_errors_speak_the_callers_language);
