//! Where the benches find the models and the recorded people.

use std::path::{Path, PathBuf};

pub fn fixtures() -> PathBuf {
    std::env::var_os("ECOURT_FIXTURES_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(std::env::var_os("HOME").unwrap_or_default())
                .join(".cache/ecourt/fixtures")
        })
        .join("faces")
}

/// The files of a folder, by name.
pub fn files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| {
            panic!(
                "{}: {e} (run scripts/prepare-face-fixtures.sh)",
                dir.display()
            )
        })
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    v.sort();
    v
}
