import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { ChangeFeedStatus } from "../../db/change-feed.js";
import type { Database } from "../../db/client.js";
import { changeFeedStatus, healthOk, healthQuery, healthUnavailable } from "./health.schemas.js";

const PING_TIMEOUT_MS = 2_000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

const feedReport = ({ state, failures, retryMs }: ChangeFeedStatus) => ({ state, failures, retry_ms: retryMs });

/**
 * Liveness (`/health/live`: the process answers; never touches the database, so a database
 * outage does not get every replica restarted) and readiness (`/health`: the database answers).
 */
export const healthRoutes: FastifyPluginAsyncZod<{ database: Database }> = async (app, { database }) => {
  app.get(
    "/health/live",
    {
      config: { auth: "public" },
      schema: {
        tags: ["health"],
        summary: "Liveness: the process answers (the database is not consulted)",
        security: [],
        response: { 200: healthOk },
      },
    },
    async () => ({ status: "ok" as const }),
  );

  app.get(
    "/health",
    {
      config: { auth: "public" },
      schema: {
        tags: ["health"],
        summary: "Readiness: the database answers",
        security: [],
        querystring: healthQuery,
        response: {
          200: healthOk.extend({ change_feed: changeFeedStatus.optional() }),
          503: healthUnavailable.extend({ change_feed: changeFeedStatus.optional() }),
        },
      },
    },
    async (request, reply) => {
      // The contract's bodies stay exactly as they are unless the caller asks for more.
      const extra = request.query.detail ? { change_feed: feedReport(database.changes.status()) } : {};
      try {
        await withTimeout(database.ping(), PING_TIMEOUT_MS);
        return { status: "ok" as const, ...extra };
      } catch (error) {
        request.log.warn({ err: error }, "health check: database unreachable");
        return reply.code(503).send({ status: "unavailable" as const, detail: "Database unreachable", ...extra });
      }
    },
  );
};
