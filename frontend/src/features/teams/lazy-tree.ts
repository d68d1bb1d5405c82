import { ancestors, type TreeTeam } from "./tree";

// The org chart never reads the whole tree: it reads the top levels, each expanded team's
// sub-teams a page at a time, and the path down to a team chosen from elsewhere. What it has
// read so far is a set of teams; these functions decide what of it to show.

/** A team as the chart reads it: the tree's fields and how many sub-teams it has. */
export type LoadedTeam = TreeTeam & { child_count: number };

/** Sub-teams read per request when a team is expanded or asked for more. */
export const CHILD_PAGE_SIZE = 100;

/**
 * Every team of the lists, once: where two lists hold the same team, the later one's copy is
 * kept, so lists read later (fresher) come last.
 */
export function mergeTeams<T extends LoadedTeam>(lists: readonly (readonly T[] | undefined)[]): T[] {
  const byId = new Map<string, T>();
  for (const list of lists) for (const team of list ?? []) byId.set(team.id, team);
  return [...byId.values()];
}

/** Whether the team is read, and every team above it up to the top level, so it can be shown. */
export function isPlaced(teams: readonly TreeTeam[], teamId: string): boolean {
  const byId = new Map(teams.map((team) => [team.id, team]));
  const seen = new Set<string>();
  for (let team = byId.get(teamId); team && !seen.has(team.id); team = byId.get(team.parent_team_id ?? "")) {
    if (team.parent_team_id === null) return true;
    seen.add(team.id);
  }
  return false;
}

/** Whether a team shows its sub-teams: as the user chose, else only the top-level teams do. */
export function isExpanded(choices: ReadonlyMap<string, boolean>, team: TreeTeam): boolean {
  return choices.get(team.id) ?? team.parent_team_id === null;
}

/** `choices` with every team above `teamId` expanded (the same map when they all are already). */
export function expandAncestors<T extends TreeTeam>(
  choices: ReadonlyMap<string, boolean>,
  teams: readonly T[],
  teamId: string,
): ReadonlyMap<string, boolean> {
  const closed = ancestors(teams, teamId).filter((team) => !isExpanded(choices, team));
  if (closed.length === 0) return choices;
  const next = new Map(choices);
  for (const team of closed) next.set(team.id, true);
  return next;
}

export type ShownTeam<T extends LoadedTeam> = {
  team: T;
  /** 0 for a top-level team. */
  depth: number;
  expanded: boolean;
  /** Sub-teams it has that are not read yet (0 when all are, or it has none). */
  unread: number;
};

const byName = (a: TreeTeam, b: TreeTeam) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id);

/**
 * The teams to show, in tree order: the top-level teams and, below each expanded team, its
 * sub-teams read so far, by name. A team whose parent is not read is not shown (it is shown once
 * its path is read). Teams caught in a parent loop are left out.
 */
export function shownTeams<T extends LoadedTeam>(
  teams: readonly T[],
  choices: ReadonlyMap<string, boolean>,
): ShownTeam<T>[] {
  const children = new Map<string, T[]>();
  const roots: T[] = [];
  for (const team of teams) {
    if (team.parent_team_id === null) roots.push(team);
    else children.set(team.parent_team_id, [...(children.get(team.parent_team_id) ?? []), team]);
  }
  const shown: ShownTeam<T>[] = [];
  const seen = new Set<string>();
  const walk = (team: T, depth: number) => {
    if (seen.has(team.id)) return;
    seen.add(team.id);
    const kids = (children.get(team.id) ?? []).sort(byName);
    const expanded = isExpanded(choices, team);
    shown.push({ team, depth, expanded, unread: Math.max(0, team.child_count - kids.length) });
    if (expanded) for (const kid of kids) walk(kid, depth + 1);
  };
  for (const root of roots.sort(byName)) walk(root, 0);
  return shown;
}

/**
 * The open teams whose sub-teams are not all read and of which no page has been asked for yet:
 * however a team was opened (by the user, or to show a team below it), its first page is read.
 */
export function openTeamsToRead<T extends LoadedTeam>(
  shown: readonly ShownTeam<T>[],
  pagesAsked: ReadonlyMap<string, number>,
): string[] {
  return shown
    .filter((entry) => entry.expanded && entry.unread > 0 && !pagesAsked.has(entry.team.id))
    .map((entry) => entry.team.id);
}

/**
 * The next page of a team's sub-teams to read, given how many pages were asked for; null when
 * every page has been (what is still unread then is on its way, or was just added).
 */
export function nextChildPage(team: LoadedTeam, pagesAsked: number, pageSize = CHILD_PAGE_SIZE): number | null {
  return pagesAsked * pageSize < team.child_count ? pagesAsked + 1 : null;
}
