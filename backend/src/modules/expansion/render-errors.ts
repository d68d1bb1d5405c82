import { identifierName, type Node, node } from "./template-syntax.js";

/**
 * Render failures in the author's terms. The interpreter's messages name its own value classes
 * ("Expected iterable or object type in for loop: got StringValue"); the metered interpreter
 * records the innermost node each failure came from, and this module turns the two into a
 * message naming the template variable and saying what was expected.
 */

/** The innermost syntax-tree node each failure was thrown from; filled by the metered interpreter. */
export const failedNodes = new WeakMap<object, Node>();

export function recordFailedNode(error: unknown, statement: Node | undefined): void {
  if (statement && error !== null && typeof error === "object" && !failedNodes.has(error)) {
    failedNodes.set(error, statement);
  }
}

const VALUE_KINDS: Record<string, string> = {
  ArrayValue: "a list",
  TupleValue: "a list",
  BooleanValue: "a boolean",
  FloatValue: "a number",
  IntegerValue: "a number",
  FunctionValue: "a function",
  KeywordArgumentsValue: "keyword arguments",
  NamespaceValue: "a namespace",
  NullValue: "none",
  NumericValue: "a number",
  ObjectValue: "a mapping",
  RuntimeValue: "a value",
  StringValue: "text",
  UndefinedValue: "undefined",
};

/** Governance strings people try to loop over, and the list that holds the same items. */
const GOVERNANCE_LISTS: Record<string, string> = {
  policies: "governance.policies (items with name, content and source)",
  objectives: "governance.objectives (items with title, description and source)",
};

const kindOf = (typeName: string) => VALUE_KINDS[typeName] ?? "a value";

/** Value-class names anywhere in a message, in plain words. */
export function readableValueKinds(message: string): string {
  return message.replace(/\b([A-Z][A-Za-z]*Value)\b/g, (name) => kindOf(name));
}

/** How an expression reads in the template, for the simple ones people name in messages. */
export function expressionText(value: unknown): string | null {
  const n = node(value);
  if (!n) return null;
  switch (n.type) {
    case "Identifier":
      return n.value as string;
    case "StringLiteral":
      return `'${n.value as string}'`;
    case "IntegerLiteral":
    case "FloatLiteral":
      return String(n.value);
    case "MemberExpression": {
      const object = expressionText(n.object);
      if (object === null) return null;
      const property = n.computed ? expressionText(n.property) : identifierName(n.property);
      if (property === null || property === undefined) return null;
      return n.computed ? `${object}[${property}]` : `${object}.${property}`;
    }
    case "CallExpression": {
      const callee = expressionText(n.callee);
      return callee === null ? null : `${callee}(…)`;
    }
    case "BinaryExpression": {
      const left = expressionText(n.left);
      const right = expressionText(n.right);
      const operator = (n.operator as { value?: string })?.value;
      return left === null || right === null || !operator ? null : `${left} ${operator} ${right}`;
    }
    case "FilterExpression": {
      const operand = expressionText(n.operand);
      const filter = node(n.filter);
      const name = filter?.type === "CallExpression" ? identifierName(filter.callee) : identifierName(filter);
      return operand === null || !name ? null : `${operand} | ${name}`;
    }
    default:
      return null;
  }
}

function loopMessage(loop: Node, typeName: string): string {
  const iterable = node(loop.iterable);
  const source = iterable?.type === "SelectExpression" ? node(iterable.lhs) : iterable;
  const name = expressionText(source);
  const subject = name === null ? "the value" : `'${name}'`;
  const message = `{% for %} needs a list or a mapping to loop over, but ${subject} is ${kindOf(typeName)}`;
  const list = name === null ? undefined : GOVERNANCE_LISTS[name];
  return list ? `${message} (one item per line): loop over ${list} instead` : message;
}

/** The failure's message in template terms, naming the expression it happened in. */
export function describeRenderFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const failed = error !== null && typeof error === "object" ? failedNodes.get(error) : undefined;

  const loop = /^Expected iterable or object type in for loop: got (\w+)/.exec(message);
  if (loop && failed?.type === "For") return loopMessage(failed, loop[1] as string);

  const filterOnType = /^Cannot apply filter "(\w+)" to type: (\w+)/.exec(message);
  const unknownFilter = /^Unknown (\w+Value) filter: (\w+)/.exec(message);
  if ((filterOnType || unknownFilter) && failed?.type === "FilterExpression") {
    const [filterName, typeName] = filterOnType
      ? [filterOnType[1] as string, filterOnType[2] as string]
      : [unknownFilter?.[2] as string, unknownFilter?.[1] as string];
    const operand = expressionText(failed.operand);
    const subject = operand === null ? "the value" : `'${operand}'`;
    return `the filter '${filterName}' does not apply to ${subject}, which is ${kindOf(typeName)}`;
  }

  const notCallable = /^Cannot call something that is not a function: got (\w+)/.exec(message);
  if (notCallable && failed?.type === "CallExpression") {
    const callee = expressionText(failed.callee);
    return `${callee === null ? "the value" : `'${callee}'`} is ${kindOf(notCallable[1] as string)}, not a function`;
  }

  const where = expressionText(failed);
  const readable = readableValueKinds(message);
  return where === null ? readable : `${readable} (in '${where}')`;
}
