#!/usr/bin/env bash
# Restores a backup made by scripts/backup.sh into a named database on the server of
# DATABASE_URL (its credentials are used; its own database is not touched unless it is the
# target). See docs/operations.md for the restore drill.
#
#   DATABASE_URL=postgres://... scripts/restore.sh [--force] [--media ARCHIVE [--media-root DIR]] DUMP TARGET_DB
#
# The target is created when missing. A target that already holds tables is refused unless
# --force is given, which drops and re-creates it (stop the portal's services first). The
# dump is restored in one transaction (all or nothing), without owners or grants, and then
# `manage.py migrate --check` confirms the restored schema matches this code.
# --media extracts a media archive into --media-root (default MEDIA_ROOT), which must be
# empty unless --force is given.
set -euo pipefail

usage() {
  echo "usage: scripts/restore.sh [--force] [--media ARCHIVE [--media-root DIR]] DUMP TARGET_DB" >&2
  exit 64
}
die() { echo "restore.sh: $*" >&2; exit "${2:-1}"; }

FORCE=0 MEDIA_ARCHIVE="" MEDIA_DIR=""
while [ $# -gt 0 ]; do
  case "$1" in
    --force) FORCE=1; shift ;;
    --media) [ $# -ge 2 ] || usage; MEDIA_ARCHIVE=$2; shift 2 ;;
    --media-root) [ $# -ge 2 ] || usage; MEDIA_DIR=$2; shift 2 ;;
    -h|--help) usage ;;
    --) shift; break ;;
    -*) usage ;;
    *) break ;;
  esac
done
[ $# -eq 2 ] || usage
DUMP=$1 TARGET=$2

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PYTHON=${PYTHON:-$ROOT/.venv/bin/python}
[ -x "$PYTHON" ] || PYTHON=python3
: "${DATABASE_URL:?DATABASE_URL must name the PostgreSQL server (and credentials) to restore on}"
[ -r "$DUMP" ] || die "cannot read the dump $DUMP"
[[ "$TARGET" =~ ^[A-Za-z_][A-Za-z0-9_]{0,62}$ ]] || die "the target database name must be letters, digits and _"
if [ -n "$MEDIA_ARCHIVE" ]; then
  [ -r "$MEDIA_ARCHIVE" ] || die "cannot read the media archive $MEDIA_ARCHIVE"
  MEDIA_DIR=${MEDIA_DIR:-${MEDIA_ROOT:-$ROOT/media}}
  if [ -d "$MEDIA_DIR" ] && [ -n "$(ls -A "$MEDIA_DIR")" ] && [ "$FORCE" != 1 ]; then
    die "media folder $MEDIA_DIR is not empty; refusing to extract into it without --force" 2
  fi
fi

# The server's maintenance database and the target, as libpq URLs with the same credentials.
read -r ADMIN_URL TARGET_URL DJANGO_TARGET_URL < <("$PYTHON" - "$DATABASE_URL" "$TARGET" <<'PY'
import sys
from urllib.parse import urlsplit, urlunsplit

url, target = urlsplit(sys.argv[1]), sys.argv[2]
if url.scheme not in ("postgres", "postgresql", "pgsql", "psql", "postgis"):
    sys.exit("restore.sh: DATABASE_URL is not a PostgreSQL URL")
libpq = url._replace(scheme="postgresql")
print(urlunsplit(libpq._replace(path="/postgres")), urlunsplit(libpq._replace(path="/" + target)),
      urlunsplit(url._replace(path="/" + target)))
PY
)
[ -n "${DJANGO_TARGET_URL:-}" ] || die "could not read DATABASE_URL"

psql_admin() { psql --dbname="$ADMIN_URL" --no-psqlrc -v ON_ERROR_STOP=1 -Atq "$@"; }

exists=$(psql_admin -v name="$TARGET" <<'SQL'
SELECT count(*) FROM pg_database WHERE datname = :'name';
SQL
)
if [ "$exists" = 1 ]; then
  tables=$(psql --dbname="$TARGET_URL" --no-psqlrc -v ON_ERROR_STOP=1 -Atqc "
    SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
      AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'")
  if [ "$tables" != 0 ]; then
    [ "$FORCE" = 1 ] ||
      die "database $TARGET is not empty ($tables tables and sequences); refusing to overwrite it without --force" 2
    echo "restore.sh: dropping and re-creating database $TARGET (--force)" >&2
    psql_admin -v name="$TARGET" <<'SQL'
DROP DATABASE :"name";
SQL
    exists=0
  fi
fi
if [ "$exists" != 1 ]; then
  psql_admin -v name="$TARGET" <<'SQL'
CREATE DATABASE :"name" ENCODING 'UTF8' TEMPLATE template0;
SQL
fi

pg_restore --dbname="$TARGET_URL" --no-owner --no-privileges --exit-on-error --single-transaction "$DUMP"
echo "restore.sh: restored $DUMP into database $TARGET" >&2

if [ -n "$MEDIA_ARCHIVE" ]; then
  mkdir -p "$MEDIA_DIR"
  tar -xzf "$MEDIA_ARCHIVE" -C "$MEDIA_DIR"
  echo "restore.sh: extracted $MEDIA_ARCHIVE into $MEDIA_DIR" >&2
fi

# The restored schema must be the one this code expects: no migration of this code left unapplied.
cd "$ROOT"
DATABASE_URL=$DJANGO_TARGET_URL "$PYTHON" manage.py migrate --check --no-input
echo "restore.sh: database $TARGET is at this code's migrations" >&2
