import type { Tool, ToolAnnotations } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import type { ApiKeyScope } from "../../db/schema.js";
import { assertCredentialScope } from "../../modules/access/access.service.js";
import type { McpContext } from "../mcp-context.js";

type ToolDefinition<Args extends z.ZodObject> = {
  name: string;
  title: string;
  description: string;
  /** Validates the call's arguments; also published as the tool's input schema. */
  args: Args;
  /** Scope the tool needs of an API key or OAuth access token. */
  scope: ApiKeyScope;
  annotations: Omit<ToolAnnotations, "title">;
  /** How to ask for less, told when a result is cut to size (see `capResult`). */
  whenCut?: string;
  /** Returns the result text; throws for failures, which become error results. */
  run(ctx: McpContext, args: z.output<Args>): Promise<string>;
};

export type McpTool = {
  name: string;
  /** What `tools/list` shows. */
  listing: Tool;
  /** How to ask for less when a result is too long to send whole. */
  whenCut: string;
  /** Checks scope and arguments, then runs the tool. */
  call(ctx: McpContext, rawArgs: unknown): Promise<string>;
};

function inputSchemaOf(args: z.ZodObject): Tool["inputSchema"] {
  const { $schema: _dialect, ...schema } = z.toJSONSchema(args, { io: "input" }) as Record<string, unknown>;
  return { ...schema, type: "object" };
}

export function defineTool<Args extends z.ZodObject>(definition: ToolDefinition<Args>): McpTool {
  return {
    name: definition.name,
    listing: {
      name: definition.name,
      title: definition.title,
      description: definition.description,
      inputSchema: inputSchemaOf(definition.args),
      annotations: { title: definition.title, ...definition.annotations },
    },
    whenCut: definition.whenCut ?? "ask for less in one call",
    async call(ctx, rawArgs) {
      assertCredentialScope(ctx.principal, definition.scope);
      return definition.run(ctx, definition.args.parse(rawArgs ?? {}));
    },
  };
}

/** Tools that only read: listing, searching, showing governance. */
export const READ_ONLY: Omit<ToolAnnotations, "title"> = {
  readOnlyHint: true,
  idempotentHint: true,
  openWorldHint: false,
};

/**
 * Expansion changes nothing the caller can see (it records a usage row), and what it returns
 * depends on prompts and policies that can change between calls.
 */
export const EXPANDS: Omit<ToolAnnotations, "title"> = {
  readOnlyHint: true,
  idempotentHint: false,
  openWorldHint: false,
};
