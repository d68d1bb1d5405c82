import { proxyHandlers } from "@/lib/server/backend-proxy";

// The browser's first stop when an IDE signs in. The backend answers with a redirect (to the
// consent page, or back to the IDE with an error), which the proxy passes on without following.
export const dynamic = "force-dynamic";
export const { GET, HEAD } = proxyHandlers;
