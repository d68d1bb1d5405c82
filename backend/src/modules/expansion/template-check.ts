import { parse, tokenize } from "@huggingface/jinja";
import { inputPropertyNames } from "./schema-defaults.js";
import { DEFAULT_LIMITS } from "./template-engine.js";
import { findNameOffsets, locateSyntaxError, positionAt } from "./template-locations.js";
import { findFreeNames, GLOBAL_NAMES, type Node, node, type Program } from "./template-syntax.js";

/**
 * The checks a version passes before it is saved, so that what saves renders for every caller:
 * templates parse, every variable they read is declared in the input schema (or is a governance
 * variable, or is defined by the template), governance strings are not looped over, and input
 * schemas do not declare the names governance fills. The web editor asks for the same checks
 * while the author types.
 */

/** Filled by governance for every expansion; an input property or workflow step id of these names would be overwritten. */
export const RESERVED_VARIABLES = ["policies", "objectives", "governance"] as const;
const RESERVED = new Set<string>(RESERVED_VARIABLES);

export const isReservedVariable = (name: string) => RESERVED.has(name);

export type TemplateField = "system_template" | "user_template" | "input_schema";

export type TemplateProblem = {
  field: TemplateField;
  /** 1-based; null when the problem has no one place (a schema property, say). */
  line: number | null;
  column: number | null;
  message: string;
  code:
    | "template_syntax_error"
    | "unknown_variable"
    | "reserved_name"
    | "governance_loop"
    | "unknown_include"
    | "invalid_input_schema";
  /** The variable or prompt name the problem is about, if any. */
  name?: string;
};

export type TemplateVariable = {
  name: string;
  /** `input`: declared in the input schema; `governance`: filled by governance; `unknown`: neither (refused at save). */
  kind: "input" | "governance" | "unknown";
  /** Where it is first read. */
  field: Exclude<TemplateField, "input_schema">;
  line: number;
  column: number;
};

export type VersionTemplates = {
  systemTemplate?: string | null;
  userTemplate?: string | null;
  inputSchema: Record<string, unknown>;
};

export type TemplateCheck = {
  problems: TemplateProblem[];
  variables: TemplateVariable[];
  /** Prompts the templates include by literal name, with where each is first named. */
  includes: { name: string; field: Exclude<TemplateField, "input_schema">; line: number; column: number }[];
};

const INCLUDE_CALL = /include_prompt\(\s*['"]([a-z0-9-]+)['"]\s*\)/g;

/** `{% for … in policies %}` style loops over the governance strings, with the offset of the name. */
function governanceLoops(program: Program, source: string): { name: string; offset: number }[] {
  const loops: { name: string; offset: number }[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    const n = node(value);
    if (!n) return;
    if (n.type === "For") {
      const iterable = node(n.iterable);
      const source_ = iterable?.type === "SelectExpression" ? node(iterable.lhs) : iterable;
      if (source_?.type === "Identifier" && (source_.value === "policies" || source_.value === "objectives")) {
        const name = source_.value as string;
        const match = new RegExp(`\\bin\\s+${name}\\b`).exec(source);
        loops.push({ name, offset: match ? match.index + match[0].length - name.length : 0 });
      }
    }
    for (const [key, child] of Object.entries(n as Node)) if (key !== "type") visit(child);
  };
  visit(program);
  return loops;
}

function checkTemplate(
  field: Exclude<TemplateField, "input_schema">,
  source: string,
  declared: Set<string>,
  check: TemplateCheck,
): void {
  if (source.length > DEFAULT_LIMITS.maxTemplateChars) {
    check.problems.push({
      field,
      line: null,
      column: null,
      message: `${field} has ${source.length} characters (max ${DEFAULT_LIMITS.maxTemplateChars})`,
      code: "template_syntax_error",
    });
    return;
  }
  let program: Program;
  try {
    program = parse(tokenize(source, {}));
  } catch (error) {
    const located = error instanceof RangeError ? null : locateSyntaxError(source);
    check.problems.push({
      field,
      line: located?.line ?? null,
      column: located?.column ?? null,
      message: located?.message ?? "the template is nested too deeply",
      code: "template_syntax_error",
    });
    return;
  }
  let freeNames: string[];
  try {
    freeNames = findFreeNames(program);
  } catch {
    check.problems.push({
      field,
      line: null,
      column: null,
      message: "the template is nested too deeply",
      code: "template_syntax_error",
    });
    return;
  }
  const offsets = findNameOffsets(source);
  for (const name of freeNames) {
    if (GLOBAL_NAMES.has(name) && !declared.has(name)) continue;
    if (check.variables.some((variable) => variable.name === name)) continue;
    const kind = declared.has(name) ? "input" : RESERVED.has(name) ? "governance" : "unknown";
    const position = positionAt(source, offsets.get(name) ?? 0);
    check.variables.push({ name, kind, field, ...position });
    if (kind === "unknown") {
      check.problems.push({
        field,
        ...position,
        message: `'${name}' is not in the input schema: add it to input_schema's properties, or set it in the template`,
        code: "unknown_variable",
        name,
      });
    }
  }
  for (const loop of governanceLoops(program, source)) {
    check.problems.push({
      field,
      ...positionAt(source, loop.offset),
      message: `'${loop.name}' is text, one item per line, so {% for %} cannot loop over it: loop over governance.${loop.name}, a list for every caller`,
      code: "governance_loop",
      name: loop.name,
    });
  }
  for (const match of source.matchAll(INCLUDE_CALL)) {
    const name = match[1] as string;
    if (check.includes.some((include) => include.name === name)) continue;
    check.includes.push({ name, field, ...positionAt(source, match.index) });
  }
}

/**
 * Checks a version's templates against its input schema without rendering them. Problems come in
 * template order, each with its line and column; `variables` lists every name the templates read.
 * Whether included prompts exist depends on who asks: see `includes`.
 */
export function checkVersionTemplates(version: VersionTemplates): TemplateCheck {
  const check: TemplateCheck = { problems: [], variables: [], includes: [] };
  const properties = inputPropertyNames(version.inputSchema);
  for (const name of properties.filter(isReservedVariable)) {
    check.problems.push({
      field: "input_schema",
      line: null,
      column: null,
      message: `input_schema property '${name}' is reserved: governance fills '${name}' for every caller, so rename the property`,
      code: "reserved_name",
      name,
    });
  }
  const declared = new Set(properties.filter((name) => !isReservedVariable(name)));
  if (version.systemTemplate) checkTemplate("system_template", version.systemTemplate, declared, check);
  // An empty user template renders the input, as expansion does.
  checkTemplate("user_template", version.userTemplate || "{{ input }}", declared, check);
  return check;
}

/** The problems as one 422 detail, each in the words expansion uses for the same problem. */
export function describeProblems(problems: TemplateProblem[]): string {
  return problems
    .map((problem) => {
      const at = problem.line === null ? "" : ` at line ${problem.line}, column ${problem.column}`;
      const kind =
        problem.code === "template_syntax_error"
          ? "Template syntax error"
          : problem.code === "reserved_name" || problem.code === "invalid_input_schema"
            ? "Input schema error"
            : problem.code === "unknown_include"
              ? "Template include error"
              : "Template variable error";
      return `${kind}: ${problem.message}${at} (in ${problem.field})`;
    })
    .join("; ");
}
