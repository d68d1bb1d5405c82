import { parentPort } from "node:worker_threads";
import { Ajv, type ValidateFunction } from "ajv";
import { LRUCache } from "lru-cache";
import { checkInput, compileInputSchema } from "./input-schema-compiler.js";
import type { ValidationJob, ValidationOutcome, ValidationReply, ValidationRequest } from "./validation-pool.js";

/**
 * Runs JSON Schema work for the validation pool, in a worker thread the pool ends when a job
 * overruns its budget: Ajv's compiled validators are synchronous and cannot be interrupted.
 */

const port = parentPort;
if (!port) throw new Error("validation-worker must run as a worker thread");

/**
 * Compiled validators by key (a prompt-version id). Versions never change once created, so an
 * entry is valid forever; the bound only caps memory.
 */
const validators = new LRUCache<string, ValidateFunction>({ max: 500 });

/** One instance, so the meta-schema is compiled once; `validateSchema` keeps nothing of the schema it checks. */
const metaSchemaChecker = new Ajv({ strict: false, allErrors: true, logger: false });

function validatorFor(key: string, schema: Record<string, unknown> | undefined): ValidateFunction | null {
  const cached = validators.get(key);
  if (cached) return cached;
  if (!schema) return null;
  const validate = compileInputSchema(schema);
  validators.set(key, validate);
  return validate;
}

function validateInput(job: Extract<ValidationJob, { kind: "validate" }>): ValidationOutcome {
  let validate: ValidateFunction | null;
  try {
    validate = validatorFor(job.key, job.schema);
  } catch (error) {
    return { kind: "schema_error", message: (error as Error).message };
  }
  if (!validate) return { kind: "unknown_schema" };
  return checkInput(validate, job.input);
}

/** A schema about to be saved must be a valid JSON Schema that compiles (its `$ref`s resolve). */
function checkSchema(schema: Record<string, unknown>): ValidationOutcome {
  try {
    if (!metaSchemaChecker.validateSchema(schema)) {
      return {
        kind: "schema_error",
        message: metaSchemaChecker.errorsText(metaSchemaChecker.errors, { dataVar: "input_schema" }),
      };
    }
    compileInputSchema(schema);
    return { kind: "valid" };
  } catch (error) {
    // Unresolvable references and unknown `$schema` dialects surface as exceptions.
    return { kind: "schema_error", message: (error as Error).message };
  }
}

function run(job: ValidationJob): ValidationOutcome {
  try {
    return job.kind === "check" ? checkSchema(job.schema) : validateInput(job);
  } catch (error) {
    // A schema that recurses without consuming input overflows the stack instead of looping.
    if (error instanceof RangeError) return { kind: "too_deep" };
    throw error;
  }
}

port.on("message", ({ id, job }: ValidationRequest) => {
  port.postMessage({ id, outcome: run(job) } satisfies ValidationReply);
});

// The first compilation pays for loading and optimising Ajv's code generator: done before the
// worker reports ready, so that no request's budget pays for it.
checkSchema({ type: "object", properties: { input: { type: "string", pattern: "^.*$" } }, required: ["input"] });
port.postMessage({ ready: true } satisfies ValidationReply);
