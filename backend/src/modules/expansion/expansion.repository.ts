import { sql } from "drizzle-orm";
import { type Db, queryRows } from "../../db/client.js";
import { MAX_TEAM_DEPTH, teamTreeTooDeep } from "../teams/team-depth.js";

/**
 * Whether `userId` may expand prompts under the project's governance (see access.service's
 * `canUseProject` for the rule); null when the project does not exist. One round trip.
 */
export async function findProjectUse(db: Db, projectId: string, userId: string): Promise<{ usable: boolean } | null> {
  const [row] = await queryRows<{ usable: boolean; too_deep: boolean }>(
    db,
    sql`
    with recursive
    project as (select id, team_id, lead_user_id from projects where id = ${projectId}),
    caller_chain(id, parent_team_id, depth) as (
      select t.id, t.parent_team_id, 0 from teams t join user_teams ut on ut.team_id = t.id where ut.user_id = ${userId}
      union all
      select t.id, t.parent_team_id, c.depth + 1 from teams t join caller_chain c on t.id = c.parent_team_id
      where c.depth < ${MAX_TEAM_DEPTH}
    ),
    project_chain(id, parent_team_id, owner_id, depth) as (
      select t.id, t.parent_team_id, t.owner_id, 0 from teams t join project p on t.id = p.team_id
      union all
      select t.id, t.parent_team_id, t.owner_id, c.depth + 1 from teams t join project_chain c on t.id = c.parent_team_id
      where c.depth < ${MAX_TEAM_DEPTH}
    )
    select coalesce(
      p.lead_user_id = ${userId}
      or exists (select 1 from project_members m where m.project_id = p.id and m.user_id = ${userId})
      or exists (select 1 from caller_chain c where c.id = p.team_id)
      or exists (select 1 from project_chain c where c.owner_id = ${userId}),
      false) as usable,
      exists (select 1 from caller_chain where depth >= ${MAX_TEAM_DEPTH})
        or exists (select 1 from project_chain where depth >= ${MAX_TEAM_DEPTH}) as too_deep
    from project p`,
  );
  // The walks go one level past the cap: a chain that long is broken data, never a partial answer.
  if (row?.too_deep) throw teamTreeTooDeep();
  return row ? { usable: row.usable === true } : null;
}
