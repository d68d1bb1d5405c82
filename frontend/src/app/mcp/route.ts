import { proxyHandlers } from "@/lib/server/backend-proxy";

// MCP Streamable HTTP: POST messages, GET for the server-sent event stream, DELETE to end a session.
export const dynamic = "force-dynamic";
export const { GET, POST, DELETE, OPTIONS } = proxyHandlers;
