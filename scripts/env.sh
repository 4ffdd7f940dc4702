# Sourced by the other scripts: where builds go (outside the clone, kept between runs) and where
# cargo-installed tools such as tauri-driver live.
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/ecourt/target}
export PATH=$HOME/.cargo/bin:$PATH
