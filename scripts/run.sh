#!/usr/bin/env bash
# Sets everything up on the embedded default (SQLite, Celery tasks run eagerly), loads the demo
# county, prints the demo logins and serves the portal at http://127.0.0.1:8000.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh requirements.txt
export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-config.settings.local}
.venv/bin/python manage.py migrate --no-input -v 0
.venv/bin/python manage.py seed_demo ${DEMO_PASSWORD:+--password "$DEMO_PASSWORD"}
echo "Serving the portal at http://127.0.0.1:${PORT:-8000}/  (Ctrl+C stops it)"
exec .venv/bin/python manage.py runserver "127.0.0.1:${PORT:-8000}"
