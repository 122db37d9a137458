#!/usr/bin/env bash
# Benchmark import, compute and the dashboard on synthetic registers (docs/benchmarks.md).
# Runs on a PostgreSQL database of its own (created if missing; its register is wiped):
#   scripts/benchmark.sh                      # N = 2,000, 20,000 and 200,000
#   scripts/benchmark.sh --sizes 2000 20000   # other sizes; any option of `manage.py benchmark`
# BENCH_DATABASE_URL chooses another database (default postgres://postgres@127.0.0.1:5432/portal_bench).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh requirements.txt
url=${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/portal_bench}
if [[ $url == postgres* ]]; then
  name=${url##*/}
  server=${url%/*}/postgres
  if ! psql "$server" -tAc "SELECT 1 FROM pg_database WHERE datname = '$name'" | grep -q 1; then
    psql "$server" -qc "CREATE DATABASE \"$name\""
  fi
fi
export DATABASE_URL=$url DJANGO_DEBUG=0 CELERY_BROKER_URL=
.venv/bin/python manage.py migrate --verbosity 0
.venv/bin/python manage.py collectstatic --noinput --verbosity 0  # DEBUG off serves hashed assets
exec .venv/bin/python manage.py benchmark --wipe-database "$@"
