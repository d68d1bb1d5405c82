import type { FastifyError, FastifyInstance } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { AppError, RequestValidationError, type ValidationDetail } from "./errors.js";

const LOCATION: Record<string, string> = { body: "body", querystring: "query", params: "path", headers: "header" };

function validationDetails(error: FastifyError & { validation: unknown[] }): ValidationDetail[] {
  const where = LOCATION[error.validationContext ?? "body"] ?? "body";
  return (error.validation as { instancePath: string; message?: string; keyword: string }[]).map((issue) => {
    const path = issue.instancePath
      .split("/")
      .filter(Boolean)
      .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
    return { loc: [where, ...path], msg: issue.message ?? "is invalid", type: issue.keyword };
  });
}

/**
 * One place that turns every failure into the contract's JSON: `{detail, code}`.
 * Bad input is always a 4xx naming the problem; anything unexpected is a bare 500 whose
 * details go to the log under the request id, never to the client.
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      const detail = error instanceof RequestValidationError ? error.details : error.detail;
      return reply
        .code(error.statusCode)
        .headers(error.headers)
        .send({ ...error.extra, detail, code: error.code });
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      return reply.code(422).send({ detail: validationDetails(error), code: "validation_error" });
    }
    const status = error.statusCode ?? 500;
    if (error.code === "FST_ERR_CTP_INVALID_JSON_BODY" || error.code === "FST_ERR_CTP_EMPTY_JSON_BODY") {
      return reply.code(422).send({
        detail: [{ loc: ["body"], msg: "Request body is not valid JSON", type: "json_invalid" }],
        code: "validation_error",
      });
    }
    if (status === 429) {
      return reply.code(429).send({ detail: "Too many attempts; wait a minute and try again", code: "rate_limited" });
    }
    if (status >= 400 && status < 500) {
      // Fastify's own client errors (unsupported media type, body too large, …) carry safe messages.
      return reply.code(status).send({ detail: error.message, code: (error.code ?? "client_error").toLowerCase() });
    }
    request.log.error({ err: error }, "unhandled error");
    return reply.code(500).send({ detail: "Internal Server Error", code: "internal_error", request_id: request.id });
  });
}

/**
 * JSON 404 for unknown paths and 405 for known paths with the wrong method. Fastify has no
 * 405 of its own, so remember every route's path pattern as it is registered.
 */
export function installNotFoundHandler(app: FastifyInstance): void {
  const patterns: { regex: RegExp; methods: Set<string> }[] = [];
  app.addHook("onRoute", (route) => {
    const regex = new RegExp(
      `^${route.url
        .replace(/[.+?^${}()|[\]\\]/g, "\\$&")
        .replace(/:[^/]+/g, "[^/]+")
        .replace(/\*/g, ".*")}/?$`,
    );
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    // CORS registers a catch-all OPTIONS route for preflights: it says nothing about real paths.
    if (methods.every((method) => method === "OPTIONS")) return;
    patterns.push({ regex, methods: new Set(methods) });
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split("?")[0] ?? "/";
    const allowed = new Set(
      patterns.filter((pattern) => pattern.regex.test(path)).flatMap((pattern) => [...pattern.methods]),
    );
    if (allowed.size > 0) {
      return reply
        .code(405)
        .header("allow", [...allowed].sort().join(", "))
        .send({ detail: "Method Not Allowed", code: "method_not_allowed" });
    }
    return reply.code(404).send({ detail: "Not Found", code: "not_found" });
  });
}
