import { AppError, unprocessable } from "../../http/errors.js";
import { validateInProcess } from "./in-process-validation.js";
import { type ReportedError, validationPool } from "./validation-pool.js";

export type InputProblem = { loc: (string | number)[]; msg: string; type: string };

/**
 * Limits on expansion input, checked before any schema sees it. They are about the input only,
 * so every stored version keeps working whatever its schema.
 */

/** Deeper input than this is refused before anything walks it recursively. */
export const MAX_INPUT_DEPTH = 32;

/**
 * Items per input array. Untyped `uniqueItems` compares every pair: ~40 ms for 1,000 object
 * items, growing with the square (60,000 numbers took seconds). A thousand is more than any
 * prompt variable needs.
 */
export const MAX_INPUT_ARRAY_ITEMS = 1_000;

/** Input as JSON, in characters: the largest message a render may produce (1 MiB), so no less than any usable input. */
export const MAX_INPUT_CHARS = 1024 * 1024;

/**
 * Time to check one input against its schema. Real checks take well under a millisecond; the
 * rest leaves room for compiling a schema on first use on a busy machine.
 */
export const INPUT_VALIDATION_MS = 500;

/**
 * Limits on an input schema, checked when a version is saved: they keep the meta-schema check
 * and compilation quick, and refuse what no real form of input needs.
 */

/** Schema as JSON, in characters: real input schemas take a few kilobytes, with room here for long descriptions and enums. */
export const MAX_SCHEMA_CHARS = 64 * 1024;

/**
 * Values per `enum`: the meta-schema's uniqueness check compares every pair (120,000 values took
 * 12 s); 1,000 take milliseconds. A longer list is a `pattern` or free text.
 */
export const MAX_ENUM_VALUES = 1_000;

/** Nesting of the schema document; each level of input takes two schema levels (`properties`, then the name). */
export const MAX_SCHEMA_DEPTH = 2 * MAX_INPUT_DEPTH;

/** Time for the meta-schema check and compilation of a schema being saved. */
export const SCHEMA_CHECK_MS = 2_000;

const inputLimit = (detail: string) => new AppError(422, "input_limit_exceeded", detail);
const schemaLimit = (detail: string) => unprocessable(detail, "input_schema_limit_exceeded");

/**
 * Walks the input once, depth-first, refusing it at the first level too deep or array too long.
 * `path` is the walk's own stack: it holds the way to the value in hand.
 */
function assertInputShape(value: unknown, path: (string | number)[]): void {
  if (path.length > MAX_INPUT_DEPTH) throw inputLimit(`Input is nested more than ${MAX_INPUT_DEPTH} levels deep`);
  if (value === null || typeof value !== "object") return;
  if (Array.isArray(value)) {
    if (value.length > MAX_INPUT_ARRAY_ITEMS) {
      throw inputLimit(
        `Input array at ${["input", ...path].join(".")} has ${value.length} items (max ${MAX_INPUT_ARRAY_ITEMS} per array)`,
      );
    }
    for (let index = 0; index < value.length; index++) {
      path.push(index);
      assertInputShape(value[index], path);
      path.pop();
    }
    return;
  }
  for (const key of Object.keys(value)) {
    path.push(key);
    assertInputShape((value as Record<string, unknown>)[key], path);
    path.pop();
  }
}

/** Refuses input beyond the limits above; returns its size as JSON, in characters. */
function assertInputWithinLimits(input: Record<string, unknown>): number {
  assertInputShape(input, []);
  const chars = JSON.stringify(input).length;
  if (chars > MAX_INPUT_CHARS) {
    throw inputLimit(`Input is too large: ${chars} characters as JSON (max ${MAX_INPUT_CHARS})`);
  }
  return chars;
}

function toProblem(error: ReportedError): InputProblem {
  const path = error.instancePath
    .split("/")
    .slice(1)
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  return {
    loc: ["body", "input", ...path, ...(error.field === undefined ? [] : [error.field])],
    msg: error.message ?? "is invalid",
    type: error.keyword,
  };
}

/**
 * Checks expansion input against a version's `input_schema`: simple schemas and small input on
 * the event loop (see in-process-validation.ts), anything else off it and within
 * `INPUT_VALIDATION_MS`; a 422 lists every problem in the request-validation shape
 * (`detail: [{loc, msg, type}]`), or names the limit the input or the check exceeded.
 */
export async function assertValidInput(
  version: { id: string; inputSchema: Record<string, unknown> },
  input: Record<string, unknown>,
  where: string,
): Promise<void> {
  const inputChars = assertInputWithinLimits(input);
  const overBudget = () =>
    unprocessable(
      `Input validation took longer than ${INPUT_VALIDATION_MS} ms: the input_schema of ${where} is too costly to check against this input`,
      "validation_limit_exceeded",
    );
  const validate = (schema?: Record<string, unknown>) =>
    validationPool.run({ kind: "validate", key: version.id, schema, input }, INPUT_VALIDATION_MS, overBudget);
  // Workers keep compiled schemas, so the schema travels only to a worker that lacks it.
  let outcome = validateInProcess(version, input, inputChars) ?? (await validate());
  if (outcome.kind === "unknown_schema") outcome = await validate(version.inputSchema);
  switch (outcome.kind) {
    case "valid":
      return;
    case "invalid":
      throw new InputValidationError(outcome.errors.map(toProblem));
    case "schema_error":
      throw unprocessable(
        `The input_schema of ${where} is not a valid JSON Schema: ${outcome.message}`,
        "invalid_input_schema",
      );
    default:
      throw unprocessable(
        `Input validation recursed too deeply: the input_schema of ${where} refers to itself without end`,
        "validation_limit_exceeded",
      );
  }
}

/** Walks the schema once, refusing it at the first level too deep or `enum` too long. */
function assertSchemaShape(value: unknown, pointer: string, depth: number): void {
  if (value === null || typeof value !== "object") return;
  if (depth > MAX_SCHEMA_DEPTH) throw schemaLimit(`input_schema is nested more than ${MAX_SCHEMA_DEPTH} levels deep`);
  for (const [key, item] of Object.entries(value)) {
    const at = `${pointer}/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`;
    if (key === "enum" && Array.isArray(item) && item.length > MAX_ENUM_VALUES) {
      throw schemaLimit(`input_schema has an enum of ${item.length} values at ${at} (max ${MAX_ENUM_VALUES})`);
    }
    assertSchemaShape(item, at, depth + 1);
  }
}

/**
 * An input schema about to be saved must stay within the limits above and be a valid JSON Schema
 * that compiles (its `$ref`s resolve), or every expansion of the version would fail later.
 * Checked as expansion compiles it, off the event loop and within `SCHEMA_CHECK_MS`.
 */
export async function assertValidInputSchema(schema: Record<string, unknown>): Promise<void> {
  assertSchemaShape(schema, "", 1);
  const chars = JSON.stringify(schema).length;
  if (chars > MAX_SCHEMA_CHARS) {
    throw schemaLimit(`input_schema is too large: ${chars} characters as JSON (max ${MAX_SCHEMA_CHARS})`);
  }
  const outcome = await validationPool.run({ kind: "check", schema }, SCHEMA_CHECK_MS, () =>
    schemaLimit(`Checking input_schema took longer than ${SCHEMA_CHECK_MS} ms: simplify the schema`),
  );
  if (outcome.kind === "schema_error") {
    throw unprocessable(`input_schema is not a valid JSON Schema: ${outcome.message}`, "invalid_input_schema");
  }
  if (outcome.kind === "too_deep") {
    throw schemaLimit("input_schema recursed too deeply when compiled");
  }
}

/** A 422 whose detail is a list, like the request-validation errors of every route. */
export class InputValidationError extends AppError {
  constructor(readonly problems: InputProblem[]) {
    super(
      422,
      "validation_error",
      `Input does not match the prompt's input_schema: ${problems
        .map((problem) => `${problem.loc.slice(1).join(".")} ${problem.msg}`)
        .join("; ")}`,
    );
  }
}
