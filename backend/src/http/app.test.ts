import type { AddressInfo } from "node:net";
import { connect as connectSocket } from "node:net";
import { sql } from "drizzle-orm";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_REGISTRATION, registerAdmin, type Session, TEST_PASSWORD } from "../test/factories.js";
import { createTestContext, type TestContext } from "../test/harness.js";
import { buildApp } from "./app.js";

let t: TestContext;
let admin: Session;
/** Every line the logging app wrote, parsed. */
const logLines: Record<string, unknown>[] = [];
let logging: FastifyInstance;
let failedRegistration: LightMyRequestResponse;

/** A trigger that makes every write of the users table fail, as a database fault would. */
async function failUserWrites<T>(run: () => Promise<T>): Promise<T> {
  const db = t.database.db;
  await db.execute(sql`create or replace function pcp_test_refuse() returns trigger language plpgsql as $$
    begin raise exception 'refused by a test trigger'; end $$`);
  await db.execute(sql`create trigger pcp_test_refuse before insert or update on users
    for each row execute function pcp_test_refuse()`);
  try {
    return await run();
  } finally {
    await db.execute(sql`drop trigger pcp_test_refuse on users`);
  }
}

beforeAll(async () => {
  t = await createTestContext();
  logging = await buildApp({
    config: t.config,
    database: t.database,
    logger: { stream: { write: (line: string) => void logLines.push(JSON.parse(line)) } },
  });
  await logging.ready();
  // The organization's first registration, while the database refuses it: a fresh database has
  // no admin, and every test below needs one.
  failedRegistration = await failUserWrites(() =>
    logging.inject({
      method: "POST",
      url: "/api/v1/auth/register",
      payload: ADMIN_REGISTRATION,
    }),
  );
  admin = await registerAdmin(t.app);
});
afterAll(async () => {
  await logging?.close();
  await t?.close();
});

describe("logs", () => {
  const logged = () => JSON.stringify(logLines);

  it("never carry a password hash from a failed query, at registration or a password change", async () => {
    expect(failedRegistration.statusCode).toBe(500);
    const change = await failUserWrites(() =>
      logging.inject({
        method: "PUT",
        url: `/api/v1/users/${admin.userId}`,
        headers: admin.auth,
        payload: { password: "a-brand-new-secret", current_password: TEST_PASSWORD },
      }),
    );
    expect(change.statusCode).toBe(500);

    const failures = logLines.filter((line) => line.msg === "unhandled error");
    expect(failures).toHaveLength(2);
    for (const failure of failures) {
      expect(failure.err).toMatchObject({
        type: "DrizzleQueryError",
        message: expect.stringMatching(/^Failed query: (insert into|update) "users"/),
        cause: expect.objectContaining({ message: "refused by a test trigger", code: "P0001" }),
      });
    }
    expect(logged()).not.toContain("scrypt$");
    expect(logged()).not.toContain("a-brand-new-secret");
    expect(logged()).not.toContain(TEST_PASSWORD);
  });

  it("redact invitation tokens from request URLs", async () => {
    await logging.inject({ method: "GET", url: "/api/v1/auth/invitations/token/tok-preview-secret" });
    await logging.inject({
      method: "POST",
      url: "/api/v1/auth/invitations/tok-accept-secret/accept?x=1",
      payload: { username: "newbie", password: TEST_PASSWORD },
    });
    const urls = logLines.flatMap((line) => {
      const req = line.req as { url?: string } | undefined;
      return req?.url ? [req.url] : [];
    });
    expect(urls).toContain("/api/v1/auth/invitations/token/[redacted]");
    expect(urls).toContain("/api/v1/auth/invitations/[redacted]/accept?x=1");
    expect(logged()).not.toContain("tok-preview-secret");
    expect(logged()).not.toContain("tok-accept-secret");
  });
});

describe("NUL characters", () => {
  const refusal = (loc: (string | number)[]) => ({
    detail: [{ loc, msg: "must not contain NUL characters", type: "nul_character" }],
    code: "validation_error",
  });

  it("are refused with 422 naming the field, in a body, a query and a path", async () => {
    const inBody = await t.app.inject({
      method: "POST",
      url: "/api/v1/prompts",
      headers: admin.auth,
      payload: { name: "nul-body", version: { version: "1", user_template: "a\u0000b" } },
    });
    expect(inBody.statusCode).toBe(422);
    expect(inBody.json()).toEqual(refusal(["body", "version", "user_template"]));

    const inKey = await t.app.inject({
      method: "POST",
      url: "/api/v1/prompts",
      headers: admin.auth,
      payload: { name: "nul-key", version: { version: "1", input_schema: { properties: { "a\u0000": {} } } } },
    });
    expect(inKey.json()).toEqual(refusal(["body", "version", "input_schema", "properties", "a\u0000"]));

    const inQuery = await t.app.inject({ method: "GET", url: "/api/v1/prompts?q=a%00b", headers: admin.auth });
    expect(inQuery.statusCode).toBe(422);
    expect(inQuery.json()).toEqual(refusal(["query", "q"]));

    const inPath = await t.app.inject({ method: "GET", url: "/api/v1/prompts/a%00b", headers: admin.auth });
    expect(inPath.statusCode).toBe(422);
    expect(inPath.json()).toEqual(refusal(["path", "name"]));

    const anonymous = await t.app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { email: "admin\u0000", password: TEST_PASSWORD },
    });
    expect(anonymous.statusCode).toBe(422);
    expect(anonymous.json()).toEqual(refusal(["body", "email"]));
  });
});

describe("methods", () => {
  it("answers a known path's other methods with 405 and Allow", async () => {
    const status = await t.app.inject({ method: "PUT", url: "/api/v1/auth/status" });
    expect(status.statusCode).toBe(405);
    expect(status.headers.allow).toBe("GET, HEAD");
    const login = await t.app.inject({ method: "DELETE", url: "/api/v1/auth/login" });
    expect(login.statusCode).toBe(405);
    expect(login.headers.allow).toBe("POST");
  });
});

describe("timeouts", () => {
  it("gives up on a request whose body does not arrive", async () => {
    const slow = await buildApp({
      config: { ...t.config, requestTimeoutMs: 300 },
      database: t.database,
      logger: false,
    });
    await slow.listen({ port: 0, host: "127.0.0.1" });
    try {
      const { port } = slow.server.address() as AddressInfo;
      const answer = await new Promise<{ received: string; closed: boolean }>((resolve) => {
        const socket = connectSocket(port, "127.0.0.1");
        let received = "";
        // Only a bound on a hung test: the server is expected to give up long before.
        const giveUp = setTimeout(() => {
          socket.destroy();
          resolve({ received, closed: false });
        }, 10_000);
        socket.setEncoding("utf8");
        socket.on("data", (chunk: string) => {
          received += chunk;
        });
        socket.on("close", () => {
          clearTimeout(giveUp);
          resolve({ received, closed: true });
        });
        socket.write(
          "POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" +
            'Content-Length: 100\r\n\r\n{"email":',
        );
      });
      expect(answer.closed).toBe(true);
      expect(answer.received).toMatch(/^(HTTP\/1\.1 408 |$)/);
    } finally {
      await slow.close();
    }
  });
});
