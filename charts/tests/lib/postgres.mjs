// The local PostgreSQL server the database tests use (CI starts it; PGHOST, PGPORT and PGUSER
// default to 127.0.0.1, 5432 and postgres), through its own command-line tools.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { ensureDebianTool } from "./tools.mjs";

export const server = {
  host: process.env.PGHOST || "127.0.0.1",
  port: process.env.PGPORT || "5432",
  user: process.env.PGUSER || "postgres",
};

/** Environment for libpq tools connecting as `user` (default: the server's admin user). */
export function pgEnv({ user = server.user, password } = {}) {
  const env = { ...process.env, PGHOST: server.host, PGPORT: server.port, PGUSER: user, PGCONNECT_TIMEOUT: "5" };
  delete env.PGPASSWORD;
  delete env.PGDATABASE;
  delete env.PGOPTIONS;
  if (password !== undefined) env.PGPASSWORD = password;
  return env;
}

/** A postgresql:// URL on the local server. */
export function url({ user, password, database }) {
  return `postgresql://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${server.host}:${server.port}/${database}`;
}

/** Makes sure psql, pg_dump and pg_restore are there and the server answers. */
export function requireServer() {
  for (const tool of ["psql", "pg_dump", "pg_restore", "pg_isready"]) ensureDebianTool(tool, "postgresql-client");
  const ready = spawnSync("pg_isready", ["-q"], { env: pgEnv() });
  if (ready.status !== 0) {
    throw new Error(
      `no PostgreSQL server at ${server.host}:${server.port}: start it (CI's .ci/run does) or set PGHOST/PGPORT/PGUSER`,
    );
  }
}

/**
 * Runs SQL with psql; returns { status, stdout, stderr } (unaligned, tuples only, stops at the
 * first error). `as` = { user, password }; `database` defaults to postgres.
 */
export function psql(sql, { database = "postgres", as = {} } = {}) {
  const result = spawnSync("psql", ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", database, "-c", sql], {
    env: pgEnv(as),
    encoding: "utf8",
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout.trim(), stderr: result.stderr };
}

/** Like psql, but throws on failure and returns the output. */
export function query(sql, options) {
  const result = psql(sql, options);
  if (result.status !== 0) throw new Error(`psql failed: ${sql}\n${result.stderr}`);
  return result.stdout;
}

/** A name unique to this process and call, usable unquoted as a role or database name. */
let counter = 0;
export function uniqueName(prefix) {
  return `${prefix}_${process.pid}_${Date.now().toString(36)}_${counter++}`;
}

/**
 * A scratch database owned by a new owner role, set up by the database image's first-start
 * scripts (database/init, in order, connecting as the chart's migration Job does), with a new
 * application role. Returns the names and { create(), runInitScripts(appPassword, into), drop() };
 * nothing exists on the server before create().
 */
export function scratchDatabase(initDir) {
  const database = uniqueName("pcp_db");
  const owner = { user: uniqueName("pcp_owner"), password: "owner pass/word" };
  const app = { user: uniqueName("pcp_app"), password: "app p@ss:word" };
  const create = () => {
    requireServer();
    query(`CREATE ROLE ${owner.user} LOGIN CREATEROLE PASSWORD '${owner.password}'`);
    query(`CREATE DATABASE ${database} OWNER ${owner.user}`);
  };
  const runInitScripts = (appPassword = app.password, into = database) => {
    for (const script of fs.readdirSync(initDir).sort()) {
      const result = spawnSync(path.join(initDir, script), [], {
        encoding: "utf8",
        env: {
          ...pgEnv(owner),
          POSTGRES_USER: owner.user,
          POSTGRES_DB: into,
          POSTGRES_APP_USER: app.user,
          POSTGRES_APP_PASSWORD: appPassword,
        },
      });
      if (result.status !== 0) throw new Error(`${script} failed:\n${result.stdout}${result.stderr}`);
    }
  };
  const drop = (...extraDatabases) => {
    for (const name of [database, ...extraDatabases]) psql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    psql(`DROP ROLE IF EXISTS ${app.user}`);
    psql(`DROP ROLE IF EXISTS ${owner.user}`);
  };
  return { database, owner, app, create, runInitScripts, drop };
}
