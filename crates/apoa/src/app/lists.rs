//! The reporter's lists: a premise's guests in house and its reports.

use imigrasi_platform::AppState;

use super::{ApoaError, Reporter, premise_for};
use crate::store::lists::{self, Shown};
use crate::store::premises::Premise;
use crate::store::stays::Stay;

/// Rows on one page of a list.
pub const PER_PAGE: u64 = 25;

/// One page of a premise's reports.
#[derive(Debug, Clone)]
pub struct PremiseStays {
    /// The premise.
    pub premise: Premise,
    /// The reports on this page.
    pub stays: Vec<Stay>,
    /// Whether a next page exists.
    pub more: bool,
}

/// Page `page` (from 1) of premise `premise_id`'s reports, for its owner or
/// its key; another lodging's premise is [`ApoaError::NotFound`].
pub async fn premise_stays(
    state: &AppState,
    reporter: &Reporter,
    premise_id: &str,
    shown: Shown,
    page: u64,
) -> Result<PremiseStays, ApoaError> {
    let premise = premise_for(&state.db, reporter, premise_id.trim()).await?;
    let page = page.clamp(1, 10_000);
    let mut stays = lists::of_premise(
        &state.db,
        &premise.id,
        shown,
        PER_PAGE + 1,
        (page - 1) * PER_PAGE,
    )
    .await?;
    let more = stays.len() as u64 > PER_PAGE;
    stays.truncate(PER_PAGE as usize);
    Ok(PremiseStays {
        premise,
        stays,
        more,
    })
}
