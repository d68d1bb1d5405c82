import type { FastifyInstance, FastifyRequest } from "fastify";
import { AppError } from "../../http/errors.js";

/** Per-route limit for password and invitation endpoints: brute force gets a 429 with Retry-After. */
export function authRateLimit(app: FastifyInstance, keyGenerator: (request: FastifyRequest) => string) {
  return {
    max: app.config.authRateLimitMax,
    timeWindow: "1 minute",
    keyGenerator,
    errorResponseBuilder: (_request: FastifyRequest, context: { after: string; ttl: number }) =>
      new AppError(429, "rate_limited", `Too many attempts; try again in ${context.after}`, {
        "retry-after": String(Math.max(1, Math.ceil(context.ttl / 1000))),
      }),
  };
}
