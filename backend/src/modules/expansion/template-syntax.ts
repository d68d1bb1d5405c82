import type { parse } from "@huggingface/jinja";

/**
 * Reading templates' syntax trees: which names a template uses without defining them, so that
 * an undefined variable is reported by name instead of rendering as an empty string.
 */

/** Names every template can use without the caller providing them. */
export const GLOBAL_NAMES = new Set([
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

/** Loop iterables of every analysed template: the interpreter charges its budget per item of these. */
export const loopIterables = new WeakSet<object>();

export type Node = { type: string } & Record<string, unknown>;
export type Program = ReturnType<typeof parse>;

export const node = (value: unknown): Node | undefined =>
  value && typeof value === "object" && typeof (value as Node).type === "string" ? (value as Node) : undefined;
export const nodes = (value: unknown): Node[] =>
  Array.isArray(value) ? value.map(node).filter((n): n is Node => !!n) : [];
export const identifierName = (value: unknown): string | undefined => {
  const n = node(value);
  return n?.type === "Identifier" ? (n.value as string) : undefined;
};

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

/** Names a template reads before defining them (set, loops, macros), in order of first use. */
export function findFreeNames(program: Program): string[] {
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
