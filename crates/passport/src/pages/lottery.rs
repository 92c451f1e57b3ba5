//! `GET /passport/lotteries/{id}`: the odds, the commitment, and once
//! drawn the seed, the entries hash and how to check the draw
//! (docs/lottery.md). Public: it shows no personal data.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use imigrasi_platform::AppState;
use imigrasi_platform::http::ctx::Ctx;
use imigrasi_platform::http::error::PageError;
use imigrasi_platform::http::page::{Page, instant_in, render};

use crate::store::lottery as store;

#[derive(Template)]
#[template(path = "passport_lottery.html")]
struct LotteryTemplate {
    page: Page,
    id: String,
    office: String,
    drawn: bool,
    status: String,
    odds: String,
    chance: String,
    dates: String,
    commitment: String,
    seed: String,
    entries_hash: String,
    enter: String,
}

/// The chance of one entry when every entry accepts every date, in percent.
fn chance_percent(places: i64, entries: i64) -> String {
    if entries <= places {
        return "100".to_owned();
    }
    let tenths = places * 1000 / entries.max(1);
    format!("{}.{}", tenths / 10, tenths % 10)
}

/// `GET /passport/lotteries/{id}`.
pub(crate) async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let lang = ctx.lang;
    let l = store::find(&state.db, &id)
        .await?
        .ok_or_else(PageError::not_found)?;
    let entries = store::count_entries(&state.db, &l.id).await?;
    let mut dates: Vec<String> = store::slots_of(&state.db, &l.id)
        .await?
        .iter()
        .map(|s| s.date.to_string())
        .collect();
    dates.dedup();
    let zone = crate::store::office_zone(&state.db, &l.office_code).await?;
    let drawn = l.is_drawn();
    let status = if drawn {
        lang.t("plot-status-drawn")
    } else {
        lang.t_args(
            "plot-status-open",
            &[("closes", &instant_in(l.closes_at, zone))],
        )
    };
    render(&LotteryTemplate {
        page: Page::new(&ctx),
        odds: lang.t_args(
            "plot-odds",
            &[
                ("places", &l.places.to_string()),
                ("entries", &entries.to_string()),
            ],
        ),
        chance: lang.t_args(
            "plot-chance",
            &[("percent", &chance_percent(l.places, entries))],
        ),
        dates: lang.t_args("plot-dates", &[("dates", &dates.join(", "))]),
        enter: lang.t_args("plot-enter", &[("id", &l.id)]),
        status,
        drawn,
        seed: if drawn { l.seed } else { String::new() },
        entries_hash: l.entries_hash.unwrap_or_default(),
        commitment: l.commitment,
        office: l.office_code,
        id: l.id,
    })
}

#[cfg(test)]
mod tests {
    use super::chance_percent;

    #[test]
    fn chance_is_places_over_entries() {
        assert_eq!(chance_percent(3, 2), "100");
        assert_eq!(chance_percent(3, 6), "50.0");
        assert_eq!(chance_percent(1, 3), "33.3");
    }
}
