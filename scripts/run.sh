#!/usr/bin/env bash
# Sets up what is missing, then starts the desktop app with its embedded court service on
# SQLite and demo data (sign in as party1, party2, lawyer1, worker1, clerk1 or judge1 with the
# password demo12345). Set ECOURT_SERVER_URL to use a court's service instead.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bash "$root/scripts/setup.sh"
source "$root/scripts/env.sh"
# The court's mail relay (exim4 on 127.0.0.1, mail-up.sh): the embedded court's email service
# goes there and lands in /var/lib/ecourt-mail/mailboxes/<name>/new (name@ecourt.test).
if [ -z "${ECOURT_SMTP_URL:-}" ]; then
  if url=$(bash "$root/scripts/mail-up.sh"); then
    export ECOURT_SMTP_URL=$url
    export ECOURT_BOUNCE_MAILBOX=${ECOURT_BOUNCE_MAILBOX:-${ECOURT_MAIL_ROOT:-/var/lib/ecourt-mail}/mailboxes/court}
  else
    echo "run: the mail relay did not start; the court sends no email this time." >&2
  fi
fi
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "run: no display found; starting the app on a virtual display (Xvfb :90)."
  Xvfb :90 -screen 0 1440x900x24 -nolisten tcp >/dev/null 2>&1 &
  export DISPLAY=:90 WEBKIT_DISABLE_COMPOSITING_MODE=1
  sleep 1
fi
exec "$CARGO_TARGET_DIR/debug/ecourt-desktop"
