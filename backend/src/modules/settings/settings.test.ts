import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUserSession, registerAdmin, type Session, sender } from "../../test/factories.js";
import { createTestContext, type TestContext } from "../../test/harness.js";

let t: TestContext;
let admin: Session;
let send: ReturnType<typeof sender>;

beforeAll(async () => {
  t = await createTestContext();
  send = sender(t.app);
  admin = await registerAdmin(t.app);
});
afterAll(async () => t?.close());

describe("organization settings", () => {
  it("start with nothing protected and no governance review", async () => {
    const response = await send("GET", "/api/v1/settings", admin);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({
      protected_labels: [],
      governance_review: "off",
      governance_review_team_ids: [],
      audit_retention_days: null,
      usage_sampling: false,
      usage_retention_days: 30,
      mcp_anonymous_access: false,
      webhooks_allow_private: false,
    });
  });

  it("are read and changed by admins only", async () => {
    const member = await createUserSession(t.app, t.database.db, { teamId: admin.teamId });
    expect((await send("GET", "/api/v1/settings", member)).statusCode).toBe(403);
    expect((await send("PATCH", "/api/v1/settings", member, { protected_labels: ["production"] })).statusCode).toBe(
      403,
    );
    expect((await send("GET", "/api/v1/settings", null)).statusCode).toBe(401);
  });

  it("change only the fields sent, keeping labels unique and sorted", async () => {
    const changed = await send("PATCH", "/api/v1/settings", admin, {
      protected_labels: ["staging", "production", "staging"],
      governance_review: "selected",
      governance_review_team_ids: [admin.teamId],
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({
      protected_labels: ["production", "staging"],
      governance_review: "selected",
      governance_review_team_ids: [admin.teamId],
      updated_by_id: admin.userId,
    });
    const again = await send("PATCH", "/api/v1/settings", admin, { audit_retention_days: 90 });
    expect(again.json()).toMatchObject({ protected_labels: ["production", "staging"], audit_retention_days: 90 });
    await send("PATCH", "/api/v1/settings", admin, { protected_labels: [], governance_review: "off" });
  });

  it("refuse bad labels, unknown teams and unknown fields with 422 naming them", async () => {
    const badLabel = await send("PATCH", "/api/v1/settings", admin, { protected_labels: ["Production"] });
    expect(badLabel.statusCode).toBe(422);
    expect(badLabel.body).toContain("protected_labels");
    const unknownTeam = await send("PATCH", "/api/v1/settings", admin, {
      governance_review_team_ids: ["00000000-0000-4000-8000-000000000000"],
    });
    expect(unknownTeam.statusCode).toBe(422);
    expect(unknownTeam.json().detail).toContain("00000000-0000-4000-8000-000000000000");
    const unknownField = await send("PATCH", "/api/v1/settings", admin, { jwt_secret: "x" });
    expect(unknownField.statusCode).toBe(422);
  });

  it("turn usage sampling on and change the usage retention, refusing what is out of range", async () => {
    const changed = await send("PATCH", "/api/v1/settings", admin, { usage_sampling: true, usage_retention_days: 7 });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ usage_sampling: true, usage_retention_days: 7 });
    expect((await send("GET", "/api/v1/settings", admin)).json()).toMatchObject({
      usage_sampling: true,
      usage_retention_days: 7,
    });
    for (const bad of [
      { usage_retention_days: 0 },
      { usage_retention_days: 3651 },
      { usage_retention_days: null },
      { usage_retention_days: 1.5 },
      { usage_sampling: "yes" },
    ]) {
      const refused = await send("PATCH", "/api/v1/settings", admin, bad);
      expect(refused.statusCode, JSON.stringify(bad)).toBe(422);
      expect(refused.body).toContain(Object.keys(bad)[0]);
    }
    const back = await send("PATCH", "/api/v1/settings", admin, { usage_sampling: false, usage_retention_days: 30 });
    expect(back.json()).toMatchObject({ usage_sampling: false, usage_retention_days: 30 });
  });

  it("switch anonymous MCP access on and off, recording the change", async () => {
    const on = await send("PATCH", "/api/v1/settings", admin, { mcp_anonymous_access: true });
    expect(on.statusCode, on.body).toBe(200);
    expect(on.json()).toMatchObject({ mcp_anonymous_access: true });
    expect((await send("GET", "/api/v1/settings", admin)).json()).toMatchObject({ mcp_anonymous_access: true });
    const refused = await send("PATCH", "/api/v1/settings", admin, { mcp_anonymous_access: "on" });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain("mcp_anonymous_access");
    const off = await send("PATCH", "/api/v1/settings", admin, { mcp_anonymous_access: false });
    expect(off.json()).toMatchObject({ mcp_anonymous_access: false });
    const audit = await send("GET", "/api/v1/audit?action=settings.changed", admin);
    expect(audit.statusCode, audit.body).toBe(200);
    const changes = audit.json().items.map((event: { changes: unknown }) => event.changes);
    expect(changes).toContainEqual({ before: { mcp_anonymous_access: true }, after: { mcp_anonymous_access: false } });
  });
});
