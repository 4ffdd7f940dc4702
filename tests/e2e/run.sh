#!/usr/bin/env bash
# Runs the desktop end-to-end tests in a real window under Xvfb. Needs the workspace built
# (target/debug/ecourt-desktop, ecourt-server), tauri-driver and WebKitWebDriver.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
if [ -z "${DISPLAY:-}" ]; then
  export DISPLAY=:97
  Xvfb "$DISPLAY" -screen 0 1440x900x24 -nolisten tcp >/dev/null 2>&1 &
  xvfb=$!
  for _ in $(seq 1 50); do [ -e /tmp/.X11-unix/X${DISPLAY#:} ] && break; sleep 0.1; done
fi
# Software rendering: the machines have no GPU, and WebKit's compositor would otherwise try.
export WEBKIT_DISABLE_COMPOSITING_MODE=1 LIBGL_ALWAYS_SOFTWARE=1 NO_AT_BRIDGE=1
# A computer not set to China time: every time the court sets must still show in Beijing time.
export TZ=${ECOURT_E2E_TZ:-America/New_York}
cleanup() {
  # WebKitWebDriver and the app are tauri-driver's children: never leave them running.
  pkill -x WebKitWebDriver 2>/dev/null || true
  pkill -x tauri-driver 2>/dev/null || true
  pkill -f ecourt-desktop 2>/dev/null || true
  [ -n "${xvfb:-}" ] && kill "$xvfb" 2>/dev/null || true
}
trap cleanup EXIT
# What the court services, drivers and apps print goes to a log, shown when a test fails.
export ECOURT_E2E_LOG=${ECOURT_E2E_LOG:-$(mktemp /tmp/ecourt-e2e-XXXXXX.log)}
if ! node --test --test-concurrency=1 "$@" "$here"/desktop.test.mjs; then
  echo "== the last lines the services, drivers and apps printed ($ECOURT_E2E_LOG):"
  tail -n 80 "$ECOURT_E2E_LOG"
  exit 1
fi
