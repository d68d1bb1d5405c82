import { describe, expect, it } from "vitest";
import { describeSource } from "./governance-source";

const team = (name: string) => ({ id: name, name });

describe("describeSource", () => {
  it("names the team a policy is set on and the user's teams it comes through", () => {
    expect(describeSource({ kind: "team", team_name: "Design", via_teams: [team("Design")] })).toBe("Team Design");
    expect(describeSource({ kind: "inherited", team_name: "Root", via_teams: [team("Left"), team("Right")] })).toBe(
      "Inherited from Root via Left, Right",
    );
    expect(describeSource({ kind: "team", team_name: "Parent", via_teams: [team("Child"), team("Parent")] })).toBe(
      "Team Parent (also via Child)",
    );
  });

  it("says personal and project for policies that belong to no team", () => {
    expect(describeSource({ kind: "user", team_name: null, via_teams: [] })).toBe("Personal");
    expect(describeSource({ kind: "project", team_name: null, via_teams: [] })).toBe("Project");
  });
});
