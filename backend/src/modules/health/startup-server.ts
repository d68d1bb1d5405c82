import type { AddressInfo } from "node:net";
import Fastify, { type FastifyBaseLogger, LogController } from "fastify";
import type { Config } from "../../config.js";

export type StartupServer = {
  /** The process's logger until the app has its own (same level and format). */
  log: FastifyBaseLogger;
  /** The port actually listened on (PORT=0 picks one): the app takes it over. */
  port: number;
  /** What start-up is busy with, as `/health` reports it. */
  setPhase(phase: string): void;
  close(): Promise<void>;
};

/** How long clients are asked to wait before trying again while the backend starts. */
const RETRY_AFTER_SECONDS = 5;

/**
 * Answers on the backend's port while it starts, before the database is there and migrated:
 * `/health/live` says the process is up, so liveness probes leave it alone through a database
 * outage; `/health` and every other path answer 503 naming what start-up is waiting for. The
 * app itself needs the database to be built (its session secret is stored there), so it takes
 * the port over once ready.
 */
export async function listenWhileStarting(config: Pick<Config, "port" | "host" | "logLevel">): Promise<StartupServer> {
  // Probes ask every few seconds: the log keeps to what start-up is waiting for.
  const server = Fastify({
    logger: { level: config.logLevel },
    logController: new LogController({ disableRequestLogging: true }),
  });
  let phase = "opening the database";
  server.get("/health/live", async () => ({ status: "ok" }));
  server.get("/health", async (_request, reply) =>
    reply
      .code(503)
      .header("retry-after", RETRY_AFTER_SECONDS)
      .send({ status: "unavailable", detail: `Starting: ${phase}` }),
  );
  server.setNotFoundHandler(async (_request, reply) =>
    reply
      .code(503)
      .header("retry-after", RETRY_AFTER_SECONDS)
      .send({ detail: `SpecHub is starting (${phase}); try again shortly`, code: "starting" }),
  );
  await server.listen({
    port: config.port,
    host: config.host,
    listenTextResolver: (address) => `Starting at ${address}: /health answers 503 until the database is ready`,
  });
  return {
    log: server.log,
    port: (server.server.address() as AddressInfo).port,
    setPhase: (next) => {
      phase = next;
    },
    close: () => server.close(),
  };
}
