import { describe, expect, it } from "vitest";
import type { Project } from "./api";
import { managedProjects } from "./preview-targets";

const project = (id: string, teamId: string, lead: string | null = null) =>
  ({ id, name: id, team_id: teamId, lead_user_id: lead }) as Project;

describe("managedProjects", () => {
  const projects = [project("apollo", "web"), project("gemini", "ops", "max")];
  it("gives admins every project, leads their projects and owners those of the teams they manage", () => {
    expect(managedProjects(projects, { id: "anyone", role: "admin" }, new Set()).map((p) => p.id)).toEqual([
      "apollo",
      "gemini",
    ]);
    expect(managedProjects(projects, { id: "olga", role: "member" }, new Set(["web"])).map((p) => p.id)).toEqual([
      "apollo",
    ]);
    expect(managedProjects(projects, { id: "max", role: "member" }, new Set()).map((p) => p.id)).toEqual(["gemini"]);
  });
});
