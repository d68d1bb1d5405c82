import type { Socket } from "node:net";
import type { FastifyInstance } from "fastify";

/** How long a connection that opens while the app is closing has to start its request. */
const LATE_CONNECTION_GRACE_MS = 500;

/**
 * When the app closes, drops the connections that never carried a request. Node waits for them
 * (a request might still come), and HTTP clients open such spare connections, for instance when
 * an event stream is aborted, and keep them for as long as their idle timeout (up to the
 * keep-alive timeout we announce): shutdown would wait that long for nothing. Connections that
 * carried requests are closed by the server once idle, as before.
 *
 * Other preClose hooks take a moment (ending event streams waits for their clients), and the
 * clients of those streams open spare connections meanwhile: a connection that opens while the
 * app is closing is dropped too unless it starts a request within a short grace.
 */
export function dropUnusedConnectionsOnClose(app: FastifyInstance): void {
  const unused = new Set<Socket>();
  let closing = false;
  app.server.on("connection", (socket: Socket) => {
    unused.add(socket);
    socket.once("close", () => unused.delete(socket));
    if (closing) {
      setTimeout(() => {
        if (unused.has(socket)) socket.destroy();
      }, LATE_CONNECTION_GRACE_MS).unref();
    }
  });
  app.server.on("request", (request: { socket: Socket }) => {
    unused.delete(request.socket);
  });
  app.addHook("preClose", async () => {
    closing = true;
    for (const socket of unused) socket.destroy();
  });
}
