import { getTableColumns, type SQL, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { type Db, queryRows } from "../../db/client.js";
import { objectives, policies } from "../../db/schema.js";
import { MAX_TEAM_DEPTH, teamTreeTooDeep } from "../teams/team-depth.js";

export type PolicyRow = typeof policies.$inferSelect;
export type ObjectiveRow = typeof objectives.$inferSelect;
export type EffectivePolicy = PolicyRow & { isInherited: boolean };
export type EffectiveObjective = ObjectiveRow & { isInherited: boolean };
export type EffectiveGovernance = {
  policies: { inherited: EffectivePolicy[]; local: EffectivePolicy[] };
  objectives: { inherited: EffectiveObjective[]; local: EffectiveObjective[] };
};

/** A user or a bare team, either optionally within a project. */
export type GovernanceScope =
  | { userId: string; projectId?: string | null }
  | { teamId: string; projectId?: string | null };

type GovernanceJson = {
  too_deep: boolean;
  inherited_policies: Record<string, unknown>[];
  local_policies: Record<string, unknown>[];
  inherited_objectives: Record<string, unknown>[];
  local_objectives: Record<string, unknown>[];
};

/**
 * The active policies and objectives that apply to a user (their team's, their own and the
 * project's are local; every ancestor team's are inherited) or to a team (its own and the
 * project's are local, its ancestors' inherited). One SQL round trip; unknown ids give empty
 * lists. A team chain longer than the tree may be (MAX_TEAM_DEPTH) is an error, never
 * governance without the top.
 */
export async function findEffectiveGovernance(db: Db, scope: GovernanceScope): Promise<EffectiveGovernance> {
  const [row] = await queryRows<GovernanceJson>(db, effectiveGovernanceQuery(scope), { prepared: true });
  if (row?.too_deep) throw teamTreeTooDeep();
  const policyRow = (json: Record<string, unknown>) => ({
    ...fromJsonRow(policies, json),
    isInherited: json.resolved_inherited === true,
  });
  const objectiveRow = (json: Record<string, unknown>) => ({
    ...fromJsonRow(objectives, json),
    isInherited: json.resolved_inherited === true,
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
  // `target` is the one team (and, in user mode, the one user) whose governance is resolved;
  // it is empty for an unknown id, which empties everything below.
  const target =
    "userId" in scope
      ? sql`select team_id, id as user_id from users where id = ${scope.userId}`
      : sql`select id as team_id, null::uuid as user_id from teams where id = ${scope.teamId}`;
  const projectId = scope.projectId ?? null;
  const project = projectId === null ? sql`null::uuid` : sql`${projectId}::uuid`;

  return sql`
    with recursive
    target(team_id, user_id) as (${target}),
    chain(id, parent_team_id, depth) as (
      select t.id, t.parent_team_id, 0 from teams t join target on t.id = target.team_id
      union all
      select t.id, t.parent_team_id, c.depth + 1
      from teams t join chain c on t.id = c.parent_team_id
      -- One level past the cap, so that a chain breaking it shows (too_deep) instead of being cut.
      where c.depth < ${MAX_TEAM_DEPTH}
    ),
    -- source: 0 team, 1 personal, 2 project; local objectives are listed in that order.
    resolved_policies as (
      select p.*, c.depth > 0 as resolved_inherited, c.depth, 0 as source
      from policies p join chain c on p.team_id = c.id
      where p.is_active
      union all
      select p.*, false, 0, 1
      from policies p join target on p.user_id = target.user_id
      where p.is_active
      union all
      select p.*, false, 0, 2
      from policies p
      where p.project_id = ${project} and p.is_active and exists (select 1 from target)
    ),
    resolved_objectives as (
      select o.*, c.depth > 0 as resolved_inherited, c.depth, 0 as source
      from objectives o join chain c on o.team_id = c.id
      where o.status = 'active'
      union all
      select o.*, false, 0, 1
      from objectives o join target on o.user_id = target.user_id
      where o.status = 'active'
      union all
      select o.*, false, 0, 2
      from objectives o
      where o.project_id = ${project} and o.status = 'active' and exists (select 1 from target)
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
