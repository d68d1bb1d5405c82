import { describe, expect, it } from "vitest";
import { describeMoveImpact, listNames, type MoveImpact } from "./move-impact";

const policy = (name: string) => ({ id: name, name, team_name: "Team" });
const objective = (title: string) => ({ id: title, title, team_name: "Team" });

function impact(changes: Partial<MoveImpact> = {}): MoveImpact {
  return {
    members: 12,
    teams: 3,
    policies_gained: [],
    policies_lost: [],
    objectives_gained: [],
    objectives_lost: [],
    ...changes,
  };
}

describe("listNames", () => {
  it.each([
    [[], ""],
    [["A"], "A"],
    [["A", "B"], "A and B"],
    [["A", "B", "C"], "A, B and C"],
    [["A", "B", "C", "D"], "A, B, C and 1 more"],
    [["A", "B", "C", "D", "E"], "A, B, C and 2 more"],
  ])("%j → %j", (names, text) => {
    expect(listNames(names)).toBe(text);
  });
});

describe("describeMoveImpact", () => {
  it("counts the team's members and teams, and names what they get and lose", () => {
    const text = describeMoveImpact(
      impact({
        policies_gained: [policy("Security baseline"), policy("Cite sources")],
        policies_lost: [policy("On-call etiquette")],
      }),
      { kind: "team" },
    );
    expect(text).toBe(
      "12 members in 3 teams will get 2 new policies (Security baseline and Cite sources) and lose 1 (On-call etiquette).",
    );
  });

  it("says one, not ones", () => {
    const text = describeMoveImpact(impact({ members: 1, teams: 1, policies_lost: [policy("Tone")] }), {
      kind: "team",
    });
    expect(text).toBe("1 member in 1 team will lose 1 policy (Tone).");
  });

  it("adds objectives after policies, and names a user instead of counting", () => {
    const text = describeMoveImpact(
      impact({
        members: 1,
        teams: 0,
        policies_gained: [policy("Brand voice")],
        objectives_gained: [objective("Ship weekly")],
        objectives_lost: [objective("Fewer pages"), objective("Publish")],
      }),
      { kind: "user", name: "Ana" },
    );
    expect(text).toBe(
      "Ana will get 1 new policy (Brand voice), and get 1 new objective (Ship weekly) and lose 2 (Fewer pages and Publish).",
    );
  });

  it("says when nothing inherited changes, and when a team has no members", () => {
    expect(describeMoveImpact(impact(), { kind: "team" })).toBe(
      "No inherited policy or objective changes for 12 members in 3 teams.",
    );
    expect(
      describeMoveImpact(impact({ members: 0, teams: 2, objectives_lost: [objective("X")] }), { kind: "team" }),
    ).toBe("2 teams with no members yet will lose 1 objective (X).");
  });

  it("lists at most three names of a long list", () => {
    const text = describeMoveImpact(impact({ policies_gained: ["A", "B", "C", "D", "E"].map(policy) }), {
      kind: "team",
    });
    expect(text).toBe("12 members in 3 teams will get 5 new policies (A, B, C and 2 more).");
  });
});
