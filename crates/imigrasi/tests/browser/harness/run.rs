//! Running one journey: the application, the driver, the browser, and the
//! diagnostics when it fails.

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::time::Instant;

use anyhow::{anyhow, bail};
use fantoccini::ClientBuilder;
use futures::FutureExt;
use imigrasi::Application;
use imigrasi_platform::i18n::Lang;

use super::driver::{Driver, TempDir, browser_installed, capabilities, config, failure_dir};
use super::{Browser, Step, Viewport};

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
}
