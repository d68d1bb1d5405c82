import { proxyHandlers } from "@/lib/server/backend-proxy";

// OAuth protected resource metadata (RFC 9728): where an IDE learns which server signs it in for /mcp.
export const dynamic = "force-dynamic";
export const { GET, HEAD, OPTIONS } = proxyHandlers;
