import { and, asc, count, desc, eq, inArray, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "../../db/client.js";
import {
  type ChangeRequestKind,
  type ChangeRequestState,
  changeRequestComments,
  changeRequests,
  prompts,
  teams,
  users,
} from "../../db/schema.js";
import { sharedWithViewerAmong } from "../access/share-reach.js";
import type { ChangeRequestAudience, ChangeRequestRow, NewChangeRequest } from "./change-requests.types.js";

export type PersonSummary = { id: string; username: string; displayName: string | null };

/** A request with the people it names, its comment count and whose managers may review it. */
export type ChangeRequestListing = {
  request: ChangeRequestRow;
  author: PersonSummary | null;
  decidedBy: PersonSummary | null;
  commentCount: number;
  /** Owners of this team or a team above it (and admins) review the request; null: admins only. */
  reviewTeamId: string | null;
};

export type CommentRow = { id: string; author: PersonSummary | null; body: string; createdAt: Date };

export type ChangeRequestFilter = {
  audience: ChangeRequestAudience;
  id?: string;
  state?: ChangeRequestState;
  promptName?: string;
  authorId?: string;
  /** Open requests this reviewer may decide: not their own, and (unless `all`) in the teams they manage. */
  reviewableBy?: { userId: string; teamIds: string[] | "all" };
  limit: number;
  offset: number;
};

/** A column of the outer change request, always table-qualified (subqueries below have their own ids). */
const column = (name: string) => sql`${changeRequests}.${sql.identifier(name)}`;

/**
 * The team whose managers review a request: for a label, the prompt owner's team; for a
 * governance change, the team above the one changed (organization-wide and top-level: none).
 */
const reviewTeamId = sql<string | null>`(case ${column("kind")}
  when 'label' then (select u.team_id from ${prompts} p join ${users} u on u.id = p.user_id where p.id = ${column("prompt_id")})
  when 'governance' then (select t.parent_team_id from ${teams} t where t.id = ${column("team_id")})
  end)`;

const inIds = (expression: SQL, ids: string[]): SQL =>
  ids.length === 0 ? sql`false` : sql`${expression} = any(${sql.param(ids)}::uuid[])`;

/** Who sees a request: its author, its reviewers, viewers of its prompt, readers of its team's governance. */
function audienceCondition(audience: ChangeRequestAudience): SQL | undefined {
  if (audience.kind === "all") return undefined;
  const me = audience.userId;
  const promptVisible = sql`exists (select 1 from ${prompts} p where p.id = ${column("prompt_id")}
    and (p.visibility in ('public', 'org') or p.user_id = ${me}
      or ${sharedWithViewerAmong("prompt", sql`p.id`, me)}))`;
  return sql`(${column("author_id")} = ${me}
    or ${inIds(reviewTeamId, audience.managedTeamIds)}
    or (${column("kind")} = 'label' and ${promptVisible})
    or (${column("kind")} = 'governance'
      and (${column("team_id")} is null or ${inIds(column("team_id"), audience.governanceTeamIds)})))`;
}

function conditions(filter: ChangeRequestFilter): SQL | undefined {
  const all: (SQL | undefined)[] = [audienceCondition(filter.audience)];
  if (filter.id) all.push(eq(changeRequests.id, filter.id));
  if (filter.state) all.push(eq(changeRequests.state, filter.state));
  if (filter.authorId) all.push(eq(changeRequests.authorId, filter.authorId));
  if (filter.promptName !== undefined) {
    all.push(sql`${column("prompt_id")} in (select p.id from ${prompts} p where p.name = ${filter.promptName})`);
  }
  if (filter.reviewableBy) {
    const { userId, teamIds } = filter.reviewableBy;
    all.push(eq(changeRequests.state, "open"), sql`${column("author_id")} is distinct from ${userId}`);
    if (teamIds !== "all") all.push(inIds(reviewTeamId, teamIds));
  }
  return and(...all);
}

const author = alias(users, "author");
const decider = alias(users, "decider");
const commenter = alias(users, "commenter");
const person = <T extends typeof author | typeof decider | typeof commenter>(table: T) => ({
  id: table.id,
  username: table.username,
  displayName: table.displayName,
});

type MaybePerson = { id: string | null; username: string | null; displayName: string | null } | null;

/** A left-joined user: null when there is none (a deleted author keeps the request, without a name). */
const toPerson = (row: MaybePerson): PersonSummary | null =>
  row?.id && row.username ? { id: row.id, username: row.username, displayName: row.displayName } : null;

function selectListings(db: Db) {
  return db
    .select({
      request: changeRequests,
      author: person(author),
      decidedBy: person(decider),
      commentCount: sql<number>`(select count(*)::int from ${changeRequestComments} c where c.change_request_id = ${column("id")})`,
      reviewTeamId,
    })
    .from(changeRequests)
    .leftJoin(author, eq(author.id, changeRequests.authorId))
    .leftJoin(decider, eq(decider.id, changeRequests.decidedById));
}

/** One page of requests, newest first, with the exact total. */
export async function findChangeRequests(
  db: Db,
  filter: ChangeRequestFilter,
): Promise<{ rows: ChangeRequestListing[]; total: number }> {
  const where = conditions(filter);
  const [listed, [counted]] = await Promise.all([
    selectListings(db)
      .where(where)
      .orderBy(desc(changeRequests.createdAt), desc(changeRequests.id))
      .limit(filter.limit)
      .offset(filter.offset),
    db.select({ n: count() }).from(changeRequests).where(where),
  ]);
  const rows = listed.map((row) => ({ ...row, author: toPerson(row.author), decidedBy: toPerson(row.decidedBy) }));
  return { rows, total: counted?.n ?? 0 };
}

/** One request as `audience` may see it, or null. */
export async function findChangeRequestListing(
  db: Db,
  id: string,
  audience: ChangeRequestAudience,
): Promise<ChangeRequestListing | null> {
  const { rows } = await findChangeRequests(db, { audience, id, limit: 1, offset: 0 });
  return rows[0] ?? null;
}

/** The request row, locked until the transaction ends. */
export async function lockChangeRequest(db: Db, id: string): Promise<ChangeRequestRow | null> {
  const [row] = await db.select().from(changeRequests).where(eq(changeRequests.id, id)).for("update");
  return row ?? null;
}

export async function createChangeRequest(db: Db, values: NewChangeRequest): Promise<ChangeRequestRow> {
  const now = sql`clock_timestamp()`;
  const [row] = await db
    .insert(changeRequests)
    .values({ ...values, createdAt: now, updatedAt: now })
    .returning();
  if (!row) throw new Error("insert into change_requests returned no row");
  return row;
}

export async function updateChangeRequest(
  db: Db,
  id: string,
  changes: Partial<Pick<ChangeRequestRow, "state" | "decidedById" | "reason">> & { decided?: boolean },
): Promise<void> {
  const { decided, ...values } = changes;
  const now = sql`clock_timestamp()`;
  await db
    .update(changeRequests)
    .set({ ...values, ...(decided ? { decidedAt: now } : {}), updatedAt: now })
    .where(eq(changeRequests.id, id));
}

/** Columns an open request must match to be made stale by the approval of another (see `StaleScope`). */
export type StaleScope = {
  kind: ChangeRequestKind;
  promptId?: string | null;
  label?: string | null;
  teamId?: string | null;
  /** Matched by containment: `{subject, id}` names the policy or objective a governance request is on. */
  proposal?: Record<string, unknown>;
};

/** Marks the open requests in `scope`, other than `exceptId`, stale; their ids. */
export async function markOpenRequestsStale(db: Db, scope: StaleScope, exceptId: string): Promise<string[]> {
  const matches: SQL[] = [eq(changeRequests.kind, scope.kind), eq(changeRequests.state, "open")];
  if (scope.promptId !== undefined) matches.push(sql`${column("prompt_id")} is not distinct from ${scope.promptId}`);
  if (scope.label !== undefined) matches.push(sql`${column("label")} is not distinct from ${scope.label}`);
  if (scope.teamId !== undefined) matches.push(sql`${column("team_id")} is not distinct from ${scope.teamId}`);
  if (scope.proposal !== undefined)
    matches.push(sql`${column("proposal")} @> ${JSON.stringify(scope.proposal)}::jsonb`);
  const rows = await db
    .update(changeRequests)
    .set({ state: "stale", updatedAt: sql`clock_timestamp()` })
    .where(and(...matches, sql`${column("id")} <> ${exceptId}`))
    .returning({ id: changeRequests.id });
  return rows.map((row) => row.id);
}

/** Team names by id, for the governance requests of a page (a team deleted since is absent). */
export async function findTeamNames(db: Db, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: teams.id, name: teams.name })
    .from(teams)
    .where(inArray(teams.id, [...new Set(ids)]));
  return new Map(rows.map((row) => [row.id, row.name]));
}

export async function findComments(db: Db, changeRequestId: string): Promise<CommentRow[]> {
  const rows = await db
    .select({
      id: changeRequestComments.id,
      author: person(commenter),
      body: changeRequestComments.body,
      createdAt: changeRequestComments.createdAt,
    })
    .from(changeRequestComments)
    .leftJoin(commenter, eq(commenter.id, changeRequestComments.authorId))
    .where(eq(changeRequestComments.changeRequestId, changeRequestId))
    .orderBy(asc(changeRequestComments.createdAt), asc(changeRequestComments.id));
  return rows.map((row) => ({ ...row, author: toPerson(row.author) }));
}

export async function createComment(
  db: Db,
  values: { changeRequestId: string; authorId: string | null; body: string },
): Promise<{ id: string; createdAt: Date }> {
  const [row] = await db
    .insert(changeRequestComments)
    .values({ ...values, createdAt: sql`clock_timestamp()` })
    .returning({ id: changeRequestComments.id, createdAt: changeRequestComments.createdAt });
  if (!row) throw new Error("insert into change_request_comments returned no row");
  return row;
}
