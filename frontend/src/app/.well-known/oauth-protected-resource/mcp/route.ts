import { proxyHandlers } from "@/lib/server/backend-proxy";

// The same metadata at the path-suffixed address MCP clients try first for the resource /mcp.
export const dynamic = "force-dynamic";
export const { GET, HEAD, OPTIONS } = proxyHandlers;
