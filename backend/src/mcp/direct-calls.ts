import { isJsonContentType } from "@modelcontextprotocol/sdk/shared/mediaType.js";
import {
  ErrorCode,
  isJSONRPCRequest,
  type JSONRPCErrorResponse,
  type JSONRPCRequest,
  type JSONRPCResultResponse,
  SUPPORTED_PROTOCOL_VERSIONS,
} from "@modelcontextprotocol/sdk/types.js";
import type { FastifyRequest } from "fastify";
import { answerMcpRequest } from "./mcp.server.js";
import type { McpContext } from "./mcp-context.js";

/**
 * `tools/call` and `prompts/get` are nearly all of an IDE's traffic, and need nothing of a
 * connection: a lone call is answered here as the SDK's server and transport would answer it,
 * without making them for the request. Making them (a server, a transport, a web-standard request
 * and response, an abort signal and a promise chain per call) took more CPU than the call itself.
 *
 * Kept from the SDK, so that both paths accept and answer the same: its JSON-RPC schema decides
 * what a request is, its types shape the answer, its protocol versions and Content-Type rule decide
 * what is accepted, and errors become answers as in its protocol layer. Everything else
 * (`initialize`, `ping`, lists, batches, notifications, and any request the transport would refuse
 * with 400, 406 or 415) goes through the SDK.
 */

const DIRECT_METHODS = new Set(["tools/call", "prompts/get"]);

/** The request, when it is a lone call the SDK's transport would accept; null otherwise. */
export function directCallOf(request: FastifyRequest): JSONRPCRequest | null {
  const method = (request.body as { method?: unknown } | null)?.method;
  if (typeof method !== "string" || !DIRECT_METHODS.has(method)) return null;
  const { accept, "content-type": contentType, "mcp-protocol-version": version } = request.headers;
  if (!accept?.includes("application/json") || !accept.includes("text/event-stream")) return null;
  if (!isJsonContentType(contentType)) return null;
  if (version !== undefined && (typeof version !== "string" || !SUPPORTED_PROTOCOL_VERSIONS.includes(version))) {
    return null;
  }
  return isJSONRPCRequest(request.body) ? request.body : null;
}

/** The JSON-RPC answer to a call: its result, or its failure as the SDK reports a handler's. */
export async function answerDirectCall(
  ctx: McpContext,
  call: JSONRPCRequest,
): Promise<JSONRPCResultResponse | JSONRPCErrorResponse> {
  try {
    return { jsonrpc: "2.0", id: call.id, result: await answerMcpRequest(ctx, call) };
  } catch (error) {
    const { code, message, data } = error as { code?: unknown; message?: string; data?: unknown };
    return {
      jsonrpc: "2.0",
      id: call.id,
      error: {
        code: typeof code === "number" && Number.isSafeInteger(code) ? code : ErrorCode.InternalError,
        message: message ?? "Internal error",
        ...(data === undefined ? {} : { data }),
      },
    };
  }
}
