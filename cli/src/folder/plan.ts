// What `spechub push` would do, worked out before anything is sent: which prompts to create,
// which get a new version, whose metadata changes, where a label moves, and every reason to refuse.
import fs from "node:fs";
import { unwrap } from "../api/client.js";
import { compareOne, type Drift } from "./compare.js";
import {
  contentOfServerPrompt,
  FILES,
  metadataChanged,
  type PromptContent,
  type ServerPrompt,
  versionChanged,
} from "./format.js";
import { type LocalPrompt, type Problem, positionOf } from "./read.js";
import { findServerPrompt, mayEdit, type Session, withPromptName } from "./server.js";

export type PromptPlan = {
  name: string;
  drift: Drift;
  content: PromptContent;
  server: ServerPrompt | null;
  create: boolean;
  /** The version label a new version gets; null when the content did not change. */
  newVersion: string | null;
  metadata: boolean;
  /** The label move asked for with `--label`, when it would change anything. */
  label: { name: string; from: string | null; to: string } | null;
};

export const changes = (plan: PromptPlan) =>
  plan.create || plan.newVersion !== null || plan.metadata || plan.label !== null;

/**
 * The version after `latest`, as the web UI suggests it: the last number goes up by one
 * ("1.0.9" → "1.0.10", "v2" → "v3"), else ".1" is appended; skipping labels already taken.
 */
export function nextVersionLabel(latest: string | undefined, taken: Set<string>): string {
  let next = latest ? bump(latest) : "1.0.0";
  while (taken.has(next)) next = bump(next);
  return next;
}

function bump(label: string): string {
  const match = /^(.*?)(\d+)(\D*)$/.exec(label);
  if (!match) return `${label}.1`;
  const [, head, number, tail] = match;
  return `${head}${String(Number(number) + 1).padStart(number!.length, "0")}${tail}`;
}

export async function planPush(
  session: Session,
  prompts: LocalPrompt[],
  label: string | undefined,
): Promise<{ plans: PromptPlan[]; problems: Problem[] }> {
  const plans: PromptPlan[] = [];
  const problems: Problem[] = [];
  for (const local of prompts) {
    const name = local.content.name;
    const server = await findServerPrompt(session, name);
    const drift = compareOne(local, server);
    const serverContent = server ? contentOfServerPrompt(server) : null;
    const needsVersion = !serverContent || versionChanged(local.content, serverContent);
    const plan: PromptPlan = {
      name,
      drift,
      content: local.content,
      server,
      create: !server,
      newVersion: null,
      metadata: Boolean(serverContent && metadataChanged(local.content, serverContent)),
      label: null,
    };
    if (server && needsVersion) {
      const versions = await withPromptName(
        name,
        unwrap(session.api.GET("/api/v1/prompts/{name}/versions", { params: { path: { name } } })),
      );
      plan.newVersion = nextVersionLabel(server.latest_version?.version, new Set(versions.map((v) => v.version)));
    } else if (!server) plan.newVersion = nextVersionLabel(undefined, new Set());
    if (label) {
      const target = plan.newVersion ?? server?.latest_version?.version;
      const from = server?.labels[label] ?? null;
      if (target && target !== from) plan.label = { name: label, from, to: target };
    }
    if (server?.is_deprecated && changes(plan)) {
      problems.push({
        file: local.dir,
        line: null,
        column: null,
        message: `prompt '${name}' is deprecated on the server: restore it in the web UI first (or remove the folder)`,
      });
    } else if (server && changes(plan) && !mayEdit(session.caller, server)) {
      const owner = server.owner?.username ?? "someone else";
      problems.push({
        file: local.dir,
        line: null,
        column: null,
        message: `you may not change prompt '${name}': it belongs to ${owner} (only its owner or an admin may)`,
      });
    }
    plans.push(plan);
  }
  for (const plan of plans) {
    if (plan.newVersion !== null) problems.push(...(await checkTemplates(session, prompts, plan)));
  }
  return { plans, problems };
}

/** The server's read-only check of a version (`POST /prompts/validate`), as problems in the folder's files. */
async function checkTemplates(session: Session, prompts: LocalPrompt[], plan: PromptPlan): Promise<Problem[]> {
  const local = prompts.find((prompt) => prompt.content.name === plan.name)!;
  const { systemTemplate, userTemplate, inputSchema } = plan.content;
  const check = await withPromptName(
    plan.name,
    unwrap(
      session.api.POST("/api/v1/prompts/validate", {
        body: {
          system_template: systemTemplate,
          user_template: userTemplate,
          ...(inputSchema ? { input_schema: inputSchema } : {}),
        },
      }),
    ),
  );
  const fileOf = { system_template: FILES.system, user_template: FILES.user, input_schema: FILES.schema } as const;
  return check.problems.map((problem) => {
    const file = local.files[fileOf[problem.field]]!;
    if (problem.line !== null) return { file, line: problem.line, column: problem.column, message: problem.message };
    // Schema problems have no position on the server: point at the property they name, if any.
    const where = problem.name && fs.existsSync(file) ? locateKey(fs.readFileSync(file, "utf8"), problem.name) : null;
    return { file, line: where?.line ?? null, column: where?.column ?? null, message: problem.message };
  });
}

function locateKey(text: string, key: string): { line: number; column: number } | null {
  const offset = text.indexOf(`${JSON.stringify(key)}:`);
  return offset < 0 ? null : positionOf(text, offset);
}
