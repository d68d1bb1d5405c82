import fs from "node:fs";
import path from "node:path";

export class DataFolderInUseError extends Error {}

const LOCK_FILE = "pcp.lock";

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM means the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Takes an exclusive lock on a PGlite data folder. Two processes opening one folder corrupt it
 * for good, so a second process is refused with the folder and the holder's PID. A lock left by
 * a process that no longer runs is taken over.
 */
export function lockDataFolder(dir: string): () => void {
  fs.mkdirSync(dir, { recursive: true });
  const lockPath = path.join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(lockPath, String(process.pid), { flag: "wx" });
      let released = false;
      return () => {
        if (released) return;
        released = true;
        fs.rmSync(lockPath, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number.parseInt(fs.readFileSync(lockPath, "utf8").trim(), 10);
      if (Number.isInteger(holder) && holder !== process.pid && isRunning(holder)) {
        throw new DataFolderInUseError(
          `The embedded database folder ${dir} is in use by another SpecHub process (PID ${holder}). ` +
            "Stop that process, or point this one elsewhere with PGLITE_DIR or DATABASE_URL.",
        );
      }
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new DataFolderInUseError(`Could not lock the embedded database folder ${dir}`);
}
