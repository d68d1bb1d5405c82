import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../db/client.js";
import { createGovernanceOrg, type GovernanceOrg, sender } from "../../test/factories.js";
import { createTestContext, type TestContext } from "../../test/harness.js";

/** example.com's address: public, so it passes the check without DNS; inactive, so nothing is sent to it. */
const PUBLIC_URL = "https://93.184.215.14/hooks/spechub";

let t: TestContext;
let db: Db;
let org: GovernanceOrg;
let send: ReturnType<typeof sender>;

const register = (session: GovernanceOrg["admin"], body: Record<string, unknown>) =>
  send("POST", "/api/v1/webhooks", session, { url: PUBLIC_URL, events: ["policy.changed"], active: false, ...body });

beforeAll(async () => {
  t = await createTestContext();
  db = t.database.db;
  send = sender(t.app);
  org = await createGovernanceOrg(t.app, db);
});
afterAll(async () => t?.close());

describe("webhooks: who manages them", () => {
  it("admins register organization-wide webhooks; the secret is shown once, never in list, get or audit", async () => {
    const created = await register(org.admin, { description: "Deploy bot", events: ["policy.changed", "ping"] });
    expect(created.statusCode, "ping cannot be subscribed").toBe(422);
    const ok = await register(org.admin, { description: "Deploy bot" });
    expect(ok.statusCode, ok.body).toBe(201);
    const webhook = ok.json();
    expect(webhook).toMatchObject({
      url: PUBLIC_URL,
      events: ["policy.changed"],
      description: "Deploy bot",
      team_id: null,
      team_name: null,
      active: false,
      created_by_id: org.admin.userId,
      last_delivery: null,
    });
    expect(webhook.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);

    const list = await send("GET", "/api/v1/webhooks", org.admin);
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((item: { id: string }) => item.id)).toContain(webhook.id);
    const one = await send("GET", `/api/v1/webhooks/${webhook.id}`, org.admin);
    expect(one.statusCode).toBe(200);
    expect(one.json()).not.toHaveProperty("secret");
    // A queued delivery shows as the last one, pending, before any attempt (the web UI polls on it).
    expect((await send("POST", `/api/v1/webhooks/${webhook.id}/test`, org.admin)).statusCode).toBe(202);
    const queued = await send("GET", `/api/v1/webhooks/${webhook.id}`, org.admin);
    expect(queued.json().last_delivery).toMatchObject({ status: "pending", response_code: null });
    for (const body of [list.body, one.body]) expect(body).not.toContain(webhook.secret);

    const rotated = await send("POST", `/api/v1/webhooks/${webhook.id}/secret`, org.admin);
    expect(rotated.statusCode).toBe(200);
    expect(rotated.json().secret).toMatch(/^whsec_/);
    expect(rotated.json().secret).not.toBe(webhook.secret);

    const events = await db.execute(
      sql`select action, changes::text as changes from audit_events where target_id = ${webhook.id}`,
    );
    const rows = (events as unknown as { rows: { action: string; changes: string | null }[] }).rows;
    expect(rows.map((row) => row.action)).toEqual(["webhook.created", "webhook.test_sent", "webhook.secret_rotated"]);
    for (const row of rows) {
      expect(row.changes ?? "").not.toContain(webhook.secret);
      expect(row.changes ?? "").not.toContain(rotated.json().secret);
    }
  });

  it("team owners manage webhooks of the teams they own only, and must name the team", async () => {
    const orgWide = await register(org.owner, {});
    expect(orgWide.statusCode).toBe(403);
    expect(orgWide.json().detail).toContain("team_id");
    expect((await register(org.owner, { team_id: org.siblingTeamId })).statusCode).toBe(403);
    const unknownTeam = await register(org.owner, { team_id: "00000000-0000-4000-8000-000000000000" });
    expect(unknownTeam.statusCode).toBe(422);

    const created = await register(org.owner, { team_id: org.subTeamId });
    expect(created.statusCode, created.body).toBe(201);
    const ownersWebhook = created.json();
    expect(ownersWebhook.team_id).toBe(org.subTeamId);
    expect(ownersWebhook.team_name).toEqual(expect.any(String));

    const adminsWebhook = (await register(org.admin, {})).json();
    const siblingWebhook = (await register(org.admin, { team_id: org.siblingTeamId })).json();
    const ownersList = (await send("GET", "/api/v1/webhooks", org.owner)).json().items.map((w: { id: string }) => w.id);
    expect(ownersList).toContain(ownersWebhook.id);
    expect(ownersList).not.toContain(adminsWebhook.id);
    expect(ownersList).not.toContain(siblingWebhook.id);
    expect((await send("GET", `/api/v1/webhooks/${adminsWebhook.id}`, org.owner)).statusCode).toBe(404);
    expect((await send("DELETE", `/api/v1/webhooks/${siblingWebhook.id}`, org.owner)).statusCode).toBe(404);
    const adminsList = (await send("GET", "/api/v1/webhooks", org.admin)).json().items.map((w: { id: string }) => w.id);
    expect(adminsList).toEqual(expect.arrayContaining([ownersWebhook.id, adminsWebhook.id, siblingWebhook.id]));
    // Newest first.
    expect(adminsList.indexOf(siblingWebhook.id)).toBeLessThan(adminsList.indexOf(adminsWebhook.id));

    const changed = await send("PATCH", `/api/v1/webhooks/${ownersWebhook.id}`, org.owner, {
      description: "Sub-team alerts",
      events: ["prompt.label_moved", "prompt.deprecated"],
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({
      description: "Sub-team alerts",
      events: ["prompt.label_moved", "prompt.deprecated"],
    });
    const moved = await send("PATCH", `/api/v1/webhooks/${ownersWebhook.id}`, org.owner, { team_id: null });
    expect(moved.statusCode, "the scope is fixed once registered").toBe(422);

    expect((await send("DELETE", `/api/v1/webhooks/${ownersWebhook.id}`, org.owner)).statusCode).toBe(204);
    expect((await send("GET", `/api/v1/webhooks/${ownersWebhook.id}`, org.owner)).statusCode).toBe(404);
  });

  it("members who own no team get 403, anonymous callers 401", async () => {
    expect((await send("GET", "/api/v1/webhooks", org.member)).statusCode).toBe(403);
    expect((await register(org.member, { team_id: org.subTeamId })).statusCode).toBe(403);
    expect((await send("GET", "/api/v1/webhooks", null)).statusCode).toBe(401);
  });

  it("API keys need the write scope for changes", async () => {
    const readKey = await send("POST", "/api/v1/api-keys", org.admin, { name: "reader", scopes: ["read"] });
    const auth = { authorization: `Bearer ${readKey.json().raw_key}` };
    const list = await t.app.inject({ method: "GET", url: "/api/v1/webhooks", headers: auth });
    expect(list.statusCode).toBe(200);
    const created = await t.app.inject({
      method: "POST",
      url: "/api/v1/webhooks",
      headers: auth,
      payload: { url: PUBLIC_URL, events: ["policy.changed"], active: false },
    });
    expect(created.statusCode).toBe(403);
  });

  it("refuse empty or repeated events and unknown fields", async () => {
    for (const body of [
      { events: [] },
      { events: ["policy.changed", "policy.changed"] },
      { events: ["prompt.exploded"] },
      { description: "x".repeat(201) },
      { secret: "mine" },
    ]) {
      const refused = await register(org.admin, body);
      expect(refused.statusCode, JSON.stringify(body)).toBe(422);
    }
  });
});

describe("webhook URLs", () => {
  it("must be https and public while private addresses are not allowed", async () => {
    const http = await register(org.admin, { url: "http://93.184.215.14/hook" });
    expect(http.statusCode).toBe(422);
    expect(http.json().detail).toContain("https");
    for (const [url, address] of [
      ["https://127.0.0.1/hook", "127.0.0.1"],
      ["https://10.0.0.5/hook", "10.0.0.5"],
      ["https://169.254.169.254/latest", "169.254.169.254"],
      ["https://[::1]/hook", "::1"],
      ["https://192.168.1.20:8443/hook", "192.168.1.20"],
    ]) {
      const refused = await register(org.admin, { url });
      expect(refused.statusCode, url).toBe(422);
      expect(refused.json().detail).toBe(
        `url resolves to a private address (${address}); an admin can allow private addresses in Settings`,
      );
    }
    const localhost = await register(org.admin, { url: "https://localhost/hook" });
    expect(localhost.statusCode).toBe(422);
    expect(localhost.json().detail).toContain("private address");
    expect((await register(org.admin, { url: "ftp://93.184.215.14/x" })).statusCode).toBe(422);
    expect((await register(org.admin, { url: "https://user:pw@93.184.215.14/x" })).statusCode).toBe(422);
    expect((await register(org.admin, { url: "not a url" })).statusCode).toBe(422);
  });

  it("may be private and plain http once an admin allows it, and a change of URL is checked again", async () => {
    const on = await send("PATCH", "/api/v1/settings", org.admin, { webhooks_allow_private: true });
    expect(on.json().webhooks_allow_private).toBe(true);
    const local = await register(org.admin, { url: "http://127.0.0.1:9/hook" });
    expect(local.statusCode, local.body).toBe(201);
    await send("PATCH", "/api/v1/settings", org.admin, { webhooks_allow_private: false });
    const moved = await send("PATCH", `/api/v1/webhooks/${local.json().id}`, org.admin, {
      url: "https://10.1.2.3/hook",
    });
    expect(moved.statusCode).toBe(422);
    expect(moved.json().detail).toContain("10.1.2.3");
  });
});
