import type {
  GetPromptResult,
  ListPromptsResult,
  PromptArgument,
  PromptMessage,
} from "@modelcontextprotocol/sdk/types.js";
import { unprocessable } from "../http/errors.js";
import { assertCredentialScope } from "../modules/access/access.service.js";
import { expandPrompt } from "../modules/expansion/expansion.service.js";
import { getLabeledVersion, getPrompt, pageServedPrompts } from "../modules/prompts/prompts.service.js";
import type { PromptDetail } from "../modules/prompts/prompts.types.js";
import { toPromptError } from "./errors.js";
import type { McpContext } from "./mcp-context.js";
import { decodePromptCursor, encodePromptCursor } from "./paging.js";
import { formatChecklist } from "./tools/sh-run.js";

type JsonSchema = Record<string, unknown>;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

function propertiesOf(schema: JsonSchema): Record<string, JsonSchema> {
  if (!isRecord(schema.properties)) return {};
  return Object.fromEntries(
    Object.entries(schema.properties).map(([name, property]) => [name, isRecord(property) ? property : {}]),
  );
}

/** The JSON type a property asks for, when it asks for something other than a string. */
function nonStringType(property: JsonSchema): string | null {
  const types = Array.isArray(property.type) ? property.type : [property.type];
  if (types.includes("string")) return null;
  const named = types.filter((type): type is string => typeof type === "string");
  return named.length > 0 ? named.join(" or ") : null;
}

const requiredOf = (schema: JsonSchema): unknown[] => (Array.isArray(schema.required) ? schema.required : []);

/**
 * MCP prompt arguments are strings: one per input-schema property, in the schema's order (IDEs
 * fill them by position), with a hint where JSON is expected and the default, if any. A property
 * with a default is never a required argument: the server fills it in.
 */
export function argumentsOf(schema: JsonSchema): PromptArgument[] {
  const required = requiredOf(schema);
  return Object.entries(propertiesOf(schema)).map(([name, property]) => {
    const jsonType = nonStringType(property);
    const given = typeof property.description === "string" ? property.description : undefined;
    const hints = [
      ...(jsonType ? [`JSON ${jsonType}`] : []),
      ...("default" in property ? [`default: ${JSON.stringify(property.default)}`] : []),
    ];
    const hint = hints.length > 0 ? hints.join("; ") : undefined;
    const description = given && hint ? `${given} (${hint})` : (given ?? hint);
    return {
      name,
      ...(description ? { description } : {}),
      required: required.includes(name) && !("default" in property),
    };
  });
}

/**
 * Argument values arrive as strings; where the schema wants a number, boolean, object or array,
 * a value that parses as JSON is passed parsed. Anything else stays a string, and input
 * validation then names the argument that does not fit. A value sent as JSON rather than as a
 * string is used as it is. An empty optional argument is left out, as IDEs send one for a field
 * left blank, so that the schema's default applies.
 */
export function inputFromArguments(schema: JsonSchema, args: Record<string, unknown>): Record<string, unknown> {
  const properties = propertiesOf(schema);
  const required = requiredOf(schema);
  const input: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(args)) {
    const property = properties[name];
    if (typeof value !== "string") {
      input[name] = value;
      continue;
    }
    if (value === "" && property && !required.includes(name)) continue;
    if (property && nonStringType(property) !== null) {
      try {
        input[name] = JSON.parse(value);
        continue;
      } catch {
        // Not JSON: left as text for validation to report.
      }
    }
    input[name] = value;
  }
  return input;
}

/** The argument naming a version by label: offered unless the input schema has a property of that name. */
export const LABEL_ARGUMENT = "label";

const labelArgument: PromptArgument = {
  name: LABEL_ARGUMENT,
  description: "Use the version this label points at (e.g. staging, or latest for the newest); default: production",
  required: false,
};

const declaresLabel = (schema: JsonSchema) => Object.hasOwn(propertiesOf(schema), LABEL_ARGUMENT);

/** A prompt's arguments: its input schema's properties, then `label` (see `LABEL_ARGUMENT`). */
function promptArgumentsOf(schema: JsonSchema): PromptArgument[] {
  return declaresLabel(schema) ? argumentsOf(schema) : [...argumentsOf(schema), labelArgument];
}

/** Prompts per `prompts/list` page: clients ask for the next with the `nextCursor` they were given. */
export const NATIVE_PAGE_SIZE = 50;

/**
 * `prompts/list`: the prompts the caller may expand, by name, a page at a time, with arguments
 * from each served version's input schema.
 */
export async function listNativePrompts(ctx: McpContext, cursor: string | undefined): Promise<ListPromptsResult> {
  try {
    const page = await pageServedPrompts(ctx.db, ctx.principal, {
      limit: NATIVE_PAGE_SIZE,
      after: cursor === undefined ? undefined : decodePromptCursor(cursor, ""),
    });
    return {
      prompts: nativeListing(page.items),
      ...(page.next ? { nextCursor: encodePromptCursor("", page.next) } : {}),
    };
  } catch (error) {
    throw toPromptError(ctx, error);
  }
}

function nativeListing(details: PromptDetail[]): ListPromptsResult["prompts"] {
  return details.flatMap(({ prompt, active }) =>
    active
      ? [
          {
            name: prompt.name,
            ...(prompt.description ? { description: prompt.description } : {}),
            arguments: promptArgumentsOf(active.inputSchema),
          },
        ]
      : [],
  );
}

/** The `label` argument, when the schema leaves that name free and a label is given, and the other arguments. */
function splitLabel(
  schema: JsonSchema,
  args: Record<string, unknown>,
): { label: string | undefined; rest: Record<string, unknown> } {
  if (declaresLabel(schema) || !Object.hasOwn(args, LABEL_ARGUMENT)) return { label: undefined, rest: args };
  const { [LABEL_ARGUMENT]: given, ...rest } = args;
  // IDEs send a field left blank as an empty string: the default version, then.
  if (given === undefined || given === null || given === "") return { label: undefined, rest };
  if (typeof given !== "string") throw unprocessable("label: must be a label name such as 'staging'", "invalid_label");
  return { label: given, rest };
}

const userMessage = (text: string): PromptMessage => ({ role: "user", content: { type: "text", text } });

/** `prompts/get`: expands the prompt like sh-run, under the caller's governance. */
export async function getNativePrompt(
  ctx: McpContext,
  name: string,
  args: Record<string, unknown>,
): Promise<GetPromptResult> {
  try {
    assertCredentialScope(ctx.principal, "expand");
    const detail = await getPrompt(ctx.db, ctx.principal, name);
    const served = detail.active ?? detail.latest;
    const { label, rest } = splitLabel(served?.inputSchema ?? {}, args);
    // The arguments are converted by the schema of the version that will render them.
    const schema = label
      ? (await getLabeledVersion(ctx.db, ctx.principal, name, label)).inputSchema
      : served?.inputSchema;
    const input = inputFromArguments(schema ?? {}, rest);
    const expansion = await expandPrompt(
      ctx.db,
      ctx.principal,
      { name, input, label },
      { usage: ctx.usage, channel: "mcp_prompt" },
    );
    const request =
      expansion.validations.length > 0
        ? `${expansion.userMessage}\n\n${formatChecklist(expansion.validations)}`
        : expansion.userMessage;
    // MCP prompt messages only have the user and assistant roles. The system text (the template's
    // and the prepend policies') goes first as its own user message, so clients that replay the
    // messages keep it ahead of the request it governs.
    const messages = [
      ...(expansion.systemMessage !== null ? [userMessage(expansion.systemMessage)] : []),
      userMessage(request),
    ];
    return {
      description: `${expansion.promptName} v${expansion.promptVersion}`,
      messages,
    };
  } catch (error) {
    throw toPromptError(ctx, error);
  }
}
