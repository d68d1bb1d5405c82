import { and, asc, count, eq, ilike, inArray, isNull, or, type SQL, sql } from "drizzle-orm";
import { type Db, queryRows } from "../../db/client.js";
import { projects, teams, users, userTeams } from "../../db/schema.js";
import { MAX_TEAM_DEPTH, teamTreeTooDeep } from "./team-depth.js";

export type TeamRow = typeof teams.$inferSelect;
export type NewTeam = typeof teams.$inferInsert;
/** A team with how many direct sub-teams it has, so a tree can show what is below before loading it. */
export type CountedTeamRow = TeamRow & { childCount: number };

// The walks below go one level past MAX_TEAM_DEPTH (which also ends a walk round a cycle): a
// row that deep means the tree breaks the cap, and the walk fails instead of being cut short.

export async function findTeamById(db: Db, id: string): Promise<TeamRow | null> {
  const [row] = await db.select().from(teams).where(eq(teams.id, id));
  return row ?? null;
}

export async function findTeamBySlug(db: Db, slug: string): Promise<TeamRow | null> {
  const [row] = await db.select().from(teams).where(eq(teams.slug, slug));
  return row ?? null;
}

/** The first team created without a parent: the organization's root, founded at registration. */
export async function findRootTeam(db: Db): Promise<TeamRow | null> {
  const [row] = await db
    .select()
    .from(teams)
    .where(isNull(teams.parentTeamId))
    .orderBy(asc(teams.createdAt), asc(teams.id))
    .limit(1);
  return row ?? null;
}

export type TeamListFilter = {
  /** Every team, whatever its place in the tree (or within `depth`); else one level. */
  flat?: boolean;
  /** One level: this team's sub-teams (else the top level). With `flat` and `depth`: where the levels start. */
  parentTeamId?: string;
  /** With `flat`: only teams at most this many levels below the top, or below `parentTeamId`. */
  depth?: number;
  /** Case-insensitive substring of the name or slug. */
  q?: string;
  /** Only these teams, whatever their level. */
  ids?: readonly string[];
  /** Only the teams this user manages: those they own and every team below them. */
  managedBy?: string;
  limit: number;
  offset: number;
};

/** Teams at most `depth` levels below `parentTeamId` (1: its sub-teams), or below the top when null. */
function withinLevels(parentTeamId: string | null, depth: number): SQL {
  const start = parentTeamId === null ? sql`parent_team_id is null` : sql`parent_team_id = ${parentTeamId}`;
  return sql`${teams.id} in (
    with recursive below(id, level) as (
      select id, 1 from teams where ${start}
      union all
      select t.id, b.level + 1 from teams t join below b on t.parent_team_id = b.id
      where b.level < ${depth}
    )
    select id from below)`;
}

/**
 * The teams `userId` owns and every team below them, as `managed(id, depth)`: the one SQL form of
 * what a team owner manages. Goes one level past the cap, so a caller can tell a broken tree.
 */
function managedTeams(userId: string): SQL {
  return sql`with recursive managed(id, depth) as (
      select id, 0 from teams where owner_id = ${userId}
      union all
      select t.id, m.depth + 1 from teams t join managed m on t.parent_team_id = m.id
      where m.depth < ${MAX_TEAM_DEPTH}
    )`;
}

function teamListConditions(filter: TeamListFilter): SQL | undefined {
  const conditions: (SQL | undefined)[] = [];
  if (filter.ids) {
    conditions.push(inArray(teams.id, [...filter.ids]));
  } else if (!filter.flat) {
    conditions.push(filter.parentTeamId ? eq(teams.parentTeamId, filter.parentTeamId) : isNull(teams.parentTeamId));
  } else if (filter.depth !== undefined) {
    conditions.push(withinLevels(filter.parentTeamId ?? null, filter.depth));
  }
  if (filter.q) {
    const pattern = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(or(ilike(teams.name, pattern), ilike(teams.slug, pattern)));
  }
  if (filter.managedBy) {
    conditions.push(sql`${teams.id} in (${managedTeams(filter.managedBy)} select id from managed)`);
  }
  return and(...conditions);
}

/** One page of teams by name, and how many match in all. */
export async function findTeams(db: Db, filter: TeamListFilter): Promise<{ rows: TeamRow[]; total: number }> {
  const where = teamListConditions(filter);
  const [rows, [counted]] = await Promise.all([
    db
      .select()
      .from(teams)
      .where(where)
      .orderBy(asc(teams.name), asc(teams.id))
      .limit(filter.limit)
      .offset(filter.offset),
    db.select({ n: count() }).from(teams).where(where),
  ]);
  return { rows, total: counted?.n ?? 0 };
}

/** How many direct sub-teams each of `rows` has, counted in one grouped query. */
export async function withChildCounts(db: Db, rows: readonly TeamRow[]): Promise<CountedTeamRow[]> {
  if (rows.length === 0) return [];
  const counted = await db
    .select({ parentId: teams.parentTeamId, n: count() })
    .from(teams)
    .where(
      inArray(
        teams.parentTeamId,
        rows.map((row) => row.id),
      ),
    )
    .groupBy(teams.parentTeamId);
  const counts = new Map(counted.map((row) => [row.parentId, row.n]));
  return rows.map((row) => ({ ...row, childCount: counts.get(row.id) ?? 0 }));
}

/** The team and every team above it, the top-level team first; empty when there is no such team. */
export async function findTeamPath(db: Db, teamId: string): Promise<TeamRow[]> {
  const chain = await findTeamChainIds(db, teamId);
  if (chain.length === 0) return [];
  const rows = await db.select().from(teams).where(inArray(teams.id, chain));
  const byId = new Map(rows.map((row) => [row.id, row]));
  return chain.toReversed().flatMap((id) => byId.get(id) ?? []);
}

/** Ids of `[team, parent, grandparent, …]`, in one round trip however deep the tree. */
export async function findTeamChainIds(db: Db, teamId: string): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`
    with recursive chain(id, parent_team_id, depth) as (
      select id, parent_team_id, 0 from teams where id = ${teamId}
      union all
      select t.id, t.parent_team_id, c.depth + 1
      from teams t join chain c on t.id = c.parent_team_id
      where c.depth < ${MAX_TEAM_DEPTH}
    )
    select id from chain order by depth`,
  );
  if (rows.length > MAX_TEAM_DEPTH) throw teamTreeTooDeep();
  return rows.map((row) => row.id);
}

/** True when `userId` owns the team or any of its ancestors. */
export async function isOwnerOfTeamOrAncestor(db: Db, teamId: string, userId: string): Promise<boolean> {
  const rows = await queryRows<{ owns: boolean; too_deep: boolean }>(
    db,
    sql`
    with recursive chain(id, parent_team_id, owner_id, depth) as (
      select id, parent_team_id, owner_id, 0 from teams where id = ${teamId}
      union all
      select t.id, t.parent_team_id, t.owner_id, c.depth + 1
      from teams t join chain c on t.id = c.parent_team_id
      where c.depth < ${MAX_TEAM_DEPTH}
    )
    select exists(select 1 from chain where owner_id = ${userId}) as owns,
      exists(select 1 from chain where depth >= ${MAX_TEAM_DEPTH}) as too_deep`,
  );
  if (rows[0]?.too_deep) throw teamTreeTooDeep();
  return rows[0]?.owns === true;
}

/** True when `candidateId` is `teamId` itself or lies anywhere below it. */
export async function isTeamInSubtree(db: Db, teamId: string, candidateId: string): Promise<boolean> {
  const chain = await findTeamChainIds(db, candidateId);
  return chain.includes(teamId);
}

/** How many levels the team and everything below it span: 1 for a team without sub-teams, 0 for none. */
export async function findSubtreeHeight(db: Db, teamId: string): Promise<number> {
  const [row] = await queryRows<{ height: number }>(
    db,
    sql`
    with recursive below(id, depth) as (
      select id, 0 from teams where id = ${teamId}
      union all
      select t.id, b.depth + 1 from teams t join below b on t.parent_team_id = b.id
      where b.depth < ${MAX_TEAM_DEPTH}
    )
    select coalesce(max(depth) + 1, 0)::int as height from below`,
  );
  return row?.height ?? 0;
}

/** Ids of the team and every team below it; none when there is no such team. */
export async function findSubtreeTeamIds(db: Db, teamId: string): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`
    with recursive below(id, depth) as (
      select id, 0 from teams where id = ${teamId}
      union all
      select t.id, b.depth + 1 from teams t join below b on t.parent_team_id = b.id
      where b.depth < ${MAX_TEAM_DEPTH}
    )
    select distinct id from below`,
  );
  return rows.map((row) => row.id);
}

/** Ids of every team the user owns, plus everything below them. */
export async function findManagedTeamIds(db: Db, userId: string): Promise<string[]> {
  const rows = await queryRows<{ id: string; depth: number }>(
    db,
    sql`${managedTeams(userId)} select id, max(depth) as depth from managed group by id`,
  );
  if (rows.some((row) => row.depth >= MAX_TEAM_DEPTH)) throw teamTreeTooDeep();
  return rows.map((row) => row.id);
}

/** Whether the user exists and may sign in: only such users own teams. */
export async function isActiveUser(db: Db, userId: string): Promise<boolean> {
  const [row] = await db.select({ isActive: users.isActive }).from(users).where(eq(users.id, userId));
  return row?.isActive === true;
}

export async function createTeam(db: Db, values: NewTeam): Promise<TeamRow> {
  const [row] = await db.insert(teams).values(values).returning();
  if (!row) throw new Error("insert returned no row");
  return row;
}

export async function updateTeam(db: Db, id: string, values: Partial<NewTeam>): Promise<TeamRow | null> {
  const [row] = await db
    .update(teams)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(teams.id, id))
    .returning();
  return row ?? null;
}

export async function deleteTeam(db: Db, id: string): Promise<void> {
  await db.delete(teams).where(eq(teams.id, id));
}

/** What still hangs off a team; a team is deleted only when all three are zero. */
export async function countTeamDependents(db: Db, id: string) {
  const [[subTeams], [members], [teamProjects]] = await Promise.all([
    db.select({ n: count() }).from(teams).where(eq(teams.parentTeamId, id)),
    // Members whose primary team it is and those for whom it is one of several.
    db.select({ n: count() }).from(userTeams).where(eq(userTeams.teamId, id)),
    db.select({ n: count() }).from(projects).where(eq(projects.teamId, id)),
  ]);
  return { subTeams: subTeams?.n ?? 0, users: members?.n ?? 0, projects: teamProjects?.n ?? 0 };
}

/** Any number that no other advisory lock in this database uses. */
const TEAM_TREE_LOCK_ID = 742_031_101;

/**
 * Serialises changes to the team tree until the transaction ends, so two concurrent moves
 * cannot each pass the cycle check and together close a loop.
 */
export async function lockTeamTree(tx: Db): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${TEAM_TREE_LOCK_ID})`);
}
