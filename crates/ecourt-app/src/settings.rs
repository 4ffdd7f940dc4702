//! Small preferences kept in `settings.json` in the app's data folder.

use serde::{Deserialize, Serialize};
use std::path::Path;
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Settings {
    /// `zh-CN` (default) or `en`.
    pub locale: String,
    /// Larger text and controls for people who need them (适老化大字模式).
    pub large_text: bool,
    /// The folder (under `accounts/`) of the account that was signed in last, to reopen offline.
    #[ts(skip)]
    #[serde(default)]
    pub last_account: Option<String>,
    /// That account's idle sign-out and last use, so a restart after the idle time does not
    /// reopen it (a shared office machine).
    #[ts(skip)]
    #[serde(default)]
    pub idle: Option<crate::office::IdleRecord>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            locale: "zh-CN".into(),
            large_text: false,
            last_account: None,
            idle: None,
        }
    }
}

impl Settings {
    pub fn load(path: &Path) -> Settings {
        std::fs::read(path)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default()
    }

    /// Writes through a temporary file and a rename, so a crash never leaves half a file.
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        let tmp = path.with_extension("json.tmp");
        std::fs::write(&tmp, serde_json::to_vec_pretty(self)?)?;
        std::fs::rename(tmp, path)
    }
}
