//! Copies the user keeps (a document of the case, a printable notice): written where the user
//! keeps downloads, the configured folder (`ECOURT_EXPORT_DIR`, else `~/Downloads`), else the
//! app's data folder, under a name that says which case and what it is.

use crate::{App, AppResult};
use std::path::PathBuf;

impl App {
    /// Where exports go (documents, printable notices, the hearings calendar): the configured
    /// folder, else the app's data folder; made if missing.
    pub(crate) fn export_dir(&self) -> AppResult<PathBuf> {
        let dir = self
            .config
            .export_dir
            .clone()
            .unwrap_or_else(|| self.config.data_dir.join("exports"));
        std::fs::create_dir_all(&dir)?;
        Ok(dir)
    }

    /// Writes `bytes` as `<label>-<title>.<extension>` in the export folder; returns the path.
    pub(crate) fn write_export(
        &self,
        label: &str,
        title: &str,
        extension: &str,
        bytes: &[u8],
    ) -> AppResult<String> {
        let dir = self.export_dir()?;
        let safe: String = format!("{label}-{title}")
            .chars()
            .map(|c| if "/\\:*?\"<>|".contains(c) { '_' } else { c })
            .collect();
        let path = dir.join(format!("{safe}.{extension}"));
        std::fs::write(&path, bytes)?;
        Ok(path.display().to_string())
    }
}
