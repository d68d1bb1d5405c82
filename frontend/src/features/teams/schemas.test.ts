import { describe, expect, it } from "vitest";
import { invitationLink, toTeamBody } from "./form-values";
import { teamFormSchema } from "./schemas";

describe("team form", () => {
  it("refuses a slug with other characters, and sends empty descriptions as null", () => {
    expect(teamFormSchema.safeParse({ name: "Web", slug: "Web Team", description: "" }).success).toBe(false);
    const values = teamFormSchema.parse({ name: " Web ", slug: "web", description: "" });
    expect(toTeamBody(values, "parent")).toEqual({
      name: "Web",
      slug: "web",
      description: null,
      parent_team_id: "parent",
    });
  });
});

describe("invitationLink", () => {
  it("points at the invitation page of this site", () => {
    expect(invitationLink("https://hub.example/", "a b")).toBe("https://hub.example/invite/a%20b");
  });
});
