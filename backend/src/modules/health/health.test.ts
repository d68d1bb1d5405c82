import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import net from "node:net";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../config.js";
import { type Database, openDatabase } from "../../db/client.js";
import { runMigrations } from "../../db/migrate.js";
import { buildApp } from "../../http/app.js";
import { createTestContext, type TestContext } from "../../test/harness.js";
import { backendEntry } from "../../test/server-process.js";

describe("GET /health", () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext();
  });
  afterAll(async () => t?.close());

  it("is ok without credentials while the database answers", async () => {
    const response = await t.app.inject({ method: "GET", url: "/health" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: "ok" });
  });

  it("keeps the contract's body unless asked for detail, which reports the change feed", async () => {
    const detail = () => t.app.inject({ method: "GET", url: "/health?detail=1" }).then((response) => response.json());
    // PGlite notifies from inside the process: always live. PostgreSQL's listener is live once
    // its first heartbeat has come back, within moments of opening.
    await expect
      .poll(detail, { timeout: 10_000 })
      .toEqual({ status: "ok", change_feed: { state: "live", failures: 0, retry_ms: null } });
  });

  it("answers liveness without credentials", async () => {
    const response = await t.app.inject({ method: "GET", url: "/health/live" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: "ok" });
  });

  it("rejects a bad bearer token even on a public route", async () => {
    const response = await t.app.inject({
      method: "GET",
      url: "/health",
      headers: { authorization: "Bearer pcp_nope" },
    });
    expect(response.statusCode).toBe(401);
  });
});

/**
 * A TCP relay in front of PostgreSQL that can be cut and restored, to take the database away
 * from a running backend for real.
 */
function startRelay(target: { host: string; port: number }) {
  const sockets = new Set<net.Socket>();
  let server: net.Server | undefined;
  let port = 0;
  const open = () =>
    new Promise<void>((resolve) => {
      server = net.createServer((client) => {
        const upstream = net.connect(target.port, target.host);
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on("close", () => sockets.delete(socket));
          socket.on("error", () => {});
        }
        client.pipe(upstream).pipe(client);
      });
      server.listen(port, "127.0.0.1", () => {
        port = (server!.address() as net.AddressInfo).port;
        resolve();
      });
    });
  const cut = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server ? server.close(() => resolve()) : resolve();
    });
  return { open, cut, port: () => port };
}

describe.runIf(process.env.TEST_DB === "postgres")("GET /health when PostgreSQL goes away", () => {
  const relay = startRelay({ host: "127.0.0.1", port: 5432 });
  let database: Database;
  let app: Awaited<ReturnType<typeof buildApp>>;

  beforeAll(async () => {
    await relay.open();
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.host = `127.0.0.1:${relay.port()}`;
    const config = loadConfig({ DATABASE_URL: url.toString() });
    database = await openDatabase(config.database);
    await runMigrations(database);
    app = await buildApp({ config, database, logger: false });
  });
  afterAll(async () => {
    await app?.close();
    await relay.cut();
    await database?.close().catch(() => {});
  });

  it("answers 503 with a reason, stays up, and recovers", async () => {
    expect((await app.inject({ method: "GET", url: "/health" })).statusCode).toBe(200);
    await relay.cut();
    const down = await app.inject({ method: "GET", url: "/health" });
    expect(down.statusCode).toBe(503);
    expect(down.json()).toEqual({ status: "unavailable", detail: "Database unreachable" });
    // Liveness does not depend on the database: probes must not restart a replica for an outage.
    const live = await app.inject({ method: "GET", url: "/health/live" });
    expect(live.statusCode).toBe(200);
    expect(live.json()).toEqual({ status: "ok" });
    const detail = await app.inject({ method: "GET", url: "/health?detail=true" });
    expect(detail.statusCode).toBe(503);
    expect(detail.json()).toMatchObject({ status: "unavailable", change_feed: { state: "reconnecting" } });
    await relay.open();
    let status = 0;
    for (let attempt = 0; attempt < 20 && status !== 200; attempt++) {
      status = (await app.inject({ method: "GET", url: "/health" })).statusCode;
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(status).toBe(200);
  }, 60_000);
});

const backendDir = fileURLToPath(new URL("../../..", import.meta.url));

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

describe.runIf(process.env.TEST_DB === "postgres")("a backend started while PostgreSQL is unreachable", () => {
  const admin = process.env.TEST_DATABASE_URL!;
  const name = `pcp_test_start_${process.pid}`;
  const relay = startRelay({ host: "127.0.0.1", port: 5432 });
  const children: ChildProcess[] = [];
  let databaseUrl: string;

  beforeAll(async () => {
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    await client.query(`drop database if exists ${name}`);
    await client.query(`create database ${name}`);
    await client.end();
    // The relay's port is chosen now, but nothing listens there until a test opens it.
    await relay.open();
    await relay.cut();
    const url = new URL(admin);
    url.host = `127.0.0.1:${relay.port()}`;
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
  });
  afterAll(async () => {
    for (const child of children.filter((child) => child.exitCode === null)) {
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      await exited;
    }
    await relay.cut();
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    await client.query(`drop database if exists ${name} with (force)`);
    await client.end();
  });

  /** The real server in a process of its own, reaching PostgreSQL through the relay. */
  async function startBackend() {
    const port = await freePort();
    const child = spawn(process.execPath, backendEntry("main"), {
      cwd: backendDir,
      env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "info" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.push(child);
    let output = "";
    child.stdout?.on("data", (chunk) => (output += chunk));
    child.stderr?.on("data", (chunk) => (output += chunk));
    const base = `http://127.0.0.1:${port}`;
    const get = (path: string) => fetch(`${base}${path}`).catch(() => null);
    await expect.poll(() => get("/health/live").then((r) => r?.status), { timeout: 30_000 }).toBe(200);
    return { child, base, get, output: () => output };
  }

  it("stays up answering liveness, retries with a log line per attempt, and becomes ready once it is back", async () => {
    const { child, base, get, output } = await startBackend();
    const notReady = await get("/health");
    expect(notReady?.status).toBe(503);
    expect(await notReady?.json()).toEqual({
      status: "unavailable",
      detail: "Starting: waiting for the database and its migrations",
    });
    const api = await get("/api/v1/prompts");
    expect(api?.status).toBe(503);
    expect(api?.headers.get("retry-after")).toBe("5");
    await expect
      .poll(() => output().match(/database not reachable \(attempt \d+\)/g)?.length ?? 0)
      .toBeGreaterThanOrEqual(2);
    expect(output()).toContain(`ECONNREFUSED 127.0.0.1:${relay.port()}`);
    expect(child.exitCode).toBeNull();

    await relay.open();
    await expect.poll(() => get("/health").then((r) => r?.status), { timeout: 30_000, interval: 250 }).toBe(200);
    expect(await (await fetch(`${base}/health`)).json()).toEqual({ status: "ok" });
    expect(output()).toMatch(/database reachable after \d+ attempts: migrations applied/);
    // Migrated and serving: a fresh install answers the contract's empty list.
    const prompts = await fetch(`${base}/api/v1/prompts`);
    expect(await prompts.json()).toEqual({ items: [], total: 0, page: 1, page_size: 20 });

    const exited = once(child, "exit");
    child.kill("SIGTERM");
    expect((await exited)[0]).toBe(0);
    await relay.cut();
  }, 90_000);

  it("stops cleanly when told to while it is still waiting", async () => {
    const { child, output } = await startBackend();
    await expect.poll(() => output()).toContain("database not reachable (attempt 1)");
    const exited = once(child, "exit");
    child.kill("SIGTERM");
    expect((await exited)[0]).toBe(0);
    expect(output()).toContain("SIGTERM received");
  }, 60_000);
});
