/** Runs once when the server starts, before it handles requests. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { parseTrustProxy } = await import("@/lib/server/forwarding");
  const { recordPeerAddresses } = await import("@/lib/server/peer-address");
  try {
    parseTrustProxy(process.env.TRUST_PROXY);
  } catch (error) {
    // As the backend does with bad settings: stop, saying why, rather than fail every request.
    console.error(`spechub web UI: ${(error as Error).message}`);
    process.exit(1);
  }
  recordPeerAddresses();
}
