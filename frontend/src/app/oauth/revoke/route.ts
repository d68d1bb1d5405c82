import { proxyHandlers } from "@/lib/server/backend-proxy";

// Token revocation (RFC 7009): an IDE signing out.
export const dynamic = "force-dynamic";
export const { POST, OPTIONS } = proxyHandlers;
