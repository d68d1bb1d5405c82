// pull, push, status and diff against a real backend: the folder format round trip, idempotent
// pushes, dry runs, drift exit codes, protected labels, validation refusals and ownership.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Backend, PASSWORD, runCli, startBackend, tempDir } from "./harness.js";

type Version = { version: string; change_note: string | null };

describe("prompts as code", () => {
  let backend: Backend;
  let env: Record<string, string>;
  const cli = (args: string[], extra: Record<string, string> = {}) => runCli(args, { env: { ...env, ...extra } });
  const versionsOf = (name: string) => backend.call<Version[]>("GET", `/api/v1/prompts/${name}/versions`);
  const createPrompt = (name: string, version: Record<string, unknown>, token?: string, visibility = "private") =>
    backend.call(
      "POST",
      "/api/v1/prompts",
      { name, description: `About ${name}`, visibility, version: { version: "1.0.0", ...version } },
      token,
    );

  beforeAll(async () => {
    backend = await startBackend();
    env = { SPECHUB_URL: backend.url, SPECHUB_API_KEY: await backend.apiKey() };
    await createPrompt("ordered", {
      system_template: "You review {{ language }} code.\n",
      user_template: "{{ z }} {{ a }} {{ m }}",
      input_schema: {
        type: "object",
        properties: {
          z: { type: "string" },
          a: { type: "string" },
          m: { type: "string" },
          language: { type: "string" },
        },
        required: ["z"],
      },
      tags: ["review"],
    });
    await createPrompt("user-only", { user_template: "Summarize: {{ input }}" });
  });
  afterAll(async () => {
    await backend?.stop();
  });

  it("pulls, pushes an edit and pulls it back without losing anything (schema order included)", async () => {
    const dir = tempDir();
    const pulled = await cli(["pull", dir]);
    expect(pulled.code, pulled.stderr).toBe(0);
    const schemaFile = path.join(dir, "ordered", "input_schema.json");
    expect(Object.keys(JSON.parse(fs.readFileSync(schemaFile, "utf8")).properties)).toEqual([
      "z",
      "a",
      "m",
      "language",
    ]);
    expect(fs.readFileSync(path.join(dir, "ordered", "system.jinja"), "utf8")).toBe(
      "You review {{ language }} code.\n",
    );
    expect(fs.existsSync(path.join(dir, "user-only", "system.jinja"))).toBe(false);
    expect(fs.readFileSync(path.join(dir, "ordered", "prompt.yaml"), "utf8")).toMatch(/visibility: private/);

    expect((await cli(["status", dir])).code).toBe(0);

    fs.writeFileSync(path.join(dir, "ordered", "user.jinja"), "{{ z }}, {{ a }} and {{ m }}\n");
    const meta = path.join(dir, "ordered", "prompt.yaml");
    fs.writeFileSync(meta, fs.readFileSync(meta, "utf8").replace("About ordered", "Ordered inputs"));
    const status = await cli(["status", dir, "--json"]);
    expect(status.code).toBe(1);
    expect(JSON.parse(status.stdout)).toEqual({
      in_sync: false,
      prompts: [
        { name: "ordered", state: "modified", files: ["prompt.yaml", "user.jinja"] },
        { name: "user-only", state: "in_sync", files: [] },
      ],
    });

    const pushed = await cli(["push", dir, "-m", "Commas between inputs"]);
    expect(pushed.code, pushed.stderr).toBe(0);
    expect(pushed.stdout).toContain("ordered: new version 1.0.1");
    const versions = await versionsOf("ordered");
    expect(versions.map((v) => v.version)).toEqual(["1.0.1", "1.0.0"]);
    expect(versions[0]?.change_note).toBe("Commas between inputs");
    const prompt = await backend.call("GET", "/api/v1/prompts/ordered");
    expect(prompt.description).toBe("Ordered inputs");
    expect(Object.keys(prompt.latest_version.input_schema.properties)).toEqual(["z", "a", "m", "language"]);

    const again = tempDir();
    expect((await cli(["pull", again])).code).toBe(0);
    for (const file of ["prompt.yaml", "system.jinja", "user.jinja", "input_schema.json"]) {
      const read = (root: string) => fs.readFileSync(path.join(root, "ordered", file), "utf8");
      // prompt.yaml's informational labels are the only part allowed to differ: none moved here.
      expect(read(again), file).toBe(read(dir));
    }
  });

  it("pushes idempotently: a second push creates no version", async () => {
    const dir = tempDir();
    await cli(["pull", dir]);
    fs.writeFileSync(path.join(dir, "user-only", "user.jinja"), "Summarize briefly: {{ input }}");
    expect((await cli(["push", dir])).code).toBe(0);
    const after = (await versionsOf("user-only")).length;
    const second = await cli(["push", dir, "--json"]);
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout).changed).toBe(false);
    expect((await versionsOf("user-only")).length).toBe(after);
    // The audit log tells the CLI's changes apart from the web UI's and plain REST calls.
    const audit = await backend.call("GET", "/api/v1/audit?action=prompt.version_created&limit=1");
    expect(audit.items[0]).toMatchObject({ target: { name: "user-only" }, channel: "cli" });
  });

  it("dry-run prints unified diffs, exits 1 and changes nothing; diff and status agree", async () => {
    const dir = tempDir();
    await cli(["pull", dir]);
    const before = (await versionsOf("user-only")).length;
    fs.writeFileSync(path.join(dir, "user-only", "user.jinja"), "Summarize in one line: {{ input }}");
    fs.mkdirSync(path.join(dir, "brand-new"));
    fs.writeFileSync(path.join(dir, "brand-new", "prompt.yaml"), "description: New\nvisibility: org\ntags: [new]\n");
    fs.writeFileSync(path.join(dir, "brand-new", "user.jinja"), "Hello {{ input }}");

    const dry = await cli(["push", dir, "--dry-run"]);
    expect(dry.code).toBe(1);
    expect(dry.stdout).toContain("--- a/user-only/user.jinja");
    expect(dry.stdout).toContain("+++ b/user-only/user.jinja");
    expect(dry.stdout).toContain("+Summarize in one line: {{ input }}");
    expect(dry.stdout).toContain("--- /dev/null\n+++ b/brand-new/user.jinja");
    expect((await versionsOf("user-only")).length).toBe(before);
    await expect(backend.call("GET", "/api/v1/prompts/brand-new")).rejects.toThrow(/404/);

    const diff = await cli(["diff", dir]);
    expect(diff.code).toBe(1);
    expect(diff.stdout).toContain("+Summarize in one line: {{ input }}");
    const diffJson = JSON.parse((await cli(["diff", dir, "--json"])).stdout);
    expect(diffJson.in_sync).toBe(false);
    expect(diffJson.prompts.find((p: { name: string }) => p.name === "brand-new")).toMatchObject({
      state: "only_local",
      files: ["prompt.yaml", "user.jinja", "input_schema.json"],
    });
    const dryJson = JSON.parse((await cli(["push", dir, "--dry-run", "--json"])).stdout);
    expect(dryJson).toMatchObject({ changed: true, dry_run: true });
    expect(dryJson.prompts.map((p: { action: string }) => p.action).sort()).toEqual(
      ["create", "new_version", "unchanged"].sort(),
    );
    const status = await cli(["status", dir]);
    expect(status.code).toBe(1);
    expect(status.stdout).toMatch(/brand-new\s+only local/);
    expect(status.stdout).toMatch(/user-only\s+modified \(user\.jinja\)/);

    expect((await cli(["push", dir])).code).toBe(0);
    const created = await backend.call("GET", "/api/v1/prompts/brand-new");
    expect(created.visibility).toBe("org");
    expect(created.latest_version.tags).toEqual(["new"]);
    expect((await cli(["push", dir, "--dry-run"])).code).toBe(0);
    expect((await cli(["diff", dir])).code).toBe(0);
    expect((await cli(["diff", dir])).stdout).toBe("");
  });

  it("reports prompts only on the server", async () => {
    const dir = tempDir();
    await cli(["pull", dir]);
    fs.rmSync(path.join(dir, "user-only"), { recursive: true });
    const status = await cli(["status", dir]);
    expect(status.code).toBe(1);
    expect(status.stdout).toMatch(/user-only\s+only on server/);
  });

  it("refuses the whole folder with file:line:col lines when any prompt is invalid", async () => {
    const dir = tempDir();
    await cli(["pull", dir]);
    const before = (await versionsOf("user-only")).length;
    fs.writeFileSync(path.join(dir, "user-only", "user.jinja"), "Changed but fine: {{ input }}");
    fs.writeFileSync(path.join(dir, "ordered", "user.jinja"), "line one\n{{ z }} {% if %}\n");
    fs.mkdirSync(path.join(dir, "broken"));
    fs.writeFileSync(path.join(dir, "broken", "prompt.yaml"), "description: x\nvisibility: everyone\n");
    fs.writeFileSync(path.join(dir, "broken", "user.jinja"), "Hi");
    fs.writeFileSync(path.join(dir, "broken", "input_schema.json"), '{\n  "type": "object",\n  "properties": {,}\n}\n');

    const local = await cli(["push", dir]);
    expect(local.code).toBe(2);
    expect(local.stderr).toContain(`${path.join(dir, "broken", "prompt.yaml")}:2:13: visibility must be one of`);
    expect(local.stderr).toMatch(
      new RegExp(`${escapeRegExp(path.join(dir, "broken", "input_schema.json"))}:3:\\d+: invalid JSON`),
    );
    expect(local.stderr).toContain("nothing was pushed");

    fs.rmSync(path.join(dir, "broken"), { recursive: true });
    const server = await cli(["push", dir]);
    expect(server.code).toBe(2);
    expect(server.stderr).toMatch(new RegExp(`${escapeRegExp(path.join(dir, "ordered", "user.jinja"))}:2:\\d+: `));
    expect((await versionsOf("user-only")).length).toBe(before);
  });

  it("moves a label, and opens a change request (printing its link) when the label is protected", async () => {
    const dir = tempDir();
    await cli(["pull", dir]);
    const moved = await cli(["push", dir, "--label", "staging"]);
    expect(moved.code, moved.stderr).toBe(0);
    const latest = (await backend.call("GET", "/api/v1/prompts/ordered")).latest_version.version;
    expect((await backend.call("GET", "/api/v1/prompts/ordered")).labels.staging).toBe(latest);
    expect((await cli(["push", dir, "--label", "staging", "--dry-run"])).code).toBe(0);

    await backend.call("PATCH", "/api/v1/settings", { protected_labels: ["production", "canary"] });
    try {
      const proposed = await cli(["push", dir, "--label", "canary", "-m", "Ship it"]);
      expect(proposed.code, proposed.stderr).toBe(0);
      expect(proposed.stdout).toMatch(new RegExp(`${escapeRegExp(backend.url)}/reviews/[0-9a-f-]{36}`));
      expect((await backend.call("GET", "/api/v1/prompts/ordered")).labels.canary).toBeUndefined();
      const open = await backend.call("GET", "/api/v1/change-requests");
      expect(JSON.stringify(open)).toContain("canary");
    } finally {
      await backend.call("PATCH", "/api/v1/settings", { protected_labels: [] });
    }
  });

  it("pulls only the prompts a member may edit unless --all; refuses their push to another's prompt by name", async () => {
    const me = await backend.call("GET", "/api/v1/auth/me");
    const member = await backend.call("POST", "/api/v1/users", {
      username: "dana",
      team_id: me.team_id,
      password: PASSWORD,
    });
    const login = await backend.call("POST", "/api/v1/auth/login", { username: "dana", password: PASSWORD });
    await createPrompt("danas-own", { user_template: "Mine: {{ input }}" }, login.token);
    await createPrompt("shared-org", { user_template: "Org: {{ input }}" }, undefined, "org");
    const memberEnv = { SPECHUB_API_KEY: await backend.apiKey(["read", "write"], member.id, login.token) };

    const owned = tempDir();
    expect((await cli(["pull", owned, "--json"], memberEnv)).code).toBe(0);
    expect(fs.readdirSync(owned).sort()).toEqual(["danas-own"]);

    const all = tempDir();
    expect((await cli(["pull", all, "--all"], memberEnv)).code).toBe(0);
    expect(fs.readdirSync(all).sort()).toEqual(expect.arrayContaining(["danas-own", "shared-org"]));
    expect(fs.readdirSync(all)).not.toContain("ordered");

    fs.writeFileSync(path.join(all, "shared-org", "user.jinja"), "Edited: {{ input }}");
    fs.writeFileSync(path.join(all, "danas-own", "user.jinja"), "Edited mine: {{ input }}");
    const refused = await cli(["push", all], memberEnv);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("you may not change prompt 'shared-org'");
    expect((await versionsOf("danas-own")).length).toBe(1);
  });

  it("refuses to push to a prompt deprecated on the server, naming it", async () => {
    await createPrompt("retired", { user_template: "Old: {{ input }}" });
    const dir = tempDir();
    await cli(["pull", dir]);
    await backend.call("DELETE", "/api/v1/prompts/retired");
    fs.writeFileSync(path.join(dir, "retired", "user.jinja"), "Revived: {{ input }}");
    const run = await cli(["push", dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("prompt 'retired' is deprecated on the server");
    expect((await versionsOf("retired")).length).toBe(1);
  });

  it("says clearly when the folder is missing or nobody is signed in", async () => {
    const missing = await cli(["status", path.join(tempDir(), "nope")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^error: No prompt folder at /);
    const anonymous = await runCli(["pull", tempDir()], { env: { SPECHUB_URL: backend.url } });
    expect(anonymous.code).toBe(2);
    expect(anonymous.stderr).toContain("Not signed in");
  });
});

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
