import { inArray, sql } from "drizzle-orm";
import { type Db, queryRows } from "../../db/client.js";
import { teams } from "../../db/schema.js";
import { MAX_TEAM_DEPTH, teamTreeTooDeep } from "./team-depth.js";

/** How many teams the team's subtree holds (itself included) and how many active users are in them. */
export async function countSubtree(db: Db, teamId: string): Promise<{ teams: number; members: number }> {
  const [row] = await queryRows<{ teams: number; members: number; too_deep: boolean }>(
    db,
    sql`
    with recursive below(id, depth) as (
      select id, 0 from teams where id = ${teamId}
      union all
      select t.id, b.depth + 1 from teams t join below b on t.parent_team_id = b.id
      where b.depth < ${MAX_TEAM_DEPTH}
    )
    select
      (select count(distinct id) from below)::int as teams,
      (select count(*) from users u where u.is_active and u.team_id in (select id from below))::int as members,
      exists (select 1 from below where depth >= ${MAX_TEAM_DEPTH}) as too_deep`,
  );
  if (row?.too_deep) throw teamTreeTooDeep();
  return { teams: row?.teams ?? 0, members: row?.members ?? 0 };
}

/** Team names by id, for the ids that exist. */
export async function findTeamNames(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: teams.id, name: teams.name })
    .from(teams)
    .where(inArray(teams.id, [...ids]));
  return new Map(rows.map((row) => [row.id, row.name]));
}
