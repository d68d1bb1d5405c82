import { createHash } from "node:crypto";
import type { Db } from "../../db/client.js";
import { AppError, unprocessable } from "../../http/errors.js";
import type { Principal } from "../../http/types.js";
import { assertCanUseProject, requireUser } from "../access/access.service.js";
import { type Expansion, findGovernancePlan, resolveExpansion } from "../expansion/expansion.service.js";
import { wrapMessages } from "../expansion/governance-application.js";
import { listPrompts } from "../prompts/prompts.service.js";
import type { PromptDetail } from "../prompts/prompts.types.js";
import { placeholderInput, skillDescription, skillDocument } from "./skill-document.js";
import { skillNamesOf } from "./skill-names.js";

export type Skill = {
  name: string;
  skillName: string;
  description: string;
  version: string;
  content: string;
  digest: string;
};

export type SkillsPage = { items: Skill[]; nextCursor: string | null };

const PAGE_SIZE = 500;
/** Skills rendered at once: enough to be quick, few enough to spare the database pool. */
const CONCURRENCY = 4;

/** Every prompt the caller may expand by default, by name: not deprecated, with a served version. */
async function expandablePrompts(db: Db, principal: Principal): Promise<PromptDetail[]> {
  const all: PromptDetail[] = [];
  for (let page = 1; ; page++) {
    const { items, total } = await listPrompts(db, principal, { page, pageSize: PAGE_SIZE, includeDeprecated: false });
    all.push(...items.filter((detail) => detail.active !== null && !detail.prompt.isDeprecated));
    if (items.length < PAGE_SIZE || page * PAGE_SIZE >= total) break;
  }
  return all.sort((a, b) => (a.prompt.name < b.prompt.name ? -1 : a.prompt.name > b.prompt.name ? 1 : 0));
}

const isRenderProblem = (error: unknown): error is AppError => error instanceof AppError && error.statusCode === 422;

/**
 * The prompt rendered with placeholders for its inputs and the caller's governance, through the
 * same expansion as `POST /expand` (without input validation, and without an expansion log
 * entry: nobody ran the prompt). Markers first; if the template computes with a number, again
 * with numbers; if it still fails, the templates as written with governance around them.
 */
async function renderWithPlaceholders(
  db: Db,
  principal: Principal,
  detail: PromptDetail,
  projectId: string | null,
): Promise<{
  expansion: Pick<Expansion, "promptVersion" | "systemMessage" | "userMessage" | "validations">;
  problem: string | null;
}> {
  const version = detail.active as NonNullable<PromptDetail["active"]>;
  const schema = version.inputSchema as Record<string, unknown> | null;
  let problem = "";
  for (const safe of [false, true]) {
    try {
      const expansion = await resolveExpansion(db, principal, {
        name: detail.prompt.name,
        input: placeholderInput(schema, { safe }),
        projectId,
        skipInputValidation: true,
      });
      return { expansion, problem: null };
    } catch (error) {
      if (!isRenderProblem(error)) throw error;
      problem = error.detail;
    }
  }
  const plan = await findGovernancePlan(db, principal, projectId);
  const messages = wrapMessages({ system: version.systemTemplate, user: version.userTemplate ?? "{{ input }}" }, plan);
  return {
    expansion: {
      promptVersion: version.version,
      systemMessage: messages.system,
      userMessage: messages.user,
      validations: plan.validations,
    },
    problem,
  };
}

async function buildSkill(
  db: Db,
  principal: Principal,
  detail: PromptDetail,
  skillName: string,
  projectId: string | null,
): Promise<Skill | null> {
  let rendered: Awaited<ReturnType<typeof renderWithPlaceholders>>;
  try {
    rendered = await renderWithPlaceholders(db, principal, detail, projectId);
  } catch (error) {
    // Gone or unserved since it was listed (a concurrent change): the next sync picks it up.
    if (error instanceof AppError && error.statusCode === 404) return null;
    throw error;
  }
  const { expansion, problem } = rendered;
  const description = skillDescription(detail.prompt.name, detail.prompt.description);
  const content = skillDocument({
    promptName: detail.prompt.name,
    skillName,
    description,
    version: expansion.promptVersion,
    inputSchema: (detail.active?.inputSchema as Record<string, unknown> | null) ?? null,
    expansion,
    renderProblem: problem,
  });
  return {
    name: detail.prompt.name,
    skillName,
    description,
    version: expansion.promptVersion,
    content,
    digest: createHash("sha256").update(content).digest("hex"),
  };
}

async function mapLimited<T, R>(items: T[], work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < items.length; index = next++) results[index] = await work(items[index] as T);
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, worker));
  return results;
}

const encodeCursor = (name: string) => Buffer.from(name, "utf8").toString("base64url");

function decodeCursor(cursor: string): string {
  const name = Buffer.from(cursor, "base64url").toString("utf8");
  if (!name || encodeCursor(name) !== cursor) {
    throw unprocessable("cursor is not one this endpoint gave: start again without it", "invalid_cursor");
  }
  return name;
}

export type ListSkillsOptions = { projectId?: string | null; limit: number; cursor?: string };

/**
 * Each prompt the caller may expand, as an Agent Skill (`SKILL.md`) built with the caller's
 * governance (and the project's), by prompt name, one page at a time. Skill names are assigned
 * over the whole list, so a prompt's skill name does not depend on the page it is on.
 */
export async function listSkills(db: Db, principal: Principal | null, options: ListSkillsOptions): Promise<SkillsPage> {
  const caller = requireUser(principal);
  const projectId = options.projectId ?? null;
  if (projectId !== null) await assertCanUseProject(db, caller, projectId);
  const prompts = await expandablePrompts(db, caller);
  const skillNames = skillNamesOf(prompts.map((detail) => detail.prompt.name));
  const after = options.cursor === undefined ? null : decodeCursor(options.cursor);
  const remaining = after === null ? prompts : prompts.filter((detail) => detail.prompt.name > after);
  const page = remaining.slice(0, options.limit);
  const built = await mapLimited(page, (detail) =>
    buildSkill(db, caller, detail, skillNames.get(detail.prompt.name) as string, projectId),
  );
  const last = page.at(-1);
  return {
    items: built.filter((skill): skill is Skill => skill !== null),
    nextCursor: remaining.length > page.length && last ? encodeCursor(last.prompt.name) : null,
  };
}

/** A short digest of every skill the caller would get: it changes exactly when a sync would write something. */
export async function skillsFingerprint(db: Db, principal: Principal, projectId: string | null): Promise<string> {
  const { items } = await listSkills(db, principal, { projectId, limit: Number.MAX_SAFE_INTEGER });
  const summary = items.map((skill) => [skill.skillName, skill.digest]);
  return createHash("sha256").update(JSON.stringify(summary)).digest("base64url").slice(0, 22);
}
