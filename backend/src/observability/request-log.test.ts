import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../http/app.js";
import { registerAdmin, type Session } from "../test/factories.js";
import { createTestContext, type TestContext } from "../test/harness.js";

let t: TestContext;
let app: FastifyInstance;
let admin: Session;
const lines: Record<string, unknown>[] = [];

beforeAll(async () => {
  t = await createTestContext();
  app = await buildApp({
    config: { ...t.config, metricsToken: "scrape-token" },
    database: t.database,
    logger: { stream: { write: (line: string) => void lines.push(JSON.parse(line)) } },
  });
  await app.ready();
  admin = await registerAdmin(app);
});
afterAll(async () => {
  await app?.close();
  await t?.close();
});

/** The completion line of the request `x-request-id` names. */
function completionOf(requestId: string) {
  const found = lines.filter((line) => line.reqId === requestId && line.msg === "request completed");
  expect(found).toHaveLength(1);
  return found[0];
}

describe("request completion lines", () => {
  it("carry the request id, the route pattern and the signed-in user", async () => {
    const response = await app.inject({
      method: "GET",
      url: "/api/v1/prompts/secret-project-name",
      headers: admin.auth,
    });
    expect(response.statusCode).toBe(404);
    const line = completionOf(String(response.headers["x-request-id"]));
    expect(line).toMatchObject({
      route: "/api/v1/prompts/:name",
      userId: admin.userId,
      res: { statusCode: 404 },
      responseTime: expect.any(Number),
    });
    // The pattern, not the URL: names in paths stay out of the completion line.
    expect(JSON.stringify(line)).not.toContain("secret-project-name");
  });

  it("keep the request id a client sent", async () => {
    const response = await app.inject({
      method: "GET",
      url: "/health/live",
      headers: { "x-request-id": "trace-me-123" },
    });
    expect(response.headers["x-request-id"]).toBe("trace-me-123");
    expect(completionOf("trace-me-123")).toMatchObject({ route: "/health/live", userId: null });
  });

  it("have no user for anonymous and refused callers, and no route for unknown paths", async () => {
    const refused = await app.inject({
      method: "GET",
      url: "/api/v1/users",
      headers: { authorization: "Bearer not-a-token" },
    });
    expect(refused.statusCode).toBe(401);
    expect(completionOf(String(refused.headers["x-request-id"]))).toMatchObject({
      route: "/api/v1/users",
      userId: null,
      res: { statusCode: 401 },
    });
    const unknown = await app.inject({ method: "GET", url: "/no/such/path" });
    expect(completionOf(String(unknown.headers["x-request-id"]))).toMatchObject({ route: null, userId: null });
  });

  it("leave out metrics scrapes", async () => {
    const scrape = await app.inject({
      method: "GET",
      url: "/metrics",
      headers: { authorization: "Bearer scrape-token" },
    });
    expect(scrape.statusCode).toBe(200);
    const requestId = String(scrape.headers["x-request-id"]);
    expect(lines.filter((line) => line.reqId === requestId)).toEqual([]);
  });
});
