import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { inject } from "vitest";
import { backendEntry } from "../../../scripts/backend-command.mjs";
import { seedPgliteData } from "../../../scripts/pglite-seed.mjs";

const backendDir = fileURLToPath(new URL("../..", import.meta.url));

/** Node's arguments that start the backend, from its folder: see scripts/backend-command.mjs. */
export { backendEntry };

/** A real backend running in its own process, as another replica would. */
export type ServerProcess = { url: string; process: ChildProcess };

/**
 * Starts the server in its own process on the given PostgreSQL database (null: PGlite, in the
 * PGLITE_DIR that `env` names), with `env` added to this process's environment; resolves once it
 * listens.
 */
export async function startServerProcess(
  databaseUrl: string | null,
  env: Record<string, string> = {},
): Promise<ServerProcess> {
  const child = spawn(process.execPath, backendEntry("main"), {
    cwd: backendDir,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl ?? "",
      PORT: "0",
      HOST: "127.0.0.1",
      LOG_LEVEL: "info",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in time:\n${output}`)), 60_000);
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
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
  return { url, process: child };
}

/**
 * A new PGlite folder for a server process, holding the migrated snapshot: the server then skips
 * initdb and the migrations, several seconds of CPU each time.
 */
export function seededPgliteFolder(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  seedPgliteData(dir, inject("pgliteSnapshot"));
  return dir;
}

export async function stopServerProcess(server: ServerProcess | undefined): Promise<void> {
  if (!server || server.process.exitCode !== null) return;
  const exited = once(server.process, "exit");
  server.process.kill("SIGTERM");
  await exited;
}
