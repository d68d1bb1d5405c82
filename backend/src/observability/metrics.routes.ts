import type { FastifyPluginAsync } from "fastify";
import { AppError } from "../http/errors.js";
import { safeEqual } from "../lib/crypto.js";
import type { AppMetrics } from "./metrics.js";

const refused = () =>
  new AppError(401, "unauthorized", "Send the metrics token: Authorization: Bearer <METRICS_TOKEN>", {
    "www-authenticate": 'Bearer realm="metrics"',
  });

/**
 * `GET /metrics` in the Prometheus text format, for the metrics token only (not a user's
 * credentials: scrapers are not users). Registered only when METRICS_TOKEN is set; otherwise the
 * path is an ordinary 404. Kept out of the API description and of the request log, which a
 * scrape every few seconds would fill.
 */
export const metricsEndpoint: FastifyPluginAsync<{ token: string; metrics: AppMetrics }> = async (
  app,
  { token, metrics },
) => {
  app.get(
    "/metrics",
    { config: { auth: "none" }, logLevel: "warn", schema: { hide: true } },
    async (request, reply) => {
      const presented = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? "")?.[1];
      if (presented === undefined || !safeEqual(presented, token)) throw refused();
      const text = await metrics.registry.metrics();
      return reply.header("content-type", metrics.registry.contentType).send(text);
    },
  );
};
