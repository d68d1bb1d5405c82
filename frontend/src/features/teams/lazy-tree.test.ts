import { describe, expect, it } from "vitest";
import {
  expandAncestors,
  isExpanded,
  isPlaced,
  type LoadedTeam,
  mergeTeams,
  nextChildPage,
  openTeamsToRead,
  shownTeams,
} from "./lazy-tree";

const team = (id: string, parent: string | null, childCount = 0, name = id): LoadedTeam => ({
  id,
  name,
  parent_team_id: parent,
  owner_id: null,
  child_count: childCount,
});

// What the chart reads first (two levels): org ─┬─ a (3 sub-teams, none read)
//                                                └─ b (no sub-teams)
const firstRead = [team("org", null, 2), team("b", "org"), team("a", "org", 3)];

const shownIds = (teams: readonly LoadedTeam[], choices: ReadonlyMap<string, boolean> = new Map()) =>
  shownTeams(teams, choices).map((entry) => `${"  ".repeat(entry.depth)}${entry.team.id}`);

describe("shownTeams", () => {
  it("opens the top-level teams only, by name, and says how many sub-teams are not read", () => {
    const shown = shownTeams(firstRead, new Map());
    expect(shown.map((entry) => [entry.team.id, entry.depth, entry.expanded, entry.unread])).toEqual([
      ["org", 0, true, 0],
      ["a", 1, false, 3],
      ["b", 1, false, 0],
    ]);
  });

  it("shows an opened team's sub-teams read so far, and counts the rest as unread", () => {
    const teams = [...firstRead, team("a2", "a"), team("a1", "a", 1)];
    const open = new Map([["a", true]]);
    expect(shownIds(teams, open)).toEqual(["org", "  a", "    a1", "    a2", "  b"]);
    expect(shownTeams(teams, open).find((entry) => entry.team.id === "a")?.unread).toBe(1);
    // Closed again, a's sub-teams stay read but are not shown.
    expect(shownIds(teams, new Map([["a", false]]))).toEqual(["org", "  a", "  b"]);
  });

  it("leaves out a team whose parent is not read, and a top-level team closed by the user hides all below", () => {
    const teams = [...firstRead, team("x1", "x")];
    expect(shownIds(teams)).toEqual(["org", "  a", "  b"]);
    expect(shownIds(teams, new Map([["org", false]]))).toEqual(["org"]);
  });

  it("never counts fewer than zero unread sub-teams, when more are read than were counted", () => {
    const stale = [team("org", null, 1), team("a", "org"), team("b", "org")];
    expect(shownTeams(stale, new Map()).find((entry) => entry.team.id === "org")?.unread).toBe(0);
  });

  it("leaves out teams caught in a parent loop instead of walking it for ever", () => {
    const looped = [team("org", null, 1), team("p", "q", 1), team("q", "p", 1)];
    expect(
      shownIds(
        looped,
        new Map([
          ["p", true],
          ["q", true],
        ]),
      ),
    ).toEqual(["org"]);
  });
});

describe("mergeTeams", () => {
  it("keeps one copy of each team, the one from the list read last", () => {
    const older = [team("org", null, 1), team("a", "org")];
    const newer = [team("a", "org", 4, "A renamed")];
    const merged = mergeTeams([older, undefined, newer]);
    expect(merged.map((entry) => [entry.id, entry.name, entry.child_count])).toEqual([
      ["org", "org", 1],
      ["a", "A renamed", 4],
    ]);
  });
});

describe("placing a team read by its path", () => {
  // The path down to a3, three levels deep, as GET /teams/{id}/path answers it.
  const path = [team("org", null, 2), team("a", "org", 3), team("a3", "a", 0)];

  it("is placed only when every team above it is read", () => {
    expect(isPlaced(firstRead, "a3")).toBe(false);
    expect(isPlaced(mergeTeams([firstRead, path]), "a3")).toBe(true);
    expect(isPlaced([team("p", "q"), team("q", "p")], "p")).toBe(false);
  });

  it("opens every team above it, so it shows under them beside what is still unread", () => {
    const teams = mergeTeams([firstRead, path]);
    const choices = expandAncestors(new Map(), teams, "a3");
    expect(choices).toEqual(new Map([["a", true]]));
    const shown = shownTeams(teams, choices);
    expect(shown.map((entry) => entry.team.id)).toEqual(["org", "a", "a3", "b"]);
    expect(shown.find((entry) => entry.team.id === "a")?.unread).toBe(2);
  });

  it("changes nothing when every team above is open already", () => {
    const choices = new Map([["a", true]]);
    expect(expandAncestors(choices, mergeTeams([firstRead, path]), "a3")).toBe(choices);
  });
});

describe("isExpanded", () => {
  it("follows the user's choice, else opens top-level teams only", () => {
    expect(isExpanded(new Map(), team("org", null))).toBe(true);
    expect(isExpanded(new Map(), team("a", "org"))).toBe(false);
    expect(isExpanded(new Map([["org", false]]), team("org", null))).toBe(false);
    expect(isExpanded(new Map([["a", true]]), team("a", "org"))).toBe(true);
  });
});

describe("nextChildPage", () => {
  it("asks for pages until every sub-team has been asked for", () => {
    const big = team("big", null, 250);
    expect(nextChildPage(big, 0, 100)).toBe(1);
    expect(nextChildPage(big, 2, 100)).toBe(3);
    expect(nextChildPage(big, 3, 100)).toBeNull();
    expect(nextChildPage(team("leaf", null, 0), 0, 100)).toBeNull();
  });
});

describe("openTeamsToRead", () => {
  it("reads the first page of an open team's unread sub-teams once, and nothing of closed or fully read teams", () => {
    const path = [team("org", null, 2), team("a", "org", 3), team("a3", "a", 0)];
    const teams = mergeTeams([firstRead, path]);
    // Opened to show a3: a's other two sub-teams are read next.
    const shown = shownTeams(teams, expandAncestors(new Map(), teams, "a3"));
    expect(openTeamsToRead(shown, new Map())).toEqual(["a"]);
    expect(openTeamsToRead(shown, new Map([["a", 1]]))).toEqual([]);
    expect(openTeamsToRead(shownTeams(firstRead, new Map()), new Map())).toEqual([]);
  });
});
