//! Page fixtures: HTML pages that must be fully translated, forms, and
//! Server-Sent Events streams.

use std::time::Duration;

use serde_json::{Value, json};
use tokio::time::Instant;

use super::TestApp;

/// A request with a bearer token and a session cookie when given.
fn signed_in(
    mut req: reqwest::RequestBuilder,
    token: Option<&str>,
    cookie: Option<&str>,
) -> reqwest::RequestBuilder {
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    if let Some(c) = cookie {
        req = req.header("cookie", c);
    }
    req
}

/// GET a page with a language, an optional bearer token and an optional
/// cookie; returns status and HTML, which must be fully translated.
pub async fn page_as(
    app: &TestApp,
    path: &str,
    lang: &str,
    token: Option<&str>,
    cookie: Option<&str>,
) -> (u16, String) {
    let req = app
        .client
        .get(app.url(path))
        .header("accept-language", lang);
    let res = signed_in(req, token, cookie).send().await.unwrap();
    let status = res.status().as_u16();
    let html = res.text().await.unwrap();
    assert!(
        !html.contains("Unknown localization"),
        "{path} ({lang}) has an untranslated message:\n{html}"
    );
    (status, html)
}

/// GET a page with a language and an optional bearer token; the page must
/// be fully translated.
pub async fn page(app: &TestApp, path: &str, lang: &str, token: Option<&str>) -> (u16, String) {
    page_as(app, path, lang, token, None).await
}

/// POST a form with a bearer token; returns status, `Location` and body.
pub async fn post_form(
    app: &TestApp,
    path: &str,
    token: Option<&str>,
    cookie: Option<&str>,
    form: &[(&str, &str)],
) -> (u16, String, String) {
    let req = app.client.post(app.url(path)).form(form);
    let res = signed_in(req, token, cookie).send().await.unwrap();
    let status = res.status().as_u16();
    let location = res
        .headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, location, res.text().await.unwrap())
}

/// POST a form as `token` in English; returns status, `Location` and body.
pub async fn form_en(
    app: &TestApp,
    token: &str,
    path: &str,
    fields: &[(&str, &str)],
) -> (u16, String, String) {
    let req = app
        .client
        .post(app.url(path))
        .header("accept-language", "en")
        .form(fields);
    let res = signed_in(req, Some(token), None).send().await.unwrap();
    let status = res.status().as_u16();
    let location = res
        .headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, location, res.text().await.unwrap())
}

/// An open Server-Sent Events stream.
pub struct Sse {
    res: reqwest::Response,
    buf: String,
}

impl Sse {
    pub async fn connect(app: &TestApp, path: &str) -> Sse {
        let res = app.client.get(app.url(path)).send().await.unwrap();
        assert_eq!(res.status(), 200);
        let h = res.headers();
        assert!(
            h["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/event-stream")
        );
        assert_eq!(h["cache-control"], "no-cache");
        assert_eq!(h["x-accel-buffering"], "no");
        Sse {
            res,
            buf: String::new(),
        }
    }

    /// The next event (name, data), skipping keep-alive comments, or `None`
    /// when nothing arrives in time.
    pub async fn next(&mut self, within: Duration) -> Option<(String, String)> {
        let deadline = Instant::now() + within;
        loop {
            while let Some(i) = self.buf.find("\n\n") {
                let block: String = self.buf.drain(..i + 2).collect();
                let mut name = String::new();
                let mut data = Vec::new();
                for line in block.lines() {
                    if let Some(v) = line.strip_prefix("event:") {
                        name = v.trim().to_owned();
                    } else if let Some(v) = line.strip_prefix("data:") {
                        data.push(v.strip_prefix(' ').unwrap_or(v).to_owned());
                    }
                }
                if !name.is_empty() || !data.is_empty() {
                    return Some((name, data.join("\n")));
                }
            }
            let left = deadline.saturating_duration_since(Instant::now());
            match tokio::time::timeout(left, self.res.chunk()).await {
                Ok(Ok(Some(bytes))) => self.buf.push_str(&String::from_utf8_lossy(&bytes)),
                _ => return None,
            }
        }
    }

    /// The next event named `name` within `within`, skipping others.
    pub async fn expect(&mut self, name: &str, within: Duration) -> Value {
        let deadline = Instant::now() + within;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let Some((n, data)) = self.next(left).await else {
                panic!("no `{name}` event within {within:?}");
            };
            if n == name {
                return serde_json::from_str(&data).unwrap();
            }
        }
    }
}

/// On PostgreSQL events travel through LISTEN/NOTIFY: wait until this
/// process's listener delivers, so a test measures delivery, not start-up.
pub async fn events_ready(app: &TestApp) {
    let mut rx = app.state.events.subscribe();
    for _ in 0..50 {
        app.state
            .events
            .publish(&app.state.db, "test:warm-up", json!({}))
            .await;
        let got = tokio::time::timeout(Duration::from_millis(200), async {
            loop {
                match rx.recv().await {
                    Ok(e) if e.topic == "test:warm-up" => return true,
                    Ok(_) => {}
                    Err(_) => return false,
                }
            }
        })
        .await;
        if got == Ok(true) {
            return;
        }
    }
    panic!("the event listener never delivered");
}
