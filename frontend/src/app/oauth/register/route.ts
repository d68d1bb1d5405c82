import { proxyHandlers } from "@/lib/server/backend-proxy";

// Dynamic client registration (RFC 7591): an IDE registers itself before signing in.
export const dynamic = "force-dynamic";
export const { POST, OPTIONS } = proxyHandlers;
