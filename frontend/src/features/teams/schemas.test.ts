import { describe, expect, it } from "vitest";
import {
  invitationLink,
  policyFormDefaults,
  policyFormSchema,
  slugFromName,
  teamFormSchema,
  toObjectiveBody,
  toPolicyBody,
  toTeamBody,
} from "./schemas";

describe("slugFromName", () => {
  it("suggests a slug the backend accepts", () => {
    expect(slugFromName("Platform & Tools")).toBe("platform-tools");
    expect(slugFromName("  Équipe Données ")).toBe("equipe-donnees");
    expect(slugFromName("!!!")).toBe("");
  });
});

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

describe("policy form", () => {
  it("starts active with priority 0, and turns the priority into a number", () => {
    const defaults = policyFormDefaults();
    expect(defaults).toMatchObject({ enforcement_type: "prepend", priority: "0", is_active: true });
    const values = policyFormSchema.parse({ ...defaults, name: "Tone", content: "Be kind.", priority: "-5" });
    expect(toPolicyBody(values, "t1")).toEqual({
      name: "Tone",
      enforcement_type: "prepend",
      content: "Be kind.",
      priority: -5,
      description: null,
      team_id: "t1",
    });
  });

  it("refuses a priority that is not a whole number", () => {
    const defaults = { ...policyFormDefaults(), name: "Tone", content: "Be kind." };
    expect(policyFormSchema.safeParse({ ...defaults, priority: "1.5" }).success).toBe(false);
    expect(policyFormSchema.safeParse({ ...defaults, priority: "" }).success).toBe(false);
  });
});

describe("toObjectiveBody", () => {
  it("targets the team", () => {
    expect(toObjectiveBody({ title: "Ship", description: "", status: "active" }, "t1")).toEqual({
      title: "Ship",
      description: null,
      status: "active",
      team_id: "t1",
    });
  });
});

describe("invitationLink", () => {
  it("points at the invitation page of this site", () => {
    expect(invitationLink("https://hub.example/", "a b")).toBe("https://hub.example/invite/a%20b");
  });
});
