import { describe, expect, it } from "vitest";
import type { Project, Team } from "./api";
import { managedProjects, managedTeams } from "./preview-targets";

const team = (id: string, parent: string | null, owner: string | null = null) =>
  ({ id, name: id, parent_team_id: parent, owner_id: owner }) as Team;
const project = (id: string, teamId: string, lead: string | null = null) =>
  ({ id, name: id, team_id: teamId, lead_user_id: lead }) as Project;

const teams = [team("root", null, "admin"), team("eng", "root", "olga"), team("web", "eng"), team("ops", "root")];

describe("managedTeams", () => {
  it("gives admins every team and owners their teams with everything below them", () => {
    expect(managedTeams(teams, { id: "anyone", role: "admin" }).map((t) => t.id)).toEqual([
      "root",
      "eng",
      "web",
      "ops",
    ]);
    expect(managedTeams(teams, { id: "olga", role: "member" }).map((t) => t.id)).toEqual(["eng", "web"]);
    expect(managedTeams(teams, { id: "max", role: "member" })).toEqual([]);
  });
});

describe("managedProjects", () => {
  const projects = [project("apollo", "web"), project("gemini", "ops", "max")];
  it("gives leads their projects and owners those of the teams they manage", () => {
    const olgaTeams = managedTeams(teams, { id: "olga", role: "member" });
    expect(managedProjects(projects, { id: "olga", role: "member" }, olgaTeams).map((p) => p.id)).toEqual(["apollo"]);
    expect(managedProjects(projects, { id: "max", role: "member" }, []).map((p) => p.id)).toEqual(["gemini"]);
  });
});
