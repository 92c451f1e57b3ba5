//! The surge benchmark.
//!
//! Starts the real application (SQLite file or PostgreSQL), creates citizen
//! accounts and one released session with `--capacity` places at an office,
//! then sends `--requests` booking requests from `--concurrency` concurrent
//! clients over loopback HTTP, as at a quota release. Prints throughput,
//! latency percentiles, and checks that exactly `capacity` bookings were
//! accepted (never overbooked).
//!
//! `cargo run --release -p imigrasi-loadgen -- --requests 2000 --concurrency 200 --capacity 300`

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use clap::Parser;
use futures::stream::{self, StreamExt};
use imigrasi::Application;
use imigrasi_platform::accounts::{self, NewAccount};
use imigrasi_platform::policy::Role;
use imigrasi_platform::{Config, db, sessions};
use serde_json::{Value, json};

#[derive(Parser)]
#[command(about = "Quota-release surge benchmark for imigrasi")]
struct Args {
    /// Database (a fresh SQLite file by default).
    #[arg(long, default_value = "target/loadgen/bench.db")]
    database_url: String,
    /// Booking requests to send.
    #[arg(long, default_value_t = 2000)]
    requests: usize,
    /// Requests in flight at once.
    #[arg(long, default_value_t = 200)]
    concurrency: usize,
    /// Places in the released session.
    #[arg(long, default_value_t = 300)]
    capacity: i64,
    /// Pooled database connections of the server.
    #[arg(long, default_value_t = 10)]
    max_connections: u32,
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[idx.min(sorted.len() - 1)]
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    if let Some(path) = args.database_url.strip_prefix("target/") {
        let file = std::path::Path::new("target").join(path);
        let _ = std::fs::remove_file(&file);
        let _ = std::fs::remove_file(file.with_extension("db-wal"));
    }
    let mut config = Config::local(args.database_url.clone());
    config.bind = ([127, 0, 0, 1], 0).into();
    config.max_connections = args.max_connections;
    let app = Application::build(config)
        .await
        .context("starting the application")?;
    let base = format!("http://{}", app.local_addr());
    let state = app.state().clone();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(app.run_until(async {
        let _ = stopped.await;
    }));

    // Accounts: five bookings each (the per-account limit). Sessions are
    // opened directly to keep password hashing out of the measurement.
    let accounts_needed = args.requests.div_ceil(5);
    let mut tokens = Vec::with_capacity(accounts_needed);
    let sup = accounts::create(
        &state.db,
        NewAccount {
            email: "bench-sup@imigrasi.go.id".into(),
            password: "bench password 1".into(),
            full_name: "Bench".into(),
            role: Role::Supervisor,
            office: Some("BATAM".into()),
        },
    )
    .await?;
    let sup_token = sessions::create(&state.db, &sup.id, jiff::SignedDuration::from_hours(2))
        .await?
        .token;
    let hash = accounts::hash_password("bench password 1")?;
    for i in 0..accounts_needed {
        let id = format!("bench-{i:06}");
        db::exec(
            &state.db,
            "INSERT INTO accounts (id, email, password_hash, full_name, kind, created_at, disabled) VALUES ($1, $2, $3, $4, 'citizen', 0, $5)",
            [id.clone().into(), format!("warga{i}@bench.id").into(), hash.clone().into(), "Warga".into(), false.into()],
        )
        .await?;
        tokens.push(
            sessions::create(&state.db, &id, jiff::SignedDuration::from_hours(2))
                .await?
                .token,
        );
    }
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(args.concurrency)
        .build()?;
    let tz = jiff::tz::TimeZone::get("Asia/Jakarta")?;
    let date = jiff::Timestamp::now()
        .to_zoned_datetime(tz)
        .date()
        .checked_add(jiff::Span::new().days(7))?;
    let slot: Value = client
        .post(format!("{base}/api/v1/offices/BATAM/slots"))
        .bearer_auth(&sup_token)
        .json(&json!({"date": date.to_string(), "start": "08:00", "end": "10:00", "category": "regular", "capacity": args.capacity}))
        .send()
        .await?
        .json()
        .await?;
    let slot_id = slot["id"].as_str().context("slot id")?.to_owned();

    let tokens = Arc::new(tokens);
    let started = Instant::now();
    let results: Vec<(u16, Duration)> = stream::iter(0..args.requests)
        .map(|i| {
            let client = client.clone();
            let tokens = tokens.clone();
            let url = format!("{base}/api/v1/passport/bookings");
            let slot_id = slot_id.clone();
            async move {
                let body = json!({"slot_id": slot_id, "applicant": {"nik": format!("3171011203{:06}", 900001 + i), "full_name": "Warga", "birth_date": "1990-03-12", "sex": "M"}, "passport_type": "regular", "service": "new"});
                let t = Instant::now();
                let status = match client.post(&url).bearer_auth(&tokens[i / 5]).json(&body).send().await {
                    Ok(r) => r.status().as_u16(),
                    Err(_) => 0,
                };
                (status, t.elapsed())
            }
        })
        .buffer_unordered(args.concurrency)
        .collect()
        .await;
    let elapsed = started.elapsed();
    let _ = stop.send(());
    let _ = server.await;

    let created = results.iter().filter(|(s, _)| *s == 201).count();
    let full = results.iter().filter(|(s, _)| *s == 409).count();
    let other = results.len() - created - full;
    let mut all: Vec<Duration> = results.iter().map(|(_, d)| *d).collect();
    all.sort();
    let mut ok: Vec<Duration> = results
        .iter()
        .filter(|(s, _)| *s == 201)
        .map(|(_, d)| *d)
        .collect();
    ok.sort();
    let mut sold_out: Vec<Duration> = results
        .iter()
        .filter(|(s, _)| *s == 409)
        .map(|(_, d)| *d)
        .collect();
    sold_out.sort();
    println!("database: {}", db::backend_name(&state.db));
    println!(
        "requests: {} at concurrency {}, capacity {}",
        args.requests, args.concurrency, args.capacity
    );
    println!(
        "elapsed: {:.2} s, throughput: {:.0} requests/s",
        elapsed.as_secs_f64(),
        args.requests as f64 / elapsed.as_secs_f64()
    );
    println!("booked: {created}, slot_full: {full}, other: {other}");
    for (name, v) in [("all", &all), ("booked", &ok), ("sold out", &sold_out)] {
        println!(
            "latency {name:>8}: p50 {:>7.1} ms  p95 {:>7.1} ms  p99 {:>7.1} ms  max {:>7.1} ms",
            percentile(v, 0.50).as_secs_f64() * 1e3,
            percentile(v, 0.95).as_secs_f64() * 1e3,
            percentile(v, 0.99).as_secs_f64() * 1e3,
            v.last().copied().unwrap_or_default().as_secs_f64() * 1e3,
        );
    }
    let expected = (args.capacity as usize).min(args.requests);
    if created != expected || other != 0 {
        bail!("expected exactly {expected} bookings and no other answers");
    }
    Ok(())
}
