// A realistic organization for the benchmark, created through the public API: a team chain six
// levels deep with 40 policies along it, objectives, 200 prompts, and one prompt that includes
// another which includes a third.

import { call } from "./api.mjs";

const TEAM_DEPTH = 6;
const POLICY_COUNT = 40;
const PROMPT_COUNT = 200;
const TYPES = ["prepend", "append", "inject", "validate"];

export async function seedOrganization(base) {
  const registered = await call(base, null, "POST", "/auth/register", {
    org_name: "Bench Org",
    org_slug: "bench-org",
    email: "admin@bench.example",
    username: "admin",
    password: "bench-password-1",
  });
  const admin = registered.token;
  const teams = [registered.user.team_id];
  for (let level = 1; level < TEAM_DEPTH; level++) {
    const team = await call(base, admin, "POST", "/teams", {
      name: `Level ${level}`,
      slug: `level-${level}`,
      parent_team_id: teams[level - 1],
    });
    teams.push(team.id);
  }
  for (let i = 0; i < POLICY_COUNT; i++) {
    await call(base, admin, "POST", "/policies", {
      team_id: teams[i % TEAM_DEPTH],
      name: `policy-${i}`,
      enforcement_type: TYPES[i % TYPES.length],
      content: `Rule ${i}: follow the house style for section ${i}.`,
      priority: i % 7,
    });
  }
  for (const [level, teamId] of teams.entries()) {
    await call(base, admin, "POST", "/objectives", { team_id: teamId, title: `Objective of level ${level}` });
  }
  const developer = await call(base, admin, "POST", "/users", {
    username: "developer",
    email: "dev@bench.example",
    team_id: teams[TEAM_DEPTH - 1],
    password: "bench-password-2",
  });
  const key = await call(base, admin, "POST", `/users/${developer.id}/api-keys`, {
    name: "bench",
    scopes: ["read", "expand"],
  });

  const version = (userTemplate, systemTemplate = null) => ({
    version: "1.0.0",
    system_template: systemTemplate,
    user_template: userTemplate,
    tags: ["bench"],
  });
  await call(base, admin, "POST", "/prompts", {
    name: "bench-inner",
    visibility: "org",
    version: version("Inner guidance for {{ input }}."),
  });
  await call(base, admin, "POST", "/prompts", {
    name: "bench-middle",
    visibility: "org",
    version: version("Middle layer.\n{{ include_prompt('bench-inner') }}"),
  });
  await call(base, admin, "POST", "/prompts", {
    name: "bench-main",
    visibility: "org",
    version: version(
      "Task: {{ input }}\n\nPolicies:\n{{ policies }}\n\nObjectives:\n{{ objectives }}\n\n{{ include_prompt('bench-middle') }}",
      "You are a careful senior engineer.",
    ),
  });
  for (let i = 3; i < PROMPT_COUNT; i++) {
    await call(base, admin, "POST", "/prompts", {
      name: `bench-prompt-${String(i).padStart(3, "0")}`,
      description: `Generated prompt ${i}`,
      visibility: "org",
      version: version(`Prompt ${i}: {{ input }}`),
    });
  }
  return {
    apiKey: key.raw_key,
    promptName: "bench-main",
    describe: `${TEAM_DEPTH} team levels, ${POLICY_COUNT} policies, ${PROMPT_COUNT} prompts, 2 nested includes`,
  };
}
