//! Fixtures of the APOA supervision tests: premises in Denpasar's area
//! and one in Medan's, the officers who look at them, guests.

use imigrasi_platform::policy::Role;
use serde_json::{Value, json};

use super::TestApp;
use super::apoa::{premise, registered_premise, reported, stay, typed_guest};

/// Premises in Denpasar's area and one in Medan's, and the people who
/// look at them.
pub struct Area {
    pub hotel: String,
    /// `51.71` Kota Denpasar (DENPASAR).
    pub sanur: String,
    /// `51.04` Gianyar (DENPASAR).
    pub ubud: String,
    /// `51.05` Klungkung (DENPASAR).
    pub klungkung: String,
    /// `12.71` Kota Medan (MEDAN).
    pub medan: String,
    pub denpasar: String,
    pub medan_officer: String,
    pub admin: String,
    pub citizen: String,
}

async fn premise_id(app: &TestApp, hotel: &str, name: &str, regency: &str) -> String {
    let v = registered_premise(app, hotel, &premise(name, regency)).await;
    v["id"].as_str().unwrap().to_owned()
}

pub async fn area(app: &TestApp) -> Area {
    let hotel = app
        .staff("desk@nusantara.example.id", Role::Lodging, None)
        .await;
    Area {
        sanur: premise_id(app, &hotel, "Wisma Sanur", "51.71").await,
        ubud: premise_id(app, &hotel, "Villa Ubud", "51.04").await,
        klungkung: premise_id(app, &hotel, "Pondok Klungkung", "51.05").await,
        medan: premise_id(app, &hotel, "Wisma Medan", "12.71").await,
        denpasar: app
            .staff(
                "watch@denpasar.imigrasi.go.id",
                Role::Officer,
                Some("DENPASAR"),
            )
            .await,
        medan_officer: app
            .staff("watch@medan.imigrasi.go.id", Role::Officer, Some("MEDAN"))
            .await,
        admin: app
            .staff("admin@imigrasi.go.id", Role::Administrator, None)
            .await,
        citizen: app.staff("budi@example.id", Role::Citizen, None).await,
        hotel,
    }
}

/// A typed guest of another name and nationality.
pub fn guest(passport: &str, surname: &str, given: &str, nationality: &str) -> Value {
    let mut g = typed_guest(passport);
    g["surname"] = json!(surname);
    g["given_names"] = json!(given);
    g["nationality"] = json!(nationality);
    g
}

/// Report `guest` at `premise`, checked in `hours_ago`; the stay's id.
pub async fn lodge(app: &TestApp, a: &Area, premise: &str, guest: Value, hours_ago: i64) -> String {
    let v = reported(app, &a.hotel, &stay(premise, guest, hours_ago)).await;
    v["id"].as_str().unwrap().to_owned()
}

/// Run a statement (crafting dates in the past).
pub async fn sql(app: &TestApp, statement: &str) {
    imigrasi_platform::db::exec(&app.state.db, statement, [])
        .await
        .unwrap();
}
