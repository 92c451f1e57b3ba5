//! The test harness: the real application on port 0 against a fresh
//! database, on SQLite and (when `IMIGRASI_TEST_POSTGRES_URL` is set) on
//! PostgreSQL, and every fixture the tests share: `count`, `put_json` and
//! `error_code` here, the rest by service in the submodules (`email`:
//! registering a foreigner and verifying its e-mail with the outbox's code). Test modules
//! take fixtures from here only, never from each other.

pub mod apoa;
pub mod apoa_watch;
pub mod documents;
pub mod email;
pub mod floor;
pub mod pages;
pub mod passport;
pub mod quota;
pub mod serve;
pub mod stay;
pub mod visa;
pub mod whatsapp;

use std::future::Future;
use std::path::PathBuf;

use imigrasi::Application;
use imigrasi_platform::accounts::{self, NewAccount};
use imigrasi_platform::policy::Role;
use imigrasi_platform::{AppState, Config, db};
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

/// Which database a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A running application and a client for it.
#[derive(Clone)]
pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub state: AppState,
    pub database_url: String,
    pub backend: Backend,
}

struct Cleanup {
    sqlite_dir: Option<PathBuf>,
    pg: Option<(String, String)>,
}

fn pg_url_with_db(base: &str, name: &str) -> String {
    let (scheme, rest) = base.split_once("://").unwrap_or(("postgres", base));
    let (authority, query) = match rest.split_once('?') {
        Some((a, q)) => (a, Some(q)),
        None => (rest, None),
    };
    let host = authority.split('/').next().unwrap_or(authority);
    let mut url = format!("{scheme}://{host}/{name}");
    if let Some(q) = query {
        url.push('?');
        url.push_str(q);
    }
    url
}

async fn fresh_database(backend: Backend) -> Option<(String, Cleanup)> {
    let tag = uuid::Uuid::new_v4().simple().to_string();
    match backend {
        Backend::Sqlite => {
            let dir = std::env::temp_dir().join(format!("imigrasi-test-{tag}"));
            std::fs::create_dir_all(&dir).expect("temp dir");
            let url = format!("sqlite://{}", dir.join("test.db").display());
            Some((
                url,
                Cleanup {
                    sqlite_dir: Some(dir),
                    pg: None,
                },
            ))
        }
        Backend::Postgres => {
            let Ok(base) = std::env::var("IMIGRASI_TEST_POSTGRES_URL") else {
                assert!(
                    std::env::var("CI").is_err(),
                    "CI must set IMIGRASI_TEST_POSTGRES_URL: the PostgreSQL run is never skipped"
                );
                eprintln!("skipped on PostgreSQL: IMIGRASI_TEST_POSTGRES_URL is not set");
                return None;
            };
            let name = format!("imigrasi_test_{tag}");
            let admin = db::connect(&base, 1)
                .await
                .expect("connect to test PostgreSQL");
            admin
                .execute_unprepared(&format!("CREATE DATABASE {name}"))
                .await
                .expect("create test database");
            admin.close().await.ok();
            Some((
                pg_url_with_db(&base, &name),
                Cleanup {
                    sqlite_dir: None,
                    pg: Some((base, name)),
                },
            ))
        }
    }
}

impl Cleanup {
    async fn run(self) {
        if let Some(dir) = self.sqlite_dir {
            let _ = std::fs::remove_dir_all(dir);
        }
        if let Some((base, name)) = &self.pg
            && let Some(dir) = pg_files_dir(&pg_url_with_db(base, name))
        {
            let _ = std::fs::remove_dir_all(dir);
        }
        if let Some((base, name)) = self.pg
            && let Ok(admin) = db::connect(&base, 1).await
        {
            let _ = admin
                .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .await;
            admin.close().await.ok();
        }
    }
}

/// The payment gateway's secret in tests.
pub const PAYMENT_SECRET: &str = "test-payment-secret-0123456789abcdef";
/// The WhatsApp webhook's verify token in tests.
pub const WA_VERIFY_TOKEN: &str = "test-verify-token-0123456789abcdef";
/// The WhatsApp webhook's app secret in tests.
pub const WA_APP_SECRET: &str = "test-app-secret-0123456789abcdef0";

/// The folder for a PostgreSQL test database's files and signing key (on
/// SQLite they live beside the database file, in its temporary folder).
fn pg_files_dir(database_url: &str) -> Option<PathBuf> {
    if !database_url.starts_with("postgres") {
        return None;
    }
    let name = database_url
        .rsplit('/')
        .next()
        .unwrap_or("")
        .split('?')
        .next()
        .unwrap_or("");
    Some(std::env::temp_dir().join(format!("imigrasi-files-{name}")))
}

/// Configuration for tests: port 0, known secrets, the WhatsApp webhook on,
/// documents and the signing key in a temporary folder.
pub fn test_config(database_url: &str) -> Config {
    let mut c = Config::local(database_url);
    if let Some(dir) = pg_files_dir(database_url) {
        c.files_dir = Some(dir.join("files"));
        c.signing_key_file = Some(dir.join("signing.key"));
    }
    c.bind = ([127, 0, 0, 1], 0).into();
    c.payment_secret = secrecy::SecretString::from(PAYMENT_SECRET);
    c.whatsapp_webhook = Some(imigrasi_platform::secrets::WebhookSecrets {
        verify_token: secrecy::SecretString::from(WA_VERIFY_TOKEN),
        app_secret: secrecy::SecretString::from(WA_APP_SECRET),
    });
    c.max_connections = 10;
    c
}

/// Run `body` against a fresh application on `backend`.
pub async fn run<F, Fut>(backend: Backend, body: F)
where
    F: FnOnce(TestApp) -> Fut,
    Fut: Future<Output = ()>,
{
    run_with(backend, |_| {}, body).await
}

/// Run `body` against a fresh application on `backend` whose test
/// configuration `configure` has changed.
pub async fn run_with<C, F, Fut>(backend: Backend, configure: C, body: F)
where
    C: FnOnce(&mut Config),
    F: FnOnce(TestApp) -> Fut,
    Fut: Future<Output = ()>,
{
    let Some((url, cleanup)) = fresh_database(backend).await else {
        return;
    };
    let mut config = test_config(&url);
    configure(&mut config);
    let app = Application::build(config).await.expect("build app");
    let base = format!("http://{}", app.local_addr());
    let state = app.state().clone();
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(app.run_until(async {
        let _ = rx.await;
    }));
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let test_app = TestApp {
        base,
        client,
        state: state.clone(),
        database_url: url,
        backend,
    };
    body(test_app).await;
    let _ = tx.send(());
    let _ = server.await;
    state.db.close_by_ref().await.ok();
    cleanup.run().await;
}

/// Declare a test that runs on both databases, optionally with a function
/// that changes the test configuration.
#[macro_export]
macro_rules! both_databases {
    ($name:ident, $configure:ident) => {
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                $crate::helpers::run_with(
                    $crate::helpers::Backend::Sqlite,
                    super::$configure,
                    super::$name,
                )
                .await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                $crate::helpers::run_with(
                    $crate::helpers::Backend::Postgres,
                    super::$configure,
                    super::$name,
                )
                .await
            }
        }
    };
    ($name:ident) => {
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                $crate::helpers::run($crate::helpers::Backend::Sqlite, super::$name).await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                $crate::helpers::run($crate::helpers::Backend::Postgres, super::$name).await
            }
        }
    };
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// Send a JSON body with `method`, with a bearer token when given.
    pub async fn send_json(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
        body: &Value,
    ) -> reqwest::Response {
        let mut req = self.client.request(method, self.url(path)).json(body);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        req.send().await.expect("request")
    }

    pub async fn post_json(
        &self,
        path: &str,
        token: Option<&str>,
        body: &Value,
    ) -> reqwest::Response {
        self.send_json(reqwest::Method::POST, path, token, body)
            .await
    }

    /// POST a JSON body signed with HMAC-SHA256 under `secret` in the
    /// header `signature_header` (the payment gateway, the WhatsApp webhook).
    pub async fn post_signed(
        &self,
        path: &str,
        signature_header: &str,
        secret: &str,
        body: String,
    ) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .header("content-type", "application/json")
            .header(
                signature_header,
                imigrasi_platform::billing::sign(secret, body.as_bytes()),
            )
            .body(body)
            .send()
            .await
            .expect("request")
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> reqwest::Response {
        let mut req = self.client.get(self.url(path));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        req.send().await.expect("request")
    }

    /// Register through the API and log in; returns the token.
    pub async fn citizen(&self, email: &str) -> String {
        let res = self
            .post_json(
                "/api/v1/accounts",
                None,
                &json!({"email": email, "password": "correct horse 1", "full_name": "Siti Aminah", "kind": "citizen"}),
            )
            .await;
        assert_eq!(
            res.status(),
            201,
            "{}",
            res.text().await.unwrap_or_default()
        );
        self.login(email, "correct horse 1").await
    }

    /// Log in; returns the token.
    pub async fn login(&self, email: &str, password: &str) -> String {
        let res = self
            .post_json(
                "/api/v1/sessions",
                None,
                &json!({"email": email, "password": password}),
            )
            .await;
        assert_eq!(res.status(), 201);
        let v: Value = res.json().await.expect("json");
        v["token"].as_str().expect("token").to_owned()
    }

    /// Log in through the login form; returns the session cookie
    /// (`name=value`).
    pub async fn page_login(&self, email: &str, password: &str) -> String {
        let res = self
            .client
            .post(self.url("/login"))
            .form(&[("email", email), ("password", password)])
            .send()
            .await
            .expect("request");
        assert_eq!(res.status(), 303, "log in {email}");
        let cookie = res.headers()["set-cookie"].to_str().expect("cookie");
        cookie.split(';').next().unwrap_or("").to_owned()
    }

    /// Create a staff account directly and log in; returns the token.
    pub async fn staff(&self, email: &str, role: Role, office: Option<&str>) -> String {
        accounts::create(
            &self.state.db,
            NewAccount {
                email: email.to_owned(),
                password: "staff password 1".to_owned(),
                full_name: format!("Staff {email}"),
                role,
                office: office.map(str::to_owned),
            },
        )
        .await
        .expect("staff account");
        self.login(email, "staff password 1").await
    }
}

/// PUT a JSON body, with a bearer token when given.
pub async fn put_json(
    app: &TestApp,
    path: &str,
    token: Option<&str>,
    body: &Value,
) -> reqwest::Response {
    app.send_json(reqwest::Method::PUT, path, token, body).await
}

/// `POST /api/v1/documents/verify` of a signed QR payload, as anyone may
/// (200 expected); the verdict.
pub async fn verify_document(app: &TestApp, qr: &str) -> Value {
    let res = app
        .post_json(
            "/api/v1/documents/verify",
            None,
            &serde_json::json!({ "qr": qr }),
        )
        .await;
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

/// The JSON error code of a response.
pub async fn error_code(res: reqwest::Response) -> (u16, String) {
    let status = res.status().as_u16();
    let v: Value = res.json().await.unwrap_or(Value::Null);
    (status, v["error"]["code"].as_str().unwrap_or("").to_owned())
}

/// Today in office time (WIB, where BATAM and JKT-PUSAT are).
pub fn today() -> jiff::civil::Date {
    let tz = jiff::tz::TimeZone::get("Asia/Jakarta").expect("Asia/Jakarta");
    jiff::Timestamp::now().to_zoned_datetime(tz).date()
}

/// The `n` column of a one-row query: `SELECT COUNT(*) AS n FROM …`.
pub async fn count(app: &TestApp, sql: &str) -> i64 {
    let row = db::one(&app.state.db, sql, []).await.unwrap().unwrap();
    db::col::<i64>(&row, "n").unwrap()
}
