//! The imigrasi application: composes the platform and every service into
//! one router, runs migrations and seeding, and serves.

pub mod lottery_verify;
pub mod offline_verify;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context;
use axum::Router;
use imigrasi_office::FloorServices;
use imigrasi_platform::arrivals::ArrivalListeners;
use imigrasi_platform::billing::Settlers;
use imigrasi_platform::documents::{self, DocumentKinds, Documents, FolderStorage};
use imigrasi_platform::events::Events;
use imigrasi_platform::hashing::{self, HashBound};
use imigrasi_platform::http;
use imigrasi_platform::migrations::{self, Migration};
use imigrasi_platform::pages::{ServiceCard, Services};
use imigrasi_platform::permits::KnownPermits;
use imigrasi_platform::rate_limit::RateLimits;
use imigrasi_platform::signing::lookups::Lookups;
use imigrasi_platform::{
    AppState, Config, api, db, demo, idempotency, notify, offices, pages, regions, secrets, signing,
};
use tokio::net::TcpListener;
use utoipa::OpenApi;

/// Every migration of every crate, in order.
pub fn all_migrations() -> Vec<&'static [Migration]> {
    vec![
        migrations::PLATFORM,
        imigrasi_passport::MIGRATIONS,
        imigrasi_office::MIGRATIONS,
        imigrasi_casework::MIGRATIONS,
        imigrasi_visa::MIGRATIONS,
        imigrasi_stay::MIGRATIONS,
        imigrasi_apoa::MIGRATIONS,
    ]
}

/// The merged OpenAPI document of every service.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let mut doc = api::PlatformApi::openapi();
    doc.merge(notify::NotifyApi::openapi());
    doc.merge(documents::api::DocumentsApi::openapi());
    doc.merge(signing::api::SigningApi::openapi());
    doc.merge(regions::api::RegionsApi::openapi());
    doc.merge(imigrasi_passport::openapi());
    doc.merge(imigrasi_office::openapi());
    doc.merge(imigrasi_visa::openapi());
    doc.merge(imigrasi_stay::openapi());
    doc.merge(imigrasi_apoa::openapi());
    doc
}

/// How each service settles its bills.
pub fn settlers() -> Settlers {
    Settlers::new(vec![
        ("passport", imigrasi_passport::settler()),
        ("visa", imigrasi_visa::settler()),
        ("stay", imigrasi_stay::settler()),
        (
            imigrasi_stay::app::fines::FINE_SERVICE,
            imigrasi_stay::fine_settler(),
        ),
    ])
}

/// How each kind of signed document is verified (its status now).
pub fn document_lookups() -> Lookups {
    Lookups::new(vec![
        imigrasi_visa::status_lookup(),
        imigrasi_stay::status_lookup(),
        imigrasi_apoa::status_lookup(),
    ])
}

/// The permissions to stay every service knows of a passport (APOA's
/// alerts read them).
pub fn known_permits() -> KnownPermits {
    KnownPermits::new(vec![
        imigrasi_visa::known_permits(),
        imigrasi_stay::known_permits(),
    ])
}

/// The services whose appointments the office floor serves (kiosk
/// check-in, counters, no-shows).
pub fn floor_services() -> FloorServices {
    FloorServices::new(vec![
        ("passport", imigrasi_passport::appointments()),
        ("stay", imigrasi_stay::appointments()),
    ])
}

/// The kinds of document every service accepts.
pub fn document_kinds() -> anyhow::Result<DocumentKinds> {
    let mut kinds = documents::kinds::common();
    kinds.extend(imigrasi_visa::document_kinds());
    kinds.extend(imigrasi_stay::document_kinds());
    kinds.extend(imigrasi_passport::document_kinds());
    Ok(DocumentKinds::new(kinds)?)
}

/// The services as the home page presents them.
pub fn services() -> Services {
    Services(vec![
        ServiceCard {
            title_key: "service-passport-title",
            desc_key: "service-passport-desc",
            href: Some("/passport"),
        },
        ServiceCard {
            title_key: "service-visa-title",
            desc_key: "service-visa-desc",
            href: Some("/visa"),
        },
        ServiceCard {
            title_key: "service-stay-title",
            desc_key: "service-stay-desc",
            href: Some("/stay"),
        },
        ServiceCard {
            title_key: "service-apoa-title",
            desc_key: "service-apoa-desc",
            href: Some("/apoa"),
        },
    ])
}

/// The whole HTTP application for a state.
pub fn router(state: AppState) -> Router {
    let app = Router::new()
        .merge(api::router())
        .merge(notify::router())
        .merge(documents::api::router())
        .merge(signing::api::router())
        .merge(regions::api::router())
        .merge(imigrasi_passport::router())
        .merge(imigrasi_office::router(floor_services()))
        .merge(imigrasi_visa::router())
        .merge(imigrasi_stay::router())
        .merge(imigrasi_apoa::router())
        .merge(pages::router(services()))
        .merge(pages::docs_router(openapi()))
        .with_state(state.clone());
    http::finish(app, state)
}

/// Open the database, apply pending migrations and seed reference data.
pub async fn prepare_database(config: &Config) -> anyhow::Result<db::Db> {
    let database = db::connect(&config.database_url, config.max_connections).await?;
    let applied = migrations::run(&database, &all_migrations())
        .await
        .context("applying migrations")?;
    if !applied.is_empty() {
        tracing::info!(count = applied.len(), "applied migrations");
    }
    let n = offices::seed(&database)
        .await
        .context("seeding reference offices")?;
    let r = regions::seed(&database)
        .await
        .context("seeding reference regions")?;
    tracing::debug!(offices = n, regions = r, "reference data seeded");
    imigrasi_passport::workers::prepare(&database)
        .await
        .context("preparing passport quota")?;
    imigrasi_visa::prepare(&database)
        .await
        .context("seeding the visa index")?;
    Ok(database)
}

/// How long requests in flight may finish after a shutdown signal.
pub const SHUTDOWN_GRACE: std::time::Duration = std::time::Duration::from_secs(10);

/// A built application, bound to its port and ready to serve.
pub struct Application {
    listener: TcpListener,
    state: AppState,
}

impl Application {
    /// Prepare the database and bind the listener (port 0 picks a free port).
    pub async fn build(mut config: Config) -> anyhow::Result<Application> {
        // This application's own booking writer (the grouped engine).
        config
            .services
            .insert(imigrasi_passport::app::engine::Writer::default());
        // Refuse bad delivery settings (SMTP URL, sender, Graph API base) at start.
        notify::Delivery::from_config(&config)?;
        // Each service's notification templates.
        notify::templates::register(imigrasi_passport::notices::TEMPLATES);
        notify::templates::register(imigrasi_visa::notices::TEMPLATES);
        notify::templates::register(imigrasi_stay::app::reminders::TEMPLATES);
        notify::templates::register(imigrasi_platform::email_verification::TEMPLATES);
        if !config.demo
            && let Err(problems) = secrets::check(&config)
        {
            let list: Vec<String> = problems.iter().map(ToString::to_string).collect();
            anyhow::bail!("weak or published secrets: {}", list.join("; "));
        }
        let database = prepare_database(&config).await?;
        if !config.demo {
            let n = demo::disable_accounts(&database)
                .await
                .context("disabling demo accounts")?;
            if n > 0 {
                println!(
                    "This database has {n} demo accounts; outside demo mode they are disabled and cannot log in."
                );
                tracing::warn!(accounts = n, "demo accounts disabled outside demo mode");
            }
        }
        if config.demo {
            let accounts = demo::ensure_accounts(&database)
                .await
                .context("creating demo accounts")?;
            println!("Demo accounts (password: {}):", demo::DEMO_PASSWORD);
            for (role, email) in accounts {
                println!("  {:<14} {email}", role.as_str());
            }
        }
        let key_file = config.signing_key_file();
        let keys =
            tokio::task::spawn_blocking(move || signing::key_file::load_or_create(&key_file))
                .await
                .context("loading the signing key")??;
        signing::api::publish(&database, &keys)
            .await
            .context("publishing the signing keys")?;
        let documents = Documents::new(
            document_kinds()?,
            Arc::new(FolderStorage::new(config.files_dir())),
        );
        let listener = TcpListener::bind(config.bind)
            .await
            .with_context(|| format!("cannot listen on {}", config.bind))?;
        Ok(Application {
            listener,
            state: AppState {
                db: database,
                hashing: HashBound::new(config.password_hash_permits, hashing::PERMIT_WAIT),
                settlers: settlers(),
                events: Events::new(),
                documents,
                signing: keys,
                lookups: document_lookups(),
                arrivals: ArrivalListeners::new(vec![imigrasi_stay::arrival_listener()]),
                permits: known_permits(),
                rate_limits: RateLimits::new(config.rate_limit_account, config.rate_limit_address),
                config: Arc::new(config),
            },
        })
    }

    /// The bound address.
    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .unwrap_or_else(|_| self.state.config.bind)
    }

    /// The shared state (for tests and workers).
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serve until `shutdown` completes, then finish in-flight requests.
    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let workers = imigrasi_passport::workers::spawn(self.state.clone());
        let floor = imigrasi_office::workers::spawn(self.state.clone(), floor_services());
        let notices = imigrasi_passport::whatsapp::spawn(self.state.clone());
        let delivery = notify::spawn(self.state.clone());
        let listener = self.state.events.spawn_listener(&self.state.db);
        let cleanup = idempotency::spawn_cleanup(self.state.db.clone());
        let visa_expiry = imigrasi_visa::app::payment::spawn_worker(self.state.db.clone());
        let stay_reminders = imigrasi_stay::workers::spawn(self.state.db.clone());
        let apoa_retention = imigrasi_apoa::workers::spawn(self.state.clone());
        let app = router(self.state.clone());
        // After the signal, requests in flight get a bounded grace period:
        // long-lived streams (display boards) must not hold a shutdown.
        let (stop_tx, mut stop_rx) = tokio::sync::watch::channel(false);
        let server = axum::serve(
            self.listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(async move {
            let _ = stop_rx.wait_for(|stop| *stop).await;
        });
        let server = std::future::IntoFuture::into_future(server);
        tokio::pin!(server);
        let served = tokio::select! {
            served = &mut server => served,
            () = async {
                shutdown.await;
                let _ = stop_tx.send(true);
                tokio::time::sleep(SHUTDOWN_GRACE).await;
            } => {
                tracing::warn!("requests still open after the grace period; closing them");
                Ok(())
            }
        };
        workers.abort();
        floor.abort();
        notices.abort();
        cleanup.abort();
        visa_expiry.abort();
        stay_reminders.abort();
        apoa_retention.abort();
        if let Some(d) = delivery {
            // Finish the message being sent; unsent claims are handed back.
            d.shutdown(SHUTDOWN_GRACE).await;
        }
        if let Some(l) = listener {
            l.abort();
        }
        served
    }
}

/// Completes on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down");
}
