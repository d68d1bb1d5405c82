import { Ajv, type ValidateFunction } from "ajv";
import type { ValidationOutcome } from "./validation-pool.js";

/**
 * How input schemas are compiled and input is checked, the same way in the validation workers
 * and on the event loop (simple schemas, see in-process-validation.ts).
 *
 * Each schema is compiled by an Ajv instance of its own, dropped with its validator: one shared
 * instance would keep every schema's `$id`s and nested ids registered, let one schema's `$ref`
 * resolve against another's, and removing a schema from it by `$id` could remove the JSON
 * Schema meta-schema itself. Schemas are checked against the meta-schema before they are saved,
 * so it is not compiled again here (which keeps a new instance cheap).
 */
export const compileInputSchema = (schema: Record<string, unknown>): ValidateFunction =>
  new Ajv({ strict: false, allErrors: true, validateSchema: false, logger: false }).compile(schema);

/** Runs a compiled validator, reporting each problem with the property it is about. */
export function checkInput(validate: ValidateFunction, input: unknown): ValidationOutcome {
  if (validate(input)) return { kind: "valid" };
  return {
    kind: "invalid",
    errors: (validate.errors ?? []).map((error) => {
      const params = error.params as { missingProperty?: string; additionalProperty?: string };
      return {
        instancePath: error.instancePath,
        message: error.message,
        keyword: error.keyword,
        field: params.missingProperty ?? params.additionalProperty,
      };
    }),
  };
}
