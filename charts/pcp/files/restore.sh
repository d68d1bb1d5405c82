#!/bin/sh
# Restores the dump BACKUP_DIR/RESTORE_FILE (written by backup.sh) into the database at
# DATABASE_URL, replacing the objects it contains, in one transaction: it applies completely
# or not at all. Run by the restore Job while the backend is scaled to zero.
set -eu

: "${DATABASE_URL:?DATABASE_URL must name the database to restore into}"
: "${BACKUP_DIR:?BACKUP_DIR must name the folder holding the dumps}"
: "${RESTORE_FILE:?RESTORE_FILE must name the dump to restore}"

dump="${BACKUP_DIR}/${RESTORE_FILE}"
if [ ! -f "$dump" ]; then
  echo "restore: ${RESTORE_FILE} is not in ${BACKUP_DIR}; the dumps there are:" >&2
  find "$BACKUP_DIR" -maxdepth 1 -type f -name 'pcp-*.dump' -exec basename {} \; | sort >&2
  exit 1
fi

pg_restore --clean --if-exists --single-transaction --exit-on-error --no-password \
  --dbname="$DATABASE_URL" "$dump"
echo "restore: restored ${RESTORE_FILE}"
