//! Server processes for `--processes N`: this binary re-executed with the
//! hidden `--serve-only`, each an `imigrasi::Application` on the same
//! database with the same NIK index key and signing key file, as
//! `imigrasi serve` processes behind a load balancer would be.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use imigrasi::Application;

use crate::{Args, DATA_KEY_ENV};

/// The line a `--serve-only` server prints once it listens.
const LISTENING: &str = "IMIGRASI_LOADGEN_LISTENING";
/// How long a server may take to start and answer `/health`.
const START_TIMEOUT: Duration = Duration::from_secs(60);

/// A folder of this run (signing key, files), removed at the end.
#[derive(Debug)]
pub struct WorkDir(PathBuf);

impl WorkDir {
    /// A fresh folder under the system's temporary folder.
    pub fn new() -> anyhow::Result<WorkDir> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or_default();
        let dir =
            std::env::temp_dir().join(format!("imigrasi-loadgen-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&dir).context("creating the work folder")?;
        Ok(WorkDir(dir))
    }

    /// The folder.
    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for WorkDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// `--serve-only`: serve until killed.
pub async fn serve_only(args: &Args) -> anyhow::Result<bool> {
    let data_key = std::env::var(DATA_KEY_ENV)
        .with_context(|| format!("{DATA_KEY_ENV} must hold the NIK index key"))?;
    let work_dir = args.work_dir.clone().context("--work-dir is required")?;
    let mut config = crate::server_config(args, &data_key, &work_dir);
    config.bind = args.bind;
    let app = Application::build(config)
        .await
        .context("starting the application")?;
    {
        let mut out = std::io::stdout().lock();
        writeln!(out, "{LISTENING} {}", app.local_addr())?;
        out.flush()?;
    }
    app.run_until(std::future::pending()).await?;
    Ok(true)
}

/// The running server processes; killed when dropped.
#[derive(Debug)]
pub struct Children {
    children: Vec<Child>,
    bases: Vec<String>,
}

impl Children {
    /// Start `--processes` servers one after the other (each applies the
    /// migrations and seeds at start: one at a time) and wait until each
    /// answers `/health`.
    pub async fn start(args: &Args, data_key: &str, work_dir: &Path) -> anyhow::Result<Children> {
        let exe = std::env::current_exe().context("finding this program")?;
        let mut started = Children {
            children: Vec::new(),
            bases: Vec::new(),
        };
        let client = reqwest::Client::new();
        for n in 0..args.processes {
            let mut child = Command::new(&exe)
                .args(["--serve-only", "--bind", "127.0.0.1:0", "--database-url"])
                .arg(&args.database_url)
                .arg("--engine")
                .arg(args.engine.to_string())
                .arg("--max-connections")
                .arg(args.max_connections.to_string())
                .arg("--work-dir")
                .arg(work_dir)
                .env(DATA_KEY_ENV, data_key)
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::inherit())
                .spawn()
                .with_context(|| format!("starting server {n}"))?;
            let stdout = child.stdout.take().context("server output")?;
            started.children.push(child);
            let addr = tokio::task::spawn_blocking(move || listening_address(stdout))
                .await
                .context("reading the server's address")??;
            let base = format!("http://{addr}");
            wait_healthy(&client, &base).await?;
            started.bases.push(base);
        }
        Ok(started)
    }

    /// The servers' base URLs.
    pub fn bases(&self) -> Vec<String> {
        self.bases.clone()
    }
}

impl Drop for Children {
    fn drop(&mut self) {
        for child in &mut self.children {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Read the server's output until it names its address; pass the rest of
/// its output on to stderr (stdout is this program's report).
fn listening_address(stdout: std::process::ChildStdout) -> anyhow::Result<String> {
    let mut lines = BufReader::new(stdout).lines();
    for line in lines.by_ref() {
        let line = line.context("reading the server's output")?;
        if let Some(addr) = line.strip_prefix(LISTENING) {
            let addr = addr.trim().to_owned();
            std::thread::spawn(move || {
                for line in lines.map_while(Result::ok) {
                    eprintln!("server: {line}");
                }
            });
            return Ok(addr);
        }
        eprintln!("server: {line}");
    }
    bail!("the server stopped before listening")
}

/// Wait until `base` answers `GET /health` with 200.
async fn wait_healthy(client: &reqwest::Client, base: &str) -> anyhow::Result<()> {
    let deadline = Instant::now() + START_TIMEOUT;
    loop {
        if let Ok(r) = client.get(format!("{base}/health")).send().await
            && r.status().is_success()
        {
            return Ok(());
        }
        if Instant::now() > deadline {
            bail!("{base} did not answer /health within {START_TIMEOUT:?}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
