import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../db/client.js";
import { invitations, objectives, policies, projects, users } from "../../db/schema.js";
import { createTeamRow, createUserSession, registerAdmin, type Session, unique } from "../../test/factories.js";
import { createTestContext, type TestContext } from "../../test/harness.js";
import { findProjectUse } from "../expansion/expansion.repository.js";
import { findEffectiveGovernance } from "../governance/governance.repository.js";
import { MAX_TEAM_DEPTH } from "./team-depth.js";
import { findManagedTeamIds, findTeamById, findTeamChainIds, isOwnerOfTeamOrAncestor } from "./teams.repository.js";

let t: TestContext;
let db: Db;
let admin: Session;
let member: Session;

beforeAll(async () => {
  t = await createTestContext();
  db = t.database.db;
  admin = await registerAdmin(t.app);
  member = await createUserSession(t.app, db, { teamId: admin.teamId });
});
afterAll(async () => t?.close());

type Method = "GET" | "POST" | "PUT" | "DELETE";

function call(method: Method, url: string, session?: Session, payload?: unknown) {
  return t.app.inject({
    method,
    url: `/api/v1/teams${url}`,
    headers: session?.auth,
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
}

const slug = () => unique("t").toLowerCase();

/**
 * parent ─┬─ team (owned by `owner`) ── child ── grandchild
 *         └─ sibling
 * all below the organization's root team.
 */
async function branch() {
  const owner = await createUserSession(t.app, db, { teamId: admin.teamId });
  const parent = await createTeamRow(db, { parentTeamId: admin.teamId, name: unique("Parent") });
  const team = await createTeamRow(db, { parentTeamId: parent.id, ownerId: owner.userId, name: unique("Team") });
  const child = await createTeamRow(db, { parentTeamId: team.id, name: unique("Child") });
  const grandchild = await createTeamRow(db, { parentTeamId: child.id, name: unique("Grandchild") });
  const sibling = await createTeamRow(db, { parentTeamId: parent.id, name: unique("Sibling") });
  return { owner, parent, team, child, grandchild, sibling };
}

async function parentOf(teamId: string): Promise<string | null> {
  const response = await call("GET", `/${teamId}`, admin);
  expect(response.statusCode).toBe(200);
  return response.json().parent_team_id;
}

async function addUser(teamId: string) {
  await db.insert(users).values({ teamId, username: unique("u").toLowerCase() });
}

async function addProject(teamId: string) {
  const projectSlug = unique("p").toLowerCase();
  await db.insert(projects).values({ teamId, name: projectSlug, slug: projectSlug });
}

const isoPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe("POST /teams", () => {
  it("refuses a caller without credentials", async () => {
    const response = await call("POST", "", undefined, { name: "X", slug: slug() });
    expect(response.statusCode).toBe(401);
  });

  it("lets an admin create a top-level team", async () => {
    const teamSlug = slug();
    const response = await call("POST", "", admin, { name: "  Research  ", slug: teamSlug, description: "R&D" });
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body).toEqual({
      id: expect.any(String),
      name: "Research",
      slug: teamSlug,
      description: "R&D",
      owner_id: null,
      parent_team_id: null,
      created_at: expect.stringMatching(isoPattern),
      updated_at: expect.stringMatching(isoPattern),
      child_count: 0,
    });
    const fetched = await call("GET", `/${body.id}`, member);
    expect(fetched.json()).toEqual(body);
  });

  it("lets an admin create a sub-team with an owner", async () => {
    const response = await call("POST", "", admin, {
      name: "Platform",
      slug: slug(),
      parent_team_id: admin.teamId,
      owner_id: member.userId,
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ parent_team_id: admin.teamId, owner_id: member.userId, description: null });
  });

  it("refuses a plain member, at the top level and under a team they do not manage", async () => {
    const root = await call("POST", "", member, { name: "Mine", slug: slug() });
    expect(root.statusCode).toBe(403);
    expect(root.json().detail).toBe("Only admins may create a top-level team");
    const under = await call("POST", "", member, { name: "Mine", slug: slug(), parent_team_id: admin.teamId });
    expect(under.statusCode).toBe(403);
    expect(under.json().detail).toMatch(/owners of the parent team/);
  });

  it("lets a team owner create teams anywhere in their subtree but nowhere else", async () => {
    const { owner, parent, team, grandchild, sibling } = await branch();
    for (const parentId of [team.id, grandchild.id]) {
      const response = await call("POST", "", owner, { name: "Sub", slug: slug(), parent_team_id: parentId });
      expect(response.statusCode, parentId).toBe(201);
      expect(response.json().parent_team_id).toBe(parentId);
    }
    for (const parentId of [sibling.id, parent.id]) {
      const response = await call("POST", "", owner, { name: "Sub", slug: slug(), parent_team_id: parentId });
      expect(response.statusCode, parentId).toBe(403);
    }
    const root = await call("POST", "", owner, { name: "Sub", slug: slug() });
    expect(root.statusCode).toBe(403);
  });

  it("answers 404 for an unknown parent", async () => {
    const response = await call("POST", "", admin, { name: "X", slug: slug(), parent_team_id: randomUUID() });
    expect(response.statusCode).toBe(404);
    expect(response.json().detail).toBe("Parent team not found");
  });

  it("answers 404 for an unknown or deactivated owner", async () => {
    const unknown = await call("POST", "", admin, { name: "X", slug: slug(), owner_id: randomUUID() });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().detail).toBe("User not found");

    const [inactive] = await db
      .insert(users)
      .values({ teamId: admin.teamId, username: unique("gone").toLowerCase(), isActive: false })
      .returning();
    const deactivated = await call("POST", "", admin, { name: "X", slug: slug(), owner_id: inactive!.id });
    expect(deactivated.statusCode).toBe(404);
    expect(deactivated.json().detail).toBe("User not found");
  });

  it("refuses a slug that is taken with 409 naming it", async () => {
    const teamSlug = slug();
    expect((await call("POST", "", admin, { name: "One", slug: teamSlug })).statusCode).toBe(201);
    const response = await call("POST", "", admin, { name: "Two", slug: teamSlug });
    expect(response.statusCode).toBe(409);
    expect(response.json().detail).toBe(`Team slug '${teamSlug}' already exists`);
  });

  it("rejects a bad slug, an empty name and a malformed parent id with 422 naming each", async () => {
    const response = await call("POST", "", admin, { name: " ", slug: "Not A Slug", parent_team_id: "nope" });
    expect(response.statusCode).toBe(422);
    const locs = response.json().detail.map((d: { loc: string[] }) => d.loc.join("."));
    expect(locs).toEqual(expect.arrayContaining(["body.name", "body.slug", "body.parent_team_id"]));
  });
});

describe("GET /teams", () => {
  it("refuses a caller without credentials", async () => {
    expect((await call("GET", "")).statusCode).toBe(401);
  });

  it("lists top-level teams by name by default", async () => {
    const suffix = unique("root");
    const later = await createTeamRow(db, { name: `bbb ${suffix}` });
    const earlier = await createTeamRow(db, { name: `aaa ${suffix}` });
    const nested = await createTeamRow(db, { name: `aaa nested ${suffix}`, parentTeamId: earlier.id });

    for (const url of ["", "?flat=false"]) {
      const response = await call("GET", url, member);
      expect(response.statusCode).toBe(200);
      const { items, total } = response.json();
      expect(total).toBe(items.length);
      const ids = items.map((team: { id: string }) => team.id);
      expect(ids).toContain(admin.teamId);
      expect(ids).not.toContain(nested.id);
      expect(ids.indexOf(earlier.id)).toBeLessThan(ids.indexOf(later.id));
      expect(items.every((team: { parent_team_id: string | null }) => team.parent_team_id === null)).toBe(true);
    }
  });

  it("lists a team's direct sub-teams by name", async () => {
    const parent = await createTeamRow(db, { parentTeamId: admin.teamId });
    const c = await createTeamRow(db, { parentTeamId: parent.id, name: "ccc" });
    const a = await createTeamRow(db, { parentTeamId: parent.id, name: "aaa" });
    const b = await createTeamRow(db, { parentTeamId: parent.id, name: "bbb" });
    await createTeamRow(db, { parentTeamId: a.id, name: "aaa-below" });

    const response = await call("GET", `?parent_team_id=${parent.id}`, member);
    expect(response.statusCode).toBe(200);
    expect(response.json().total).toBe(3);
    expect(response.json().items.map((team: { id: string }) => team.id)).toEqual([a.id, b.id, c.id]);
  });

  it("lists every team when flat, ignoring parent_team_id", async () => {
    const { parent, grandchild, sibling } = await branch();
    const response = await call("GET", `?flat=true&parent_team_id=${parent.id}`, member);
    expect(response.statusCode).toBe(200);
    const { items, total } = response.json();
    expect(total).toBe(items.length);
    const ids = items.map((team: { id: string }) => team.id);
    expect(ids).toEqual(expect.arrayContaining([admin.teamId, parent.id, grandchild.id]));
    // Grandchild-… < Parent-… < Sibling-… by name, wherever they sit in the tree.
    expect(ids.indexOf(grandchild.id)).toBeLessThan(ids.indexOf(parent.id));
    expect(ids.indexOf(parent.id)).toBeLessThan(ids.indexOf(sibling.id));
  });

  it("lists a subtree down to a depth below parent_team_id, and the top levels without it", async () => {
    const { parent, team, child, grandchild, sibling } = await branch();
    const idsOf = async (url: string) => {
      const response = await call("GET", url, member);
      expect(response.statusCode, response.body).toBe(200);
      return response.json().items.map((listed: { id: string }) => listed.id);
    };
    expect(await idsOf(`?flat=true&depth=1&parent_team_id=${parent.id}`)).toEqual(
      [team, sibling].sort((a, b) => a.name.localeCompare(b.name)).map((row) => row.id),
    );
    const twoLevels = await idsOf(`?flat=true&depth=2&parent_team_id=${parent.id}`);
    expect(twoLevels).toEqual(expect.arrayContaining([team.id, sibling.id, child.id]));
    expect(twoLevels).not.toContain(grandchild.id);
    expect(await idsOf(`?flat=true&depth=50&parent_team_id=${parent.id}`)).toHaveLength(4);

    // From the top: depth 1 is the top-level teams, depth 2 adds their sub-teams (parent among them).
    const top = await idsOf("?flat=true&depth=1");
    expect(top).toContain(admin.teamId);
    expect(top).not.toContain(parent.id);
    const second = await idsOf("?flat=true&depth=2");
    expect(second).toEqual(expect.arrayContaining([admin.teamId, parent.id]));
    expect(second).not.toContain(team.id);
  });

  it("finds teams by name or slug, case-insensitively, a bounded page at a time with the full total", async () => {
    const word = unique("Needle").replace(/-/g, "");
    const rows = [];
    for (const name of [`${word} c`, `${word} a`, `${word} b`]) {
      rows.push(await createTeamRow(db, { parentTeamId: admin.teamId, name }));
    }
    const bySlug = await createTeamRow(db, { parentTeamId: admin.teamId, name: unique("Other") });

    const first = await call("GET", `?flat=true&q=${word.toUpperCase()}&page_size=2`, member);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().total).toBe(3);
    expect(first.json().items.map((team: { name: string }) => team.name)).toEqual([`${word} a`, `${word} b`]);
    const second = await call("GET", `?flat=true&q=${word}&page_size=2&page=2`, member);
    expect(second.json().items.map((team: { name: string }) => team.name)).toEqual([`${word} c`]);

    const slugMatch = await call("GET", `?flat=true&q=${bySlug.slug}`, member);
    expect(slugMatch.json().items.map((team: { id: string }) => team.id)).toEqual([bySlug.id]);
    // `q` narrows one level too.
    const children = await call("GET", `?parent_team_id=${admin.teamId}&q=${word}`, member);
    expect(children.json().total).toBe(3);
  });

  it("refuses depth without flat, and page sizes past 500, with 422 naming the field", async () => {
    const noFlat = await call("GET", "?depth=2", member);
    expect(noFlat.statusCode).toBe(422);
    expect(noFlat.json().detail[0]).toMatchObject({ loc: ["query", "depth"], msg: "depth needs flat=true" });
    const tooMany = await call("GET", "?flat=true&page_size=501", member);
    expect(tooMany.statusCode).toBe(422);
    expect(tooMany.json().detail[0].loc).toEqual(["query", "page_size"]);
  });

  it("answers an empty list for a team without sub-teams", async () => {
    const response = await call("GET", `?parent_team_id=${randomUUID()}`, member);
    expect(response.json()).toEqual({ items: [], total: 0 });
  });

  it("rejects a malformed parent id or flat value with 422", async () => {
    const badParent = await call("GET", "?parent_team_id=nope", member);
    expect(badParent.statusCode).toBe(422);
    expect(badParent.json().detail[0].loc).toEqual(["query", "parent_team_id"]);
    const badFlat = await call("GET", "?flat=perhaps", member);
    expect(badFlat.statusCode).toBe(422);
    expect(badFlat.json().detail[0].loc).toEqual(["query", "flat"]);
  });

  it("says how many direct sub-teams each team has, one level at a time, flat or in a subtree", async () => {
    const { parent, team, child, grandchild, sibling } = await branch();
    await createTeamRow(db, { parentTeamId: team.id, name: unique("Second child") });
    type Listed = { id: string; child_count: number };
    const countsOf = async (url: string) => {
      const response = await call("GET", url, member);
      expect(response.statusCode, response.body).toBe(200);
      return new Map(response.json().items.map((listed: Listed) => [listed.id, listed.child_count]));
    };

    const level = await countsOf(`?parent_team_id=${parent.id}`);
    expect(level).toEqual(
      new Map([
        [team.id, 2],
        [sibling.id, 0],
      ]),
    );
    const subtree = await countsOf(`?flat=true&depth=3&parent_team_id=${parent.id}`);
    expect(subtree.get(team.id)).toBe(2);
    expect(subtree.get(child.id)).toBe(1);
    expect(subtree.get(grandchild.id)).toBe(0);
    const found = await countsOf(`?flat=true&q=${encodeURIComponent(parent.name)}`);
    expect(found.get(parent.id)).toBe(2);
    const top = await countsOf("");
    expect(top.get(admin.teamId)).toBeGreaterThan(0);

    // A new sub-team counts at once; a moved one counts under its new parent only. Writes answer counts too.
    const created = await call("POST", "", admin, { name: "New", slug: slug(), parent_team_id: sibling.id });
    expect(created.json().child_count).toBe(0);
    const moved = await call("PUT", `/${child.id}`, admin, { parent_team_id: sibling.id });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().child_count).toBe(1);
    expect(await countsOf(`?parent_team_id=${parent.id}`)).toEqual(
      new Map([
        [team.id, 1],
        [sibling.id, 2],
      ]),
    );
    const inserted = await call("POST", `/insert-between/${sibling.id}`, admin, { name: "Above", slug: slug() });
    expect(inserted.json().child_count).toBe(1);
  });

  it("names just the teams asked for by id, whatever their level", async () => {
    const { parent, team, grandchild } = await branch();
    const ids = [grandchild.id, parent.id, randomUUID()].join(",");
    const response = await call("GET", `?ids=${ids}&parent_team_id=${team.id}`, member);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().total).toBe(2);
    expect(response.json().items.map((listed: { id: string; name: string }) => [listed.id, listed.name])).toEqual(
      [parent, grandchild].sort((a, b) => a.name.localeCompare(b.name)).map((row) => [row.id, row.name]),
    );

    const malformed = await call("GET", `?ids=${parent.id},nope`, member);
    expect(malformed.statusCode).toBe(422);
    expect(malformed.json().detail[0].loc).toEqual(["query", "ids", 1]);
    const tooMany = await call("GET", `?ids=${Array.from({ length: 501 }, () => randomUUID()).join(",")}`, member);
    expect(tooMany.statusCode).toBe(422);
    expect(tooMany.json().detail[0].msg).toBe("ids names at most 500 teams");
  });

  it("keeps the teams the caller manages with managed=true: owned ones and all below, every one for admins", async () => {
    const { owner, parent, team, child, grandchild } = await branch();
    const idsOf = async (url: string, session: Session) => {
      const response = await call("GET", url, session);
      expect(response.statusCode, response.body).toBe(200);
      return response.json().items.map((listed: { id: string }) => listed.id);
    };
    expect((await idsOf("?flat=true&managed=true", owner)).sort()).toEqual([team.id, child.id, grandchild.id].sort());
    // It narrows the other filters rather than replacing them.
    expect(await idsOf(`?managed=true&parent_team_id=${parent.id}`, owner)).toEqual([team.id]);
    expect(await idsOf(`?flat=true&managed=true&q=${encodeURIComponent(grandchild.name)}`, owner)).toEqual([
      grandchild.id,
    ]);
    const bystander = await createUserSession(t.app, db, { teamId: team.id });
    expect(await idsOf("?flat=true&managed=true", bystander)).toEqual([]);
    const all = await call("GET", "?flat=true&page_size=1", admin);
    const managed = await call("GET", "?flat=true&managed=true&page_size=1", admin);
    expect(managed.json().total).toBe(all.json().total);
  });
});

describe("GET /teams/{team_id}", () => {
  it("returns a team to any signed-in user", async () => {
    const team = await createTeamRow(db, { parentTeamId: admin.teamId });
    const response = await call("GET", `/${team.id}`, member);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ id: team.id, slug: team.slug, parent_team_id: admin.teamId });
  });

  it("says how many direct sub-teams the team has", async () => {
    const { team, grandchild } = await branch();
    expect((await call("GET", `/${team.id}`, member)).json().child_count).toBe(1);
    expect((await call("GET", `/${grandchild.id}`, member)).json().child_count).toBe(0);
  });

  it("answers 401, 404 and 422 where due", async () => {
    expect((await call("GET", `/${admin.teamId}`)).statusCode).toBe(401);
    const missing = await call("GET", `/${randomUUID()}`, member);
    expect(missing.statusCode).toBe(404);
    expect(missing.json().detail).toBe("Team not found");
    const malformed = await call("GET", "/not-a-uuid", member);
    expect(malformed.statusCode).toBe(422);
    expect(malformed.json().detail[0].loc).toEqual(["path", "team_id"]);
  });
});

describe("GET /teams/{team_id}/path", () => {
  it("answers the team and every team above it, the top first, each with its sub-team count", async () => {
    const { parent, team, child, grandchild } = await branch();
    const response = await call("GET", `/${grandchild.id}/path`, member);
    expect(response.statusCode, response.body).toBe(200);
    const items = response.json().items;
    expect(items.map((listed: { id: string }) => listed.id)).toEqual([
      admin.teamId,
      parent.id,
      team.id,
      child.id,
      grandchild.id,
    ]);
    expect(items.slice(1).map((listed: { child_count: number }) => listed.child_count)).toEqual([2, 1, 1, 0]);
    expect(items[4]).toMatchObject({ name: grandchild.name, slug: grandchild.slug, parent_team_id: child.id });

    const top = await call("GET", `/${admin.teamId}/path`, member);
    expect(top.json().items.map((listed: { id: string }) => listed.id)).toEqual([admin.teamId]);
  });

  it("answers 401, 404 and 422 where due", async () => {
    expect((await call("GET", `/${admin.teamId}/path`)).statusCode).toBe(401);
    const missing = await call("GET", `/${randomUUID()}/path`, member);
    expect(missing.statusCode).toBe(404);
    expect(missing.json().detail).toBe("Team not found");
    expect((await call("GET", "/nope/path", member)).statusCode).toBe(422);
  });
});

describe("PUT /teams/{team_id}", () => {
  it("refuses a caller without credentials", async () => {
    expect((await call("PUT", `/${admin.teamId}`, undefined, { name: "X" })).statusCode).toBe(401);
  });

  it("answers 404 for an unknown team, even to a caller who could not update it", async () => {
    const response = await call("PUT", `/${randomUUID()}`, member, { name: "X" });
    expect(response.statusCode).toBe(404);
    expect(response.json().detail).toBe("Team not found");
  });

  it("answers 422 for a malformed team id", async () => {
    expect((await call("PUT", "/123", admin, { name: "X" })).statusCode).toBe(422);
  });

  it("refuses a plain member with 403", async () => {
    const { team } = await branch();
    const response = await call("PUT", `/${team.id}`, member, { name: "Hijacked" });
    expect(response.statusCode).toBe(403);
    expect(response.json().detail).toBe("Only admins and owners of this team or a team above it may update it");
  });

  it("lets a team owner update their team and its descendants, not its sibling or parent", async () => {
    const { owner, parent, team, grandchild, sibling } = await branch();
    for (const target of [team, grandchild]) {
      const response = await call("PUT", `/${target.id}`, owner, { name: "Renamed" });
      expect(response.statusCode, target.name).toBe(200);
      expect(response.json().name).toBe("Renamed");
    }
    for (const target of [sibling, parent]) {
      const response = await call("PUT", `/${target.id}`, owner, { name: "Renamed" });
      expect(response.statusCode, target.name).toBe(403);
    }
  });

  it("keeps absent fields and clears fields sent as null", async () => {
    const { owner, team } = await branch();
    const described = await call("PUT", `/${team.id}`, admin, { description: "Builds things" });
    expect(described.json()).toMatchObject({ name: team.name, description: "Builds things", owner_id: owner.userId });

    const renamed = await call("PUT", `/${team.id}`, admin, { name: "New name" });
    expect(renamed.json()).toMatchObject({ name: "New name", description: "Builds things", owner_id: owner.userId });

    const cleared = await call("PUT", `/${team.id}`, admin, { description: null, owner_id: null });
    expect(cleared.statusCode).toBe(200);
    expect(cleared.json()).toMatchObject({ name: "New name", description: null, owner_id: null, slug: team.slug });

    const lostControl = await call("PUT", `/${team.id}`, owner, { name: "Mine again" });
    expect(lostControl.statusCode).toBe(403);
  });

  it("hands a team to another active user, but not to an unknown one", async () => {
    const { owner, team } = await branch();
    const handed = await call("PUT", `/${team.id}`, owner, { owner_id: member.userId });
    expect(handed.statusCode).toBe(200);
    expect(handed.json().owner_id).toBe(member.userId);
    expect((await call("PUT", `/${team.id}`, member, { name: "Now mine" })).statusCode).toBe(200);

    const unknown = await call("PUT", `/${team.id}`, admin, { owner_id: randomUUID() });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().detail).toBe("User not found");
  });

  it("moves a team under a new parent", async () => {
    const { team, sibling } = await branch();
    const response = await call("PUT", `/${team.id}`, admin, { parent_team_id: sibling.id });
    expect(response.statusCode).toBe(200);
    expect(response.json().parent_team_id).toBe(sibling.id);
    const children = await call("GET", `?parent_team_id=${sibling.id}`, admin);
    expect(children.json().items.map((item: { id: string }) => item.id)).toEqual([team.id]);
  });

  it("lets an admin make a team top-level", async () => {
    const { child } = await branch();
    const response = await call("PUT", `/${child.id}`, admin, { parent_team_id: null });
    expect(response.statusCode).toBe(200);
    expect(response.json().parent_team_id).toBeNull();
  });

  it("refuses to move a team under itself or anything below it, naming both teams", async () => {
    const parent = await createTeamRow(db, { parentTeamId: admin.teamId, name: "Engineering" });
    const child = await createTeamRow(db, { parentTeamId: parent.id, name: "Backend" });
    const grandchild = await createTeamRow(db, { parentTeamId: child.id, name: "Databases" });

    const underChild = await call("PUT", `/${parent.id}`, admin, { parent_team_id: child.id });
    expect(underChild.statusCode).toBe(422);
    expect(underChild.json().detail).toBe(
      "Cannot move team 'Engineering' under 'Backend': 'Backend' is inside 'Engineering'",
    );

    const underGrandchild = await call("PUT", `/${parent.id}`, admin, { parent_team_id: grandchild.id });
    expect(underGrandchild.statusCode).toBe(422);
    expect(underGrandchild.json().detail).toBe(
      "Cannot move team 'Engineering' under 'Databases': 'Databases' is inside 'Engineering'",
    );

    const underItself = await call("PUT", `/${parent.id}`, admin, { parent_team_id: parent.id });
    expect(underItself.statusCode).toBe(422);
    expect(underItself.json().detail).toBe("Cannot move team 'Engineering' under itself");

    expect(await parentOf(parent.id)).toBe(admin.teamId);
  });

  it("answers 404 for an unknown new parent", async () => {
    const { team } = await branch();
    const response = await call("PUT", `/${team.id}`, admin, { parent_team_id: randomUUID() });
    expect(response.statusCode).toBe(404);
    expect(response.json().detail).toBe("Parent team not found");
  });

  it("lets an owner move teams within their subtree only", async () => {
    const { owner, parent, team, child, grandchild, sibling } = await branch();

    const withinSubtree = await call("PUT", `/${grandchild.id}`, owner, { parent_team_id: team.id });
    expect(withinSubtree.statusCode).toBe(200);
    expect(withinSubtree.json().parent_team_id).toBe(team.id);

    const ownTeamAway = await call("PUT", `/${team.id}`, owner, { parent_team_id: sibling.id });
    expect(ownTeamAway.statusCode).toBe(403);
    expect(ownTeamAway.json().detail).toMatch(/current parent team/);

    const childOutside = await call("PUT", `/${child.id}`, owner, { parent_team_id: sibling.id });
    expect(childOutside.statusCode).toBe(403);
    expect(childOutside.json().detail).toBe(
      `Only admins and owners of '${sibling.name}' or a team above it may move a team under it`,
    );

    const childToTop = await call("PUT", `/${child.id}`, owner, { parent_team_id: null });
    expect(childToTop.statusCode).toBe(403);
    expect(childToTop.json().detail).toBe("Only admins may make a team top-level");

    const sameParent = await call("PUT", `/${team.id}`, owner, { parent_team_id: parent.id, name: "Stays put" });
    expect(sameParent.statusCode).toBe(200);

    expect(await parentOf(team.id)).toBe(parent.id);
    expect(await parentOf(child.id)).toBe(team.id);
  });
});

describe("POST /teams/insert-between/{child_team_id}", () => {
  it("refuses a caller without credentials", async () => {
    const response = await call("POST", `/insert-between/${admin.teamId}`, undefined, { name: "X", slug: slug() });
    expect(response.statusCode).toBe(401);
  });

  it("puts a new team in the child's place and the child under it", async () => {
    const { team, child, grandchild, sibling } = await branch();
    const newSlug = slug();
    const response = await call("POST", `/insert-between/${child.id}`, admin, {
      name: "Middle",
      slug: newSlug,
      description: "Between",
      parent_team_id: sibling.id,
      owner_id: member.userId,
    });
    expect(response.statusCode).toBe(201);
    const middle = response.json();
    expect(middle).toEqual({
      id: expect.any(String),
      name: "Middle",
      slug: newSlug,
      description: "Between",
      owner_id: member.userId,
      parent_team_id: team.id,
      created_at: expect.stringMatching(isoPattern),
      updated_at: expect.stringMatching(isoPattern),
      child_count: 1,
    });
    expect(await parentOf(child.id)).toBe(middle.id);
    expect(await parentOf(grandchild.id)).toBe(child.id);
    const underTeam = await call("GET", `?parent_team_id=${team.id}`, admin);
    expect(underTeam.json().items.map((item: { id: string }) => item.id)).toEqual([middle.id]);
  });

  it("inserts above a top-level team, making the new team top-level", async () => {
    const root = await createTeamRow(db, {});
    const response = await call("POST", `/insert-between/${root.id}`, admin, { name: "Above", slug: slug() });
    expect(response.statusCode).toBe(201);
    expect(response.json().parent_team_id).toBeNull();
    expect(await parentOf(root.id)).toBe(response.json().id);
  });

  it("lets an owner insert inside their subtree but not above their own team", async () => {
    const { owner, team, child } = await branch();
    const inside = await call("POST", `/insert-between/${child.id}`, owner, { name: "Inside", slug: slug() });
    expect(inside.statusCode).toBe(201);
    expect(inside.json().parent_team_id).toBe(team.id);

    const above = await call("POST", `/insert-between/${team.id}`, owner, { name: "Above", slug: slug() });
    expect(above.statusCode).toBe(403);
    const aboveRoot = await call("POST", `/insert-between/${admin.teamId}`, member, { name: "Top", slug: slug() });
    expect(aboveRoot.statusCode).toBe(403);
    expect(aboveRoot.json().detail).toBe("Only admins may insert a team above a top-level team");
  });

  it("refuses a plain member with 403", async () => {
    const { child } = await branch();
    const response = await call("POST", `/insert-between/${child.id}`, member, { name: "X", slug: slug() });
    expect(response.statusCode).toBe(403);
  });

  it("answers 404 for an unknown child and 422 for a malformed id or bad slug", async () => {
    const missing = await call("POST", `/insert-between/${randomUUID()}`, admin, { name: "X", slug: slug() });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().detail).toBe("Child team not found");
    const malformed = await call("POST", "/insert-between/nope", admin, { name: "X", slug: slug() });
    expect(malformed.statusCode).toBe(422);
    expect(malformed.json().detail[0].loc).toEqual(["path", "child_team_id"]);
    const badSlug = await call("POST", `/insert-between/${admin.teamId}`, admin, { name: "X", slug: "UPPER" });
    expect(badSlug.statusCode).toBe(422);
    expect(badSlug.json().detail[0].loc).toEqual(["body", "slug"]);
  });

  it("changes nothing when the slug is taken or the owner unknown", async () => {
    const { team, child } = await branch();
    const taken = await call("POST", `/insert-between/${child.id}`, admin, { name: "X", slug: team.slug });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().detail).toBe(`Team slug '${team.slug}' already exists`);

    const freeSlug = slug();
    const noOwner = await call("POST", `/insert-between/${child.id}`, admin, {
      name: "X",
      slug: freeSlug,
      owner_id: randomUUID(),
    });
    expect(noOwner.statusCode).toBe(404);
    expect(noOwner.json().detail).toBe("User not found");

    expect(await parentOf(child.id)).toBe(team.id);
    const retry = await call("POST", "", admin, { name: "X", slug: freeSlug });
    expect(retry.statusCode).toBe(201);
  });
});

describe("DELETE /teams/{team_id}", () => {
  it("answers 401, 404 and 422 where due", async () => {
    expect((await call("DELETE", `/${admin.teamId}`)).statusCode).toBe(401);
    const missing = await call("DELETE", `/${randomUUID()}`, admin);
    expect(missing.statusCode).toBe(404);
    expect(missing.json().detail).toBe("Team not found");
    expect((await call("DELETE", "/nope", admin)).statusCode).toBe(422);
  });

  it("deletes an empty team with its policies, objectives and invitations", async () => {
    const team = await createTeamRow(db, { parentTeamId: admin.teamId });
    await db
      .insert(policies)
      .values({ teamId: team.id, name: "Tone", enforcementType: "prepend", content: "Be kind." });
    await db.insert(objectives).values({ teamId: team.id, title: "Ship" });
    await db.insert(invitations).values({
      email: "new@acme.test",
      teamId: team.id,
      tokenHash: unique("hash"),
      expiresAt: new Date(Date.now() + 86_400_000),
    });

    const response = await call("DELETE", `/${team.id}`, admin);
    expect(response.statusCode).toBe(204);
    expect(response.body).toBe("");
    expect((await call("GET", `/${team.id}`, admin)).statusCode).toBe(404);
    expect(await db.select().from(policies).where(eq(policies.teamId, team.id))).toEqual([]);
    expect(await db.select().from(objectives).where(eq(objectives.teamId, team.id))).toEqual([]);
    expect(await db.select().from(invitations).where(eq(invitations.teamId, team.id))).toEqual([]);
  });

  it("lets a manager of the parent delete, but not the team's own owner or a member", async () => {
    const { owner, team, grandchild } = await branch();
    expect((await call("DELETE", `/${grandchild.id}`, member)).statusCode).toBe(403);
    expect((await call("DELETE", `/${grandchild.id}`, owner)).statusCode).toBe(204);
    expect((await call("GET", `/${grandchild.id}`, owner)).statusCode).toBe(404);

    const refused = await call("DELETE", `/${team.id}`, owner);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().detail).toBe(
      "Only admins and owners of the parent team or a team above it may delete this team",
    );
  });

  it("keeps top-level teams for admins to delete", async () => {
    const root = await createTeamRow(db, { ownerId: member.userId });
    const refused = await call("DELETE", `/${root.id}`, member);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().detail).toBe("Only admins may delete a top-level team");
    expect((await call("DELETE", `/${root.id}`, admin)).statusCode).toBe(204);
  });

  it("refuses a team with sub-teams or users, naming what is left", async () => {
    const team = await createTeamRow(db, { parentTeamId: admin.teamId, name: "Platform" });
    await createTeamRow(db, { parentTeamId: team.id });
    await createTeamRow(db, { parentTeamId: team.id });
    await addUser(team.id);

    const response = await call("DELETE", `/${team.id}`, admin);
    expect(response.statusCode).toBe(409);
    expect(response.json().detail).toBe("Team 'Platform' still has 2 sub-teams and 1 user; move or remove them first");
    expect((await call("GET", `/${team.id}`, admin)).statusCode).toBe(200);
  });

  it("refuses a team with projects, naming them", async () => {
    const team = await createTeamRow(db, { parentTeamId: admin.teamId, name: "Apps" });
    await addProject(team.id);
    const response = await call("DELETE", `/${team.id}`, admin);
    expect(response.statusCode).toBe(409);
    expect(response.json().detail).toBe("Team 'Apps' still has 1 project; move or remove them first");
  });

  it("lists every kind of dependent when all three are left", async () => {
    const team = await createTeamRow(db, { parentTeamId: admin.teamId, name: "Busy" });
    await createTeamRow(db, { parentTeamId: team.id });
    await addUser(team.id);
    await addUser(team.id);
    await addProject(team.id);
    await addProject(team.id);
    const response = await call("DELETE", `/${team.id}`, admin);
    expect(response.statusCode).toBe(409);
    expect(response.json().detail).toBe(
      "Team 'Busy' still has 1 sub-team, 2 users and 2 projects; move or remove them first",
    );
  });
});

describe("tree depth cap", () => {
  /** `levels[n - 1]` is the team at level n: the organization's root team, then one new team per level. */
  async function chainDownTo(depth: number) {
    const root = await findTeamById(db, admin.teamId);
    if (!root) throw new Error("no root team");
    const levels = [root];
    for (let level = 2; level <= depth; level++) {
      const parent = levels[levels.length - 1] as typeof root;
      levels.push(await createTeamRow(db, { parentTeamId: parent.id, name: `Level ${level}` }));
    }
    return levels;
  }

  let levels: Awaited<ReturnType<typeof chainDownTo>>;
  const at = (level: number) => levels[level - 1]?.id as string;
  beforeAll(async () => {
    levels = await chainDownTo(MAX_TEAM_DEPTH);
  });

  it("refuses to create a team below level 50, with 422 naming the cap", async () => {
    const refused = await call("POST", "", admin, { name: "Too deep", slug: slug(), parent_team_id: at(50) });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({
      code: "team_too_deep",
      detail: "Team 'Too deep' under 'Level 50' would be at level 51; teams nest at most 50 levels deep",
    });
    const created = await call("POST", "", admin, { name: "Deepest", slug: slug(), parent_team_id: at(49) });
    expect(created.statusCode).toBe(201);
  });

  it("refuses to insert a team above one when that pushes its sub-teams below level 50", async () => {
    const refused = await call("POST", `/insert-between/${at(20)}`, admin, { name: "Middle", slug: slug() });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({
      code: "team_too_deep",
      detail:
        "With a team inserted above 'Level 20', its deepest sub-team would be at level 51; teams nest at most 50 levels deep",
    });
    expect(await parentOf(at(20))).toBe(at(19));
    const leaf = await createTeamRow(db, { parentTeamId: at(48), name: "Leaf" });
    const inserted = await call("POST", `/insert-between/${leaf.id}`, admin, { name: "Above leaf", slug: slug() });
    expect(inserted.statusCode).toBe(201);
  });

  it("refuses to move a team where its sub-teams would end below level 50", async () => {
    const moving = await createTeamRow(db, { parentTeamId: admin.teamId, name: "Moving" });
    await createTeamRow(db, { parentTeamId: moving.id, name: "Below moving" });
    const refused = await call("PUT", `/${moving.id}`, admin, { parent_team_id: at(49) });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({
      code: "team_too_deep",
      detail:
        "Moved under 'Level 49', the deepest team of 'Moving' would be at level 51; teams nest at most 50 levels deep",
    });
    expect(await parentOf(moving.id)).toBe(admin.teamId);
    expect((await call("PUT", `/${moving.id}`, admin, { parent_team_id: at(48) })).statusCode).toBe(200);
  });

  it("makes every walk of the tree fail, never stop short, on a deeper tree written straight to the database", async () => {
    const deep = await chainDownTo(MAX_TEAM_DEPTH + 1);
    const bottom = deep[deep.length - 1]?.id as string;
    const [user] = await db
      .insert(users)
      .values({ teamId: bottom, username: unique("deep").toLowerCase() })
      .returning();
    // What a walk cut short would silently leave out: the root team's policy.
    await db
      .insert(policies)
      .values({ teamId: admin.teamId, name: unique("root-rule"), enforcementType: "prepend", content: "Root rule" });
    const [project] = await db
      .insert(projects)
      .values({ teamId: bottom, name: "Deep project", slug: slug() })
      .returning();

    const tooDeep = { code: "team_tree_too_deep" };
    await expect(findEffectiveGovernance(db, { userId: user?.id as string })).rejects.toMatchObject(tooDeep);
    await expect(findEffectiveGovernance(db, { teamId: bottom })).rejects.toMatchObject(tooDeep);
    await expect(findTeamChainIds(db, bottom)).rejects.toMatchObject(tooDeep);
    await expect(isOwnerOfTeamOrAncestor(db, bottom, admin.userId)).rejects.toMatchObject(tooDeep);
    // The admin owns the root team, so manages all 51 levels.
    await expect(findManagedTeamIds(db, admin.userId)).rejects.toMatchObject(tooDeep);
    await expect(findProjectUse(db, project?.id as string, user?.id as string)).rejects.toMatchObject(tooDeep);
    const path = await call("GET", `/${bottom}/path`, admin);
    expect(path.statusCode).toBe(409);
    expect(path.json().code).toBe("team_tree_too_deep");
    expect((await call("GET", `/${at(MAX_TEAM_DEPTH)}/path`, admin)).json().items).toHaveLength(MAX_TEAM_DEPTH);

    const effective = await t.app.inject({
      method: "GET",
      url: `/api/v1/policies/effective?user_id=${user?.id}`,
      headers: admin.auth,
    });
    expect(effective.statusCode).toBe(409);
    expect(effective.json()).toEqual({
      code: "team_tree_too_deep",
      detail:
        "The team tree here is deeper than 50 levels, which SpecHub never allows; " +
        "an admin must move teams up before this can be answered",
    });
    // One level up, the chain is within the cap and the root's policy applies.
    const above = await findEffectiveGovernance(db, { teamId: deep[deep.length - 2]?.id as string });
    expect(above.policies.inherited.map((policy) => policy.content)).toContain("Root rule");
  });
});
