//! The browser harness: for each test, the real application on port 0
//! against a fresh SQLite database (demo mode, so the simulated bank and the
//! demo accounts exist), a fresh `chromedriver` process and a fresh Chromium
//! profile. [`Browser`] wraps the WebDriver client with the few verbs the
//! journeys need; [`journey!`] declares one journey for every viewport and
//! language.
//!
//! The rooms: `run` (one journey: application, driver, browser,
//! diagnostics), `driver` (Chromium, `chromedriver`, configuration),
//! `browser` ([`Browser`] and its verbs), `page_checks` (what every page
//! must pass, screenshots), `api` (accounts and API calls for setting up
//! data). Everything a journey uses is re-exported here.

// A toolkit for every service's journeys: not each uses every helper.
#![allow(dead_code)]

use std::time::Duration;

mod api;
mod browser;
mod driver;
mod page_checks;
mod run;

pub use self::browser::{Browser, normalize};
pub use self::run::run;

/// Result of a journey step.
pub type Step<T = ()> = anyhow::Result<T>;

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
