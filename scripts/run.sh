#!/usr/bin/env bash
# Sets up what is missing, then starts the desktop app with its embedded court service on
# SQLite and demo data (sign in as party1, party2, lawyer1, worker1, clerk1 or judge1 with the
# password demo12345). Set ECOURT_SERVER_URL to use a court's service instead.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bash "$root/scripts/setup.sh"
source "$root/scripts/env.sh"
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "run: no display found; starting the app on a virtual display (Xvfb :90)."
  Xvfb :90 -screen 0 1440x900x24 -nolisten tcp >/dev/null 2>&1 &
  export DISPLAY=:90 WEBKIT_DISABLE_COMPOSITING_MODE=1
  sleep 1
fi
exec "$CARGO_TARGET_DIR/debug/ecourt-desktop"
