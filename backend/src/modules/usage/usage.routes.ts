import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { authErrors } from "../../http/schemas.js";
import { requireUser } from "../access/access.service.js";
import { toUsageEventResponse, toUsageQuery, usageEventsQuery, usageEventsResponse } from "./usage.schemas.js";
import { listUsageEvents } from "./usage.service.js";

export const usageRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/events",
    {
      schema: {
        tags: ["usage"],
        summary: "Read the expansion log, newest first",
        description:
          "One event per expansion (REST, MCP tool, MCP prompt, workflow step; previews are not recorded): who, " +
          "which team and project, which prompt version and label, through which channel, how it ended (the error " +
          "and its message), how long it took and how much went in and out. Admins read every event; team owners " +
          "those of the teams they manage (the caller's team at the time) and their own; everyone else their own " +
          "(403 `usage_forbidden` when asking for another user's). Filters narrow that. Pages follow `next_cursor`. " +
          "422 `invalid_time_range` when `from` is not earlier than `to`.",
        querystring: usageEventsQuery,
        response: { 200: usageEventsResponse, ...authErrors },
      },
    },
    async (request) => {
      const { from, to, cursor, limit } = request.query;
      const page = await listUsageEvents(
        app.db,
        requireUser(request.principal),
        { ...toUsageQuery(request.query), from, to },
        { cursor, limit },
      );
      return { items: page.items.map(toUsageEventResponse), next_cursor: page.nextCursor };
    },
  );
};
