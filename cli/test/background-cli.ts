// Runs the built CLI in the background for commands that wait (`login` for the browser,
// `skills sync --watch`), so a test can read stderr as it arrives and act on it.
import { spawn } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { CliRun } from "./harness.js";

const cliDir = fileURLToPath(new URL("..", import.meta.url));

export type BackgroundCli = {
  /** Resolves with the first match of `pattern` in stderr (or stdout), waiting for it to be printed. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  output(): { stdout: string; stderr: string };
  /** Resolves when the process exits. */
  done: Promise<CliRun>;
  kill(signal?: NodeJS.Signals): void;
};

export function spawnCli(args: string[], options: { env?: Record<string, string>; cwd?: string } = {}): BackgroundCli {
  const child = spawn(process.execPath, [path.join(cliDir, "dist", "main.js"), ...args], {
    cwd: options.cwd ?? cliDir,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? os.tmpdir(), ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  const listeners = new Set<() => void>();
  const changed = () => {
    for (const listener of listeners) listener();
  };
  child.stdout.on("data", (chunk) => {
    stdout += chunk;
    changed();
  });
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
    changed();
  });
  const done = new Promise<CliRun>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code, signal) => {
      changed();
      resolve({ code: code ?? (signal ? 128 : -1), stdout, stderr });
    });
  });
  return {
    done,
    output: () => ({ stdout, stderr }),
    kill: (signal = "SIGTERM") => child.kill(signal),
    waitFor(pattern, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(stderr) ?? pattern.exec(stdout);
          if (match) {
            listeners.delete(check);
            clearTimeout(timer);
            resolve(match);
          } else if (child.exitCode !== null || child.signalCode !== null) {
            listeners.delete(check);
            clearTimeout(timer);
            reject(new Error(`exited before printing ${pattern}:\n${stdout}\n${stderr}`));
          }
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`${pattern} not printed in time:\n${stdout}\n${stderr}`));
        }, timeoutMs);
        listeners.add(check);
        check();
      });
    },
  };
}
