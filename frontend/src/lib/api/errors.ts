/**
 * The backend answers errors as `{detail, code}`: `detail` is a sentence, or for validation
 * failures (422) a list of `{loc, msg, type}`. The proxy answers `{error}` when the backend is
 * down. These helpers turn any of them into text a person can act on.
 */

export type ValidationIssue = { loc: (string | number)[]; msg: string; type: string };

export class ApiError extends Error {
  readonly status: number;
  readonly code: string | undefined;
  /** Validation problems by field path (e.g. `version.input_schema`), for showing next to inputs. */
  readonly fields: Record<string, string>;

  constructor(status: number, body: unknown) {
    super(formatApiError(status, body));
    this.name = "ApiError";
    this.status = status;
    this.code = isRecord(body) && typeof body.code === "string" ? body.code : undefined;
    this.fields = fieldErrors(body);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isIssue(value: unknown): value is ValidationIssue {
  return isRecord(value) && Array.isArray(value.loc) && typeof value.msg === "string";
}

/** Where a request part is named first in `loc` ("body", "query", …) it says nothing to a user. */
const REQUEST_PARTS = new Set(["body", "query", "path", "params", "querystring", "headers"]);

/** `["body", "version", "tags", 0]` → `version.tags[0]`; empty when the problem is the whole request. */
export function issuePath(loc: (string | number)[]): string {
  const parts = REQUEST_PARTS.has(String(loc[0])) ? loc.slice(1) : loc;
  return parts.reduce<string>((path, part) => {
    if (typeof part === "number") return `${path}[${part}]`;
    return path ? `${path}.${part}` : part;
  }, "");
}

function formatIssue(issue: ValidationIssue): string {
  const path = issuePath(issue.loc);
  return path ? `${path}: ${issue.msg}` : issue.msg;
}

const STATUS_MESSAGES: Record<number, string> = {
  400: "The request was not understood.",
  401: "Please sign in again.",
  403: "You do not have permission to do that.",
  404: "Not found.",
  409: "That conflicts with something that already exists.",
  413: "That is too large.",
  422: "Some values are not valid.",
  429: "Too many attempts. Wait a moment and try again.",
  502: "The SpecHub backend is unavailable. Try again shortly.",
  503: "The SpecHub backend is unavailable. Try again shortly.",
};

/** A one-paragraph message for an error response's status and (parsed JSON) body. */
export function formatApiError(status: number, body: unknown): string {
  if (isRecord(body)) {
    const { detail } = body;
    if (typeof detail === "string" && detail.trim()) return detail;
    if (Array.isArray(detail)) {
      const lines = detail.map((item) => (isIssue(item) ? formatIssue(item) : String(item))).filter(Boolean);
      if (lines.length > 0) return lines.join("\n");
    }
    if (typeof body.error === "string" && status === 502) return STATUS_MESSAGES[502]!;
    if (typeof body.error === "string" && body.error.trim()) return body.error;
    if (typeof body.message === "string" && body.message.trim()) return body.message;
  }
  if (typeof body === "string" && body.trim() && body.length < 300 && !body.trimStart().startsWith("<"))
    return body.trim();
  return (
    STATUS_MESSAGES[status] ?? (status >= 500 ? `The server had a problem (${status}).` : `Request failed (${status}).`)
  );
}

/** Validation problems keyed by field path; the first message wins when a field has several. */
export function fieldErrors(body: unknown): Record<string, string> {
  const fields: Record<string, string> = {};
  if (!isRecord(body) || !Array.isArray(body.detail)) return fields;
  for (const item of body.detail) {
    if (!isIssue(item)) continue;
    const path = issuePath(item.loc);
    if (path && !(path in fields)) fields[path] = item.msg;
  }
  return fields;
}

/** A message for anything thrown by a request: API errors, network failures, or bugs. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  // fetch rejects with a TypeError when the request never got an answer.
  if (error instanceof TypeError) return "Cannot reach SpecHub. Check your connection and try again.";
  if (error instanceof Error && error.message) return error.message;
  return "Something went wrong.";
}
