//! `imigrasi`: the command line of the platform.

use std::io::{IsTerminal, Read};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, bail};
use clap::{Args, Parser, Subcommand};
use imigrasi::{Application, prepare_database, shutdown_signal};
use imigrasi_platform::accounts::{self, CreateError, NewAccount};
use imigrasi_platform::http::client_addr::TrustedProxies;
use imigrasi_platform::i18n::Lang;
use imigrasi_platform::password_rules;
use imigrasi_platform::policy::Role;
use imigrasi_platform::rate_limit::RateLimit;
use imigrasi_platform::{Config, audit, db, demo, secrets};
use secrecy::SecretString;

#[derive(Parser)]
#[command(
    name = "imigrasi",
    version,
    about = "Immigration online services: passport appointments, visas, stay permits, foreigner reports."
)]
struct Cli {
    /// Database: a SQLite file path or sqlite://PATH (default), or postgres://USER@HOST/DB.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "data/imigrasi.db",
        global = true
    )]
    database_url: String,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the web pages and the API.
    Serve(Box<ServeArgs>),
    /// Apply pending database migrations and exit.
    Migrate,
    /// Manage accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Audit log tools.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Signed documents (e-Visa QR codes).
    Document {
        #[command(subcommand)]
        command: DocumentCommand,
    },
    /// Passport lotteries (docs/lottery.md).
    Lottery {
        #[command(subcommand)]
        command: imigrasi::lottery_verify::LotteryCommand,
    },
}

#[derive(Subcommand)]
enum DocumentCommand {
    /// Verify a QR payload offline: exit 0 valid, 1 invalid, 2 usage.
    Verify {
        /// The QR code's text (`IMG1.<kid>.<payload>.<signature>`).
        payload: String,
        /// Key file as served by `GET /api/v1/documents/keys`.
        #[arg(long)]
        keys: std::path::PathBuf,
    },
}

#[derive(Args)]
struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "IMIGRASI_BIND", default_value = "127.0.0.1:8080")]
    bind: SocketAddr,
    /// Create one demo account of every role and enable the simulated bank.
    #[arg(long, env = "IMIGRASI_DEMO")]
    demo: bool,
    /// Secret that signs payment-gateway notifications (X-Signature), at
    /// least 32 bytes. Required outside demo mode.
    #[arg(long, env = "IMIGRASI_PAYMENT_SECRET", hide_env_values = true)]
    payment_secret: Option<String>,
    /// Minutes a booking is held awaiting payment.
    #[arg(long, env = "IMIGRASI_PAYMENT_HOLD_MINUTES", default_value_t = 120, value_parser = clap::value_parser!(u32).range(1..=10080))]
    payment_hold_minutes: u32,
    /// How booking requests are committed: `grouped` (one writer per
    /// process commits the requests of a few milliseconds together) or
    /// `direct` (one transaction per request).
    #[arg(long, env = "IMIGRASI_BOOKING_ENGINE", default_value = "grouped")]
    booking_engine: imigrasi_passport::app::engine::BookingEngine,
    /// Days an APOA report (foreign guest's stay) is kept after the stay
    /// ended (checked out, or the expected check-out when never checked
    /// out); older reports are deleted hourly. Default three years.
    #[arg(long, env = "IMIGRASI_APOA_RETENTION_DAYS", default_value_t = imigrasi_apoa::app::retention::DEFAULT_RETENTION_DAYS, value_parser = clap::value_parser!(u32).range(1..=36500))]
    apoa_retention_days: u32,
    /// APOA alerts: days after a guest's expected check-out before
    /// `no_check_out`.
    #[arg(long, env = "IMIGRASI_APOA_GRACE_DAYS", default_value_t = 2, value_parser = clap::value_parser!(i64).range(0..=90))]
    apoa_grace_days: i64,
    /// APOA alerts: `N/M`, one passport at N premises within M days.
    #[arg(long, env = "IMIGRASI_APOA_MANY_PREMISES", default_value = "3/7", value_parser = imigrasi_apoa::domain::alerts::parse_many_premises)]
    apoa_many_premises: (usize, i64),
    /// APOA alerts: days a checked-out stay's late report still shows.
    #[arg(long, env = "IMIGRASI_APOA_RECENT_DAYS", default_value_t = 7, value_parser = clap::value_parser!(i64).range(1..=90))]
    apoa_recent_days: i64,
    /// APOA dashboard: days without a report after which a premise that
    /// reported before counts as having stopped.
    #[arg(long, env = "IMIGRASI_APOA_SILENT_DAYS", default_value_t = 14, value_parser = clap::value_parser!(i64).range(1..=366))]
    apoa_silent_days: i64,
    /// Hours a login session lasts.
    #[arg(long, env = "IMIGRASI_SESSION_TTL_HOURS", default_value_t = 12, value_parser = clap::value_parser!(u32).range(1..=720))]
    session_ttl_hours: u32,
    /// Mark cookies Secure (set when served over HTTPS).
    #[arg(long, env = "IMIGRASI_SECURE_COOKIES")]
    secure_cookies: bool,
    /// Secret key of the blind indexes of identity numbers (NIK), at least
    /// 32 bytes; keep it stable. Required outside demo mode.
    #[arg(long, env = "IMIGRASI_DATA_KEY", hide_env_values = true)]
    data_key: Option<String>,
    /// Largest number of pooled database connections.
    #[arg(long, env = "IMIGRASI_DB_MAX_CONNECTIONS", default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=500))]
    max_connections: u32,
    /// Deliver the notifications outbox from this process (true or false).
    #[arg(long, env = "IMIGRASI_OUTBOX_WORKER", default_value_t = true, action = clap::ArgAction::Set)]
    outbox_worker: bool,
    /// SMTP relay for e-mail: smtp://[user:password@]host[:port] (plain SMTP;
    /// this build has no TLS). Without it, e-mail goes to the log and /admin/outbox.
    #[arg(long, env = "IMIGRASI_SMTP_URL", hide_env_values = true)]
    smtp_url: Option<String>,
    /// Sender address of e-mail.
    #[arg(
        long,
        env = "IMIGRASI_MAIL_FROM",
        default_value = "noreply@imigrasi.localhost"
    )]
    mail_from: String,
    /// Token Meta sends to verify the WhatsApp webhook (hub.verify_token), at
    /// least 32 bytes. Without it and the app secret the webhook is off (404).
    #[arg(long, env = "IMIGRASI_WHATSAPP_VERIFY_TOKEN", hide_env_values = true)]
    whatsapp_verify_token: Option<String>,
    /// App secret that signs WhatsApp webhook deliveries (X-Hub-Signature-256).
    #[arg(long, env = "IMIGRASI_WHATSAPP_APP_SECRET", hide_env_values = true)]
    whatsapp_app_secret: Option<String>,
    /// Access token of the WhatsApp Business Cloud API; without it, WhatsApp
    /// messages are only kept on /admin/outbox (the log names them).
    #[arg(long, env = "IMIGRASI_WHATSAPP_TOKEN", hide_env_values = true)]
    whatsapp_token: Option<String>,
    /// Base address of the Graph API (https, checked against the system's
    /// trust store; http:// for a local mock or proxy).
    #[arg(
        long,
        env = "IMIGRASI_WHATSAPP_API_BASE",
        default_value = "https://graph.facebook.com"
    )]
    whatsapp_api_base: String,
    /// Reverse proxies whose X-Forwarded-For header names the client:
    /// comma-separated IP addresses or CIDR networks (e.g. 10.0.0.0/8,
    /// fd00::/8). Without it, the TCP peer is the client.
    #[arg(long, env = "IMIGRASI_TRUSTED_PROXIES", default_value = "")]
    trusted_proxies: TrustedProxies,
    /// Booking requests one account may make: REQUESTS/SECONDS (a token
    /// bucket per process), or off. Beyond it: 429 rate_limited.
    #[arg(long, env = "IMIGRASI_RATE_LIMIT_ACCOUNT", default_value = "10/60")]
    rate_limit_account: RateLimit,
    /// Booking requests one client address (IPv6: its /64) may make:
    /// REQUESTS/SECONDS (per process), or off.
    #[arg(long, env = "IMIGRASI_RATE_LIMIT_ADDRESS", default_value = "120/60")]
    rate_limit_address: RateLimit,
    /// Password hashes computed at once (about 19 MiB each); by default one
    /// per core. Logins and registrations that find none free within 1.5 s
    /// are answered 503 server_busy.
    #[arg(long, env = "IMIGRASI_PASSWORD_HASH_PERMITS", value_parser = clap::value_parser!(u16).range(1..=1024))]
    password_hash_permits: Option<u16>,
    /// Folder of uploaded documents (created if missing). Default: `files`
    /// beside the SQLite database, or `data/files` with PostgreSQL.
    #[arg(long, env = "IMIGRASI_FILES_DIR")]
    files_dir: Option<PathBuf>,
    /// Ed25519 key file that signs QR codes; generated (mode 0600) when
    /// missing. Default: `signing.key` beside the SQLite database, or
    /// `data/signing.key` with PostgreSQL. Share it between processes.
    #[arg(long, env = "IMIGRASI_SIGNING_KEY_FILE")]
    signing_key_file: Option<PathBuf>,
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create an account. The password is read from standard input, or
    /// generated and printed once when standard input is a terminal or empty.
    Add {
        /// E-mail address.
        #[arg(long)]
        email: String,
        /// Role: citizen, foreigner, sponsor, lodging, officer, supervisor, administrator, mission.
        #[arg(long)]
        role: String,
        /// Office code (required for officer and supervisor).
        #[arg(long)]
        office: Option<String>,
        /// Full name (defaults to the e-mail's local part).
        #[arg(long)]
        name: Option<String>,
    },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Recompute every hash chain (one per office, and `-`): exit 0 when
    /// intact, naming the chains checked; 1 naming the first broken row.
    Verify,
}

fn init_logging() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn"));
    let json = std::env::var("IMIGRASI_LOG_FORMAT").is_ok_and(|v| v.eq_ignore_ascii_case("json"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if json {
        builder.json().init();
    } else {
        builder.init();
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let mut config = Config::local(cli.database_url.clone());
    match cli.command {
        Command::Serve(args) => {
            let args_secrets = GivenSecrets {
                payment_secret: args.payment_secret,
                data_key: args.data_key,
                whatsapp_verify_token: args.whatsapp_verify_token,
                whatsapp_app_secret: args.whatsapp_app_secret,
            };
            config.bind = args.bind;
            config.demo = args.demo;
            config
                .services
                .insert(imigrasi_passport::app::PassportSettings {
                    payment_hold_minutes: args.payment_hold_minutes,
                    booking_engine: args.booking_engine,
                });
            config
                .services
                .insert(imigrasi_apoa::app::retention::ApoaSettings {
                    retention_days: args.apoa_retention_days,
                });
            config
                .services
                .insert(imigrasi_apoa::domain::alerts::Rules {
                    grace_days: args.apoa_grace_days,
                    many_premises: args.apoa_many_premises.0,
                    many_premises_days: args.apoa_many_premises.1,
                    recent_days: args.apoa_recent_days,
                    silent_days: args.apoa_silent_days,
                });
            config.session_ttl_hours = args.session_ttl_hours;
            config.secure_cookies = args.secure_cookies;
            config.max_connections = args.max_connections;
            config.outbox_worker = args.outbox_worker;
            config.smtp_url = args
                .smtp_url
                .filter(|u| !u.trim().is_empty())
                .map(SecretString::from);
            config.mail_from = args.mail_from;
            config.whatsapp_token = args
                .whatsapp_token
                .filter(|t| !t.trim().is_empty())
                .map(SecretString::from);
            config.whatsapp_api_base = args.whatsapp_api_base;
            config.trusted_proxies = args.trusted_proxies;
            config.rate_limit_account = args.rate_limit_account;
            config.rate_limit_address = args.rate_limit_address;
            if let Some(permits) = args.password_hash_permits {
                config.password_hash_permits = usize::from(permits);
            }
            config.files_dir = args.files_dir.filter(|p| !p.as_os_str().is_empty());
            config.signing_key_file = args.signing_key_file.filter(|p| !p.as_os_str().is_empty());
            if let Err(problems) = secrets_for(&mut config, &args_secrets).await {
                eprintln!("error: imigrasi cannot start without its secrets:");
                for p in problems {
                    eprintln!("  {p}");
                }
                eprintln!(
                    "Set them in the environment (or run `imigrasi serve --demo` to try the platform with generated ones)."
                );
                return Ok(ExitCode::from(2));
            }
            let app = Application::build(config).await?;
            let addr = app.local_addr();
            println!("imigrasi is serving on http://{addr}");
            tracing::info!(%addr, "listening");
            app.run_until(shutdown_signal())
                .await
                .context("server failed")?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Migrate => {
            prepare_database(&config).await?;
            println!("database is up to date");
            Ok(ExitCode::SUCCESS)
        }
        Command::User {
            command:
                UserCommand::Add {
                    email,
                    role,
                    office,
                    name,
                },
        } => {
            user_add(&config, email, role, office, name).await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Document {
            command: DocumentCommand::Verify { payload, keys },
        } => Ok(document_verify(&payload, &keys)),
        Command::Lottery { command } => Ok(imigrasi::lottery_verify::run(command)),
        Command::Audit {
            command: AuditCommand::Verify,
        } => {
            let database = prepare_database(&config).await?;
            match audit::verify(&database).await? {
                Ok(v) => {
                    let n = v.chains.len();
                    let chains = if n == 1 { "chain" } else { "chains" };
                    println!("audit log intact: {} rows in {n} {chains}", v.rows);
                    for c in &v.chains {
                        let rows = if c.rows == 1 { "row" } else { "rows" };
                        println!("  chain '{}': {} {rows}", c.chain, c.rows);
                    }
                    Ok(ExitCode::SUCCESS)
                }
                Err(broken) => {
                    println!("audit log BROKEN at {broken}");
                    Ok(ExitCode::from(1))
                }
            }
        }
    }
}

/// `imigrasi document verify`: no server, no database.
fn document_verify(payload: &str, keys: &std::path::Path) -> ExitCode {
    use imigrasi::offline_verify;
    let text = match std::fs::read_to_string(keys) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", keys.display());
            return ExitCode::from(2);
        }
    };
    let keys = match offline_verify::parse_keys(&text) {
        Ok(k) => k,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    match offline_verify::verify(payload, &keys, jiff::Timestamp::now()) {
        Ok(claims) => {
            let data = serde_json::Value::Object(claims.data);
            println!("VALID {} {data}", claims.kind);
            ExitCode::SUCCESS
        }
        Err(e) => {
            println!("INVALID {e}");
            ExitCode::from(1)
        }
    }
}

/// The secrets given on the command line or in the environment.
struct GivenSecrets {
    payment_secret: Option<String>,
    data_key: Option<String>,
    whatsapp_verify_token: Option<String>,
    whatsapp_app_secret: Option<String>,
}

/// Put the secrets into the configuration. Outside demo mode every secret
/// must be given and strong; in demo mode what is missing is generated once
/// per database and printed.
async fn secrets_for(
    config: &mut Config,
    given: &GivenSecrets,
) -> Result<(), Vec<secrets::SecretProblem>> {
    let mut problems = Vec::new();
    let mut demo_secrets = None;
    if config.demo {
        match prepare_database(config).await {
            Ok(database) => match demo::secrets(&database).await {
                Ok(s) => demo_secrets = Some(s),
                Err(e) => problems.push(secrets::SecretProblem {
                    variable: "DATABASE_URL",
                    problem: format!("cannot keep the demo secrets: {e}"),
                }),
            },
            Err(e) => problems.push(secrets::SecretProblem {
                variable: "DATABASE_URL",
                problem: format!("{e:#}"),
            }),
        }
    }
    let mut take = |variable: &'static str, value: &Option<String>, demo: Option<&String>| {
        let value = value.as_deref().map(str::trim).filter(|v| !v.is_empty());
        match (value, demo) {
            (None, Some(d)) => Some(SecretString::from(d.clone())),
            (v, _) => match secrets::required(variable, v) {
                Ok(v) => Some(SecretString::from(v)),
                Err(p) => {
                    problems.push(p);
                    None
                }
            },
        }
    };
    let payment = take(
        "IMIGRASI_PAYMENT_SECRET",
        &given.payment_secret,
        demo_secrets.as_ref().map(|d| &d.payment_secret),
    );
    let data_key = take(
        "IMIGRASI_DATA_KEY",
        &given.data_key,
        demo_secrets.as_ref().map(|d| &d.data_key),
    );
    let (token, app_secret) = match &demo_secrets {
        Some(d) if given.whatsapp_verify_token.is_none() && given.whatsapp_app_secret.is_none() => {
            (
                Some(d.whatsapp_verify_token.clone()),
                Some(d.whatsapp_app_secret.clone()),
            )
        }
        _ => (
            given.whatsapp_verify_token.clone(),
            given.whatsapp_app_secret.clone(),
        ),
    };
    match secrets::webhook(token.as_deref(), app_secret.as_deref()) {
        Ok(w) => config.whatsapp_webhook = w,
        Err(p) => problems.extend(p),
    }
    if let Some(p) = payment {
        config.payment_secret = p;
    }
    if let Some(k) = data_key {
        config.data_key = k;
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    if let Some(d) = demo_secrets {
        println!("Demo secrets (generated for this database; never use them in production):");
        if given.payment_secret.is_none() {
            println!("  IMIGRASI_PAYMENT_SECRET={}", d.payment_secret);
        }
        if given.whatsapp_verify_token.is_none() && given.whatsapp_app_secret.is_none() {
            println!(
                "  IMIGRASI_WHATSAPP_VERIFY_TOKEN={}",
                d.whatsapp_verify_token
            );
            println!("  IMIGRASI_WHATSAPP_APP_SECRET={}", d.whatsapp_app_secret);
        }
    }
    Ok(())
}

async fn user_add(
    config: &Config,
    email: String,
    role: String,
    office: Option<String>,
    name: Option<String>,
) -> anyhow::Result<()> {
    let Some(role) = Role::parse(&role) else {
        bail!(
            "unknown role {role:?}; use one of citizen, foreigner, sponsor, lodging, officer, supervisor, administrator, mission"
        );
    };
    let Some(email) = accounts::normalize_email(&email) else {
        bail!("{email:?} is not a valid e-mail address");
    };
    let office = office.map(|o| o.trim().to_uppercase());
    if role.office_bound() && office.is_none() {
        bail!("a {} needs --office CODE", role.as_str());
    }
    if !role.office_bound() && office.is_some() {
        bail!("only officers and supervisors belong to an office; drop --office");
    }
    let mut stdin = std::io::stdin();
    let mut given = String::new();
    if !stdin.is_terminal() {
        stdin
            .read_to_string(&mut given)
            .context("reading the password from standard input")?;
    }
    let given = given.lines().next().unwrap_or("").to_owned();
    let (password, generated) = if given.is_empty() {
        (accounts::generate_password(), true)
    } else {
        (given, false)
    };
    if password.chars().count() < accounts::MIN_PASSWORD_LEN
        || password.len() > accounts::MAX_PASSWORD_LEN
    {
        bail!("the password must have 10 to 128 characters");
    }
    if !generated && let Err(key) = password_rules::check(&password, &email) {
        bail!("{}", Lang::En.t(key));
    }
    let full_name = name.unwrap_or_else(|| email.split('@').next().unwrap_or("").to_owned());
    let database = prepare_database(config).await?;
    let txn = db::begin_write(&database).await?;
    let account = accounts::create(
        &txn,
        NewAccount {
            email: email.clone(),
            password: password.clone(),
            full_name,
            role,
            office: office.clone(),
        },
    )
    .await
    .map_err(|e| match e {
        CreateError::EmailTaken => anyhow::anyhow!("an account with e-mail {email} already exists"),
        CreateError::UnknownOffice => {
            anyhow::anyhow!("unknown office {}", office.clone().unwrap_or_default())
        }
        other => anyhow::anyhow!(other),
    })?;
    audit::append(
        &txn,
        audit::Entry {
            actor: None,
            action: "account.create",
            object_type: "account",
            object_id: &account.id,
            office: office.as_deref(),
            request_id: None,
            detail: serde_json::json!({ "kind": role.as_str(), "via": "cli" }),
        },
    )
    .await?;
    txn.commit().await?;
    println!(
        "created {} account {} ({})",
        role.as_str(),
        email,
        account.id
    );
    if generated {
        println!("password (shown once): {password}");
    }
    Ok(())
}
