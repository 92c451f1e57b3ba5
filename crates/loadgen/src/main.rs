//! The surge benchmark.
//!
//! Starts the real application (SQLite file or PostgreSQL), creates citizen
//! accounts and one released session with `--capacity` places at an office,
//! then sends `--requests` booking requests from `--concurrency` concurrent
//! clients over loopback HTTP, as at a quota release. Reports throughput
//! and latency percentiles of accepted and refused requests, and checks
//! afterwards in the database that exactly `min(capacity, requests)`
//! bookings were made, none beyond the capacity, and that every
//! acknowledged booking exists (it exits non-zero otherwise).
//!
//! - `--engine grouped|direct`: the booking engine of the servers.
//! - `--reference health`: the same load on `GET /health` (the HTTP stack).
//! - `--reference sql`: the booking use case called in-process, no HTTP.
//! - `--processes N`: N server processes on the same database (this binary
//!   re-executed with a hidden `--serve-only`), requests spread round-robin.
//! - `--json`: one JSON object on stdout, nothing else.
//!
//! `cargo run --release -p imigrasi-loadgen -- --requests 2000 --concurrency 200 --capacity 300`

mod load;
mod prepare;
mod report;
mod servers;

use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::{Parser, ValueEnum};
use imigrasi::Application;
use imigrasi_passport::app::PassportSettings;
use imigrasi_passport::app::engine::BookingEngine;
use imigrasi_platform::{Config, db, secrets};
use secrecy::SecretString;

/// The environment variable that hands the NIK index key to the servers.
const DATA_KEY_ENV: &str = "IMIGRASI_LOADGEN_DATA_KEY";

#[derive(Parser)]
#[command(about = "Quota-release surge benchmark for imigrasi")]
struct Args {
    /// Database (a fresh SQLite file by default; PostgreSQL: an empty database).
    #[arg(long, default_value = "target/loadgen/bench.db")]
    database_url: String,
    /// Booking engine of the servers: grouped or direct.
    #[arg(long, default_value = "grouped")]
    engine: BookingEngine,
    /// Instead of booking over HTTP, measure a reference: `health` (the same
    /// load on GET /health) or `sql` (the booking use case in-process).
    #[arg(long, value_enum)]
    reference: Option<Reference>,
    /// Booking requests to send.
    #[arg(long, default_value_t = 2000)]
    requests: usize,
    /// Requests in flight at once.
    #[arg(long, default_value_t = 200)]
    concurrency: usize,
    /// Places in the released session.
    #[arg(long, default_value_t = 300)]
    capacity: i64,
    /// Pooled database connections of each server.
    #[arg(long, default_value_t = 10)]
    max_connections: u32,
    /// Server processes on the same database (1: served in this process).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u16).range(1..=64))]
    processes: u16,
    /// Print one JSON object on stdout (the human report goes to stderr).
    #[arg(long)]
    json: bool,
    /// Internal: serve the application until killed (a child of `--processes`).
    #[arg(long, hide = true)]
    serve_only: bool,
    /// Internal: the address a `--serve-only` server listens on.
    #[arg(long, hide = true, default_value = "127.0.0.1:0")]
    bind: SocketAddr,
    /// Internal: the folder of the signing key and files shared by the servers.
    #[arg(long, hide = true)]
    work_dir: Option<PathBuf>,
}

/// What `--reference` measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Reference {
    /// `GET /health` with the same load shape.
    Health,
    /// The booking use case called in-process (no HTTP).
    Sql,
}

/// What a run measured (the JSON object's `engine`).
fn run_name(args: &Args) -> String {
    match args.reference {
        Some(Reference::Health) => "reference-health".to_owned(),
        Some(Reference::Sql) => "reference-sql".to_owned(),
        None => args.engine.to_string(),
    }
}

/// The application settings every server of a run shares: the database,
/// the engine, the NIK index key and the signing key file.
fn server_config(args: &Args, data_key: &str, work_dir: &std::path::Path) -> Config {
    let mut config = Config::local(args.database_url.clone());
    config.max_connections = args.max_connections;
    config.data_key = SecretString::from(data_key.to_owned());
    config.signing_key_file = Some(work_dir.join("signing.key"));
    config.files_dir = Some(work_dir.join("files"));
    config.services.insert(PassportSettings {
        booking_engine: args.engine,
        ..PassportSettings::default()
    });
    config
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let args = Args::parse();
    let result = if args.serve_only {
        servers::serve_only(&args).await
    } else {
        run(&args).await
    };
    match result {
        Ok(true) => std::process::ExitCode::SUCCESS,
        Ok(false) => std::process::ExitCode::FAILURE,
        Err(e) => {
            eprintln!("loadgen: {e:#}");
            std::process::ExitCode::from(2)
        }
    }
}

/// One benchmark run; `Ok(false)` when a check failed (report printed).
async fn run(args: &Args) -> anyhow::Result<bool> {
    if args.requests == 0 || args.concurrency == 0 || args.capacity < 1 {
        bail!("--requests, --concurrency and --capacity must be positive");
    }
    if let Some(path) = args.database_url.strip_prefix("target/") {
        let file = std::path::Path::new("target").join(path);
        let _ = std::fs::remove_file(&file);
        let _ = std::fs::remove_file(file.with_extension("db-wal"));
        let _ = std::fs::remove_file(file.with_extension("db-shm"));
        if let Some(dir) = file.parent() {
            std::fs::create_dir_all(dir).context("creating the SQLite folder")?;
        }
    }
    let work = servers::WorkDir::new()?;
    let data_key = secrets::generate();
    let mut config = server_config(args, &data_key, work.path());
    config.bind = ([127, 0, 0, 1], 0).into();
    let app = Application::build(config)
        .await
        .context("starting the application")?;
    let base = format!("http://{}", app.local_addr());
    let state = app.state().clone();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(app.run_until(async {
        let _ = stopped.await;
    }));

    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(args.concurrency)
        .build()?;
    let prepared = prepare::run(&state, &client, &base, args).await?;

    // The servers: this process, or children on the same database.
    let children = if args.processes > 1 && args.reference != Some(Reference::Sql) {
        Some(servers::Children::start(args, &data_key, work.path()).await?)
    } else {
        None
    };
    let bases = match &children {
        Some(c) => c.bases(),
        None => vec![base.clone()],
    };
    let measured = match args.reference {
        Some(Reference::Health) => load::health(&client, &bases, args).await,
        Some(Reference::Sql) => load::in_process(&state, &prepared, args).await,
        None => load::bookings(&client, &bases, &prepared, args).await,
    };
    let metrics = match args.reference {
        Some(Reference::Sql) => report::group_metrics(&client, std::slice::from_ref(&base)).await,
        _ => report::group_metrics(&client, &bases).await,
    };
    drop(children);
    let checked = match args.reference {
        Some(Reference::Health) => None,
        _ => Some(report::check_database(&state.db, &prepared.slot_id, &measured).await?),
    };
    let _ = stop.send(());
    let _ = server.await;

    let summary = report::Summary::new(
        run_name(args),
        args,
        db::backend_name(&state.db),
        &measured,
        checked.as_ref(),
        metrics,
    );
    if args.json {
        println!("{}", summary.json());
        eprint!("{}", summary.text());
    } else {
        print!("{}", summary.text());
    }
    let problems = summary.problems(args);
    for p in &problems {
        eprintln!("loadgen: FAILED: {p}");
    }
    Ok(problems.is_empty())
}
