//! Test support, behind the `test-support` feature (only tests, benches and examples turn it
//! on): where the models and the face fixtures were prepared on this machine. The library
//! itself reads no environment; its callers pass the models folder in from their own
//! configuration (the court's `ServiceConfig`, the desktop's `AppConfig`).

use std::path::PathBuf;

/// The models folder: `ECOURT_MODELS_DIR`, else `~/.cache/ecourt/models`, where
/// `scripts/prepare-models.sh` puts them.
pub fn models_dir() -> PathBuf {
    std::env::var_os("ECOURT_MODELS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cache/ecourt/models")
        })
}

/// The recorded people and labelled photos the face tests and benches use:
/// `ECOURT_FIXTURES_DIR/faces`, else `~/.cache/ecourt/fixtures/faces`, where
/// `scripts/prepare-face-fixtures.sh` puts them.
pub fn fixtures_dir() -> PathBuf {
    std::env::var_os("ECOURT_FIXTURES_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(std::env::var_os("HOME").unwrap_or_default())
                .join(".cache/ecourt/fixtures")
        })
        .join("faces")
}

/// The fixtures folder when it and the models are prepared; otherwise `None` (the test says it
/// skipped), except when `CI` is set, where missing preparation is a failure.
pub fn prepared_fixtures() -> Option<PathBuf> {
    let dir = fixtures_dir();
    if dir.join("SHA256SUMS").is_file() && models_dir().join("SHA256SUMS").is_file() {
        return Some(dir);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "face models or fixtures missing (scripts/prepare-models.sh, scripts/prepare-face-fixtures.sh)"
    );
    eprintln!("SKIPPED: face models or fixtures missing");
    None
}
