import { desc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents } from "../../db/schema.js";
import { registerAdmin, type Session, sender } from "../../test/factories.js";
import { createTestContext, type TestContext } from "../../test/harness.js";
import { redactSecrets } from "./audit.recorder.js";

let t: TestContext;
let admin: Session;

beforeAll(async () => {
  t = await createTestContext();
  admin = await registerAdmin(t.app);
});
afterAll(async () => t?.close());

const latestEvent = async (action: string) => {
  const [row] = await t.database.db
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.action, action))
    .orderBy(desc(auditEvents.id))
    .limit(1);
  return row;
};

describe("audit events", () => {
  it("record the actor, channel, request and only the fields that changed", async () => {
    const response = await sender(t.app)("PATCH", "/api/v1/settings", admin, { audit_retention_days: 30 });
    expect(response.statusCode, response.body).toBe(200);
    const event = await latestEvent("settings.changed");
    expect(event).toMatchObject({
      actorType: "user",
      actorUserId: admin.userId,
      actorName: admin.username,
      channel: "rest",
      targetType: "settings",
      requestId: expect.any(String),
      clientAddress: "127.0.0.1",
      changes: { before: { audit_retention_days: null }, after: { audit_retention_days: 30 } },
    });
  });

  it("cannot be updated, deleted or truncated", async () => {
    const db = t.database.db;
    await expect(db.update(auditEvents).set({ action: "forged" })).rejects.toThrow();
    await expect(db.delete(auditEvents)).rejects.toThrow();
    await expect(db.execute(sql`truncate audit_events`)).rejects.toThrow();
    expect(await latestEvent("settings.changed")).toBeDefined();
  });

  it("never keep secrets or hashes, however deeply nested", () => {
    expect(
      redactSecrets({
        name: "laptop",
        password_hash: "x",
        passwordHash: "x",
        token: "t",
        nested: { key_hash: "h", secret: "s", key_prefix: "pcp_abc", items: [{ raw_key: "k", ok: 1 }] },
      }),
    ).toEqual({ name: "laptop", nested: { key_prefix: "pcp_abc", items: [{ ok: 1 }] } });
  });
});
