import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Backend, runCli, startBackend } from "./harness.js";

describe("the spechub binary", () => {
  let backend: Backend;
  beforeAll(async () => {
    backend = await startBackend();
  });
  afterAll(async () => {
    await backend?.stop();
  });

  it("prints help naming every command", async () => {
    const run = await runCli(["--help"]);
    expect(run.code).toBe(0);
    for (const command of ["login", "pull", "push", "diff", "status", "expand", "skills", "completion"]) {
      expect(run.stdout).toContain(command);
    }
  });

  it("reports an unreachable server in one line, without a stack trace", async () => {
    const run = await runCli(["status"], { env: { SPECHUB_URL: "http://127.0.0.1:9", SPECHUB_API_KEY: "pcp_x" } });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: /);
    expect(run.stderr).not.toContain("    at ");
  });

  it("reaches the backend the tests started", async () => {
    const key = await backend.apiKey(["read"]);
    const me = await backend.call("GET", "/api/v1/auth/me", undefined, key);
    expect(me.username).toBe("admin");
  });
});
