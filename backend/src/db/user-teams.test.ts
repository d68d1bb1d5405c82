import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../test/harness.js";
import { teams, users, userTeams } from "./schema.js";

describe("user_teams keeps every user's primary team at position 0", () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext();
  });
  afterAll(async () => {
    await t?.close();
  });

  const membership = async (userId: string) =>
    t.database.db
      .select({ teamId: userTeams.teamId, position: userTeams.position })
      .from(userTeams)
      .where(eq(userTeams.userId, userId))
      .orderBy(userTeams.position);

  it("on insert, and when the primary team changes (moving a secondary team to the front)", async () => {
    const db = t.database.db;
    const [a, b, c] = await db
      .insert(teams)
      .values([
        { name: "A", slug: "a" },
        { name: "B", slug: "b" },
        { name: "C", slug: "c" },
      ])
      .returning();
    const [user] = await db.insert(users).values({ teamId: a!.id, username: "ada" }).returning();
    expect(await membership(user!.id)).toEqual([{ teamId: a!.id, position: 0 }]);

    await db.insert(userTeams).values({ userId: user!.id, teamId: b!.id, position: 1 });
    await db.update(users).set({ teamId: c!.id }).where(eq(users.id, user!.id));
    expect(await membership(user!.id)).toEqual([
      { teamId: c!.id, position: 0 },
      { teamId: b!.id, position: 1 },
    ]);

    await db.update(users).set({ teamId: b!.id }).where(eq(users.id, user!.id));
    expect(await membership(user!.id)).toEqual([{ teamId: b!.id, position: 0 }]);
  });
});
