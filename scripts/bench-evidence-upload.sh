#!/usr/bin/env bash
# Uploading and sealing a large video recording of evidence (issue 16): an `ecourt-server serve`
# on a fresh SQLite court with the demo data, `curl -T` streaming an MP4 of SIZE_MB from disk to
# PUT /api/v1/evidence/files/{sha256} (the court hashes, checks the MP4's boxes and writes it to
# its file store while it arrives), then the item naming it (the seal). Prints each run's time
# and throughput and the court's resident memory (VmRSS before, VmHWM after: the peak).
#   usage: scripts/bench-evidence-upload.sh [SIZE_MB=200] [RUNS=3]
set -euo pipefail
size_mb=${1:-200}
runs=${2:-3}
bin=${ECOURT_SERVER_BIN:-${CARGO_TARGET_DIR:-target}/debug/ecourt-server}
work=$(mktemp -d)
port=${ECOURT_BENCH_PORT:-18931}
db="sqlite://$work/court.sqlite"
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

"$bin" --database-url "$db" migrate >/dev/null
"$bin" --database-url "$db" seed-demo >/dev/null
ECOURT_EVIDENCE_DIR="$work/evidence" "$bin" --database-url "$db" serve --listen "127.0.0.1:$port" \
  >"$work/server.log" 2>&1 &
pid=$!
base="http://127.0.0.1:$port"
for _ in $(seq 50); do curl -sf "$base/api/v1/health" >/dev/null && break; sleep 0.2; done

token=$(curl -sf "$base/api/v1/session" -H 'Content-Type: application/json' \
  -d '{"username":"party1","password":"demo12345"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
case_id=$(curl -sf "$base/api/v1/cases" -H "Authorization: Bearer $token" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["cases"][0]["id"])')
# Giving evidence needs a face re-check (OLR Art. 7); the bench marks one as just passed.
python3 - "$work/court.sqlite" <<'PY'
import sqlite3, sys, datetime
c = sqlite3.connect(sys.argv[1])
now = datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%S.000Z')
acc = c.execute("SELECT id FROM accounts WHERE username = 'party1'").fetchone()[0]
c.execute("INSERT INTO account_identity (account_id, rechecked_at) VALUES (?, ?) ON CONFLICT (account_id) DO UPDATE SET rechecked_at = excluded.rechecked_at", (acc, now))
c.commit()
PY
mem() { grep -E "^$1:" "/proc/$pid/status" | awk '{print $2}'; }
echo "court: $bin (pid $pid), SQLite, evidence files in $work/evidence"
echo "court VmRSS before: $(mem VmRSS) kB, VmHWM before: $(mem VmHWM) kB"
for run in $(seq "$runs"); do
  file="$work/recording-$run.mp4"
  python3 - "$file" "$size_mb" "$run" <<'PY'
import os, struct, sys
path, mb, seed = sys.argv[1], int(sys.argv[2]), sys.argv[3]
body = mb * 1024 * 1024
with open(path, 'wb') as f:
    def box(kind, payload_len, payload=b''):
        f.write(struct.pack('>I', 8 + payload_len)); f.write(kind); f.write(payload)
    box(b'ftyp', 16, b'isom\0\0\x02\0isomiso2')
    box(b'moov', 64, seed.encode().ljust(64, b'\0'))
    left = body - 8 - 24 - 72
    f.write(struct.pack('>I', 8 + left)); f.write(b'mdat')
    chunk = os.urandom(1 << 20)
    while left > 0:
        n = min(left, len(chunk)); f.write(chunk[:n]); left -= n
PY
  sha=$(sha256sum "$file" | cut -d' ' -f1)
  bytes=$(stat -c %s "$file")
  out=$(curl -sS -o "$work/answer.json" -w '%{http_code} %{time_total}' -T "$file" \
    -H "Authorization: Bearer $token" -H 'Content-Type: video/mp4' \
    "$base/api/v1/evidence/files/$sha")
  read -r code secs <<<"$out"
  [ "$code" = 200 ] || { echo "upload answered $code: $(cat "$work/answer.json")"; exit 1; }
  seal_start=$(date +%s.%N)
  code=$(curl -sS -o "$work/item.json" -w '%{http_code}' "$base/api/v1/cases/$case_id/evidence" \
    -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d "{\"name\":\"现场录像$run\",\"source\":\"原告手机拍摄\",\"proves\":\"交付借款的经过\",\"original\":\"copy\",\"pages\":0,\"files\":[{\"name\":\"录像.mp4\",\"mime_type\":\"video/mp4\",\"size_bytes\":$bytes,\"sha256\":\"$sha\"}]}")
  seal_secs=$(echo "$(date +%s.%N) - $seal_start" | bc)
  [ "$code" = 200 ] || { echo "the item answered $code: $(cat "$work/item.json")"; exit 1; }
  mbps=$(echo "scale=1; $bytes / 1048576 / $secs" | bc)
  echo "run $run: $bytes bytes uploaded and hashed in ${secs}s (${mbps} MiB/s), sealed in ${seal_secs}s; court VmHWM $(mem VmHWM) kB"
  rm -f "$file"
done
echo "court VmRSS after: $(mem VmRSS) kB, VmHWM (peak) after: $(mem VmHWM) kB"
