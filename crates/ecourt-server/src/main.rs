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
        /// The 32-byte key that seals face templates (created, owner-only, when missing).
        /// Keep it outside the database and its backups.
        #[arg(
            long,
            env = "ECOURT_TEMPLATE_KEY_FILE",
            default_value = "ecourt-template.key"
        )]
        template_key_file: std::path::PathBuf,
        /// The address hearings' media (WebRTC over UDP) is received on and announced to
        /// participants; by default the address the API listens on (127.0.0.1 when that is
        /// 0.0.0.0). A court behind NAT sets its public address here.
        #[arg(long, env = "ECOURT_MEDIA_IP")]
        media_ip: Option<std::net::IpAddr>,
        /// Demonstrations and tests only, never a real court: the development payment gateway
        /// (fees "paid" on request) and SMS gateway (texts kept and shown in the app), with
        /// their routes under /api/v1/dev/. Without it no payment or SMS gateway is
        /// configured: fee notices and phone codes answer gateway_not_configured.
        #[arg(long)]
        dev_gateways: bool,
    },
    /// Check the audit log's hash chain; exit 0 only if it is intact.
    AuditVerify,
    /// The holiday schedule the court counts periods with (放假调休安排).
    Holidays {
        #[command(subcommand)]
        action: HolidaysCommand,
    },
    /// Compare the faces in two photos (JPEG/PNG, one face each), for calibration and audits:
    /// prints {"same_person", "distance", "zone" (match, doubt, mismatch under the court's
    /// policy band), "match_below", "mismatch_above", "model"}. Needs no database.
    FaceCompare {
        image_a: std::path::PathBuf,
        image_b: std::path::PathBuf,
        /// The models folder (default: ECOURT_MODELS_DIR or ~/.cache/ecourt/models).
        #[arg(long)]
        models: Option<std::path::PathBuf>,
        /// The recognition model (default: the one the court's policy names):
        /// dlib_face_recognition_resnet_model_v1 or sface_2021dec.
        #[arg(long)]
        model: Option<String>,
    },
}

#[derive(Subcommand)]
enum HolidaysCommand {
    /// Load a reviewed schedule file (the format of crates/ecourt-domain/data/holidays-cn.txt,
    /// holding every year the calendar in force holds): kept with a new version and served to
    /// desktops; every provisional period is counted again and each case whose deadline moves
    /// is told (deadline_moved). Prints the version and the periods moved.
    Load { file: std::path::PathBuf },
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
    if let Command::FaceCompare {
        image_a,
        image_b,
        models,
        model,
    } = &cli.command
    {
        return face_compare(image_a, image_b, models.clone(), model.clone());
    }
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
            template_key_file,
            media_ip,
            dev_gateways,
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
            let state = if dev_gateways {
                tracing::warn!(
                    "DEVELOPMENT GATEWAYS ON: any party may mark their fee paid and read their \
                     codes at /api/v1/dev/; no money moves and no text is sent. Never use \
                     --dev-gateways in a real court."
                );
                eprintln!(
                    "ecourt-server: WARNING: --dev-gateways: fees are 'paid' on request and \
                     texts are kept in the database. For demonstrations and tests only."
                );
                state.with_dev_gateways()
            } else {
                tracing::warn!(
                    "no payment or SMS gateway is configured: registrations and phone codes \
                     will answer gateway_not_configured"
                );
                state
            };
            let state = AppState {
                template_key: std::sync::Arc::new(
                    ecourt_server::faces::TemplateKey::load_or_create(&template_key_file)?,
                ),
                parts: state.parts.with(ecourt_server::hearings::room::Rooms::new(
                    media_ip.unwrap_or(if listen.ip().is_unspecified() {
                        std::net::Ipv4Addr::LOCALHOST.into()
                    } else {
                        listen.ip()
                    }),
                )),
                ..state
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
        Command::Holidays {
            action: HolidaysCommand::Load { file },
        } => {
            db.migrate().await?;
            let text = std::fs::read_to_string(&file)
                .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
            let state = AppState::with_system_clock(db)?;
            match ecourt_server::kernel::periods::load_schedule(
                &state,
                &text,
                None,
                chrono::Utc::now(),
            )
            .await?
            {
                Ok(loaded) => {
                    println!(
                        "holiday schedule version {} loaded (years {:?}, sha256 {}): {} provisional periods counted again, {} moved",
                        loaded.version, loaded.years, loaded.sha256, loaded.recomputed, loaded.moved.len()
                    );
                    for m in &loaded.moved {
                        println!(
                            "  case {} period {}: {} -> {}",
                            m.case_id, m.period_id, m.old_end, m.new_end
                        );
                    }
                }
                Err(refusal) => {
                    println!("not loaded: {refusal}");
                    return Ok(ExitCode::from(1));
                }
            }
        }
        Command::FaceCompare { .. } => unreachable!("handled before connecting"),
    }
    Ok(ExitCode::SUCCESS)
}

fn face_compare(
    a: &std::path::Path,
    b: &std::path::Path,
    models: Option<std::path::PathBuf>,
    model: Option<String>,
) -> anyhow::Result<ExitCode> {
    use anyhow::Context;
    let dir =
        models.unwrap_or_else(|| ecourt_server::embedded::ServiceConfig::from_env().models_dir);
    let policy = ecourt_server::faces::FacePolicy::court_default();
    let model = model.unwrap_or_else(|| policy.model.clone());
    let mut pipeline = ecourt_face::FacePipeline::load_model(&dir, &model).with_context(|| {
        format!(
            "loading the face model {model} from {} (run scripts/prepare-models.sh)",
            dir.display()
        )
    })?;
    let mut describe = |path: &std::path::Path| -> anyhow::Result<ecourt_face::DescribedFace> {
        let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
        // A fault inside the pipeline on a strange picture is reported as an error on that
        // file, not as a crash (the panic's own report is kept off the terminal).
        let hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(|_| {}));
        let described = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            pipeline.describe_encoded(&bytes)
        }));
        std::panic::set_hook(hook);
        match described {
            Ok(d) => d.map_err(|e| anyhow::anyhow!("{}: {e}", path.display())),
            Err(_) => Err(anyhow::anyhow!(
                "{}: the face pipeline failed on this picture",
                path.display()
            )),
        }
    };
    let (da, db) = (describe(a)?, describe(b)?);
    let distance = da.distance(&db)?;
    // The court's policy band for this model decides: below `match_below` the same person,
    // above `mismatch_above` not, in between a court officer's call.
    let band = policy.band_of(&model);
    let zone = policy.zone_of(&model, distance);
    let quality: Vec<serde_json::Value> = [da.quality, db.quality]
        .iter()
        .map(|q| {
            serde_json::json!({
                "eye_distance": q.eye_distance, "sharpness": q.sharpness,
                "brightness": q.brightness, "usable": q.check().is_ok(),
            })
        })
        .collect();
    println!(
        "{}",
        serde_json::json!({
            "same_person": zone == ecourt_server::faces::Zone::Match,
            "distance": (f64::from(distance) * 1e6).round() / 1e6,
            // match (below match_below), doubt (a court officer would decide) or mismatch.
            "zone": zone.name(),
            "match_below": band.match_below,
            "mismatch_above": band.mismatch_above,
            "model": pipeline.model_version(),
            "quality": quality,
        })
    );
    Ok(ExitCode::SUCCESS)
}
