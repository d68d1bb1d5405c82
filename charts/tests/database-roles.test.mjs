// The database image's first-start scripts (database/init) against the local PostgreSQL, run
// the way the image and the chart's migration Job run them: the owner migrates the schema with
// the backend's own migration command, and the application role the backend connects as can
// read and write rows (the backend starts and serves on it) but cannot change the schema.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import net from "node:net";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { backendEntry } from "../../scripts/backend-command.mjs";
import { ensureInstalled } from "../../scripts/lib.mjs";
import { repoRoot } from "./lib/paths.mjs";
import { psql, query, scratchDatabase, url } from "./lib/postgres.mjs";

const initDir = path.join(repoRoot, "database", "init");
const backendDir = path.join(repoRoot, "backend");

const scratch = scratchDatabase(initDir);
const { database, owner, app, runInitScripts } = scratch;

/** The backend's migration command (the chart's Job runs its built form) with a DATABASE_URL. */
function migrate(role) {
  return spawnSync(process.execPath, backendEntry("db/migrate-cli"), {
    cwd: backendDir,
    encoding: "utf8",
    env: {
      ...process.env,
      DATABASE_URL: url({ ...role, database }),
      PGOPTIONS: "-c lock_timeout=10s",
      LOG_LEVEL: "warn",
    },
  });
}

const asApp = (sql) => psql(sql, { database, as: app });

/** Whether a PostgreSQL SCRAM-SHA-256 verifier was made from `password` (RFC 5802 StoredKey). */
function scramMatches(verifier, password) {
  const match = /^SCRAM-SHA-256\$(\d+):([^$]+)\$([^:]+):/.exec(verifier);
  assert.ok(match, `not a SCRAM verifier: ${verifier}`);
  const salted = crypto.pbkdf2Sync(password, Buffer.from(match[2], "base64"), Number(match[1]), 32, "sha256");
  const clientKey = crypto.createHmac("sha256", salted).update("Client Key").digest();
  return crypto.createHash("sha256").update(clientKey).digest("base64") === match[3];
}

async function freePort() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The backend on the application role; stopped when the test ends. */
async function startBackend(t) {
  const port = await freePort();
  const backend = spawn(process.execPath, backendEntry("main"), {
    cwd: backendDir,
    env: {
      ...process.env,
      DATABASE_URL: url({ ...app, database }),
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "info",
      AUTH_TOKEN: "",
      JWT_SECRET: "",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  backend.stdout.on("data", (chunk) => {
    output += chunk;
  });
  backend.stderr.on("data", (chunk) => {
    output += chunk;
  });
  const exited = new Promise((resolve) => backend.on("exit", resolve));
  exited.then(() => {
    exited.done = true;
  });
  t.after(async () => {
    backend.kill("SIGTERM");
    await exited;
  });
  return { base: `http://127.0.0.1:${port}`, exited, output: () => output };
}

describe("database roles (local PostgreSQL)", () => {
  before(async () => {
    scratch.create();
    await ensureInstalled(backendDir);
  });

  after(() => {
    scratch.drop();
  });

  it("the init scripts create the application role, and run again without harm (the migration Job reruns them)", () => {
    runInitScripts();
    runInitScripts();
    const role = query(
      `SELECT rolsuper, rolcreaterole, rolcreatedb, rolcanlogin FROM pg_roles WHERE rolname = '${app.user}'`,
    );
    assert.equal(role, "f|f|f|t");
  });

  it("a backend on the application role waits for the migration job instead of exiting, then serves", async (t) => {
    const { base, exited, output } = await startBackend(t);
    const until = async (check, what) => {
      for (let attempt = 0; attempt < 120 && exited.done !== true; attempt++) {
        if (await check()) return;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      assert.fail(`${what}:\n${output()}`);
    };
    await until(
      () => output().includes("waiting for the migration job"),
      "the backend did not wait for the migration job",
    );
    assert.equal((await fetch(`${base}/health/live`)).status, 200);
    assert.equal((await fetch(`${base}/health`)).status, 503);
    const result = migrate(owner);
    assert.equal(result.status, 0, result.stdout + result.stderr);
    await until(
      async () => (await fetch(`${base}/health`).catch(() => undefined))?.ok,
      "the backend did not become ready",
    );
  });

  it("the owner applies the backend's migrations", () => {
    const result = migrate(owner);
    assert.equal(result.status, 0, result.stdout + result.stderr);
    const tables = query("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'", { database });
    assert.ok(Number(tables) >= 10, `${tables} tables`);
    assert.equal(
      query(`SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'`, { database }),
      owner.user,
    );
  });

  it("the application role passes the backend's start-up migration check once the owner has migrated", () => {
    const result = migrate(app);
    assert.equal(result.status, 0, result.stdout + result.stderr);
  });

  it("the application role reads and writes rows of every table the migrations created (default privileges)", () => {
    const tables = query(
      `SELECT c.relname, has_table_privilege('${app.user}', c.oid, 'SELECT,INSERT,UPDATE,DELETE')
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind = 'r' AND n.nspname = 'public' ORDER BY 1`,
      { database },
    ).split("\n");
    assert.ok(tables.length >= 10);
    assert.deepEqual(
      tables.filter((row) => !row.endsWith("|t")),
      [],
    );
    const sequences = query(
      `SELECT c.relname, has_sequence_privilege('${app.user}', c.oid, 'USAGE,UPDATE')
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind = 'S' AND n.nspname = 'public'`,
      { database },
    );
    assert.doesNotMatch(sequences, /\|f$/m);
  });

  it("the application role cannot change the schema, empty tables wholesale or rewrite the migration history", () => {
    for (const [sql, error] of [
      ["DROP TABLE users", /must be owner of table users/],
      ["ALTER TABLE users ADD COLUMN planted text", /must be owner of table users/],
      ["CREATE TABLE public.planted (id int)", /permission denied for schema public/],
      ["TRUNCATE users", /permission denied for table users/],
      [
        "CREATE TRIGGER planted AFTER INSERT ON users EXECUTE FUNCTION pcp_notify_change()",
        /must be owner|permission denied/,
      ],
      ["INSERT INTO drizzle.__drizzle_migrations (hash, created_at) VALUES ('planted', 0)", /permission denied/],
      ["DELETE FROM drizzle.__drizzle_migrations", /permission denied/],
      ["CREATE ROLE planted", /permission denied to create role/],
    ]) {
      const result = asApp(sql);
      assert.notEqual(result.status, 0, sql);
      assert.match(result.stderr, error, sql);
    }
  });

  it("the application role cannot create schemas, so it cannot plant objects on the owner's search path", () => {
    const planted = asApp(`CREATE SCHEMA ${owner.user}`);
    assert.notEqual(planted.status, 0);
    assert.match(planted.stderr, /permission denied for database/);
  });

  it("the backend runs on the application role: it starts, answers /health and registers the first administrator", async (t) => {
    const { base, exited, output } = await startBackend(t);
    let health;
    for (let attempt = 0; attempt < 120 && exited.done !== true; attempt++) {
      health = await fetch(`${base}/health`).catch(() => undefined);
      if (health?.ok) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    assert.ok(health?.ok, `the backend did not become healthy:\n${output()}`);

    const register = await fetch(`${base}/api/v1/auth/register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        org_name: "Least Privilege Inc",
        org_slug: "least-privilege",
        email: "admin@example.com",
        username: "admin",
        password: "Correct-Horse-Battery-9",
      }),
    });
    assert.ok(register.ok, `register answered ${register.status}: ${await register.text()}\n${output()}`);
    assert.equal(query("SELECT username FROM users", { database }), "admin");
    const prompts = await fetch(`${base}/api/v1/prompts`);
    assert.equal(prompts.status, 200);
  });

  it("stores the given password, and a new one when the migration Job reruns the script", () => {
    // Checked against the stored SCRAM verifier: the local server may trust loopback logins.
    const verifier = () => query(`SELECT rolpassword FROM pg_authid WHERE rolname = '${app.user}'`);
    assert.ok(scramMatches(verifier(), app.password));
    runInitScripts("rotated-app-password");
    assert.ok(scramMatches(verifier(), "rotated-app-password"));
    assert.ok(!scramMatches(verifier(), app.password));
  });
});
