import type { FastifyInstance, FastifyRequest } from "fastify";
import { AppError } from "../../http/errors.js";

/**
 * One client address may make this many times the per-account attempts, spread over any
 * accounts: an office behind one NAT address signs many people in at once, and someone spraying
 * guesses over every account still meets a bound.
 */
export const ADDRESS_LIMIT_FACTOR = 5;

type AttemptLimitOptions = {
  /** The account an attempt is aimed at: a login name, a user id, an invitation token. */
  accountOf: (request: FastifyRequest) => string;
  /** Requests that guess nothing (a profile edit without a password) pass uncounted. */
  counts?: (request: FastifyRequest) => boolean;
};

/**
 * A preHandler (the body is parsed by then) that limits guesses at passwords and invitation
 * tokens per minute twice over: per client address across every account (the address comes
 * from X-Forwarded-For only through a trusted proxy, see TRUST_PROXY), and per account across
 * every address. Either limit reached gives 429 with Retry-After.
 */
export function limitAuthAttempts(app: FastifyInstance, { accountOf, counts }: AttemptLimitOptions) {
  const max = app.config.authRateLimitMax;
  // Without a key generator the plugin keys on the client address, IPv6 grouped by subnet.
  const perAddress = app.createRateLimit({ max: max * ADDRESS_LIMIT_FACTOR, timeWindow: "1 minute" });
  const perAccount = app.createRateLimit({ max, timeWindow: "1 minute", keyGenerator: accountOf });
  const limits = [
    { check: perAddress, what: "from this address" },
    { check: perAccount, what: "for this account" },
  ];
  return async (request: FastifyRequest) => {
    if (counts && !counts(request)) return;
    // An attempt refused by the first limit does not count against the second.
    for (const { check, what } of limits) {
      const result = await check(request);
      if (!result.isAllowed && result.isExceeded) {
        const seconds = Math.max(1, result.ttlInSeconds);
        throw new AppError(429, "rate_limited", `Too many attempts ${what}; try again in ${seconds} s`, {
          "retry-after": String(seconds),
        });
      }
    }
  };
}
