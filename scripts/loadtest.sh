#!/usr/bin/env bash
# Load test (docs/benchmarks.md): for each size, a synthetic register of N organizations in a
# PostgreSQL database of its own, today's snapshot, gunicorn on loopback and locust's concurrent
# users in front of it; prints the import/compute figures and p50/p95/req/s per page.
#   scripts/loadtest.sh                                   # N = 2,000, 20,000, 200,000; 10 and 30 users
#   LOADTEST_SIZES="2000" LOADTEST_USERS="10" LOADTEST_RUN_TIME=30 scripts/loadtest.sh
# Environment (defaults in brackets):
#   BENCH_DATABASE_URL  [postgres://postgres@127.0.0.1:5432/portal_bench]  its register is wiped
#   LOADTEST_SIZES [2000 20000 200000]  LOADTEST_USERS [10 30]  LOADTEST_SPAWN_RATE [5]
#   LOADTEST_RUN_TIME [60] seconds per run  LOADTEST_OUT [/tmp/loadtest-<date>] CSVs and logs
#   LOADTEST_PREPARE_TIMEOUT [1800] seconds for one import + snapshot
# Gunicorn reads config/gunicorn.py (workers, threads…; GUNICORN_* variables) when it exists.
# Settings: config.settings.local with DEBUG off. config.settings.production sets Secure session
# and CSRF cookies, which no client sends back over plain http on loopback.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh requirements-bench.txt

url=${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/portal_bench}
name=${url##*/}
if [[ $url != postgres* ]]; then
  echo "BENCH_DATABASE_URL must be a PostgreSQL database" >&2; exit 2
fi
if [[ $name == test || $name == test_* || $name == postgres ]]; then
  echo "refusing to wipe the database '$name': use a benchmark database of its own" >&2; exit 2
fi
server=${url%/*}/postgres
if ! psql "$server" -tAc "SELECT 1 FROM pg_database WHERE datname = '$name'" | grep -q 1; then
  psql "$server" -qc "CREATE DATABASE \"$name\""
fi

read -r -a sizes <<< "${LOADTEST_SIZES:-2000 20000 200000}"
read -r -a user_counts <<< "${LOADTEST_USERS:-10 30}"
spawn_rate=${LOADTEST_SPAWN_RATE:-5}
run_time=${LOADTEST_RUN_TIME:-60}
out=${LOADTEST_OUT:-/tmp/loadtest-$(date -u +%Y%m%d-%H%M%S)}
mkdir -p "$out"

export DATABASE_URL=$url DJANGO_SETTINGS_MODULE=config.settings.local DJANGO_DEBUG=0 CELERY_BROKER_URL=
export SECRET_KEY=${SECRET_KEY:-$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(40))')}
export ALLOWED_HOSTS=127.0.0.1 LOG_LEVEL=${LOG_LEVEL:-WARNING}
export LOADTEST_PASSWORD=${LOADTEST_PASSWORD:-$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(16))')}

.venv/bin/python manage.py migrate --no-input --verbosity 0
.venv/bin/python manage.py collectstatic --noinput --verbosity 0  # DEBUG off serves hashed assets

gunicorn_pid=
stop_gunicorn() {
  if [[ -n $gunicorn_pid ]] && kill -0 "$gunicorn_pid" 2>/dev/null; then
    kill -TERM "$gunicorn_pid"  # graceful: config/gunicorn.py gives workers 30 s to finish
    for _ in $(seq 80); do kill -0 "$gunicorn_pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$gunicorn_pid" 2>/dev/null || true
  fi
  gunicorn_pid=
}
trap stop_gunicorn EXIT

echo "database: $name  sizes: ${sizes[*]}  users: ${user_counts[*]}  ${run_time}s per run  results: $out"
echo "machine: $(nproc) cores, $(free -g | awk '/^Mem/ {print $2}') GB; $(date -u '+%Y-%m-%d %H:%M UTC')"
tables=()
for size in "${sizes[@]}"; do
  echo "== N=$size: importing, computing today's snapshot, creating the load-test users"
  timeout "${LOADTEST_PREPARE_TIMEOUT:-1800}" .venv/bin/python manage.py benchmark --wipe-database \
    --prepare-only --sizes "$size" --users-password "$LOADTEST_PASSWORD" | tee "$out/prepare-$size.txt"

  port=$(.venv/bin/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  if [[ -f config/gunicorn.py ]]; then
    gunicorn_args=(-c config/gunicorn.py)
  else  # the defaults config/gunicorn.py would choose on this machine
    gunicorn_args=(--workers $((2 * $(nproc) + 1)) --threads 2)
  fi
  GUNICORN_ACCESSLOG="$out/access-$size.log" GUNICORN_ERRORLOG="$out/gunicorn-$size.log" \
    GUNICORN_CONTROL_SOCKET=off \
    .venv/bin/gunicorn "${gunicorn_args[@]}" --bind "127.0.0.1:$port" config.wsgi:application \
    >> "$out/gunicorn-$size.log" 2>&1 &
  gunicorn_pid=$!
  for _ in $(seq 60); do
    curl -fs -o /dev/null "http://127.0.0.1:$port/accounts/login/" 2>/dev/null && break
    kill -0 "$gunicorn_pid" 2>/dev/null || { echo "gunicorn exited; see $out/gunicorn-$size.log" >&2; exit 1; }
    sleep 0.5
  done
  echo "gunicorn on 127.0.0.1:$port (${gunicorn_args[*]})"

  for users in "${user_counts[@]}"; do
    echo "== N=$size: $users users for ${run_time}s"
    status=0
    timeout $((run_time + 60)) .venv/bin/locust -f scripts/locustfile.py --headless --only-summary \
      --host "http://127.0.0.1:$port" --users "$users" --spawn-rate "$spawn_rate" --run-time "${run_time}s" \
      --reset-stats --stop-timeout 10 --csv "$out/load-$size-$users" > "$out/locust-$size-$users.log" 2>&1 || status=$?
    # locust exits 1 when a request failed: the table counts the failures
    [[ $status -le 1 ]] || { echo "locust failed ($status); see $out/locust-$size-$users.log" >&2; exit 1; }
    tables+=("N=$size, $users users, ${run_time}s=$out/load-$size-$users"_stats.csv)
  done
  stop_gunicorn
done

echo
for size in "${sizes[@]}"; do cat "$out/prepare-$size.txt"; done
echo
.venv/bin/python scripts/locust_table.py "${tables[@]}" | tee "$out/tables.md"
