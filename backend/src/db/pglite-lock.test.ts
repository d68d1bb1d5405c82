import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const backendDir = path.resolve(import.meta.dirname, "../..");

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function startBackend(env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: backendDir,
    env: { ...process.env, DATABASE_URL: "", LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, exited, output: () => output };
}

async function waitForHealth(port: number, child: ChildProcess, timeoutMs = 60_000): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`backend exited with ${child.exitCode}`);
    try {
      return await fetch(`http://127.0.0.1:${port}/health`);
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  throw new Error("backend did not start in time");
}

// Process-level behaviour is the same whichever database the suite targets: run it once.
describe.runIf(process.env.TEST_DB !== "postgres")("embedded database folder", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pcp-lock-"));
  const running: ChildProcess[] = [];
  afterAll(() => {
    for (const child of running) child.kill("SIGKILL");
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("refuses a second process without harming the first, and the first shuts down cleanly", async () => {
    const port = await freePort();
    const first = startBackend({ PGLITE_DIR: dir, PORT: String(port), HOST: "127.0.0.1" });
    running.push(first.child);
    const health = await waitForHealth(port, first.child);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" });

    const second = startBackend({ PGLITE_DIR: dir, PORT: String(await freePort()), HOST: "127.0.0.1" });
    running.push(second.child);
    expect(await second.exited).toBe(1);
    expect(second.output()).toContain(dir);
    expect(second.output()).toContain(`PID ${first.child.pid}`);

    const stillHealthy = await fetch(`http://127.0.0.1:${port}/health`);
    expect(stillHealthy.status).toBe(200);

    first.child.kill("SIGTERM");
    expect(await first.exited).toBe(0);
    expect(fs.existsSync(path.join(dir, "pcp.lock"))).toBe(false);

    // The data survives a restart: the same folder opens again and answers.
    const again = startBackend({ PGLITE_DIR: dir, PORT: String(port), HOST: "127.0.0.1" });
    running.push(again.child);
    expect((await waitForHealth(port, again.child)).status).toBe(200);
    again.child.kill("SIGTERM");
    expect(await again.exited).toBe(0);
  }, 120_000);
});
