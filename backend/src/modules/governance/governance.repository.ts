import { getTableColumns, type SQL, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { type Db, queryRows } from "../../db/client.js";
import { objectives, policies } from "../../db/schema.js";
import { MAX_TEAM_DEPTH, teamTreeTooDeep } from "../teams/team-depth.js";
import type { EffectiveGovernance, GovernanceOrigin, GovernanceScope, TeamRef } from "./governance.types.js";

type GovernanceJson = {
  too_deep: boolean;
  inherited_policies: Record<string, unknown>[];
  local_policies: Record<string, unknown>[];
  inherited_objectives: Record<string, unknown>[];
  local_objectives: Record<string, unknown>[];
};

/**
 * The active policies and objectives that apply to a user (those of every team they are a member
 * of, their own and the project's are local; every ancestor team's of any of their teams are
 * inherited) or to a team (its own and the project's are local, its ancestors' inherited). A
 * policy reached through several of the user's teams appears once, local if any of their teams
 * holds it, naming every team it comes through. One SQL round trip; unknown ids give empty
 * lists. A team chain longer than the tree may be (MAX_TEAM_DEPTH) is an error, never
 * governance without the top.
 */
export async function findEffectiveGovernance(db: Db, scope: GovernanceScope): Promise<EffectiveGovernance> {
  const [row] = await queryRows<GovernanceJson>(db, effectiveGovernanceQuery(scope), { prepared: true });
  if (row?.too_deep) throw teamTreeTooDeep();
  const origin = (json: Record<string, unknown>): GovernanceOrigin => ({
    teamName: typeof json.owner_team_name === "string" ? json.owner_team_name : null,
    viaTeams: Array.isArray(json.via_teams) ? (json.via_teams as TeamRef[]) : [],
  });
  const policyRow = (json: Record<string, unknown>) => ({
    ...fromJsonRow(policies, json),
    isInherited: json.resolved_inherited === true,
    ...origin(json),
  });
  const objectiveRow = (json: Record<string, unknown>) => ({
    ...fromJsonRow(objectives, json),
    isInherited: json.resolved_inherited === true,
    ...origin(json),
  });
  return {
    policies: {
      inherited: (row?.inherited_policies ?? []).map(policyRow),
      local: (row?.local_policies ?? []).map(policyRow),
    },
    objectives: {
      inherited: (row?.inherited_objectives ?? []).map(objectiveRow),
      local: (row?.local_objectives ?? []).map(objectiveRow),
    },
  };
}

function effectiveGovernanceQuery(scope: GovernanceScope): SQL {
  // `target` is every team whose chain is resolved (a user's teams, primary first at position 0,
  // or the one team) and, in user mode, the user; it is empty for an unknown id, which empties
  // everything below.
  const target =
    "userId" in scope
      ? sql`select ut.team_id, ut.user_id, ut.position from user_teams ut where ut.user_id = ${scope.userId}`
      : sql`select id as team_id, null::uuid as user_id, 0 as position from teams where id = ${scope.teamId}`;
  const targetUser =
    "userId" in scope
      ? sql`select id as user_id from users where id = ${scope.userId}`
      : sql`select null::uuid where false`;
  const projectId = scope.projectId ?? null;
  const project = projectId === null ? sql`null::uuid` : sql`${projectId}::uuid`;
  return sql`
    with recursive
    target(team_id, user_id, position) as (${target}),
    target_user(user_id) as (${targetUser}),
    -- One chain per team of the target: via is the team it starts from.
    chain(id, parent_team_id, depth, via, via_position) as (
      select t.id, t.parent_team_id, 0, t.id, target.position from teams t join target on t.id = target.team_id
      union all
      select t.id, t.parent_team_id, c.depth + 1, c.via, c.via_position
      from teams t join chain c on t.id = c.parent_team_id
      -- One level past the cap, so that a chain breaking it shows (too_deep) instead of being cut.
      where c.depth < ${MAX_TEAM_DEPTH}
    ),
    via_team(via, via_position, via_json) as (
      select v.id, target.position, json_build_object('id', v.id, 'name', v.name)
      from target join teams v on v.id = target.team_id
    ),
    -- A team reached through several chains counts once, at its nearest depth, naming every chain.
    reach(id, depth, via_teams) as (
      select c.id, min(c.depth), json_agg(vt.via_json order by vt.via_position)
      from chain c join via_team vt on vt.via = c.via
      group by c.id
    ),
    -- source: 0 team, 1 personal, 2 project; local objectives are listed in that order.
    resolved_policies as (
      select p.*, r.depth > 0 as resolved_inherited, r.depth, 0 as source, r.via_teams, o.name as owner_team_name
      from policies p join reach r on p.team_id = r.id join teams o on o.id = p.team_id
      where p.is_active
      union all
      select p.*, false, 0, 1, '[]'::json, null
      from policies p join target_user u on p.user_id = u.user_id
      where p.is_active
      union all
      select p.*, false, 0, 2, '[]'::json, null
      from policies p
      where p.project_id = ${project} and p.is_active and exists (select 1 from target)
    ),
    resolved_objectives as (
      select ob.*, r.depth > 0 as resolved_inherited, r.depth, 0 as source, r.via_teams, o.name as owner_team_name
      from objectives ob join reach r on ob.team_id = r.id join teams o on o.id = ob.team_id
      where ob.status = 'active'
      union all
      select ob.*, false, 0, 1, '[]'::json, null
      from objectives ob join target_user u on ob.user_id = u.user_id
      where ob.status = 'active'
      union all
      select ob.*, false, 0, 2, '[]'::json, null
      from objectives ob
      where ob.project_id = ${project} and ob.status = 'active' and exists (select 1 from target)
    )
    select
      exists (select 1 from chain where depth >= ${MAX_TEAM_DEPTH}) as too_deep,
      (select coalesce(json_agg(r order by r.priority desc, r.created_at, r.id) filter (where r.resolved_inherited), '[]'::json)
        from resolved_policies r) as inherited_policies,
      (select coalesce(json_agg(r order by r.priority desc, r.created_at, r.id) filter (where not r.resolved_inherited), '[]'::json)
        from resolved_policies r) as local_policies,
      (select coalesce(json_agg(r order by r.depth, r.created_at, r.id) filter (where r.resolved_inherited), '[]'::json)
        from resolved_objectives r) as inherited_objectives,
      (select coalesce(json_agg(r order by r.source, r.created_at, r.id) filter (where not r.resolved_inherited), '[]'::json)
        from resolved_objectives r) as local_objectives`;
}

/**
 * json_agg hands rows back with column names for keys and timestamps as strings; each column's
 * own driver mapping turns them into the shape drizzle selects give.
 */
function fromJsonRow<T extends PgTable>(table: T, json: Record<string, unknown>): T["$inferSelect"] {
  const row: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    const value = json[column.name];
    row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return row as T["$inferSelect"];
}
