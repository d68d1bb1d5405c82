import type { Config } from "../config.js";
import type { Db } from "../db/client.js";
import type { ApiKeyScope } from "../db/schema.js";
import type { UsageRecorder } from "../modules/usage/usage.recorder.js";
import type { CallerLimits } from "./caller-limits.js";
import type { Principal } from "./principal.js";

export type { AuthUser, Principal, RequestOrigin } from "./principal.js";

/**
 * `public`: anyone, credentials optional (still validated when sent);
 * `user`: any signed-in caller (the default); `admin`: admins only;
 * `none`: no caller is identified, the route checks a credential of its own (`/metrics`).
 */
export type AuthMode = "public" | "user" | "admin" | "none";

declare module "fastify" {
  interface FastifyInstance {
    db: Db;
    config: Config;
    /** Records expansions (REST, MCP, workflows) off the request path. */
    usage: UsageRecorder;
    /** Per-caller rate limits on expensive work, shared by REST routes and MCP tools. */
    callerLimits: CallerLimits;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    auth?: AuthMode;
    /** Scope an API key or OAuth token needs here; defaults to `read` for GET/HEAD and `write` otherwise. */
    scope?: ApiKeyScope;
    /**
     * A POST that changes nothing (a check, a preview, an expansion): it writes no audit event.
     * The OpenAPI document marks it `x-read-only`, and the audit coverage test passes it by.
     */
    readOnly?: boolean;
  }
}
