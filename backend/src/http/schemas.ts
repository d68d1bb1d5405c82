import { z } from "zod";

/** Shared pieces of route schemas. */

/**
 * Fields whose rules clients repeat before they send a request (a slug's alphabet, a name's
 * length): each is a named schema under `components/schemas` of the OpenAPI document, where the
 * web UI's generated rules read them from.
 */
export const namedFields = z.registry<{ id: string }>();

/**
 * A field registered in the OpenAPI document's components under `id` (see namedFields). Register
 * the field's rule itself; `.nullish()`, `.transform()` and refinements go on the result.
 */
export function named<T extends z.ZodType>(id: string, schema: T): T {
  namedFields.add(schema, { id });
  return schema;
}

export const errorResponse = z
  .object({
    detail: z.union([
      z.string(),
      z.array(z.object({ loc: z.array(z.union([z.string(), z.number()])), msg: z.string(), type: z.string() })),
    ]),
    code: z.string(),
  })
  .describe("Error: `detail` says what went wrong; `code` is stable for programs.");

/** Error responses every authenticated route can give, keyed by status for route schemas. */
export const authErrors = { 401: errorResponse, 403: errorResponse, 422: errorResponse } as const;

/** Path params holding UUIDs: a malformed id is a 422 naming the parameter, never a database error. */
export const uuidParam = <K extends string>(name: K) =>
  z.object({ [name]: z.uuid({ error: `${name} must be a UUID` }) } as { [P in K]: z.ZodUUID });

export const timestamp = z.string().describe("ISO-8601 date-time, UTC");

export const nullableTimestamp = timestamp.nullable();

export const toIso = (date: Date) => date.toISOString();
export const toIsoOrNull = (date: Date | null) => (date ? date.toISOString() : null);

export const emailField = named("Email", z.email({ error: "must be a valid email address" }).max(254)).transform(
  (email) => email.toLowerCase(),
);

export const usernameField = named(
  "Username",
  z
    .string()
    .min(2, { error: "must be at least 2 characters" })
    .max(64)
    .regex(/^[a-z0-9_-]+$/, { error: "may contain only lower-case letters, digits, '_' and '-'" }),
);

export const passwordField = named(
  "Password",
  z.string().min(8, { error: "must be at least 8 characters" }).max(1024, { error: "must be at most 1024 characters" }),
);

export const slugField = named(
  "Slug",
  z
    .string()
    .min(1)
    .max(100)
    .regex(/^[a-z0-9-]+$/, { error: "may contain only lower-case letters, digits and '-'" }),
);

export const nameField = named("Name", z.string().trim().min(1, { error: "must not be empty" }).max(200));

export const descriptionField = named("Description", z.string().max(10_000)).nullish();

/** A person's full name, beside the username. */
export const displayNameField = named("DisplayName", z.string().trim().max(200));

/** A comment in a change request's thread, also the one that opens it or goes with an approval. */
export const commentField = named("Comment", z.string().trim().min(1, { error: "must not be empty" }).max(10_000));

/** A version's label within its prompt, such as `1.0.0`: what saving, label moves and workflow steps name. */
export const versionLabelField = named(
  "VersionLabel",
  z.string().min(1, { error: "must not be empty" }).max(50, { error: "must be at most 50 characters" }),
);

/** Lists of this API are `{items, total}` unless stated otherwise. */
export const listOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), total: z.number().int() });

/** A prompt label (environment): lowercase, as in `production` or `staging-eu`. */
export const labelField = named(
  "Label",
  z
    .string()
    .regex(/^[a-z][a-z0-9_-]{0,39}$/, {
      error: "must be 1-40 lowercase letters, digits, '-' or '_', starting with a letter",
    })
    .describe("A label (environment) name, e.g. `production` or `staging`"),
);
