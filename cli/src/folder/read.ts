// Reads a prompt folder into contents, collecting every problem with its file, line and column so
// push can refuse the whole folder before sending anything.
import fs from "node:fs";
import path from "node:path";
import { isMap, isScalar, LineCounter, parseDocument } from "yaml";
import { slugRule, tagRule, tagsRule } from "../api/rules.js";
import { CliError } from "../output.js";
import { FILES, type PromptContent, VISIBILITIES, type Visibility } from "./format.js";

/** A problem in a file of the folder, printed as `file:line:col: message`. */
export type Problem = { file: string; line: number | null; column: number | null; message: string };

export const formatProblem = ({ file, line, column, message }: Problem) =>
  line === null ? `${file}: ${message}` : `${file}:${line}:${column ?? 1}: ${message}`;

/** A prompt read from disk: its content and where each of its files is. */
export type LocalPrompt = { content: PromptContent; dir: string; files: Record<string, string> };

export type FolderReading = { prompts: LocalPrompt[]; problems: Problem[] };

const META_KEYS = new Set(["description", "visibility", "tags", "labels"]);

/** The folder must exist; prompts are its sub-folders holding a prompt.yaml. */
export function readFolder(root: string): FolderReading {
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) {
    throw new CliError(`No prompt folder at ${root}: run \`spechub pull ${root}\` first, or name the folder`);
  }
  const prompts: LocalPrompt[] = [];
  const problems: Problem[] = [];
  const entries = fs.readdirSync(root, { withFileTypes: true }).filter((entry) => entry.isDirectory());
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith(".")) continue;
    const dir = path.join(root, entry.name);
    const metaFile = path.join(dir, FILES.meta);
    if (!fs.existsSync(metaFile)) {
      problems.push({ file: dir, line: null, column: null, message: `missing ${FILES.meta}` });
      continue;
    }
    const found = readPrompt(entry.name, dir, problems);
    if (found) prompts.push(found);
  }
  return { prompts, problems };
}

function readPrompt(name: string, dir: string, problems: Problem[]): LocalPrompt | null {
  const before = problems.length;
  const files = {
    meta: path.join(dir, FILES.meta),
    system: path.join(dir, FILES.system),
    user: path.join(dir, FILES.user),
    schema: path.join(dir, FILES.schema),
  };
  if (!slugRule.pattern.test(name) || name.length < slugRule.minLength || name.length > slugRule.maxLength) {
    problems.push({
      file: dir,
      line: null,
      column: null,
      message: `the folder name is the prompt name: ${slugRule.minLength}-${slugRule.maxLength} lower-case letters, digits and '-'`,
    });
  }
  const meta = readMeta(files.meta, problems);
  const systemTemplate = readOptional(files.system);
  const userTemplate = readOptional(files.user);
  if (systemTemplate === null && userTemplate === null) {
    problems.push({ file: dir, line: null, column: null, message: `needs ${FILES.system} or ${FILES.user}` });
  }
  const inputSchema = readSchema(files.schema, problems);
  if (problems.length > before || !meta) return null;
  return {
    dir,
    files: {
      [FILES.meta]: files.meta,
      [FILES.system]: files.system,
      [FILES.user]: files.user,
      [FILES.schema]: files.schema,
    },
    content: { name, ...meta, systemTemplate, userTemplate, inputSchema },
  };
}

const readOptional = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, "utf8") : null);

type Meta = { description: string | null; visibility: Visibility; tags: string[] };

function readMeta(file: string, problems: Problem[]): Meta | null {
  const text = fs.readFileSync(file, "utf8");
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const at = (offset: number | undefined, message: string) => {
    const pos = offset === undefined ? null : lineCounter.linePos(offset);
    problems.push({ file, line: pos?.line ?? null, column: pos?.col ?? null, message });
  };
  if (doc.errors.length > 0) {
    for (const error of doc.errors) at(error.pos[0], error.message.split("\n")[0] ?? error.message);
    return null;
  }
  const root = doc.contents;
  if (root !== null && !isMap(root)) {
    at(root.range?.[0], "must be a mapping (description, visibility, tags)");
    return null;
  }
  const meta: Meta = { description: null, visibility: "private", tags: [] };
  const before = problems.length;
  for (const pair of root?.items ?? []) {
    const key = isScalar(pair.key) ? String(pair.key.value) : "";
    const keyOffset = isScalar(pair.key) ? pair.key.range?.[0] : undefined;
    const node = pair.value as { range?: [number, number, number]; toJSON?: () => unknown } | null;
    const value = node && typeof node.toJSON === "function" ? node.toJSON() : null;
    const valueOffset = node?.range?.[0] ?? keyOffset;
    if (!META_KEYS.has(key)) {
      at(keyOffset, `unknown key '${key}' (expected description, visibility, tags)`);
    } else if (key === "description") {
      if (value !== null && typeof value !== "string") at(valueOffset, "description must be text");
      else meta.description = value;
    } else if (key === "visibility") {
      if (!VISIBILITIES.includes(value as Visibility))
        at(valueOffset, `visibility must be one of ${VISIBILITIES.join(", ")}`);
      else meta.visibility = value as Visibility;
    } else if (key === "tags") {
      if (value === null) meta.tags = [];
      else if (!Array.isArray(value) || value.some((tag) => typeof tag !== "string" || tag.trim() === "")) {
        at(valueOffset, "tags must be a list of non-empty strings");
      } else if (value.length > tagsRule.maxItems) {
        at(valueOffset, `at most ${tagsRule.maxItems} tags`);
      } else if (value.some((tag: string) => tag.trim().length > tagRule.maxLength)) {
        at(valueOffset, `each tag has at most ${tagRule.maxLength} characters`);
      } else meta.tags = [...new Set((value as string[]).map((tag) => tag.trim()))]; // as the server stores them
    }
  }
  return problems.length > before ? null : meta;
}

function readSchema(file: string, problems: Problem[]): Record<string, unknown> | null {
  if (!fs.existsSync(file)) return null;
  const text = fs.readFileSync(file, "utf8");
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const { line, column } = jsonErrorPosition(text, (error as Error).message);
    problems.push({
      file,
      line,
      column,
      message: `invalid JSON: ${(error as Error).message.replace(/ in JSON.*$/, "")}`,
    });
    return null;
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    problems.push({ file, line: 1, column: 1, message: "the input schema must be a JSON object" });
    return null;
  }
  return parsed as Record<string, unknown>;
}

/** Where JSON.parse failed: Node names a position (or line and column) in its message. */
function jsonErrorPosition(text: string, message: string): { line: number; column: number } {
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  if (lineColumn) return { line: Number(lineColumn[1]), column: Number(lineColumn[2]) };
  const position = /position (\d+)/.exec(message);
  const offset = position ? Number(position[1]) : text.length;
  return positionOf(text, offset);
}

/** 1-based line and column of a character offset. */
export function positionOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split("\n");
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}
