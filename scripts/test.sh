#!/usr/bin/env bash
# Checks the layering of the apps (import-linter), then runs the whole test suite. The database is
# DATABASE_URL (PostgreSQL in CI), SQLite otherwise.
# Browser tests use Debian's chromium at /usr/bin/chromium (installed here when we are root).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh requirements-dev.txt
if [ ! -x /usr/bin/chromium ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
    || echo "warning: could not install chromium; browser tests will be skipped" >&2
fi
# The apps are layers: an import that runs up them fails here, before the tests (pyproject.toml).
.venv/bin/lint-imports --no-logo --no-cache
exec .venv/bin/python -m pytest "$@"
