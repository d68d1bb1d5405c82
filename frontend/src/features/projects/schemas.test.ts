import { describe, expect, it } from "vitest";
import { canManageProject, matchesProject } from "./project-rules";
import { projectCreateSchema } from "./schemas";

describe("matchesProject", () => {
  const project = { name: "Checkout", slug: "web-checkout", description: "Payments flow" };

  it("matches name, slug and description, ignoring case", () => {
    expect(matchesProject(project, "check")).toBe(true);
    expect(matchesProject(project, "WEB-")).toBe(true);
    expect(matchesProject(project, "payments")).toBe(true);
    expect(matchesProject(project, "")).toBe(true);
    expect(matchesProject(project, "mobile")).toBe(false);
  });
});

describe("forms", () => {
  it("needs a team and a slug in the API's alphabet", () => {
    const result = projectCreateSchema.safeParse({
      team_id: "",
      name: "X",
      slug: "Not A Slug",
      description: "",
      lead_user_id: "",
    });
    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((issue) => issue.path.join("."));
    expect(paths).toEqual(["team_id", "slug"]);
  });
});

describe("canManageProject", () => {
  const teams = [
    { id: "root", parent_team_id: null, owner_id: "boss" },
    { id: "eng", parent_team_id: "root", owner_id: "lead-eng" },
    { id: "web", parent_team_id: "eng", owner_id: null },
  ];
  const project = { team_id: "web", lead_user_id: "pat" };
  const member = (id: string) => ({ id, role: "member" });

  it("lets admins, the lead and owners of the team or a team above it manage", () => {
    expect(canManageProject({ id: "x", role: "admin" }, project, teams)).toBe(true);
    expect(canManageProject(member("pat"), project, teams)).toBe(true);
    expect(canManageProject(member("lead-eng"), project, teams)).toBe(true);
    expect(canManageProject(member("boss"), project, teams)).toBe(true);
  });

  it("refuses anyone else, and survives a loop in the tree", () => {
    expect(canManageProject(member("someone"), project, teams)).toBe(false);
    const looped = [
      { id: "a", parent_team_id: "b", owner_id: null },
      { id: "b", parent_team_id: "a", owner_id: null },
    ];
    expect(canManageProject(member("someone"), { team_id: "a", lead_user_id: null }, looped)).toBe(false);
  });
});
