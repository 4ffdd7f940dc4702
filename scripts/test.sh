#!/usr/bin/env bash
# Sets up what is missing, starts PostgreSQL and the mail relay, and runs every check and test: formatting,
# clippy, the Rust tests on SQLite and PostgreSQL (with the generated UI types checked fresh),
# the UI typecheck, and the end-to-end tests in the real desktop window under Xvfb.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash scripts/setup.sh
source "$root/scripts/env.sh"
export ECOURT_TEST_POSTGRES_URL=${ECOURT_TEST_POSTGRES_URL:-$(bash scripts/postgres-up.sh)}
# The mail relay (exim4 on 127.0.0.1) and its Maildirs, for the email channel's tests.
export ECOURT_TEST_SMTP=${ECOURT_TEST_SMTP:-$(bash scripts/mail-up.sh)}
export ECOURT_TEST_MAILBOXES=${ECOURT_TEST_MAILBOXES:-${ECOURT_MAIL_ROOT:-/var/lib/ecourt-mail}/mailboxes}

echo "== cargo fmt --check"
cargo fmt --all -- --check
echo "== cargo clippy -D warnings"
cargo clippy --workspace --all-targets --quiet -- -D warnings
echo "== cargo test (SQLite and PostgreSQL)"
cargo test --workspace --quiet
echo "== UI typecheck"
(cd ui && npm run --silent typecheck)
echo "== UI contrast (WCAG 2.1 AA pairs of the theme) and plain words"
(cd ui && npm run --silent check:contrast && node --test scripts/plain-words.test.mjs)
echo "== desktop end-to-end (real window under Xvfb)"
ECOURT_BIN_DIR="$CARGO_TARGET_DIR/debug" bash tests/e2e/run.sh
