//! The desktop's configuration, read from the environment once at start
//! ([`AppConfig::from_env`]) and handed down as typed values: nothing else in the desktop's
//! library crates reads the environment, so what a run was configured with is one value that
//! tests build directly.

use ecourt_media::DeviceConfig;
use std::ffi::OsString;
use std::path::PathBuf;

/// Where the app keeps its files, which court it talks to, and the devices it offers.
#[derive(Debug, Clone)]
pub struct AppConfig {
    pub data_dir: PathBuf,
    /// A court's service URL; `None` starts the embedded court with demo data.
    pub server_url: Option<String>,
    /// The court new applications go to (法院代字); the demo court when unset.
    pub court_code: Option<String>,
    /// Where exported documents are saved; `None`: the data folder's `exports`.
    pub export_dir: Option<PathBuf>,
    /// The face models (the guide's detector, and the embedded court's verifier).
    pub models_dir: PathBuf,
    /// The embedded court's loopback port; 0: a free one.
    pub embedded_port: u16,
    /// The font the embedded court draws its papers with; `None`: the system's.
    pub papers_font: Option<PathBuf>,
    /// Recorded cameras, the test pattern, a tone: for tests, demos and machines without
    /// devices.
    pub devices: DeviceConfig,
    /// The embedded court's email relay, sender and bounce mailbox (the court's own names).
    pub mail: ecourt_server::embedded::MailSettings,
}

/// What the environment holds, read in one place: the names and their meaning.
struct Env {
    get: fn(&str) -> Option<OsString>,
}

impl Env {
    fn os(&self, name: &str) -> Option<OsString> {
        (self.get)(name).filter(|v| !v.is_empty())
    }

    fn text(&self, name: &str) -> Option<String> {
        self.os(name).and_then(|v| v.into_string().ok())
    }

    fn path(&self, name: &str) -> Option<PathBuf> {
        self.os(name).map(PathBuf::from)
    }
}

impl AppConfig {
    /// The configuration from the environment:
    /// - `ECOURT_DATA_DIR` overrides the data folder (tests use it so they never touch the
    ///   user's own);
    /// - `ECOURT_SERVER_URL` points at a court (else the embedded court);
    /// - `ECOURT_COURT_CODE` is the court applications go to;
    /// - `ECOURT_EXPORT_DIR` is where documents are saved, else `~/Downloads` when it exists;
    /// - `ECOURT_MODELS_DIR` holds the face models, else `~/.cache/ecourt/models`;
    /// - `ECOURT_EMBEDDED_PORT` fixes the embedded court's port (so that a second participant,
    ///   another app or `ecourt-hearing-bot`, can join its hearings), else a free one;
    /// - `ECOURT_PAPERS_FONT` (or its earlier name `ECOURT_RECEIPT_FONT`) is the font the
    ///   embedded court draws papers with, else the system's Noto CJK;
    /// - `ECOURT_SMTP_URL`, `ECOURT_MAIL_FROM` and `ECOURT_BOUNCE_MAILBOX` give the embedded
    ///   court its mail relay (as for a court: `scripts/run.sh` starts one), else no email;
    /// - `ECOURT_CAMERA_FILES` lists recorded cameras (folders, separated like `PATH`),
    ///   `ECOURT_CAMERA_SYNTHETIC` offers the test pattern, `ECOURT_MICROPHONE_SYNTHETIC` a tone
    ///   (its value the pitch in Hz, 440 when empty or not a number).
    pub fn from_env(default_data_dir: PathBuf) -> Self {
        Self::read(
            &Env {
                get: |name| std::env::var_os(name),
            },
            default_data_dir,
        )
    }

    /// The embedded court over `data_dir`, everything else from the environment (the core's
    /// tests: recorded cameras and models as the run was set up).
    pub fn embedded(data_dir: PathBuf) -> Self {
        AppConfig {
            data_dir: data_dir.clone(),
            server_url: None,
            ..Self::from_env(data_dir)
        }
    }

    fn read(env: &Env, default_data_dir: PathBuf) -> Self {
        let home = env.path("HOME");
        AppConfig {
            data_dir: env.path("ECOURT_DATA_DIR").unwrap_or(default_data_dir),
            server_url: env.text("ECOURT_SERVER_URL"),
            court_code: env.text("ECOURT_COURT_CODE"),
            export_dir: env.path("ECOURT_EXPORT_DIR").or_else(|| {
                home.as_ref()
                    .map(|h| h.join("Downloads"))
                    .filter(|d| d.is_dir())
            }),
            models_dir: env.path("ECOURT_MODELS_DIR").unwrap_or_else(|| {
                home.clone()
                    .unwrap_or_default()
                    .join(".cache/ecourt/models")
            }),
            embedded_port: env
                .text("ECOURT_EMBEDDED_PORT")
                .and_then(|p| p.parse().ok())
                .unwrap_or(0),
            papers_font: ecourt_server::embedded::FONT_SETTINGS
                .into_iter()
                .find_map(|name| env.path(name)),
            devices: DeviceConfig {
                camera_files: env
                    .os("ECOURT_CAMERA_FILES")
                    .map(|paths| std::env::split_paths(&paths).collect())
                    .unwrap_or_default(),
                synthetic_camera: (env.get)("ECOURT_CAMERA_SYNTHETIC").is_some(),
                tone_microphone: (env.get)("ECOURT_MICROPHONE_SYNTHETIC")
                    .map(|v| v.to_str().and_then(|s| s.parse().ok()).unwrap_or(440)),
            },
            mail: ecourt_server::embedded::MailSettings {
                smtp_url: env.text("ECOURT_SMTP_URL"),
                from: env
                    .text("ECOURT_MAIL_FROM")
                    .unwrap_or_else(|| ecourt_server::embedded::MailSettings::default().from),
                bounce_mailbox: env.path("ECOURT_BOUNCE_MAILBOX"),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(vars: &'static [(&'static str, &'static str)]) -> AppConfig {
        thread_local! {
            static VARS: std::cell::Cell<&'static [(&'static str, &'static str)]> =
                const { std::cell::Cell::new(&[]) };
        }
        VARS.with(|v| v.set(vars));
        AppConfig::read(
            &Env {
                get: |name| {
                    VARS.with(|v| v.get())
                        .iter()
                        .find(|(k, _)| *k == name)
                        .map(|(_, v)| OsString::from(v))
                },
            },
            PathBuf::from("/default"),
        )
    }

    #[test]
    fn an_empty_environment_means_the_embedded_court_and_the_defaults() {
        let c = read(&[("HOME", "/nonexistent-home")]);
        assert_eq!(c.data_dir, PathBuf::from("/default"));
        assert_eq!(c.server_url, None);
        assert_eq!(c.court_code, None);
        assert_eq!(
            c.export_dir, None,
            "no ~/Downloads folder: the data folder's exports"
        );
        assert_eq!(
            c.models_dir,
            PathBuf::from("/nonexistent-home/.cache/ecourt/models")
        );
        assert_eq!(c.embedded_port, 0, "a free port");
        assert_eq!(c.papers_font, None, "the system's font");
        assert_eq!(c.devices, DeviceConfig::default());
    }

    #[test]
    fn every_variable_is_read_into_its_field() {
        let c = read(&[
            ("ECOURT_DATA_DIR", "/data"),
            ("ECOURT_SERVER_URL", "https://court.example/"),
            ("ECOURT_COURT_CODE", "京0105"),
            ("ECOURT_EXPORT_DIR", "/exports"),
            ("ECOURT_MODELS_DIR", "/models"),
            ("ECOURT_EMBEDDED_PORT", "18080"),
            ("ECOURT_PAPERS_FONT", "/fonts/a.ttc"),
            ("ECOURT_CAMERA_FILES", "/a:/b"),
            ("ECOURT_CAMERA_SYNTHETIC", ""),
            ("ECOURT_MICROPHONE_SYNTHETIC", "523"),
        ]);
        assert_eq!(c.data_dir, PathBuf::from("/data"));
        assert_eq!(c.server_url.as_deref(), Some("https://court.example/"));
        assert_eq!(c.court_code.as_deref(), Some("京0105"));
        assert_eq!(c.export_dir, Some(PathBuf::from("/exports")));
        assert_eq!(c.models_dir, PathBuf::from("/models"));
        assert_eq!(c.embedded_port, 18080);
        assert_eq!(c.papers_font, Some(PathBuf::from("/fonts/a.ttc")));
        assert_eq!(
            c.devices,
            DeviceConfig {
                camera_files: vec![PathBuf::from("/a"), PathBuf::from("/b")],
                synthetic_camera: true,
                tone_microphone: Some(523),
            }
        );
        let c = read(&[
            ("ECOURT_MICROPHONE_SYNTHETIC", "loud"),
            ("ECOURT_SERVER_URL", ""),
            ("ECOURT_EMBEDDED_PORT", "not-a-port"),
            ("ECOURT_RECEIPT_FONT", "/fonts/old.ttc"),
        ]);
        assert_eq!(c.embedded_port, 0, "an unreadable port: a free one");
        assert_eq!(
            c.papers_font,
            Some(PathBuf::from("/fonts/old.ttc")),
            "the font's earlier name still counts"
        );
        assert_eq!(c.devices.tone_microphone, Some(440));
        assert_eq!(c.server_url, None, "an empty court address is none");
    }
}
