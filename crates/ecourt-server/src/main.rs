//! `ecourt-server`: run, migrate, seed and audit the court service.

use clap::{Parser, Subcommand};
use ecourt_server::clock::OffsetFileClock;
use ecourt_server::{audit, db::Db, seed, serve, state::AppState};
use std::net::SocketAddr;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "ecourt-server",
    version,
    about = "The e-Court service (在线诉讼服务法院端)"
)]
struct Cli {
    /// sqlite://PATH or postgres://USER@HOST/DB
    #[arg(
        long,
        global = true,
        env = "ECOURT_DATABASE_URL",
        default_value = "sqlite://ecourt.sqlite"
    )]
    database_url: String,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create or upgrade the database schema.
    Migrate,
    /// Load the demo court, accounts and cases (once; a second run changes nothing).
    SeedDemo,
    /// Add N load-test cases for one account (benchmarks only).
    SeedBulk {
        #[arg(long)]
        cases: usize,
        #[arg(long, default_value = "lawyer1")]
        account: String,
    },
    /// Serve the API.
    Serve {
        #[arg(long, default_value = "127.0.0.1:8080")]
        listen: SocketAddr,
        /// Demonstrations and tests only: move the court's clock forward by the number of
        /// seconds written in this file (read at every use), to see deadlines pass.
        #[arg(long)]
        dev_clock_offset_file: Option<std::path::PathBuf>,
    },
    /// Check the audit log's hash chain; exit 0 only if it is intact.
    AuditVerify,
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    match run(Cli::parse()).await {
        Ok(code) => code,
        Err(e) => {
            eprintln!("ecourt-server: {e:#}");
            ExitCode::from(2)
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let db = Db::connect(&cli.database_url).await?;
    match cli.command {
        Command::Migrate => {
            db.migrate().await?;
            println!("migrated ({})", db.backend.name());
        }
        Command::SeedDemo => {
            db.migrate().await?;
            let seeded = seed::seed_demo(&db, chrono::Utc::now()).await?;
            println!(
                "{}",
                if seeded {
                    "demo data loaded"
                } else {
                    "demo data already present"
                }
            );
        }
        Command::SeedBulk { cases, account } => {
            seed::seed_bulk(&db, &account, cases, chrono::Utc::now()).await?;
            println!("{cases} cases added for {account}");
        }
        Command::Serve {
            listen,
            dev_clock_offset_file,
        } => {
            db.migrate().await?;
            let state = match dev_clock_offset_file {
                Some(file) => {
                    eprintln!(
                        "ecourt-server: the clock is offset by {} (development only)",
                        file.display()
                    );
                    AppState::new(db, std::sync::Arc::new(OffsetFileClock(file)))?
                }
                None => AppState::with_system_clock(db)?,
            };
            let listener = tokio::net::TcpListener::bind(listen).await?;
            eprintln!(
                "ecourt-server listening on http://{}",
                listener.local_addr()?
            );
            serve(listener, state, async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await?;
        }
        Command::AuditVerify => match audit::verify(&db).await? {
            audit::Verdict::Intact { entries } => {
                println!("audit chain intact: {entries} entries");
            }
            audit::Verdict::Broken { at_seq, reason } => {
                println!("audit chain BROKEN at entry {at_seq}: {reason}");
                return Ok(ExitCode::from(1));
            }
        },
    }
    Ok(ExitCode::SUCCESS)
}
