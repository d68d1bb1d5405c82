import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../config.js";
import { type Database, openDatabase } from "../../db/client.js";
import { runMigrations } from "../../db/migrate.js";
import { buildApp } from "../../http/app.js";
import { createTestContext, type TestContext } from "../../test/harness.js";

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
    await relay.open();
    let status = 0;
    for (let attempt = 0; attempt < 20 && status !== 200; attempt++) {
      status = (await app.inject({ method: "GET", url: "/health" })).statusCode;
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(status).toBe(200);
  }, 60_000);
});
