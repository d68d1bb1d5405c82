/** The few fields of a team that the tree needs; the API's team objects fit. */
export type TreeTeam = { id: string; name: string; parent_team_id: string | null; owner_id: string | null };

export type Point = { x: number; y: number };

export const NODE_WIDTH = 208;
export const NODE_HEIGHT = 76;
const SIBLING_GAP = 32;
const LEVEL_GAP = 72;

const byName = (a: TreeTeam, b: TreeTeam) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id);

/**
 * Top-level teams first, then each team's children. A team whose parent is not in the list (not
 * visible to the caller) counts as top-level, so nothing the API returned is left out.
 */
export function childrenByParent<T extends TreeTeam>(teams: readonly T[]): { roots: T[]; children: Map<string, T[]> } {
  const ids = new Set(teams.map((team) => team.id));
  const roots: T[] = [];
  const children = new Map<string, T[]>();
  for (const team of teams) {
    if (team.parent_team_id === null || !ids.has(team.parent_team_id)) roots.push(team);
    else children.set(team.parent_team_id, [...(children.get(team.parent_team_id) ?? []), team]);
  }
  roots.sort(byName);
  for (const list of children.values()) list.sort(byName);
  return { roots, children };
}

/**
 * Positions for a top-down tree: each team sits centred above its sub-teams, siblings in name
 * order, top-level teams side by side. A subtree is as wide as its widest level needs, so
 * subtrees never overlap. Teams caught in a parent loop (which the API prevents) are drawn as
 * extra top-level teams rather than dropped.
 */
export function layoutTree(teams: readonly TreeTeam[]): {
  positions: Map<string, Point>;
  width: number;
  height: number;
} {
  const { roots, children } = childrenByParent(teams);
  const widths = new Map<string, number>();
  const visiting = new Set<string>();

  const measure = (team: TreeTeam): number => {
    const known = widths.get(team.id);
    if (known !== undefined) return known;
    visiting.add(team.id);
    const kids = (children.get(team.id) ?? []).filter((kid) => !visiting.has(kid.id));
    const kidsWidth = kids.reduce((sum, kid) => sum + measure(kid), 0) + SIBLING_GAP * Math.max(0, kids.length - 1);
    const width = Math.max(NODE_WIDTH, kidsWidth);
    widths.set(team.id, width);
    return width;
  };

  const positions = new Map<string, Point>();
  let height = 0;
  const place = (team: TreeTeam, left: number, depth: number) => {
    if (positions.has(team.id)) return;
    const width = measure(team);
    const y = depth * (NODE_HEIGHT + LEVEL_GAP);
    positions.set(team.id, { x: left + (width - NODE_WIDTH) / 2, y });
    height = Math.max(height, y + NODE_HEIGHT);
    const kids = (children.get(team.id) ?? []).filter((kid) => !positions.has(kid.id));
    const kidsWidth = kids.reduce((sum, kid) => sum + measure(kid), 0) + SIBLING_GAP * Math.max(0, kids.length - 1);
    let cursor = left + (width - kidsWidth) / 2;
    for (const kid of kids) {
      place(kid, cursor, depth + 1);
      cursor += measure(kid) + SIBLING_GAP;
    }
  };

  let cursor = 0;
  const placeRoot = (team: TreeTeam) => {
    place(team, cursor, 0);
    cursor += measure(team) + SIBLING_GAP;
  };
  for (const root of roots) placeRoot(root);
  for (const team of [...teams].sort(byName)) if (!positions.has(team.id)) placeRoot(team);
  return { positions, width: Math.max(0, cursor - SIBLING_GAP), height };
}

/** The team's parents, nearest first (not the team itself). Stops at a loop. */
export function ancestors<T extends TreeTeam>(teams: readonly T[], teamId: string): T[] {
  const byId = new Map(teams.map((team) => [team.id, team]));
  const chain: T[] = [];
  const seen = new Set([teamId]);
  let parentId = byId.get(teamId)?.parent_team_id ?? null;
  while (parentId !== null && !seen.has(parentId)) {
    const parent = byId.get(parentId);
    if (!parent) break;
    chain.push(parent);
    seen.add(parentId);
    parentId = parent.parent_team_id;
  }
  return chain;
}

/**
 * Whether `user` may manage the team `teamId` (its details, sub-teams, policies, objectives),
 * as the backend decides: admins always; otherwise the owner of the team or of a team above it.
 * `null` stands for the top level, which only admins manage.
 */
export function canManageTeam(
  user: { id: string; role: string },
  teams: readonly TreeTeam[],
  teamId: string | null,
): boolean {
  if (user.role === "admin") return true;
  if (teamId === null) return false;
  const team = teams.find((candidate) => candidate.id === teamId);
  if (!team) return false;
  return [team, ...ancestors(teams, teamId)].some((candidate) => candidate.owner_id === user.id);
}

/**
 * The team whose box contains `point` (the dragged team's centre), ignoring the dragged team
 * itself. When boxes overlap, the one drawn last wins, as it is the one on top.
 */
export function findDropTarget(point: Point, positions: ReadonlyMap<string, Point>, draggedId: string): string | null {
  let target: string | null = null;
  for (const [id, position] of positions) {
    if (id === draggedId) continue;
    const inside =
      point.x >= position.x &&
      point.x <= position.x + NODE_WIDTH &&
      point.y >= position.y &&
      point.y <= position.y + NODE_HEIGHT;
    if (inside) target = id;
  }
  return target;
}

/**
 * The organization's root team: the oldest top-level team, the one founded at registration (the
 * backend picks it the same way). It has nothing above it to insert under, to move into or to
 * be deleted from, so those actions are not offered on it.
 */
export function organizationRootId(teams: readonly (TreeTeam & { created_at: string })[]): string | null {
  let root: (TreeTeam & { created_at: string }) | null = null;
  for (const team of teams) {
    if (team.parent_team_id !== null) continue;
    if (!root || team.created_at < root.created_at || (team.created_at === root.created_at && team.id < root.id))
      root = team;
  }
  return root?.id ?? null;
}
