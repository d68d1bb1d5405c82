#!/bin/sh
# Creates, or brings up to date, the application role the backend connects as: it reads and
# writes rows but cannot change the schema, which belongs to POSTGRES_USER (the owner role that
# the migrations and backups use).
#
# Runs on the first start with an empty data directory, like every script in this folder. The
# chart's migration job runs it again before each migration, so a database created before the
# role existed gets it and a changed password reaches the server. For an external server, run
# it once as the owner with PGHOST, PGPORT and PGPASSWORD set (see docs/deploy-openshift.md).
# Idempotent.
set -eu

if [ -z "${POSTGRES_APP_USER:-}" ]; then
  echo "20-app-role: POSTGRES_APP_USER is not set; no application role (the backend connects as ${POSTGRES_USER})"
  exit 0
fi
: "${POSTGRES_APP_PASSWORD:?POSTGRES_APP_PASSWORD must be set together with POSTGRES_APP_USER}"

# psql variables (:'name' literals, :"name" identifiers) quote the values, whatever they hold.
psql -v ON_ERROR_STOP=1 --no-psqlrc --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v owner="$POSTGRES_USER" -v db="$POSTGRES_DB" \
  -v app_user="$POSTGRES_APP_USER" -v app_password="$POSTGRES_APP_PASSWORD" <<'SQL'
-- A new role gets PostgreSQL's defaults: no superuser, no CREATEDB, no CREATEROLE.
SELECT format('CREATE ROLE %I', :'app_user')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'app_user') \gexec
ALTER ROLE :"app_user" WITH LOGIN PASSWORD :'app_password';

GRANT CONNECT ON DATABASE :"db" TO :"app_user";

-- Rows and sequences of every table, now and (default privileges) of every table the owner's
-- migrations create later.
GRANT USAGE ON SCHEMA public TO :"app_user";
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO :"app_user";
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO :"app_user";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"app_user";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public
  GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO :"app_user";

-- The backend reads the migration history at start-up to see whether anything is pending (it
-- migrates only then, which the migration job has normally done already as the owner). The
-- owner creates the history here, so the role may read it but never write it.
CREATE SCHEMA IF NOT EXISTS drizzle;
CREATE TABLE IF NOT EXISTS drizzle.__drizzle_migrations (
  id SERIAL PRIMARY KEY,
  hash text NOT NULL,
  created_at bigint
);
GRANT USAGE ON SCHEMA drizzle TO :"app_user";
GRANT SELECT ON drizzle.__drizzle_migrations TO :"app_user";
SQL
