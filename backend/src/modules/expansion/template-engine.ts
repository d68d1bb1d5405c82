import { Environment, parse, tokenize } from "@huggingface/jinja";
import { LRUCache } from "lru-cache";
import { AppError, unprocessable } from "../../http/errors.js";
import { BoundedInterpreter, limitExceeded, RenderBudget, type SharedRenderTime } from "./bounded-interpreter.js";
import { describeRenderFailure } from "./render-errors.js";
import type { RenderLimits } from "./render-limits.js";
import { locateSyntaxError } from "./template-locations.js";
import { findFreeNames, GLOBAL_NAMES, type Program } from "./template-syntax.js";

/**
 * Renders prompt templates with @huggingface/jinja, synchronously and within bounds.
 *
 * The interpreter renders undefined names as empty strings, so the variables a template reads
 * are found from its syntax tree before rendering and reported by name, unless the version's
 * input schema declares them: an optional input the caller leaves out is undefined, and falsy.
 * A hostile template cannot stall the process: every node the interpreter evaluates is counted
 * against a work budget and a wall-clock deadline, values are capped in size, `range()` is
 * capped in length, and nesting (macro recursion included) is capped in depth.
 */

export type PromptTemplates = {
  systemTemplate: string | null;
  userTemplate: string | null;
  /** The version's input-schema properties: those the caller leaves out render as undefined, which is falsy. */
  inputNames?: readonly string[];
};

export const DEFAULT_LIMITS: RenderLimits = {
  maxTemplateChars: 100_000,
  maxValueChars: 1024 * 1024,
  maxListItems: 100_000,
  maxRangeItems: 10_000,
  maxWork: 250_000,
  maxRenderMs: 1_000,
  maxNesting: 400,
  maxIndent: 100,
};

/** `include_prompt` nests at most this deep: three levels of included prompts render, the fourth is a marker. */
export const MAX_INCLUDE_DEPTH = 3;

const INCLUDE_PATTERN = /include_prompt\(\s*['"]([a-z0-9-]+)['"]\s*\)/g;

/** Names the templates include with a literal argument, in order of first appearance. */
export function findIncludedNames(sources: readonly (string | null | undefined)[]): string[] {
  const names = new Set<string>();
  for (const source of sources) {
    if (!source) continue;
    for (const match of source.matchAll(INCLUDE_PATTERN)) names.add(match[1] as string);
  }
  return [...names];
}

type CompiledTemplate = {
  program: Program;
  /** Names read before being defined, in order of first use. */
  freeNames: string[];
};

/** Parsed templates by source text; bounded by entries and by total source size. */
const compiled = new LRUCache<string, CompiledTemplate>({
  max: 256,
  maxSize: 2 * 1024 * 1024,
  // Sizes must be positive: an empty template counts as one character.
  sizeCalculation: (_template, source) => Math.max(1, source.length),
});

function compileTemplate(source: string, where: string, limits: RenderLimits): CompiledTemplate {
  if (source.length > limits.maxTemplateChars) {
    throw unprocessable(
      `Template is too large: ${where} has ${source.length} characters (max ${limits.maxTemplateChars})`,
      "template_too_large",
    );
  }
  const cached = compiled.get(source);
  if (cached) return cached;
  let template: CompiledTemplate;
  try {
    const program = parse(tokenize(source, {}));
    template = { program, freeNames: findFreeNames(program) };
  } catch (error) {
    // Parsing and the walk above recurse once per nesting level: a stack overflow means "too deep".
    if (error instanceof RangeError) {
      throw unprocessable(
        `Template syntax error: the template is nested too deeply${whereSuffix(where)}`,
        "template_syntax_error",
      );
    }
    const located = locateSyntaxError(source);
    const reason = located
      ? `${located.message} at line ${located.line}, column ${located.column}`
      : errorMessage(error);
    throw unprocessable(`Template syntax error: ${reason}${whereSuffix(where)}`, "template_syntax_error");
  }
  compiled.set(source, template);
  return template;
}

/** 422 when the source is not a valid template; for checking templates before they are saved. */
export function assertValidTemplate(source: string, where = "template", limits: RenderLimits = DEFAULT_LIMITS): void {
  compileTemplate(source, where, limits);
}

const whereSuffix = (where: string) => (where ? ` (in ${where})` : "");

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function undefinedVariableError(names: string[], where: string): AppError {
  const quoted = names.map((name) => `'${name}'`);
  const list = quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(", ")} and ${quoted.at(-1)}`;
  return unprocessable(
    `Template variable error: ${list} ${names.length === 1 ? "is" : "are"} undefined${whereSuffix(where)}`,
    "template_variable_error",
  );
}

export type RenderRequest = {
  templates: PromptTemplates;
  /** Variables every template of the expansion sees (caller input plus governance variables). */
  variables: Record<string, unknown>;
  /** Prompts `include_prompt` may render, already fetched and checked for visibility. */
  includes: ReadonlyMap<string, PromptTemplates>;
  limits?: Partial<RenderLimits>;
  /** Time this render shares with others of the same request (the steps of a workflow run). */
  sharedTime?: SharedRenderTime;
};

export type RenderedPrompt = { system: string | null; user: string };

const DEFAULT_USER_TEMPLATE = "{{ input }}";

/**
 * Renders a prompt's system and user templates with the given variables. Throws 422 AppErrors
 * naming the problem: syntax, undefined variables, or a limit the rendering exceeded.
 */
export function renderPrompt(request: RenderRequest): RenderedPrompt {
  const limits = { ...DEFAULT_LIMITS, ...request.limits };
  const budget = new RenderBudget(limits, request.sharedTime);
  const provided = new Set([...GLOBAL_NAMES, ...Object.keys(request.variables)]);
  const rendered = new Map<string, string>();

  const renderTemplates = (templates: PromptTemplates, depth: number, includedName: string | null): RenderedPrompt => {
    const owner = includedName === null ? "" : ` of included prompt '${includedName}'`;
    const system = templates.systemTemplate
      ? compileTemplate(templates.systemTemplate, `system_template${owner}`, limits)
      : null;
    const user = compileTemplate(templates.userTemplate || DEFAULT_USER_TEMPLATE, `user_template${owner}`, limits);
    // An included prompt sees the including prompt's variables, declared-but-absent ones too.
    const declared = new Set([...(request.templates.inputNames ?? []), ...(templates.inputNames ?? [])]);
    const missing = [...new Set([...(system?.freeNames ?? []), ...user.freeNames])].filter(
      (name) => !provided.has(name) && !declared.has(name),
    );
    if (missing.length > 0)
      throw undefinedVariableError(missing, includedName === null ? "" : `included prompt '${includedName}'`);
    return {
      system: system ? run(system.program, depth) : null,
      user: run(user.program, depth),
    };
  };

  const includePrompt = (depth: number) => (name: unknown) => {
    if (typeof name !== "string") {
      throw unprocessable("Template rendering error: include_prompt() expects a prompt name", "template_render_error");
    }
    if (depth >= MAX_INCLUDE_DEPTH) return `[include_prompt('${name}'): max depth (${MAX_INCLUDE_DEPTH}) exceeded]`;
    const included = request.includes.get(name);
    if (!included) return `[include_prompt('${name}'): prompt not found]`;
    const key = `${depth + 1}:${name}`;
    const cached = rendered.get(key);
    if (cached !== undefined) return cached;
    const parts = renderTemplates(included, depth + 1, name);
    const text = parts.system ? `${parts.system}\n\n${parts.user}` : parts.user;
    rendered.set(key, text);
    return text;
  };

  // Caller values are converted once and shared; each run gets its own scope on top, so names a
  // template sets stay in that run, and `include_prompt` knows the depth it was called from.
  let variables: Environment;
  try {
    variables = new Environment(globalEnvironment(limits));
    const mentioned = mentionedIn(request);
    for (const [key, value] of Object.entries(request.variables)) {
      // Converting lists and objects into the interpreter's values costs more than most renders
      // (the `governance` lists: ~0.2 ms with 40 policies); one that no template of this
      // expansion spells out cannot be read, so it is left out.
      if (value !== null && typeof value === "object" && !mentioned(key)) continue;
      variables.variables.delete(key);
      variables.set(key, value);
    }
  } catch (error) {
    throw unprocessable(`Template variables could not be prepared: ${errorMessage(error)}`, "template_render_error");
  }

  const run = (program: Program, depth: number): string => {
    const environment = new Environment(variables);
    // Every scope starts with its own `namespace`; this one defers to the caller's, if any.
    environment.variables.delete("namespace");
    environment.set("include_prompt", includePrompt(depth));
    try {
      const output = new BoundedInterpreter(environment, budget).run(program).value;
      return typeof output === "string" ? output : String(output ?? "");
    } catch (error) {
      if (error instanceof AppError) throw error;
      if (error instanceof RangeError) {
        throw limitExceeded(`Template rendering exceeded a size or depth limit (${error.message})`);
      }
      throw unprocessable(`Template rendering error: ${describeRenderFailure(error)}`, "template_render_error");
    }
  };

  try {
    const result = renderTemplates(request.templates, 0, null);
    budget.checkText((result.system?.length ?? 0) + result.user.length);
    return result;
  } finally {
    budget.finish();
  }
}

/** Whether any template the expansion may render (its own, or an included prompt's) contains `name`. */
function mentionedIn(request: RenderRequest): (name: string) => boolean {
  const sources: string[] = [];
  for (const templates of [request.templates, ...request.includes.values()]) {
    if (templates.systemTemplate) sources.push(templates.systemTemplate);
    sources.push(templates.userTemplate || DEFAULT_USER_TEMPLATE);
  }
  return (name) => sources.some((source) => source.includes(name));
}

function globalEnvironment(limits: RenderLimits): Environment {
  const environment = new Environment();
  environment.set("true", true);
  environment.set("false", false);
  environment.set("none", null);
  environment.set("True", true);
  environment.set("False", false);
  environment.set("None", null);
  environment.set("range", (...args: unknown[]) => boundedRange(args, limits.maxRangeItems));
  environment.set("raise_exception", (message: unknown) => {
    throw unprocessable(`Template error: ${String(message ?? "raise_exception() called")}`, "template_error");
  });
  return environment;
}

function boundedRange(args: unknown[], maxItems: number): number[] {
  if (args.length === 0 || args.length > 3 || !args.every((arg) => Number.isInteger(arg))) {
    throw unprocessable("Template rendering error: range() expects one to three integers", "template_render_error");
  }
  const [a, b, c] = args as number[];
  const [start, stop, step] = b === undefined ? [0, a as number, 1] : [a as number, b, c ?? 1];
  if (step === 0)
    throw unprocessable("Template rendering error: range() step must not be zero", "template_render_error");
  const count = Math.max(0, Math.ceil((stop - start) / step));
  if (count > maxItems) throw limitExceeded(`range() is limited to ${maxItems} items (asked for ${count})`);
  return Array.from({ length: count }, (_, i) => start + i * step);
}
