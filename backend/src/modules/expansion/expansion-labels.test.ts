import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGovernanceOrg, type GovernanceOrg, type Session, sender, unique } from "../../test/factories.js";
import { createTestContext, type TestContext } from "../../test/harness.js";

let t: TestContext;
let org: GovernanceOrg;
let send: ReturnType<typeof sender>;

beforeAll(async () => {
  t = await createTestContext();
  send = sender(t.app);
  org = await createGovernanceOrg(t.app, t.database.db);
});
afterAll(async () => t?.close());

/** A prompt of `member` with versions 1, 2 and 3 (each renders `v<n>:<input>`): production on 1, staging on 2. */
async function createLabeledPrompt(visibility = "org") {
  const name = unique("lx").toLowerCase();
  const version = (v: string) => ({ version: v, user_template: `v${v}:{{ input }}` });
  expect(
    (await send("POST", "/api/v1/prompts", org.member, { name, visibility, version: version("1") })).statusCode,
  ).toBe(201);
  for (const v of ["2", "3"]) {
    expect((await send("PUT", `/api/v1/prompts/${name}`, org.member, version(v))).statusCode).toBe(201);
  }
  for (const [label, v] of [
    ["production", "1"],
    ["staging", "2"],
  ]) {
    const moved = await send("PUT", `/api/v1/prompts/${name}/labels/${label}`, org.member, { version: v });
    expect(moved.statusCode, moved.body).toBe(200);
  }
  return name;
}

const expand = (session: Session | null, name: string, query = "") =>
  send("POST", `/api/v1/expand/${name}${query}`, session, { input: { input: "x" } });

describe("expanding by label over REST", () => {
  it("serves production by default, the label's version with ?label=, and the newest with latest", async () => {
    const name = await createLabeledPrompt();
    expect((await expand(org.colleague, name)).json()).toMatchObject({ prompt_version: "1", user_message: "v1:x" });
    expect((await expand(org.colleague, name, "?label=staging")).json()).toMatchObject({
      prompt_version: "2",
      user_message: "v2:x",
    });
    expect((await expand(org.colleague, name, "?label=latest")).json().prompt_version).toBe("3");
    expect((await expand(org.colleague, name, "?label=production")).json().prompt_version).toBe("1");
  });

  it("answers 404 label_not_found for a label the prompt lacks, and 422 for a malformed one", async () => {
    const name = await createLabeledPrompt();
    const missing = await expand(org.colleague, name, "?label=canary");
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ detail: `Prompt '${name}' has no label 'canary'`, code: "label_not_found" });
    expect((await expand(org.colleague, name, "?label=Not%20A%20Label")).statusCode).toBe(422);
  });

  it("does not reveal the labels of prompts the caller cannot see", async () => {
    const name = await createLabeledPrompt("private");
    for (const label of ["staging", "canary"]) {
      const response = await expand(org.outsider, name, `?label=${label}`);
      expect(response.statusCode).toBe(404);
      expect(response.json().code).toBe("prompt_not_found");
    }
  });

  it("follows a label as soon as it moves, cached or not", async () => {
    const name = await createLabeledPrompt();
    expect((await expand(org.colleague, name, "?label=staging")).json().prompt_version).toBe("2");
    await send("PUT", `/api/v1/prompts/${name}/labels/staging`, org.member, { version: "3" });
    expect((await expand(org.colleague, name, "?label=staging")).json().prompt_version).toBe("3");
    await send("DELETE", `/api/v1/prompts/${name}/labels/staging`, org.member);
    expect((await expand(org.colleague, name, "?label=staging")).json().code).toBe("label_not_found");
    await send("POST", `/api/v1/prompts/${name}/rollback/2`, org.member);
    expect((await expand(org.colleague, name)).json().prompt_version).toBe("2");
  });

  it("previews the version a label names, and refuses a version and a label together", async () => {
    const name = await createLabeledPrompt();
    const preview = await send("POST", `/api/v1/expand/${name}/preview?label=staging`, org.owner, {
      input: { input: "y" },
      as_user_id: org.colleague.userId,
    });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json()).toMatchObject({ prompt_version: "2", user_message: "v2:y" });
    const both = await send("POST", `/api/v1/expand/${name}/preview?label=staging`, org.owner, {
      input: { input: "y" },
      version: "1",
      as_user_id: org.colleague.userId,
    });
    expect(both.statusCode).toBe(422);
    expect(both.json().code).toBe("preview_target");
    const missing = await send("POST", `/api/v1/expand/${name}/preview?label=canary`, org.owner, {
      input: { input: "y" },
      as_team_id: org.subTeamId,
    });
    expect(missing.json().code).toBe("label_not_found");
  });
});

describe("workflows by label", () => {
  const run = async (workflowId: string, body: Record<string, unknown> = {}) => {
    const response = await send("POST", `/api/v1/workflows/${workflowId}/run`, org.colleague, {
      input: { input: "x" },
      ...body,
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as { steps: { step_id: string; prompt_version: string; status: string; error: string }[] };
  };
  const versionsOf = (result: Awaited<ReturnType<typeof run>>) =>
    Object.fromEntries(result.steps.map((step) => [step.step_id, step.prompt_version]));

  it("expand a step's label, the run's label where a step names none, and a named version above all", async () => {
    const name = await createLabeledPrompt();
    const created = await send("POST", "/api/v1/workflows", org.member, {
      name: unique("wf"),
      visibility: "org",
      steps: [
        { id: "plain", prompt_name: name },
        { id: "staged", prompt_name: name, label: "staging", depends_on: ["plain"] },
        { id: "fixed", prompt_name: name, prompt_version: "3", depends_on: ["staged"] },
      ],
    });
    expect(created.statusCode, created.body).toBe(201);
    const workflow = created.json();
    expect(workflow.steps.map((step: { label: string | null }) => step.label)).toEqual([null, "staging", null]);

    expect(versionsOf(await run(workflow.id))).toEqual({ plain: "1", staged: "2", fixed: "3" });
    expect(versionsOf(await run(workflow.id, { label: "latest" }))).toEqual({ plain: "3", staged: "2", fixed: "3" });

    const unknown = await run(workflow.id, { label: "canary" });
    expect(unknown.steps).toEqual([
      expect.objectContaining({
        step_id: "plain",
        status: "error",
        prompt_version: "canary",
        error: `Prompt '${name}' has no label 'canary'`,
      }),
    ]);
  });

  it("refuse a step naming a label the prompt lacks, or both a version and a label", async () => {
    const name = await createLabeledPrompt();
    const unknown = await send("POST", "/api/v1/workflows", org.member, {
      name: unique("wf"),
      steps: [{ id: "s", prompt_name: name, label: "canary" }],
    });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().detail).toBe(
      `Step 's' uses label 'canary' of prompt '${name}', which does not exist or is not visible to you`,
    );
    const both = await send("POST", "/api/v1/workflows", org.member, {
      name: unique("wf"),
      steps: [{ id: "s", prompt_name: name, label: "staging", prompt_version: "1" }],
    });
    expect(both.statusCode).toBe(422);
    expect(JSON.stringify(both.json().detail)).toContain("give prompt_version or label, not both");
  });
});
