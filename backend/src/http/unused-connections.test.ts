import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../test/harness.js";
import { buildApp } from "./app.js";

describe("closing the app", () => {
  let t: TestContext;

  beforeAll(async () => {
    t = await createTestContext();
  });
  afterAll(async () => {
    await t?.close();
  });

  it("drops connections that never carried a request, and lets one that did finish its answer", async () => {
    const app = await buildApp({ config: t.config, database: t.database, logger: false });
    await app.listen({ port: 0, host: "127.0.0.1" });
    const { port } = app.server.address() as AddressInfo;
    const spare = connect(port, "127.0.0.1");
    await once(spare, "connect");
    const used = connect(port, "127.0.0.1");
    await once(used, "connect");
    used.write("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n");
    const [answer] = await once(used, "data");
    expect(String(answer)).toMatch(/^HTTP\/1\.1 200 /);

    // Node's server waits for the spare connection (a request might still come) until the client
    // gives up on it; closing must not.
    const spareClosed = once(spare, "close");
    await app.close();
    await spareClosed;
    expect(spare.destroyed).toBe(true);
    used.destroy();
  });

  it("drops a spare connection that opens while the app is closing", async () => {
    const app = await buildApp({ config: t.config, database: t.database, logger: false });
    let spareClosed: Promise<unknown> | undefined;
    // Runs after the app's own preClose hooks, as a client's spare connection opens while event
    // streams are being ended.
    app.addHook("preClose", async () => {
      const { port } = app.server.address() as AddressInfo;
      const spare = connect(port, "127.0.0.1");
      spareClosed = once(spare, "close");
      await once(spare, "connect");
    });
    await app.listen({ port: 0, host: "127.0.0.1" });

    // Without the drop, closing waits for as long as the client keeps the connection: forever here.
    await app.close();
    await expect(spareClosed).resolves.toBeDefined();
  });
});
