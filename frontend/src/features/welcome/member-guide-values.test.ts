import { describe, expect, it } from "vitest";
import { countOf, memberTeamIds, placedTeams, teamHref } from "./member-guide-values";

const teams = [
  { id: "root", name: "Acme", parent_team_id: null },
  { id: "eng", name: "Engineering", parent_team_id: "root" },
  { id: "web", name: "Web", parent_team_id: "eng" },
  { id: "data", name: "Data", parent_team_id: "root" },
];

describe("memberTeamIds", () => {
  it("uses team_ids, primary first, when the API gives them", () => {
    expect(memberTeamIds({ team_id: "web", team_ids: ["web", "data"] })).toEqual(["web", "data"]);
  });

  it("falls back to the one team_id", () => {
    expect(memberTeamIds({ team_id: "web" })).toEqual(["web"]);
    expect(memberTeamIds({ team_id: "web", team_ids: [] })).toEqual(["web"]);
  });
});

describe("placedTeams", () => {
  it("says where each team sits, in the order given", () => {
    expect(placedTeams(["web", "data", "root"], teams)).toEqual([
      { id: "web", name: "Web", path: "Acme / Engineering / Web", above: "Acme / Engineering" },
      { id: "data", name: "Data", path: "Acme / Data", above: "Acme" },
      { id: "root", name: "Acme", path: "Acme", above: null },
    ]);
  });

  it("leaves out teams it does not know", () => {
    expect(placedTeams(["gone", "data"], teams).map((team) => team.id)).toEqual(["data"]);
  });
});

describe("small wording helpers", () => {
  it("links to the team page and counts in words", () => {
    expect(teamHref("a b")).toBe("/teams?team=a%20b");
    expect(countOf(1, "policy", "policies")).toBe("1 policy");
    expect(countOf(0, "policy", "policies")).toBe("0 policies");
  });
});
