#!/usr/bin/env bash
# Starts the court's mail relay for tests and the demo: Debian's exim4 (installed by setup.sh,
# or here when missing) as its own daemon with scripts/mail/exim4.conf, on 127.0.0.1:$port,
# next to (never instead of) a system exim. Idempotent, like postgres-up.sh: a running relay
# with the same configuration is left alone; a changed configuration restarts it. Prints the
# relay's URL (for ECOURT_SMTP_URL / ECOURT_TEST_SMTP) on stdout, and nothing else there.
#
# Layout (under $ECOURT_MAIL_ROOT, default /var/lib/ecourt-mail):
#   mailboxes/<local part>/{new,cur,tmp}  one Maildir per mailbox of scripts/mail/mailboxes.txt
#                                        (mail to <local part>@ecourt.test), files mode 0644;
#   mailboxes/court/                      the court's sender address court@ecourt.test, where
#                                        bounces (RFC 3464 reports) arrive (ECOURT_BOUNCE_MAILBOX);
#   exim4.conf, mailboxes.txt, spool/, log/mainlog, exim.pid.
set -euo pipefail
exec 3>&1 1>&2
here=$(cd "$(dirname "$0")" && pwd)
root=${ECOURT_MAIL_ROOT:-/var/lib/ecourt-mail}
port=${ECOURT_MAIL_PORT:-2525}
if ! command -v exim4 >/dev/null 2>&1; then
  apt-get install -y -qq exim4-daemon-light >/dev/null
fi
install -d -m 0755 -o root -g root "$root"
install -d -m 0750 -o Debian-exim -g Debian-exim "$root/spool" "$root/log"
install -d -m 0755 -o Debian-exim -g Debian-exim "$root/mailboxes"
conf="$root/exim4.conf"
new=$(mktemp)
sed -e "s|@ROOT@|$root|g" -e "s|@PORT@|$port|g" "$here/mail/exim4.conf" >"$new"
changed=0
if ! cmp -s "$new" "$conf" || ! cmp -s "$here/mail/mailboxes.txt" "$root/mailboxes.txt"; then
  changed=1
  install -m 0644 -o root -g root "$new" "$conf"
  install -m 0644 -o root -g root "$here/mail/mailboxes.txt" "$root/mailboxes.txt"
fi
rm -f "$new"
# Exim keeps root (to run as its own user and write the Maildirs) only for a configuration named
# in its trusted list; any other -C file would run unprivileged.
touch /etc/exim4/trusted_configs
chmod 0644 /etc/exim4/trusted_configs
grep -qxF "$conf" /etc/exim4/trusted_configs || echo "$conf" >>/etc/exim4/trusted_configs
exim4 -C "$conf" -bV >/dev/null  # a broken configuration stops here, with exim's message
# Each mailbox exists before its first message, so a test reads an empty Maildir, not a missing one.
for box in $(sed -e 's/#.*//' -e 's/:.*//' "$root/mailboxes.txt" | grep -v '^[[:space:]]*$'); do
  for d in new cur tmp; do install -d -m 0755 -o Debian-exim -g Debian-exim "$root/mailboxes/$box/$d"; done
done
running() { [ -s "$root/exim.pid" ] && kill -0 "$(cat "$root/exim.pid")" 2>/dev/null; }
if running && [ "$changed" = 1 ]; then
  kill "$(cat "$root/exim.pid")"
  for _ in $(seq 1 50); do running || break; sleep 0.1; done
fi
if ! running; then
  # -bd: listen; -q10s: retry the queue every 10 s; the daemon must not hold the caller's pipe open.
  exim4 -C "$conf" -bd -q10s -oP "$root/exim.pid" 3>&- </dev/null
fi
for _ in $(seq 1 50); do
  if { exec 4<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null; then
    read -r -t 5 banner <&4 || true
    exec 4>&-
    case "$banner" in 220*) echo "smtp://127.0.0.1:$port" >&3; exit 0 ;; esac
  fi
  sleep 0.2
done
echo "mail-up: the relay did not answer on 127.0.0.1:$port; see $root/log/mainlog and paniclog" >&2
exit 1
