import { describe, expect, it } from "vitest";
import { teamPathNames } from "./team-paths";

describe("teamPathNames", () => {
  it("writes each team's path from the top and sorts by it", () => {
    const teams = [
      { id: "w", name: "Web", parent_team_id: "e" },
      { id: "e", name: "Engineering", parent_team_id: "r" },
      { id: "r", name: "Acme", parent_team_id: null },
      { id: "d", name: "Design", parent_team_id: "r" },
    ];
    expect(teamPathNames(teams).map((entry) => entry.path)).toEqual([
      "Acme",
      "Acme / Design",
      "Acme / Engineering",
      "Acme / Engineering / Web",
    ]);
  });

  it("stops at a parent it cannot see or one already named", () => {
    const teams = [
      { id: "a", name: "A", parent_team_id: "hidden" },
      { id: "b", name: "B", parent_team_id: "c" },
      { id: "c", name: "C", parent_team_id: "b" },
    ];
    expect(teamPathNames(teams).map((entry) => entry.path)).toEqual(["A", "B / C", "C / B"]);
  });
});
