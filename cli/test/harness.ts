// A real SpecHub backend for the CLI's tests (its own process on a fresh embedded database) and a
// way to run the built CLI (`dist/main.js`) against it as a user would, each run with its own
// config folder unless told otherwise.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { backendEntry } from "../../scripts/backend-command.mjs";
import { seedPgliteData } from "../../scripts/pglite-seed.mjs";

const cliDir = fileURLToPath(new URL("..", import.meta.url));
const backendDir = path.resolve(cliDir, "..", "backend");
export const PASSWORD = "correct-horse-battery-staple";

export type Backend = {
  url: string;
  /** The first admin's session token (a JWT), for setting up data through the API. */
  adminToken: string;
  adminUserId: string;
  /** Calls the API as `token` (the admin by default) and returns the parsed body; throws on a non-2xx. */
  // biome-ignore lint/suspicious/noExplicitAny: tests read API answers field by field, as JSON
  call<T = any>(method: string, route: string, body?: unknown, token?: string): Promise<T>;
  /** A new API key of the admin's (or of `userId`, with `token` theirs) with the given scopes. */
  apiKey(scopes?: string[], userId?: string, token?: string): Promise<string>;
  stop(): Promise<void>;
};

/** Starts the backend on PGlite in a temp folder; `env` adds settings. */
export async function startBackend(env: Record<string, string> = {}): Promise<Backend> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "spechub-cli-db-"));
  seedPgliteData(dataDir);
  const child = spawn(process.execPath, backendEntry("main"), {
    cwd: backendDir,
    env: {
      ...process.env,
      DATABASE_URL: "",
      PGLITE_DIR: dataDir,
      PORT: "0",
      HOST: "127.0.0.1",
      LOG_LEVEL: "info",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const url = await listeningUrl(child);
  const call = async (method: string, route: string, body?: unknown, token?: string) => {
    const response = await fetch(`${url}${route}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${route} answered ${response.status}: ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  const registered = await call("POST", "/api/v1/auth/register", {
    org_name: "Acme",
    org_slug: "acme",
    email: "admin@acme.test",
    username: "admin",
    password: PASSWORD,
  });
  const adminToken: string = registered.token;
  const adminUserId: string = registered.user.id;
  return {
    url,
    adminToken,
    adminUserId,
    call: (method, route, body, token = adminToken) => call(method, route, body, token),
    async apiKey(scopes = ["read", "expand", "write"], userId = adminUserId, token = adminToken) {
      const created = await call(
        "POST",
        `/api/v1/users/${userId}/api-keys`,
        { name: `cli-${Date.now()}`, scopes },
        token,
      );
      return created.raw_key as string;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = once(child, "exit");
        child.kill("SIGTERM");
        await exited;
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function listeningUrl(child: ChildProcess): Promise<string> {
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`backend did not start in time:\n${output}`)), 90_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`backend exited with ${code}:\n${output}`));
    });
  });
}

export type CliRun = { code: number; stdout: string; stderr: string };

/** A fresh, empty folder in the system's temp directory. */
export const tempDir = (prefix = "spechub-cli-") => fs.mkdtempSync(path.join(os.tmpdir(), prefix));

/**
 * Runs `spechub <args>` to completion. Nothing from the test runner's environment leaks in but
 * PATH and HOME: pass SPECHUB_URL / SPECHUB_API_KEY / SPECHUB_CONFIG_DIR in `env`.
 */
export function runCli(
  args: string[],
  options: { env?: Record<string, string>; cwd?: string; input?: string } = {},
): Promise<CliRun> {
  const child = spawn(process.execPath, [path.join(cliDir, "dist", "main.js"), ...args], {
    cwd: options.cwd ?? cliDir,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? os.tmpdir(),
      SPECHUB_CONFIG_DIR: tempDir("spechub-config-"),
      ...options.env,
    },
    stdio: ["pipe", "pipe", "pipe"],
  });
  child.stdin.end(options.input ?? "");
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => {
    stdout += chunk;
  });
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
