//! [`Browser`]: the WebDriver client with the verbs the journeys use.

use std::future::Future;
use std::time::Instant;

use anyhow::{Context, bail};
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::elements::Element;
use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use imigrasi_platform::AppState;
use imigrasi_platform::i18n::Lang;
use serde_json::json;

use super::{POLL, Step, Viewport, WAIT};

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
    pub(super) http: reqwest::Client,
}

impl Browser {
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

    pub(super) async fn wait_loaded(&self) -> Step {
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
    pub(super) async fn control(&self, label_or_selector: &str) -> Step<String> {
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
    pub(super) async fn mark(&self) -> Step {
        self.client
            .execute("window.__journeyMark = true", vec![])
            .await?;
        Ok(())
    }

    pub(super) async fn wait_navigated(&self, what: &str) -> Step {
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
    pub(super) async fn by_text(&self, css: &str, text: &str) -> Step<Element> {
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
}
