import type { Socket } from "node:net";
import type { FastifyInstance } from "fastify";

/**
 * When the app closes, drops the connections that never carried a request. Node waits for them
 * (a request might still come), and HTTP clients open such spare connections, for instance when
 * an event stream is aborted, and keep them for as long as their idle timeout (up to the
 * keep-alive timeout we announce): shutdown would wait that long for nothing. Connections that
 * carried requests are closed by the server once idle, as before.
 */
export function dropUnusedConnectionsOnClose(app: FastifyInstance): void {
  const unused = new Set<Socket>();
  app.server.on("connection", (socket: Socket) => {
    unused.add(socket);
    socket.once("close", () => unused.delete(socket));
  });
  app.server.on("request", (request: { socket: Socket }) => {
    unused.delete(request.socket);
  });
  app.addHook("preClose", async () => {
    for (const socket of unused) socket.destroy();
    unused.clear();
  });
}
