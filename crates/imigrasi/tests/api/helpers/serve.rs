//! The real binary as a child process: `imigrasi serve` on the test's
//! database with non-demo secrets, killed when dropped (so a failing test
//! never leaks a server); accounts with sessions made directly in the
//! database; a burst of booking requests; `imigrasi audit verify`.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures::stream::{self, StreamExt};
use imigrasi_platform::{accounts, db, sessions};
use secrecy::ExposeSecret;
use serde_json::{Value, json};

use super::TestApp;

/// One `imigrasi serve` process; SIGKILLed (and its log removed) when
/// dropped.
pub struct Server {
    child: Child,
    pub base: String,
    log: PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_file(&self.log);
    }
}

impl Server {
    /// Start `imigrasi serve` on the test's database with the booking
    /// `engine`, on a free port, and wait until `/health` answers 200.
    /// Secrets, files and signing key are the test application's own, so
    /// that every process agrees on NIK indexes and signatures.
    pub async fn start(app: &TestApp, engine: &str) -> Server {
        let config = &app.state.config;
        let log = std::env::temp_dir().join(format!("imigrasi-serve-{}.log", uuid::Uuid::new_v4()));
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_imigrasi"));
        for (k, _) in std::env::vars() {
            if k.starts_with("IMIGRASI_") || k == "DATABASE_URL" || k == "RUST_LOG" {
                cmd.env_remove(k);
            }
        }
        cmd.env("DATABASE_URL", &app.database_url)
            .env("IMIGRASI_BIND", "127.0.0.1:0")
            .env(
                "IMIGRASI_PAYMENT_SECRET",
                config.payment_secret.expose_secret(),
            )
            .env("IMIGRASI_DATA_KEY", config.data_key.expose_secret())
            .env("IMIGRASI_FILES_DIR", config.files_dir())
            .env("IMIGRASI_SIGNING_KEY_FILE", config.signing_key_file())
            .env("IMIGRASI_RATE_LIMIT_ACCOUNT", "off")
            .env("IMIGRASI_RATE_LIMIT_ADDRESS", "off")
            .env("IMIGRASI_OUTBOX_WORKER", "false")
            .env("IMIGRASI_BOOKING_ENGINE", engine)
            .env("RUST_LOG", "warn")
            .arg("serve")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&log).expect("log file"));
        let mut child = cmd.spawn().expect("run imigrasi serve");
        // The address is printed on standard output once bound.
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(addr) = line.strip_prefix("imigrasi is serving on ") {
                    let _ = tx.send(addr.trim().to_owned());
                }
            }
        });
        let mut server = Server {
            child,
            base: String::new(),
            log,
        };
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Ok(base) = rx.try_recv() {
                server.base = base;
                break;
            }
            if let Some(status) = server.child.try_wait().expect("wait") {
                panic!("imigrasi serve exited with {status}: {}", server.log_text());
            }
            assert!(
                Instant::now() < deadline,
                "no address: {}",
                server.log_text()
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let client = reqwest::Client::new();
        loop {
            let res = client.get(format!("{}/health", server.base)).send().await;
            if res.is_ok_and(|r| r.status() == 200) {
                return server;
            }
            assert!(
                Instant::now() < deadline,
                "not healthy: {}",
                server.log_text()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// SIGKILL, no goodbye; reaped.
    pub fn kill(&mut self) {
        self.child.kill().expect("SIGKILL");
        self.child.wait().expect("reap");
    }

    /// What the server wrote to standard error.
    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

/// `count` citizen accounts, each with a session, made directly in the
/// database (no password hashing per account); their tokens.
pub async fn citizens(app: &TestApp, prefix: &str, count: usize) -> Vec<String> {
    let hash = accounts::hash_password("surge password 1").unwrap();
    let mut tokens = Vec::with_capacity(count);
    for i in 0..count {
        let id = format!("{prefix}-{i:05}");
        db::exec(
            &app.state.db,
            "INSERT INTO accounts (id, email, password_hash, full_name, kind, created_at, disabled) VALUES ($1, $2, $3, 'Warga', 'citizen', 0, $4)",
            [id.clone().into(), format!("{id}@surge.id").into(), hash.clone().into(), false.into()],
        )
        .await
        .unwrap();
        let session = sessions::create(&app.state.db, &id, jiff::SignedDuration::from_hours(2))
            .await
            .unwrap();
        tokens.push(session.token);
    }
    tokens
}

/// A valid NIK (a man born 1990-03-12) for serial 1..=9999.
pub fn surge_nik(serial: usize) -> String {
    format!("317101120390{serial:04}")
}

/// One answer of a burst: which request, its status (0: no answer, the
/// connection failed) and its body.
#[derive(Debug, Clone)]
pub struct Answer {
    pub request: usize,
    pub status: u16,
    pub body: Value,
}

impl Answer {
    pub fn code(&self) -> &str {
        self.body["code"].as_str().unwrap_or("")
    }
    pub fn error(&self) -> &str {
        self.body["error"]["code"].as_str().unwrap_or("")
    }
}

/// One booking request to be sent: where, as whom, for which NIK.
#[derive(Debug, Clone)]
pub struct Shot {
    pub base: String,
    pub token: String,
    pub nik: String,
}

/// A client for bursts: generous timeouts, a pool as large as the burst.
pub fn burst_client(concurrency: usize) -> reqwest::Client {
    reqwest::Client::builder()
        .pool_max_idle_per_host(concurrency)
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap()
}

/// Book `slot_id` once per shot, `concurrency` at a time; `on_answer` sees
/// each answer as it arrives.
pub async fn burst(
    client: &reqwest::Client,
    slot_id: &str,
    shots: Vec<Shot>,
    concurrency: usize,
    on_answer: Arc<dyn Fn(&Answer) + Send + Sync>,
) -> Vec<Answer> {
    stream::iter(shots.into_iter().enumerate())
        .map(|(request, shot)| {
            let client = client.clone();
            let on_answer = on_answer.clone();
            let body = json!({"slot_id": slot_id, "applicant": {"nik": shot.nik, "full_name": "Warga", "birth_date": "1990-03-12", "sex": "M"}, "passport_type": "regular", "service": "new"});
            async move {
                let sent = client
                    .post(format!("{}/api/v1/passport/bookings", shot.base))
                    .bearer_auth(&shot.token)
                    .json(&body)
                    .send()
                    .await;
                let answer = match sent {
                    Ok(res) => {
                        let status = res.status().as_u16();
                        // A body cut off by a kill counts as no answer.
                        match res.text().await {
                            Ok(text) => Answer {
                                request,
                                status,
                                body: serde_json::from_str(&text).unwrap_or(Value::Null),
                            },
                            Err(_) => Answer {
                                request,
                                status: 0,
                                body: Value::Null,
                            },
                        }
                    }
                    Err(_) => Answer {
                        request,
                        status: 0,
                        body: Value::Null,
                    },
                };
                on_answer(&answer);
                answer
            }
        })
        .buffer_unordered(concurrency)
        .collect()
        .await
}

/// `imigrasi audit verify` on the test's database: (exit code, output).
pub fn audit_verify(app: &TestApp) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_imigrasi"))
        .args(["audit", "verify", "--database-url", &app.database_url])
        .env_remove("DATABASE_URL")
        .output()
        .expect("run imigrasi audit verify");
    (
        out.status.code().unwrap_or(-1),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}
