import { type Connection, unwrap } from "../api/client.js";
import { CliError } from "../output.js";
import type { SyncedSkill } from "./writer.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A project's id from its id, name or slug, as `--project` takes it. */
export async function resolveProjectId(
  connection: Connection,
  project: string | undefined,
): Promise<string | undefined> {
  if (project === undefined || UUID.test(project)) return project;
  const { items } = await unwrap(connection.api.GET("/api/v1/projects", {}));
  const found = items.find((item) => item.slug === project || item.name === project);
  if (!found) throw new CliError(`No project named '${project}' that you can see`);
  return found.id;
}

/** Every skill the server builds for the caller, all pages. */
export async function fetchSkills(connection: Connection, projectId: string | undefined): Promise<SyncedSkill[]> {
  const skills: SyncedSkill[] = [];
  let cursor: string | undefined;
  do {
    const page = await unwrap(
      connection.api.GET("/api/v1/skills", {
        params: {
          query: { limit: 100, ...(cursor ? { cursor } : {}), ...(projectId ? { project_id: projectId } : {}) },
        },
      }),
    );
    skills.push(...page.items);
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
  return skills;
}
