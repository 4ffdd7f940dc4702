//! Configuration read once at start-up: the court's face verification policy (data in
//! `policy/face-verification.json`), the key that seals face templates (a file outside the
//! database, `ECOURT_TEMPLATE_KEY_FILE`), and the service's settings ([`ServiceConfig`]: the
//! face models folder, the papers' font). This is the service's one reader of the environment
//! besides its command line (`main.rs`); the library crates beneath it are handed the values.

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce};
use ecourt_face::{FaceDescriptor, DESCRIPTOR_LEN};
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The service's settings, read from the environment once when its state is built
/// ([`ServiceConfig::from_env`]), or given by whoever embeds it (the desktop, from its own
/// configuration).
#[derive(Debug)]
pub struct ServiceConfig {
    /// The face models (`ECOURT_MODELS_DIR`, else `~/.cache/ecourt/models`, where
    /// `scripts/prepare-models.sh` puts them).
    pub models_dir: PathBuf,
    /// The font court papers are drawn with (`ECOURT_PAPERS_FONT`, or its earlier name
    /// `ECOURT_RECEIPT_FONT`); `None`: the system's Noto CJK.
    pub papers_font: Option<PathBuf>,
    /// Where the files of evidence are kept, by hash (`ECOURT_EVIDENCE_DIR`; the embedded
    /// court: `evidence/` beside its database). Unset: a folder in the system's temporary
    /// directory, with a warning — a court sets it.
    pub evidence_dir: Option<PathBuf>,
    /// The font, loaded at its first use and kept (a failure too, so it is not retried on
    /// every receipt).
    font: OnceLock<Result<ecourt_papers::FontSource, String>>,
}

impl ServiceConfig {
    pub fn new(models_dir: PathBuf, papers_font: Option<PathBuf>) -> ServiceConfig {
        ServiceConfig {
            models_dir,
            papers_font,
            evidence_dir: None,
            font: OnceLock::new(),
        }
    }

    /// The settings from the environment (names above).
    pub fn from_env() -> ServiceConfig {
        ServiceConfig::read(|name| std::env::var_os(name))
    }

    fn read(get: impl Fn(&str) -> Option<OsString>) -> ServiceConfig {
        let set = |name: &str| get(name).filter(|v| !v.is_empty()).map(PathBuf::from);
        ServiceConfig {
            evidence_dir: set("ECOURT_EVIDENCE_DIR"),
            ..ServiceConfig::new(
                set("ECOURT_MODELS_DIR").unwrap_or_else(|| {
                    set("HOME").unwrap_or_default().join(".cache/ecourt/models")
                }),
                ecourt_papers::FONT_SETTINGS.into_iter().find_map(set),
            )
        }
    }

    /// The folder of the evidence file store (see [`ServiceConfig::evidence_dir`]).
    pub fn evidence_dir(&self) -> PathBuf {
        self.evidence_dir.clone().unwrap_or_else(|| {
            let dir = std::env::temp_dir().join("ecourt-evidence");
            tracing::warn!(dir = %dir.display(), "ECOURT_EVIDENCE_DIR is not set: evidence files are kept in a temporary folder");
            dir
        })
    }

    /// The papers' font, loaded once.
    pub fn papers_font(&self) -> Result<&ecourt_papers::FontSource, String> {
        self.font
            .get_or_init(|| {
                ecourt_papers::FontSource::configured(self.papers_font.as_deref())
                    .map_err(|e| e.to_string())
            })
            .as_ref()
            .map_err(Clone::clone)
    }
}

/// The court's policy, as data (`policy/face-verification.json`).
#[derive(Debug, Clone, serde::Deserialize)]
pub struct FacePolicy {
    /// The model whose band decides (a key of `models`).
    pub model: String,
    /// Each configured model's band of doubt.
    pub models: std::collections::BTreeMap<String, ModelBand>,
    pub attempts_per_day: i64,
    pub challenge_seconds: i64,
    pub verify_steps: usize,
    pub recheck_steps: usize,
    pub min_frames: usize,
    pub max_frame_bytes: usize,
    pub keep_frames: bool,
}

/// Distances below `match_below` are the same person, above `mismatch_above` someone else; in
/// between a court officer decides (never an automatic yes).
#[derive(Debug, Clone, Copy, serde::Deserialize)]
pub struct ModelBand {
    pub match_below: f32,
    pub mismatch_above: f32,
}

/// Where a distance falls in the deciding model's band.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zone {
    Match,
    Doubt,
    Mismatch,
}

impl Zone {
    pub fn name(self) -> &'static str {
        match self {
            Zone::Match => "match",
            Zone::Doubt => "doubt",
            Zone::Mismatch => "mismatch",
        }
    }
}

impl FacePolicy {
    pub fn court_default() -> FacePolicy {
        let policy: FacePolicy =
            serde_json::from_str(include_str!("../../policy/face-verification.json"))
                .expect("policy/face-verification.json is valid");
        let band = policy
            .models
            .get(&policy.model)
            .expect("policy/face-verification.json names a configured model");
        assert!(
            band.match_below <= band.mismatch_above,
            "the band of doubt runs from match_below up to mismatch_above"
        );
        policy
    }

    /// A configured model's band (by its id, or its recorded `<id>@<version>`).
    pub fn band_of(&self, model: &str) -> ModelBand {
        let id = model.split('@').next().unwrap_or_default();
        self.models
            .get(id)
            .copied()
            // Checked at load; a policy built otherwise without its model decides nothing
            // automatically.
            .unwrap_or(ModelBand {
                match_below: 0.0,
                mismatch_above: f32::MAX,
            })
    }

    /// Where a distance of `model` falls in that model's band: distances of different models
    /// are not on one scale.
    pub fn zone_of(&self, model: &str, distance: f32) -> Zone {
        let band = self.band_of(model);
        if distance < band.match_below {
            Zone::Match
        } else if distance > band.mismatch_above {
            Zone::Mismatch
        } else {
            Zone::Doubt
        }
    }
}

/// The key that seals face templates. Kept outside the database.
pub struct TemplateKey {
    pub id: String,
    key: [u8; 32],
}

impl TemplateKey {
    /// Reads a 32-byte key file, creating it (owner-only) when missing.
    pub fn load_or_create(path: &Path) -> anyhow::Result<TemplateKey> {
        if !path.exists() {
            let mut key = [0u8; 32];
            rand::thread_rng().fill_bytes(&mut key);
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)?;
            }
            write_private(path, &key)?;
        }
        let bytes = std::fs::read(path)?;
        let key: [u8; 32] = bytes
            .as_slice()
            .try_into()
            .map_err(|_| anyhow::anyhow!("{} must hold exactly 32 bytes", path.display()))?;
        Ok(TemplateKey::from_bytes(key))
    }

    /// A key for this process only (tests; templates do not survive a restart).
    pub fn ephemeral() -> TemplateKey {
        let mut key = [0u8; 32];
        rand::thread_rng().fill_bytes(&mut key);
        TemplateKey::from_bytes(key)
    }

    fn from_bytes(key: [u8; 32]) -> TemplateKey {
        TemplateKey {
            id: hex::encode(Sha256::digest(key))[..8].to_string(),
            key,
        }
    }

    pub fn seal(&self, d: &FaceDescriptor) -> Vec<u8> {
        let plain: Vec<u8> = d.0.iter().flat_map(|v| v.to_le_bytes()).collect();
        self.seal_bytes(&plain)
    }

    /// AES-256-GCM: a fresh 12-byte nonce, then the sealed bytes and the tag.
    pub fn seal_bytes(&self, plain: &[u8]) -> Vec<u8> {
        let mut nonce = [0u8; 12];
        rand::thread_rng().fill_bytes(&mut nonce);
        let cipher = Aes256Gcm::new((&self.key).into());
        let sealed = cipher
            .encrypt(Nonce::from_slice(&nonce), plain)
            .expect("AES-GCM encryption of an in-memory buffer cannot fail");
        [nonce.to_vec(), sealed].concat()
    }

    pub fn open_bytes(&self, sealed: &[u8]) -> anyhow::Result<Vec<u8>> {
        anyhow::ensure!(sealed.len() > 12, "sealed data too short");
        let cipher = Aes256Gcm::new((&self.key).into());
        cipher
            .decrypt(Nonce::from_slice(&sealed[..12]), &sealed[12..])
            .map_err(|_| anyhow::anyhow!("the sealed data does not open with this key"))
    }

    pub fn open(&self, sealed: &[u8]) -> anyhow::Result<FaceDescriptor> {
        let plain = self.open_bytes(sealed)?;
        anyhow::ensure!(
            plain.len() == DESCRIPTOR_LEN * 4,
            "template of {} bytes",
            plain.len()
        );
        let mut d = [0f32; DESCRIPTOR_LEN];
        for (v, b) in d.iter_mut().zip(plain.chunks_exact(4)) {
            *v = f32::from_le_bytes([b[0], b[1], b[2], b[3]]);
        }
        Ok(FaceDescriptor(d))
    }
}

#[cfg(unix)]
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    f.write_all(bytes)
}

#[cfg(not(unix))]
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::write(path, bytes)
}

/// Where the template key lives by default: `ECOURT_TEMPLATE_KEY_FILE`.
pub fn template_key_from_env() -> anyhow::Result<TemplateKey> {
    match std::env::var_os("ECOURT_TEMPLATE_KEY_FILE") {
        Some(path) => TemplateKey::load_or_create(Path::new(&path)),
        None => Ok(TemplateKey::ephemeral()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(vars: &[(&str, &str)]) -> ServiceConfig {
        ServiceConfig::read(|name| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| OsString::from(v))
        })
    }

    #[test]
    fn the_settings_default_to_the_prepared_models_and_the_system_font() {
        let c = read(&[("HOME", "/home/clerk")]);
        assert_eq!(
            c.models_dir,
            PathBuf::from("/home/clerk/.cache/ecourt/models")
        );
        assert_eq!(c.papers_font, None);
    }

    #[test]
    fn every_setting_is_read_and_the_font_s_earlier_name_still_counts() {
        let c = read(&[
            ("ECOURT_MODELS_DIR", "/models"),
            ("ECOURT_RECEIPT_FONT", "/fonts/old.ttc"),
        ]);
        assert_eq!(c.models_dir, PathBuf::from("/models"));
        assert_eq!(c.papers_font, Some(PathBuf::from("/fonts/old.ttc")));
        let c = read(&[
            ("ECOURT_PAPERS_FONT", "/fonts/new.ttc"),
            ("ECOURT_RECEIPT_FONT", "/fonts/old.ttc"),
        ]);
        assert_eq!(
            c.papers_font,
            Some(PathBuf::from("/fonts/new.ttc")),
            "the new name wins"
        );
        let c = read(&[("ECOURT_PAPERS_FONT", ""), ("ECOURT_RECEIPT_FONT", "")]);
        assert_eq!(c.papers_font, None, "an empty setting is none");
    }
}
