import type { FastifyRequest } from "fastify";
import type { Config } from "../config.js";

/**
 * The address users and IDEs reach SpecHub at: `PUBLIC_URL` when set, else the scheme and host
 * the request was addressed to. Those are believed only from a trusted proxy (`TRUST_PROXY`; the
 * web UI forwards them), so a client cannot make the server name another site as itself.
 */
export function publicBaseUrl(request: FastifyRequest, config: Pick<Config, "publicUrl">): string {
  return config.publicUrl ?? `${request.protocol}://${request.host}`;
}

/** The MCP endpoint's resource identifier (RFC 8707): what OAuth access tokens are bound to. */
export const mcpResourceUrl = (baseUrl: string) => `${baseUrl}/mcp`;
