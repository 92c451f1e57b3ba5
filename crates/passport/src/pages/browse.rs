//! The service start page and the office list.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use imigrasi_platform::AppState;
use imigrasi_platform::http::ctx::Ctx;
use imigrasi_platform::http::error::PageError;
use imigrasi_platform::http::page::{Page, render};
use imigrasi_platform::offices;

use super::view::{duration, rupiah};
use crate::domain::{Category, CheckInWindow, MAX_ACTIVE_BOOKINGS_PER_ACCOUNT, PassportType};
use crate::store;

#[derive(Template)]
#[template(path = "passport_start.html")]
struct StartTemplate {
    page: Page,
    fee_regular: String,
    fee_electronic: String,
    fee_accelerated: String,
    hold: String,
    check_in_minutes: String,
    max_active: String,
}

/// `GET /passport`: what the service is and how it works.
pub(crate) async fn start(State(state): State<AppState>, ctx: Ctx) -> Result<Response, PageError> {
    let regular = store::fee(&state.db, PassportType::Regular, Category::Regular).await?;
    let electronic = store::fee(&state.db, PassportType::Electronic, Category::Regular).await?;
    let accelerated = store::fee(&state.db, PassportType::Regular, Category::Accelerated).await?;
    render(&StartTemplate {
        page: Page::new(&ctx),
        fee_regular: rupiah(regular),
        fee_electronic: rupiah(electronic),
        fee_accelerated: rupiah(accelerated - regular),
        hold: duration(
            ctx.lang,
            i64::from(crate::app::passport_settings(&state).payment_hold_minutes),
        ),
        check_in_minutes: CheckInWindow::default().early_minutes.to_string(),
        max_active: MAX_ACTIVE_BOOKINGS_PER_ACCOUNT.to_string(),
    })
}

/// Offices of one city.
struct City {
    name: String,
    offices: Vec<(String, String)>,
}

/// Cities of one province.
struct Province {
    name: String,
    cities: Vec<City>,
}

#[derive(Template)]
#[template(path = "passport_offices.html")]
struct OfficesTemplate {
    page: Page,
    provinces: Vec<Province>,
}

/// `GET /passport/offices`: offices by province and city.
pub(crate) async fn offices(
    State(state): State<AppState>,
    ctx: Ctx,
) -> Result<Response, PageError> {
    let mut provinces: Vec<Province> = Vec::new();
    for o in offices::list(&state.db).await? {
        if provinces.last().is_none_or(|p| p.name != o.province) {
            provinces.push(Province {
                name: o.province.clone(),
                cities: Vec::new(),
            });
        }
        let Some(province) = provinces.last_mut() else {
            continue;
        };
        if province.cities.last().is_none_or(|c| c.name != o.city) {
            province.cities.push(City {
                name: o.city.clone(),
                offices: Vec::new(),
            });
        }
        if let Some(city) = province.cities.last_mut() {
            city.offices.push((o.code, o.name));
        }
    }
    render(&OfficesTemplate {
        page: Page::new(&ctx),
        provinces,
    })
}
