//! Where the benches find the models and the recorded people.

use std::path::{Path, PathBuf};

pub fn fixtures() -> PathBuf {
    ecourt_face::test_support::fixtures_dir()
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
