import type { FastifyRequest } from "fastify";
import { RequestValidationError } from "./errors.js";

/** PostgreSQL text and jsonb cannot hold U+0000, so no text we accept may contain it. */
export const NUL_MESSAGE = "must not contain NUL characters";

type Visit = { value: unknown; key: string | number | null; parent: Visit | null };

function pathOf(visit: Visit): (string | number)[] {
  const path: (string | number)[] = [];
  for (let at: Visit | null = visit; at?.key != null; at = at.parent) path.unshift(at.key);
  return path;
}

/**
 * Where the first NUL character is in a parsed JSON value (in a string or an object key), or
 * null when there is none. Iterative, with parent links instead of copied paths, so the deepest
 * nesting a body can carry neither overflows the stack nor costs more than one pass.
 */
export function findNulCharacter(value: unknown): (string | number)[] | null {
  const pending: Visit[] = [{ value, key: null, parent: null }];
  for (let visit = pending.pop(); visit; visit = pending.pop()) {
    const current = visit.value;
    if (typeof visit.key === "string" && visit.key.includes("\u0000")) return pathOf(visit);
    if (typeof current === "string") {
      if (current.includes("\u0000")) return pathOf(visit);
    } else if (Array.isArray(current)) {
      for (let index = current.length - 1; index >= 0; index--) {
        pending.push({ value: current[index], key: index, parent: visit });
      }
    } else if (current !== null && typeof current === "object") {
      for (const [key, item] of Object.entries(current).reverse()) pending.push({ value: item, key, parent: visit });
    }
  }
  return null;
}

const PARTS = [
  ["params", "path"],
  ["query", "query"],
  ["body", "body"],
] as const;

/**
 * Refuses a NUL character anywhere in a request's path parameters, query or body with a 422
 * naming the field, before any route's own validation: one check for every route, instead of a
 * rule in every schema (the database would otherwise refuse it with a 500).
 */
export async function refuseNulCharacters(request: FastifyRequest): Promise<void> {
  for (const [part, loc] of PARTS) {
    const path = findNulCharacter(request[part]);
    if (path) throw new RequestValidationError([{ loc: [loc, ...path], msg: NUL_MESSAGE, type: "nul_character" }]);
  }
}
