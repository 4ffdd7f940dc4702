#!/usr/bin/env bash
# Starts the machine's PostgreSQL (Debian's packaged cluster) and makes sure the test role
# exists. Prints the admin URL the tests use. Installs PostgreSQL first when it is missing.
set -euo pipefail
# Only the URL goes to stdout (callers capture it); everything else the tools print goes to stderr.
exec 3>&1 1>&2
if ! command -v pg_ctlcluster >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  apt-get install -y -qq postgresql >/dev/null
fi
version=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -q "^$version main$"; then
  pg_createcluster "$version" main >/dev/null
fi
if ! pg_lsclusters -h | awk '$1=="'"$version"'" && $2=="main" {print $4}' | grep -q online; then
  pg_ctlcluster "$version" main start 3>&-  # the server must not hold the caller's pipe open
fi
port=$(pg_lsclusters -h | awk '$1=="'"$version"'" && $2=="main" {print $3}')
for _ in $(seq 1 30); do
  su postgres -c "psql -p $port -qtAc 'SELECT 1'" >/dev/null 2>&1 && break
  sleep 1
done
su postgres -c "psql -p $port -qtAc \"DO \\\$\\\$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ecourt') THEN CREATE ROLE ecourt LOGIN PASSWORD 'ecourt' CREATEDB; END IF; END\\\$\\\$\"" >/dev/null
# Drop databases left by earlier test runs.
for db in $(su postgres -c "psql -p $port -qtAc \"SELECT datname FROM pg_database WHERE datname LIKE 'ecourt_test_%'\""); do
  su postgres -c "psql -p $port -qtAc 'DROP DATABASE IF EXISTS $db'" >/dev/null || true
done
echo "postgres://ecourt:ecourt@127.0.0.1:$port/postgres" >&3
