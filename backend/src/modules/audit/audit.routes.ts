import { Readable } from "node:stream";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { z } from "zod";
import type { auditEvents } from "../../db/schema.js";
import { authErrors } from "../../http/schemas.js";
import { requireUser } from "../access/access.service.js";
import { auditListQuery, auditListResponse, toAuditEventResponse } from "./audit.schemas.js";
import { exportAuditEvents, listAuditEvents } from "./audit.service.js";

async function* jsonLines(batches: AsyncIterable<(typeof auditEvents.$inferSelect)[]>): AsyncGenerator<string> {
  for await (const batch of batches) {
    yield batch.map((row) => `${JSON.stringify(toAuditEventResponse(row))}\n`).join("");
  }
}

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  // Read-only by design: no route changes or deletes an event (retention pruning is internal).
  app.get(
    "",
    {
      schema: {
        tags: ["audit"],
        summary: "Read the audit log, newest first",
        description:
          "Who changed what, when, through which channel. Admins read every event; team owners the events of the " +
          "teams they manage; everyone their own actions (`actor` = their id) and the history of a prompt or " +
          "workflow they own (`target_type` and `target_id`). Pages follow `next_cursor`. With `format=jsonl` the " +
          "answer is every matching event as JSON Lines (`application/x-ndjson`), without paging.",
        querystring: auditListQuery,
        response: { 200: auditListResponse, ...authErrors },
      },
    },
    async (request, reply) => {
      const principal = requireUser(request.principal);
      const { actor, target_type, target_id, action, from, to, cursor, limit, format } = request.query;
      const query = { actor, targetType: target_type, targetId: target_id, action, from, to };
      if (format === "jsonl") {
        const batches = await exportAuditEvents(app.db, principal, query);
        // A stream is sent as it is, never through the JSON serializer the 200 schema types.
        const lines = Readable.from(jsonLines(batches)) as unknown as z.infer<typeof auditListResponse>;
        return reply.type("application/x-ndjson").send(lines);
      }
      const page = await listAuditEvents(app.db, principal, query, { cursor, limit });
      return { items: page.items.map(toAuditEventResponse), next_cursor: page.nextCursor };
    },
  );
};
