#!/usr/bin/env bash
# Runs the whole test suite against a real PostgreSQL server and, for the help desk's dashboard test, Debian's headless
# Chromium with its chromedriver (installed when missing; the browser test fails, never skips, without them):
#   eng/test.sh [extra dotnet test arguments]
# When CUSTOMERSERVICE_POSTGRES is set, the tests use that server as it is and nothing is installed or started.
# Otherwise the script (idempotently) installs Debian's PostgreSQL when it is missing, starts the local cluster if it is
# down, creates the test role and database, exports the connection string and stops the server afterwards if it started
# it. The PostgreSQL tests never skip: an unreachable server fails them with the reason.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi

if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  echo "--- installing Chromium and ChromeDriver (Debian's packages) for the dashboard's browser test"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq chromium chromium-driver >/dev/null
fi

started_cluster=""
stop_cluster() {
  if [ -n "$started_cluster" ]; then
    echo "--- stopping PostgreSQL $started_cluster"
    pg_ctlcluster $started_cluster stop || true
  fi
}

if [ -z "${CUSTOMERSERVICE_POSTGRES:-}" ]; then
  if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || ! command -v pg_ctlcluster >/dev/null 2>&1; then
    echo "--- installing PostgreSQL (Debian's package)"
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq postgresql >/dev/null
  fi

  version="$(ls /usr/lib/postgresql | sort -n | tail -1)"
  if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$version main"; then
    echo "--- creating the PostgreSQL $version cluster"
    pg_createcluster "$version" main >/dev/null
  fi

  if ! pg_lsclusters -h | awk '$1=="'"$version"'" && $2=="main" {print $4}' | grep -qx online; then
    echo "--- starting PostgreSQL $version"
    pg_ctlcluster "$version" main start
    started_cluster="$version main"
  fi
  trap stop_cluster EXIT

  port="$(pg_lsclusters -h | awk '$1=="'"$version"'" && $2=="main" {print $3}')"
  for _ in $(seq 1 30); do
    if su postgres -c "psql -p $port -tAc 'SELECT 1'" >/dev/null 2>&1; then break; fi
    sleep 1
  done

  # The test role and database (idempotent). The password is the local test server's, not a secret.
  su postgres -c "psql -p $port -v ON_ERROR_STOP=1 -q" <<'SQL'
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'customerservice') THEN
    CREATE ROLE customerservice LOGIN PASSWORD 'customerservice';
  END IF;
END $$;
SELECT 'CREATE DATABASE customerservice_test OWNER customerservice'
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'customerservice_test') \gexec
-- Tests never crash the server, so commits need not wait for the disk (a killed client loses nothing it was told).
ALTER DATABASE customerservice_test SET synchronous_commit = off;
SQL
  export CUSTOMERSERVICE_POSTGRES="Host=127.0.0.1;Port=$port;Username=customerservice;Password=customerservice;Database=customerservice_test"
fi

echo "--- dotnet test (PostgreSQL from CUSTOMERSERVICE_POSTGRES)"
dotnet test CustomerService.Core.sln -c Release "$@"
