import fs from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { spawnCli } from "./background-cli.js";
import { type Backend, runCli, startBackend, tempDir } from "./harness.js";

/** A SKILL.md split into its YAML front matter (parsed) and its Markdown body. */
function parseSkill(text: string): { meta: Record<string, unknown>; body: string } {
  const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
  if (!match) throw new Error(`no front matter in:\n${text}`);
  return { meta: parse(match[1] as string), body: match[2] as string };
}

describe("spechub skills sync", () => {
  let backend: Backend;
  let env: Record<string, string>;
  beforeAll(async () => {
    backend = await startBackend();
    env = { SPECHUB_URL: backend.url, SPECHUB_API_KEY: await backend.apiKey(["read", "expand"]) };
    const me = await backend.call("GET", "/api/v1/auth/me");
    await backend.call("POST", "/api/v1/policies", {
      team_id: me.team_id,
      name: "house-style",
      enforcement_type: "prepend",
      content: "Answer in British English.",
    });
    await backend.call("POST", "/api/v1/prompts", {
      name: "code-review",
      description: "Reviews a change for bugs",
      visibility: "org",
      version: {
        version: "1",
        user_template: "Review this {{ language }} change.",
        input_schema: {
          type: "object",
          properties: { language: { type: "string", description: "The language", enum: ["go", "ts"] } },
          required: ["language"],
        },
      },
    });
    await backend.call("POST", "/api/v1/prompts", {
      name: "release-notes",
      visibility: "org",
      version: { version: "1", user_template: "Write release notes." },
    });
  });
  afterAll(async () => {
    await backend?.stop();
  });

  const skillFile = (dir: string, name: string) => path.join(dir, name, "SKILL.md");

  it("writes, updates and removes its own skills, leaving other folders alone", async () => {
    const cwd = tempDir();
    const dir = path.join(cwd, ".claude", "skills");
    fs.mkdirSync(path.join(dir, "mine"), { recursive: true });
    fs.writeFileSync(path.join(dir, "mine", "SKILL.md"), "---\nname: mine\ndescription: hand-made\n---\nMine.\n");
    // Same name as a prompt created below, but not written by spechub.
    fs.mkdirSync(path.join(dir, "handbook"));
    fs.writeFileSync(path.join(dir, "handbook", "SKILL.md"), "hand-made handbook\n");
    await backend.call("POST", "/api/v1/prompts", {
      name: "handbook",
      visibility: "org",
      version: { version: "1", user_template: "Read the handbook." },
    });

    const first = await runCli(["skills", "sync"], { env, cwd });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain("wrote   code-review/SKILL.md");
    expect(first.stderr).toMatch(/warning: handbook: not written by spechub/);
    expect(fs.readFileSync(skillFile(dir, "handbook"), "utf8")).toBe("hand-made handbook\n");

    const review = parseSkill(fs.readFileSync(skillFile(dir, "code-review"), "utf8"));
    expect(review.meta).toEqual({ name: "code-review", description: "Reviews a change for bugs" });
    expect(review.body).toContain("Answer in British English.");
    expect(review.body).toContain("Review this <language> change.");
    expect(review.body).toContain("`<language>` (string, required): The language");
    const notes = parseSkill(fs.readFileSync(skillFile(dir, "release-notes"), "utf8"));
    expect(notes.meta.name).toBe("release-notes");
    expect(String(notes.meta.description).length).toBeGreaterThan(0);
    const marker = JSON.parse(fs.readFileSync(path.join(dir, "code-review", ".spechub-skill.json"), "utf8"));
    expect(marker).toMatchObject({
      server: backend.url,
      prompt: "code-review",
      version: "1",
      digest: expect.any(String),
    });

    const again = await runCli(["skills", "sync", "--json"], { env, cwd });
    expect(again.code, again.stderr).toBe(0);
    const unchanged = JSON.parse(again.stdout);
    expect(unchanged.written).toEqual([]);
    expect(unchanged.unchanged).toEqual(expect.arrayContaining(["code-review", "release-notes"]));

    await backend.call("PATCH", "/api/v1/prompts/code-review", { description: "Reviews a change for bugs and style" });
    await backend.call("DELETE", "/api/v1/prompts/release-notes");
    const third = await runCli(["skills", "sync", "--json"], { env, cwd });
    expect(third.code, third.stderr).toBe(0);
    const report = JSON.parse(third.stdout);
    expect(report.written).toEqual(["code-review"]);
    expect(report.removed).toEqual(["release-notes"]);
    expect(parseSkill(fs.readFileSync(skillFile(dir, "code-review"), "utf8")).meta.description).toBe(
      "Reviews a change for bugs and style",
    );
    expect(fs.existsSync(path.join(dir, "release-notes"))).toBe(false);
    expect(fs.readFileSync(path.join(dir, "mine", "SKILL.md"), "utf8")).toContain("hand-made");
    expect(fs.existsSync(skillFile(dir, "handbook"))).toBe(true);
    await backend.call("POST", "/api/v1/prompts/release-notes/restore").catch(() => undefined);
  });

  it("writes to another agent's folder with --target, or to the folder given", async () => {
    const cwd = tempDir();
    const copilot = await runCli(["skills", "sync", "--target", "copilot"], { env, cwd });
    expect(copilot.code, copilot.stderr).toBe(0);
    expect(fs.existsSync(skillFile(path.join(cwd, ".github", "skills"), "code-review"))).toBe(true);
    const explicit = await runCli(["skills", "sync", "out/skills"], { env, cwd });
    expect(explicit.code, explicit.stderr).toBe(0);
    expect(fs.existsSync(skillFile(path.join(cwd, "out", "skills"), "code-review"))).toBe(true);
    const unknown = await runCli(["skills", "sync", "--target", "emacs"], { env, cwd });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown --target 'emacs'/);
  });

  it("needs the expand scope", async () => {
    const run = await runCli(["skills", "sync"], {
      env: { ...env, SPECHUB_API_KEY: await backend.apiKey(["read"]) },
      cwd: tempDir(),
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/expand/);
  });

  it("keeps the folder in sync with --watch until interrupted", async () => {
    const cwd = tempDir();
    const file = skillFile(path.join(cwd, ".claude", "skills"), "code-review");
    const watch = spawnCli(["skills", "sync", "--watch"], { env, cwd });
    try {
      await watch.waitFor(/Watching for changes/);
      expect(fs.readFileSync(file, "utf8")).toContain("British English");
      await backend.call("PATCH", "/api/v1/prompts/code-review", { description: "Reviews a change, watched" });
      const deadline = Date.now() + 20_000;
      while (!fs.readFileSync(file, "utf8").includes("Reviews a change, watched")) {
        if (Date.now() > deadline) throw new Error(`not updated:\n${JSON.stringify(watch.output())}`);
        await sleep(200);
      }
    } finally {
      watch.kill("SIGINT");
    }
    const run = await watch.done;
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("Stopped watching");
  });
});
