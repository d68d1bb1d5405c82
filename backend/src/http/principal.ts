import type { ApiKeyScope, AuditChannel, OAuthScope, Role } from "../db/schema.js";

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
