import { ErrorCode } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { AppError } from "../http/errors.js";
import type { McpContext } from "./mcp-context.js";

/**
 * What the client is told about a failure it can act on (bad arguments, a missing prompt, a
 * missing scope), or null when the failure is ours and only the log should know the details.
 */
export function explainFailure(error: unknown): string | null {
  if (error instanceof z.ZodError) {
    const issues = error.issues.map((issue) =>
      issue.path.length > 0 ? `${issue.path.join(".")}: ${issue.message}` : issue.message,
    );
    return `invalid arguments: ${issues.join("; ")}`;
  }
  if (error instanceof AppError) return error.detail;
  return null;
}

/** The text of a tool result with `isError: true`: domain failures are results, never protocol errors. */
export function toolFailureText(ctx: McpContext, toolName: string, error: unknown): string {
  const explained = explainFailure(error);
  if (explained !== null) return `Error: ${explained}`;
  ctx.log.error({ err: error, tool: toolName }, "MCP tool failed");
  return `Error executing tool ${toolName}: unexpected server error (request id ${ctx.requestId})`;
}

/**
 * A JSON-RPC error whose message reaches the client as written (the SDK's McpError prefixes
 * "MCP error <code>:", which clients then prefix again).
 */
export class JsonRpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = "JsonRpcError";
  }
}

/** Prompt requests have no error result of their own, so failures become JSON-RPC errors. */
export function toPromptError(ctx: McpContext, error: unknown): JsonRpcError {
  const explained = explainFailure(error);
  if (explained !== null) return new JsonRpcError(ErrorCode.InvalidParams, explained);
  ctx.log.error({ err: error }, "MCP prompt request failed");
  return new JsonRpcError(ErrorCode.InternalError, `Unexpected server error (request id ${ctx.requestId})`);
}
