// expand prints governed messages as an IDE receives them; completion scripts cover the command tree.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Backend, runCli, startBackend, tempDir } from "./harness.js";

describe("spechub expand", () => {
  let backend: Backend;
  let env: Record<string, string>;
  const cli = (args: string[]) => runCli(args, { env });

  beforeAll(async () => {
    backend = await startBackend();
    env = { SPECHUB_URL: backend.url, SPECHUB_API_KEY: await backend.apiKey() };
    const me = await backend.call("GET", "/api/v1/auth/me");
    await backend.call("POST", "/api/v1/prompts", {
      name: "review",
      version: {
        version: "1.0.0",
        system_template: "You review code.",
        user_template:
          "Review {{ count }} files in {{ language }}{% if strict %}, strictly{% endif %}: {{ files | join(', ') }}",
        input_schema: {
          type: "object",
          properties: {
            language: { type: "string" },
            count: { type: "integer" },
            strict: { type: "boolean" },
            files: { type: "array", items: { type: "string" } },
          },
          required: ["language", "count"],
        },
      },
    });
    await backend.call("PUT", "/api/v1/prompts/review", {
      version: "2.0.0",
      system_template: "You review code (v2).",
      user_template: "v2 {{ language }} {{ count }}",
      input_schema: {
        type: "object",
        properties: { language: { type: "string" }, count: { type: "integer" } },
      },
    });
    await backend.call("PUT", "/api/v1/prompts/review/labels/staging", { version: "2.0.0" });
    await backend.call("POST", "/api/v1/prompts/review/rollback/1.0.0");
    await backend.call("POST", "/api/v1/policies", {
      team_id: me.team_id,
      name: "House rules",
      enforcement_type: "prepend",
      content: "Follow the house rules.",
      priority: 10,
    });
    const project = await backend.call("POST", "/api/v1/projects", {
      team_id: me.team_id,
      name: "Payments",
      slug: "payments",
    });
    await backend.call("POST", "/api/v1/policies", {
      project_id: project.id,
      name: "PCI",
      enforcement_type: "prepend",
      content: "Never log card numbers.",
      priority: 5,
    });
  });
  afterAll(async () => {
    await backend?.stop();
  });

  it("prints the governed messages with role headers, reading k=v values as JSON when they parse", async () => {
    const run = await cli([
      "expand",
      "review",
      "--input",
      "language=python",
      "-i",
      "count=3",
      "-i",
      "strict=true",
      "-i",
      'files=["a.py","b.py"]',
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(
      "### system\nFollow the house rules.\n\nYou review code.\n\n### user\nReview 3 files in python, strictly: a.py, b.py\n",
    );
    expect(run.stderr).toContain("House rules");
  });

  it("prints the API's answer with --json, merges --input-file, and resolves --project by name", async () => {
    const file = path.join(tempDir(), "input.json");
    fs.writeFileSync(file, JSON.stringify({ language: "go", count: 1, strict: false, files: ["x.rs"] }));
    const run = await cli([
      "expand",
      "review",
      "--input-file",
      file,
      "-i",
      "language=rust",
      "--project",
      "Payments",
      "--json",
    ]);
    expect(run.code, run.stderr).toBe(0);
    const answer = JSON.parse(run.stdout);
    expect(answer.prompt_version).toBe("1.0.0");
    expect(answer.applied_policies).toEqual(["House rules", "PCI"]);
    expect(answer.user_message).toBe("Review 1 files in rust: x.rs");
    expect(answer.system_message).toContain("Never log card numbers.");
  });

  it("expands the version a label or --version names", async () => {
    const staged = await cli(["expand", "review", "--label", "staging", "-i", "language=c", "-i", "count=2"]);
    expect(staged.stdout).toContain("v2 c 2");
    const exact = await cli(["expand", "review", "--version", "2.0.0", "-i", "language=c", "-i", "count=2", "--json"]);
    expect(JSON.parse(exact.stdout).prompt_version).toBe("2.0.0");
  });

  it("names what is wrong: bad input, an unknown project, a missing prompt", async () => {
    const badInput = await cli(["expand", "review", "-i", "language=python", "-i", "count=many"]);
    expect(badInput.code).toBe(2);
    expect(badInput.stderr).toMatch(/prompt 'review': .*count/);
    const project = await cli(["expand", "review", "-i", "language=x", "-i", "count=1", "--project", "nope"]);
    expect(project.stderr).toContain("No project named 'nope'");
    const missing = await cli(["expand", "ghost"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("prompt 'ghost'");
  });
});

describe("spechub completion", () => {
  const commandsInHelp = async () => {
    const help = await runCli(["--help"]);
    const section = help.stdout.slice(help.stdout.indexOf("Commands:"));
    return [...section.matchAll(/^ {2}([a-z]+)/gm)].map((match) => match[1]!).filter((name) => name !== "help");
  };

  it.each(["bash", "zsh", "fish"])("the %s script mentions every command and its options", async (shell) => {
    const commands = await commandsInHelp();
    expect(commands).toEqual(
      expect.arrayContaining(["pull", "push", "diff", "status", "expand", "completion", "login"]),
    );
    const run = await runCli(["completion", shell]);
    expect(run.code).toBe(0);
    for (const command of commands) expect(run.stdout).toContain(command);
    for (const option of ["--dry-run", "--label", "--input-file", "--project", "--all", "--json", "--url"]) {
      expect(run.stdout).toContain(shell === "fish" ? `-l ${option.slice(2)}` : option);
    }
  });

  it("completes sub-commands and options in bash", async () => {
    const script = path.join(tempDir(), "spechub.bash");
    fs.writeFileSync(script, (await runCli(["completion", "bash"])).stdout);
    const complete = async (words: string[]) => {
      const { execFileSync } = await import("node:child_process");
      const line = `source ${script}; COMP_WORDS=(${words.map((w) => `'${w}'`).join(" ")}); COMP_CWORD=${words.length - 1}; _spechub_completion; echo "\${COMPREPLY[*]}"`;
      return execFileSync("bash", ["-c", line], { encoding: "utf8" }).trim();
    };
    expect(await complete(["spechub", "pu"])).toBe("pull push");
    expect(await complete(["spechub", "push", "--d"])).toBe("--dry-run");
    expect(await complete(["spechub", "expand", "review", "--input-"])).toBe("--input-file");
  });

  it("refuses an unknown shell and documents installation in --help", async () => {
    const run = await runCli(["completion", "tcsh"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Unknown shell 'tcsh'");
    const help = await runCli(["completion", "--help"]);
    expect(help.stdout).toContain("~/.config/fish/completions/spechub.fish");
  });
});
