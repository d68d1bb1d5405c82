import type { FastifyBaseLogger } from "fastify";
import type { Db } from "../db/client.js";
import type { Principal } from "../http/types.js";
import type { UsageRecorder } from "../modules/usage/usage.recorder.js";
import type { McpSession } from "./sessions.service.js";

/** Everything an MCP request's handlers need: one per HTTP request, like the server that uses it. */
export type McpContext = {
  db: Db;
  usage: UsageRecorder;
  log: FastifyBaseLogger;
  requestId: string;
  /** Null for anonymous callers: they see public prompts and workflows, without governance. */
  principal: Principal | null;
  /** Null when the client sent no session id. */
  session: McpSession | null;
};
