//! Integration tests of the whole application, each on SQLite and on
//! PostgreSQL.
#![allow(clippy::unwrap_used)]

mod helpers;

mod apoa;
mod apoa_amend;
mod applicant_names;
mod audit;
mod documents;
mod email_verification;
mod events;
mod floor_counters;
mod floor_kiosk;
mod floor_pages;
mod floor_queue;
mod input;
mod notify;
mod outage;
mod parts;
mod passport;
mod passport_app;
mod passport_limit;
mod passport_model;
mod passport_pages;
mod platform;
mod quota;
mod startup;
mod stay;
mod stay_appearance;
mod stay_arrival;
mod stay_border;
mod stay_cases;
mod stay_extension;
mod stay_pages;
mod stay_pages_appearance;
mod stay_reports;
mod time_bounds;
mod visa;
mod visa_more;
mod visa_pages;
mod visa_pdf;
mod visa_review;
mod visa_withdraw;
mod whatsapp;
mod whatsapp_link;
mod whatsapp_log;
