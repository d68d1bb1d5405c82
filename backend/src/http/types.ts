import type { Config } from "../config.js";
import type { Db } from "../db/client.js";
import type { ApiKeyScope, AuditChannel, OAuthScope, Role } from "../db/schema.js";
import type { UsageRecorder } from "../modules/usage/usage.recorder.js";
import type { CallerLimits } from "./caller-limits.js";

export type AuthUser = {
  id: string;
  username: string;
  displayName: string | null;
  email: string | null;
  role: Role;
  teamId: string;
  isActive: boolean;
  /** Sessions signed under an earlier epoch have ended. */
  sessionEpoch: number;
};

/** Where a request came from, as the audit log records it. */
export type RequestOrigin = { requestId: string; clientAddress: string; channel: AuditChannel };

/** Who is calling, and through which door. */
export type Principal = {
  user: AuthUser;
  via: "jwt" | "cookie" | "api_key" | "operator" | "oauth";
  /** Set when the caller used an API key: its scopes bound what the call may do. */
  apiKey?: { id: string; scopes: ApiKeyScope[] };
  /**
   * Set when the caller used an OAuth access token (an IDE signed in through `/oauth`): its
   * scopes bound what the call may do, and it is good for its resource (`/mcp`) only.
   */
  oauth?: { grantId: string; clientId: string; scopes: OAuthScope[]; resource: string };
  /** The request this principal acts in; absent outside a request (tests calling services). */
  origin?: RequestOrigin;
};

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
