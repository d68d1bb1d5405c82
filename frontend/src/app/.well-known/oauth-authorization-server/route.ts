import { proxyHandlers } from "@/lib/server/backend-proxy";

// OAuth authorization server metadata (RFC 8414): the endpoints below, as the backend names them.
export const dynamic = "force-dynamic";
export const { GET, HEAD, OPTIONS } = proxyHandlers;
