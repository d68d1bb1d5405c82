import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import {
  type CallToolResult,
  ErrorCode,
  type JSONRPCRequest,
  type ServerResult,
} from "@modelcontextprotocol/sdk/types.js";
import { AjvJsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/ajv";
import { z } from "zod";
import { findNulCharacter, NUL_MESSAGE } from "../http/text-input.js";
import { SERVICE_VERSION } from "../version.js";
import { JsonRpcError, toolFailureText } from "./errors.js";
import type { McpContext } from "./mcp-context.js";
import { getNativePrompt, listNativePrompts } from "./native-prompts.js";
import { takeSessionContext } from "./session-context.js";
import { capResult } from "./text-format.js";
import { shContext } from "./tools/sh-context.js";
import { shList } from "./tools/sh-list.js";
import { shRun } from "./tools/sh-run.js";
import { shSearch } from "./tools/sh-search.js";
import { shWorkflowList } from "./tools/sh-workflow-list.js";
import { shWorkflowRun } from "./tools/sh-workflow-run.js";
import type { McpTool } from "./tools/tool.js";

export const SERVER_NAME = "Prompt Control Plane";
/** Follows the API's version (see the OpenAPI document). */

export const BASE_INSTRUCTIONS =
  "PCP is a prompt registry. Use sh-list to see available prompts, sh-search to find prompts by name, description " +
  "or tag, and sh-run to expand a specific prompt with your input (e.g. sh-run name='commit' input='...'). Use " +
  "sh-workflow-list to see available workflows and sh-workflow-run to execute a multi-step prompt pipeline by name. " +
  "The same prompts are offered as MCP prompts (slash commands in most clients), expanded the same way. " +
  "When you authenticate (with an API key), your policies and objectives (your own, your team's and those of the " +
  "teams above it) apply to every expansion and are automatically injected into the first tool response of each " +
  "session — no need to fetch them separately; sh-context shows them at any time.";

const ANONYMOUS_NOTE =
  "You are not authenticated: only public prompts and workflows are available, and no governance applies.";

/** What `initialize` tells the client; the caller's session context is included for clients without sessions. */
export function instructionsFor(sessionContext: string | null): string {
  return sessionContext === null
    ? `${BASE_INSTRUCTIONS}\n\n${ANONYMOUS_NOTE}`
    : `${BASE_INSTRUCTIONS}\n\n${sessionContext}`;
}

export const TOOLS: readonly McpTool[] = [shList, shSearch, shContext, shRun, shWorkflowList, shWorkflowRun];
const toolsByName = new Map(TOOLS.map((tool) => [tool.name, tool]));

/** Compiling the JSON-schema validator is the costly part of a server; every request's server shares one. */
const validator = new AjvJsonSchemaValidator();

/**
 * The session context goes in front of the first tool result of each session, failures included.
 * Every result is capped here (`capResult`), so no tool can flood a model's context.
 */
async function callTool(ctx: McpContext, name: string, rawArgs: unknown): Promise<CallToolResult> {
  const tool = toolsByName.get(name);
  if (!tool) throw new JsonRpcError(ErrorCode.InvalidParams, `Unknown tool: ${name}`);
  let text: string;
  let isError = false;
  try {
    text = await tool.call(ctx, rawArgs);
  } catch (error) {
    text = toolFailureText(ctx, name, error);
    isError = true;
  }
  const context = await takeSessionContext(ctx);
  return {
    content: [{ type: "text", text: capResult(context === null ? text : `${context}\n\n${text}`, tool.whenCut) }],
    ...(isError ? { isError: true } : {}),
  };
}

const requiredText = z.string({ error: (issue) => (issue.input === undefined ? "is required" : "must be a string") });

const callToolParams = z.object({
  name: requiredText,
  arguments: z.record(z.string(), z.unknown(), { error: "must be an object" }).optional(),
});

// The protocol says argument values are strings, but some clients send a JSON object where the
// prompt's schema asks for one: those are used rather than refused (see native-prompts.ts).
const promptArgument = z.union([z.string(), z.record(z.string(), z.unknown())], {
  error: "must be a string or a JSON object",
});

const listPromptsParams = z.object({ cursor: z.string({ error: "must be a string" }).optional() });

const getPromptParams = z.object({
  name: requiredText,
  arguments: z.record(z.string(), promptArgument, { error: "must be an object" }).optional(),
});

/**
 * A request's params, checked here rather than by the SDK, whose failures reach the client as
 * -32603 with a raw validation dump: -32602 naming each field. No text may carry a NUL character
 * (the database cannot store one), arguments included.
 */
function paramsOf<T extends z.ZodType>(schema: T, params: unknown): z.output<T> {
  const nul = findNulCharacter(params);
  if (nul) throw new JsonRpcError(ErrorCode.InvalidParams, `Invalid params: ${nul.join(".")}: ${NUL_MESSAGE}`);
  const parsed = schema.safeParse(params ?? {});
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) =>
    issue.path.length > 0 ? `${issue.path.join(".")}: ${issue.message}` : issue.message,
  );
  throw new JsonRpcError(ErrorCode.InvalidParams, `Invalid params: ${problems.join("; ")}`);
}

/**
 * Our methods; the SDK answers `initialize` and `ping` itself, and anything else is unknown.
 * Lone `tools/call` and `prompts/get` requests come here without the SDK (see direct-calls.ts).
 */
export async function answerMcpRequest(ctx: McpContext, request: JSONRPCRequest): Promise<ServerResult> {
  switch (request.method) {
    case "tools/list":
      return { tools: TOOLS.map((tool) => tool.listing) };
    case "tools/call": {
      const params = paramsOf(callToolParams, request.params);
      return callTool(ctx, params.name, params.arguments);
    }
    case "prompts/list":
      return listNativePrompts(ctx, paramsOf(listPromptsParams, request.params).cursor);
    case "prompts/get": {
      const params = paramsOf(getPromptParams, request.params);
      return getNativePrompt(ctx, params.name, params.arguments ?? {});
    }
    default:
      throw new JsonRpcError(ErrorCode.MethodNotFound, "Method not found");
  }
}

/**
 * An MCP server for one HTTP request. Nothing lives in it between requests: the session, if any,
 * is in the database, so any replica can answer any request.
 */
export function createMcpServer(ctx: McpContext, options: { instructions?: string } = {}): Server {
  const server = new Server(
    { name: SERVER_NAME, version: SERVICE_VERSION },
    {
      // Changes are announced on the event stream (GET /mcp, see event-stream.ts).
      capabilities: { tools: { listChanged: true }, prompts: { listChanged: true } },
      instructions: options.instructions,
      jsonSchemaValidator: validator,
    },
  );
  // Every method of ours goes through one handler, so their params are checked our way.
  server.fallbackRequestHandler = async (request) => answerMcpRequest(ctx, request);
  return server;
}
