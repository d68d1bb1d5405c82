#!/bin/sh
# Dumps the database at DATABASE_URL into BACKUP_DIR (pg_dump's custom format, which pg_restore
# reads), then deletes all but the newest BACKUP_KEEP dumps. Run by the backup CronJob.
set -eu

: "${DATABASE_URL:?DATABASE_URL must name the database to dump}"
: "${BACKUP_DIR:?BACKUP_DIR must name the folder the dumps go to}"
keep="${BACKUP_KEEP:-7}"
case "$keep" in
  '' | *[!0-9]* | 0)
    echo "backup: BACKUP_KEEP must be a whole number of at least 1, got '${keep}'" >&2
    exit 1
    ;;
esac

# A run that was killed halfway leaves a .partial file; runs never overlap (the CronJob forbids it).
rm -f "${BACKUP_DIR}"/pcp-*.dump.partial

name="pcp-$(date -u +%Y%m%dT%H%M%SZ).dump"
target="${BACKUP_DIR}/${name}"
if [ -e "$target" ]; then
  echo "backup: ${target} exists already" >&2
  exit 1
fi

# Written under a temporary name and checked before it counts: a dump cut short (pod killed,
# volume full) never replaces a good one in the retention window.
pg_dump --format=custom --no-password --dbname="$DATABASE_URL" --file="${target}.partial"
pg_restore --list "${target}.partial" >/dev/null
mv "${target}.partial" "$target"
echo "backup: wrote ${name} ($(wc -c <"$target") bytes)"

# Names sort by time: keep the newest $keep.
find "$BACKUP_DIR" -maxdepth 1 -type f -name 'pcp-*.dump' | sort -r | tail -n "+$((keep + 1))" |
  while read -r old; do
    rm -f "$old"
    echo "backup: removed $(basename "$old")"
  done
