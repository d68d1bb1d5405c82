import type { FastifyInstance, FastifyRequest } from "fastify";
import { AppError } from "./errors.js";

/** Who a per-caller limit counts: the signed-in user, whatever key or token they use; else the client address. */
export const callerKey = (request: FastifyRequest): string =>
  request.principal ? `user:${request.principal.user.id}` : `ip:${request.ip}`;

/**
 * Counts one call for the request's caller; throws a 429 AppError with Retry-After once the caller
 * has used up the minute. Works as a route's `preHandler`, and can be called from inside any
 * handler (an MCP `tools/call`), so that every door to the same work shares one budget.
 */
export type CallerLimit = (request: FastifyRequest) => Promise<void>;

export type CallerLimits = {
  /** Prompt expansions: REST `POST /expand/…` (and MCP expansion tools). */
  expand: CallerLimit;
  /** Workflow runs: REST `POST /workflows/{id}/run` (and MCP `sh-workflow-run`). */
  workflowRun: CallerLimit;
};

/**
 * A limit of `max` calls a minute per caller, counted in this process; 0 turns it off. `what`
 * names the calls in the 429's message ("expansions").
 */
export function createCallerLimit(app: FastifyInstance, what: string, max: number): CallerLimit {
  if (max === 0) return async () => {};
  const count = app.createRateLimit({ max, timeWindow: "1 minute", keyGenerator: callerKey });
  return async (request) => {
    const result = await count(request);
    if (result.isAllowed || !result.isExceeded) return;
    const seconds = Math.max(1, result.ttlInSeconds);
    throw new AppError(
      429,
      "rate_limited",
      `Too many ${what}: at most ${max} a minute per caller; try again in ${seconds} s`,
      { "retry-after": String(seconds) },
    );
  };
}

/** The app's per-caller limits, as configured (`EXPAND_RATE_LIMIT_MAX`, `WORKFLOW_RUN_RATE_LIMIT_MAX`). */
export function createCallerLimits(app: FastifyInstance): CallerLimits {
  return {
    expand: createCallerLimit(app, "expansions", app.config.expandRateLimitMax),
    workflowRun: createCallerLimit(app, "workflow runs", app.config.workflowRunRateLimitMax),
  };
}
