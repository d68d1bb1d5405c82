import { ErrorCode } from "@modelcontextprotocol/sdk/types.js";
import type { FastifyError, FastifyInstance, FastifyRequest } from "fastify";
import { z } from "zod";
import { requiredScope } from "../http/authenticate.js";
import { AppError } from "../http/errors.js";
import { publicBaseUrl } from "../http/public-url.js";
import { mcpChallenge } from "../modules/oauth/metadata.js";

export const jsonRpcErrorResponse = z
  .object({
    jsonrpc: z.literal("2.0"),
    error: z.object({ code: z.number().int(), message: z.string() }),
    id: z.null(),
  })
  .describe("JSON-RPC error: MCP clients read `error.message`");

export type JsonRpcErrorBody = z.infer<typeof jsonRpcErrorResponse>;

export const jsonRpcErrorBody = (code: number, message: string): JsonRpcErrorBody => ({
  jsonrpc: "2.0",
  error: { code, message },
  id: null,
});

/** Server-defined JSON-RPC codes for HTTP-level refusals (the SDK uses -32001 for an unknown session). */
function codeFor(status: number): number {
  if (status === 401 || status === 404) return -32001;
  if (status === 403) return -32003;
  if (status === 400 || status === 422) return ErrorCode.InvalidRequest;
  if (status >= 500) return ErrorCode.InternalError;
  return -32000;
}

/**
 * What a refusal tells an MCP client about signing in (MCP authorization, RFC 6750 §3): a 401
 * names the resource metadata, where the client finds the authorization server, with
 * `invalid_token` when a credential was sent; a 403 for a missing scope names the scope.
 */
function challengeHeaders(app: FastifyInstance, request: FastifyRequest, error: AppError): Record<string, string> {
  const baseUrl = publicBaseUrl(request, app.config);
  if (error.statusCode === 401) {
    const presented = request.headers.authorization !== undefined;
    return { "www-authenticate": mcpChallenge(baseUrl, presented ? { error: "invalid_token" } : {}) };
  }
  if (error.statusCode === 403 && error.code === "insufficient_scope") {
    return {
      "www-authenticate": mcpChallenge(baseUrl, { error: "insufficient_scope", scope: requiredScope(request) }),
    };
  }
  return {};
}

/**
 * MCP clients expect JSON-RPC error bodies, also when the request never reaches the MCP server
 * (bad credentials, unknown session, refused host): the same failures as the REST API, reshaped.
 */
export function installJsonRpcErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      return reply
        .code(error.statusCode)
        .headers({ ...error.headers, ...challengeHeaders(app, request, error) })
        .send(jsonRpcErrorBody(codeFor(error.statusCode), error.detail));
    }
    if (error.code === "FST_ERR_CTP_INVALID_JSON_BODY" || error.code === "FST_ERR_CTP_EMPTY_JSON_BODY") {
      return reply.code(400).send(jsonRpcErrorBody(ErrorCode.ParseError, "Parse error: the body is not valid JSON"));
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return reply.code(status).send(jsonRpcErrorBody(codeFor(status), error.message));
    }
    request.log.error({ err: error }, "unhandled MCP error");
    return reply.code(500).send(jsonRpcErrorBody(ErrorCode.InternalError, "Internal error"));
  });
}
