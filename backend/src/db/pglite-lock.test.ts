import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backendEntry, seededPgliteFolder } from "../test/server-process.js";
import { lockDataFolder } from "./pglite-lock.js";

const backendDir = path.resolve(import.meta.dirname, "../..");

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts the real server. `unreaped` puts it under a parent that never collects its children,
 * so once killed it stays in the process table as a zombie, as a crashed process does until its
 * supervisor gets round to it.
 */
function startBackend(env: Record<string, string>, { unreaped = false } = {}) {
  const command = [process.execPath, ...backendEntry("main")];
  const [file, ...args] = unreaped ? ["/bin/sh", "-c", `"$@" & exec sleep 120`, "sh", ...command] : command;
  const child = spawn(file as string, args, {
    cwd: backendDir,
    env: { ...process.env, DATABASE_URL: "", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, exited, output: () => output };
}

/** The one-letter state Linux shows for a process (R, S, Z for a zombie, …). */
const processState = (pid: number) => fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ").at(-1)?.[0];

const holderPid = (dir: string) => Number(fs.readFileSync(path.join(dir, "pcp.lock"), "utf8"));

/** The first 200 from /health (503 while the backend is still starting). */
async function waitForHealth(port: number, child: ChildProcess, timeoutMs = 60_000): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`backend exited with ${child.exitCode}`);
    const response = await fetch(`http://127.0.0.1:${port}/health`).catch(() => null);
    if (response?.status === 200) return response;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error("backend did not start in time");
}

// Process-level behaviour is the same whichever database the suite targets: run it once.
describe.runIf(process.env.TEST_DB !== "postgres")("embedded database folder", () => {
  let dir: string;
  const running: ChildProcess[] = [];
  beforeAll(() => {
    dir = seededPgliteFolder("pcp-lock-");
  });
  afterAll(() => {
    for (const child of running) child.kill("SIGKILL");
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("never shows the lock file without its holder's PID, which another process would take for a stale lock", async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), "pcp-lock-race-"));
    const stop = new Int32Array(new SharedArrayBuffer(4));
    // Another thread reads the lock file as fast as it can while this one takes and releases it.
    const reader = new Worker(
      `const fs = require("node:fs");
       const { parentPort, workerData } = require("node:worker_threads");
       const stop = new Int32Array(workerData.stop);
       let reads = 0, empty = 0;
       while (Atomics.load(stop, 0) === 0) {
         try {
           if (fs.readFileSync(workerData.lockPath, "utf8") === "") empty++;
           reads++;
         } catch {}
       }
       parentPort.postMessage({ reads, empty });`,
      { eval: true, workerData: { lockPath: path.join(folder, "pcp.lock"), stop: stop.buffer } },
    );
    try {
      await new Promise((resolve) => reader.once("online", resolve));
      for (let round = 0; round < 2_000; round++) (await lockDataFolder(folder))();
      Atomics.store(stop, 0, 1);
      const [seen] = (await new Promise((resolve) => reader.once("message", (message) => resolve([message])))) as [
        { reads: number; empty: number },
      ];
      expect(seen.reads).toBeGreaterThan(0);
      expect(seen.empty).toBe(0);
    } finally {
      Atomics.store(stop, 0, 1);
      await reader.terminate();
      fs.rmSync(folder, { recursive: true, force: true });
    }
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

  it("takes over right after the holder was killed, while it still awaits reaping", async () => {
    const first = startBackend(
      { PGLITE_DIR: dir, PORT: String(await freePort()), HOST: "127.0.0.1" },
      { unreaped: true },
    );
    running.push(first.child);
    await expect.poll(() => fs.existsSync(path.join(dir, "pcp.lock")), { timeout: 60_000 }).toBe(true);
    const crashed = holderPid(dir);
    // process.kill(0) would kill this whole process group, test runner included.
    expect(crashed).toBeGreaterThan(0);
    await expect.poll(() => first.output(), { timeout: 60_000 }).toContain("Server listening");
    process.kill(crashed, "SIGKILL");
    // Dead, lock file left behind, PID still taken: what a restart right after a crash finds.
    await expect.poll(() => processState(crashed)).toBe("Z");
    expect(holderPid(dir)).toBe(crashed);

    const port = await freePort();
    const second = startBackend({ PGLITE_DIR: dir, PORT: String(port), HOST: "127.0.0.1" });
    running.push(second.child);
    expect((await waitForHealth(port, second.child)).status).toBe(200);
    expect(holderPid(dir)).toBe(second.child.pid);
    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);
  }, 120_000);

  it("waits for a holder on its way out instead of failing at once", async () => {
    const firstPort = await freePort();
    const first = startBackend({ PGLITE_DIR: dir, PORT: String(firstPort), HOST: "127.0.0.1" });
    running.push(first.child);
    expect((await waitForHealth(firstPort, first.child)).status).toBe(200);
    // Frozen, as a process is while it finishes its last requests: alive, holding the lock.
    first.child.kill("SIGSTOP");

    const port = await freePort();
    const second = startBackend({ PGLITE_DIR: dir, PORT: String(port), HOST: "127.0.0.1" });
    running.push(second.child);
    await expect
      .poll(() => second.output(), { timeout: 60_000 })
      .toContain(`is held by PID ${first.child.pid}: waiting up to`);
    expect(second.child.exitCode).toBeNull();
    first.child.kill("SIGKILL");
    await first.exited;

    expect((await waitForHealth(port, second.child)).status).toBe(200);
    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);
  }, 120_000);
});
