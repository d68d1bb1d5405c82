import { describe, expect, it } from "vitest";
import { joinedTeamsMessage, listTeamNames } from "./joined-teams";

describe("joinedTeamsMessage", () => {
  it("names the one team joined", () => {
    expect(joinedTeamsMessage(["Platform"])).toBe("You joined Platform");
  });

  it("names every team, the primary team first", () => {
    expect(joinedTeamsMessage(["Platform", "Web"])).toBe("You joined Platform and Web");
    expect(joinedTeamsMessage(["Platform", "Web", "Data"])).toBe("You joined Platform, Web and Data");
  });

  it("still says something without team names", () => {
    expect(joinedTeamsMessage([])).toBe("You joined SpecHub");
    expect(listTeamNames([])).toBe("");
  });
});
