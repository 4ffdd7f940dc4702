#!/usr/bin/env bash
# Measures the figures recorded in docs/benchmarks.md (release builds). Takes ~15 minutes on
# 2 cores the first time (release build). Prints each figure with the command behind it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash scripts/setup.sh
source "$root/scripts/env.sh"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
cargo build --release --workspace --quiet
bin=$CARGO_TARGET_DIR/release
work=$(mktemp -d)

echo "== full sync of 10,000 cases into an empty cache"
cargo bench -p ecourt-sync --bench full_sync --quiet -- 10000 3

echo "== filing: submission (5 MB evidence) to the review queue, and throughput"
cargo bench -p ecourt-server --bench filing --quiet -- 40 4

case_list_load() {  # $1 database url, $2 label
  "$bin/ecourt-server" --database-url "$1" seed-demo >/dev/null
  "$bin/ecourt-server" --database-url "$1" serve --listen 127.0.0.1:18900 2>/dev/null &
  local pid=$!
  for _ in $(seq 1 50); do curl -sf http://127.0.0.1:18900/api/v1/health >/dev/null && break; sleep 0.2; done
  local token
  token=$(curl -sf -XPOST http://127.0.0.1:18900/api/v1/session -H 'content-type: application/json' \
    -d '{"username":"lawyer1","password":"demo12345"}' | sed 's/.*"token":"\([^"]*\)".*/\1/')
  echo "== case list (GET /api/v1/cases as lawyer1, 12 cases) on $2: wrk -t2 -c32 -d20s --latency"
  wrk -t2 -c32 -d20s --latency -H "Authorization: Bearer $token" http://127.0.0.1:18900/api/v1/cases \
    | grep -E "Requests/sec|50%|99%|Socket errors|Non-2xx" || true
  kill $pid; wait $pid 2>/dev/null || true
}
case_list_load "sqlite://$work/bench.sqlite" SQLite
pg_admin=$(bash scripts/postgres-up.sh)
psql "$pg_admin" -qc "DROP DATABASE IF EXISTS ecourt_bench" -qc "CREATE DATABASE ecourt_bench" >/dev/null
case_list_load "${pg_admin%/*}/ecourt_bench" PostgreSQL

echo "== desktop cold start and idle memory (embedded court, Xvfb, software rendering)"
export DISPLAY=:93 WEBKIT_DISABLE_COMPOSITING_MODE=1
Xvfb :93 -screen 0 1440x900x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
sleep 1
node benches/desktop.mjs "$bin/ecourt-desktop" 5 || true
pkill -x WebKitWebDriver || true
kill $xvfb || true
