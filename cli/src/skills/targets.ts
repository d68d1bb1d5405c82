/**
 * Where each agent looks for project skills, relative to the working directory. All of them read
 * the same Agent Skills format (a folder per skill holding SKILL.md), so only the folder differs.
 */
export const TARGETS = {
  /** Claude Code: project skills in `.claude/skills/`. */
  claude: ".claude/skills",
  /** GitHub Copilot (VS Code, the coding agent): project skills in `.github/skills/`. */
  copilot: ".github/skills",
  /** The shared `.agents/skills/` folder that OpenAI Codex and other agents read. */
  agents: ".agents/skills",
} as const;

export type Target = keyof typeof TARGETS;

export const TARGET_NAMES = Object.keys(TARGETS) as Target[];
