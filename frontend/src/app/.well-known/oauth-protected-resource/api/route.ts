import { proxyHandlers } from "@/lib/server/backend-proxy";

// The REST API's resource metadata (RFC 9728), which `spechub login` reads to sign in for /api.
export const dynamic = "force-dynamic";
export const { GET, HEAD, OPTIONS } = proxyHandlers;
