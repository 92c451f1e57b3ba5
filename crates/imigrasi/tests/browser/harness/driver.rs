//! The processes and folders behind a journey: Chromium and `chromedriver`,
//! the application's configuration, the failure folder.

use std::net::TcpListener as StdListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use imigrasi_platform::Config;
use serde_json::{Value, json};

use super::{PAYMENT_SECRET, POLL, Step, Viewport};

pub(super) const CHROMIUM: &str = "/usr/bin/chromium";
pub(super) const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// Whether the browser is installed; fails under CI when it is not.
pub(super) fn browser_installed() -> bool {
    if Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists() {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI must run the browser journeys: install chromium and chromium-driver"
    );
    eprintln!("skipped: chromium not installed");
    false
}

/// A folder removed on drop.
pub(super) struct TempDir(pub(super) PathBuf);

impl TempDir {
    pub(super) fn new(what: &str) -> Step<TempDir> {
        let tag = uuid::Uuid::new_v4().simple().to_string();
        let dir = std::env::temp_dir().join(format!("imigrasi-browser-{what}-{tag}"));
        std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        Ok(TempDir(dir))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A `chromedriver` process in its own process group: on drop the group
/// (chromedriver and any browser it left behind) is killed.
pub(super) struct Driver {
    child: Child,
    pub(super) port: u16,
    pub(super) log: PathBuf,
}

impl Driver {
    pub(super) async fn start(dir: &Path) -> Step<Driver> {
        use std::os::unix::process::CommandExt;
        let port = StdListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let log = dir.join("chromedriver.log");
        let child = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .arg(format!("--log-path={}", log.display()))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .context("starting chromedriver")?;
        let mut driver = Driver { child, port, log };
        let http = reqwest::Client::new();
        let started = Instant::now();
        loop {
            let url = format!("http://127.0.0.1:{port}/status");
            if let Ok(res) = http.get(&url).send().await
                && res.status().is_success()
            {
                return Ok(driver);
            }
            if let Some(status) = driver.child.try_wait()? {
                bail!("chromedriver exited early ({status})");
            }
            if started.elapsed() > Duration::from_secs(20) {
                bail!("chromedriver did not answer on port {port}");
            }
            tokio::time::sleep(POLL).await;
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill")
            .args(["-KILL", "--", &group])
            .stderr(Stdio::null())
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The application configuration for a browser test: port 0, demo mode.
pub(super) fn config(database_url: &str) -> Config {
    let mut c = Config::local(database_url);
    c.bind = ([127, 0, 0, 1], 0).into();
    c.payment_secret = secrecy::SecretString::from(PAYMENT_SECRET);
    c.max_connections = 10;
    c.demo = true;
    c
}

pub(super) fn capabilities(viewport: Viewport, profile: &Path) -> serde_json::Map<String, Value> {
    let args = [
        "--headless=new".to_owned(),
        "--no-sandbox".to_owned(),
        "--disable-gpu".to_owned(),
        "--disable-background-networking".to_owned(),
        "--disable-component-update".to_owned(),
        "--disable-sync".to_owned(),
        "--no-first-run".to_owned(),
        "--disable-dev-shm-usage".to_owned(),
        "--hide-scrollbars".to_owned(),
        "--accept-lang=en-US,en".to_owned(),
        format!("--window-size={},{}", viewport.width, viewport.height),
        format!("--user-data-dir={}", profile.display()),
    ];
    // The page sees exactly the viewport through Chromium's device
    // emulation: a window's inner size is smaller than its size, and a
    // window cannot be narrower than 500 px. The mobile viewport mode stays
    // off: when a page is wider than the phone it pans the visual viewport,
    // and chromedriver's clicks then land beside their target (pages wider
    // than the viewport are reported by `check_page`).
    let options = json!({
        "binary": CHROMIUM,
        "args": args,
        "mobileEmulation": {
            "deviceMetrics": {
                "width": viewport.width,
                "height": viewport.height,
                "pixelRatio": 1.0,
                "touch": viewport.touch,
                "mobile": false,
            }
        },
    });
    let caps = json!({ "browserName": "chrome", "goog:chromeOptions": options });
    match caps {
        Value::Object(m) => m,
        _ => serde_json::Map::new(),
    }
}

pub(super) fn failure_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"))
        .join("browser-failures")
}
