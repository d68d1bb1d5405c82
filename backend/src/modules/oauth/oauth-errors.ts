import type { FastifyError, FastifyInstance } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { AppError } from "../../http/errors.js";

/**
 * An OAuth protocol error (RFC 6749 §5.2, RFC 7591 §3.2.2): `code` is the RFC's `error`. The
 * `/oauth/*` endpoints answer it as `{error, error_description}`; anywhere else it reads like
 * any other API error.
 */
export class OAuthError extends AppError {
  constructor(statusCode: number, error: string, description: string, headers: Record<string, string> = {}) {
    super(statusCode, error, description, headers);
    this.name = "OAuthError";
  }
}

export const invalidRequest = (description: string) => new OAuthError(400, "invalid_request", description);
export const invalidGrant = (description: string) => new OAuthError(400, "invalid_grant", description);
export const invalidScope = (description: string) => new OAuthError(400, "invalid_scope", description);
export const invalidTarget = (description: string) => new OAuthError(400, "invalid_target", description);
export const invalidClientMetadata = (description: string) =>
  new OAuthError(400, "invalid_client_metadata", description);
export const invalidRedirectUri = (description: string) => new OAuthError(400, "invalid_redirect_uri", description);
/** Client authentication failed (RFC 6749 §5.2): 401, with a Basic challenge when Basic was tried. */
export const invalidClient = (description: string, triedBasic = false) =>
  new OAuthError(401, "invalid_client", description, triedBasic ? { "www-authenticate": 'Basic realm="SpecHub"' } : {});

/** The first problem a schema found in a request, as `field: message`. */
export function describeValidation(error: Error & { validation?: unknown[] }): string {
  const [first] = (error.validation ?? []) as { instancePath?: string; message?: string }[];
  if (!first) return error.message;
  const field = (first.instancePath ?? "").split("/").filter(Boolean).join(".");
  return field ? `${field}: ${first.message ?? "is invalid"}` : (first.message ?? "is invalid");
}

/**
 * OAuth clients read RFC-shaped errors, so the `/oauth/*` endpoints answer every failure as
 * `{error, error_description}`, never the API's `{detail, code}`, and no answer of theirs is
 * cached (tokens and codes pass through them).
 */
export function installOAuthErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    reply.header("cache-control", "no-store").header("pragma", "no-cache");
    if (error instanceof AppError) {
      return reply
        .code(error.statusCode)
        .headers(error.headers)
        .send({ error: error.code, error_description: error.detail });
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      return reply.code(400).send({ error: "invalid_request", error_description: describeValidation(error) });
    }
    if (error.code === "FST_ERR_CTP_INVALID_JSON_BODY" || error.code === "FST_ERR_CTP_EMPTY_JSON_BODY") {
      return reply.code(400).send({ error: "invalid_request", error_description: "The body is not valid JSON" });
    }
    const status = error.statusCode ?? 500;
    if (status === 429) {
      return reply.code(429).send({ error: "rate_limited", error_description: "Too many requests; wait a minute" });
    }
    if (status >= 400 && status < 500) {
      return reply.code(status).send({ error: "invalid_request", error_description: error.message });
    }
    request.log.error({ err: error }, "unhandled OAuth error");
    return reply.code(500).send({ error: "server_error", error_description: "Internal Server Error" });
  });
}
