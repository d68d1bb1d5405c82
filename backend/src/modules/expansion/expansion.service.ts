import { createHash } from "node:crypto";
import type { Db } from "../../db/client.js";
import { cachedRead, cacheKey } from "../../db/read-cache.js";
import type { UsageChannel } from "../../db/schema.js";
import { AppError, forbidden, notFound, unprocessable } from "../../http/errors.js";
import type { Principal } from "../../http/types.js";
import {
  assertCanManageProject,
  assertCanManageTeam,
  assertCanUseProject,
  canView,
  managesAnyTeamOf,
} from "../access/access.service.js";
import { toAuthUser } from "../auth/principal.js";
import { resolveGovernance } from "../governance/governance.service.js";
import type { ProjectRow } from "../projects/projects.types.js";
import type { ServedPrompt } from "../prompts/prompts.types.js";
import { findPromptAtLabel, findPromptAtVersion, findServedPrompts } from "../prompts/served-versions.service.js";
import { getOrgSettings } from "../settings/settings.service.js";
import { recordUsage, type UsageRecorder } from "../usage/usage.recorder.js";
import { getUser } from "../users/users.service.js";
import type { SharedRenderTime } from "./bounded-interpreter.js";
import { type GovernancePlan, planGovernance, wrapMessages } from "./governance-application.js";
import { assertValidInput } from "./input-validation.js";
import { applySchemaDefaults, inputPropertyNames } from "./schema-defaults.js";
import {
  findIncludedNames,
  MAX_INCLUDE_DEPTH,
  type PromptTemplates,
  type RenderedPrompt,
  renderPrompt,
} from "./template-engine.js";

export type ExpandRequest = {
  name: string;
  /** Exact version string; omitted = the version `label` names, else the served one. */
  version?: string;
  /** A label of the prompt (`latest`: the newest version); omitted = `production`, else the latest. */
  label?: string;
  input: Record<string, unknown>;
  /** Adds the project's governance to the caller's. */
  projectId?: string | null;
  /** Render time this expansion shares with the rest of its request (the other steps of a workflow run). */
  sharedRenderTime?: SharedRenderTime;
  /** Told which version (and label) will render as soon as it is known, before input is checked. */
  onServed?: (served: { promptVersion: string; label: string | null }) => void;
  /**
   * Renders without checking `input` against the schema: for placeholder input that stands for
   * values to come (Agent Skills export), never for real input.
   */
  skipInputValidation?: boolean;
};

export type Expansion = {
  promptName: string;
  promptVersion: string;
  /** The label that chose the version (asked for, or `production`/`latest` by default); null for an exact version. */
  label: string | null;
  systemMessage: string | null;
  userMessage: string;
  /** The rendered user template alone, without the append policies: what a workflow hands to later steps. */
  renderedUserTemplate: string;
  appliedPolicies: string[];
  objectives: string[];
  validations: { name: string; content: string }[];
};

/** Distinct prompts one expansion may include, over all levels. */
export const MAX_INCLUDED_PROMPTS = 20;

const promptNotFound = (request: ExpandRequest) =>
  request.version === undefined
    ? notFound(`Prompt '${request.name}' not found`, "prompt_not_found")
    : notFound(`Prompt '${request.name}' version '${request.version}' not found`, "prompt_version_not_found");

const labelNotFound = (name: string, label: string) =>
  notFound(`Prompt '${name}' has no label '${label}'`, "label_not_found");

const notInProduction = (name: string) =>
  notFound(
    `Prompt '${name}' has no version approved for production yet; expand with label=latest to try it`,
    "not_in_production",
  );

const isVisible = (principal: Principal | null, served: Pick<ServedPrompt, "prompt" | "sharedWithCaller">) =>
  canView(principal, {
    ownerId: served.prompt.userId,
    visibility: served.prompt.visibility,
    sharedWithCaller: served.sharedWithCaller,
  });

const templatesOf = (served: ServedPrompt): PromptTemplates => ({
  systemTemplate: served.version.systemTemplate,
  userTemplate: served.version.userTemplate,
  inputNames: inputPropertyNames(served.version.inputSchema),
});

/** Who an expansion is for: whose visibility picks the prompts, and which governance applies. */
type Audience = {
  /** Decides which prompts, and which included prompts, may render. */
  viewer: Principal | null;
  governance: Promise<GovernancePlan>;
  /** Settles with the error to report, if the request's project may not be used; null when fine. */
  projectProblem: Promise<unknown>;
};

/**
 * Expands a prompt for the caller: the caller's governance (and the project's, when given)
 * applies; anonymous callers reach public prompts only, without governance. A prompt the caller
 * cannot see is reported missing. Every read goes through the read cache; on a miss, a constant
 * number of queries: the prompt, the project check, the governance, and one per level of
 * included prompts.
 */
export async function resolveExpansion(
  db: Db,
  principal: Principal | null,
  request: ExpandRequest,
): Promise<Expansion> {
  const projectId = request.projectId ?? null;
  return renderFor(db, request, {
    viewer: principal,
    governance: findGovernancePlan(db, principal, projectId),
    projectProblem:
      projectId === null
        ? Promise.resolve(null)
        : assertCanUseProject(db, principal, projectId).then(
            () => null,
            (error: unknown) => error,
          ),
  });
}

async function renderFor(db: Db, request: ExpandRequest, audience: Audience): Promise<Expansion> {
  const principal = audience.viewer;
  const servedLookup = findServed(db, principal, request);
  // Included prompts are fetched as soon as the prompt is known, while governance is still on its
  // way; a failure is held back so that the errors below keep their order.
  const includesLookup = servedLookup.then((found) =>
    found
      ? findIncludes(db, principal, found).then(
          (includes) => ({ includes }),
          (error: unknown) => ({ error }),
        )
      : null,
  );
  // Independent reads, so they run side by side; governance is discarded if the project check fails,
  // and a missing prompt is reported before any project problem.
  const [served, projectError, plan, included] = await Promise.all([
    servedLookup,
    audience.projectProblem,
    audience.governance,
    includesLookup,
  ]);
  if (!served) throw promptNotFound(request);
  if (projectError) throw projectError;
  request.onServed?.({ promptVersion: served.version.version, label: servingLabel(request, served) });

  const where = `prompt '${served.prompt.name}' version '${served.version.version}'`;
  // Defaults first, so that a property with a default is never missing when the schema is checked.
  const input = applySchemaDefaults(served.version.inputSchema, request.input);
  if (!request.skipInputValidation) await assertValidInput(served.version, input, where);
  if (!included || "error" in included) throw included?.error;
  const { includes } = included;
  const rendered = renderPrompt({
    templates: templatesOf(served),
    variables: { ...input, ...plan.variables },
    includes,
    sharedTime: request.sharedRenderTime,
  });
  return toExpansion(served.prompt.name, served.version.version, rendered, plan, servingLabel(request, served));
}

/** Which label picked the served version, for the expansion log. */
function servingLabel(request: ExpandRequest, served: { servedLabel?: string }): string | null {
  if (request.version !== undefined) return null;
  return request.label ?? served.servedLabel ?? null;
}

export type PreviewRequest = ExpandRequest & {
  /** Expand exactly as this user would, through their IDE. */
  asUserId?: string | null;
  /** Expand as a member of this team without governance of their own. */
  asTeamId?: string | null;
};

/**
 * What someone else would receive, for those who govern them: admins and owners of the user's
 * team (or a team above it) preview as a user; the team's owners (and those above) as a team;
 * a project's managers under the project — alone, as a member of the project's team. As a user,
 * the expansion is that user's own, byte for byte: their visibility, governance and project
 * access; the previewer must see the prompt too. Previews are not recorded as usage.
 */
export async function previewExpansion(db: Db, principal: Principal, request: PreviewRequest): Promise<Expansion> {
  const asUserId = request.asUserId ?? null;
  const asTeamId = request.asTeamId ?? null;
  const projectId = request.projectId ?? null;
  if (request.version !== undefined && request.label !== undefined) {
    throw unprocessable("Preview a version or a label, not both: give version or label", "preview_target");
  }
  if (asUserId !== null && asTeamId !== null) {
    throw unprocessable("Preview as a user or as a team, not both: give as_user_id or as_team_id", "preview_target");
  }
  if (asUserId === null && asTeamId === null && projectId === null) {
    throw unprocessable("Name who to preview as: as_user_id, as_team_id or project_id", "preview_target");
  }
  if (!(await findServed(db, principal, request))) throw promptNotFound(request);
  const project =
    projectId === null ? null : await assertCanManageProject(db, principal, projectId, "preview under this project");

  if (asUserId !== null) {
    const target = await getUser(db, asUserId);
    if (!(await managesAnyTeamOf(db, principal, target))) {
      throw forbidden(
        "Only admins and owners of one of the user's teams or a team above it may preview as this user",
        "preview_forbidden",
      );
    }
    if (!target.isActive) {
      throw unprocessable(`User '${target.username}' is deactivated: their IDE receives nothing`, "inactive_user");
    }
    return resolveExpansion(db, { user: toAuthUser(target), via: "jwt" }, request).catch((error: unknown) => {
      // The previewer sees the prompt (checked above): say that it is the target who does not.
      if (error instanceof AppError && error.statusCode === 404 && error.code.startsWith("prompt")) {
        throw notFound(`${target.username} cannot see this prompt: their IDE is told "${error.detail}"`, error.code);
      }
      throw error;
    });
  }

  const teamId = asTeamId ?? (project as ProjectRow).teamId;
  if (asTeamId !== null) await assertCanManageTeam(db, principal, asTeamId, "preview as this team");
  return renderFor(db, request, {
    viewer: principal,
    governance: cachedRead(db, cacheKey("governance-team", teamId, projectId), async () =>
      planGovernance(await resolveGovernance(db, { teamId, projectId })),
    ),
    projectProblem: Promise.resolve(null),
  });
}

/** An unsaved version, as the editor holds it while its author types. */
export type DraftVersion = PromptTemplates & { inputSchema: Record<string, unknown> };

/**
 * Renders an unsaved version for its author, with sample input and the author's own governance,
 * as expansion would render it once saved: defaults filled in, input checked against the draft's
 * schema, included prompts the author can see. Nothing is recorded.
 */
export async function renderDraft(
  db: Db,
  principal: Principal,
  draft: DraftVersion,
  sample: Record<string, unknown>,
): Promise<Expansion> {
  const templates: PromptTemplates = { ...draft, inputNames: inputPropertyNames(draft.inputSchema) };
  const [plan, includes] = await Promise.all([
    findGovernancePlan(db, principal, null),
    fetchIncludes(db, principal, templates),
  ]);
  const input = applySchemaDefaults(draft.inputSchema, sample);
  // Checked off the event loop and within its budget, like saved versions: the draft is the
  // author's, and its schema has not passed the save-time checks yet. Keyed by content, so the
  // validation workers compile each draft schema once.
  const key = `draft:${createHash("sha256").update(JSON.stringify(draft.inputSchema)).digest("hex")}`;
  await assertValidInput({ id: key, inputSchema: draft.inputSchema }, input, "the draft");
  const rendered = renderPrompt({ templates, variables: { ...input, ...plan.variables }, includes });
  return toExpansion("", "", rendered, plan, null);
}

/** The rendered templates with the governance plan applied around them. */
function toExpansion(
  promptName: string,
  promptVersion: string,
  rendered: RenderedPrompt,
  plan: GovernancePlan,
  label: string | null,
): Expansion {
  const messages = wrapMessages(rendered, plan);
  return {
    promptName,
    promptVersion,
    label,
    systemMessage: messages.system,
    userMessage: messages.user,
    renderedUserTemplate: rendered.user,
    // Copies: the plan is cached and shared by every expansion of this caller.
    appliedPolicies: [...plan.appliedPolicies],
    objectives: [...plan.objectives],
    validations: plan.validations.map((validation) => ({ ...validation })),
  };
}

/**
 * The version the request names (by version or label), or the served one, if the caller may see
 * the prompt. A label the prompt lacks is 404 `label_not_found`; while `production` is protected,
 * a prompt without a production label serves nothing by default (404 `not_in_production`).
 */
async function findServed(
  db: Db,
  principal: Principal | null,
  request: ExpandRequest,
): Promise<(ServedPrompt & { servedLabel?: string }) | null> {
  const viewerId = principal?.user.id ?? null;
  const { name, version, label } = request;
  if (version !== undefined) {
    const found = await cachedRead(db, cacheKey("version", viewerId, name, version), () =>
      findPromptAtVersion(db, name, version, viewerId),
    );
    return found && isVisible(principal, found) ? found : null;
  }
  if (label !== undefined) {
    const found = await cachedRead(db, cacheKey("label", viewerId, name, label), () =>
      findPromptAtLabel(db, name, label, viewerId),
    );
    if (!found || !isVisible(principal, found)) return null;
    if (!found.version) throw labelNotFound(name, label);
    return { ...found, version: found.version };
  }
  const found = await cachedRead(db, cacheKey("served", viewerId, name), () =>
    findServedPrompts(db, [name], viewerId).then((served) => served.get(name) ?? null),
  );
  if (!found || !isVisible(principal, found)) return null;
  if (!found.servedByDefault) throw notInProduction(name);
  return found;
}

/** What the caller's (and the project's) governance does to an expansion; nothing for anonymous callers. */
export function findGovernancePlan(
  db: Db,
  principal: Principal | null,
  projectId: string | null,
): Promise<GovernancePlan> {
  if (!principal) return Promise.resolve(planGovernance(null));
  const userId = principal.user.id;
  return cachedRead(db, cacheKey("governance", userId, projectId), async () =>
    planGovernance(await resolveGovernance(db, { userId, projectId })),
  );
}

function findIncludes(
  db: Db,
  principal: Principal | null,
  served: ServedPrompt,
): Promise<ReadonlyMap<string, PromptTemplates>> {
  // Visibility depends on the caller's role as well as their id, hence both in the key.
  const key = cacheKey("includes", principal?.user.id ?? null, principal?.user.role ?? null, served.version.id);
  return cachedRead(db, key, () => fetchIncludes(db, principal, templatesOf(served)));
}

/**
 * Fetches, level by level, the prompts the templates include by literal name: rendering is
 * synchronous, so everything it may include is at hand before it starts. One query per level.
 * Prompts the caller cannot see are left out and render as "prompt not found".
 */
async function fetchIncludes(
  db: Db,
  principal: Principal | null,
  root: PromptTemplates,
): Promise<Map<string, PromptTemplates>> {
  const includes = new Map<string, PromptTemplates>();
  const requested = new Set<string>();
  let level = findIncludedNames([root.systemTemplate, root.userTemplate]);
  for (let depth = 1; depth <= MAX_INCLUDE_DEPTH && level.length > 0; depth++) {
    for (const name of level) requested.add(name);
    if (requested.size > MAX_INCLUDED_PROMPTS) {
      throw unprocessable(
        `Template includes too many prompts: at most ${MAX_INCLUDED_PROMPTS} different prompts per expansion`,
        "template_limit_exceeded",
      );
    }
    const found = await findServedPrompts(db, level, principal?.user.id ?? null);
    const next: string[] = [];
    for (const served of found.values()) {
      // Included prompts are served as by default: while production is protected, approved versions only.
      if (!isVisible(principal, served) || !served.servedByDefault) continue;
      const templates = templatesOf(served);
      includes.set(served.prompt.name, templates);
      next.push(...findIncludedNames([templates.systemTemplate, templates.userTemplate]));
    }
    level = [...new Set(next)].filter((name) => !requested.has(name));
  }
  return includes;
}

export type UsageTracking = { usage: UsageRecorder; channel: UsageChannel };

/** Whether the expansion log keeps excerpts; a failure to tell means no. */
const isSampling = (db: Db): Promise<boolean> =>
  getOrgSettings(db).then(
    (settings) => settings.usageSampling,
    () => false,
  );

/** Expands a prompt (see `resolveExpansion`) and records the attempt, failed or not, in the expansion log. */
export async function expandPrompt(
  db: Db,
  principal: Principal | null,
  request: ExpandRequest,
  tracking: UsageTracking,
): Promise<Expansion> {
  return recordUsage(
    tracking.usage,
    {
      promptName: request.name,
      promptVersion: request.version ?? "latest",
      label: request.version === undefined ? (request.label ?? null) : null,
      channel: tracking.channel,
      caller: principal,
      projectId: request.projectId ?? null,
      input: request.input,
      sampling: isSampling(db),
    },
    (served) => resolveExpansion(db, principal, { ...request, onServed: served }),
  );
}
