// The prompt folder format: one folder per prompt holding prompt.yaml (metadata), system.jinja and
// user.jinja (the templates, byte for byte) and input_schema.json (property order kept).
import { stringify as toYaml } from "yaml";
import type { paths } from "../api/schema.js";

export const FILES = {
  meta: "prompt.yaml",
  system: "system.jinja",
  user: "user.jinja",
  schema: "input_schema.json",
} as const;

export type PromptFile = (typeof FILES)[keyof typeof FILES];
export const FILE_ORDER: PromptFile[] = [FILES.meta, FILES.system, FILES.user, FILES.schema];

export const VISIBILITIES = ["private", "org", "public"] as const;
export type Visibility = (typeof VISIBILITIES)[number];

/** A prompt as `GET /prompts/{name}` and the list answer it. */
export type ServerPrompt = paths["/api/v1/prompts/{name}"]["get"]["responses"][200]["content"]["application/json"];

/** What push compares and sends: a prompt's content, whichever side it comes from. */
export type PromptContent = {
  name: string;
  description: string | null;
  visibility: Visibility;
  /** Per version on the server: a change of tags makes a new version. */
  tags: string[];
  systemTemplate: string | null;
  userTemplate: string | null;
  /** The input schema as parsed JSON (key order as written); null = the server's default. */
  inputSchema: Record<string, unknown> | null;
};

/** What the server uses when a version is saved without an input schema (see the prompts API). */
export const DEFAULT_INPUT_SCHEMA = {
  type: "object",
  properties: { input: { type: "string", description: "Free-text input" } },
  required: ["input"],
};

/** The server's prompt as folder content: its latest version (what the next push builds on). */
export function contentOfServerPrompt(prompt: ServerPrompt): PromptContent {
  const latest = prompt.latest_version;
  return {
    name: prompt.name,
    description: prompt.description,
    visibility: prompt.visibility,
    tags: latest?.tags ?? [],
    systemTemplate: latest?.system_template ?? null,
    userTemplate: latest?.user_template ?? null,
    inputSchema: latest?.input_schema ?? null,
  };
}

const META_HEADER =
  "# SpecHub prompt metadata. description and visibility belong to the prompt, tags to each version.\n" +
  "# labels shows where each label pointed when this folder was pulled: push does not read it.\n";

/** prompt.yaml's text; `labels` is written by pull only and never compared. */
export function renderMeta(content: PromptContent, labels?: Record<string, string>): string {
  const meta: Record<string, unknown> = {
    description: content.description,
    visibility: content.visibility,
    tags: content.tags,
  };
  if (labels && Object.keys(labels).length > 0) meta.labels = labels;
  return META_HEADER + toYaml(meta, { lineWidth: 0 });
}

export const renderSchema = (schema: Record<string, unknown>) => `${JSON.stringify(schema, null, 2)}\n`;

/**
 * The files a prompt's content makes, as compared and diffed: templates verbatim (absent when the
 * version has none), the schema re-serialized (so formatting alone is no change), the metadata
 * without labels.
 */
export function filesOf(content: PromptContent): Map<PromptFile, string> {
  const files = new Map<PromptFile, string>();
  files.set(FILES.meta, renderMeta(content));
  if (content.systemTemplate !== null) files.set(FILES.system, content.systemTemplate);
  if (content.userTemplate !== null) files.set(FILES.user, content.userTemplate);
  files.set(FILES.schema, renderSchema(content.inputSchema ?? DEFAULT_INPUT_SCHEMA));
  return files;
}

/** Which files differ between two contents, in folder order. */
export function changedFiles(local: PromptContent, server: PromptContent): PromptFile[] {
  const a = filesOf(local);
  const b = filesOf(server);
  return FILE_ORDER.filter((file) => a.get(file) !== b.get(file));
}

/** Whether the version content (templates, schema, tags) differs: only that needs a new version. */
export function versionChanged(local: PromptContent, server: PromptContent): boolean {
  return changedFiles(local, server).some((file) => file !== FILES.meta) || !sameTags(local.tags, server.tags);
}

export const metadataChanged = (local: PromptContent, server: PromptContent) =>
  local.description !== server.description || local.visibility !== server.visibility;

const sameTags = (a: string[], b: string[]) => a.length === b.length && a.every((tag, i) => tag === b[i]);
