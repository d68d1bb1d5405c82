import { proxyHandlers } from "@/lib/server/backend-proxy";

// The backend's health, not the frontend's: a probe through this port checks the whole path.
export const dynamic = "force-dynamic";
export const { GET, HEAD } = proxyHandlers;
