#!/bin/sh
# Runs once, on the first start with an empty data directory, as the POSTGRES_USER superuser.
# Stores SpecHub's per-database settings in the database itself, so they survive image updates
# and apply to every connection, whatever the client sets.
set -eu

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<SQL
-- Timestamps are compared and shown in UTC by the application; keep the server consistent.
ALTER DATABASE "$POSTGRES_DB" SET timezone TO 'UTC';
-- A crashed client must not hold row locks (and block migrations) for ever.
ALTER DATABASE "$POSTGRES_DB" SET idle_in_transaction_session_timeout TO '10min';
-- Only the application's role connects to this database.
REVOKE CONNECT ON DATABASE "$POSTGRES_DB" FROM PUBLIC;
SQL
