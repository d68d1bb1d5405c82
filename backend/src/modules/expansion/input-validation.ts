import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { AppError, unprocessable } from "../../http/errors.js";

export type InputProblem = { loc: (string | number)[]; msg: string; type: string };

/**
 * Compiled validators by prompt-version id. Versions never change once created, so an entry is
 * valid forever; the bound only caps memory.
 */
const validators = new Map<string, ValidateFunction>();
const MAX_VALIDATORS = 500;

/**
 * Each schema is compiled by an Ajv instance of its own, dropped with its validator: one shared
 * instance would keep every schema's `$id`s and nested ids registered, let one schema's `$ref`
 * resolve against another's, and removing a schema from it by `$id` could remove the JSON
 * Schema meta-schema itself. Schemas are checked against the meta-schema before they are saved, so it is
 * not compiled again here (which keeps a new instance cheap).
 */
export function compileInputSchema(schema: Record<string, unknown>): ValidateFunction {
  return new Ajv({ strict: false, allErrors: true, validateSchema: false, logger: false }).compile(schema);
}

/** Deeper input than this is refused before anything walks it recursively. */
export const MAX_INPUT_DEPTH = 32;

function validatorFor(versionId: string, schema: Record<string, unknown>, where: string): ValidateFunction {
  const cached = validators.get(versionId);
  if (cached) {
    validators.delete(versionId);
    validators.set(versionId, cached);
    return cached;
  }
  let validate: ValidateFunction;
  try {
    validate = compileInputSchema(schema);
  } catch (error) {
    throw unprocessable(
      `The input_schema of ${where} is not a valid JSON Schema: ${(error as Error).message}`,
      "invalid_input_schema",
    );
  }
  validators.set(versionId, validate);
  if (validators.size > MAX_VALIDATORS) validators.delete(validators.keys().next().value as string);
  return validate;
}

function depthOf(value: unknown, limit: number, depth = 0): number {
  if (depth > limit || value === null || typeof value !== "object") return depth;
  let deepest = depth;
  for (const item of Object.values(value)) {
    deepest = Math.max(deepest, depthOf(item, limit, depth + 1));
    if (deepest > limit) break;
  }
  return deepest;
}

function toProblem(error: ErrorObject): InputProblem {
  const path = error.instancePath
    .split("/")
    .slice(1)
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  const params = error.params as { missingProperty?: string; additionalProperty?: string };
  const field = params.missingProperty ?? params.additionalProperty;
  return {
    loc: ["body", "input", ...path, ...(field === undefined ? [] : [field])],
    msg: error.message ?? "is invalid",
    type: error.keyword,
  };
}

/**
 * Checks expansion input against a version's `input_schema`; a 422 lists every problem
 * in the request-validation shape (`detail: [{loc, msg, type}]`).
 */
export function assertValidInput(
  version: { id: string; inputSchema: Record<string, unknown> },
  input: Record<string, unknown>,
  where: string,
): void {
  if (depthOf(input, MAX_INPUT_DEPTH) > MAX_INPUT_DEPTH) {
    throw new AppError(422, "validation_error", `Input is nested more than ${MAX_INPUT_DEPTH} levels deep`);
  }
  const validate = validatorFor(version.id, version.inputSchema, where);
  if (validate(input)) return;
  const problems = (validate.errors ?? []).map(toProblem);
  throw new InputValidationError(problems);
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
