import type { ValidateFunction } from "ajv";
import { LRUCache } from "lru-cache";
import { checkInput, compileInputSchema } from "./input-schema-compiler.js";
import type { ValidationOutcome } from "./validation-pool.js";

/**
 * Most input schemas are a handful of typed properties, such as the default (one required string
 * `input`). Checking input against those costs microseconds, far less than the round trip to a
 * validation worker, so it is done on the event loop, when two things bound its cost:
 *
 * - the schema uses only keywords whose check is one pass over the input with constant work per
 *   value (no `pattern`, `$ref`, combinators or `uniqueItems`: those are what can run for minutes),
 *   and is small enough that compiling it takes well under a millisecond;
 * - the input is small (`MAX_IN_PROCESS_INPUT_CHARS`), so even a failure on every value, each
 *   reported, stays short.
 *
 * Everything else goes to the workers and their deadline.
 */

/** Input as JSON, in characters, that may be checked on the event loop. */
export const MAX_IN_PROCESS_INPUT_CHARS = 64 * 1024;

/** Schema nodes (objects and keywords) of a schema checked on the event loop. */
const MAX_SIMPLE_SCHEMA_NODES = 200;

/** Values of an `enum` checked on the event loop: each input value is compared with every one. */
const MAX_SIMPLE_ENUM_VALUES = 32;

/** Annotations, then keywords whose check costs the same for any value, then those that walk the input once. */
const SIMPLE_KEYWORDS = new Set([
  ...["title", "description", "default", "examples", "deprecated", "readOnly", "writeOnly", "$comment"],
  ...["type", "format", "minLength", "maxLength", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"],
  ...["multipleOf", "minItems", "maxItems", "minProperties", "maxProperties", "required", "enum", "const"],
  ...["properties", "additionalProperties", "items"],
]);

const isPrimitive = (value: unknown) => value === null || typeof value !== "object";

/** Whether a schema uses only simple keywords, within the node budget; `budget.nodes` counts down. */
function isSimple(schema: unknown, budget: { nodes: number }): boolean {
  if (typeof schema === "boolean") return true;
  if (schema === null || typeof schema !== "object" || Array.isArray(schema)) return false;
  for (const [keyword, value] of Object.entries(schema)) {
    if (--budget.nodes < 0 || !SIMPLE_KEYWORDS.has(keyword)) return false;
    switch (keyword) {
      case "enum":
        if (!Array.isArray(value) || value.length > MAX_SIMPLE_ENUM_VALUES || !value.every(isPrimitive)) return false;
        break;
      case "const":
        if (!isPrimitive(value)) return false;
        break;
      case "properties":
        if (value === null || typeof value !== "object") return false;
        for (const property of Object.values(value)) if (!isSimple(property, budget)) return false;
        break;
      case "additionalProperties":
      case "items":
        // `items` as an array (tuple form) is an older dialect's: left to the workers.
        if (!isSimple(value, budget)) return false;
        break;
    }
  }
  return true;
}

/**
 * Validators of simple schemas by key (a prompt-version id), or `false` for a schema that is not
 * simple. Versions never change once created, so an entry is valid forever; the bound only caps memory.
 */
const validators = new LRUCache<string, ValidateFunction | false>({ max: 500 });

function validatorFor(key: string, schema: Record<string, unknown>): ValidateFunction | null {
  const cached = validators.get(key);
  if (cached !== undefined) return cached || null;
  const validate = isSimple(schema, { nodes: MAX_SIMPLE_SCHEMA_NODES }) ? compileInputSchema(schema) : null;
  validators.set(key, validate ?? false);
  return validate;
}

/**
 * Checks input on the event loop when schema and input are simple enough (see above); null when
 * they are not, and the check belongs in a worker.
 */
export function validateInProcess(
  version: { id: string; inputSchema: Record<string, unknown> },
  input: Record<string, unknown>,
  inputChars: number,
): ValidationOutcome | null {
  if (inputChars > MAX_IN_PROCESS_INPUT_CHARS) return null;
  let validate: ValidateFunction | null;
  try {
    validate = validatorFor(version.id, version.inputSchema);
  } catch (error) {
    return { kind: "schema_error", message: (error as Error).message };
  }
  return validate ? checkInput(validate, input) : null;
}
