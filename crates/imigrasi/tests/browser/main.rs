//! Real-browser journeys: headless Chromium driven through WebDriver
//! (`chromedriver`) against the real application, each journey at a desktop
//! and a phone viewport and in both languages, every page checked with
//! axe-core and for untranslated messages. See `harness.rs`; a journey is a
//! `journey!(name, |b: Browser| async move { ... })` in one of the files below.
//!
//! `IMIGRASI_SCREENSHOTS=1 cargo test -p imigrasi --test browser` refreshes
//! `docs/screenshots/`.

mod harness;

mod apoa;
mod checks;
mod citizen;
mod floor;
mod language;
mod offline;
mod stay;
mod supervisor;
mod visa;
