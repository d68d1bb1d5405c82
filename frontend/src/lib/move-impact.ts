import type { ResponseBody } from "@/lib/api/types";

/** What a move would change, as the API previews it (teams and users answer the same shape). */
export type MoveImpact = ResponseBody<"/api/v1/teams/{team_id}/move-impact", "get">;

/** Who the change is about: a team with everything below it, or one named user. */
export type Movers = { kind: "team" } | { kind: "user"; name: string };

const NAMES_SHOWN = 3;

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "A, B, C and 2 more": enough names to recognise, never a wall of them. */
export function listNames(names: readonly string[]): string {
  const shown = names.slice(0, NAMES_SHOWN);
  const rest = names.length - shown.length;
  if (rest > 0) return `${shown.join(", ")} and ${rest} more`;
  if (shown.length <= 1) return shown.join("");
  return `${shown.slice(0, -1).join(", ")} and ${shown[shown.length - 1]}`;
}

function changePhrase(gained: readonly string[], lost: readonly string[], one: string, many: string): string | null {
  const get = `get ${plural(gained.length, `new ${one}`, `new ${many}`)} (${listNames(gained)})`;
  if (gained.length > 0 && lost.length > 0) return `${get} and lose ${lost.length} (${listNames(lost)})`;
  if (gained.length > 0) return get;
  if (lost.length > 0) return `lose ${plural(lost.length, one, many)} (${listNames(lost)})`;
  return null;
}

function subject(impact: MoveImpact, movers: Movers): string {
  if (movers.kind === "user") return movers.name;
  const teams = plural(impact.teams, "team", "teams");
  return impact.members === 0
    ? `${teams} with no members yet`
    : `${plural(impact.members, "member", "members")} in ${teams}`;
}

/**
 * One sentence saying what changes for whom, e.g. "12 members in 3 teams will get 2 new policies
 * (Security baseline and Cite sources) and lose 1 (On-call etiquette)."
 */
export function describeMoveImpact(impact: MoveImpact, movers: Movers): string {
  const who = subject(impact, movers);
  const phrases = [
    changePhrase(
      impact.policies_gained.map((policy) => policy.name),
      impact.policies_lost.map((policy) => policy.name),
      "policy",
      "policies",
    ),
    changePhrase(
      impact.objectives_gained.map((objective) => objective.title),
      impact.objectives_lost.map((objective) => objective.title),
      "objective",
      "objectives",
    ),
  ].filter((phrase): phrase is string => phrase !== null);
  if (phrases.length === 0) return `No inherited policy or objective changes for ${who}.`;
  return `${who} will ${phrases.join(", and ")}.`;
}
