import { DrizzleQueryError } from "drizzle-orm";
import { type FastifyReply, type FastifyRequest, LogController } from "fastify";

/**
 * Invitation tokens travel in URL paths (`/auth/invitations/token/{token}`,
 * `/auth/invitations/{token}/accept`); whoever reads the logs must not be able to accept them.
 */
const SECRET_PATH_SEGMENTS = [
  /(\/auth\/invitations\/token\/)[^/?#]+/gi,
  /(\/auth\/invitations\/)[^/?#]+(?=\/accept(?:[/?#]|$))/gi,
];

export function redactUrl(url: string): string {
  return SECRET_PATH_SEGMENTS.reduce((redacted, pattern) => redacted.replace(pattern, "$1[redacted]"), url);
}

/**
 * Error fields safe to log. Anything else an error carries stays out: drizzle and PGlite attach the
 * query's bound parameters (a new password hash, say), and PostgreSQL's `detail` quotes row values.
 */
const SAFE_FIELDS = [
  "code",
  "statusCode",
  "constraint",
  "table",
  "column",
  "routine",
  "errno",
  "syscall",
  "address",
  "port",
];
const MAX_CAUSES = 5;

type SerializedError = { type: string; message: string; stack: string; [field: string]: unknown };

/** The stack's frames under a first line of our choosing (the original first lines repeat the message). */
function stackWith(error: Error, type: string, message: string): string {
  const frames = (error.stack ?? "").split("\n").filter((line) => /^\s+at /.test(line));
  return [`${type}: ${message}`, ...frames].join("\n");
}

/** An error as logged: its message, stack and safe fields, and the same for its causes. */
export function serializeError(error: Error, depth = 0): SerializedError {
  const type = error.constructor?.name || error.name;
  // A failed query is logged by its SQL text, which has placeholders where the values were.
  const message = error instanceof DrizzleQueryError ? `Failed query: ${error.query}` : error.message;
  const serialized: SerializedError = { type, message, stack: stackWith(error, type, message) };
  for (const field of SAFE_FIELDS) {
    const value = (error as unknown as Record<string, unknown>)[field];
    if (value !== undefined && (typeof value !== "object" || value === null)) serialized[field] = value;
  }
  if (depth < MAX_CAUSES) {
    const nested = (item: unknown) => (item instanceof Error ? serializeError(item, depth + 1) : item);
    if (error.cause !== undefined) serialized.cause = nested(error.cause);
    // Connection failures arrive as an AggregateError whose own message is empty.
    if (error instanceof AggregateError) serialized.errors = error.errors.map(nested);
  }
  return serialized;
}

/** Fastify's request line, with secrets in the URL redacted. */
function serializeRequest(request: FastifyRequest) {
  return {
    method: request.method,
    url: redactUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

export const logSerializers = {
  // Whatever is logged under `err` that is not an error is logged as it is.
  err: (error: Error) => (error instanceof Error ? serializeError(error) : (error as unknown as SerializedError)),
  req: serializeRequest,
};

/** Who asked and for which route: the fields the completion line adds to Fastify's own. */
function requestFields(request: FastifyRequest) {
  return {
    route: request.routeOptions.url ?? null,
    userId: request.principal?.user.id ?? null,
  };
}

/**
 * Fastify's request lines, the completion line carrying the route pattern (never the raw URL,
 * which may hold secrets and makes poor groups) and the caller's user id beside the request id,
 * so one query finds a route's or a user's requests.
 */
export class RequestLogController extends LogController {
  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return;
    const fields = { res: reply, responseTime: reply.elapsedTime, ...requestFields(request) };
    if (error) reply.log.error({ ...fields, err: error }, "request errored");
    else reply.log.info(fields, "request completed");
  }
}
