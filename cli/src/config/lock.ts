import fs from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { configDir } from "./credentials.js";

/** A lock older than this was left by a process that died holding it. */
const STALE_MS = 30_000;

/**
 * Runs `work` holding a lock file in the config folder. Refresh tokens rotate and a reused one
 * revokes the whole sign-in, so two `spechub` processes (a `skills sync --watch` and a `push`)
 * must never refresh the same token at once: the second waits, then reads what the first stored.
 */
export async function withConfigLock<T>(name: string, work: () => Promise<T>): Promise<T> {
  const dir = configDir();
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const lock = path.join(dir, `${name}.lock`);
  const deadline = Date.now() + STALE_MS;
  for (;;) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: "wx", mode: 0o600 });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > STALE_MS || Date.now() > deadline) fs.rmSync(lock, { force: true });
      else await sleep(100);
    }
  }
  try {
    return await work();
  } finally {
    fs.rmSync(lock, { force: true });
  }
}
