//! Fixtures of the stay-permit tests.

use serde_json::{Value, json};

use super::TestApp;

/// A permit body: an ITAS in Denpasar (WITA) for `email`, valid `from` to
/// `until`.
pub fn permit(email: &str, passport: &str, from: &str, until: &str) -> Value {
    json!({
        "kind": "ITAS",
        "holder": {
            "surname": "Smith", "given_names": "Jane Mary", "nationality": "AUS",
            "passport_number": passport, "birth_date": "1990-05-01", "sex": "F",
            "email": email,
        },
        "address": { "line": "Jl. Raya Sanur 12", "regency": "51.71" },
        "valid_from": from,
        "valid_until": until,
        "origin_visa": "E23",
    })
}

/// Register a permit; returns the response.
pub async fn register(app: &TestApp, token: &str, body: &Value) -> reqwest::Response {
    app.post_json("/api/v1/stay/permits", Some(token), body)
        .await
}

/// Register a permit that must be accepted; returns its JSON.
pub async fn registered(app: &TestApp, token: &str, body: &Value) -> Value {
    let res = register(app, token, body).await;
    assert_eq!(res.status(), 201, "{:?}", res.text().await);
    res.json().await.unwrap()
}

/// `GET /api/v1/stay/permits/{number}`.
pub async fn get_permit(app: &TestApp, token: &str, number: &str) -> reqwest::Response {
    app.get(&format!("/api/v1/stay/permits/{number}"), Some(token))
        .await
}

/// The numbers of `GET /api/v1/stay/permits`.
pub async fn list_numbers(app: &TestApp, token: &str) -> Vec<String> {
    let res = app.get("/api/v1/stay/permits", Some(token)).await;
    assert_eq!(res.status(), 200);
    let v: Value = res.json().await.unwrap();
    v["permits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["number"].as_str().unwrap().to_owned())
        .collect()
}
