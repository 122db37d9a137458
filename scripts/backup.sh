#!/usr/bin/env bash
# Backs up the portal: the database in pg_dump's custom format and the media files (report
# attachments, uploaded registers) as a tar archive, both stamped with the UTC time, under
# BACKUP_DIR. Restore with scripts/restore.sh. See docs/operations.md.
#
#   DATABASE_URL=postgres://... BACKUP_DIR=/srv/portal/backups [MEDIA_ROOT=...] \
#   [BACKUP_RETENTION_DAYS=30] scripts/backup.sh
#
# Prints the files it wrote, one "database: PATH" and one "media: PATH" line.
set -euo pipefail
umask 077

die() { echo "backup.sh: $*" >&2; exit 1; }

: "${DATABASE_URL:?DATABASE_URL must name the PostgreSQL database to back up}"
: "${BACKUP_DIR:?BACKUP_DIR must name the folder the backups go to}"
ROOT=$(cd "$(dirname "$0")/.." && pwd)
MEDIA_ROOT=${MEDIA_ROOT:-$ROOT/media}
RETENTION=${BACKUP_RETENTION_DAYS:-}

# libpq understands postgres:// and postgresql:// URLs; django-environ also allows these aliases.
case "$DATABASE_URL" in
  postgres://*|postgresql://*) DB_URL=$DATABASE_URL ;;
  pgsql://*|psql://*|postgis://*) DB_URL="postgresql://${DATABASE_URL#*://}" ;;
  *) die "DATABASE_URL is not a PostgreSQL URL (backups use pg_dump)" ;;
esac
[ -z "$RETENTION" ] || [[ "$RETENTION" =~ ^[0-9]+$ ]] || die "BACKUP_RETENTION_DAYS must be a number of days"

mkdir -p "$BACKUP_DIR"
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
DUMP="$BACKUP_DIR/portal-$STAMP.dump"
MEDIA="$BACKUP_DIR/portal-$STAMP-media.tar.gz"
[ ! -e "$DUMP" ] && [ ! -e "$MEDIA" ] || die "$DUMP already exists; is another backup running?"

# Write under a temporary name and rename when complete, so a file named portal-*.dump is
# always a whole backup.
trap 'rm -f "$DUMP.partial" "$MEDIA.partial"' EXIT
pg_dump --format=custom --compress=6 --file="$DUMP.partial" --dbname="$DB_URL"
pg_restore --list "$DUMP.partial" >/dev/null  # readable, or fail now rather than at restore time
mv "$DUMP.partial" "$DUMP"

if [ -d "$MEDIA_ROOT" ]; then
  tar -czf "$MEDIA.partial" -C "$MEDIA_ROOT" .
else
  echo "backup.sh: MEDIA_ROOT $MEDIA_ROOT does not exist; archiving no media files" >&2
  tar -czf "$MEDIA.partial" --files-from /dev/null
fi
mv "$MEDIA.partial" "$MEDIA"
trap - EXIT

if [ -n "$RETENTION" ]; then
  find "$BACKUP_DIR" -maxdepth 1 -type f \( -name 'portal-*.dump' -o -name 'portal-*-media.tar.gz' \) \
    -mtime +"$RETENTION" -print -delete | sed 's/^/removed: /'
fi

echo "database: $DUMP"
echo "media: $MEDIA"
