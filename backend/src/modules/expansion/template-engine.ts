import { Environment, Interpreter, parse, tokenize } from "@huggingface/jinja";
import { AppError, unprocessable } from "../../http/errors.js";

/**
 * Renders prompt templates with @huggingface/jinja, synchronously and within bounds.
 *
 * The interpreter renders undefined names as empty strings, so the variables a template reads
 * are found from its syntax tree before rendering and reported by name. A hostile template
 * cannot stall the process: every node the interpreter evaluates is counted against a work
 * budget and a wall-clock deadline, values are capped in size, `range()` is capped in length,
 * and nesting (macro recursion included) is capped in depth.
 */

export type PromptTemplates = { systemTemplate: string | null; userTemplate: string | null };

export type RenderLimits = {
  /** Characters per template source. */
  maxTemplateChars: number;
  /** Characters of any value produced while rendering, and of each rendered message. */
  maxValueChars: number;
  /** Items of any list produced while rendering. */
  maxListItems: number;
  /** Items one `range()` call may produce. */
  maxRangeItems: number;
  /** Work units per expansion: one per node evaluated, plus loop iterations and produced text. */
  maxWork: number;
  /** Wall-clock time per expansion, checked between evaluation steps. */
  maxRenderMs: number;
  /** Nested evaluation depth; bounds macro recursion. */
  maxNesting: number;
  /** Widths accepted by the `indent` and `tojson` filters. */
  maxIndent: number;
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

/** Names every template can use without the caller providing them. */
const GLOBAL_NAMES = new Set([
  "include_prompt",
  "range",
  "namespace",
  "raise_exception",
  "true",
  "false",
  "none",
  "True",
  "False",
  "None",
]);

// @huggingface/jinja does not export its syntax-tree classes, so nodes are read structurally;
// field names follow the library's ast.d.ts.

type Node = { type: string } & Record<string, unknown>;
type Program = ReturnType<typeof parse>;

const node = (value: unknown): Node | undefined =>
  value && typeof value === "object" && typeof (value as Node).type === "string" ? (value as Node) : undefined;
const nodes = (value: unknown): Node[] => (Array.isArray(value) ? value.map(node).filter((n): n is Node => !!n) : []);
const identifierName = (value: unknown): string | undefined => {
  const n = node(value);
  return n?.type === "Identifier" ? (n.value as string) : undefined;
};

/** Loop iterables of every compiled template: evaluating one charges the budget per item. */
const loopIterables = new WeakSet<object>();

type CompiledTemplate = {
  program: Program;
  /** Names read before being defined, in order of first use. */
  freeNames: string[];
};

/** Parsed templates by source text; bounded by entries and by total source size. */
const compiled = new Map<string, CompiledTemplate>();
let compiledChars = 0;
const CACHE_MAX_ENTRIES = 256;
const CACHE_MAX_CHARS = 2 * 1024 * 1024;

function compileTemplate(source: string, where: string, limits: RenderLimits): CompiledTemplate {
  if (source.length > limits.maxTemplateChars) {
    throw unprocessable(
      `Template is too large: ${where} has ${source.length} characters (max ${limits.maxTemplateChars})`,
      "template_too_large",
    );
  }
  const cached = compiled.get(source);
  if (cached) {
    compiled.delete(source);
    compiled.set(source, cached);
    return cached;
  }
  let template: CompiledTemplate;
  try {
    const program = parse(tokenize(source, {}));
    template = { program, freeNames: findFreeNames(program) };
  } catch (error) {
    // Parsing and the walk above recurse once per nesting level: a stack overflow means "too deep".
    const reason = error instanceof RangeError ? "the template is nested too deeply" : errorMessage(error);
    throw unprocessable(`Template syntax error: ${reason}${whereSuffix(where)}`, "template_syntax_error");
  }
  compiled.set(source, template);
  compiledChars += source.length;
  for (const [key] of compiled) {
    if (compiled.size <= CACHE_MAX_ENTRIES && compiledChars <= CACHE_MAX_CHARS) break;
    compiled.delete(key);
    compiledChars -= key.length;
  }
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

class Scope {
  readonly names = new Set<string>();
  constructor(
    readonly parent: Scope | null,
    /** Guard scopes (inside `if x is defined`) hold names but let assignments through to the parent. */
    readonly guard = false,
  ) {}
  has(name: string): boolean {
    return this.names.has(name) || (this.parent?.has(name) ?? false);
  }
  define(name: string): void {
    if (this.guard && this.parent) this.parent.define(name);
    else this.names.add(name);
  }
  guarded(names: Set<string>): Scope {
    if (names.size === 0) return this;
    const scope = new Scope(this, true);
    for (const name of names) scope.names.add(name);
    return scope;
  }
}

type Guards = { whenTrue: Set<string>; whenFalse: Set<string> };
const NO_GUARDS: Guards = { whenTrue: new Set(), whenFalse: new Set() };

/** Names a test proves defined when it is true, and when it is false. */
function guardsOf(test: Node | undefined): Guards {
  if (!test) return NO_GUARDS;
  if (test.type === "TestExpression") {
    const name = identifierName(test.operand);
    const kind = identifierName(test.test);
    if (!name || (kind !== "defined" && kind !== "undefined")) return NO_GUARDS;
    const provesDefined = (kind === "defined") !== (test.negate === true);
    return provesDefined
      ? { whenTrue: new Set([name]), whenFalse: new Set() }
      : { whenTrue: new Set(), whenFalse: new Set([name]) };
  }
  if (test.type === "UnaryExpression" && (test.operator as { value?: string })?.value === "not") {
    const inner = guardsOf(node(test.argument));
    return { whenTrue: inner.whenFalse, whenFalse: inner.whenTrue };
  }
  if (test.type === "BinaryExpression") {
    const operator = (test.operator as { value?: string })?.value;
    const left = guardsOf(node(test.left));
    const right = guardsOf(node(test.right));
    if (operator === "and") {
      return {
        whenTrue: union(left.whenTrue, right.whenTrue),
        whenFalse: intersection(left.whenFalse, right.whenFalse),
      };
    }
    if (operator === "or") {
      return {
        whenTrue: intersection(left.whenTrue, right.whenTrue),
        whenFalse: union(left.whenFalse, right.whenFalse),
      };
    }
  }
  return NO_GUARDS;
}

const union = (a: Set<string>, b: Set<string>) => new Set([...a, ...b]);
const intersection = (a: Set<string>, b: Set<string>) => new Set([...a].filter((name) => b.has(name)));

const DEFAULT_FILTERS = new Set(["default", "d"]);

function findFreeNames(program: Program): string[] {
  const free = new Set<string>();
  // Macro bodies run when called, so they are checked once the whole template has been seen.
  const deferred: (() => void)[] = [];

  const read = (name: string, scope: Scope) => {
    if (!scope.has(name)) free.add(name);
  };

  const defineTarget = (target: Node | undefined, scope: Scope) => {
    if (!target) return;
    if (target.type === "Identifier") scope.define(target.value as string);
    else if (target.type === "TupleLiteral") for (const item of nodes(target.value)) defineTarget(item, scope);
  };

  const statements = (list: Node[], scope: Scope) => {
    for (const item of list) statement(item, scope);
  };

  const defineParameters = (parameters: Node[], scope: Scope) => {
    for (const parameter of parameters) {
      if (parameter.type === "Identifier") scope.define(parameter.value as string);
      else if (parameter.type === "KeywordArgumentExpression") {
        expression(node(parameter.value), scope);
        scope.define(identifierName(parameter.key) as string);
      }
    }
    for (const special of ["varargs", "kwargs", "caller"]) scope.define(special);
  };

  const statement = (n: Node, scope: Scope): void => {
    switch (n.type) {
      case "Program":
        statements(nodes(n.body), scope);
        return;
      case "Set": {
        const assignee = node(n.assignee);
        if (n.value) expression(node(n.value), scope);
        else statements(nodes(n.body), scope);
        if (assignee?.type === "MemberExpression") expression(node(assignee.object), scope);
        else defineTarget(assignee, scope);
        return;
      }
      case "If": {
        const test = node(n.test);
        expression(test, scope);
        const guards = guardsOf(test);
        statements(nodes(n.body), scope.guarded(guards.whenTrue));
        statements(nodes(n.alternate), scope.guarded(guards.whenFalse));
        return;
      }
      case "For": {
        const iterable = node(n.iterable);
        const loopScope = new Scope(scope);
        defineTarget(node(n.loopvar), loopScope);
        loopScope.define("loop");
        if (iterable?.type === "SelectExpression") {
          const source = node(iterable.lhs);
          if (source) loopIterables.add(source);
          expression(source, scope);
          expression(node(iterable.test), loopScope);
        } else {
          if (iterable) loopIterables.add(iterable);
          expression(iterable, scope);
        }
        statements(nodes(n.body), loopScope);
        statements(nodes(n.defaultBlock), new Scope(scope));
        return;
      }
      case "Macro": {
        const name = identifierName(n.name);
        if (name) scope.define(name);
        deferred.push(() => {
          const macroScope = new Scope(scope);
          defineParameters(nodes(n.args), macroScope);
          statements(nodes(n.body), macroScope);
        });
        return;
      }
      case "CallStatement": {
        expression(node(n.call), scope);
        const callerScope = new Scope(scope);
        defineParameters(nodes(n.callerArgs), callerScope);
        statements(nodes(n.body), callerScope);
        return;
      }
      case "FilterStatement":
        statements(nodes(n.body), scope);
        filterArguments(node(n.filter), scope);
        return;
      case "Break":
      case "Continue":
      case "Comment":
        return;
      default:
        expression(n, scope);
    }
  };

  const filterArguments = (filter: Node | undefined, scope: Scope) => {
    if (filter?.type === "CallExpression") for (const argument of nodes(filter.args)) expression(argument, scope);
  };

  const expression = (n: Node | undefined, scope: Scope): void => {
    if (!n) return;
    switch (n.type) {
      case "Identifier":
        read(n.value as string, scope);
        return;
      case "StringLiteral":
      case "IntegerLiteral":
      case "FloatLiteral":
        return;
      case "ArrayLiteral":
      case "TupleLiteral":
        for (const item of nodes(n.value)) expression(item, scope);
        return;
      case "ObjectLiteral":
        for (const [key, value] of (n.value as Map<unknown, unknown>) ?? []) {
          expression(node(key), scope);
          expression(node(value), scope);
        }
        return;
      case "MemberExpression":
        expression(node(n.object), scope);
        if (n.computed) expression(node(n.property), scope);
        return;
      case "SliceExpression":
        expression(node(n.start), scope);
        expression(node(n.stop), scope);
        expression(node(n.step), scope);
        return;
      case "CallExpression":
        expression(node(n.callee), scope);
        for (const argument of nodes(n.args)) expression(argument, scope);
        return;
      case "KeywordArgumentExpression":
        expression(node(n.value), scope);
        return;
      case "SpreadExpression":
      case "KeywordSpreadExpression":
      case "UnaryExpression":
        expression(node(n.argument), scope);
        return;
      case "BinaryExpression": {
        const left = node(n.left);
        expression(left, scope);
        const operator = (n.operator as { value?: string })?.value;
        const guards = guardsOf(left);
        const rightScope =
          operator === "and"
            ? scope.guarded(guards.whenTrue)
            : operator === "or"
              ? scope.guarded(guards.whenFalse)
              : scope;
        expression(node(n.right), rightScope);
        return;
      }
      case "FilterExpression": {
        const filter = node(n.filter);
        const filterName = filter?.type === "CallExpression" ? identifierName(filter.callee) : identifierName(filter);
        const operand = node(n.operand);
        // `x | default(...)` is how a template says x is optional.
        if (!(operand?.type === "Identifier" && filterName && DEFAULT_FILTERS.has(filterName)))
          expression(operand, scope);
        filterArguments(filter, scope);
        return;
      }
      case "TestExpression": {
        const kind = identifierName(n.test);
        const operand = node(n.operand);
        if (!(operand?.type === "Identifier" && (kind === "defined" || kind === "undefined")))
          expression(operand, scope);
        return;
      }
      case "SelectExpression": {
        const test = node(n.test);
        expression(test, scope);
        expression(node(n.lhs), scope.guarded(guardsOf(test).whenTrue));
        return;
      }
      case "Ternary": {
        const condition = node(n.condition);
        expression(condition, scope);
        const guards = guardsOf(condition);
        expression(node(n.trueExpr), scope.guarded(guards.whenTrue));
        expression(node(n.falseExpr), scope.guarded(guards.whenFalse));
        return;
      }
      default:
        return;
    }
  };

  const root = new Scope(null);
  statement(program as unknown as Node, root);
  while (deferred.length > 0) deferred.shift()?.();
  return [...free];
}

function undefinedVariableError(names: string[], where: string): AppError {
  const quoted = names.map((name) => `'${name}'`);
  const list = quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(", ")} and ${quoted.at(-1)}`;
  return unprocessable(
    `Template variable error: ${list} ${names.length === 1 ? "is" : "are"} undefined${whereSuffix(where)}`,
    "template_variable_error",
  );
}

const CLOCK_CHECK_INTERVAL = 256;

const limitExceeded = (detail: string) => unprocessable(detail, "template_limit_exceeded");

class RenderBudget {
  private work = 0;
  private nextClockCheck = 0;
  private nesting = 0;
  private readonly deadline: number;

  constructor(readonly limits: RenderLimits) {
    this.deadline = performance.now() + limits.maxRenderMs;
  }

  enter(): void {
    if (++this.nesting > this.limits.maxNesting) {
      throw limitExceeded(
        `Template nesting is too deep (more than ${this.limits.maxNesting} levels), as with a macro that calls itself`,
      );
    }
    this.charge(1);
  }

  exit(): void {
    this.nesting--;
  }

  charge(units: number): void {
    this.work += units;
    if (this.work > this.limits.maxWork) {
      throw limitExceeded(
        `Template rendering exceeded its work limit (${this.limits.maxWork} steps): loops or included prompts do too much work`,
      );
    }
    // Reading the clock on every step would cost more than the step itself.
    if (this.work >= this.nextClockCheck) {
      this.nextClockCheck = this.work + CLOCK_CHECK_INTERVAL;
      if (performance.now() > this.deadline) {
        throw limitExceeded(`Template rendering took longer than ${this.limits.maxRenderMs} ms`);
      }
    }
  }

  checkText(length: number): void {
    if (length > this.limits.maxValueChars) {
      throw limitExceeded(`Template output is too large (more than ${this.limits.maxValueChars} characters)`);
    }
  }

  checkList(length: number): void {
    if (length > this.limits.maxListItems) {
      throw limitExceeded(`Template produced a list of more than ${this.limits.maxListItems} items`);
    }
  }
}

type RuntimeValue = { type: string; value: unknown };
type Statement = Node;

/** The interpreter's internals this module hooks into (declared private in its typings). */
type HookableInterpreter = {
  run(program: Program): RuntimeValue;
  evaluate(statement: Statement | undefined, environment: Environment): RuntimeValue;
  applyFilter(operand: RuntimeValue, filter: Statement, environment: Environment): RuntimeValue;
};
const InterpreterBase = Interpreter as unknown as new (environment: Environment) => HookableInterpreter;

/** Nodes whose result is an existing value rather than newly produced work. */
const LOOKUPS = new Set(["Identifier", "MemberExpression", "StringLiteral", "IntegerLiteral", "FloatLiteral"]);
const INDENTING_FILTERS = new Set(["indent", "tojson"]);
const WIDTH_ARGUMENTS = new Set(["width", "indent"]);

class BoundedInterpreter extends InterpreterBase {
  constructor(
    environment: Environment,
    private readonly budget: RenderBudget,
  ) {
    super(environment);
  }

  override evaluate(statement: Statement | undefined, environment: Environment): RuntimeValue {
    const budget = this.budget;
    budget.enter();
    try {
      const result = super.evaluate(statement, environment);
      const value = result.value;
      if (typeof value === "string") {
        budget.checkText(value.length);
        if (statement && !LOOKUPS.has(statement.type)) budget.charge(value.length >> 6);
      } else if (Array.isArray(value)) {
        budget.checkList(value.length);
        if (statement && !LOOKUPS.has(statement.type)) budget.charge(value.length);
      }
      if (statement && loopIterables.has(statement)) {
        budget.charge(Array.isArray(value) ? value.length : value instanceof Map ? value.size : 0);
      }
      return result;
    } finally {
      budget.exit();
    }
  }

  override applyFilter(operand: RuntimeValue, filter: Statement, environment: Environment): RuntimeValue {
    // Both filters build their padding with String.repeat: a huge width is a huge allocation.
    if (filter.type === "CallExpression" && INDENTING_FILTERS.has(identifierName(filter.callee) ?? "")) {
      for (const argument of nodes(filter.args)) {
        const width =
          argument.type !== "KeywordArgumentExpression"
            ? argument
            : WIDTH_ARGUMENTS.has(identifierName(argument.key) ?? "")
              ? node(argument.value)
              : undefined;
        const value = width && this.evaluate(width, environment).value;
        if (typeof value === "number" && Math.abs(value) > this.budget.limits.maxIndent) {
          throw limitExceeded(`Indentation width ${value} is too large (max ${this.budget.limits.maxIndent})`);
        }
      }
    }
    return super.applyFilter(operand, filter, environment);
  }
}

export type RenderRequest = {
  templates: PromptTemplates;
  /** Variables every template of the expansion sees (caller input plus governance variables). */
  variables: Record<string, unknown>;
  /** Prompts `include_prompt` may render, already fetched and checked for visibility. */
  includes: ReadonlyMap<string, PromptTemplates>;
  limits?: Partial<RenderLimits>;
};

export type RenderedPrompt = { system: string | null; user: string };

const DEFAULT_USER_TEMPLATE = "{{ input }}";

/**
 * Renders a prompt's system and user templates with the given variables. Throws 422 AppErrors
 * naming the problem: syntax, undefined variables, or a limit the rendering exceeded.
 */
export function renderPrompt(request: RenderRequest): RenderedPrompt {
  const limits = { ...DEFAULT_LIMITS, ...request.limits };
  const budget = new RenderBudget(limits);
  const provided = new Set([...GLOBAL_NAMES, ...Object.keys(request.variables)]);
  const rendered = new Map<string, string>();

  const renderTemplates = (templates: PromptTemplates, depth: number, includedName: string | null): RenderedPrompt => {
    const owner = includedName === null ? "" : ` of included prompt '${includedName}'`;
    const system = templates.systemTemplate
      ? compileTemplate(templates.systemTemplate, `system_template${owner}`, limits)
      : null;
    const user = compileTemplate(templates.userTemplate || DEFAULT_USER_TEMPLATE, `user_template${owner}`, limits);
    const missing = [...new Set([...(system?.freeNames ?? []), ...user.freeNames])].filter(
      (name) => !provided.has(name),
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
    for (const [key, value] of Object.entries(request.variables)) {
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
      throw unprocessable(`Template rendering error: ${errorMessage(error)}`, "template_render_error");
    }
  };

  const result = renderTemplates(request.templates, 0, null);
  budget.checkText((result.system?.length ?? 0) + result.user.length);
  return result;
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
