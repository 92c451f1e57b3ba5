//! The browser harness: for each test, the real application on port 0
//! against a fresh SQLite database (demo mode, so the simulated bank and the
//! demo accounts exist), a fresh `chromedriver` process and a fresh Chromium
//! profile. [`Browser`] wraps the WebDriver client with the few verbs the
//! journeys need; [`journey!`] declares one journey for every viewport and
//! language.

// A toolkit for every service's journeys: not each uses every helper.
#![allow(dead_code)]

use std::future::Future;
use std::net::TcpListener as StdListener;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, anyhow, bail};
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::elements::Element;
use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use futures::FutureExt;
use imigrasi::Application;
use imigrasi_platform::accounts::{self, NewAccount};
use imigrasi_platform::i18n::Lang;
use imigrasi_platform::policy::Role;
use imigrasi_platform::{AppState, Config};
use serde_json::{Value, json};

/// Result of a journey step.
pub type Step<T = ()> = anyhow::Result<T>;

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// The vendored axe-core (MPL-2.0, see `vendor/LICENSE`).
const AXE: &str = include_str!("vendor/axe.min.js");
/// The password of accounts made with [`Browser::account`].
pub const PASSWORD: &str = "journey password 1";
/// The password of the demo accounts (e.g. `supervisor@demo.imigrasi.id`,
/// bound to office `JKT-PUSAT`).
pub const DEMO_PASSWORD: &str = imigrasi_platform::demo::DEMO_PASSWORD;
/// The payment gateway's secret in the journeys.
pub const PAYMENT_SECRET: &str = "test-payment-secret-0123456789abcdef";
/// How long to wait for an element, a text or a page load.
const WAIT: Duration = Duration::from_secs(10);
const POLL: Duration = Duration::from_millis(50);

/// A window size a journey runs at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Viewport {
    pub name: &'static str,
    pub width: u32,
    pub height: u32,
    /// A touch screen (a phone).
    pub touch: bool,
}

impl Viewport {
    pub const DESKTOP: Viewport = Viewport {
        name: "desktop",
        width: 1280,
        height: 900,
        touch: false,
    };
    pub const PHONE: Viewport = Viewport {
        name: "phone",
        width: 390,
        height: 844,
        touch: true,
    };
}

/// Declare a journey: one test per viewport (desktop 1280×900, phone
/// 390×844) and per language (default both, `id` and `en`).
///
/// ```ignore
/// journey!(citizen_renews_passport, |b: Browser| async move {
///     b.goto("/passport").await?;
///     b.check_page().await
/// });
/// journey!(switches_language, langs = [id], |b: Browser| async move { Ok(()) });
/// ```
macro_rules! journey {
    ($name:ident, $body:expr) => {
        $crate::harness::journey!($name, langs = [id, en], $body);
    };
    ($name:ident, langs = [$($lang:ident),+], $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            $crate::harness::journey!(@at $name, desktop, DESKTOP, [$($lang),+], $body);
            $crate::harness::journey!(@at $name, phone, PHONE, [$($lang),+], $body);
        }
    };
    (@at $name:ident, $at:ident, $viewport:ident, [$($lang:ident),+], $body:expr) => {
        mod $at {
            #[allow(unused_imports)]
            use super::*;
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $lang() {
                    $crate::harness::run(
                        concat!(stringify!($name), "::", stringify!($at), "::", stringify!($lang)),
                        $crate::harness::Viewport::$viewport,
                        stringify!($lang),
                        $body,
                    )
                    .await
                }
            )+
        }
    };
}
pub(crate) use journey;

/// Whether the browser is installed; fails under CI when it is not.
fn browser_installed() -> bool {
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
struct TempDir(PathBuf);

impl TempDir {
    fn new(what: &str) -> Step<TempDir> {
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
struct Driver {
    child: Child,
    port: u16,
    log: PathBuf,
}

impl Driver {
    async fn start(dir: &Path) -> Step<Driver> {
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
fn config(database_url: &str) -> Config {
    let mut c = Config::local(database_url);
    c.bind = ([127, 0, 0, 1], 0).into();
    c.payment_secret = secrecy::SecretString::from(PAYMENT_SECRET);
    c.max_connections = 10;
    c.demo = true;
    c
}

fn capabilities(viewport: Viewport, profile: &Path) -> serde_json::Map<String, Value> {
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

/// Run one journey at one viewport and language. Skips (or fails under CI)
/// when Chromium is missing; panics with diagnostics when the journey fails.
pub async fn run<F, Fut>(name: &str, viewport: Viewport, lang: &str, body: F)
where
    F: FnOnce(Browser) -> Fut,
    Fut: Future<Output = Step>,
{
    if !browser_installed() {
        return;
    }
    let lang = Lang::parse(lang).unwrap_or_else(|| panic!("unknown language {lang}"));
    let started = Instant::now();
    let dir = TempDir::new("run").unwrap_or_else(|e| panic!("{e:#}"));
    let db_url = format!("sqlite://{}", dir.0.join("test.db").display());
    let app = Application::build(config(&db_url))
        .await
        .unwrap_or_else(|e| panic!("building the app: {e:#}"));
    let base = format!("http://{}", app.local_addr());
    let state = app.state().clone();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(app.run_until(async {
        let _ = stopped.await;
    }));

    let profile = dir.0.join("profile");
    let driver = Driver::start(&dir.0)
        .await
        .unwrap_or_else(|e| panic!("{e:#}"));
    let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(capabilities(viewport, &profile))
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .unwrap_or_else(|e| {
            let log = std::fs::read_to_string(&driver.log).unwrap_or_default();
            panic!("starting Chromium through chromedriver: {e}\n{log}")
        });
    let browser = Browser {
        client: client.clone(),
        base,
        state: state.clone(),
        lang,
        viewport,
        http: reqwest::Client::new(),
    };
    let outcome = async {
        browser.use_language().await?;
        browser.check_viewport().await?;
        let ready = started.elapsed();
        AssertUnwindSafe(body(browser.clone()))
            .catch_unwind()
            .await
            .map(|r| r.map(|()| ready))
            .map_err(|panic| anyhow!("{}", panic_message(&panic)))?
    }
    .await;
    let failure = match outcome {
        Ok(ready) => {
            eprintln!(
                "{name}: passed in {:.1} s (browser and server ready after {:.1} s)",
                started.elapsed().as_secs_f64(),
                ready.as_secs_f64()
            );
            None
        }
        Err(e) => Some(format!("{e:#}\n{}", browser.diagnostics(name).await)),
    };
    let _ = client.close().await;
    drop(driver);
    let _ = stop.send(());
    let _ = server.await;
    state.db.close_by_ref().await.ok();
    drop(dir);
    if let Some(f) = failure {
        panic!("journey {name} failed: {f}");
    }
}

fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    if let Some(s) = panic.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = panic.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic".to_owned()
    }
}

/// Collapse whitespace and drop Fluent's bidi isolation marks.
pub fn normalize(s: &str) -> String {
    s.replace(['\u{2068}', '\u{2069}'], "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn is_selector(s: &str) -> bool {
    s.starts_with(['#', '.', '[']) || s.contains(['[', '>', '='])
}

/// One journey's browser, on one application.
#[derive(Clone)]
pub struct Browser {
    pub client: Client,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// The application's state (database) for setting up data.
    pub state: AppState,
    pub lang: Lang,
    pub viewport: Viewport,
    http: reqwest::Client,
}

impl Browser {
    /// Fail unless the page sees exactly the viewport's size.
    async fn check_viewport(&self) -> Step {
        let Viewport { width, height, .. } = self.viewport;
        let inner = self
            .client
            .execute("return [window.innerWidth, window.innerHeight]", vec![])
            .await?;
        let seen = (inner[0].as_u64(), inner[1].as_u64());
        if seen != (Some(u64::from(width)), Some(u64::from(height))) {
            bail!("the page sees {inner} instead of {width}×{height}");
        }
        Ok(())
    }

    /// Choose the run's language through the switch, whatever Chromium's
    /// `Accept-Language` says.
    async fn use_language(&self) -> Step {
        self.goto(&format!("/lang/{}?next=/", self.lang.code()))
            .await
    }

    /// What to print when a journey fails; saves a screenshot.
    async fn diagnostics(&self, name: &str) -> String {
        let url = match self.client.current_url().await {
            Ok(u) => u.to_string(),
            Err(e) => format!("(no URL: {e})"),
        };
        let text = self.body_text().await.unwrap_or_default();
        let excerpt: String = text.chars().take(3000).collect();
        let mut out = format!("at {url}\npage text:\n{excerpt}\n");
        if let Ok(png) = self.client.screenshot().await {
            let dir = failure_dir();
            let file = dir.join(format!("{}.png", name.replace("::", "-")));
            if std::fs::create_dir_all(&dir).is_ok() && std::fs::write(&file, png).is_ok() {
                out.push_str(&format!("screenshot: {}\n", file.display()));
            }
        }
        out
    }

    /// The full URL of a path on the application.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// The current path with its query.
    pub async fn path(&self) -> Step<String> {
        let url = self.client.current_url().await?;
        Ok(match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_owned(),
        })
    }

    /// A message in the run's language, without isolation marks.
    pub fn t(&self, key: &str) -> String {
        normalize(&self.lang.t(key))
    }

    /// A message with arguments in the run's language.
    pub fn ta(&self, key: &str, args: &[(&str, &str)]) -> String {
        normalize(&self.lang.t_args(key, args))
    }

    /// Open a path and wait for the page to load.
    pub async fn goto(&self, path: &str) -> Step {
        self.client
            .goto(&self.url(path))
            .await
            .with_context(|| format!("opening {path}"))?;
        self.wait_loaded().await
    }

    async fn wait_loaded(&self) -> Step {
        self.poll("the page to load", || async {
            let v = self
                .client
                .execute("return document.readyState", vec![])
                .await?;
            Ok((v == "complete").then_some(()))
        })
        .await
    }

    /// Poll `probe` until it gives a value, for at most [`WAIT`].
    pub async fn poll<T, F, Fut>(&self, what: &str, mut probe: F) -> Step<T>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Step<Option<T>>>,
    {
        let started = Instant::now();
        loop {
            match probe().await {
                Ok(Some(v)) => return Ok(v),
                Ok(None) => {}
                Err(e) if started.elapsed() > WAIT => return Err(e),
                Err(_) => {}
            }
            if started.elapsed() > WAIT {
                bail!("timed out waiting for {what}");
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// The first element matching a CSS selector, waiting for it.
    pub async fn find(&self, css: &str) -> Step<Element> {
        self.poll(&format!("an element `{css}`"), || async {
            Ok(self
                .client
                .find_all(Locator::Css(css))
                .await?
                .into_iter()
                .next())
        })
        .await
    }

    /// Whether an element matches a CSS selector now.
    pub async fn exists(&self, css: &str) -> Step<bool> {
        Ok(!self.client.find_all(Locator::Css(css)).await?.is_empty())
    }

    /// The visible text of the first element matching a CSS selector.
    pub async fn text(&self, css: &str) -> Step<String> {
        Ok(normalize(&self.find(css).await?.text().await?))
    }

    /// The page's visible text.
    pub async fn body_text(&self) -> Step<String> {
        let v = self
            .client
            .execute(
                "return document.body ? document.body.innerText : ''",
                vec![],
            )
            .await?;
        Ok(normalize(v.as_str().unwrap_or_default()))
    }

    /// The CSS selector of a form control given by selector or label text.
    async fn control(&self, label_or_selector: &str) -> Step<String> {
        if is_selector(label_or_selector) {
            return Ok(label_or_selector.to_owned());
        }
        let wanted = normalize(label_or_selector);
        self.poll(&format!("a label `{wanted}`"), || async {
            for label in self.client.find_all(Locator::Css("label[for]")).await? {
                if normalize(&label.text().await?) == wanted
                    && let Some(id) = label.attr("for").await?
                {
                    return Ok(Some(format!("[id=\"{id}\"]")));
                }
            }
            Ok(None)
        })
        .await
    }

    /// Type into a field given by its label text or a CSS selector. Date and
    /// time fields get their ISO value directly (their typed form depends
    /// on the browser's locale).
    pub async fn fill(&self, label_or_selector: &str, text: &str) -> Step {
        let css = self.control(label_or_selector).await?;
        let el = self.find(&css).await?;
        let kind = el.attr("type").await?.unwrap_or_default();
        if matches!(kind.as_str(), "date" | "time") {
            self.client
                .execute(
                    "const e = arguments[0]; e.value = arguments[1];\
                     e.dispatchEvent(new Event('input', {bubbles: true}));\
                     e.dispatchEvent(new Event('change', {bubbles: true}));",
                    vec![serde_json::to_value(&el)?, json!(text)],
                )
                .await?;
        } else {
            el.clear().await?;
            el.send_keys(text).await?;
        }
        let value = el.prop("value").await?.unwrap_or_default();
        if value != text {
            bail!("`{css}` holds {value:?} after typing {text:?}");
        }
        Ok(())
    }

    /// Choose an option of a `<select>` by its value.
    pub async fn select(&self, label_or_selector: &str, value: &str) -> Step {
        let css = self.control(label_or_selector).await?;
        self.find(&css).await?.select_by_value(value).await?;
        Ok(())
    }

    /// Tick a radio button or checkbox given by its label text or selector.
    pub async fn choose(&self, label_or_selector: &str) -> Step {
        let css = if is_selector(label_or_selector) {
            label_or_selector.to_owned()
        } else {
            let wanted = normalize(label_or_selector);
            self.poll(&format!("a choice `{wanted}`"), || async {
                for label in self.client.find_all(Locator::Css("label")).await? {
                    if normalize(&label.text().await?) == wanted {
                        if let Some(id) = label.attr("for").await? {
                            return Ok(Some(format!("[id=\"{id}\"]")));
                        }
                        let input = label.find(Locator::Css("input")).await?;
                        if let Some(id) = input.attr("id").await? {
                            return Ok(Some(format!("[id=\"{id}\"]")));
                        }
                        let (name, value) = (input.attr("name").await?, input.attr("value").await?);
                        return Ok(Some(format!(
                            "input[name=\"{}\"][value=\"{}\"]",
                            name.unwrap_or_default(),
                            value.unwrap_or_default()
                        )));
                    }
                }
                Ok(None)
            })
            .await?
        };
        let el = self.find(&css).await?;
        el.click().await?;
        if !el.is_selected().await? {
            bail!("`{css}` is not ticked after clicking it");
        }
        Ok(())
    }

    /// Mark the current document, so that [`Self::wait_navigated`] can tell
    /// when another one replaced it.
    async fn mark(&self) -> Step {
        self.client
            .execute("window.__journeyMark = true", vec![])
            .await?;
        Ok(())
    }

    async fn wait_navigated(&self, what: &str) -> Step {
        self.poll(&format!("a new page after {what}"), || async {
            let v = self
                .client
                .execute(
                    "return !window.__journeyMark && document.readyState === 'complete'",
                    vec![],
                )
                .await?;
            Ok((v == true).then_some(()))
        })
        .await
    }

    /// The first visible element of `css` whose text is `text`.
    async fn by_text(&self, css: &str, text: &str) -> Step<Element> {
        let wanted = normalize(text);
        self.poll(&format!("`{css}` reading `{wanted}`"), || async {
            for el in self.client.find_all(Locator::Css(css)).await? {
                if el.is_displayed().await? && normalize(&el.text().await?) == wanted {
                    return Ok(Some(el));
                }
            }
            Ok(None)
        })
        .await
    }

    /// Click the button reading `text` and wait for the next page.
    pub async fn click_button(&self, text: &str) -> Step {
        let el = self.by_text("button", text).await?;
        self.mark().await?;
        el.click().await?;
        self.wait_navigated(&format!("the button `{text}`")).await
    }

    /// Click the link reading `text` and wait for the next page.
    pub async fn click_link(&self, text: &str) -> Step {
        let el = self.by_text("a", text).await?;
        self.mark().await?;
        el.click().await?;
        self.wait_navigated(&format!("the link `{text}`")).await
    }

    /// Click the element matching `css` and wait for the next page.
    pub async fn follow(&self, css: &str) -> Step {
        let el = self.find(css).await?;
        self.mark().await?;
        el.click().await?;
        self.wait_navigated(&format!("`{css}`")).await
    }

    /// Wait until the page's text contains `text`.
    pub async fn assert_text(&self, text: &str) -> Step {
        let wanted = normalize(text);
        let started = Instant::now();
        loop {
            let body = self.body_text().await?;
            if body.contains(&wanted) {
                return Ok(());
            }
            if started.elapsed() > WAIT {
                let path = self.path().await.unwrap_or_default();
                bail!("{path} does not show {wanted:?}");
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Wait until the path (with query) starts with `prefix`.
    pub async fn assert_path(&self, prefix: &str) -> Step<String> {
        let started = Instant::now();
        loop {
            let path = self.path().await?;
            if path.starts_with(prefix) {
                return Ok(path);
            }
            if started.elapsed() > WAIT {
                bail!("expected to be on {prefix}, but on {path}");
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Press keys on whatever has the focus, as a person would.
    pub async fn press(&self, keys: &[Key]) -> Step {
        let mut actions = KeyActions::new("keyboard".to_owned());
        for k in keys {
            let value = char::from(*k);
            actions = actions
                .then(KeyAction::Down { value })
                .then(KeyAction::Up { value });
        }
        self.client.perform_actions(actions).await?;
        Ok(())
    }

    /// Type text on whatever has the focus.
    pub async fn type_text(&self, text: &str) -> Step {
        let mut actions = KeyActions::new("keyboard".to_owned());
        for value in text.chars() {
            actions = actions
                .then(KeyAction::Down { value })
                .then(KeyAction::Up { value });
        }
        self.client.perform_actions(actions).await?;
        Ok(())
    }

    /// Whether the focused element matches `css`.
    pub async fn focused(&self, css: &str) -> Step<bool> {
        let v = self
            .client
            .execute(
                "const a = document.activeElement; return !!a && a.matches(arguments[0])",
                vec![json!(css)],
            )
            .await?;
        Ok(v == true)
    }

    /// Press Tab until the element matching `css` has the focus (at most 80
    /// times): proves it is reachable from the keyboard in a sensible order.
    pub async fn tab_to(&self, css: &str) -> Step {
        for _ in 0..80 {
            if self.focused(css).await? {
                return Ok(());
            }
            self.press(&[Key::Tab]).await?;
        }
        bail!("Tab never reaches `{css}`")
    }

    /// Press Enter on the focused element and wait for the next page.
    pub async fn submit_with_enter(&self) -> Step {
        self.mark().await?;
        self.press(&[Key::Enter]).await?;
        self.wait_navigated("pressing Enter").await
    }

    /// Log in through the page and land on `/`.
    pub async fn login(&self, email: &str, password: &str) -> Step {
        self.goto("/login").await?;
        self.fill("#email", email).await?;
        self.fill("#password", password).await?;
        self.click_button(&self.t("login-submit")).await?;
        let path = self.path().await?;
        if path.starts_with("/login") {
            let text = self.body_text().await?;
            bail!("logging in as {email} failed: {text}");
        }
        Ok(())
    }

    /// Log out through the header's button.
    pub async fn logout(&self) -> Step {
        self.click_button(&self.t("nav-logout")).await
    }

    /// Check the page as every page must be: no untranslated message, the
    /// run's language, keyboard-usable forms, and no serious or critical
    /// axe-core violation.
    pub async fn check_page(&self) -> Step {
        let path = self.path().await?;
        self.wait_loaded().await?;
        let html = self.client.source().await?;
        if let Some(at) = html.find("Unknown localization") {
            let end = html[at..]
                .char_indices()
                .nth(80)
                .map_or(html.len(), |(i, _)| at + i);
            bail!("{path}: untranslated message: {}", &html[at..end]);
        }
        let lang = self
            .client
            .execute("return document.documentElement.lang", vec![])
            .await?;
        if lang != self.lang.code() {
            bail!("{path}: <html lang={lang}> in a {} run", self.lang.code());
        }
        self.check_keyboard(&path).await?;
        self.check_axe(&path).await?;
        self.note_overflow(&path).await
    }

    /// Print (not fail) when the page is wider than the viewport: readers
    /// must then scroll sideways (WCAG 1.4.10 allows it for data tables).
    async fn note_overflow(&self, path: &str) -> Step {
        let wide = self
            .client
            .execute(
                r#"
const w = document.documentElement.clientWidth;
if (document.documentElement.scrollWidth <= w) return null;
const culprits = [...document.querySelectorAll('main *')]
  .filter(e => e.getBoundingClientRect().right > w + 1)
  .filter(e => !(e.parentElement && e.parentElement.getBoundingClientRect().right > w + 1));
return [document.documentElement.scrollWidth, culprits.slice(0, 3).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + e.className : ''))];
"#,
                vec![],
            )
            .await?;
        if !wide.is_null() {
            eprintln!(
                "{path}: {} px wide in a {} px viewport ({}); widest: {}",
                wide[0], self.viewport.width, self.viewport.name, wide[1]
            );
        }
        Ok(())
    }

    async fn check_keyboard(&self, path: &str) -> Step {
        let problems = self
            .client
            .execute(
                r#"
const out = [];
const describe = e => e.outerHTML.slice(0, 120);
const visible = e => !!(e.offsetWidth || e.offsetHeight || e.getClientRects().length);
for (const f of document.forms) {
  const controls = [...f.elements].filter(e => !['FIELDSET', 'OBJECT', 'OUTPUT'].includes(e.tagName) && e.type !== 'hidden' && !e.disabled && visible(e));
  for (const c of controls) if (c.tabIndex < 0) out.push('not reachable with Tab: ' + describe(c));
  const submit = controls.some(c => (c.tagName === 'BUTTON' && (c.type || 'submit') === 'submit') || (c.tagName === 'INPUT' && c.type === 'submit'));
  if (!submit) out.push('form without a submit button: ' + describe(f));
}
for (const e of document.querySelectorAll('[tabindex]')) if (e.tabIndex > 0) out.push('positive tabindex: ' + describe(e));
for (const e of document.querySelectorAll('[onclick]:not(a):not(button):not(input)')) out.push('click handler on a non-control: ' + describe(e));
return out;
"#,
                vec![],
            )
            .await?;
        let list = problems.as_array().cloned().unwrap_or_default();
        if !list.is_empty() {
            let lines: Vec<String> = list
                .iter()
                .map(|p| format!("  - {}", p.as_str().unwrap_or_default()))
                .collect();
            bail!("{path}: keyboard problems:\n{}", lines.join("\n"));
        }
        Ok(())
    }

    async fn check_axe(&self, path: &str) -> Step {
        // IMIGRASI_AXE_REPORT=1 also prints moderate and minor findings.
        let report_all = std::env::var("IMIGRASI_AXE_REPORT").as_deref() == Ok("1");
        let loaded = self
            .client
            .execute("return typeof window.axe === 'object'", vec![])
            .await?;
        if loaded != true {
            self.client.execute(AXE, vec![]).await?;
        }
        let result = self
            .client
            .execute_async(
                r#"
const all = arguments[0];
const done = arguments[arguments.length - 1];
window.axe.run(document, { resultTypes: ['violations'] })
  .then(r => done({ violations: r.violations
      .filter(v => all || v.impact === 'serious' || v.impact === 'critical')
      .map(v => ({ id: v.id, impact: v.impact, help: v.help,
                   nodes: v.nodes.map(n => n.target.join(' ') + ' ' + (n.failureSummary || '').replace(/\s+/g, ' ')) })) }))
  .catch(e => done({ error: String(e) }));
"#,
                vec![json!(report_all)],
            )
            .await?;
        if let Some(e) = result.get("error") {
            bail!("{path}: axe-core failed: {e}");
        }
        let all = result["violations"].as_array().cloned().unwrap_or_default();
        let (violations, minor): (Vec<Value>, Vec<Value>) = all
            .into_iter()
            .partition(|v| matches!(v["impact"].as_str(), Some("serious" | "critical")));
        for v in &minor {
            eprintln!(
                "{path}: axe-core [{}] {}: {} ({} nodes)",
                v["impact"].as_str().unwrap_or_default(),
                v["id"].as_str().unwrap_or_default(),
                v["help"].as_str().unwrap_or_default(),
                v["nodes"].as_array().map_or(0, Vec::len)
            );
        }
        if violations.is_empty() {
            return Ok(());
        }
        let mut report = format!("{path}: accessibility violations (axe-core):\n");
        for v in &violations {
            report.push_str(&format!(
                "  [{}] {}: {}\n",
                v["impact"].as_str().unwrap_or_default(),
                v["id"].as_str().unwrap_or_default(),
                v["help"].as_str().unwrap_or_default()
            ));
            for n in v["nodes"].as_array().into_iter().flatten().take(5) {
                report.push_str(&format!("      {}\n", n.as_str().unwrap_or_default()));
            }
        }
        bail!(report)
    }

    /// Save a screenshot of the viewport to `docs/screenshots/NAME.png`, on
    /// the desktop run in English, when `IMIGRASI_SCREENSHOTS=1`.
    pub async fn screenshot(&self, name: &str) -> Step {
        if std::env::var("IMIGRASI_SCREENSHOTS").as_deref() != Ok("1")
            || self.viewport != Viewport::DESKTOP
            || self.lang != Lang::En
        {
            return Ok(());
        }
        // Start at the top, with no focus ring from the last click.
        self.client
            .execute(
                "window.scrollTo(0, 0); if (document.activeElement) document.activeElement.blur();",
                vec![],
            )
            .await?;
        let png = self.client.screenshot().await?;
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/screenshots");
        std::fs::create_dir_all(&dir)?;
        std::fs::write(dir.join(format!("{name}.png")), png)?;
        Ok(())
    }

    /// Create an account directly (staff cannot register themselves), with
    /// the password [`PASSWORD`].
    pub async fn account(&self, email: &str, role: Role, office: Option<&str>) -> Step {
        accounts::create(
            &self.state.db,
            NewAccount {
                email: email.to_owned(),
                password: PASSWORD.to_owned(),
                full_name: format!("{} {}", role.as_str(), office.unwrap_or("staff")),
                role,
                office: office.map(str::to_owned),
            },
        )
        .await
        .map_err(|e| anyhow!("creating {email}: {e}"))?;
        Ok(())
    }

    /// Log in through the API; returns the bearer token.
    pub async fn api_login(&self, email: &str, password: &str) -> Step<String> {
        let v = self
            .api(
                "POST",
                "/api/v1/sessions",
                None,
                &json!({"email": email, "password": password}),
            )
            .await?;
        v["token"]
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| anyhow!("no token in {v}"))
    }

    /// Call the JSON API; fails unless the answer is a success.
    pub async fn api(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: &Value,
    ) -> Step<Value> {
        let method = reqwest::Method::from_bytes(method.as_bytes())?;
        let mut req = self.http.request(method, self.url(path)).json(body);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let res = req.send().await?;
        let status = res.status();
        let text = res.text().await?;
        if !status.is_success() {
            bail!("{path} answered {status}: {text}");
        }
        Ok(serde_json::from_str(&text).unwrap_or(Value::Null))
    }
}

fn failure_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"))
        .join("browser-failures")
}

/// A date `days` from today in office time (WIB), as `YYYY-MM-DD`.
pub fn days_ahead(days: i64) -> String {
    let today = jiff::Timestamp::now()
        .to_zoned_datetime(
            jiff::tz::TimeZone::get("Asia/Jakarta").unwrap_or(jiff::tz::TimeZone::UTC),
        )
        .date();
    today
        .checked_add(jiff::Span::new().days(days))
        .map(|d| d.to_string())
        .unwrap_or_default()
}
