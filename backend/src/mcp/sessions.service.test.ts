import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mcpSessions } from "../db/schema.js";
import type { Principal } from "../http/types.js";
import { toAuthUser } from "../modules/auth/principal.js";
import { findUserById } from "../modules/users/users.repository.js";
import { countingDb } from "../test/counting-db.js";
import { registerAdmin } from "../test/factories.js";
import { createTestContext, type TestContext } from "../test/harness.js";
import { endSession, resumeSession, startSession } from "./sessions.service.js";

let t: TestContext;
let principal: Principal;

beforeAll(async () => {
  t = await createTestContext();
  const admin = await registerAdmin(t.app);
  const user = await findUserById(t.database.db, admin.userId);
  if (!user) throw new Error("no user");
  principal = { user: toAuthUser(user), via: "jwt" };
});
afterAll(async () => t?.close());

describe("MCP sessions", () => {
  it("resumes a session from the cache, and refuses it as soon as it ends", async () => {
    const session = await startSession(t.database.db, principal, t.app.log);
    // Notifications of earlier writes (the registration) arriving between the two reads would
    // rightly empty the cache: they are taken in first.
    await t.changesSeen();
    const counter = countingDb(t.database, { readCache: true });
    await resumeSession(counter.db, principal, session.id);
    const cold = counter.statements();
    expect(cold).toBeGreaterThan(0);
    expect(await resumeSession(counter.db, principal, session.id)).toEqual(session);
    expect(counter.statements()).toBe(cold);

    await endSession(t.database.db, principal, session.id);
    await expect(resumeSession(counter.db, principal, session.id)).rejects.toMatchObject({ statusCode: 404 });
  });

  it("refuses a cached session that another process cut short", async () => {
    const session = await startSession(t.database.db, principal, t.app.log);
    await resumeSession(t.database.db, principal, session.id);
    await t.database.db
      .update(mcpSessions)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(mcpSessions.id, session.id));
    await expect
      .poll(
        () =>
          resumeSession(t.database.db, principal, session.id).then(
            () => "live",
            () => "gone",
          ),
        {
          timeout: 5_000,
        },
      )
      .toBe("gone");
  });

  it("refuses a session to any other caller", async () => {
    const session = await startSession(t.database.db, principal, t.app.log);
    await resumeSession(t.database.db, principal, session.id);
    await expect(resumeSession(t.database.db, null, session.id)).rejects.toMatchObject({ statusCode: 404 });
  });
});
