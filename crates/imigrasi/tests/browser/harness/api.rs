//! Setting up data through the application: accounts and API calls.

use anyhow::{anyhow, bail};
use imigrasi_platform::accounts::{self, NewAccount};
use imigrasi_platform::policy::Role;
use serde_json::{Value, json};

use super::{Browser, PASSWORD, Step};

impl Browser {
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

    /// The latest e-mail verification code queued for `email` (read from
    /// the outbox, as the owner would read the e-mail).
    pub async fn email_code(&self, email: &str) -> Step<String> {
        let msgs = imigrasi_platform::outbox::for_recipient(&self.state.db, email).await?;
        msgs.iter()
            .find(|(t, _)| t == imigrasi_platform::email_verification::CODE_TEMPLATE)
            .and_then(|(_, p)| p["code"].as_str().map(str::to_owned))
            .ok_or_else(|| anyhow!("no verification code for {email}"))
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
