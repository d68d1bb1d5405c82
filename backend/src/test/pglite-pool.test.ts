import { describe, expect, it } from "vitest";
import { borrowPglite } from "./pglite-pool.js";

const count = async (client: Awaited<ReturnType<typeof borrowPglite>>["client"], query: string) =>
  (await client.query<{ n: number }>(`select count(*)::int as n from ${query}`)).rows[0]?.n;

describe.skipIf(process.env.TEST_DB === "postgres")("embedded test databases lent in turn", () => {
  it("come back emptied to the snapshot's rows, seeded ones included, with identities restarted", async () => {
    const first = await borrowPglite();
    const seededSettings = await count(first.client, "org_settings");
    expect(seededSettings).toBe(1);
    await first.client.exec(`
      insert into teams (name, slug) values ('Lent', 'lent');
      update org_settings set usage_retention_days = 7;
      insert into audit_events (actor_type, channel, action, target_type) values ('system', 'system', 'test.lent', 'team');`);
    await first.giveBack();

    const second = await borrowPglite();
    expect(second.client).toBe(first.client);
    expect(await count(second.client, "teams")).toBe(0);
    expect(await count(second.client, "audit_events")).toBe(0);
    const { rows } = await second.client.query<{ days: number }>(
      "select usage_retention_days as days from org_settings",
    );
    expect(rows).toEqual([{ days: 30 }]);
    await second.client.exec(
      "insert into audit_events (actor_type, channel, action, target_type) values ('system', 'system', 'test.again', 'team')",
    );
    const { rows: ids } = await second.client.query<{ id: number }>("select id::int from audit_events");
    expect(ids).toEqual([{ id: 1 }]);
    await second.giveBack();
  });

  it("are not lent again once a test changed their schema", async () => {
    const changed = await borrowPglite();
    await changed.client.exec("create function pcp_test_lent() returns int language sql as 'select 1'");
    await changed.giveBack();
    expect(changed.client.closed).toBe(true);

    const next = await borrowPglite();
    expect(next.client).not.toBe(changed.client);
    expect(await count(next.client, "pg_proc where proname = 'pcp_test_lent'")).toBe(0);
    await next.giveBack();
  });
});
