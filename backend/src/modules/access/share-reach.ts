import { type SQL, type SQLWrapper, sql } from "drizzle-orm";
import { promptShares, teams, userTeams, workflowShares } from "../../db/schema.js";
import { MAX_TEAM_DEPTH } from "../teams/team-depth.js";

/**
 * The SQL form of "shared with the viewer", the one place every query that lets a share grant
 * access takes it from (prompt and workflow lists, search, details, expansion, change requests).
 * A share reaches a viewer when it names them, when it names a team they are a member of
 * (`user_teams`: their primary team and any other), or when it names a team above one of those
 * and includes sub-teams.
 *
 * Two forms of the same rule: `sharedWithViewer` asks about one row (found by the target's
 * index), `sharedWithViewerAmong` filters a list by the set of targets shared with the viewer,
 * gathered once per query through the user and team indexes (an EXISTS per row there made
 * PostgreSQL scan every share, at a cost estimate that also switched on JIT compilation).
 */

/** Teams the viewer is a member of. */
const memberTeamIds = (viewerId: SQL) => sql`select ut.team_id from ${userTeams} ut where ut.user_id = ${viewerId}`;

/** The viewer's teams and every team above them: a share with one of these that includes sub-teams reaches the viewer. */
const memberAndAncestorTeamIds = (viewerId: SQL) => sql`with recursive up(id, parent_team_id, depth) as (
      select t.id, t.parent_team_id, 0 from ${teams} t
        join ${userTeams} ut on ut.team_id = t.id where ut.user_id = ${viewerId}
      union all
      select t.id, t.parent_team_id, up.depth + 1 from ${teams} t join up on t.id = up.parent_team_id
      where up.depth < ${sql.raw(String(MAX_TEAM_DEPTH))}
    ) select up.id from up`;

/** Which share table, and the column naming what each share is for. */
export type ShareTable = "prompt" | "workflow";

const TABLES = {
  prompt: { table: promptShares, target: sql.identifier("prompt_id") },
  workflow: { table: workflowShares, target: sql.identifier("workflow_id") },
} as const;

/**
 * Whether the target whose id is `targetId` (a table-qualified outer column) is shared with
 * `viewerId` (a uuid parameter or placeholder), directly or through a team. False for no viewer.
 */
export function sharedWithViewer(kind: ShareTable, targetId: SQL, viewerId: SQLWrapper | string | null): SQL<boolean> {
  if (viewerId === null) return sql<boolean>`false`;
  const viewer = sql`${viewerId}::uuid`;
  const { table, target } = TABLES[kind];
  return sql<boolean>`exists (select 1 from ${table} s where s.${target} = ${targetId} and (
    s.user_id = ${viewer}
    or s.team_id in (${memberTeamIds(viewer)})
    or (s.include_subteams and s.team_id in (${memberAndAncestorTeamIds(viewer)}))))`;
}

/**
 * For list filters: whether `targetId` (a table-qualified outer column) is among the targets
 * shared with `viewerId`, by the same rule as `sharedWithViewer`.
 */
export function sharedWithViewerAmong(kind: ShareTable, targetId: SQL, viewerId: string): SQL<boolean> {
  const viewer = sql`${viewerId}::uuid`;
  const { table, target } = TABLES[kind];
  return sql<boolean>`${targetId} in (
    select s.${target} from ${table} s where s.user_id = ${viewer}
    union all
    select s.${target} from ${table} s where s.team_id in (${memberTeamIds(viewer)})
    union all
    select s.${target} from ${table} s where s.include_subteams and s.team_id in (${memberAndAncestorTeamIds(viewer)}))`;
}
