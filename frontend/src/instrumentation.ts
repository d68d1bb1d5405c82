/** Runs once when the server starts, before it handles requests. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { parseTrustProxy } = await import("@/lib/server/forwarding");
  const { recordPeerAddresses } = await import("@/lib/server/peer-address");
  // A mistyped TRUST_PROXY stops the server here rather than failing every proxied request.
  parseTrustProxy(process.env.TRUST_PROXY);
  recordPeerAddresses();
}
