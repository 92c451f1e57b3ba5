//! Logging in under attack: the throttle reserves guesses atomically, per
//! account and client address with growing locks, under a ceiling per
//! account that spares known addresses; password hashing is bounded.

use std::collections::BTreeMap;

use futures::future::join_all;
use imigrasi_platform::{Config, db};
use serde_json::{Value, json};

use crate::both_databases;
use crate::helpers::TestApp;

/// Trust the test client (127.0.0.1) as a proxy, so that tests can set
/// the client's address with `X-Forwarded-For`.
pub fn behind_proxy(c: &mut Config) {
    c.trusted_proxies = "127.0.0.1".parse().unwrap();
}

/// Behind a proxy, with one password hash at a time.
pub fn one_hash_at_a_time(c: &mut Config) {
    behind_proxy(c);
    c.password_hash_permits = 1;
}

/// One login from `from` (an `X-Forwarded-For` address, or none):
/// status, error code and `Retry-After` seconds.
async fn attempt(
    app: &TestApp,
    from: Option<&str>,
    email: &str,
    password: &str,
) -> (u16, String, Option<u64>) {
    let mut req = app
        .client
        .post(app.url("/api/v1/sessions"))
        .json(&json!({"email": email, "password": password}));
    if let Some(ip) = from {
        req = req.header("x-forwarded-for", ip);
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    let retry = res
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().unwrap().parse().unwrap());
    let v: Value = res.json().await.unwrap_or(Value::Null);
    let code = v["error"]["code"].as_str().unwrap_or("").to_owned();
    (status, code, retry)
}

async fn register(app: &TestApp, email: &str) {
    let res = app
        .post_json(
            "/api/v1/accounts",
            None,
            &json!({"email": email, "password": "correct horse 1", "full_name": "Rina", "kind": "citizen"}),
        )
        .await;
    assert_eq!(res.status(), 201);
}

/// Let every current lock pass, as if its time had elapsed.
async fn expire_locks(app: &TestApp) {
    db::exec(
        &app.state.db,
        "UPDATE login_throttle SET locked_until = 0",
        [],
    )
    .await
    .unwrap();
}

async fn parallel_wrong_passwords_get_five_guesses(app: TestApp) {
    register(&app, "rina@example.id").await;
    let results =
        join_all((0..100).map(|_| attempt(&app, None, "rina@example.id", "wrong password 1")))
            .await;
    let mut by_status = BTreeMap::<u16, usize>::new();
    for (status, code, retry) in &results {
        *by_status.entry(*status).or_default() += 1;
        match status {
            401 => assert_eq!(code, "invalid_credentials"),
            429 => {
                assert_eq!(code, "too_many_attempts");
                assert!(retry.is_some_and(|s| (1..=61).contains(&s)), "{retry:?}");
            }
            503 => assert_eq!(code, "server_busy"),
            other => panic!("unexpected {other}"),
        }
    }
    let guessed = by_status.get(&401).copied().unwrap_or(0);
    assert!((1..=5).contains(&guessed), "{by_status:?}");
    if !by_status.contains_key(&503) {
        assert_eq!(guessed, 5, "{by_status:?}");
    }
    // Locked: even the right password waits.
    let (status, code, retry) = attempt(&app, None, "rina@example.id", "correct horse 1").await;
    assert_eq!((status, code.as_str()), (429, "too_many_attempts"));
    assert!(retry.is_some_and(|s| (1..=61).contains(&s)));
}
both_databases!(parallel_wrong_passwords_get_five_guesses);

async fn a_success_clears_the_failures(app: TestApp) {
    register(&app, "sari@example.id").await;
    for _ in 0..4 {
        let r = attempt(&app, None, "sari@example.id", "wrong password 1").await;
        assert_eq!(r.0, 401);
    }
    assert_eq!(
        attempt(&app, None, "sari@example.id", "correct horse 1")
            .await
            .0,
        201
    );
    for _ in 0..5 {
        let r = attempt(&app, None, "sari@example.id", "wrong password 1").await;
        assert_eq!(r.0, 401);
    }
    let r = attempt(&app, None, "sari@example.id", "wrong password 1").await;
    assert_eq!(r.0, 429);
}
both_databases!(a_success_clears_the_failures);

async fn a_guesser_locks_out_only_himself_for_ever_longer(app: TestApp) {
    let (attacker, owner) = (Some("198.51.100.66"), Some("203.0.113.10"));
    register(&app, "tono@example.id").await;
    register(&app, "umi@example.id").await;
    for _ in 0..5 {
        assert_eq!(
            attempt(&app, attacker, "tono@example.id", "guess guess 1")
                .await
                .0,
            401
        );
    }
    let (status, _, retry) = attempt(&app, attacker, "tono@example.id", "guess guess 1").await;
    assert_eq!(status, 429);
    assert!(retry.is_some_and(|s| (1..=61).contains(&s)), "{retry:?}");
    // The owner, elsewhere, is not locked out.
    assert_eq!(
        attempt(&app, owner, "tono@example.id", "correct horse 1")
            .await
            .0,
        201
    );
    // Nor is another person behind the attacker's address (same proxy).
    assert_eq!(
        attempt(&app, attacker, "umi@example.id", "correct horse 1")
            .await
            .0,
        201
    );
    // After each lock, one more guess, and a lock twice as long.
    for (low, high) in [(61, 120), (121, 240), (241, 480), (481, 900), (899, 900)] {
        expire_locks(&app).await;
        let r = attempt(&app, attacker, "tono@example.id", "guess guess 1").await;
        assert_eq!(r.0, 401);
        let (status, _, retry) = attempt(&app, attacker, "tono@example.id", "guess guess 1").await;
        assert_eq!(status, 429);
        assert!(
            retry.is_some_and(|s| (low..=high).contains(&s)),
            "{retry:?} not in {low}..={high}"
        );
    }
}
both_databases!(
    a_guesser_locks_out_only_himself_for_ever_longer,
    behind_proxy
);

async fn forwarded_for_is_ignored_from_untrusted_peers(app: TestApp) {
    register(&app, "wati@example.id").await;
    for i in 0..5 {
        let from = format!("198.51.100.{i}");
        let r = attempt(&app, Some(&from), "wati@example.id", "guess guess 1").await;
        assert_eq!(r.0, 401);
    }
    // Without trusted proxies, every one of those came from 127.0.0.1.
    let r = attempt(
        &app,
        Some("203.0.113.1"),
        "wati@example.id",
        "correct horse 1",
    )
    .await;
    assert_eq!(r.0, 429);
}
both_databases!(forwarded_for_is_ignored_from_untrusted_peers);

async fn the_account_ceiling_spares_known_addresses(app: TestApp) {
    register(&app, "yanti@example.id").await;
    let home = Some("203.0.113.10");
    assert_eq!(
        attempt(&app, home, "yanti@example.id", "correct horse 1")
            .await
            .0,
        201
    );
    // 100 guesses from 20 addresses, five at once from each.
    let mut by_status = BTreeMap::<u16, usize>::new();
    for i in 1..=20 {
        let ip = format!("198.51.100.{i}");
        let results =
            join_all((0..5).map(|_| attempt(&app, Some(&ip), "yanti@example.id", "guess guess 1")))
                .await;
        for r in &results {
            *by_status.entry(r.0).or_default() += 1;
        }
    }
    assert_eq!(by_status.get(&401), Some(&100), "{by_status:?}");
    // The ceiling holds for every new address, the owner's new ones too…
    let (status, _, retry) = attempt(
        &app,
        Some("198.51.100.21"),
        "yanti@example.id",
        "guess guess 1",
    )
    .await;
    assert_eq!(status, 429);
    assert!(
        retry.is_some_and(|s| (3000..=3600).contains(&s)),
        "{retry:?}"
    );
    let r = attempt(
        &app,
        Some("203.0.113.99"),
        "yanti@example.id",
        "correct horse 1",
    )
    .await;
    assert_eq!(r.0, 429);
    // …but not for an address the account logged in from before.
    assert_eq!(
        attempt(&app, home, "yanti@example.id", "correct horse 1")
            .await
            .0,
        201
    );
}
both_databases!(the_account_ceiling_spares_known_addresses, behind_proxy);

async fn parallel_logins_and_registrations_never_fail(app: TestApp) {
    register(&app, "zaki@example.id").await;
    let logins = (0..100).map(|i| {
        let app = &app;
        async move {
            let from = format!("198.51.100.{}", i + 1);
            let (email, password) = match i % 4 {
                0 => ("zaki@example.id".to_owned(), "correct horse 1"),
                1 => ("zaki@example.id".to_owned(), "wrong password 1"),
                _ => (format!("nobody{i}@example.id"), "wrong password 1"),
            };
            attempt(app, Some(&from), &email, password).await
        }
    });
    let registrations = (0..20).map(|i| {
        let app = &app;
        async move {
            let res = app
                .post_json(
                    "/api/v1/accounts",
                    None,
                    &json!({"email": format!("new{i}@example.id"), "password": "correct horse 1",
                            "full_name": "Baru", "kind": "citizen"}),
                )
                .await;
            let status = res.status().as_u16();
            let retry = res.headers().contains_key("retry-after");
            (status, retry)
        }
    });
    let (logins, registrations) = futures::join!(join_all(logins), join_all(registrations));
    for (status, code, retry) in &logins {
        assert!([201, 401, 429, 503].contains(status), "{status} {code}");
        if *status == 503 {
            assert_eq!(code, "server_busy");
            assert_eq!(*retry, Some(2));
        }
    }
    for (status, retry) in &registrations {
        assert!([201, 503].contains(status), "{status}");
        assert_eq!(*status == 503, *retry);
    }
    // With one hash at a time, ~120 Argon2 runs cannot all fit in the wait.
    assert!(logins.iter().any(|r| r.0 == 503), "the bound never applied");
    // Once the burst is over, the server answers normally again.
    let r = attempt(
        &app,
        Some("203.0.113.1"),
        "zaki@example.id",
        "correct horse 1",
    )
    .await;
    assert_eq!(r.0, 201);
}
both_databases!(
    parallel_logins_and_registrations_never_fail,
    one_hash_at_a_time
);
