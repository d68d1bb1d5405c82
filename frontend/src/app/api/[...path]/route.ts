import { proxyHandlers } from "@/lib/server/backend-proxy";

// Every /api/* request goes to the backend; nothing under /api is answered by Next itself.
export const dynamic = "force-dynamic";
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = proxyHandlers;
