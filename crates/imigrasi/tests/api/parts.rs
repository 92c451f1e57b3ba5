//! The shared parts on both databases: idempotency records under
//! concurrency, published signing keys, regions with their supervising office.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::http::StatusCode;
use imigrasi::Application;
use imigrasi_platform::idempotency::{self, IdempotencyKey, Outcome, Request, StoredAnswer};
use imigrasi_platform::policy::Role;
use imigrasi_platform::signing::{self, Claims, PublicKey};
use imigrasi_platform::{db, regions};
use serde_json::{Value, json};

use crate::both_databases;
use crate::helpers::{TestApp, count, error_code, test_config};

async fn idempotent_use_cases_run_once_under_concurrency(app: TestApp) {
    let runs = Arc::new(AtomicUsize::new(0));
    let tasks: Vec<_> = (0..10)
        .map(|i| {
            let db = app.state.db.clone();
            let runs = runs.clone();
            tokio::spawn(async move {
                let key = IdempotencyKey::parse("same-key").unwrap();
                // Half the callers send another body under the same key.
                let fp = if i % 2 == 0 { "body-a" } else { "body-b" };
                let r = Request {
                    account_id: "acc",
                    scope: "POST /test",
                    key: &key,
                    fingerprint: fp,
                };
                let txn = db::begin_write(&db).await.unwrap();
                match idempotency::reserve(&txn, &r, jiff::Timestamp::now()).await {
                    Ok(Outcome::Reserved(res)) => {
                        runs.fetch_add(1, Ordering::SeqCst);
                        tokio::time::sleep(std::time::Duration::from_millis(30)).await;
                        let answer = StoredAnswer::new(StatusCode::CREATED, json!({"body": fp}));
                        idempotency::complete(&txn, res, &answer).await.unwrap();
                        txn.commit().await.unwrap();
                        Ok(fp)
                    }
                    Ok(Outcome::Replay(a)) => {
                        assert_eq!(a.body["body"], fp, "replayed only to the same body");
                        Ok(fp)
                    }
                    Err(e) => Err(e.to_string()),
                }
            })
        })
        .collect();
    let mut refused = 0;
    for t in tasks {
        if t.await.unwrap().is_err() {
            refused += 1;
        }
    }
    assert_eq!(runs.load(Ordering::SeqCst), 1);
    assert_eq!(refused, 5, "the other body is refused every time");
    let now = jiff::Timestamp::now()
        .checked_add(idempotency::TTL)
        .unwrap();
    assert_eq!(
        idempotency::purge_expired(&app.state.db, now)
            .await
            .unwrap(),
        1
    );
}
both_databases!(idempotent_use_cases_run_once_under_concurrency);

async fn signing_keys_are_published_for_offline_verification(app: TestApp) {
    let res = app.get("/api/v1/signing/keys", None).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["cache-control"], "public, max-age=300");
    let v: Value = res.json().await.unwrap();
    let keys = v["keys"].as_array().unwrap();
    assert_eq!(keys.len(), 1);
    assert_eq!(keys[0]["kid"], app.state.signing.kid());
    assert_eq!(keys[0]["alg"], "Ed25519");
    // A verifier keeps the published key and checks a QR payload offline.
    let cached: Vec<PublicKey> = keys
        .iter()
        .map(|k| PublicKey::from_base64url(k["public_key"].as_str().unwrap()).unwrap())
        .collect();
    let now = jiff::Timestamp::now();
    let mut data = serde_json::Map::new();
    data.insert("register".into(), json!("EV-2026-000001"));
    let claims = Claims::new(signing::KIND_E_VISA, now, None, data).unwrap();
    let token = app.state.signing.sign(&claims);
    assert_eq!(signing::verify(&token, &cached, now).unwrap(), claims);
    // The key file was generated where configured, private.
    let path = app.state.config.signing_key_file();
    assert!(path.exists(), "{}", path.display());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    // A second process with the same file signs with the same key; one
    // with its own file publishes its key beside the first.
    let same = Application::build(test_config(&app.database_url))
        .await
        .unwrap();
    assert_eq!(same.state().signing.kid(), app.state.signing.kid());
    drop(same);
    let dir = path.parent().unwrap().join("second");
    let mut other = test_config(&app.database_url);
    other.signing_key_file = Some(dir.join("signing.key"));
    let other = Application::build(other).await.unwrap();
    let other_kid = other.state().signing.kid().to_owned();
    drop(other);
    let v: Value = app
        .get("/api/v1/signing/keys", None)
        .await
        .json()
        .await
        .unwrap();
    let kids: Vec<&str> = v["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["kid"].as_str().unwrap())
        .collect();
    assert_eq!(kids.len(), 2);
    assert!(kids.contains(&other_kid.as_str()));
    let _ = std::fs::remove_dir_all(dir);
}
both_databases!(signing_keys_are_published_for_offline_verification);

async fn a_malformed_signing_key_file_stops_the_start(app: TestApp) {
    let dir = app
        .state
        .config
        .signing_key_file()
        .parent()
        .unwrap()
        .join("bad");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("signing.key");
    std::fs::write(&file, "ed25519:tooshort\n").unwrap();
    let mut config = test_config(&app.database_url);
    config.signing_key_file = Some(file.clone());
    let err = Application::build(config).await.err().expect("refused");
    let msg = format!("{err:#}");
    assert!(msg.contains("malformed at line 1"), "{msg}");
    assert!(msg.contains(&file.display().to_string()), "{msg}");
    let _ = std::fs::remove_dir_all(dir);
}
both_databases!(a_malformed_signing_key_file_stops_the_start);

async fn regions_list_with_filters(app: TestApp) {
    let v: Value = app.get("/api/v1/regions", None).await.json().await.unwrap();
    let all = v["regencies"].as_array().unwrap();
    assert!(all.len() >= 290, "{}", all.len());
    let pusat = all.iter().find(|r| r["code"] == "31.71").unwrap();
    assert_eq!(
        pusat,
        &json!({"code": "31.71", "name": "Kota Administrasi Jakarta Pusat", "province": "DKI Jakarta", "office": "JKT-PUSAT"})
    );
    let v: Value = app
        .get("/api/v1/regions?province=Kepulauan%20Riau", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["regencies"].as_array().unwrap().len(), 7);
    let v: Value = app
        .get("/api/v1/regions?province=21&office=tbk", None)
        .await
        .json()
        .await
        .unwrap();
    let codes: Vec<&str> = v["regencies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["21.02"]);
    let v: Value = app
        .get("/api/v1/regions?province=Atlantis", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["regencies"], json!([]));
    let res = app.get("/api/v1/regions?office=BA%00TAM", None).await;
    assert_eq!(error_code(res).await, (400, "invalid_characters".into()));
}
both_databases!(regions_list_with_filters);

async fn administrators_change_the_supervising_office(app: TestApp) {
    let admin = app
        .staff("admin@imigrasi.go.id", Role::Administrator, None)
        .await;
    let sup = app
        .staff("sup@batam.go.id", Role::Supervisor, Some("BATAM"))
        .await;
    let put = |token: Option<String>, code: &str, body: Value| {
        let mut req = app
            .client
            .put(app.url(&format!("/api/v1/regions/{code}")))
            .json(&body);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        req.send()
    };
    // Bintan moves from Batam to Tanjung Balai Karimun.
    let res = put(Some(admin.clone()), "21.01", json!({"office": "tbk"}))
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["office"], "TBK");
    assert_eq!(v["code"], "21.01");
    assert_eq!(
        regions::supervising_office(&app.state.db, "21.01")
            .await
            .unwrap()
            .as_deref(),
        Some("TBK")
    );
    let row = db::one(
        &app.state.db,
        "SELECT actor_id, office_code, detail FROM audit_log WHERE action = 'region.update'",
        [],
    )
    .await
    .unwrap()
    .unwrap();
    let detail: Value = serde_json::from_str(&db::col::<String>(&row, "detail").unwrap()).unwrap();
    assert_eq!(detail, json!({"from": "BATAM", "to": "TBK"}));
    // A restart's seeding keeps the administrator's choice.
    regions::seed(&app.state.db).await.unwrap();
    assert_eq!(
        regions::supervising_office(&app.state.db, "21.01")
            .await
            .unwrap()
            .as_deref(),
        Some("TBK")
    );

    let res = put(Some(sup), "21.01", json!({"office": "BATAM"}))
        .await
        .unwrap();
    assert_eq!(error_code(res).await, (403, "forbidden".into()));
    let res = put(None, "21.01", json!({"office": "BATAM"}))
        .await
        .unwrap();
    assert_eq!(error_code(res).await, (401, "unauthenticated".into()));
    let res = put(Some(admin.clone()), "99.99", json!({"office": "BATAM"}))
        .await
        .unwrap();
    assert_eq!(error_code(res).await, (404, "not_found".into()));
    let res = put(Some(admin.clone()), "21.01", json!({"office": "NOWHERE"}))
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let v: Value = res.json().await.unwrap();
    assert!(v["error"]["fields"]["office"].is_string());
    let res = put(Some(admin), "21.01", json!({"office": "BAT\u{0}AM"}))
        .await
        .unwrap();
    assert_eq!(error_code(res).await, (422, "invalid_input".into()));
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'region.update'"
        )
        .await,
        1
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'access.denied'"
        )
        .await,
        1
    );
}
both_databases!(administrators_change_the_supervising_office);
