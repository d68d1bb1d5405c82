import fs from "node:fs";
import path from "node:path";

/** The file that marks a skill folder as written by `spechub skills sync`, and from what. */
export const MARKER_FILE = ".spechub-skill.json";
const SKILL_FILE = "SKILL.md";

export type SkillMarker = {
  /** The server the skill came from: a sync from another server leaves the folder alone. */
  server: string;
  prompt: string;
  version: string;
  /** SHA-256 (hex) of SKILL.md as written: a different one on the server means rewrite. */
  digest: string;
};

export type SyncedSkill = { name: string; skill_name: string; version: string; content: string; digest: string };

export type SyncReport = {
  dir: string;
  written: string[];
  unchanged: string[];
  removed: string[];
  /** Folders left alone: not ours (no marker, or another server's), or holding files of someone else's. */
  skipped: { skill: string; reason: string }[];
};

function readMarker(folder: string): SkillMarker | null {
  try {
    const marker = JSON.parse(fs.readFileSync(path.join(folder, MARKER_FILE), "utf8")) as Partial<SkillMarker>;
    return typeof marker.server === "string" && typeof marker.prompt === "string" ? (marker as SkillMarker) : null;
  } catch {
    return null;
  }
}

/** Replaces a file in one step, so an agent reading the folder never sees half a SKILL.md. */
function writeAtomically(file: string, text: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, text);
  fs.renameSync(temporary, file);
}

/**
 * Makes `dir` hold exactly the given skills from `server`, touching only the folders this
 * command marked as its own for that server: a folder of the same name without our marker (or
 * with another server's) is left alone and reported, and a marked folder whose prompt is gone
 * loses our two files, and the folder itself if nothing else is in it.
 */
export function writeSkills(dir: string, server: string, skills: readonly SyncedSkill[]): SyncReport {
  const report: SyncReport = { dir, written: [], unchanged: [], removed: [], skipped: [] };
  fs.mkdirSync(dir, { recursive: true });
  const owned = new Map<string, SkillMarker>();
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const marker = readMarker(path.join(dir, entry.name));
    if (marker?.server === server) owned.set(entry.name, marker);
  }
  for (const skill of skills) {
    const folder = path.join(dir, skill.skill_name);
    const exists = fs.existsSync(folder);
    if (exists && !owned.has(skill.skill_name)) {
      const other = readMarker(folder);
      report.skipped.push({
        skill: skill.skill_name,
        reason: other ? `written by a sync from ${other.server}` : `not written by spechub (no ${MARKER_FILE})`,
      });
      continue;
    }
    const marker: SkillMarker = { server, prompt: skill.name, version: skill.version, digest: skill.digest };
    const skillFile = path.join(folder, SKILL_FILE);
    const current = exists && fs.existsSync(skillFile) ? fs.readFileSync(skillFile, "utf8") : null;
    if (current === skill.content && owned.get(skill.skill_name)?.digest === skill.digest) {
      report.unchanged.push(skill.skill_name);
      continue;
    }
    fs.mkdirSync(folder, { recursive: true });
    writeAtomically(skillFile, skill.content);
    writeAtomically(path.join(folder, MARKER_FILE), `${JSON.stringify(marker, null, 2)}\n`);
    report.written.push(skill.skill_name);
  }
  const wanted = new Set(skills.map((skill) => skill.skill_name));
  for (const name of owned.keys()) {
    if (wanted.has(name)) continue;
    const folder = path.join(dir, name);
    fs.rmSync(path.join(folder, SKILL_FILE), { force: true });
    fs.rmSync(path.join(folder, MARKER_FILE), { force: true });
    if (fs.readdirSync(folder).length === 0) fs.rmdirSync(folder);
    else
      report.skipped.push({ skill: name, reason: "removed SKILL.md, but the folder holds other files: left in place" });
    report.removed.push(name);
  }
  return report;
}
