import fs from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { StatusLog } from "./change-feed.js";

export class DataFolderInUseError extends Error {}

const LOCK_FILE = "pcp.lock";

/** How long a second process waits for a holder on its way out (shutting down, or just killed). */
export const HOLDER_EXIT_WAIT_MS = 5_000;
const POLL_MS = 100;

/**
 * Whether a killed process still waits for its parent to collect it. Until then it keeps its PID,
 * and `kill(pid, 0)` still succeeds, although it can no longer touch any file. Linux shows this
 * in /proc; elsewhere the answer is no and the wait below covers the reaping.
 */
function isZombie(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // "pid (command) state …": the command may itself contain parentheses.
    const state = stat.charAt(stat.lastIndexOf(")") + 2);
    return state === "Z" || state === "X";
  } catch {
    return false;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM means the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
  return !isZombie(pid);
}

/**
 * Creates the lock file with this process's PID in it, or fails with EEXIST. The PID is written
 * aside and linked into place, so the lock never exists without it: a lock file created and then
 * written could be read empty in between, and another process would take that for a stale lock
 * and open the folder too.
 */
function createLockFile(lockPath: string): void {
  const aside = `${lockPath}.${process.pid}`;
  fs.writeFileSync(aside, String(process.pid));
  try {
    fs.linkSync(aside, lockPath);
  } finally {
    fs.rmSync(aside, { force: true });
  }
}

/** The lock's release, or the PID of a running holder, or null when a stale lock was cleared. */
function tryLock(lockPath: string): (() => void) | number | null {
  try {
    createLockFile(lockPath);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      fs.rmSync(lockPath, { force: true });
    };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  let holder: number;
  try {
    holder = Number.parseInt(fs.readFileSync(lockPath, "utf8").trim(), 10);
  } catch (error) {
    // The holder released it in between.
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  if (Number.isInteger(holder) && holder !== process.pid && isRunning(holder)) return holder;
  fs.rmSync(lockPath, { force: true });
  return null;
}

/**
 * Takes an exclusive lock on a PGlite data folder. Two processes opening one folder corrupt it
 * for good, so a second process is refused with the folder and the holder's PID. A lock left by
 * a process that no longer runs is taken over; a holder that is still running is given
 * `waitMs` to go away first, so a restart right after a crash or during a shutdown succeeds.
 */
export async function lockDataFolder(
  dir: string,
  { waitMs = HOLDER_EXIT_WAIT_MS, log }: { waitMs?: number; log?: StatusLog } = {},
): Promise<() => void> {
  fs.mkdirSync(dir, { recursive: true });
  const lockPath = path.join(dir, LOCK_FILE);
  const deadline = Date.now() + waitMs;
  let awaited: number | null = null;
  for (;;) {
    const result = tryLock(lockPath);
    if (typeof result === "function") return result;
    if (typeof result === "number" && result !== awaited) {
      awaited = result;
      log?.info(`embedded database folder ${dir} is held by PID ${result}: waiting up to ${waitMs} ms for it to exit`);
    }
    if (Date.now() >= deadline) {
      throw new DataFolderInUseError(
        result === null
          ? `Could not lock the embedded database folder ${dir}`
          : `The embedded database folder ${dir} is in use by another SpecHub process (PID ${result}). ` +
              "Stop that process, or point this one elsewhere with PGLITE_DIR or DATABASE_URL.",
      );
    }
    if (result !== null) await sleep(POLL_MS);
  }
}
