import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../db/client.js";
import { objectives, policies, projects, users } from "../../db/schema.js";
import { countingDb } from "../../test/counting-db.js";
import { createTeamRow, unique } from "../../test/factories.js";
import { createTestContext, type TestContext } from "../../test/harness.js";
import { findTeamById } from "../teams/teams.repository.js";
import { findEffectiveGovernance } from "./governance.repository.js";
import type { EffectiveGovernance } from "./governance.types.js";

let t: TestContext;
let db: Db;

const at = (minute: number) => new Date(Date.UTC(2030, 0, 1, 0, minute));

async function addUser(teamId: string) {
  const [row] = await db
    .insert(users)
    .values({ teamId, username: unique("gov").toLowerCase() })
    .returning();
  if (!row) throw new Error("no user");
  return row;
}

type Owner = { teamId?: string; projectId?: string; userId?: string };

async function addPolicy(
  owner: Owner,
  name: string,
  values: { priority?: number; minute?: number; isActive?: boolean } = {},
) {
  const [row] = await db
    .insert(policies)
    .values({
      ...owner,
      name,
      enforcementType: "prepend",
      content: `content of ${name}`,
      priority: values.priority ?? 0,
      isActive: values.isActive ?? true,
      createdAt: at(values.minute ?? 0),
    })
    .returning();
  if (!row) throw new Error("no policy");
  return row;
}

async function addObjective(owner: Owner, title: string, values: { minute?: number; status?: string } = {}) {
  const [row] = await db
    .insert(objectives)
    .values({ ...owner, title, status: values.status ?? "active", createdAt: at(values.minute ?? 0) })
    .returning();
  if (!row) throw new Error("no objective");
  return row;
}

const names = (list: { name: string }[]) => list.map((row) => row.name);
const titles = (list: { title: string }[]) => list.map((row) => row.title);

beforeAll(async () => {
  t = await createTestContext();
  db = t.database.db;
});
afterAll(async () => t?.close());

describe("findEffectiveGovernance over a four-level tree with a project", () => {
  let root: { id: string };
  let division: { id: string };
  let department: { id: string };
  let squad: { id: string };
  let userId: string;
  let projectId: string;
  const rows: Record<string, typeof policies.$inferSelect> = {};

  beforeAll(async () => {
    root = await createTeamRow(db, {});
    division = await createTeamRow(db, { parentTeamId: root.id });
    department = await createTeamRow(db, { parentTeamId: division.id });
    squad = await createTeamRow(db, { parentTeamId: department.id });
    const sibling = await createTeamRow(db, { parentTeamId: department.id });
    const user = await addUser(squad.id);
    const colleague = await addUser(squad.id);
    userId = user.id;
    const slug = unique("proj").toLowerCase();
    const [project] = await db.insert(projects).values({ teamId: squad.id, name: slug, slug }).returning();
    const [otherProject] = await db
      .insert(projects)
      .values({ teamId: squad.id, name: `${slug}-other`, slug: `${slug}-other` })
      .returning();
    if (!project || !otherProject) throw new Error("no project");
    projectId = project.id;

    rows.rootLow = await addPolicy({ teamId: root.id }, "root-low", { priority: 0, minute: 1 });
    rows.rootHigh = await addPolicy({ teamId: root.id }, "root-high", { priority: 10, minute: 2 });
    await addPolicy({ teamId: root.id }, "root-inactive", { priority: 99, isActive: false });
    rows.division = await addPolicy({ teamId: division.id }, "division", { priority: 5, minute: 3 });
    rows.department = await addPolicy({ teamId: department.id }, "department", { priority: 5, minute: 1 });
    rows.squadLow = await addPolicy({ teamId: squad.id }, "squad-low", { priority: 0, minute: 1 });
    rows.squadMid = await addPolicy({ teamId: squad.id }, "squad-mid", { priority: 3, minute: 2 });
    rows.personal = await addPolicy({ userId }, "personal", { priority: 1 });
    rows.project = await addPolicy({ projectId }, "project", { priority: 3, minute: 1 });
    await addPolicy({ teamId: sibling.id }, "sibling", { priority: 50 });
    await addPolicy({ userId: colleague.id }, "colleague", { priority: 50 });
    await addPolicy({ projectId: otherProject.id }, "other-project", { priority: 50 });

    await addObjective({ teamId: root.id }, "root", { minute: 1 });
    await addObjective({ teamId: root.id }, "root-archived", { status: "archived" });
    await addObjective({ teamId: division.id }, "division-later", { minute: 2 });
    await addObjective({ teamId: division.id }, "division-earlier", { minute: 1 });
    await addObjective({ teamId: department.id }, "department", { minute: 5 });
    await addObjective({ projectId }, "project", { minute: 0 });
    await addObjective({ userId }, "personal", { minute: 1 });
    await addObjective({ teamId: squad.id }, "squad", { minute: 3 });
    await addObjective({ teamId: sibling.id }, "sibling");
    await addObjective({ userId: colleague.id }, "colleague");
    await addObjective({ projectId: otherProject.id }, "other-project");
  });

  it("inherits active policies from every ancestor, highest priority first, then oldest first", async () => {
    const result = await findEffectiveGovernance(db, { userId, projectId });
    expect(names(result.policies.inherited)).toEqual(["root-high", "department", "division", "root-low"]);
    expect(result.policies.inherited.every((row) => row.isInherited)).toBe(true);
  });

  it("keeps the team's own, the user's personal and the project's policies local, in priority order", async () => {
    const result = await findEffectiveGovernance(db, { userId, projectId });
    expect(names(result.policies.local)).toEqual(["project", "squad-mid", "personal", "squad-low"]);
    expect(result.policies.local.every((row) => !row.isInherited)).toBe(true);
  });

  it("leaves the project's policies and objectives out when no project is given", async () => {
    const result = await findEffectiveGovernance(db, { userId });
    expect(names(result.policies.local)).toEqual(["squad-mid", "personal", "squad-low"]);
    expect(titles(result.objectives.local)).toEqual(["squad", "personal"]);
  });

  it("returns rows shaped like drizzle's own selects: camelCase keys and Date timestamps", async () => {
    const result = await findEffectiveGovernance(db, { userId, projectId });
    const [rootHigh] = result.policies.inherited;
    expect(rootHigh).toMatchObject({ ...rows.rootHigh, isInherited: true });
    expect(rootHigh?.createdAt).toBeInstanceOf(Date);
    const personal = result.policies.local.find((row) => row.name === "personal");
    expect(personal).toMatchObject({ ...rows.personal, isInherited: false, viaTeams: [] });
  });

  it("lists inherited objectives nearest team first and local ones as team, personal, project", async () => {
    const result = await findEffectiveGovernance(db, { userId, projectId });
    expect(titles(result.objectives.inherited)).toEqual(["department", "division-earlier", "division-later", "root"]);
    expect(titles(result.objectives.local)).toEqual(["squad", "personal", "project"]);
    expect(result.objectives.inherited.every((row) => row.isInherited)).toBe(true);
    expect(result.objectives.local.every((row) => !row.isInherited)).toBe(true);
    const [department] = result.objectives.inherited;
    const [stored] = await db
      .select()
      .from(objectives)
      .where(eq(objectives.id, department?.id ?? ""));
    expect(department).toMatchObject({ ...stored, isInherited: true });
  });

  it("resolves a team: its own are local, every ancestor's inherited, nothing personal", async () => {
    const result = await findEffectiveGovernance(db, { teamId: department.id });
    expect(names(result.policies.local)).toEqual(["department"]);
    expect(names(result.policies.inherited)).toEqual(["root-high", "division", "root-low"]);
    expect(titles(result.objectives.local)).toEqual(["department"]);
    expect(titles(result.objectives.inherited)).toEqual(["division-earlier", "division-later", "root"]);
  });

  it("gives a top-level team nothing inherited", async () => {
    const result = await findEffectiveGovernance(db, { teamId: root.id });
    expect(names(result.policies.local)).toEqual(["root-high", "root-low"]);
    expect(result.policies.inherited).toEqual([]);
    expect(titles(result.objectives.local)).toEqual(["root"]);
  });

  it("answers empty lists for an unknown user or team, even with a real project", async () => {
    const empty: EffectiveGovernance = {
      policies: { inherited: [], local: [] },
      objectives: { inherited: [], local: [] },
    };
    expect(await findEffectiveGovernance(db, { userId: randomUUID(), projectId })).toEqual(empty);
    expect(await findEffectiveGovernance(db, { teamId: randomUUID() })).toEqual(empty);
  });
});

describe("findEffectiveGovernance cost", () => {
  it("takes one SQL round trip for a user six teams deep", async () => {
    let parentTeamId: string | null = null;
    for (let level = 0; level < 6; level++) {
      const team: { id: string } = await createTeamRow(db, { parentTeamId });
      await addPolicy({ teamId: team.id }, `level-${level}`, { priority: level });
      await addObjective({ teamId: team.id }, `level-${level}`, { minute: level });
      parentTeamId = team.id;
    }
    if (!parentTeamId) throw new Error("no tree");
    const user = await addUser(parentTeamId);
    const slug = unique("deep").toLowerCase();
    const [project] = await db.insert(projects).values({ teamId: parentTeamId, name: slug, slug }).returning();
    await addPolicy({ projectId: project?.id }, "deep-project");

    const counting = countingDb(t.database);
    const result = await findEffectiveGovernance(counting.db, { userId: user.id, projectId: project?.id });

    expect(counting.statements()).toBe(1);
    expect(names(result.policies.inherited)).toEqual(["level-4", "level-3", "level-2", "level-1", "level-0"]);
    expect(names(result.policies.local)).toEqual(["level-5", "deep-project"]);
    expect(titles(result.objectives.inherited)).toEqual(["level-4", "level-3", "level-2", "level-1", "level-0"]);
  });

  it("counts every statement, so a second query would show", async () => {
    const counting = countingDb(t.database);
    const team = await createTeamRow(db, {});
    await findTeamById(counting.db, team.id);
    await findEffectiveGovernance(counting.db, { teamId: team.id });
    expect(counting.statements()).toBe(2);
  });
});
