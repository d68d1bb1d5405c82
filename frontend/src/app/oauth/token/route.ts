import { proxyHandlers } from "@/lib/server/backend-proxy";

// Where IDEs trade an authorization code, or a refresh token, for tokens.
export const dynamic = "force-dynamic";
export const { POST, OPTIONS } = proxyHandlers;
